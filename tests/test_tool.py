#!/usr/bin/env python3
"""End-to-end tests of the `entitycheck` command, run as a user would.

usage: python3 tests/test_tool.py BUILD_DIR [unittest options]

BUILD_DIR holds the `entitycheck` binary, data/default.ecsnap (the default
snapshot: the official lists of data/lists) and data/sample.ecsnap (the
hand-written sample most tests run on).  Every list they read is in the
repository: nothing is skipped for missing data.
"""
import csv
import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

from toolpaths import (
    TOOL, SAMPLE_SNAP, RULES, SAMPLE_CSV, LISTS, CSL_2022, DEFAULT_SNAP)

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def run(*args, env_snapshot=SAMPLE_SNAP):
    """Runs the tool with ARGS on the sample snapshot, or env_snapshot
    ($ENTITYCHECK_SNAPSHOT; None: unset, the default snapshot)."""
    env = dict(os.environ)
    env.pop("ENTITYCHECK_SNAPSHOT", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    if env_snapshot is not None:
        env["ENTITYCHECK_SNAPSHOT"] = env_snapshot
    return subprocess.run([TOOL, *args], capture_output=True, text=True,
                          env=env, timeout=300)


def run_json(testcase, *args, env_snapshot=SAMPLE_SNAP):
    p = run(*args, env_snapshot=env_snapshot)
    testcase.assertEqual(p.returncode, 0, p.stderr)
    return json.loads(p.stdout)


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ec-test-tool-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


class TestHelp(unittest.TestCase):
    def test_help(self):
        p = run("--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("usage: entitycheck", p.stdout)
        # Says the default lists are old, and how to keep current.
        self.assertIn("needs review", p.stdout)
        self.assertIn("update --sources", p.stdout)

    def test_version(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"^entitycheck \d+\.\d+\.\d+")

    def test_command_help(self):
        for cmd in ("info", "search", "compare", "build"):
            with self.subTest(cmd=cmd):
                p = run(cmd, "--help")
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn("usage: entitycheck", p.stdout)
                self.assertIn(cmd, p.stdout)


class TestUsageErrors(unittest.TestCase):
    CASES = [
        [],
        ["frobnicate"],
        ["--frobnicate", "info"],
        ["search"],
        ["search", "Huawei", "--limit", "x"],
        ["search", "Huawei", "--min-score", "2"],
        ["search", "Huawei", "--country", "USA"],
        ["search", "Huawei", "--no-such-option"],
        ["compare", "only one name"],
        ["info", "--bogus"],
        ["--snapshot"],
        ["build", "--csl", SAMPLE_CSV],
        ["build", "--output", "x.ecsnap"],
    ]

    def test_usage_errors_exit_2(self):
        for args in self.CASES:
            with self.subTest(args=args):
                p = run(*args)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("entitycheck", p.stderr)
                self.assertIn("--help", p.stderr)
                self.assertEqual(p.stdout, "")


class TestOutputFailure(unittest.TestCase):
    def test_unwritable_stdout_exits_5(self):
        # An answer that cannot be written must not exit 0 ("no license
        # required" for check).
        for args in (["check", "--party", "Acme Widgets", "--item", "EAR99",
                      "--date", "2022-01-01", "--json"],
                     ["info"], ["search", "Huawei"]):
            with self.subTest(args=args), open("/dev/full", "w") as full:
                p = subprocess.run([TOOL, "--snapshot", SAMPLE_SNAP, *args],
                                   stdout=full, stderr=subprocess.PIPE,
                                   text=True, timeout=60)
                self.assertEqual(p.returncode, 5, p.stderr)
                self.assertIn("cannot write", p.stderr)


class TestSnapshotErrors(TempDirTest):
    def assert_bad_snapshot(self, path, use_env=False):
        if use_env:
            p = run("info", env_snapshot=path)
        else:
            p = run("--snapshot", path, "info")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn(path, p.stderr)
        self.assertEqual(p.stdout, "")

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def sample_bytes(self):
        with open(SAMPLE_SNAP, "rb") as f:
            return f.read()

    def test_missing(self):
        self.assert_bad_snapshot("/nonexistent/none.ecsnap")

    def test_random_bytes(self):
        self.assert_bad_snapshot(self.write("random", os.urandom(4096)))

    def test_empty_and_directory(self):
        self.assert_bad_snapshot(self.write("empty", b""))
        self.assert_bad_snapshot(self.tmp)

    def test_truncated(self):
        data = self.sample_bytes()
        for n in (40, len(data) // 2, len(data) - 1):
            with self.subTest(length=n):
                self.assert_bad_snapshot(self.write("trunc%d" % n, data[:n]))

    def test_flipped_bit(self):
        data = self.sample_bytes()
        for off in (20, len(data) // 2, len(data) - 1):
            with self.subTest(offset=off):
                bad = bytearray(data)
                bad[off] ^= 0x10
                self.assert_bad_snapshot(self.write("flip%d" % off, bad))

    def test_newer_format(self):
        # Format version 99 with a valid header CRC: refused as too new.
        data = bytearray(self.sample_bytes())
        struct.pack_into("<I", data, 8, 99)
        plen = struct.unpack_from("<I", data, 24)[0]
        crc = zlib.crc32(bytes(data[:52]) + bytes(data[56:56 + plen]))
        struct.pack_into("<I", data, 52, crc)
        self.assert_bad_snapshot(self.write("newer", data))

    def test_env_snapshot(self):
        bad = self.write("random", os.urandom(4096))
        self.assert_bad_snapshot(bad, use_env=True)
        # --snapshot wins over the environment.
        p = run("--snapshot", SAMPLE_SNAP, "info", env_snapshot=bad)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("--snapshot=" + SAMPLE_SNAP, "info", env_snapshot=bad)
        self.assertEqual(p.returncode, 0, p.stderr)


class TestBuild(TempDirTest):
    def setUp(self):
        super().setUp()
        os.mkdir(self.path("in"))
        os.mkdir(self.path("out"))
        with open(SAMPLE_CSV, encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        self.bad_csv = self.path("in", "bad.csv")
        with open(self.bad_csv, "w", encoding="utf-8") as f:
            f.writelines(lines[:2])
            f.write('"one","two","three"\n')     # line 3: 3 of 29 columns
            f.writelines(lines[2:4])
        self.output = self.path("out", "list.ecsnap")

    def build(self, csl):
        return run("build", "--csl", csl, "--rules", RULES,
                   "--output", self.output)

    def test_malformed_csv(self):
        p = self.build(self.bad_csv)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn(self.bad_csv + ":3", p.stderr)
        self.assertIn("column", p.stderr)
        self.assertEqual(os.listdir(self.path("out")), [],
                         "a failed build left files behind")

    def test_failed_build_keeps_old_output(self):
        p = self.build(SAMPLE_CSV)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.output, "rb") as f:
            before = f.read()
        p = self.build(self.bad_csv)
        self.assertEqual(p.returncode, 4, p.stderr)
        with open(self.output, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(os.listdir(self.path("out")), ["list.ecsnap"])
        info = run_json(self, "--snapshot", self.output, "info", "--json")
        with open(SAMPLE_CSV, encoding="utf-8") as f:
            rows = sum(1 for _ in csv.DictReader(f))
        self.assertEqual(info["entries"], rows)
        self.assertGreaterEqual(rows, 23)


class TestInfo(unittest.TestCase):
    def test_json(self):
        info = run_json(self, "info", "--json")
        self.assertIsInstance(info["format_version"], int)
        self.assertRegex(info["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertIn("SAMPLE", info["description"])
        self.assertIs(info["sample"], True)
        for key in ("entries", "names", "rules"):
            self.assertIsInstance(info[key], int)
            self.assertGreater(info[key], 0)
        self.assertGreaterEqual(info["names"], info["entries"])
        self.assertTrue(info["sources"])
        for s in info["sources"]:
            for key in ("kind", "file", "layout"):
                self.assertIsInstance(s[key], str)
                self.assertTrue(s[key])
            self.assertRegex(s["sha256"], HEX64)
            self.assertIsInstance(s["rows"], int)
        self.assertIn("csl", [s["kind"] for s in info["sources"]])
        self.assertTrue(info["lists"])
        for lst in info["lists"]:
            for key in ("code", "source", "newest_start_date"):
                self.assertIsInstance(lst[key], str)
            self.assertIsInstance(lst["entries"], int)
            self.assertIsInstance(lst["names"], int)
        self.assertEqual(sum(l["entries"] for l in info["lists"]),
                         info["entries"])
        self.assertIn("EL", [l["code"] for l in info["lists"]])

    def test_text(self):
        p = run("info")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("SAMPLE", p.stdout)
        self.assertIn("not for real screening", p.stdout)


class TestIdentifyingFacts(unittest.TestCase):
    """--dob, --nationality, --id-number, --id-type, --type (issue 13)."""
    QUERY = "Huawei Technologies Co., Ltd."

    def test_search_explains_facts(self):
        out = run_json(self, "search", self.QUERY, "--json", "--dob", "1970",
                       "--nationality", "China", "--id-number", "X 123-45",
                       "--id-type", "Passport", "--type", "organization")
        self.assertTrue(out["matches"])
        self.assertIsInstance(out["matches"][0]["explanation"]["facts"], list)

    def test_bad_values_are_usage_errors(self):
        for opt, value, words in (("--dob", "1983-13-01", "date of birth"),
                                  ("--nationality", "Atlantis", "nationality"),
                                  ("--type", "vessel", "type"),
                                  ("--id-number", "ABC", "ID number")):
            p = run("search", self.QUERY, opt, value)
            self.assertNotEqual(p.returncode, 0, opt)
            self.assertIn(words, p.stderr, opt)

    def test_check_takes_facts_per_party(self):
        p = run("check", "--party", self.QUERY, "--type", "organization",
                "--nationality", "CN")
        self.assertNotEqual(p.returncode, 2, p.stderr)  # 2: usage
        self.assertIn("party 1", p.stdout)
        p = run("check", "--dob", "1970", "--party", self.QUERY)
        self.assertEqual(p.returncode, 2)

    def test_screen_columns(self):
        rows = ("name,date_of_birth,nationality,id_number,id_type,type\n"
                '"%s",,CN,,,organization\n'
                '"%s",1983-13-01,,,,\n' % (self.QUERY, self.QUERY))
        p = subprocess.run([TOOL, "screen", "-", "--format", "csv"],
                           input=rows, capture_output=True, text=True,
                           timeout=300)
        lines = p.stdout.strip().splitlines()
        self.assertEqual(len(lines), 3, p.stdout + p.stderr)
        self.assertNotIn("ERROR", lines[1])
        self.assertIn("ERROR", lines[2])
        self.assertIn("date of birth", lines[2])


class TestSearch(unittest.TestCase):
    QUERY = "Huawei Technologies Co., Ltd."

    def test_exact_name(self):
        out = run_json(self, "search", self.QUERY, "--json")
        self.assertTrue(out["matches"])
        m = out["matches"][0]
        self.assertEqual(m["entry_id"], "ecs-el-0001")
        self.assertEqual(m["list"], "EL")
        self.assertEqual(m["name"], self.QUERY)
        self.assertEqual(m["matched_name"], self.QUERY)
        self.assertEqual(m["score"], 1.0)
        self.assertEqual(m["country"], "CN")
        self.assertIsInstance(m["addresses"], list)
        tokens = m["explanation"]["tokens"]
        self.assertTrue(tokens)
        for t in tokens:
            for key in ("query", "listed", "kind", "similarity", "weight",
                        "contribution"):
                self.assertIn(key, t)
        self.assertAlmostEqual(sum(t["contribution"] for t in tokens),
                               m["score"], delta=0.01)
        scores = [x["score"] for x in out["matches"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertTrue(all(s >= 0.8 for s in scores))

    def test_text(self):
        p = run("search", self.QUERY)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("ecs-el-0001", p.stdout)

    def test_limit(self):
        out = run_json(self, "search", "Huawei", "--json", "--limit", "1",
                       "--min-score", "0.1")
        self.assertLessEqual(len(out["matches"]), 1)

    def test_no_match(self):
        out = run_json(self, "search", "Qwxzvy Plonkberry Zzyzx", "--json")
        self.assertEqual(out["matches"], [])
        p = run("search", "Qwxzvy Plonkberry Zzyzx")
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_min_score_widens(self):
        default = run_json(self, "search", "Huawei", "--json", "--limit", "0")
        wide = run_json(self, "search", "Huawei", "--json", "--limit", "0",
                        "--min-score", "0.5")
        self.assertGreaterEqual(len(wide["matches"]), len(default["matches"]))
        self.assertTrue(all(m["score"] >= 0.5 for m in wide["matches"]))


class TestCompare(unittest.TestCase):
    def test_reordered_personal_name(self):
        out = run_json(self, "compare", "Given Middle Surname",
                       "SURNAME, Given Middle", "--json")
        self.assertGreaterEqual(out["score"], 0.95)
        self.assertEqual(out["threshold"], 0.8)
        self.assertIs(out["match"], True)

    def test_unrelated_names(self):
        out = run_json(self, "compare", "Acme Garden Supplies",
                       "Huawei Technologies Co., Ltd.", "--json")
        self.assertLess(out["score"], 0.5)
        self.assertIs(out["match"], False)


class TestFullCsl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ec-test-csl-")
        cls.snap = os.path.join(cls.tmp, "csl.ecsnap")
        cls.build = run("build", "--csl", CSL_2022, "--rules", RULES,
                        "--output", cls.snap)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.assertEqual(self.build.returncode, 0, self.build.stderr)

    def test_info(self):
        info = run_json(self, "--snapshot", self.snap, "info", "--json")
        self.assertEqual(info["entries"], 14160)
        self.assertEqual(info["names"], 34171)
        self.assertIs(info["sample"], False)
        csl = [s for s in info["sources"] if s["kind"] == "csl"]
        self.assertEqual(len(csl), 1)
        self.assertEqual(csl[0]["sha256"], "f55c580c0eadaeef6f291d5cd3653b1"
                         "47650c2019f227c92a93814aa5dc4364c")
        self.assertEqual(csl[0]["rows"], 14160)

    def test_search_alias(self):
        out = run_json(self, "--snapshot", self.snap, "search",
                       "Shenzhen Huawei Technologies", "--json",
                       "--limit", "0")
        hits = [m for m in out["matches"] if m["entry_id"] ==
                "d05d55fa214aff19c1eb3270d54905e4e362d445"]
        self.assertEqual(len(hits), 1, [m["entry_id"] for m in out["matches"]])
        self.assertEqual(hits[0]["score"], 1.0)
        self.assertEqual(hits[0]["list"], "EL")

    def test_env_snapshot_used(self):
        p = run("info", "--json", env_snapshot=self.snap)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["entries"], 14160)


DPL = os.path.join(LISTS, "bis", "dpl-2022-09.txt.gz")
OFAC_DIR = os.path.join(LISTS, "ofac")


class TestDefaultSnapshot(unittest.TestCase):
    """The default snapshot is the real lists, and old lists mean review."""

    ACME = ("check", "--party", "Acme Widgets GmbH", "--country", "DE",
            "--item", "EAR99")

    def test_info_real_lists_dated(self):
        info = run_json(self, "info", "--json", env_snapshot=None)
        self.assertEqual(info["path"], DEFAULT_SNAP)
        self.assertGreater(info["entries"], 10000)
        self.assertGreater(info["rules"], 0)
        self.assertFalse(info["sample"])
        lists = {x["code"]: x for x in info["lists"]}
        self.assertEqual(lists["EL"]["as_of"], "2022-05-06")
        self.assertEqual(lists["EL"]["as_of_basis"], "given")
        self.assertEqual(lists["UN"]["as_of"], "2026-02-27")
        self.assertEqual(lists["UN"]["as_of_basis"], "publisher")
        self.assertGreater(lists["EL"]["age_days"], 1000)
        for s in info["sources"]:
            if s["kind"] != "rules":
                self.assertRegex(s["as_of"], r"^\d{4}-\d{2}-\d{2}$")
        p = run("info", env_snapshot=None)
        self.assertIn("as of:        2022-05-06", p.stdout)
        self.assertIn("entitycheck --snapshot PATH update", p.stdout)

    def test_today_on_old_lists_needs_review(self):
        p = run(*self.ACME, "--json", env_snapshot=None)
        self.assertEqual(p.returncode, 1, p.stderr)  # NLR + review
        d = json.loads(p.stdout)
        self.assertEqual(d["status"], "NLR")
        self.assertTrue(d["needs_review"])
        self.assertTrue(d["lists_outdated"])
        w = [x for x in d["warnings"] if "are as of 2022-05-06" in x]
        self.assertEqual(len(w), 1, d["warnings"])
        self.assertIn("entitycheck update", w[0])
        self.assertIn("EL", w[0])

    def test_inside_the_window_is_plain_nlr(self):
        p = run(*self.ACME, "--date", "2022-05-10", "--json",
                env_snapshot=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual(d["status"], "NLR")
        self.assertFalse(d["needs_review"])
        self.assertFalse(d["lists_outdated"])

    def test_max_list_age(self):
        # 2022-05-10 is 4 days after the CSL's date: a 3-day policy makes
        # it review, a 4-day one does not; the UN list (2026) is not
        # outrun by a 2022 date.
        p = run(*self.ACME, "--date", "2022-05-10", "--max-list-age", "3",
                env_snapshot=None)
        self.assertEqual(p.returncode, 1, p.stdout)
        p = run(*self.ACME, "--date", "2022-05-10", "--max-list-age", "4",
                env_snapshot=None)
        self.assertEqual(p.returncode, 0, p.stdout)
        # A long enough limit covers today too.
        p = run(*self.ACME, "--max-list-age", "36500", env_snapshot=None)
        self.assertEqual(p.returncode, 0, p.stdout)
        for bad in ("-1", "x", "36501"):
            p = run(*self.ACME, "--max-list-age", bad, env_snapshot=None)
            self.assertEqual(p.returncode, 2, p.stderr)

    def test_never_turns_a_requirement_into_nlr(self):
        p = run("check", "--party", "Huawei Technologies Co., Ltd.",
                "--item", "EAR99", "--json", env_snapshot=None)
        d = json.loads(p.stdout)
        self.assertEqual(d["status"], "LICENSE_REQUIRED")
        self.assertTrue(d["needs_review"])
        self.assertEqual(p.returncode, 21)

    def test_readme_main_job_unchanged(self):
        p = run("check", "--party", "Huawei Technologies Co., Ltd.",
                "--country", "CN", "--item", "EAR99", "--date", "2019-06-01",
                "--activity", "existing_handset_support", "--device-date",
                "2019-04-01", "--json", env_snapshot=None)
        self.assertEqual(p.returncode, 10, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual(d["status"], "NLR_WITH_CONDITIONS")
        self.assertFalse(d["needs_review"])
        # Dated three years before the lists: removals are unknown.
        self.assertTrue(any("removed before 2022-05-06" in w
                            for w in d["warnings"]), d["warnings"])

    def test_screen_counts_outdated_rows(self):
        rows = ("name,country,date\nAcme Widgets GmbH,DE,2022-05-10\n"
                "Acme Widgets GmbH,DE,\nOther Widgets AG,CH,2026-01-01\n")
        env = dict(os.environ)
        env.pop("ENTITYCHECK_SNAPSHOT", None)
        p = subprocess.run([TOOL, "screen", "-"], input=rows, text=True,
                           capture_output=True, env=env, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = [json.loads(x) for x in p.stdout.splitlines()]
        self.assertEqual([(x["status"], x["needs_review"]) for x in out],
                         [("NLR", False), ("NLR", True), ("NLR", True)])
        self.assertIn("needs review 2 (2 dated past the lists' \"as of\" "
                      "date)", p.stderr)
        p = subprocess.run([TOOL, "screen", "-", "--max-list-age", "36500"],
                           input=rows, text=True, capture_output=True,
                           env=env, timeout=300)
        self.assertEqual([json.loads(x)["needs_review"]
                          for x in p.stdout.splitlines()],
                         [False, False, False])


class TestRulesByDefault(TempDirTest):
    def test_build_without_rules_uses_the_rules(self):
        out = self.path("x.ecsnap")
        p = run("build", "--csl", SAMPLE_CSV, "--output", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("using the rules in " + RULES, p.stderr)
        info = run_json(self, "--snapshot", out, "info", "--json")
        self.assertGreater(info["rules"], 0)

    def test_no_rules_on_purpose_means_review(self):
        out = self.path("x.ecsnap")
        p = run("build", "--csl", SAMPLE_CSV, "--output", out, "--no-rules")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("every decision", p.stderr)
        info = run_json(self, "--snapshot", out, "info", "--json")
        self.assertEqual(info["rules"], 0)
        p = run("--snapshot", out, "info")
        self.assertIn("every decision on this snapshot needs review",
                      p.stdout)
        p = run("--snapshot", out, "check", "--party", "Acme Widgets",
                "--item", "EAR99", "--date", "2019-01-01", "--json")
        d = json.loads(p.stdout)
        self.assertTrue(d["needs_review"])
        self.assertIn("no license rules", " ".join(d["warnings"]))
        self.assertEqual(p.returncode % 10, 1)
        p = run("build", "--csl", SAMPLE_CSV, "--output", out, "--no-rules",
                "--rules", RULES)
        self.assertEqual(p.returncode, 2)

    def test_as_of_given(self):
        out = self.path("x.ecsnap")
        p = run("build", "--csl", SAMPLE_CSV, "--output", out, "--as-of",
                "2024-01-15")
        self.assertEqual(p.returncode, 0, p.stderr)
        info = run_json(self, "--snapshot", out, "info", "--json")
        self.assertEqual({(x["as_of"], x["as_of_basis"])
                          for x in info["lists"]}, {("2024-01-15", "given")})
        p = run("build", "--csl", SAMPLE_CSV, "--output", out)
        info = run_json(self, "--snapshot", out, "info", "--json")
        # The source's newest listing date, whatever its list.
        newest = max(x["newest_start_date"] for x in info["lists"])
        self.assertEqual({(x["as_of"], x["as_of_basis"])
                          for x in info["lists"]}, {(newest, "estimated")})
        for bad in ("2024-13-01", "csl=24-01-01", "eu=2024-01-01", "x"):
            p = run("build", "--csl", SAMPLE_CSV, "--output", out,
                    "--as-of", bad)
            self.assertIn(p.returncode, (2, 5), p.stderr)
            self.assertIn("as-of", p.stderr)


class TestSourcesAndDiff(TempDirTest):
    """build --ofac-dir/--dpl/--un and diff, as a user runs them."""

    def test_dpl_build_info_and_diff(self):
        old = self.path("old.ecsnap")
        new = self.path("new.ecsnap")
        p = run("build", "--csl", SAMPLE_CSV, "--output", old)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("build", "--csl", SAMPLE_CSV, "--dpl", DPL, "--output", new)
        self.assertEqual(p.returncode, 0, p.stderr)
        info = run_json(self, "--snapshot", new, "info", "--json")
        dpl = [s for s in info["sources"] if s["kind"] == "dpl"]
        self.assertEqual(len(dpl), 1)
        self.assertEqual(dpl[0]["rows"], 581)
        self.assertEqual(dpl[0]["date"], "2022-09")
        self.assertNotIn("date", info["sources"][0])
        p = run("--snapshot", new, "info")
        self.assertIn("dated 2022-09", p.stdout)
        p = run("diff", old, new)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"\nDPL +581 +0 +0\n")
        self.assertIn("\nadded:\n", p.stdout)
        d = run_json(self, "diff", old, new, "--json")
        self.assertEqual(d["total"], {"added": 581, "removed": 0,
                                      "changed": 0})
        self.assertEqual(len(d["items"]), 581)
        self.assertEqual(d["items"][0]["kind"], "added")
        d = run_json(self, "diff", new, old, "--json")
        self.assertEqual(d["total"]["removed"], 581)

    def test_ofac_dir(self):
        out = self.path("ofac.ecsnap")
        p = run("build", "--ofac-dir", OFAC_DIR, "--output", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        info = run_json(self, "--snapshot", out, "info", "--json")
        self.assertEqual([s["rows"] for s in info["sources"][:-1]],
                         [8976, 13837, 11910, 5, 442, 574, 1073])
        # Without --rules, build compiles the rules (of the source tree,
        # for the tool of the build tree) and says so.
        self.assertEqual(info["sources"][-1]["kind"], "rules")
        self.assertGreater(info["rules"], 0)
        self.assertIn("using the rules in " + RULES, p.stderr)
        lists = {x["code"]: x["entries"] for x in info["lists"]}
        self.assertEqual(lists, {"SDN": 8976, "CONS": 442})
        hits = run_json(self, "--snapshot", out, "search",
                        "BANCO NACIONAL DE CUBA", "--json")
        self.assertEqual([(m["list"], m["entry_id"]) for m in hits["matches"]],
                         [("SDN", "306")])

    def test_errors(self):
        bad = self.path("dpl.txt")
        with gzip.open(DPL, "rt", encoding="utf-8") as f:
            lines = f.readlines()[:3]
        lines[2] = lines[2].rsplit("\t", 1)[0] + "\n"
        with open(bad, "w", encoding="utf-8") as f:
            f.writelines(lines)
        out = self.path("out.ecsnap")
        p = run("build", "--dpl", bad, "--output", out)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn(bad + ":3", p.stderr)
        self.assertFalse(os.path.exists(out))
        p = run("build", "--rules", RULES, "--output", out)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--ofac-dir", p.stderr)
        p = run("build", "--ofac-dir", self.tmp, "--output", out)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("sdn*.csv", p.stderr)
        p = run("diff", SAMPLE_SNAP)
        self.assertEqual(p.returncode, 2)
        p = run("diff", SAMPLE_SNAP, self.path("missing.ecsnap"))
        self.assertEqual(p.returncode, 3)
        p = run("diff", "--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("usage: entitycheck diff", p.stdout)


if __name__ == "__main__":
    if not os.access(TOOL, os.X_OK):
        sys.exit("test_tool.py: %s is not an executable" % TOOL)
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
