"""toolpaths.py: what the command-line test scripts share: the build folder
from the command line, the tool, the sample snapshot and data, the rules
and the repository's copy of the official lists (data/lists).  Usage: test_x.py BUILD_DIR [unittest
options]; importing this checks the arguments."""
import os
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
