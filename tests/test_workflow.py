#!/usr/bin/env python3
"""Tests of a compliance team's day with `entitycheck`, as a user runs it:
spreadsheet exports in (Excel's "CSV UTF-8", European Excel's semicolons,
ERP Windows-1252, Excel's "Unicode text"), cleared hits remembered and
reopened, delta rescreening, the audit trail and the review report.

usage: test_workflow.py BUILD_DIR
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

from toolpaths import TOOL, SAMPLE_SNAP, SAMPLE_CSV, RULES

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


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
