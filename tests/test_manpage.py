#!/usr/bin/env python3
"""test_manpage.py: the man page doc/entitycheck.1 and `--help` name the same
commands, and, for each command, the same options: every option of
`entitycheck CMD --help` (its synopsis and its option lines) is in the man
page's synopsis of CMD, and every option there is in --help.

usage: python3 tests/test_manpage.py BUILD_DIR [unittest options]
"""
import os
import re
import subprocess
import sys
import unittest

from toolpaths import REPO, TOOL

MAN = os.path.join(REPO, "doc", "entitycheck.1")

# The global option every command's usage line repeats; the man page gives
# it once, in its SYNOPSIS.
GLOBAL = {"--snapshot"}
# Options that only print something about the tool itself.
SELF = {"--help", "--version"}

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def run_help(*cmd):
    p = subprocess.run([TOOL, *cmd, "--help"], capture_output=True,
                       text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("%s --help: exit %d\n%s"
                             % (" ".join(cmd), p.returncode, p.stderr))
    return p.stdout


def help_options(text):
    """The options of a --help text: those of its synopsis (up to the first
    blank line) and those that start a line of its "options:" list (the
    commands whose options come from a table, tools/opts.c)."""
    synopsis = text.split("\n\n", 1)[0]
    found = set(OPTION.findall(synopsis))
    m = re.search(r"^options:\n((?:[ \t].*\n?)*)", text, re.M)
    if m:
        for line in m.group(1).splitlines():
            first = re.match(r"\s+(?:-\w, )?(--[a-z][a-z0-9-]*)", line)
            if first:
                found.add(first.group(1))
    return found - SELF


def man_options(roff):
    """The options set in bold in a line of roff."""
    return {o.replace("\\-", "-")
            for o in re.findall(r"\\fB((?:\\-){2}[a-z0-9\\-]+)\\fR", roff)}


def man_sections():
    with open(MAN, encoding="utf-8") as f:
        text = f.read()
    sections = {}
    for m in re.finditer(r"^\.SH (\S+)\n(.*?)(?=^\.SH |\Z)", text,
                         re.M | re.S):
        sections[m.group(1)] = m.group(2)
    return sections


def man_commands():
    """{command: its synopsis line} from the COMMANDS section."""
    body = man_sections()["COMMANDS"]
    return {m.group(1): m.group(0)
            for m in re.finditer(r"^\\fB([a-z]+)\\fR.*$", body, re.M)}


def tool_command_lines():
    """{command: the options of its lines} from the commands list of
    `entitycheck --help`: an entry starts at "  NAME" and goes on over
    the lines indented deeper."""
    text = run_help()
    m = re.search(r"^commands:\n((?:  .*\n)+)", text, re.M)
    if not m:
        raise AssertionError("no commands: list in --help")
    found, cmd = {}, None
    for line in m.group(1).splitlines():
        start = re.match(r"^  ([a-z]+)\b", line)
        if start:
            cmd = start.group(1)
            found[cmd] = set()
        found[cmd] |= set(OPTION.findall(line)) - SELF
    return found


def tool_commands():
    """The commands listed in `entitycheck --help`."""
    return set(tool_command_lines())


class TestManPage(unittest.TestCase):
    def test_same_commands(self):
        cmds = tool_commands()
        self.assertGreaterEqual(len(cmds), 8, cmds)
        self.assertEqual(cmds, set(man_commands()))

    def test_global_options(self):
        man = man_options(man_sections()["SYNOPSIS"])
        self.assertIn("--snapshot", man)
        self.assertEqual(help_options(run_help()), man)

    def test_command_options(self):
        man = man_commands()
        for cmd in sorted(tool_commands()):
            with self.subTest(cmd=cmd):
                got = help_options(run_help(cmd)) - GLOBAL
                want = man_options(man[cmd]) - GLOBAL
                # Every command has an option; finding none would mean
                # this test reads the texts wrongly.
                self.assertTrue(got, "%s --help: no options found" % cmd)
                self.assertEqual(
                    got, want,
                    "%s: only in --help: %s; only in the man page: %s"
                    % (cmd, sorted(got - want), sorted(want - got)))

    def test_global_help_lists_real_options(self):
        # The summary of each command in `entitycheck --help` names only
        # options the command has.
        for cmd, opts in sorted(tool_command_lines().items()):
            with self.subTest(cmd=cmd):
                self.assertLessEqual(opts, help_options(run_help(cmd)))

    def test_reader_finds_a_difference(self):
        # The readers themselves: an option missing on either side shows.
        line = r"\fBinfo\fR [\fB\-\-json\fR] [\fB\-\-all\-lists\fR]"
        self.assertEqual(man_options(line), {"--json", "--all-lists"})
        text = ("usage: entitycheck x [--a-b N]\n\nprose --not-this\n\n"
                "options:\n  -o, --out F  where\n  --help  this text\n")
        self.assertEqual(help_options(text), {"--a-b", "--out"})


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[2:], verbosity=2)
