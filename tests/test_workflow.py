#!/usr/bin/env python3
"""Tests of a compliance team's day with `entitycheck`, as a user runs it:
spreadsheet exports in (Excel's "CSV UTF-8", European Excel's semicolons,
ERP Windows-1252, Excel's "Unicode text"), cleared hits remembered and
reopened, delta rescreening, the audit trail and the review report.

usage: test_workflow.py BUILD_DIR
"""
import csv
import hashlib
import io
import json
import os
import random
import signal
import subprocess
import time
import sys
import tempfile
import unittest

from toolpaths import TOOL, SAMPLE_SNAP, SAMPLE_CSV, RULES, REPO, CSL_2022

REPO_CLEARED = os.path.join(REPO, "tests", "cleared", "register.csv")

HUAWEI = "Huawei Technologies Co. Ltd."


def run(args, stdin=None, snapshot=SAMPLE_SNAP):
    env = dict(os.environ)
    env.pop("ENTITYCHECK_SNAPSHOT", None)
    pre = ["--snapshot", snapshot] if snapshot else []
    return subprocess.run([TOOL] + pre + args, input=stdin,
                          capture_output=True, env=env)


class Tmp(unittest.TestCase):
    def setUp(self):
        self.tmpdir = tempfile.TemporaryDirectory()
        self.tmp = self.tmpdir.name

    def tearDown(self):
        self.tmpdir.cleanup()

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def screen(self, path, *args, rc=(0,)):
        r = run(["screen", path, "--date", "2019-06-01"] + list(args))
        self.assertIn(r.returncode, rc, r.stderr.decode())
        return [json.loads(l) for l in r.stdout.decode().splitlines()], r


class SpreadsheetInput(Tmp):
    """Each file is written the way the spreadsheet program writes it."""

    def assert_huawei_and_mueller(self, rows):
        self.assertEqual(len(rows), 2, rows)
        self.assertEqual(rows[0]["status"], "LICENSE_REQUIRED")
        self.assertEqual(rows[0]["matches"][0]["entry_id"], "ecs-el-0001")
        self.assertEqual(rows[1]["parties"][0]["name"], "Müller GmbH")
        self.assertEqual(rows[1]["status"], "NLR")

    def test_excel_csv_utf8(self):
        # Excel "CSV UTF-8 (Comma delimited)": a byte-order mark, the
        # user's capitalised headers, CRLF line ends.
        data = ("\ufeffName,Country\r\n%s,CN\r\nMüller GmbH,DE\r\n"
                % HUAWEI).encode("utf-8")
        rows, _ = self.screen(self.write("excel.csv", data))
        self.assert_huawei_and_mueller(rows)

    def test_json_lines_with_bom(self):
        # An export tool's JSON Lines: a byte-order mark, CRLF.
        data = ('\ufeff{"name": "%s", "country": "CN"}\r\n'
                '{"name": "Müller GmbH", "country": "DE"}\r\n'
                % HUAWEI).encode("utf-8")
        path = self.write("rows.jsonl", data)
        rows, _ = self.screen(path, "--input-format", "jsonl")
        self.assert_huawei_and_mueller(rows)
        self.assertEqual([r["line"] for r in rows], [1, 2])
        # Read as CSV (the default), it is refused with the way out.
        r = run(["screen", path])
        self.assertEqual(r.returncode, 4)
        self.assertIn(b"--input-format jsonl", r.stderr)

    def licensed_check(self, lic, *args):
        r = run(["check", "--party", HUAWEI, "--date", "2019-06-01",
                 "--supplier", "Beispiel Bauteile GmbH", "--licenses", lic,
                 "--json"] + list(args))
        return r, (json.loads(r.stdout) if r.stdout else None)

    def test_registers_as_spreadsheets_save_them(self):
        row = ("D1\tBeispiel Bauteile GmbH\t%s\tEAR99\t2019-01-01\t\t"
               "Ausfuhrgenehmigung für Müller\r\n" % HUAWEI)
        head = ("license_number\tholder\tconsignee\titems\tvalid_from\t"
                "valid_to\tnotes\r\n")
        # Excel "Unicode Text": UTF-16LE with its mark, tabs, CRLF; read
        # as it is, no option needed.
        lic = self.write("lic-utf16.txt",
                         b"\xff\xfe" + (head + row).encode("utf-16-le"))
        r, d = self.licensed_check(lic)
        self.assertEqual(d["status"], "LICENSED", r.stderr)
        # Windows-1252 (German Excel's CSV): refused as UTF-8, with the
        # line and the option; read with --register-encoding.
        lic = self.write("lic-1252.csv", (head + row).replace("\t", ";")
                         .encode("cp1252"))
        r, _ = self.licensed_check(lic)
        self.assertEqual(r.returncode, 4)
        self.assertIn(b"lic-1252.csv:2: field 7", r.stderr)
        self.assertIn(b"--register-encoding", r.stderr)
        r, d = self.licensed_check(lic, "--register-encoding",
                                   "windows-1252")
        self.assertEqual(d["status"], "LICENSED", r.stderr)
        r, _ = self.licensed_check(lic, "--register-encoding", "ebcdic")
        self.assertEqual(r.returncode, 2)
        # A cleared-hits register for screen, in Windows-1252 too.
        cleared = self.write("cleared.csv", (
            "party_id;party_name;entry_id;entry_fingerprint;reviewer;date;"
            "expires;reason\r\n;%s;ecs-el-0001;%s;Jürgen;2026-12-01;;"
            "geprüft\r\n" % (HUAWEI, "0" * 64)).encode("cp1252"))
        path = self.write("c.csv", ("name\n%s\n" % HUAWEI).encode())
        rows, _ = self.screen(path, "--cleared", cleared,
                              "--register-encoding", "windows-1252")
        self.assertEqual(len(rows), 1)
        r = run(["screen", path, "--cleared", cleared])
        self.assertEqual(r.returncode, 4)
        self.assertIn(b"--register-encoding", r.stderr)

    def test_bom_before_quoted_header(self):
        data = ('\ufeff"Name"," Country "\r\n"%s",CN\r\n"Müller GmbH",DE'
                '\r\n' % HUAWEI).encode("utf-8")
        rows, _ = self.screen(self.write("q.csv", data))
        self.assert_huawei_and_mueller(rows)

    def test_european_excel_semicolons(self):
        # German Excel "CSV (Trennzeichen-getrennt)": ';' and Windows-1252.
        data = ("Firma;Land;Kundennummer\r\n%s;CN;K1\r\nMüller GmbH;DE;K2"
                "\r\n" % HUAWEI).encode("cp1252")
        rows, _ = self.screen(self.write("de.csv", data), "--column",
                              "name=firma", "--column", "country=Land",
                              "--column", "id=Kundennummer",
                              "--encoding", "windows-1252")
        self.assert_huawei_and_mueller(rows)
        self.assertEqual([r["id"] for r in rows], ["K1", "K2"])

    def test_erp_windows_1252_needs_encoding(self):
        data = ("name,country\r\n%s,CN\r\nMüller GmbH,DE\r\n"
                % HUAWEI).encode("cp1252")
        path = self.write("erp.csv", data)
        rows, r = self.screen(path, rc=(4,))
        self.assertIn("line 3", rows[1]["error"])
        self.assertIn("--encoding", rows[1]["error"])
        rows, _ = self.screen(path, "--encoding", "cp1252")
        self.assert_huawei_and_mueller(rows)
        rows, _ = self.screen(path, "--encoding", "iso-8859-1")
        self.assert_huawei_and_mueller(rows)

    def test_undecodable_byte_is_a_row_error(self):
        # 0x81 is not a Windows-1252 character: that row fails, never
        # decided on a guessed name, and the next row still is.
        data = b"name\r\nM\x81ller GmbH\r\n" + HUAWEI.encode() + b"\r\n"
        rows, r = self.screen(self.write("bad.csv", data), "--encoding",
                              "windows-1252", rc=(4,))
        self.assertIn("error", rows[0])
        self.assertEqual(rows[1]["status"], "LICENSE_REQUIRED")
        self.assertIn(b"not valid WINDOWS-1252", r.stderr)

    def test_excel_unicode_text_utf16(self):
        # Excel "Unicode Text": UTF-16LE with a byte-order mark, tabs.
        data = ("\ufeffName\tCountry\r\n%s\tCN\r\nMüller GmbH\tDE\r\n"
                % HUAWEI).encode("utf-16-le")
        rows, _ = self.screen(self.write("u.txt", data))
        self.assert_huawei_and_mueller(rows)
        rows, _ = self.screen(self.write("u.txt", data), "--encoding",
                              "utf-16")
        self.assert_huawei_and_mueller(rows)

    def test_pipe_and_forced_delimiter(self):
        data = ("name|country\n%s|CN\nMüller GmbH|DE\n" % HUAWEI).encode()
        rows, _ = self.screen(self.write("p.csv", data))
        self.assert_huawei_and_mueller(rows)
        # As many ',' as ';' in the header: ',' wins unless --delimiter.
        data = ("name;remarks,notes\n%s;a,b\nMüller GmbH;c,d\n"
                % HUAWEI).encode()
        path = self.write("tie.csv", data)
        rows, r = self.screen(path, rc=(4,))
        self.assertEqual(rows, [])
        self.assertIn(b'no "name" column', r.stderr)
        rows, _ = self.screen(path, "--delimiter", ";")
        self.assert_huawei_and_mueller(rows)

    def test_column_errors(self):
        path = self.write("c.csv", b"Company Name\r\nAcme\r\n")
        r = run(["screen", path])
        self.assertEqual(r.returncode, 4)
        self.assertIn(b"--column name=HEADER", r.stderr)
        r = run(["screen", path, "--column", "name=Firm"])
        self.assertEqual(r.returncode, 4)
        self.assertIn(b'"Firm": the header has no such column', r.stderr)
        for bad in ("nam=Company Name", "name=", "name"):
            r = run(["screen", path, "--column", bad])
            self.assertEqual(r.returncode, 2, bad)
        r = run(["screen", path, "--encoding", "ebcdic"])
        self.assertEqual(r.returncode, 2)
        r = run(["screen", path, "--delimiter", "x"])
        self.assertEqual(r.returncode, 2)

    def test_license_register_from_european_excel(self):
        lic = ("\ufeffLicense_Number; Holder ;consignee;items;valid_from;"
               "valid_to;notes\r\nD1;Example Components Inc.;%s;EAR99;"
               "2019-01-01;;\r\n" % HUAWEI).encode("utf-8")
        path = self.write("lic.csv", lic)
        r = run(["check", "--party", HUAWEI, "--date", "2019-06-01",
                 "--supplier", "Example Components Inc.", "--licenses",
                 path, "--json"])
        self.assertEqual(json.loads(r.stdout)["status"], "LICENSED",
                         r.stderr)


CUSTOMERS = ("id,name,country\n"
             "C1,Huawei Technologies Co. Ltd.,CN\n"
             "C2,Huawei Cloud Berlin,DE\n"
             "C3,Acme Widgets Inc.,US\n"
             "C4,Beijing 8-Star International Co.,CN\n")


def sample_rows():
    with open(SAMPLE_CSV, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def build_snapshot(path, rows):
    """A snapshot of the sample's entries as rows (CSL CSV) say."""
    src = path + ".csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    r = run(["build", "--csl", src, "--rules", RULES, "--output", path,
             "--description", "test"], snapshot=None)
    assert r.returncode == 0, r.stderr
    return path


def with_alias(rows, entry_id, alias):
    out = [list(r) for r in rows]
    col = out[0].index("alt_names")
    for r in out[1:]:
        if r[0] == entry_id:
            r[col] = (r[col] + "; " if r[col] else "") + alias
    return out


class ClearedHits(Tmp):
    def screen_rows(self, snap, *args, rc=(0,)):
        r = run(["screen", self.customers, "--date", "2021-01-01"]
                + list(args), snapshot=snap)
        self.assertIn(r.returncode, rc, r.stderr.decode())
        return {json.loads(l)["id"]: json.loads(l)
                for l in r.stdout.decode().splitlines()}, r

    def clear(self, row, *args):
        r = run(["clear", "--register", self.reg, "--reviewer", "alice",
                 "--reason", "not the listed party", "--date",
                 "2026-12-01"] + list(args),
                stdin=json.dumps(row).encode())
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_day(self):
        self.customers = self.write("customers.csv", CUSTOMERS.encode())
        self.reg = os.path.join(self.tmp, "cleared.csv")
        snap1 = SAMPLE_SNAP
        first, _ = self.screen_rows(snap1)
        self.assertEqual(first["C1"]["status"], "LICENSE_REQUIRED")
        self.assertEqual(first["C2"]["status"], "LICENSE_REQUIRED")
        for m in first["C1"]["matches"] + first["C2"]["matches"]:
            self.assertRegex(m["entry_fingerprint"], "^[0-9a-f]{64}$")
        self.clear(first["C1"])
        self.clear(first["C2"], "--by-name", "--entry", "ecs-el-0013")
        second, _ = self.screen_rows(snap1, "--cleared", self.reg)
        for cid, entry in (("C1", "ecs-el-0001"), ("C2", "ecs-el-0013")):
            self.assertEqual(second[cid]["status"], "NLR")
            self.assertEqual(second[cid]["matches"], [])
            self.assertEqual(second[cid]["cleared"][0]["entry_id"], entry)
            self.assertEqual(second[cid]["cleared"][0]["reason"],
                             "not the listed party")
        self.assertEqual(second["C4"]["status"], "LICENSE_REQUIRED")
        self.assertEqual(second["C4"]["cleared"], [])
        # The list update gives ecs-el-0001 a new alias: C1's hit reopens.
        snap2 = build_snapshot(os.path.join(self.tmp, "new.ecsnap"),
                               with_alias(sample_rows(), "ecs-el-0001",
                                          "Huawei Tech Investment"))
        third, _ = self.screen_rows(snap2, "--cleared", self.reg)
        self.assertEqual(third["C1"]["status"], "LICENSE_REQUIRED")
        self.assertEqual(third["C1"]["matches"][0]["reopened"],
                         "cleared on 2026-12-01 by alice; the entry "
                         "changed since")
        self.assertTrue(any("the entry changed since" in w
                            for w in third["C1"]["warnings"]))
        self.assertEqual(third["C2"]["status"], "NLR")
        self.assertEqual(third["C2"]["cleared"][0]["entry_id"],
                         "ecs-el-0013")
        # check --cleared agrees with screen.
        r = run(["check", "--party", "Huawei Cloud Berlin", "--date",
                 "2021-01-01", "--cleared", self.reg, "--json"],
                snapshot=snap2)
        d = json.loads(r.stdout)
        self.assertEqual(d["status"], "NLR", r.stderr)
        self.assertEqual(len(d["cleared"]), 1)
        r = run(["check", "--party", HUAWEI, "--party-id", "C1", "--date",
                 "2021-01-01", "--cleared", self.reg], snapshot=snap1)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn(b"cleared hits (not counted)", r.stdout)

    def test_expiry_and_malformed_register(self):
        self.customers = self.write("customers.csv", CUSTOMERS.encode())
        self.reg = os.path.join(self.tmp, "cleared.csv")
        first, _ = self.screen_rows(SAMPLE_SNAP)
        self.clear(first["C4"], "--expires", "2026-12-31")
        r = run(["screen", self.customers, "--date", "2027-01-01",
                 "--cleared", self.reg])
        rows = {json.loads(l)["id"]: json.loads(l)
                for l in r.stdout.decode().splitlines()}
        self.assertEqual(rows["C4"]["matches"][0]["reopened"],
                         "cleared on 2026-12-01 by alice; the decision "
                         "expired")
        with open(self.reg, "a") as f:
            f.write('"C9","","ecs-el-0001","nothex","bob","2026-12-02",'
                    '"","x"\n')
        r = run(["screen", self.customers, "--cleared", self.reg])
        self.assertEqual(r.returncode, 4)
        self.assertEqual(r.stdout, b"")
        self.assertIn(("%s:3: field 4" % self.reg).encode(), r.stderr)
        # clear refuses to append to a malformed register.
        r = run(["clear", "--register", self.reg, "--reviewer", "a",
                 "--reason", "b"], stdin=json.dumps(first["C1"]).encode())
        self.assertEqual(r.returncode, 4)
        with open(self.reg) as f:
            self.assertEqual(len(f.readlines()), 3)

    def test_clear_refuses_ambiguous_rows(self):
        self.reg = os.path.join(self.tmp, "cleared.csv")
        row = {"id": "X", "parties": [{"name": "A"}], "matches": [
            {"entry_id": "e1", "entry_fingerprint": "0" * 64},
            {"entry_id": "e2", "entry_fingerprint": "1" * 64}]}
        for stdin, args in ((row, []), (row, ["--entry", "e3"]),
                            ("not json", []), ({"matches": []}, [])):
            data = stdin if isinstance(stdin, str) else json.dumps(stdin)
            r = run(["clear", "--register", self.reg, "--reviewer", "a",
                     "--reason", "b"] + args, stdin=data.encode())
            self.assertEqual(r.returncode, 4, (stdin, args))
        self.assertFalse(os.path.exists(self.reg))
        # Dates the register would refuse are refused before appending.
        one = {"id": "X", "parties": [{"name": "A"}], "matches": [
            {"entry_id": "e1", "entry_fingerprint": "0" * 64}]}
        for args in (["--date", "2026-13-01"], ["--expires", "soon"],
                     ["--date", "2026-12-01", "--expires", "2026-11-30"]):
            r = run(["clear", "--register", self.reg, "--reviewer", "a",
                     "--reason", "b"] + args,
                    stdin=json.dumps(one).encode())
            self.assertEqual(r.returncode, 2, args)
        self.assertFalse(os.path.exists(self.reg))


def answer_key(d):
    """What a delta rescreen compares: the answer, not its wording."""
    return (d.get("status"), d.get("needs_review"), d.get("ofac_blocked"),
            d.get("ofac_listed"), d.get("review_policy"),
            sorted((m["list"], m["entry_id"], m["entry_fingerprint"])
                   for m in d.get("matches", [])),
            sorted(c["entry_id"] for c in d.get("cleared", [])),
            d.get("error"))


class DeltaRescreen(Tmp):
    def snapshots(self):
        rows = sample_rows()
        old = build_snapshot(os.path.join(self.tmp, "old.ecsnap"), rows)
        new = with_alias(rows, "ecs-el-0001", "Huawei Tech Investment")
        head = new[0]
        new = [r for r in new if r[0] != "ecs-el-0013"]       # removed
        pol = head.index("license_policy")
        for r in new:
            if r[0] == "ecs-el-0017":                         # changed
                r[pol] = "Policy of denial."
        added = list(new[1])
        added[0] = "ecs-el-0900"
        added[head.index("name")] = "Zarqa Photonics Trading FZE"
        added[head.index("alt_names")] = ""
        added[head.index("addresses")] = "Dubai, AE"
        new.append(added)                                     # added
        return old, build_snapshot(os.path.join(self.tmp, "new.ecsnap"),
                                   new)

    def full(self, path, snap):
        r = run(["screen", path, "--date", "2021-01-01", "--threads", "2"],
                snapshot=snap)
        self.assertIn(r.returncode, (0, 4), r.stderr)
        return {json.loads(l)["line"]: json.loads(l)
                for l in r.stdout.decode().splitlines()}

    def test_equals_full_screens(self):
        old, new = self.snapshots()
        names = ["Huawei Technologies Co. Ltd.", "Huawei Tech Investment",
                 "Huawei Tech Investments Ltd", "Huawei Cloud Berlin",
                 "Huawey Clouds Berlin GmbH", "Beijing 8-Star International",
                 "Beijing Eight Star Intl", "Zarqa Photonics Trading",
                 "Zarka Photonix Trading FZE", "ZarqaPhotonics",
                 "Acme Widgets Inc.", "Muller GmbH", "Trading Co. Ltd.",
                 "Semiconductor Manufacturing International Corp",
                 "ZTE Parsian", "Yangtze Memory Technologies", "Berlin Ltd"]
        lines = ["id,name,country"]
        rnd = random.Random(3)
        for i in range(600):
            lines.append('R%d,"%s",%s' % (i, rnd.choice(names),
                                         rnd.choice(["CN", "DE", "AE", ""])))
        lines.append('bad,"unbalanced,CN')
        path = self.write("rows.csv", ("\n".join(lines) + "\n").encode())
        a, b = self.full(path, old), self.full(path, new)
        # A malformed row is always reported, so it is never lost.
        want = {n for n in b if answer_key(a[n]) != answer_key(b[n])
                or "error" in b[n]}
        r = run(["screen", path, "--date", "2021-01-01", "--since", old],
                snapshot=new)
        self.assertIn(r.returncode, (0, 4), r.stderr)
        got = {json.loads(l)["line"]: json.loads(l)
               for l in r.stdout.decode().splitlines()}
        self.assertTrue(want, "the test data changed no answer")
        self.assertEqual(set(got), want)
        for n, row in got.items():
            if "error" in row:
                continue
            self.assertEqual(answer_key(row), answer_key(b[n]))
            self.assertEqual(row["delta"]["previous"]["status"],
                             a[n]["status"])
            self.assertTrue(row["delta"]["why"])
        why = [w for row in got.values() for w in row.get("delta", {})
               .get("why", [])]
        self.assertTrue(any("ecs-el-0013" in w and "resolved" in w
                            for w in why), why)
        self.assertTrue(any("ecs-el-0900" in w and "added" in w
                            for w in why), why)
        self.assertTrue(any("ecs-el-0001" in w and "alt_names" in w
                            for w in why), why)
        self.assertIn(b"answers changed", r.stderr)

    def test_equals_full_screens_on_the_lists(self, ROWS=1500):
        """The full 2022 lists and a day's update: words whose frequency
        moved change scores against entries the update did not touch, and
        --since still writes exactly the rows whose answers differ."""
        rnd = random.Random(11)
        rows = csl_rows()
        src = os.path.join(self.tmp, "new.csv")
        touched = lists_update(rows, src)
        self.assertEqual(len(set(touched)), 20)
        old = os.path.join(self.tmp, "old.ecsnap")
        new = os.path.join(self.tmp, "new.ecsnap")
        for path, csl in ((old, CSL_2022), (new, src)):
            r = run(["build", "--csl", csl, "--rules", RULES, "--output",
                     path, "--as-of", "csl=2022-05-06"], snapshot=None)
            self.assertEqual(r.returncode, 0, r.stderr)
        names = [r[rows[0].index("name")] for r in rows[1:]]
        # Entries the update left alone that share a word with one it
        # touched: their words' weights move.
        words = {w.strip(",.").lower() for t in touched for w in t.split()
                 if len(w) > 3}
        near = [n for n in names
                if words & {w.strip(",.").lower() for w in n.split()}]
        firsts = ["Maria", "Ahmad", "Jose", "Li", "Olga", "Mohammed", "Wei"]
        lines = ["id,name,country,address,date_of_birth,nationality,owners"]
        # Names whose score against an entry the update did not change
        # crosses the review floor because a word's weight moved (found
        # with the full screens of tests/bench/bench_delta.sh).
        for n in ("RUELAS TORRES, Jose Luis", "Nile Petroleum", "COCHAN"):
            lines.append('W,"%s",,,,,' % n)
        for i in range(ROWS):
            k = rnd.randrange(10)
            if k < 2:
                name = variant(rnd, rnd.choice(names))
            elif k < 3:
                name = variant(rnd, rnd.choice(touched))
            elif k < 5:
                name = variant(rnd, rnd.choice(near))
            else:
                name = "%s %s" % (rnd.choice(firsts),
                                  rnd.choice(names).split()[-1])
            addr = "12 Harbour Road, Wan Chai" if k == 9 else ""
            dob = "1970" if k == 8 else ""
            owner = variant(rnd, rnd.choice(touched)) + ":60" \
                if k == 7 else ""
            lines.append('R%d,"%s",%s,"%s",%s,%s,"%s"' % (
                i, name.replace('"', ""), rnd.choice(["CN", "RU", ""]),
                addr, dob, "IR" if dob else "", owner.replace('"', "")))
        path = self.write("rows.csv", ("\n".join(lines) + "\n").encode())
        a, b = self.full(path, old), self.full(path, new)
        want = {n for n in b if answer_key(a[n]) != answer_key(b[n])
                or "error" in b[n]}
        r = run(["screen", path, "--date", "2021-01-01", "--since", old,
                 "--threads", "2"], snapshot=new)
        self.assertIn(r.returncode, (0, 4), r.stderr)
        got = {json.loads(l)["line"]: json.loads(l)
               for l in r.stdout.decode().splitlines()}
        self.assertGreater(len(want), 20, "the update changed few answers")
        self.assertEqual(set(got), want)
        self.assertIn(b"weigh a word differently", r.stderr)
        # Most rows were not decided again.
        again = int(r.stderr.decode().split(" rows decided again")[0]
                    .split()[-1])
        self.assertLess(again, ROWS // 2)

    def test_nothing_changed(self):
        path = self.write("c.csv", CUSTOMERS.encode())
        r = run(["screen", path, "--since", SAMPLE_SNAP])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"")
        self.assertIn(b"0 entries added, changed or removed", r.stderr)
        self.assertIn(b"0 rows decided again; 0 answers changed", r.stderr)

    def test_rules_changed_screens_everything(self):
        rows = sample_rows()
        old = build_snapshot(os.path.join(self.tmp, "old.ecsnap"), rows)
        rules = os.path.join(self.tmp, "rules")
        import shutil
        shutil.copytree(RULES, rules)
        with open(os.path.join(rules, os.listdir(rules)[0]), "a") as f:
            f.write("\n# a comment changes the rules' digest\n")
        src = os.path.join(self.tmp, "new.csv")
        with open(src, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        new = os.path.join(self.tmp, "new.ecsnap")
        r = run(["build", "--csl", src, "--rules", rules, "--output", new],
                snapshot=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = self.write("c.csv", CUSTOMERS.encode())
        r = run(["screen", path, "--since", old], snapshot=new)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"the rules changed", r.stderr)
        self.assertEqual(len(r.stdout.decode().splitlines()), 4)
        r = run(["screen", path, "--since", old, "--format", "csv"],
                snapshot=new)
        self.assertEqual(r.returncode, 2)


def csl_rows():
    import gzip
    with gzip.open(CSL_2022, "rt", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def lists_update(rows, path):
    """The benchmark's day of changes to the full lists (20 entries:
    aliases added, entries removed, entries added; tests/bench/
    make_delta.py), written to path; returns the names it touched."""
    subprocess.run([sys.executable, os.path.join(REPO, "tests", "bench",
                                                 "make_delta.py"),
                    CSL_2022, path, "20"], check=True)
    with open(path, encoding="utf-8", newline="") as f:
        new = list(csv.reader(f))
    before = {r[0]: r for r in rows[1:]}
    after = {r[0]: r for r in new[1:]}
    name = rows[0].index("name")
    return [r[name] for k, r in list(before.items()) + list(after.items())
            if before.get(k) != after.get(k)]


def variant(rnd, name):
    words = name.replace(",", " ").split()
    k = rnd.randrange(5)
    if k == 1 and len(words) > 2:
        del words[rnd.randrange(len(words))]
    elif k == 2:
        w = rnd.randrange(len(words))
        if len(words[w]) > 4:
            p = rnd.randrange(1, len(words[w]) - 1)
            words[w] = words[w][:p] + words[w][p + 1:]
    elif k == 3:
        rnd.shuffle(words)
    elif k == 4:
        return name.upper()
    return " ".join(words)


def find_browser():
    import shutil
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class HtmlReport(Tmp):
    """The review page as a browser shows it (Debian's chromium)."""

    def browse(self, url, *extra):
        profile = tempfile.mkdtemp(dir=self.tmp)
        r = subprocess.run(
            [self.browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + profile] + list(extra) + [url],
            capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        return r.stdout.decode()

    def test_page_in_chromium(self):
        self.browser = find_browser()
        if not self.browser:
            self.skipTest("no chromium installed: the HTML report is not "
                          "checked in a browser (apt-get install chromium)")
        rows = sample_rows()
        head = rows[0]
        sdn = list(rows[1])
        sdn[0] = "ecs-sdn-0001"
        sdn[head.index("source")] = ("Specially Designated Nationals (SDN)"
                                     " - Treasury Department")
        sdn[head.index("name")] = "Qadir Saffron Shipping Company"
        sdn[head.index("programs")] = "SDGT"
        sdn[head.index("alt_names")] = ""
        snap = build_snapshot(os.path.join(self.tmp, "r.ecsnap"),
                              rows + [sdn])
        data = ("id,name,date\n"
                "P1,Zhongxing Telecommunications Equipment Corporation,"
                "2018-05-01\n"
                "L1,Huawei Technologies Co. Ltd.,2021-01-01\n"
                "N1,Acme Widgets Inc.,2021-01-01\n"
                "O1,Qadir Saffron Shipping Company,2021-01-01\n"
                "V1,Semiconductor Manufacturing International Holdings "
                "Group,2021-01-01\n"
                "N2,Muller <GmbH> & Co,2021-01-01\n")
        path = self.write("c.csv", data.encode())
        page = os.path.join(self.tmp, "report.html")
        r = run(["screen", path, "--report", page], snapshot=snap)
        self.assertEqual(r.returncode, 0, r.stderr)
        results = [json.loads(l) for l in r.stdout.decode().splitlines()]
        with open(page, encoding="utf-8") as f:
            html = f.read()
        for bad in ("<link", "src=", "@import", "url(", "http://", "https:"):
            if bad == "http://":  # the SVG namespace is no fetch
                html_no_ns = html.replace("http://www.w3.org/2000/svg", "")
                self.assertNotIn(bad, html_no_ns)
            else:
                self.assertNotIn(bad, html)
        dom = self.browse("file://" + page, "--dump-dom")
        want = {}
        for row in results:
            want[row["status"]] = want.get(row["status"], 0) + 1
        import re
        counts = dict(re.findall(
            r'data-status="([A-Z_]+)"[^>]*>(\d+)</text>', dom))
        for status in ("NOT_SUBJECT", "NLR", "NLR_WITH_CONDITIONS",
                       "LICENSED", "LICENSE_REQUIRED", "PROHIBITED"):
            self.assertEqual(int(counts[status]), want.get(status, 0),
                             status)
        table = dom[dom.index('id="flagged"'):dom.index("<h2>Data")]
        ids = re.findall(r"<tr data-sev=\"\d\"><td>\d+</td><td>(\w+)<",
                         table)
        flagged = [x["id"] for x in results
                   if x["status"] in ("PROHIBITED", "LICENSE_REQUIRED")
                   or x["needs_review"] or x["ofac_blocked"]]
        self.assertEqual(sorted(ids), sorted(flagged))
        self.assertEqual(ids[0], "P1")          # most urgent first
        self.assertIn("O1", ids)                # ofac_blocked
        self.assertIn("V1", ids)                # needs review
        self.assertNotIn("N1", ids)
        self.assertIn("84 FR 22961", table)     # a citation
        self.assertIn("exact", table)           # token explanation
        self.assertIn("sha256", dom)
        # Sorted by name in the browser (#sort=2).
        dom = self.browse("file://" + page + "#sort=2", "--dump-dom")
        table = dom[dom.index('id="flagged"'):dom.index("<h2>Data")]
        names = re.findall(r"<tr data-sev=\"\d\"><td>\d+</td><td>\w+</td>"
                           r"<td>([^<]+)<", table)
        self.assertEqual(names, sorted(names))
        shot = os.path.join(self.tmp, "shot.png")
        self.browse("file://" + page, "--screenshot=" + shot,
                    "--window-size=1280,1600")
        with open(shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 10000)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class AuditTrail(Tmp):
    def test_records(self):
        log = os.path.join(self.tmp, "audit.jsonl")
        lic = self.write("lic.csv", (
            "license_number,holder,consignee,items,valid_from,valid_to,"
            "notes\nD1,Example Components Inc.,%s,EAR99,2019-01-01,,\n"
            % HUAWEI).encode())
        reg = os.path.join(REPO_CLEARED)
        r = run(["check", "--party", HUAWEI, "--party-id", "C1",
                 "--date", "2019-06-01", "--supplier",
                 "Example Components Inc.", "--licenses", lic,
                 "--cleared", reg, "--audit", log, "--analyst", "alice",
                 "--json"])
        answer = json.loads(r.stdout)
        customers = self.write("c.csv", (
            "id,name\nK1,%s\nK2,\"Acme \"\"Quoted\"\"\nline\"\n"
            % HUAWEI).encode())
        r = run(["screen", customers, "--date", "2019-06-01", "--audit",
                 log], snapshot=SAMPLE_SNAP)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(log, encoding="utf-8") as f:
            lines = f.read().split("\n")
        self.assertEqual(lines[-1], "")
        recs = [json.loads(l) for l in lines[:-1]]
        self.assertEqual(len(recs), 3)
        info = json.loads(run(["info", "--json"]).stdout)
        rules_sha = [s["sha256"] for s in info["sources"]
                     if s["kind"] == "rules"][0]
        for rec in recs:
            self.assertRegex(rec["time"], r"^\d{4}-\d\d-\d\dT")
            self.assertTrue(rec["tool"].startswith("entitycheck "))
            self.assertEqual(rec["snapshot"]["sha256"],
                             sha256_of(SAMPLE_SNAP))
            self.assertEqual(rec["rules_sha256"], rules_sha)
            self.assertEqual([l["code"] for l in rec["snapshot"]["lists"]],
                             [l["code"] for l in info["lists"]])
        first = recs[0]
        self.assertEqual(first["analyst"], "alice")
        self.assertEqual(first["registers"]["licenses"], sha256_of(lic))
        self.assertEqual(first["registers"]["cleared"], sha256_of(reg))
        self.assertEqual(first["query"]["parties"][0]["id"], "C1")
        self.assertEqual(first["query"]["supplier"],
                         "Example Components Inc.")
        self.assertEqual(first["answer"]["status"], answer["status"])
        self.assertEqual(first["answer"]["cleared"][0]["entry_id"],
                         "ecs-el-0001")
        self.assertEqual(recs[1]["input"], customers)
        self.assertEqual(recs[1]["line"], 2)
        self.assertEqual(recs[2]["query"]["parties"][0]["name"],
                         'Acme "Quoted"\nline')
        self.assertEqual(recs[1]["answer"]["status"], "LICENSE_REQUIRED")
        self.assertEqual(recs[1]["answer"]["matches"][0]["entry_id"],
                         "ecs-el-0001")

    def test_kill_9_leaves_whole_lines(self):
        """A long screen killed at random points: each time, every line
        but a torn last one parses, and the next run starts clean."""
        rows = ["id,name,country"]
        names = [HUAWEI, "Acme Widgets Inc.", "Huawei Cloud Berlin",
                 "Beijing 8-Star International Co.", "Muller GmbH"]
        for i in range(200000):
            rows.append("R%d,%s %d,CN" % (i, names[i % 5], i % 7))
        customers = self.write("big.csv", ("\n".join(rows) + "\n").encode())
        log = os.path.join(self.tmp, "audit.jsonl")
        rnd = random.Random(14)
        env = dict(os.environ)
        env.pop("ENTITYCHECK_SNAPSHOT", None)
        seen = 0
        for k in range(6):
            p = subprocess.Popen([TOOL, "--snapshot", SAMPLE_SNAP, "screen",
                                  customers, "--audit", log, "--threads",
                                  "2", "--output",
                                  os.path.join(self.tmp, "out.jsonl")],
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=env)
            time.sleep(rnd.uniform(0.2, 1.5))
            p.send_signal(signal.SIGKILL)
            p.wait()
            with open(log, "rb") as f:
                data = f.read()
            lines = data.split(b"\n")
            body, last = lines[:-1], lines[-1]
            torn = 0
            for i, l in enumerate(body):
                try:
                    rec = json.loads(l)
                    self.assertIn("answer", rec)
                except ValueError:
                    # Only a line an earlier kill tore, closed off since.
                    torn += 1
            self.assertLessEqual(torn, k)
            if last:
                with self.assertRaises(ValueError):
                    json.loads(last)
            seen = len(body)
        self.assertGreater(seen, 0, "no record before the kills")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
