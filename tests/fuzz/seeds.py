#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the test fixtures.

usage: seeds.py SOURCE_ROOT SAMPLE_SNAPSHOT OUT_DIR

Seeds are made at run time, from files that are already in the tree
(data/lists among them) or in the build (the sample snapshot), so that no
copy of them is committed.  One folder per target under OUT_DIR.
"""
import csv
import glob
import gzip
import io
import os
import sqlite3
import struct
import sys
import tempfile
import zlib

SRC, SAMPLE, OUT = sys.argv[1:4]


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def scenarios():
    """(file name, text, [(key, value)]) of every scenario file."""
    out = []
    for path in sorted(glob.glob(os.path.join(SRC, "tests/scenarios/*.scn"))):
        text = read(path).decode("utf-8")
        kv = []
        for line in text.splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                kv.append((k.strip(), v.strip()))
        out.append((os.path.basename(path), text, kv))
    return out


# CSV ingest: the sample list, the small CSL samples of data/lists, gzip.
sample_csv = os.path.join(SRC, "data/sample/entity-list-sample.csv")
put("csv_ingest", "entity-list-sample.csv", read(sample_csv))
put("csv_ingest", "entity-list-sample.csv.gz",
    gzip.compress(read(sample_csv), mtime=0))
lines = read(sample_csv).split(b"\n")
put("csv_ingest", "header-only.csv", lines[0] + b"\n")
put("csv_ingest", "three-rows.csv", b"\n".join(lines[:4]) + b"\n")
for name in ("sample-2025.csv", "sample-2019-old-layout.csv"):
    with gzip.open(os.path.join(SRC, "data", "lists", "csl", name + ".gz")) as f:
        put("csv_ingest", name, f.read())

# Snapshots: the sample as is, its database image, its name index.
snap = read(SAMPLE)
put("snapshot", "sample.ecsnap", snap)
put("snapshot", "header.bin", snap[:56])
plen = struct.unpack("<I", snap[24:28])[0]
# One zlib stream, or two (flag bit 0): inflate until the payload ends.
payload, image = snap[56 + plen:], b""
while payload:
    d = zlib.decompressobj()
    image += d.decompress(payload)
    payload = d.unused_data
put("snapshot", "sample.sqlite", image)
with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "sample.sqlite")
    with open(db, "wb") as f:
        f.write(image)
    con = sqlite3.connect(db)
    blob = con.execute(
        "SELECT data FROM blob WHERE name = 'names'").fetchone()[0]
    con.close()
put("snapshot", "sample.ecix", bytes(blob))

# Queries and screen rows: names, aliases, countries and addresses of the
# sample entries, and the parties of the scenarios.
with open(sample_csv, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
for i, r in enumerate(rows):
    alias = (r.get("alt_names") or "").split(";")[0].strip()
    addr = (r.get("addresses") or "").split(";")[0].strip()
    country = addr[-2:] if len(addr) >= 2 else ""
    put("query", "entry-%02d" % i, "\n".join([r["name"], alias or r["name"],
                                             country, addr]))
put("query", "person", "Given Middle Surname\nSURNAME, Given Middle\nRU\n")
put("query", "acronym",
    "A.B.C. GmbH\nABC Gesellschaft mit beschränkter Haftung")
put("query", "cyrillic", "Юрий Гагарин\nYuri Gagarin\nRU\nМосква")
put("query", "facts", "Omid Abedshahi\nABEDSHAHI, Omid\nIR\nTehran\n"
    "1983-01-21\nIranian\nB-3073 9724\nPassport\nperson")
put("query", "bad-facts", "Huawei\nHuawei\nCN\n\n1983-13\nAtlantis\nABC\n\nvessel")
put("query", "invalid-utf8", b"Hua\xffwei \xc3\x28Tech\nHuawei\nC\xffN\n")

rows_out = []
for name, text, kv in scenarios():
    # The scenario itself is a decision input.
    put("decision", name, text)
    party = country = item = date = ""
    for k, v in kv:
        if k == "party":
            party = v
        elif k == "country":
            country = v
        elif k == "item":
            item = v
        elif k == "date":
            date = v
    row = "\t".join([party, country, item, date])
    rows_out.append(row)
    put("screen_row", name, row)
    put("query", name, party)
put("screen_row", "all-rows", "\n".join(rows_out[:8]))

# License registers.
reg = read(os.path.join(SRC, "tests/scenarios/licenses/register.csv"))
put("licenses", "register.csv", reg)
put("licenses", "header-only.csv", reg.split(b"\n")[0] + b"\n")
put("licenses", "quoted.csv",
    b'license_number,holder,consignee,items,valid_from,valid_to,notes\n'
    b'"D1","Example Components Inc.","ecs-el-0001","3A001.a; EAR99",'
    b'2019-01-01,,"a ""quoted"" note"\n')

# Cleared-hits registers.
creg = read(os.path.join(SRC, "tests/cleared/register.csv"))
put("cleared", "register.csv", creg)
put("cleared", "header-only.csv", creg.split(b"\n")[0] + b"\n")
put("cleared", "semicolons.csv", creg.replace(b",", b";"))

# Rules: each file, and all of them in one.
allrules = b""
for path in sorted(glob.glob(os.path.join(SRC, "data/rules/*.rules"))):
    put("rules", os.path.basename(path), read(path))
    allrules += read(path) + b"\n"
put("rules", "all.rules", allrules)

# serve's request bodies: the first byte picks the parser (c: POST /check,
# m: POST /match, s: /screen CSV, j: /screen JSON Lines).
import json as _json
put("serve_query", "check", "c" + _json.dumps({
    "parties": [{"name": "Huawei Technologies Co., Ltd.", "country": "CN",
                 "role": "end_user", "address": "Shenzhen"}],
    "item": "EAR99", "date": "2019-06-01", "origin": "foreign",
    "us_content": 30, "activities": ["existing_handset_support"],
    "facts": ["food_medicine"], "device_date": "2019-04-01",
    "supplier": "Example Components Inc.",
    "licenses": [{"license_number": "D1", "holder": "Example Components "
                  "Inc.", "consignee": "ecs-el-0001", "items": "EAR99",
                  "valid_from": "2019-01-01"}]}))
put("serve_query", "check-ref", 'c{"parties":[{"name":"SMIC"}],'
    '"licenses":"main","contract_date":"2020-01-01"}')
put("serve_query", "match-doc", "m" + _json.dumps({"queries": {
    "entity1": {"schema": "Person", "properties": {
        "name": ["John Doe"], "birthDate": ["1975-04-21"],
        "nationality": ["us"]}},
    "entity2": {"schema": "Company", "properties": {
        "name": ["Brilliant Amazing Limited"], "jurisdiction": ["hk"],
        "registrationNumber": ["84BA99810"]}}}}))
put("serve_query", "match-parts", "m" + _json.dumps({"queries": {"q": {
    "schema": "Person", "properties": {"firstName": ["Aleksandr"],
                                       "lastName": ["Zacharov"],
                                       "alias": "Sasha"}}},
    "weights": {"name_literal": 0.8}}))
put("serve_query", "check-facts", "c" + _json.dumps({
    "parties": [{"name": "Kovalenko Arkadiy", "dob": "1968-03-14",
                 "nationality": "Russian", "id_number": "4509 123456",
                 "id_type": "Passport", "type": "person"},
                {"name": "Huawei", "type": "organization",
                 "nationality": "CN"}], "date": "2021-01-10"}))
put("serve_query", "match-facts", "m" + _json.dumps({"queries": {
    "p": {"schema": "Person", "properties": {
        "name": ["Wrong Name"], "idNumber": ["4509123456", "X1"],
        "birthDate": ["1968-03-14", "1968"], "nationality": "ru"}},
    "o": {"schema": "Organization", "properties": {
        "name": "Huawei", "idNumber": "91440300"}}}}))
put("serve_query", "screen-csv", "sid,name,country,item,date\n"
    "a1,Huawei Technologies Co. Ltd.,CN,EAR99,2019-06-01\n"
    'a2,"Quoted, Name",US,,\n')
put("serve_query", "screen-jsonl", 'j{"name":"Huawei","id":"x"}\n'
    '{"name":"ZTE","activity":["a","b"],"us_content":12}\n')
