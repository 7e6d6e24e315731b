#!/usr/bin/env python3
"""End-to-end tests of `entitycheck update` against a local HTTP server.

usage: python3 tests/test_update.py BUILD_DIR [unittest options]

The lists are served from the repository's data/lists by a server on
127.0.0.1 (a free port) that the tests start and stop; nothing else is
contacted.  Skipped when the tool was built without libcurl.
"""
import calendar
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

from toolpaths import TOOL, RULES, LISTS, CSL_2022, build_snapshot

CSL_2019 = os.path.join(LISTS, "csl", "sample-2019-old-layout.csv.gz")
CSL_2025 = os.path.join(LISTS, "csl", "sample-2025.csv.gz")
# Served under OFAC's names; the readers take gzip content whatever the name.
OFAC = {
    "sdn.csv": "sdn-2021-07.csv.gz",
    "add.csv": "add-2021-07.csv.gz",
    "alt.csv": "alt-2021-07.csv.gz",
    "sdn_comments.csv": "sdn_comments-2021-07.csv.gz",
}
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
              "HTTPS_PROXY", "ALL_PROXY")


def run(*args, extra_env=None):
    env = dict(os.environ)
    for k in PROXY_VARS + ("ENTITYCHECK_SNAPSHOT", "ENTITYCHECK_CSL_URL",
                           "ENTITYCHECK_OFAC_URL", "ENTITYCHECK_DPL_URL",
                           "ENTITYCHECK_UN_URL", "SOURCE_DATE_EPOCH"):
        env.pop(k, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    env.update(extra_env or {})
    return subprocess.run([TOOL, *args], capture_output=True, text=True,
                          env=env, timeout=600)


def built_with_curl():
    p = run("update")
    return not (p.returncode == 5 and "without libcurl" in p.stderr)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """Serves one folder on 127.0.0.1 from a thread."""

    def __init__(self, root):
        handler = functools.partial(Quiet, directory=root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def url(self, name):
        return "http://127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def read(path):
    with open(path, "rb") as f:
        return f.read()


@unittest.skipUnless(built_with_curl(), "built without libcurl")
class TestUpdate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fixtures = tempfile.mkdtemp(prefix="ec-test-update-")
        try:
            cls.snap_2019 = build_snapshot(
                os.path.join(cls.fixtures, "csl-2019.ecsnap"), CSL_2019)
            cls.snap_2022 = build_snapshot(
                os.path.join(cls.fixtures, "csl-2022.ecsnap"), CSL_2022)
        except RuntimeError:
            shutil.rmtree(cls.fixtures, ignore_errors=True)
            raise
        cls.served = os.path.join(cls.fixtures, "served")
        os.mkdir(cls.served)
        os.symlink(CSL_2022, os.path.join(cls.served,
                                          os.path.basename(CSL_2022)))
        # The samples are served as publishers name them, plain ".csv"
        # (the repository keeps them gzip-compressed).
        for src in (CSL_2019, CSL_2025):
            os.symlink(src, os.path.join(cls.served,
                                         os.path.basename(src)[:-3]))
        # A copy with a known Last-Modified (the server sends the mtime).
        cls.dated_2025 = os.path.join(cls.served, "dated-2025.csv")
        shutil.copyfile(CSL_2025, cls.dated_2025)
        stamp = calendar.timegm((2025, 6, 30, 12, 0, 0))
        os.utime(cls.dated_2025, (stamp, stamp))
        os.mkdir(os.path.join(cls.served, "ofac"))
        for name, src in OFAC.items():
            os.symlink(os.path.join(LISTS, "ofac", src),
                       os.path.join(cls.served, "ofac", name))
        with open(CSL_2022, "rb") as f:
            data = f.read()
        with open(os.path.join(cls.served, "truncated.csv.gz"), "wb") as f:
            f.write(data[: len(data) // 2])
        cls.server = Server(cls.served)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.fixtures, ignore_errors=True)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ec-test-update-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.snap = os.path.join(self.tmp, "lists.ecsnap")

    def current(self, fixture):
        shutil.copyfile(fixture, self.snap)
        return read(self.snap)

    def update(self, *args, extra_env=None):
        return run("--snapshot", self.snap, "update", "--rules", RULES,
                   "--timeout", "60", *args, extra_env=extra_env)

    def info(self, path):
        p = run("--snapshot", path, "info", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def assert_no_leftovers(self, *expected):
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted(expected))

    def assert_unchanged(self, before, p, code):
        self.assertEqual(p.returncode, code, p.stdout + p.stderr)
        self.assertEqual(read(self.snap), before)
        self.assertIn("entitycheck", p.stderr)
        self.assert_no_leftovers("lists.ecsnap")

    def refused(self, snap, code, message, *args):
        """An update with args from a copy of snap must exit with code,
        say message and leave the current snapshot as it was."""
        before = self.current(snap)
        p = self.update(*args)
        self.assert_unchanged(before, p, code)
        self.assertIn(message, p.stderr)
        return p

    def test_good_update(self):
        before = self.current(self.snap_2019)
        p = self.update("--csl-url", self.server.url(
            "consolidated-2022-05.csv.gz"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("updated " + self.snap, p.stdout)
        self.assertRegex(p.stdout, r"(?m)^list +before +after +added "
                                   r"+removed +changed$")
        self.assertRegex(p.stdout, r"(?m)^EL +\d+ +\d+ +\d+ +\d+ +\d+$")
        self.assertRegex(p.stdout, r"(?m)^total +115 +14160 ")
        self.assert_no_leftovers("lists.ecsnap", "lists.ecsnap.prev")
        self.assertEqual(read(self.snap + ".prev"), before)
        self.assertEqual(self.info(self.snap + ".prev")["entries"], 115)
        self.assertEqual(self.info(self.snap)["entries"], 14160)
        # The diff the summary points to opens both.
        p = run("diff", self.snap + ".prev", self.snap)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_urls_and_snapshot_from_environment(self):
        self.current(self.snap_2019)
        p = run("update", "--rules", RULES, extra_env={
            "ENTITYCHECK_SNAPSHOT": self.snap,
            "ENTITYCHECK_CSL_URL": self.server.url(
                "consolidated-2022-05.csv.gz")})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.info(self.snap)["entries"], 14160)

    def test_nothing_changed(self):
        before = self.current(self.snap_2019)
        p = self.update("--csl-url", self.server.url(
            "sample-2019-old-layout.csv"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("up to date", p.stdout)
        self.assertEqual(read(self.snap), before)
        self.assert_no_leftovers("lists.ecsnap")

    def test_truncated_file_is_refused(self):
        self.refused(self.snap_2019, 4, "not replaced",
                     "--csl-url", self.server.url("truncated.csv.gz"))

    def test_shrunken_list_is_refused(self):
        p = self.refused(self.snap_2022, 6, "--force",
                         "--csl-url", self.server.url("sample-2025.csv"))
        self.assertRegex(p.stderr, r"list EL shrank from \d+ to \d+")

    def test_shrunken_list_with_force(self):
        before = self.current(self.snap_2022)
        p = self.update("--csl-url", self.server.url("sample-2025.csv"),
                        "--force")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("updated", p.stdout)
        self.assertEqual(read(self.snap + ".prev"), before)
        info = self.info(self.snap)
        self.assertEqual(sum(x["entries"] for x in info["lists"]), 13)
        self.assert_no_leftovers("lists.ecsnap", "lists.ecsnap.prev")

    def check(self, *args):
        p = run("--snapshot", self.snap, "check", "--json", *args)
        self.assertIn(p.returncode, (0, 1, 20, 21, 30, 31), p.stderr)
        return json.loads(p.stdout)

    def test_update_dates_and_keeps_what_the_lists_dropped(self):
        old = self.info(self.snap_2022)
        self.current(self.snap_2022)
        p = self.update("--csl-url", self.server.url("dated-2025.csv"),
                        "--force")
        self.assertEqual(p.returncode, 0, p.stderr)
        info = self.info(self.snap)
        csl = [s for s in info["sources"] if s["kind"] == "csl"][0]
        # The server's Last-Modified dates the download.
        self.assertEqual((csl["as_of"], csl["as_of_basis"]),
                         ("2025-06-30", "last-modified"))
        # Removals are known from the old lists' date on.
        self.assertEqual(info["history_since"],
                         min(x["as_of"] for x in old["lists"]))
        lists = {x["code"]: x for x in info["lists"]}
        old_el = [x for x in old["lists"] if x["code"] == "EL"][0]
        self.assertEqual(lists["EL"]["entries"], 1)
        # Every 2022 entry but the one the sample may still carry.
        self.assertIn(lists["EL"]["removed"],
                      (old_el["entries"] - 1, old_el["entries"]))
        # The diff shows the dropped entries as removed.
        p = run("diff", self.snap + ".prev", self.snap, "--json")
        d = json.loads(p.stdout)
        self.assertGreater(d["total"]["removed"], 10000)
        # Huawei is not on the 2025 sample: listed on a 2024 date (with
        # the lists dated 2022 and 2025 the answer needs review), no
        # longer once the download says it was removed.
        huawei = ("--party", "Huawei Technologies Co., Ltd.", "--item",
                  "EAR99", "--max-list-age", "36500")
        d = self.check(*huawei, "--date", "2024-03-01")
        self.assertEqual(d["status"], "LICENSE_REQUIRED")
        d = self.check(*huawei, "--date", "2025-07-01")
        self.assertEqual(d["status"], "NLR")
        self.assertTrue(any("when it was removed from the list" in w
                            for w in d["warnings"]), d["warnings"])
        # A second update keeps the first one's removals and dates.
        p = self.update("--csl-url", self.server.url("dated-2025.csv"),
                        "--force")
        self.assertEqual(p.returncode, 0, p.stderr)
        again = self.info(self.snap)
        self.assertEqual(again["history_since"], info["history_since"])
        self.assertEqual({x["code"]: x["removed"] for x in again["lists"]},
                         {x["code"]: x["removed"] for x in info["lists"]})

    def test_max_shrink_allows_it(self):
        self.current(self.snap_2022)
        p = self.update("--csl-url", self.server.url("sample-2025.csv"),
                        "--max-shrink", "100")
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_server_down(self):
        url = "http://127.0.0.1:%d/consolidated.csv" % free_port()
        self.refused(self.snap_2019, 5, "download failed", "--csl-url", url)

    def test_http_error(self):
        self.refused(self.snap_2019, 5, "HTTP status 404",
                     "--csl-url", self.server.url("no-such-file.csv"))

    def test_max_size(self):
        self.refused(self.snap_2019, 5, "--max-size", "--csl-url",
                     self.server.url("consolidated-2022-05.csv.gz"),
                     "--max-size", "1K")

    def test_damaged_current_snapshot(self):
        with open(self.snap, "wb") as f:
            f.write(b"not a snapshot")
        p = self.update("--csl-url", self.server.url(
            "sample-2019-old-layout.csv"))
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(read(self.snap), b"not a snapshot")
        self.assert_no_leftovers("lists.ecsnap")
        p = self.update("--csl-url", self.server.url(
            "sample-2019-old-layout.csv"), "--force")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(read(self.snap + ".prev"), b"not a snapshot")
        self.assertEqual(self.info(self.snap)["entries"], 115)

    def test_create_from_ofac_files(self):
        p = self.update("--sources", "ofac", "--ofac-url",
                        self.server.url("ofac"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("created", p.stdout)
        lists = {l["code"] for l in self.info(self.snap)["lists"]}
        self.assertIn("SDN", lists)
        self.assert_no_leftovers("lists.ecsnap")

    def test_usage_errors(self):
        for args in (["--sources", "csl,bogus"], ["--max-shrink", "200"],
                     ["--max-size", "lots"], ["--timeout"], ["--frob"]):
            with self.subTest(args=args):
                p = self.update(*args)
                self.assertEqual(p.returncode, 2, p.stderr)
        p = run("update")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--snapshot", p.stderr)

    def test_help(self):
        p = run("update", "--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        for word in ("--max-shrink", "--force", "--sources", "exit codes"):
            self.assertIn(word, p.stdout)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[2:], verbosity=2)
