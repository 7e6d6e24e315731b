#!/usr/bin/env python3
"""Crash safety of `entitycheck build`: SIGKILL at any moment never damages
the snapshot a previous build wrote.

usage: python3 tests/test_crash.py BUILD_DIR [unittest options]

The full 2022 Consolidated Screening List is built into X once; then the
same build is started again and again and killed with SIGKILL at points
spread over its duration (denser near the end, where the temporary file is
written, flushed and renamed).  After every kill X must be byte-identical
to the first build (the build is reproducible, so a kill after the rename
leaves the same bytes) and must open (`entitycheck --snapshot X info`
exits 0), and the folder may hold nothing but X and the documented
temporary file X.tmp.PID of the killed build.  SQLite's own temporary
files go to a private TMPDIR, which must stay empty.  At the end a build
over the leftovers must still succeed.  Skipped when the shared CSL is
missing.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from toolpaths import TOOL, RULES, CSL_2022

UNIFORM_POINTS = 20  # spread over the whole build
LATE_POINTS = 12     # in its last 20%: write, fsync, rename


class TestKilledBuild(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ec-test-crash-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.out_dir = os.path.join(self.tmp, "out")
        self.sqlite_tmp = os.path.join(self.tmp, "sqlite-tmp")
        os.mkdir(self.out_dir)
        os.mkdir(self.sqlite_tmp)
        self.out = os.path.join(self.out_dir, "csl.ecsnap")
        self.env = dict(os.environ)
        self.env.pop("SOURCE_DATE_EPOCH", None)
        self.env["TMPDIR"] = self.sqlite_tmp
        self.env["SQLITE_TMPDIR"] = self.sqlite_tmp

    def build_cmd(self):
        return [TOOL, "build", "--csl", CSL_2022, "--rules", RULES,
                "--output", self.out, "--created", "1700000000",
                "--description", "crash test"]

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def opens(self):
        p = subprocess.run([TOOL, "--snapshot", self.out, "info"],
                           capture_output=True, text=True, env=self.env,
                           timeout=120)
        return p.returncode == 0, p.stderr

    def test_kill_at_many_points(self):
        start = time.monotonic()
        p = subprocess.run(self.build_cmd(), capture_output=True, text=True,
                           env=self.env, timeout=600)
        duration = time.monotonic() - start
        self.assertEqual(p.returncode, 0, p.stderr)
        good = self.read(self.out)
        ok, why = self.opens()
        self.assertTrue(ok, why)

        points = [duration * (i + 0.5) / UNIFORM_POINTS
                  for i in range(UNIFORM_POINTS)]
        points += [duration * (0.80 + 0.19 * (i + 0.5) / LATE_POINTS)
                   for i in range(LATE_POINTS)]
        left_temps = []
        finished = 0
        for at in sorted(points):
            proc = subprocess.Popen(self.build_cmd(),
                                    stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=self.env)
            time.sleep(at)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            rc = proc.wait()
            if rc == 0:
                finished += 1  # it won the race: a complete build
            else:
                self.assertEqual(rc, -signal.SIGKILL)
            what = "build killed at %.2f s (pid %d)" % (at, proc.pid)

            # The previous snapshot: unchanged, byte for byte, and opens.
            self.assertEqual(self.read(self.out), good,
                             what + ": the snapshot changed")
            ok, why = self.opens()
            self.assertTrue(ok, what + ": the snapshot does not open: " + why)

            # Nothing but X and the killed build's own X.tmp.PID.
            temp = os.path.basename(self.out) + ".tmp.%d" % proc.pid
            for name in os.listdir(self.out_dir):
                if name == os.path.basename(self.out) or \
                        name in left_temps:
                    continue
                self.assertEqual(name, temp,
                                 what + ": stray file " + name)
                left_temps.append(name)
                print("  %s: left its temporary file %s (%d bytes), as "
                      "documented" % (what, name, os.path.getsize(
                          os.path.join(self.out_dir, name))),
                      file=sys.stderr)
            self.assertEqual(os.listdir(self.sqlite_tmp), [],
                             what + ": SQLite left a temporary file")

        # A build over the leftovers still works, and writes the same bytes.
        p = subprocess.run(self.build_cmd(), capture_output=True, text=True,
                           env=self.env, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.read(self.out), good)
        ok, why = self.opens()
        self.assertTrue(ok, why)
        for name in left_temps:
            os.unlink(os.path.join(self.out_dir, name))
        print("crash test: build takes %.2f s; %d kill points (%d killed, "
              "%d finished first); %d left a temporary file; the snapshot "
              "was intact and opened every time"
              % (duration, len(points), len(points) - finished, finished,
                 len(left_temps)), file=sys.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
