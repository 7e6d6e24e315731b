"""toolpaths.py: what the command-line test scripts share: the build folder
from the command line, the tool, the sample snapshot and data, the rules
and the repository's copy of the official lists (data/lists).  Usage: test_x.py BUILD_DIR [unittest
options]; importing this checks the arguments."""
import os
import subprocess
import sys

if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
    sys.exit("usage: %s BUILD_DIR [unittest options]"
             % os.path.basename(sys.argv[0]))
BUILD = os.path.abspath(sys.argv[1])
TOOL = os.path.join(BUILD, "entitycheck")
SAMPLE_SNAP = os.path.join(BUILD, "data", "sample.ecsnap")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(REPO, "data", "rules")
SAMPLE_CSV = os.path.join(REPO, "data", "sample", "entity-list-sample.csv")
LISTS = os.path.join(REPO, "data", "lists")
CSL_2022 = os.path.join(LISTS, "csl", "consolidated-2022-05.csv.gz")
DEFAULT_SNAP = os.path.join(BUILD, "data", "default.ecsnap")


def build_snapshot(out, csl, *args):
    """Builds the list csl with the repository's rules into out (more
    options in args) and returns out; raises RuntimeError with what the
    tool said when the build fails."""
    p = subprocess.run([TOOL, "build", "--csl", csl, "--rules", RULES,
                        "--output", out, *args], capture_output=True,
                       text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("building %s failed: %s" % (out, p.stderr))
    return out
