#!/usr/bin/env python3
"""Writes a copy of a CSL file with N entries changed, as a list update
changes them: a third get a new alias, a third are removed, the rest are
new entries.  Deterministic.  For the `screen --since` benchmark
(bench_delta.sh); nothing is committed.

usage: make_delta.py CSL.csv.gz OUT.csv N
"""
import csv
import gzip
import random
import sys


def main():
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    rng = random.Random(20261203)
    third = n // 3
    picked = rng.sample(range(len(body)), 2 * third)
    alias, removed = picked[:third], set(picked[third:])
    alt = head.index("alt_names")
    for i in alias:
        r = body[i]
        r[alt] = (r[alt] + "; " if r[alt] else "") + r[head.index("name")] \
            + " Holdings"
    new = []
    for k in range(n - 2 * third):
        r = list(body[rng.randrange(len(body))])
        r[0] = "bench-delta-%d" % k
        r[head.index("name")] = "Bench Delta Novel%02d Industries" % k
        r[alt] = ""
        new.append(r)
    body = [r for i, r in enumerate(body) if i not in removed] + new
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        w.writerows(body)


main()
