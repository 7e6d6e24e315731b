"""test_cli_tables.py: the usage errors that the commands' option tables
(tools/opts.h) give where their strcmp chains used to guess: a value given
twice, an option before the --party it belongs to, a name that looks like
an option, a number out of its range, and the identifying facts of `check`
reaching the party they follow.

usage: python3 tests/test_cli_tables.py BUILD_DIR [unittest options]
"""
import os
import subprocess
import sys
import unittest

from toolpaths import TOOL, SAMPLE_SNAP

USAGE = 2


def run(*args):
    env = dict(os.environ)
    env["ENTITYCHECK_SNAPSHOT"] = SAMPLE_SNAP
    return subprocess.run([TOOL, *args], capture_output=True, text=True,
                          env=env, timeout=120)


class TestTables(unittest.TestCase):
    def usage(self, args, text):
        p = run(*args)
        self.assertEqual(p.returncode, USAGE, (args, p.stderr))
        self.assertIn(text, p.stderr, args)
        self.assertEqual(p.stdout, "", args)

    def test_one_value_given_twice(self):
        # The last one used to win silently: an answer for another item.
        self.usage(["check", "--party", "x", "--item", "5A002",
                    "--item", "EAR99"], "--item given twice")
        self.usage(["search", "x", "--limit", "1", "--limit", "2"],
                   "--limit given twice")
        self.usage(["screen", "--format", "csv", "--format", "jsonl"],
                   "--format given twice")

    def test_party_options_follow_a_party(self):
        for opt, val in (("--role", "end_user"), ("--country", "CN"),
                         ("--dob", "1970"), ("--type", "person")):
            self.usage(["check", opt, val, "--party", "x"],
                       "%s must follow a --party" % opt)
        # Once per party; a second party takes its own.
        self.usage(["check", "--party", "x", "--country", "CN",
                    "--country", "RU"], "--country given twice")
        p = run("check", "--party", "x", "--country", "CN", "--party", "y",
                "--country", "RU", "--json")
        self.assertNotEqual(p.returncode, USAGE, p.stderr)

    def test_facts_reach_their_party(self):
        # The library checks the values, so a bad one proves it arrived.
        self.usage(["check", "--party", "x", "--dob", "1990-13-45"],
                   "date of birth")
        self.usage(["check", "--party", "x", "--party", "y", "--type",
                    "martian"], "neither person nor organization")

    def test_a_dash_is_an_option(self):
        self.usage(["search", "-x"], "unknown option '-x'")
        self.usage(["compare", "a", "-b"], "unknown option '-b'")

    def test_ranges_named(self):
        self.usage(["screen", "--threads", "0"], "--threads must be 1 to")
        self.usage(["check", "--party", "x", "--max-list-age", "-1"],
                   "0 to 36500")
        self.usage(["clear", "--register", "", "--reviewer", "a",
                    "--reason", "b"], "--register needs a value")
        p = run("serve", "--help")
        if p.returncode == 0:  # built with its HTTP server
            self.usage(["serve", "--threads", "0"], "--threads is 1 to 256")
            self.usage(["serve", "--max-body", "1"], "--max-body is 64 to")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[2:], verbosity=2)
