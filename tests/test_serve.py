#!/usr/bin/env python3
"""End-to-end tests of `entitycheck serve`: the server is started on a free
loopback port and spoken to over HTTP as a client would.

Every endpoint with its errors (bad JSON, unknown fields, oversize bodies,
wrong methods, a missing token), the same JSON as the command's --json,
the yente-shaped /match replayed with requests shaped like yente's
documentation, hot reloads (SIGHUP, POST /admin/reload, a renamed file, a
damaged file that must leave the old snapshot serving), snapshots swapped
under concurrent load (every answer consistent with one snapshot, none
failed) and a clean SIGTERM drain.

usage: python3 tests/test_serve.py BUILD_DIR [unittest options]
Skipped (exit 77) only when the tool was built without `serve`.
"""
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

from toolpaths import (TOOL, SAMPLE_SNAP, RULES, SAMPLE_CSV,
                       build_snapshot)

# A name listed only in snapshot B: /search tells the two snapshots apart.
ONLY_IN_B = "Zyxwvut Kestrel Instruments Limited"
CREATED_A, CREATED_B = 1600000000, 1700000000
# A listed person with a full date of birth, a nationality and a passport
# (snapshot P: the sample lists no person), for the identifying facts.
PERSON_ID = "ecs-test-person"
PERSON = "KOVALENKO, Arkadiy Petrovich"
PERSON_DOB, PERSON_NAT, PERSON_PASSPORT = "1968-03-14", "RU", "4509123456"
ISO_A, ISO_B = "2020-09-13T12:26:40Z", "2023-11-14T22:13:20Z"


def run(*args, **kw):
    env = dict(os.environ)
    env.pop("ENTITYCHECK_SNAPSHOT", None)
    return subprocess.run([TOOL, *args], capture_output=True, env=env,
                          timeout=300, **kw)


def compact(pretty):
    """The command's pretty --json bytes without the whitespace between
    tokens: what the server writes for the same answer."""
    out, in_str, esc = bytearray(), False, False
    for c in pretty:
        if in_str:
            esc, in_str = (not esc and c == 0x5c), in_str and (esc or c != 0x22)
        elif c == 0x22:
            in_str = True
        elif c in b" \n":
            continue
        out.append(c)
    return bytes(out)


def serve_built():
    return b"built without" not in run("serve", "--help").stderr


class Server:
    """One `entitycheck serve` process on 127.0.0.1:<free port>."""

    def __init__(self, snapshot, *args, tmp):
        self.log_path = os.path.join(tmp, "serve-%d.log" % time.time_ns())
        self.log = open(self.log_path, "wb")
        env = dict(os.environ)
        env.pop("ENTITYCHECK_SNAPSHOT", None)
        env.pop("ENTITYCHECK_TOKEN_FILE", None)
        env.pop("ENTITYCHECK_LISTEN", None)
        self.proc = subprocess.Popen(
            [TOOL, "--snapshot", snapshot, "serve", "--listen",
             "127.0.0.1:0", "--threads", "4", *args],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        self.port = None
        deadline = time.time() + 30
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                raise AssertionError("serve exited: " + self.text())
            m = re.search(r'"listening","message":"127\.0\.0\.1:(\d+)',
                          self.text())
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            raise AssertionError("serve did not start: " + self.text())

    def text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def log_lines(self):
        return [json.loads(l) for l in self.text().splitlines() if l]

    def request(self, method, path, body=None, headers=None, conn=None):
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=60)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), \
            data

    def json(self, method, path, body=None, headers=None, conn=None):
        status, hdrs, data = self.request(method, path, body, headers, conn)
        return status, hdrs, json.loads(data)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self.log.close()
        return rc


def build_dated(out, csv_path, created):
    return build_snapshot(out, csv_path, "--created", str(created),
                          "--description", "test")


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ec-test-serve-")
        cls.snap_a = build_dated(os.path.join(cls.tmp, "a.ecsnap"),
                                 SAMPLE_CSV, CREATED_A)
        with open(SAMPLE_CSV, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        extra = list(rows[1])
        extra[0] = "ecs-test-only-b"
        extra[5] = ONLY_IN_B
        extra[22] = ""
        b_csv = os.path.join(cls.tmp, "b.csv")
        with open(b_csv, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows + [extra])
        cls.snap_b = build_dated(os.path.join(cls.tmp, "b.ecsnap"), b_csv,
                                 CREATED_B)
        cls.rows = rows
        person = list(rows[1])
        person[0], person[3], person[5] = PERSON_ID, "Individual", PERSON
        person[7] = person[22] = person[23] = person[26] = ""
        person[24], person[25] = PERSON_DOB, PERSON_NAT
        person[28] = "RU, %s, Passport" % PERSON_PASSPORT
        p_csv = os.path.join(cls.tmp, "p.csv")
        with open(p_csv, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows + [person])
        cls.snap_p = build_dated(os.path.join(cls.tmp, "p.ecsnap"), p_csv,
                                 CREATED_A)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def start(self, *args, snapshot=None):
        s = Server(snapshot or self.snap_a, *args, tmp=self.tmp)
        self.addCleanup(lambda: s.proc.poll() is None and s.stop())
        return s

    def assertError(self, status, body, want_status, want_code):
        self.assertEqual(status, want_status, body)
        self.assertEqual(body["status"], want_status)
        self.assertEqual(body["code"], want_code)
        self.assertTrue(body["message"])


class TestEndpoints(ServeTest):
    def test_probes_and_info(self):
        s = self.start()
        st, _, body = s.json("GET", "/healthz")
        self.assertEqual((st, body), (200, {"status": "ok"}))
        st, hdrs, body = s.json("GET", "/readyz")
        self.assertEqual((st, body["status"]), (200, "ready"))
        self.assertEqual(hdrs["x-entitycheck-snapshot"], ISO_A)
        st, _, info = s.json("GET", "/info")
        self.assertEqual(st, 200)
        cli = json.loads(run("--snapshot", self.snap_a, "info", "--json")
                         .stdout)
        serving = info.pop("serving")
        self.assertEqual(info, cli)
        self.assertEqual(serving["generation"], 1)
        self.assertEqual(serving["last_reload_error"], "")
        self.assertFalse(serving["draining"])

    def test_search_same_as_command(self):
        s = self.start()
        st, hdrs, body = s.json(
            "GET", "/search?q=Huawei%20Technologies&limit=3&country=CN")
        self.assertEqual(st, 200)
        self.assertEqual(hdrs["content-type"], "application/json")
        cli = json.loads(run("--snapshot", self.snap_a, "search",
                             "Huawei Technologies", "--limit", "3",
                             "--country", "CN", "--json").stdout)
        self.assertEqual(body, cli)
        self.assertTrue(body["matches"])

    def test_check_same_as_command(self):
        s = self.start()
        q = {"parties": [{"name": "Huawei Technologies Co., Ltd.",
                          "country": "CN", "role": "end_user"}],
             "item": "EAR99", "date": "2019-06-01",
             "activities": ["existing_handset_support"],
             "device_date": "2019-04-01"}
        st, _, body = s.json("POST", "/check", q)
        self.assertEqual(st, 200, body)
        p = run("--snapshot", self.snap_a, "check", "--party",
                "Huawei Technologies Co., Ltd.", "--country", "CN",
                "--role", "end_user", "--item", "EAR99", "--date",
                "2019-06-01", "--activity", "existing_handset_support",
                "--device-date", "2019-04-01", "--json")
        self.assertEqual(body, json.loads(p.stdout))
        self.assertEqual(body["status"], "NLR_WITH_CONDITIONS")

    def test_search_facts_same_as_command(self):
        # The identifying facts as parameters answer as the command's
        # --dob ... flags: the person's facts raise the score, and a
        # company's type against the listed organization is weighed too.
        s = self.start(snapshot=self.snap_p)
        cases = [
            (PERSON, [("dob", PERSON_DOB), ("nationality", "Russian"),
                      ("id_number", "45 0912-3456"), ("id_type", "Passport"),
                      ("type", "person")]),
            ("Kovalenko Arkadiy", [("dob", "1980-01-02"),
                                   ("nationality", "DE")]),
            ("Huawei Technologies", [("type", "person"), ("dob", "1970")]),
        ]
        seen = set()
        for name, facts in cases:
            qs = urllib.parse.urlencode([("q", name), ("min_score", "0.3")]
                                        + facts)
            st, _, raw = s.request("GET", "/search?" + qs)
            self.assertEqual(st, 200, raw)
            flags = [a for k, v in facts
                     for a in ("--" + k.replace("_", "-"), v)]
            p = run("--snapshot", self.snap_p, "search", name,
                    "--min-score", "0.3", *flags, "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            body = json.loads(raw)
            self.assertEqual(body, json.loads(p.stdout))
            self.assertEqual(raw, compact(p.stdout) + b"\n",
                             "not the same bytes")
            self.assertTrue(body["matches"], name)
            top = body["matches"][0]
            if top["entry_id"] == PERSON_ID:  # the sample's are untyped
                self.assertTrue(top["explanation"]["facts"], name)
                seen.add(name)
        self.assertEqual(len(seen), 2, "the person is not found")
        for bad, words in (("dob=1983-13-01", "date of birth"),
                           ("nationality=Atlantis", "nationality"),
                           ("id_number=ABC", "ID number"),
                           ("type=vessel", "type")):
            st, _, b = s.json("GET", "/search?q=Huawei&" + bad)
            self.assertError(st, b, 400, "bad_parameter")
            self.assertIn(words, b["message"])
        st, _, b = s.json("GET", "/search?q=Huawei&birth_date=1970")
        self.assertError(st, b, 400, "unknown_parameter")

    def test_check_party_facts_same_as_command(self):
        s = self.start(snapshot=self.snap_p)
        q = {"parties": [
            {"name": "Jane Q. Unrelated", "role": "end_user",
             "dob": PERSON_DOB, "nationality": PERSON_NAT,
             "id_number": PERSON_PASSPORT, "id_type": "Passport",
             "type": "person"},
            {"name": "Huawei Technologies Co., Ltd.", "type": "organization",
             "nationality": "CN"}],
            "item": "EAR99", "date": "2021-01-10"}
        st, _, body = s.json("POST", "/check", q)
        self.assertEqual(st, 200, body)
        p = run("--snapshot", self.snap_p, "check",
                "--party", "Jane Q. Unrelated", "--role", "end_user",
                "--dob", PERSON_DOB, "--nationality", PERSON_NAT,
                "--id-number", PERSON_PASSPORT, "--id-type", "Passport",
                "--type", "person",
                "--party", "Huawei Technologies Co., Ltd.", "--type",
                "organization", "--nationality", "CN",
                "--item", "EAR99", "--date", "2021-01-10", "--json")
        self.assertEqual(body, json.loads(p.stdout))
        # The passport finds the listed person under another name.
        self.assertIn(PERSON_ID, json.dumps(body))
        del q["parties"][0]["id_number"]
        st, _, without = s.json("POST", "/check", q)
        self.assertEqual(st, 200, without)
        self.assertNotIn(PERSON_ID, json.dumps(without))
        for field, value, words in (("dob", "1983-13-01", "date of birth"),
                                    ("nationality", "Atlantis",
                                     "nationality"),
                                    ("type", "vessel", "type")):
            bad = {"parties": [{"name": "X", field: value}]}
            st, _, b = s.json("POST", "/check", bad)
            self.assertError(st, b, 400, "bad_value")
            self.assertIn(words, b["message"])
        for bad in ({"parties": [{"name": "X", "date_of_birth": "1970"}]},
                    {"parties": [{"name": "X", "dob": 1970}]}):
            st, _, b = s.json("POST", "/check", bad)
            self.assertError(st, b, 400, "unknown_field"
                             if "date_of_birth" in bad["parties"][0]
                             else "bad_field")

    def test_check_owners_and_address_same_as_command(self):
        # A company wholly owned by Huawei while the Affiliates rule was in
        # force, and one 30% owned (a red flag only): as `check` answers.
        s = self.start()
        for share, args in ((100, ["--share", "100"]), (30, ["--share", "30"])):
            q = {"parties": [{"name": "Kestrel Widgets Holding Ltd",
                              "country": "DE",
                              "owners": [{"name": "Huawei Technologies Co., "
                                                  "Ltd.", "share": share}]}],
                 "item": "EAR99", "date": "2025-10-01"}
            st, _, body = s.json("POST", "/check", q)
            self.assertEqual(st, 200, body)
            p = run("--snapshot", self.snap_a, "check", "--party",
                    "Kestrel Widgets Holding Ltd", "--country", "DE",
                    "--owner", "Huawei Technologies Co., Ltd.", *args,
                    "--item", "EAR99", "--date", "2025-10-01", "--json")
            self.assertEqual(body, json.loads(p.stdout))
            self.assertEqual(body["status"] == "LICENSE_REQUIRED",
                             share >= 50, body)
        bad = {"parties": [{"name": "X", "owners": [{"name": "Y",
                                                     "share": 120}]}]}
        st, _, body = s.json("POST", "/check", bad)
        self.assertError(st, body, 400, "bad_value")
        bad = {"parties": [{"name": "X", "owners": [{"share": 20}]}]}
        st, _, body = s.json("POST", "/check", bad)
        self.assertError(st, body, 400, "bad_field")
        bad = {"parties": [{"name": "X", "owners": [{"name": "Y",
                                                     "stake": 20}]}]}
        st, _, body = s.json("POST", "/check", bad)
        self.assertError(st, body, 400, "unknown_field")

    def test_check_licenses_inline_and_by_reference(self):
        reg = os.path.join(self.tmp, "licenses.csv")
        with open(reg, "w") as f:
            f.write("license_number,holder,consignee,items,valid_from,"
                    "valid_to,notes\nD1234567,Example Components Inc.,"
                    "Huawei Technologies Co. Ltd.,EAR99,2019-11-20,"
                    "2020-11-19,\n")
        s = self.start("--licenses", "main=" + reg)
        base = {"parties": [{"name": "Huawei Technologies Co., Ltd."}],
                "item": "EAR99", "date": "2020-01-15",
                "supplier": "Example Components Inc."}
        cli = json.loads(run("--snapshot", self.snap_a, "check", "--party",
                             "Huawei Technologies Co., Ltd.", "--item",
                             "EAR99", "--date", "2020-01-15", "--supplier",
                             "Example Components Inc.", "--licenses", reg,
                             "--json").stdout)
        self.assertEqual(cli["status"], "LICENSED")
        st, _, by_ref = s.json("POST", "/check", dict(base, licenses="main"))
        self.assertEqual((st, by_ref), (200, cli))
        inline = [{"license_number": "D1234567",
                   "holder": "Example Components Inc.",
                   "consignee": "Huawei Technologies Co. Ltd.",
                   "items": "EAR99", "valid_from": "2019-11-20",
                   "valid_to": "2020-11-19"}]
        st, _, body = s.json("POST", "/check", dict(base, licenses=inline))
        self.assertEqual((st, body), (200, cli))
        st, _, body = s.json("POST", "/check", dict(base, licenses="nope"))
        self.assertError(st, body, 400, "bad_value")
        bad = [dict(inline[0], valid_from="2019-13-45")]
        st, _, body = s.json("POST", "/check", dict(base, licenses=bad))
        self.assertError(st, body, 400, "bad_value")
        self.assertIn("licenses[0]", body["message"])
        st, _, body = s.json("POST", "/check",
                             dict(base, licenses=[dict(inline[0], x="1")]))
        self.assertError(st, body, 400, "unknown_field")

    def test_screen_streams_the_commands_lines(self):
        s = self.start()
        rows = ("id,name,country,item\n"
                "r1,Huawei Technologies Co. Ltd.,CN,EAR99\n"
                "r2,Acme Widgets Incorporated,US,EAR99\n"
                "r3,broken \"quote,CN,EAR99\n")
        for fmt, args, ctype in (("jsonl", [], "application/x-ndjson"),
                                 ("csv", ["--format", "csv"], "text/csv")):
            st, hdrs, data = s.request(
                "POST", "/screen?format=%s&date=2019-06-01" % fmt, rows)
            self.assertEqual(st, 200, data)
            self.assertEqual(hdrs["content-type"], ctype)
            cli = run("--snapshot", self.snap_a, "screen", "--date",
                      "2019-06-01", "--threads", "1", "--no-cache", *args,
                      input=rows.encode())
            self.assertEqual(data, cli.stdout, fmt)
        jl = '{"name": "Huawei Technologies Co. Ltd.", "id": "j1"}\n'
        st, hdrs, data = s.request(
            "POST", "/screen?date=2019-06-01", jl,
            {"Content-Type": "application/x-ndjson"})
        self.assertEqual(st, 200, data)
        line = json.loads(data)
        self.assertEqual((line["id"], line["status"]),
                         ("j1", "LICENSE_REQUIRED"))
        st, _, body = s.json("POST", "/screen", "nocolumn\nx\n")
        self.assertError(st, body, 400, "bad_input")

    def test_screen_large_body_is_streamed(self):
        s = self.start()
        n = 5000
        body = "name,date\n" + "".join(
            "Customer Number %d Trading,2019-06-01\n" % i for i in range(n))
        st, _, data = s.request("POST", "/screen", body)
        self.assertEqual(st, 200)
        lines = data.decode().splitlines()
        self.assertEqual(len(lines), n)
        self.assertEqual(json.loads(lines[-1])["line"], n + 1)

    def test_errors(self):
        s = self.start("--max-body", "2000", "--max-rows", "3",
                       "--max-query", "64")
        st, _, b = s.json("POST", "/check", "{not json")
        self.assertError(st, b, 400, "bad_json")
        st, _, b = s.json("POST", "/check", "[1, 2]")
        self.assertError(st, b, 400, "bad_json")
        st, _, b = s.json("POST", "/check", '{"parties": [{"name": "a"}], '
                          '"parties": []}')
        self.assertError(st, b, 400, "bad_json")
        st, _, b = s.json("POST", "/check", {"parties": [{"name": "A"}],
                                             "colour": "red"})
        self.assertError(st, b, 400, "unknown_field")
        self.assertIn("colour", b["message"])
        st, _, b = s.json("POST", "/check",
                          {"parties": [{"name": "A", "nick": "B"}]})
        self.assertError(st, b, 400, "unknown_field")
        st, _, b = s.json("POST", "/check", {"parties": [{"name": 5}]})
        self.assertError(st, b, 400, "bad_field")
        st, _, b = s.json("POST", "/check", {"item": "EAR99"})
        self.assertError(st, b, 400, "bad_field")
        st, _, b = s.json("POST", "/check", {"parties": [{"name": "A"}],
                                             "date": "2019-02-30"})
        self.assertError(st, b, 400, "bad_value")
        st, _, b = s.json("POST", "/check", {"parties": [{"name": "A",
                                                          "role": "boss"}]})
        self.assertError(st, b, 400, "bad_value")
        st, _, b = s.json("POST", "/check",
                          {"parties": [{"name": "A" * 65}]})
        self.assertError(st, b, 400, "too_long")
        st, _, b = s.json("POST", "/check",
                          {"parties": [{"name": "A" * 1500},
                                       {"name": "B" * 1500}]})
        self.assertError(st, b, 413, "body_too_large")
        st, _, b = s.json("GET", "/search?q=" + "a" * 65)
        self.assertError(st, b, 414, "query_too_long")
        st, _, b = s.json("GET", "/search?q=a&limit=0")
        self.assertError(st, b, 400, "bad_parameter")
        st, _, b = s.json("GET", "/search?q=a&colour=red")
        self.assertError(st, b, 400, "unknown_parameter")
        st, _, b = s.json("GET", "/search")
        self.assertError(st, b, 400, "bad_parameter")
        st, hdrs, b = s.json("POST", "/search?q=a")
        self.assertError(st, b, 405, "method_not_allowed")
        self.assertEqual(hdrs["allow"], "GET")
        st, hdrs, b = s.json("GET", "/check")
        self.assertError(st, b, 405, "method_not_allowed")
        self.assertEqual(hdrs["allow"], "POST")
        st, _, b = s.json("DELETE", "/info")
        self.assertError(st, b, 405, "method_not_allowed")
        st, _, b = s.json("GET", "/nowhere")
        self.assertError(st, b, 404, "not_found")
        st, _, b = s.json("POST", "/screen", "name\na\nb\nc\nd\n")
        self.assertError(st, b, 413, "too_many_rows")
        st, _, b = s.json("POST", "/screen?format=xml", "name\na\n")
        self.assertError(st, b, 400, "bad_parameter")
        # Nothing went wrong with the server itself.
        self.assertEqual(s.json("GET", "/healthz")[0], 200)
        self.assertEqual(s.stop(), 0)

    def test_chunked_oversize_body(self):
        s = self.start("--max-body", "1000")
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        c.putrequest("POST", "/check")
        c.putheader("Transfer-Encoding", "chunked")
        c.endheaders()
        try:
            for _ in range(10):
                c.send(b"200\r\n" + b" " * 0x200 + b"\r\n")
            c.send(b"0\r\n\r\n")
        except OSError:
            pass  # the server may close once it has answered
        r = c.getresponse()
        self.assertEqual(r.status, 413)
        self.assertEqual(json.loads(r.read())["code"], "body_too_large")

    def test_slow_upload_gets_408(self):
        s = self.start("--timeout", "1")
        body = json.dumps({"parties": [{"name": "Huawei Technologies"}]})
        c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        c.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        for k in range(0, 6):  # never idle for 1 s, but 1.5 s in all
            c.sendall(body[k * 4:k * 4 + 4].encode())
            time.sleep(0.3)
        c.sendall(body[24:].encode())
        data = c.recv(4096)
        c.close()
        self.assertIn(b" 408 ", data.split(b"\r\n")[0])
        self.assertIn(b"request_timeout", data)
        # Still sending after twice the limit: the connection is cut.
        c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        c.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: 1000\r\n\r\n")
        with self.assertRaises(OSError):
            for _ in range(20):
                c.sendall(b"    ")
                time.sleep(0.3)
            if not c.recv(4096):
                raise ConnectionResetError("closed")
        c.close()

    def test_token(self):
        tok = os.path.join(self.tmp, "token")
        secret = "s3cret-token-0123456789abcdef"
        with open(tok, "w") as f:
            f.write(secret + "\n")
        s = self.start("--token-file", tok)
        st, hdrs, b = s.json("GET", "/search?q=Huawei")
        self.assertError(st, b, 401, "unauthorized")
        self.assertEqual(hdrs["www-authenticate"], "Bearer")
        for bad in ("Bearer " + secret[:-1], "Bearer " + secret + "x",
                    "Basic " + secret, "Bearer", secret):
            st, _, b = s.json("GET", "/info", headers={"Authorization": bad})
            self.assertError(st, b, 401, "unauthorized")
        st, _, b = s.json("POST", "/check", {"parties": [{"name": "x"}]})
        self.assertError(st, b, 401, "unauthorized")
        good = {"Authorization": "Bearer " + secret}
        self.assertEqual(s.json("GET", "/search?q=Huawei", headers=good)[0],
                         200)
        self.assertEqual(s.json("GET", "/healthz")[0], 200)
        self.assertEqual(s.json("GET", "/readyz")[0], 200)
        short = os.path.join(self.tmp, "short")
        with open(short, "w") as f:
            f.write("abc\n")
        p = run("--snapshot", self.snap_a, "serve", "--token-file", short)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"at least 16", p.stderr)

    def test_access_log(self):
        s = self.start()
        s.json("GET", "/search?q=Secret%20Customer%20Name")
        s.json("GET", "/nowhere")
        self.assertEqual(s.stop(), 0)
        reqs = [l for l in s.log_lines() if l["event"] == "request"]
        # Logged as each completes: two connections, in either order.
        self.assertEqual(sorted((l["method"], l["path"], l["status"])
                                for l in reqs),
                         [("GET", "/nowhere", 404), ("GET", "/search", 200)])
        for l in reqs:
            self.assertEqual(l["remote"], "127.0.0.1")
            self.assertGreaterEqual(l["ms"], 0)
        # The query string (names being screened) is not logged.
        self.assertNotIn("Secret", s.text())

    def test_loopback_by_default(self):
        p = run("serve", "--help")
        self.assertIn(b"127.0.0.1:8420", p.stdout)
        p = run("--snapshot", self.snap_a, "serve", "--listen", "nowhere")
        self.assertEqual(p.returncode, 2)


# Requests shaped like the examples of yente's API documentation
# (POST /match/{dataset}: "queries" of schema and properties).
YENTE_DOC_EXAMPLE = {
    "queries": {
        "entity1": {"schema": "Person",
                    "properties": {"name": ["John Doe"],
                                   "birthDate": ["1975-04-21"],
                                   "nationality": ["us"]}},
        "entity2": {"schema": "Company",
                    "properties": {"name": ["Brilliant Amazing Limited"],
                                   "jurisdiction": ["hk"],
                                   "registrationNumber": ["84BA99810"]}},
    }
}
YENTE_QUICKSTART = {
    "queries": {"q": {"schema": "Person",
                      "properties": {"firstName": ["Aleksandr"],
                                     "lastName": ["Zacharov"],
                                     "birthDate": ["1965"]}}}
}


class TestYenteMatch(ServeTest):
    def check_shape(self, body, keys):
        self.assertEqual(set(body["responses"]), set(keys))
        self.assertIn("matcher", body)
        self.assertIsInstance(body["limit"], int)
        for key in keys:
            resp = body["responses"][key]
            self.assertEqual(resp["status"], 200)
            self.assertEqual(resp["total"]["relation"], "eq")
            self.assertIsInstance(resp["query"]["properties"], dict)
            for r in resp["results"]:
                for field in ("id", "caption", "schema", "score", "match",
                              "features", "datasets", "properties"):
                    self.assertIn(field, r)
                self.assertIsInstance(r["match"], bool)
                self.assertIsInstance(r["features"], dict)
                self.assertEqual(r["properties"]["name"], [r["caption"]])

    def test_documented_examples(self):
        s = self.start()
        st, _, body = s.json("POST", "/match/default", YENTE_DOC_EXAMPLE)
        self.assertEqual(st, 200, body)
        self.check_shape(body, ["entity1", "entity2"])
        self.assertEqual(body["responses"]["entity1"]["query"]["properties"]
                         ["nationality"], ["us"])
        st, _, body = s.json("POST", "/match/default?limit=3&threshold=0.7",
                             YENTE_QUICKSTART)
        self.assertEqual(st, 200, body)
        self.check_shape(body, ["q"])
        self.assertEqual(body["limit"], 3)

    def test_listed_name_is_top_match(self):
        s = self.start()
        by_name = {}
        for row in self.rows[1:]:
            by_name.setdefault(row[5], set()).add(row[0])
        for name, ids in sorted(by_name.items())[:12]:
            q = {"queries": {"a": {"schema": "LegalEntity",
                                   "properties": {"name": name}}}}
            st, _, body = s.json("POST", "/match/default", q)
            self.assertEqual(st, 200, body)
            self.check_shape(body, ["a"])
            top = body["responses"]["a"]["results"][0]
            self.assertIn(top["id"], ids, name)
            self.assertTrue(top["match"], name)
            self.assertGreaterEqual(top["score"], 0.99)

    def test_company_query_with_country(self):
        s = self.start()
        q = {"queries": {"c": {"schema": "Company", "properties": {
            "name": ["Huawei Technologies Co., Ltd."], "country": ["cn"],
            "address": ["Shenzhen"]}}}}
        st, _, body = s.json("POST", "/match/EL", q)
        self.assertEqual(st, 200, body)
        res = body["responses"]["c"]["results"]
        self.assertTrue(res)
        self.assertTrue(all(r["datasets"] == ["EL"] for r in res))
        self.assertEqual(res[0]["caption"], "Huawei Technologies Co., Ltd.")

    def match_one(self, s, props, schema="Person", status=200):
        q = {"queries": {"p": {"schema": schema, "properties": props}}}
        st, _, body = s.json("POST", "/match/default?cutoff=0.3", q)
        self.assertEqual(st, status, body)
        if status != 200:
            return body
        self.check_shape(body, ["p"])
        res = body["responses"]["p"]["results"]
        for r in res:  # the features add up to the score
            self.assertAlmostEqual(sum(r["features"].values()), r["score"],
                                   places=3, msg=r)
        return {r["id"]: r for r in res}

    def test_identifying_facts(self):
        s = self.start(snapshot=self.snap_p)
        # A wrong name with the listed passport number: the person, a match.
        wrong = "Maria Gonzalez Lopez"
        self.assertNotIn(PERSON_ID, self.match_one(s, {"name": [wrong]}))
        res = self.match_one(s, {"name": [wrong], "idNumber":
                                 ["12345", "4509 123 456"]})
        self.assertIn(PERSON_ID, res)
        top = max(res.values(), key=lambda r: r["score"])
        self.assertEqual(top["id"], PERSON_ID)
        self.assertTrue(top["match"])
        self.assertGreater(top["features"]["id_number"], 0)
        # A contradicting full birth date lowers the score; an agreeing one
        # and the nationality raise it; each is its own feature.
        name = "Arkadiy Kovalenko"
        base = self.match_one(s, {"name": [name]})[PERSON_ID]
        self.assertEqual(base["features"]["date_of_birth"], 0)
        bad = self.match_one(s, {"name": [name],
                                 "birthDate": ["1980-01-02"]})[PERSON_ID]
        self.assertLess(bad["features"]["date_of_birth"], 0)
        self.assertLess(bad["score"], base["score"])
        self.assertFalse(bad["match"])
        good = self.match_one(s, {"name": [name], "birthDate": [PERSON_DOB],
                                  "nationality": ["ru"]})[PERSON_ID]
        self.assertGreater(good["features"]["date_of_birth"], 0)
        self.assertGreater(good["features"]["nationality"], 0)
        self.assertGreater(good["score"], base["score"])
        # Two different birth dates: which to hold against the entry
        # would be a guess, so neither is.
        two = self.match_one(s, {"name": [name], "birthDate":
                                 ["1980-01-02", PERSON_DOB]})[PERSON_ID]
        self.assertEqual(two["features"]["date_of_birth"], 0)
        self.assertEqual(two["score"], base["score"])
        # The schema is the type: an organization is not this person.
        org = self.match_one(s, {"name": [PERSON]}, "LegalEntity")
        self.assertEqual(org[PERSON_ID]["features"]["type"], 0)
        # Malformed facts are refused, never ignored.
        for props, code in (({"name": "x", "birthDate": "14/03/1968"},
                             "bad_value"),
                            ({"name": "x", "nationality": "Atlantis"},
                             "bad_value"),
                            ({"name": "x", "idNumber": ["1", "2", "3", "4",
                                                         "5"]},
                             "too_many"),
                            ({"name": "x", "birthDate": 1968}, "bad_field")):
            b = self.match_one(s, props, status=400)
            self.assertError(400, b, 400, code)

    def test_match_errors(self):
        s = self.start("--max-rows", "2")
        cases = [
            ({"queries": {}}, 400, "bad_field"),
            ({"queries": {"a": {"schema": "Person",
                                "properties": {"favouriteColour": "x"}}}},
             400, "unknown_field"),
            ({"queries": {"a": {"schema": "Planet",
                                "properties": {"name": "x"}}}},
             400, "bad_value"),
            ({"queries": {"a": {"schema": "Person", "properties": {}}}},
             400, "bad_field"),
            ({"queries": {"a": {"schema": "Person",
                                "properties": {"name": "x"}}},
              "algorithm2": 1}, 400, "unknown_field"),
            ({"queries": {k: {"schema": "Person",
                              "properties": {"name": "x"}}
                          for k in "abc"}}, 413, "too_many_rows"),
        ]
        for q, status, code in cases:
            st, _, b = s.json("POST", "/match/default", q)
            self.assertError(st, b, status, code)
            self.assertEqual(b["detail"], b["message"])
        ok = {"queries": {"a": {"schema": "Person",
                                "properties": {"name": "x"}}}}
        st, _, b = s.json("POST", "/match/no_such_dataset", ok)
        self.assertError(st, b, 404, "dataset_not_found")
        st, _, b = s.json("POST", "/match/default?limit=9999", ok)
        self.assertError(st, b, 400, "bad_parameter")
        st, _, b = s.json("POST", "/match/default?colour=1", ok)
        self.assertError(st, b, 400, "unknown_parameter")


class TestReload(ServeTest):
    def live(self, name):
        p = os.path.join(self.tmp, name)
        shutil.copyfile(self.snap_a, p)
        return p

    def replace(self, live, src):
        tmp = live + ".new"
        shutil.copyfile(src, tmp)
        os.replace(tmp, live)  # what `entitycheck update` does

    def serving(self, s):
        return s.json("GET", "/readyz")[1]["x-entitycheck-snapshot"]

    def wait_serving(self, s, iso, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.serving(s) == iso:
                return True
            time.sleep(0.1)
        return False

    def test_sighup_rename_and_admin(self):
        live = self.live("sighup.ecsnap")
        s = self.start(snapshot=live)
        self.assertEqual(self.serving(s), ISO_A)
        self.replace(live, self.snap_b)
        s.proc.send_signal(signal.SIGHUP)
        self.assertTrue(self.wait_serving(s, ISO_B))
        st, _, b = s.json("GET", "/search?q=" + ONLY_IN_B.replace(" ", "+"))
        self.assertEqual(b["matches"][0]["name"], ONLY_IN_B)
        # A rename over the file is seen without a signal.
        self.replace(live, self.snap_a)
        self.assertTrue(self.wait_serving(s, ISO_A))
        # POST /admin/reload.
        self.replace(live, self.snap_b)
        st, hdrs, b = s.json("POST", "/admin/reload")
        self.assertEqual(st, 200, b)
        self.assertTrue(b["reloaded"])
        self.assertEqual(hdrs["x-entitycheck-snapshot"], ISO_B)
        info = s.json("GET", "/info")[2]
        self.assertGreaterEqual(info["serving"]["generation"], 4)

    def test_damaged_snapshot_keeps_the_old_one(self):
        live = self.live("damaged.ecsnap")
        s = self.start(snapshot=live)
        with open(self.snap_b, "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0xff
        bad = live + ".bad"
        with open(bad, "wb") as f:
            f.write(data)
        os.replace(bad, live)
        st, _, b = s.json("POST", "/admin/reload")
        self.assertError(st, b, 500, "reload_failed")
        s.proc.send_signal(signal.SIGHUP)
        time.sleep(1.5)  # the watcher sees the file too: still refused
        self.assertEqual(self.serving(s), ISO_A)
        st, _, info = s.json("GET", "/info")
        self.assertEqual(st, 200)
        self.assertTrue(info["serving"]["last_reload_error"])
        self.assertEqual(info["serving"]["generation"], 1)
        self.assertGreaterEqual(info["serving"]["failed_reloads"], 2)
        self.assertEqual(s.json("GET", "/readyz")[0], 200)
        self.assertIn('"reload_failed"', s.text())
        # A good file afterwards is taken.
        self.replace(live, self.snap_b)
        self.assertTrue(self.wait_serving(s, ISO_B))

    def test_request_in_flight_finishes_on_its_snapshot(self):
        live = self.live("inflight.ecsnap")
        s = self.start("--max-rows", "100000", snapshot=live)
        # Far more output than socket buffers hold: the server is still
        # deciding rows when the swap happens.
        n = 60000
        body = "name,date\n" + (ONLY_IN_B + ",2020-01-01\n") * n
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
        c.request("POST", "/screen?format=csv", body)
        r = c.getresponse()
        self.assertEqual(r.getheader("X-Entitycheck-Snapshot"), ISO_A)
        first = r.read(2000)
        # B, which lists the name, is swapped in while A answers.
        self.replace(live, self.snap_b)
        s.proc.send_signal(signal.SIGHUP)
        self.assertTrue(self.wait_serving(s, ISO_B))
        rows = list(csv.DictReader(io.StringIO((first + r.read()).decode())))
        c.close()
        self.assertEqual(len(rows), n)
        self.assertEqual({x["status"] for x in rows}, {"NLR"})
        self.assertEqual({x["matches"] for x in rows}, {"0"})
        # A new request is answered by B.
        st, _, data = s.request("POST", "/screen?format=csv",
                                "name,date\n" + ONLY_IN_B + ",2020-01-01\n")
        row = next(csv.DictReader(io.StringIO(data.decode())))
        self.assertNotEqual(row["matches"], "0")

    def test_swaps_under_concurrent_load(self):
        live = self.live("load.ecsnap")
        s = self.start(snapshot=live)
        stop = threading.Event()
        failures, counts = [], {ISO_A: 0, ISO_B: 0}
        lock = threading.Lock()
        q_b = "/search?q=" + ONLY_IN_B.replace(" ", "+")
        check = {"parties": [{"name": ONLY_IN_B}], "item": "EAR99",
                 "date": "2020-01-01"}

        def client(n):
            c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    if i % 2:
                        st, hdrs, b = s.json("GET", q_b, conn=c)
                        hit = bool(b.get("matches"))
                    else:
                        st, hdrs, b = s.json("POST", "/check", check,
                                             conn=c)
                        hit = bool(b.get("matches"))
                    snap = hdrs.get("x-entitycheck-snapshot")
                    # B lists the name, A does not: the answer must be
                    # the one of the snapshot that says it answered.
                    ok = st == 200 and snap in counts and \
                        hit == (snap == ISO_B)
                    with lock:
                        if ok:
                            counts[snap] += 1
                        else:
                            failures.append((st, snap, hit))
                except Exception as e:  # a failed request
                    with lock:
                        failures.append(repr(e))
                    c.close()
                    c = http.client.HTTPConnection("127.0.0.1", s.port,
                                                   timeout=30)
            c.close()

        threads = [threading.Thread(target=client, args=(n,))
                   for n in range(6)]
        for t in threads:
            t.start()
        for k in range(12):
            self.replace(live, self.snap_b if k % 2 == 0 else self.snap_a)
            if k % 3 == 0:
                s.proc.send_signal(signal.SIGHUP)
            elif k % 3 == 1:
                s.json("POST", "/admin/reload")
            time.sleep(0.25)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertGreater(counts[ISO_A], 10)
        self.assertGreater(counts[ISO_B], 10)
        self.assertEqual(s.stop(), 0)


class TestShutdown(ServeTest):
    def test_sigterm_drains_a_request_in_flight(self):
        s = self.start()
        body = json.dumps({"parties": [{"name": "Huawei Technologies"}],
                           "item": "EAR99", "date": "2019-06-01"}).encode()
        c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        c.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: %d"
                  b"\r\n\r\n" % len(body) + body[:10])
        time.sleep(0.3)
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # No new connection is taken once draining started.
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", s.port), timeout=2)
        c.sendall(body[10:])
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        c.close()
        self.assertIn(b"200 OK", data.split(b"\r\n")[0])
        self.assertIn(b"Connection: close", data)
        self.assertIn(b'"LICENSE_REQUIRED"', data)
        self.assertEqual(s.proc.wait(timeout=30), 0)
        s.log.close()
        events = [l["event"] for l in s.log_lines()]
        self.assertEqual(events[-1], "shutdown")
        self.assertIn("request", events)


if __name__ == "__main__":
    if not serve_built():
        print("SKIP: this entitycheck was built without `serve` "
              "(libmicrohttpd and jansson)")
        sys.exit(77)
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
