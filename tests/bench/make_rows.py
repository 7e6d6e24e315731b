#!/usr/bin/env python3
"""Generates a screening input file for the `screen` benchmark: rows that
mix listed names (from the real CSL, read in place), simple variants of
them and unlisted names.  Deterministic.  Writes to the path given; nothing
is committed.

usage: make_rows.py CSL.csv.gz OUT.csv ROWS {names|full|master}
"""
import csv
import gzip
import os
import random
import sys

FIRST = ["James", "Maria", "Wei", "Olga", "Ahmed", "Priya", "Lucas", "Yuki",
         "Fatima", "Ivan", "Sofia", "Chen", "Omar", "Anna", "Raj", "Elena"]
LAST = ["Smith", "Garcia", "Zhang", "Petrova", "Hassan", "Sharma", "Muller",
        "Tanaka", "Rossi", "Kowalski", "Novak", "Silva", "Kim", "Okafor"]
WORDS = ["Northern", "Blue", "River", "Summit", "Pacific", "Golden", "Delta",
         "Harbor", "Apex", "Cedar", "Orion", "Granite", "Vista", "Crescent"]
KINDS = ["Logistics", "Components", "Foods", "Textiles", "Analytics",
         "Hardware", "Pharma", "Motors", "Optics", "Paper"]
FORMS = ["Ltd", "LLC", "GmbH", "Inc.", "S.A.", "Co., Ltd.", "Pte Ltd", ""]
ITEMS = ["EAR99", "EAR99", "EAR99", "5A992", "3A001", "9A991", "4A994"]


def variant(rng, name):
    k = rng.randrange(4)
    if k == 0:
        return name
    if k == 1:
        return name.lower()
    if k == 2 and " " in name:
        return name.rsplit(" ", 1)[0]
    if len(name) > 6:
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name


def unlisted(rng):
    if rng.random() < 0.5:
        return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
    return " ".join(x for x in (rng.choice(WORDS), rng.choice(KINDS),
                                rng.choice(FORMS)) if x)


def read_fields(name):
    """The '|'-separated lines of a file of tests/eval, comments left out."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "eval", name)
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("|") for line in f
                if line.strip() and not line.startswith("#")]


def master(rng, names, cultures, companies):
    """A customer master's party: a person or a company of one of many
    cultures, all but one in a hundred unlisted; few repeat."""
    r = rng.random()
    if r < 0.005:
        return rng.choice(names), ""
    if r < 0.01:
        return variant(rng, rng.choice(names)), ""
    c = rng.choice(cultures)
    country = rng.choice(c[1].split())
    if r < 0.5:
        given = rng.choice((c[2] + " " + c[3]).split())
        middle = " %s." % rng.choice("ABCDEFGHJKLMNPRSTW") \
            if rng.random() < 0.3 else ""
        return "%s%s %s" % (given, middle, rng.choice(c[4].split())), country
    base = rng.choice(companies)[0].split()[0].strip(",.")
    return " ".join(x for x in (base, rng.choice(c[4].split()),
                                rng.choice(KINDS), rng.choice(FORMS))
                    if x), country


def main():
    csl, out, rows, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        sys.argv[4]
    rng = random.Random(20190516)
    with gzip.open(csl, "rt", newline="", encoding="utf-8") as f:
        names = [r["name"].replace("\n", " ") for r in csv.DictReader(f)]
    if mode == "master":
        cultures = read_fields("people.txt") + read_fields("more-people.txt")
        companies = read_fields("companies.txt")
        with open(out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "country"])
            for i in range(rows):
                w.writerow([i + 1] + list(master(rng, names, cultures,
                                                 companies)))
        return
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        if mode == "names":
            w.writerow(["id", "name"])
        else:
            w.writerow(["id", "name", "country", "item", "date", "role"])
        for i in range(rows):
            r = rng.random()
            if r < 0.2:
                name = rng.choice(names)
            elif r < 0.4:
                name = variant(rng, rng.choice(names))
            else:
                name = unlisted(rng)
            if mode == "names":
                w.writerow([i + 1, name])
            else:
                w.writerow([i + 1, name, rng.choice(["CN", "RU", "DE", "US",
                                                     "IR", ""]),
                            rng.choice(ITEMS),
                            "20%02d-%02d-15" % (rng.randrange(19, 23),
                                                rng.randrange(1, 13)),
                            rng.choice(["ultimate_consignee", "end_user",
                                        "purchaser"])])


if __name__ == "__main__":
    main()
