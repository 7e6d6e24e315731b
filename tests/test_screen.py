#!/usr/bin/env python3
"""Tests of `entitycheck screen` as a user runs it: one result per row in
input order, an error result for a malformed row that names its line while
the batch goes on, the same output whatever the number of threads, CSV and
JSON Lines in both directions, and output written through a temporary file.

usage: test_screen.py BUILD_DIR
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

BUILD = None
SAMPLE_SNAP = None

ROWS_CSV = """id,name,country,item,date,extra
a1,Huawei Technologies Co. Ltd.,CN,EAR99,2019-06-01,ignored
a2,Acme Widgets Incorporated,US,EAR99,2019-06-01,
a3,"Zhongxing Telecommunications Equipment (ZTE) Corporation",CN,EAR99,2016-03-10,
a4,broken "quote,CN,EAR99,2019-06-01,
a5,Beijing 8-Star International Co.,,EAR99,2017-04-01,
a6,Huawei Technologies Co. Ltd.,CN,NOT-AN-ECCN,2019-06-01,
a7,Too,Many,Fields,Here,x,y
a8,Yangtze Memory Technologies Co. Ltd.,CN,EAR99,2022-11-01,
"""


def results(proc):
    """The JSON Lines a run of the tool wrote, parsed."""
    return [json.loads(l) for l in proc.stdout.decode().splitlines()]


def run(args, stdin=None):
    env = dict(os.environ)
    env["ENTITYCHECK_SNAPSHOT"] = SAMPLE_SNAP
    return subprocess.run([os.path.join(BUILD, "entitycheck")] + args,
                          input=stdin, capture_output=True, env=env)


class Screen(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.inp = os.path.join(self.tmp.name, "in.csv")
        self.write_input(ROWS_CSV)

    def write_input(self, rows):
        with open(self.inp, "w", encoding="utf-8") as f:
            f.write(rows)

    def tearDown(self):
        self.tmp.cleanup()

    def jsonl(self, args):
        r = run(["screen", self.inp] + args)
        self.assertIn(r.returncode, (0, 4), r.stderr)
        return results(r), r

    def test_order_and_fields(self):
        rows, r = self.jsonl([])
        self.assertEqual([x.get("id") for x in rows],
                         ["a1", "a2", "a3", None, "a5", "a6", "a7", "a8"])
        self.assertEqual(rows[0]["line"], 2)
        self.assertEqual(rows[0]["status"], "LICENSE_REQUIRED")
        self.assertEqual(rows[0]["review_policy"], "presumption_of_denial")
        self.assertTrue(rows[0]["matches"])
        self.assertEqual(rows[0]["matches"][0]["entry_id"], "ecs-el-0001")
        for key in ("ofac_blocked", "needs_review", "rules",
                    "authorizations", "obligations", "warnings", "date",
                    "item"):
            self.assertIn(key, rows[0])
        self.assertEqual(rows[1]["status"], "NLR")
        self.assertEqual(rows[2]["status"], "LICENSE_REQUIRED")
        self.assertEqual(rows[4]["status"], "LICENSE_REQUIRED")
        self.assertEqual(rows[7]["status"], "NLR_WITH_CONDITIONS")

    def test_bad_rows_name_their_line(self):
        rows, r = self.jsonl([])
        self.assertEqual(r.returncode, 4)
        self.assertEqual(rows[3]["line"], 5)
        self.assertIn("quote", rows[3]["error"])
        self.assertEqual(rows[5]["id"], "a6")
        self.assertIn("ECCN", rows[5]["error"])
        self.assertEqual(rows[6]["line"], 8)
        self.assertIn("fields", rows[6]["error"])
        summary = r.stderr.decode()
        self.assertIn("screened 8 rows", summary)
        self.assertIn("errors 3", summary)
        # Not a terminal: the summary only, no progress line.
        self.assertNotIn("\r", summary)

    def test_threads_give_identical_output(self):
        outs = []
        for t in ("1", "2", "5"):
            r = run(["screen", self.inp, "--threads", t])
            outs.append(r.stdout)
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])
        r = run(["screen", self.inp, "--threads", "2", "--no-cache"])
        self.assertEqual(outs[0], r.stdout)

    def test_cache_tells_rows_apart(self):
        # Rows that differ only in a list field, or in bytes the cache key
        # could confuse with its separators, are decided on their own.
        rows = ("id,name,country,item,date,activity,facts\n"
                "b1,Huawei Technologies,CN,EAR99,2019-06-01,"
                "existing_network_support,\n"
                "b2,Huawei Technologies,CN,EAR99,2019-06-01,"
                "existing_network_support;bogus_tag,\n"
                "b3,Huawei Technologies,CN,EAR99,2019-06-01,"
                "existing_network_support;not_a_tag,\n"
                "b4,\"Huawei Technologies\x1fCN\",,EAR99,2019-06-01,,\n"
                "b5,Huawei Technologies,CN,EAR99,2019-06-01,,"
                "\"\x1e\x1f\x1e\"\n"
                "b6,Huawei Technologies,CN,EAR99,2019-06-01,,"
                "a;b;c;d;e;f;g;h;i\n")
        self.write_input(rows)
        cached = run(["screen", self.inp, "--threads", "1"])
        fresh = run(["screen", self.inp, "--threads", "1", "--no-cache"])
        self.assertEqual(cached.stdout, fresh.stdout)
        out = results(cached)
        self.assertNotIn("error", out[0])
        for k in (1, 2, 4, 5):
            self.assertIn("error", out[k], out[k])
        self.assertIn("too many facts", out[5]["error"])

    def test_row_parsed_like_check(self):
        # A US content share with origin us is refused by `check`; the same
        # row in `screen` is a row error, not a silent answer (issue 16).
        rows = ("id,name,item,date,origin,us_content,facts,owners\n"
                "u1,Acme Widgets,EAR99,2020-01-01,us,30,,\n"
                "u2,Acme Widgets,EAR99,2020-01-01,,30,,\n"
                "u3,Acme Widgets,EAR99,2020-01-01,mars,,,\n"
                "u4,Acme Widgets,EAR99,2020-01-01,,,no_such_fact,\n"
                "u5,Acme Widgets,EAR99,2020-01-01,,,,Some Owner:150\n")
        self.write_input(rows)
        out = results(run(["screen", self.inp, "--threads", "1"]))
        self.assertIn("foreign-made", out[0]["error"])
        self.assertNotIn("error", out[1], out[1])
        self.assertIn("origin is us, foreign or direct-product",
                      out[2]["error"])
        self.assertIn("unknown fact", out[3]["error"])
        self.assertIn("not a percentage", out[4]["error"])
        c = run(["check", "--party", "Acme Widgets", "--origin", "us",
                 "--us-content", "30"])
        self.assertEqual(c.returncode, 2)
        self.assertIn("foreign-made", c.stderr.decode())

    def test_csv_output(self):
        r = run(["screen", self.inp, "--format", "csv"])
        rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
        self.assertEqual(len(rows), 8)
        self.assertEqual(rows[0]["id"], "a1")
        self.assertEqual(rows[0]["status"], "LICENSE_REQUIRED")
        self.assertEqual(rows[0]["top_entry_id"], "ecs-el-0001")
        self.assertEqual(rows[3]["status"], "ERROR")
        self.assertIn("quote", rows[3]["error"])

    def test_jsonl_input(self):
        lines = [
            {"id": "j1", "name": "Huawei Technologies Co., Ltd.",
             "date": "2019-06-01", "activity": ["existing_handset_support"],
             "device_date": "2019-04-01"},
            {"id": "j2", "name": "Acme Widgets Incorporated"},
        ]
        text = "\n".join(json.dumps(x) for x in lines) + "\n{not json\n"
        r = run(["screen", "-", "--input-format", "jsonl", "--date",
                 "2019-06-01"], stdin=text.encode())
        out = results(r)
        self.assertEqual(out[0]["status"], "NLR_WITH_CONDITIONS")
        self.assertEqual(out[1]["status"], "NLR")
        self.assertEqual(out[1]["date"], "2019-06-01")
        self.assertEqual(out[2]["line"], 3)
        self.assertIn("error", out[2])
        r2 = run(["screen", "-", "--input-format", "jsonl", "--format",
                  "csv", "--date", "2019-06-01"], stdin=text.encode())
        rows = list(csv.DictReader(io.StringIO(r2.stdout.decode())))
        self.assertEqual([x["status"] for x in rows],
                         ["NLR_WITH_CONDITIONS", "NLR", "ERROR"])

    def test_jsonl_blank_last_line_ends_the_input(self):
        # Regression: a last line of only blanks, without a newline, made
        # the JSON Lines reader loop for ever (found by fuzz_serve_query).
        for tail in ("  ", "\r", "\n \t"):
            r = subprocess.run(
                [os.path.join(BUILD, "entitycheck"), "screen", "-",
                 "--input-format", "jsonl", "--date", "2019-06-01"],
                input=b'{"name": "Acme Widgets Incorporated"}\n' +
                tail.encode(), capture_output=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(r.stdout.splitlines()), 1)

    def test_output_file(self):
        out = os.path.join(self.tmp.name, "out.jsonl")
        r = run(["screen", self.inp, "--output", out])
        self.assertEqual(r.returncode, 4)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(len(f.read().splitlines()), 8)
        self.assertEqual(sorted(os.listdir(self.tmp.name)),
                         ["in.csv", "out.jsonl"])

    def test_usage(self):
        self.assertEqual(run(["screen", "--threads", "0"]).returncode, 2)
        self.assertEqual(run(["screen", "--format", "xml"]).returncode, 2)
        r = run(["screen", "-"], stdin=b"id,country\n1,CN\n")
        self.assertEqual(r.returncode, 4)
        self.assertIn("name", r.stderr.decode())


class OwnersAndAddress(unittest.TestCase):
    """The screen columns owners and address give the answers of check's
    --owner/--share and --address, on a snapshot of the hand-written
    sample built here (not whatever the default snapshot is)."""

    HUAWEI = "Huawei Technologies Co., Ltd."
    SMIC = "Semiconductor Manufacturing International Corporation"
    YMTC = "Yangtze Memory Technologies Co., Ltd."
    ADDR = ("Room 1318-19, 13F, Hollywood Plaza, 610 Nathan Road, "
            "Mong Kok, Kowloon, Hong Kong")
    # (row id, date, address, [(owner, share or None)], item)
    CASES = (
        ("o1", "2025-11-03", "", [(HUAWEI, 100)], "EAR99"),
        ("o2", "2025-10-15", "", [(HUAWEI, 100)], "EAR99"),
        ("o3", "2026-01-10", "", [(HUAWEI, 100)], "EAR99"),
        ("o4", "2026-12-03", "", [(HUAWEI, 100)], "EAR99"),
        ("o5", "2026-12-03", "", [(HUAWEI, 30)], "EAR99"),
        ("o6", "2026-12-03", "", [(HUAWEI, 30), (SMIC, 25)], "EAR99"),
        ("o7", "2026-12-03", "", [(HUAWEI, None)], "EAR99"),
        ("o8", "2022-11-01", "", [(YMTC, 100)], "EAR99"),
        ("a1", "2024-07-01", ADDR, [], "3A991"),
        ("a2", "2024-06-11", ADDR, [], "3A991"),
        ("a3", "2024-07-01", ADDR.replace("1318-19", "1401"), [], "3A991"),
        ("a4", "2026-12-03", ADDR, [(HUAWEI, 60)], "EAR99"),
    )
    PARTY = "Shenzhen Example Components Co., Ltd."

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = os.environ["EC_SOURCE_ROOT"]
        cls.snap = os.path.join(cls.tmp.name, "sample.ecsnap")
        r = run(["build", "--csl",
                 os.path.join(root, "data", "sample",
                              "entity-list-sample.csv"),
                 "--rules", os.path.join(root, "data", "rules"),
                 "--output", cls.snap])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def essence(d):
        return (d["status"], d["needs_review"], d["ofac_blocked"],
                d["review_policy"], sorted(r["id"] for r in d["rules"]),
                sorted((m["entry_id"], m.get("owner"),
                        m.get("by_address", False)) for m in d["matches"]),
                sorted(d["warnings"]))

    def check(self, date, address, owners, item):
        args = ["--snapshot", self.snap, "check", "--party", self.PARTY,
                "--country", "CN", "--item", item, "--date", date, "--json"]
        if address:
            args += ["--address", address]
        for name, share in owners:
            args += ["--owner", name]
            if share is not None:
                args += ["--share", str(share)]
        r = run(args)
        self.assertIn(r.returncode, (0, 1, 10, 11, 20, 21), r.stderr)
        return json.loads(r.stdout)

    def test_screen_matches_check(self):
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["id", "name", "country", "item", "date", "address",
                    "owners"])
        for rid, date, address, owners, item in self.CASES:
            w.writerow([rid, self.PARTY, "CN", item, date, address,
                        "; ".join(n if s is None else "%s:%s" % (n, s)
                                  for n, s in owners)])
        inp = os.path.join(self.tmp.name, "rows.csv")
        with open(inp, "w", encoding="utf-8") as f:
            f.write(out.getvalue())
        r = run(["--snapshot", self.snap, "screen", inp, "--threads", "2"])
        rows = results(r)
        self.assertEqual(len(rows), len(self.CASES))
        seen = {}
        for row, (rid, date, address, owners, item) in zip(rows,
                                                           self.CASES):
            self.assertNotIn("error", row, row)
            self.assertEqual(row["id"], rid)
            c = self.check(date, address, owners, item)
            self.assertEqual(self.essence(row), self.essence(c), rid)
            seen[rid] = c
        # The answers themselves (so equal answers are also right ones).
        self.assertEqual(seen["o1"]["status"], "LICENSE_REQUIRED")
        self.assertEqual(seen["o3"]["status"], "NLR")
        self.assertTrue(any("suspended" in w for w in seen["o3"]["warnings"]))
        self.assertTrue(seen["o4"]["needs_review"])
        self.assertEqual(seen["o5"]["status"], "NLR")
        self.assertEqual(seen["o6"]["status"], "LICENSE_REQUIRED")
        self.assertTrue(seen["o7"]["needs_review"])
        self.assertEqual(seen["a1"]["status"], "LICENSE_REQUIRED")
        self.assertTrue(any(m.get("by_address") for m in seen["a1"]["matches"]))
        self.assertEqual(seen["a2"]["status"], "NLR")
        self.assertEqual(seen["a3"]["status"], "NLR")
        self.assertEqual(seen["a4"]["status"], "LICENSE_REQUIRED")
        self.assertTrue(any(m.get("owner") == self.HUAWEI
                            for m in seen["a4"]["matches"]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_screen.py BUILD_DIR")
    BUILD = sys.argv.pop(1)
    SAMPLE_SNAP = os.path.join(BUILD, "data", "sample.ecsnap")
    unittest.main(verbosity=2)
