#!/usr/bin/env python3
"""Generate a labelled query set for evaluating entitycheck's fuzzy name screening.

The script reads the real Consolidated Screening List (CSL) *in place* from
--csl (no default: run.sh passes it) and writes a TSV query file to --output,
normally inside the build directory.  Neither the CSL nor anything derived from
it is ever stored in the repository: run this at evaluation time.

Output (UTF-8 TSV, one header line):
  kind <TAB> query <TAB> country <TAB> expected <TAB> dob <TAB> nationality

  kind      exact, case_punct, legal_form, reorder, middle_drop, typo,
            spacing_hyphen, accents, translit, negative_company, negative_person,
            company_master (--companies: real unlisted companies as customer
            masters hold them), person_facts (seeded synthetic persons of many
            name cultures with a date of birth and a nationality)
  query     the query string
  country   ISO-2 code of the source entry (first address) for ~20% of the
            positive queries, otherwise empty
  expected  comma-separated CSL _ids: the source entry, every entry having a
            name/alias equal to the source name (lowercase, spaces collapsed),
            and every entry having a name/alias equal to the query itself after
            punctuation/accent folding.  Empty for negatives.

Positive queries are variants of names (primary and aliases, all lists) sampled
with a fixed seed, so the output is deterministic for a given CSL file.
Negative queries are well-known unlisted organisations, generated company names
and ordinary personal names; any that is (token-wise) contained in a CSL name is
dropped.  A per-kind summary is printed to stderr.
"""
import argparse
import csv
import gzip
import os
import random
import re
import sys
import unicodedata
from collections import defaultdict

SEED = 20220501
PER_KIND = 250
COUNTRY_SHARE = 0.27  # of queries whose entry has a country: ~20% of all positives
PERSONS_WITH_FACTS = 20000  # generated persons with date of birth and nationality
POSITIVE_KINDS = ["exact", "case_punct", "legal_form", "reorder", "middle_drop", "typo",
                  "spacing_hyphen", "accents", "translit"]

# Words that do not identify an organisation on their own (legal_form check).
GENERIC = set("""trading trade company co international group the and of for de la
industrial industries industry technology technologies tech development engineering
enterprise enterprises holding holdings services service general import export
commercial investment investments shipping science scientific research institute
electronic electronics equipment products manufacturing materials systems
national state new global china chinese beijing shanghai shenzhen hong kong
russia russian iran iranian limited ltd llc jsc corporation corp inc""".split())
# Legal-form tokens ignored when checking negatives against the list.
LEGAL_TOKENS = set("""co ltd llc inc corp corporation company limited group plc gmbh ag
se sa sas spa srl bv nv llp lp pty pte jsc ojsc pjsc ooo oao zao ao ab oy asa as kg
incorporated holdings holding sab cv""".split())
SLAVIC = set("RU BY UA KZ KG TJ UZ MD AM GE AZ RS BA HR ME MK BG CZ SK PL LV LT EE SI".split())
ARABIC = set("IQ SY LB JO SA AE YE OM KW QA BH EG LY TN DZ MA SD PS MR SO IR AF PK".split())

# ---------------------------------------------------------------- loading

def clean(name):
    """Collapse whitespace; None if unusable as a query ('?' = character lost by the CSL)."""
    name = " ".join(name.split())
    if not name or "?" in name or any(unicodedata.category(c).startswith("C") for c in name):
        return None
    return name


def trivial_norm(s):
    return " ".join(s.lower().split())


def fold(s):
    """Strong normalisation: strip accents and punctuation, lowercase."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2019.]", "", s)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())


def load_csl(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    entries, pool = [], []
    for row in rows:
        names = [row["name"]] + [a for a in row["alt_names"].split("; ") if a]
        first = row["addresses"].split("; ")[0].split(", ")[-1].strip()
        countries = set(re.findall(r"(?:^|, )([A-Z]{2})(?=;|$)", row["addresses"]))
        countries |= set(re.findall(r"\b[A-Z]{2}\b", row["nationalities"] + " " + row["citizenships"]))
        e = {"id": row["_id"], "type": row["type"],
             "country": first if re.fullmatch(r"[A-Z]{2}", first) else "",
             "countries": countries,
             "names": [" ".join(x.split()) for x in names]}
        entries.append(e)
        pool.extend((e, n) for n in (clean(x) for x in names) if n)
    return entries, pool


class Index:
    """Look-ups from names to entry ids, and token sets for the negatives check."""

    def __init__(self, entries):
        self.by_trivial = defaultdict(set)
        self.by_fold = defaultdict(set)
        self.postings = defaultdict(set)
        self.folded_names = set()
        n = 0
        for e in entries:
            for name in e["names"]:
                self.by_trivial[trivial_norm(name)].add(e["id"])
                self.by_fold[fold(name)].add(e["id"])
                self.folded_names.add(fold(name))
                for tok in neg_tokens(name):
                    self.postings[tok].add(n)
                n += 1

    def expected(self, entry, source, query):
        ids = {entry["id"]} | self.by_trivial[trivial_norm(source)] | self.by_fold.get(fold(query), set())
        return ",".join(sorted(ids))

    def listed(self, query):
        """(equal, subset): query equals / is token-contained in some CSL name."""
        if fold(query) in self.folded_names:
            return True, True
        toks = sorted(neg_tokens(query), key=lambda t: len(self.postings.get(t, ())))
        if not toks:
            return False, True
        hits = set(self.postings.get(toks[0], set()))
        for t in toks[1:]:
            hits &= self.postings.get(t, set())
            if not hits:
                break
        return False, bool(hits)


def neg_tokens(name):
    return {t for t in fold(name).split() if t not in LEGAL_TOKENS}

# ---------------------------------------------------------------- helpers

def match_case(src, new):
    if src.isupper():
        return new.upper()
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def split_person(name):
    """'SURNAME, Given Middle' -> (surname tokens, given tokens) or None."""
    if name.count(",") != 1:
        return None
    sur, given = (p.split() for p in name.split(","))
    if not sur or not given or not all(re.fullmatch(r"[A-Za-z'\-.]+", t) for t in sur + given):
        return None
    return sur, given


def is_person(entry):
    return entry["type"] == "Individual"

# ---------------------------------------------------------------- variant generators
# Each takes (rng, entry, name) and returns the query string or None.

def v_exact(rng, entry, name):
    return name if len(name) <= 150 else None


ABBREV = r"(?<!['\-.])\b(co|ltd|inc|corp|jr|sr|st|no|[A-Za-z])\b(?![.'\-])"


def v_case_punct(rng, entry, name):
    if not re.search(r"[A-Za-z]{2}", name):
        return None
    s = name
    ops = []
    if re.search(r"[,.]", s):
        ops.append(lambda x: " ".join(x.replace(",", " ").replace(".", "").split()))
    if re.search(r"[\"\u201c\u201d()]", s):
        ops.append(lambda x: " ".join(re.sub(r"[\"\u201c\u201d()]", " ", x).split()))
    if re.search(ABBREV, s, re.I):
        ops.append(lambda x: re.sub(ABBREV, r"\1.", x, flags=re.I))
    if ops:
        s = rng.choice(ops)(s)
    case = rng.choice(["lower", "upper", "title"])
    s = s.lower() if case == "lower" else s.upper() if case == "upper" else s.title()
    return s if s != name else None


LEGAL_FORMS = [  # (group, regex for the surface form, alternatives to write)
    ("coltd", r"co\.?,?\s*(?:ltd\.?|limited)|company\s+(?:limited|ltd\.?)", ["Co., Ltd.", "Company Limited", ""]),
    ("llc", r"llc\.?|l\.l\.c\.?|limited\s+liability\s+company", ["LLC", "L.L.C.", "Limited Liability Company"]),
    ("pjsc", r"pjsc|public\s+joint[\s-]stock\s+company", ["PJSC", "Public Joint Stock Company"]),
    ("jsc", r"jsc|joint[\s-]stock\s+company", ["JSC", "Joint Stock Company"]),
    ("ooo", r"ooo", ["LLC", ""]),
    ("gmbh", r"gmbh", [""]),
    ("corp", r"corp\.?|corporation", ["Corp.", "Corporation", ""]),
    ("inc", r"inc\.?|incorporated", ["Inc.", "Incorporated"]),
    ("ltd", r"ltd\.?|limited", ["Ltd", "Limited"]),
]
PREFIX_GROUPS = {"llc", "pjsc", "jsc", "ooo"}


def v_legal_form(rng, entry, name):
    if is_person(entry):
        return None
    for group, pat, alts in LEGAL_FORMS:
        m = re.search(r"(,?\s+)(" + pat + r")$", name, re.I)
        if m:
            rest, sep, form, at_end = name[:m.start()], m.group(1), m.group(2), True
        elif group in PREFIX_GROUPS and (m := re.match(r"(" + pat + r")(\s+)", name, re.I)):
            rest, sep, form, at_end = name[m.end():], " ", m.group(1), False
        else:
            continue
        if not ({t for t in fold(rest).split()} - GENERIC):
            return None
        choices = [a for a in alts if fold(a) != fold(form)]
        if not choices:
            return None
        alt = rng.choice(choices)
        if rest.upper() == rest:
            alt = alt.upper()
        if not alt:
            return rest.strip(" ,")
        return rest + sep + alt if at_end else alt + sep + rest
    return None


def v_reorder(rng, entry, name):
    parts = split_person(name) if is_person(entry) else None
    if not parts:
        return None
    sur, given = parts
    if len({t.lower() for t in sur + given}) < 2:
        return None
    if rng.random() < 0.7:
        toks = given + sur
    else:
        toks = sur + given
        while toks == sur + given:
            rng.shuffle(toks)
    return " ".join(t.title() if t.isupper() else t for t in toks)


def v_middle_drop(rng, entry, name):
    parts = split_person(name) if is_person(entry) else None
    if not parts or len(parts[1]) < 2:
        return None
    sur, given = parts
    drop = rng.randrange(1, len(given))
    return " ".join(sur) + ", " + " ".join(g for i, g in enumerate(given) if i != drop)


def v_typo(rng, entry, name):
    if len(name.split()) < 2:
        return None
    words = list(re.finditer(r"[A-Za-z]{5,}", name))
    if not words:
        return None
    w = rng.choice(words)
    tok, start = w.group(), w.start()
    i = rng.randrange(1, len(tok))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    letter = letter.upper() if tok.isupper() else letter
    op = rng.choice(["sub", "del", "ins", "swap"])
    if op == "sub":
        new = tok[:i] + letter + tok[i + 1:]
    elif op == "del":
        new = tok[:i] + tok[i + 1:]
    elif op == "ins":
        new = tok[:i] + letter + tok[i:]
    else:
        i = min(i, len(tok) - 2)
        new = tok[:i] + tok[i + 1] + tok[i] + tok[i + 2:]
    if new.lower() == tok.lower():
        return None
    return name[:start] + new + name[start + len(tok):]


NOT_JOINED = set("of the and to in on at a an y e de del la le for".split()) | LEGAL_TOKENS


def v_spacing_hyphen(rng, entry, name):
    ops = []
    for m in re.finditer(r"(?<=[A-Za-z])-(?=[A-Za-z])", name):
        ops.append(name[:m.start()] + " " + name[m.end():])
        ops.append(name[:m.start()] + name[m.end():])
    pairs = list(re.finditer(r"(?<![\w'\-.])([A-Za-z]+) ([A-Za-z]+)(?![\w'\-.])", name))
    for m in pairs:
        a, b = m.group(1), m.group(2)
        if {a.lower(), b.lower()} & NOT_JOINED:
            continue
        if len(a) <= 4:  # "Abu Bakr" -> "Abu-Bakr"
            ops.append(name[:m.start()] + a + "-" + b + name[m.end():])
        if len(a) <= 4 or len(b) <= 4:  # "Abu Bakr" -> "AbuBakr"
            ops.append(name[:m.start()] + a + b + name[m.end():])
    prefix = r"(abu|abdul|abdel|al|el)" if entry["countries"] & ARABIC else r"(abu|abdul|abdel)"
    for m in re.finditer(r"\b" + prefix + r"([A-Za-z]{4,})\b", name, re.I):
        ops.append(name[:m.start()] + m.group(1) + " " + m.group(2) + name[m.end():])
    return rng.choice(ops) if ops else None


ACCENTS = {"e": "é", "a": "á", "o": "ö", "u": "ü", "n": "ñ", "c": "ç", "s": "ş", "i": "í"}


def v_accents(rng, entry, name):
    if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", name)):
        return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    pos = [i for i, c in enumerate(name) if c.lower() in ACCENTS]
    if not pos or not re.search(r"[A-Za-z]{3}", name):
        return None
    chars = list(name)
    for i in rng.sample(pos, min(len(pos), rng.choice([1, 2]))):
        acc = ACCENTS[chars[i].lower()]
        chars[i] = acc.upper() if chars[i].isupper() else acc
    return "".join(chars)


NAME_GROUPS = [g.split() for g in (  # interchangeable spellings of Arabic given names
    "mohammed muhammad mohamed mohammad muhammed mohamad|ahmed ahmad|hassan hasan|"
    "hussein husayn hussain husain hossein|abdullah abdallah|yousef yusuf youssef yousif|"
    "mahmoud mahmud|osama usama|omar umar|othman uthman osman|saeed said|khalid khaled|"
    "ibrahim ebrahim|abdul abdel|mustafa mostafa|mansour mansur|nasser nasir naser|"
    "rashid rasheed|karim kareem|hamid hameed|ali aly").split("|")]
SLAVIC_RULES = [(r"ey$", "ei"), (r"ei$", "ey"), (r"yev(a?)$", r"iev\1"), (r"iev(a?)$", r"yev\1"),
                (r"yev$", "yeu"), (r"iy$", "y"), (r"iy$", "ii"), (r"([rlt])y$", r"\1iy"),
                (r"ks", "x"), (r"x", "ks"), (r"kh", "h"), (r"yu", "iu"), (r"iu", "yu"),
                (r"ya", "ia"), (r"ia", "ya"), (r"^ye", "e"), (r"shch", "sch"), (r"yo", "e")]
ARABIC_RULES = [(r"ou", "u"), (r"ee", "i"), (r"^el$", "al"), (r"^al$", "el"), (r"dh", "z")]


def v_translit(rng, entry, name):
    if not is_person(entry):
        return None
    lower = name.lower()
    slavic = bool(entry["countries"] & SLAVIC) or re.search(r"(vich|vna)\b", lower)
    arabic = bool(entry["countries"] & ARABIC) or re.search(r"\b(al|abu|bin|abd|abdul)\b", lower)
    words = list(re.finditer(r"[A-Za-z]+", name))
    cands = []
    for w in words:
        tok = w.group().lower()
        for group in NAME_GROUPS:
            if tok in group:
                cands += [(w, alt) for alt in group if alt != tok]
        rules = (SLAVIC_RULES if slavic else []) + (ARABIC_RULES if arabic else [])
        for pat, rep in rules:
            new = re.sub(pat, rep, tok, count=1)
            if new != tok:
                cands.append((w, new))
    if not cands:
        return None
    w, new = rng.choice(cands)
    query = name[:w.start()] + match_case(w.group(), new) + name[w.end():]
    return query if query != name else None


GENERATORS = {"exact": v_exact, "case_punct": v_case_punct, "legal_form": v_legal_form,
              "reorder": v_reorder, "middle_drop": v_middle_drop, "typo": v_typo,
              "spacing_hyphen": v_spacing_hyphen, "accents": v_accents, "translit": v_translit}

# ---------------------------------------------------------------- negatives

REAL_COMPANIES = """Apple Inc.|Microsoft Corporation|Alphabet Inc.|Amazon.com, Inc.|Meta Platforms, Inc.
|Siemens AG|Toyota Motor Corporation|Nestle S.A.|Unilever PLC|The Procter & Gamble Company
|Johnson & Johnson|Pfizer Inc.|Novartis AG|Roche Holding AG|Bayer AG|BASF SE|Volkswagen AG
|Bayerische Motoren Werke AG|Mercedes-Benz Group AG|Robert Bosch GmbH|SAP SE|Allianz SE
|Deutsche Bank AG|Commerzbank AG|Airbus SE|Safran S.A.|TotalEnergies SE|L'Oreal S.A.
|LVMH Moet Hennessy Louis Vuitton|Danone S.A.|Carrefour S.A.|Renault S.A.|Michelin
|Orange S.A.|BNP Paribas S.A.|Societe Generale S.A.|AXA S.A.|Sanofi S.A.|Koninklijke Philips N.V.
|ASML Holding N.V.|Heineken N.V.|Shell plc|BP p.l.c.|HSBC Holdings plc|Barclays PLC
|Lloyds Banking Group plc|GlaxoSmithKline plc|AstraZeneca PLC|Rolls-Royce Holdings plc
|Vodafone Group Plc|Tesco PLC|Diageo plc|Rio Tinto Group|BHP Group Limited
|Commonwealth Bank of Australia|Telstra Corporation Limited|Qantas Airways Limited
|Woolworths Group Limited|Honda Motor Co., Ltd.|Sony Group Corporation|Panasonic Holdings Corporation
|Nintendo Co., Ltd.|Canon Inc.|Hitachi, Ltd.|Toshiba Corporation|Fujitsu Limited
|Nissan Motor Co., Ltd.|Mitsubishi UFJ Financial Group|Samsung Electronics Co., Ltd.
|LG Electronics Inc.|Hyundai Motor Company|Kia Corporation|Tata Consultancy Services Limited
|Infosys Limited|Wipro Limited|Mahindra & Mahindra Ltd.|Royal Bank of Canada
|Toronto-Dominion Bank|Bombardier Inc.|Shopify Inc.|Embraer S.A.|Vale S.A.|Cemex S.A.B. de C.V.
|Grupo Bimbo|Banco Santander S.A.|Telefonica S.A.|Industria de Diseno Textil S.A.|Iberdrola S.A.
|Enel S.p.A.|Ferrari N.V.|Intesa Sanpaolo S.p.A.|UBS Group AG|Credit Suisse Group AG|ABB Ltd
|Zurich Insurance Group|Nokia Corporation|Telefonaktiebolaget LM Ericsson|Volvo Cars|IKEA
|Novo Nordisk A/S|A.P. Moller - Maersk A/S|Equinor ASA|Spotify Technology S.A.
|General Electric Company|General Motors Company|Ford Motor Company|The Boeing Company
|Lockheed Martin Corporation|Intel Corporation|Cisco Systems, Inc.|Oracle Corporation
|International Business Machines Corporation|Hewlett Packard Enterprise|Dell Technologies Inc.
|NVIDIA Corporation|Qualcomm Incorporated|Texas Instruments Incorporated|Advanced Micro Devices, Inc.
|Micron Technology, Inc.|Caterpillar Inc.|Deere & Company|3M Company|Honeywell International Inc.
|The Coca-Cola Company|PepsiCo, Inc.|McDonald's Corporation|Walmart Inc.|Target Corporation
|Costco Wholesale Corporation|The Home Depot, Inc.|Nike, Inc.|JPMorgan Chase & Co.
|Bank of America Corporation|Wells Fargo & Company|Citigroup Inc.|The Goldman Sachs Group, Inc.
|Morgan Stanley|American Express Company|Visa Inc.|Mastercard Incorporated|PayPal Holdings, Inc.
|Exxon Mobil Corporation|Chevron Corporation|ConocoPhillips|Merck & Co., Inc.|Abbott Laboratories
|Eli Lilly and Company|Bristol-Myers Squibb Company|Moderna, Inc.|Medtronic plc|Starbucks Corporation
|Netflix, Inc.|Adobe Inc.|Salesforce, Inc.|Uber Technologies, Inc.|Airbnb, Inc.|Tesla, Inc.
|FedEx Corporation|United Parcel Service, Inc.|Delta Air Lines, Inc.|Marriott International, Inc.
|Hilton Worldwide Holdings Inc.|The Walt Disney Company|Comcast Corporation
|Verizon Communications Inc.|AT&T Inc.|Harvard University|Massachusetts Institute of Technology
|Stanford University|University of Oxford|University of Cambridge|ETH Zurich|Sorbonne University
|Heidelberg University|University of Tokyo|Seoul National University|University of Toronto
|McGill University|University of Melbourne|Australian National University|University of Sao Paulo
|Technical University of Munich|Karolinska Institutet|Yale University|Princeton University
|University of California, Berkeley|Imperial College London|KU Leuven|Mayo Clinic|Cleveland Clinic
|Johns Hopkins Hospital|Massachusetts General Hospital|Charite Universitatsmedizin Berlin
|Great Ormond Street Hospital|Mount Sinai Hospital|Toronto General Hospital|Royal Melbourne Hospital
|Karolinska University Hospital|ING Groep N.V.|Rabobank|Nordea Bank Abp|Danske Bank A/S|DBS Bank Ltd
|Mizuho Financial Group|Sumitomo Mitsui Banking Corporation|KB Kookmin Bank|Westpac Banking Corporation
|Australia and New Zealand Banking Group|Bank of Montreal|The Bank of Nova Scotia|Credit Agricole S.A.
|UniCredit S.p.A.|KBC Group|Swedbank AB|Svenska Handelsbanken AB|National Australia Bank
|International Committee of the Red Cross|Medecins Sans Frontieres|World Health Organization|UNICEF
|Oxfam International|World Wildlife Fund|Bill & Melinda Gates Foundation|Rockefeller Foundation
|Wikimedia Foundation|Mozilla Foundation|Linux Foundation|Save the Children|CARE International
|Amnesty International|Greenpeace|International Organization for Standardization
|European Space Agency|CERN|Fraunhofer Society|Max Planck Society""".replace("\n", "").split("|")
CO_PREFIX = """Northern Southern Eastern Western Blue_Ocean Silver_Creek Green_Valley Red_Rock Summit
Pinnacle Harbor Lakeside Riverside Maple Oakwood Cedar Evergreen Sunrise Horizon Meridian Beacon
Keystone Bluebird Ironwood Clearwater Highland Prairie Coastal Alpine Granite""".split()
CO_INDUSTRY = """Logistics Trading Foods Textiles Software Consulting Construction Furniture Packaging
Dairy Pharmacy Marine_Services Auto_Parts Printing Farms Solar Medical_Supplies Office_Supplies
Insurance Realty Bakery Apparel Paper Plastics Hardware""".split()
CO_SUFFIX = ["Ltd", "LLC", "Inc.", "GmbH", "Group Ltd", "S.A.", "Pty Ltd", "Corporation",
             "Co., Ltd.", "B.V.", "S.r.l.", "Limited", "Partners LLP", "AB", "Oy"]

def read_people(name):
    """culture: ((male first, female first, surnames), countries), in the
    order of the file name of this folder ('culture|countries|male|female|
    surnames' a line)."""
    out = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name),
              encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                culture, countries, male, female, surnames = \
                    line.rstrip("\n").split("|")
                out[culture] = ((male, female, surnames), countries.split())
    return out


BASE_PEOPLE = read_people("people.txt")
PEOPLE = {c: names for c, (names, _) in BASE_PEOPLE.items()}
CULTURE_COUNTRIES = {c: countries for c, (_, countries) in BASE_PEOPLE.items()}
MORE_PEOPLE = read_people("more-people.txt")


def persons_with_facts(rng, index, n):
    """Seeded synthetic persons of many cultures, each with a full date of
    birth and a nationality; names equal to a listed name are dropped."""
    cultures = {c: (PEOPLE[c], CULTURE_COUNTRIES[c]) for c in PEOPLE}
    cultures.update(MORE_PEOPLE)
    names = sorted(cultures)
    out, dropped, tries = [], 0, 0
    while len(out) < n and tries < 20 * n:
        tries += 1
        culture = rng.choice(names)
        (males, females, surnames), countries = cultures[culture]
        males, females, surnames = males.split(), females.split(), surnames.split()
        female = rng.random() < 0.5
        first, sur = rng.choice(females if female else males), rng.choice(surnames)
        if culture == "russian" and female:
            sur += "a"
        if rng.random() < 0.2:
            first = f"{first} {rng.choice(females if female else males)}"
        q = f"{sur} {first}" if culture in ("chinese", "korean", "vietnamese") and rng.random() < 0.6 \
            else f"{first} {sur}"
        if any(index.listed(q)):
            dropped += 1
            continue
        dob = f"{rng.randint(1940, 2004):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append((q, dob, rng.choice(countries)))
    print(f"person_facts: {len(out)} generated, {dropped} dropped as listed", file=sys.stderr)
    return out


def read_companies(path, index):
    out, dropped = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, country = line.partition("|")
            if any(index.listed(name)):
                dropped += 1
                continue
            out.append((name, country))
    print(f"company_master: {len(out)} read, {dropped} dropped as listed", file=sys.stderr)
    return out


def person_candidates(rng, culture):
    males, females, surnames = (x.split() for x in PEOPLE[culture])
    female = rng.random() < 0.5
    first, sur = rng.choice(females if female else males), rng.choice(surnames)
    if culture == "russian" and female:
        sur += "a"
    if culture == "chinese":
        return f"{sur} {first}" if rng.random() < 0.6 else f"{first} {sur}"
    if culture == "spanish" and rng.random() < 0.5:
        return f"{first} {sur} {rng.choice([s for s in surnames if s != sur])}"
    if culture == "english" and rng.random() < 0.3:
        return f"{first} {rng.choice(males + females)} {sur}"
    return f"{first} {sur}"


def negatives(rng, index):
    stats = {"equal": 0, "subset": 0}
    seen = set()

    def accept(q):
        if fold(q) in seen:
            return False
        equal, subset = index.listed(q)
        if equal or subset:
            stats["equal" if equal else "subset"] += 1
            return False
        seen.add(fold(q))
        return True

    companies = [q for q in REAL_COMPANIES if accept(q)]
    for _ in range(5000):
        if len(companies) >= 300:
            break
        q = " ".join(rng.choice(x).replace("_", " ") for x in (CO_PREFIX, CO_INDUSTRY, CO_SUFFIX))
        if accept(q):
            companies.append(q)
    persons = []
    for culture in sorted(PEOPLE):
        got = 0
        for _ in range(2000):
            if got >= 43:
                break
            q = person_candidates(rng, culture)
            if accept(q):
                persons.append(q)
                got += 1
    print(f"negatives dropped as listed: {stats['equal']} equal to a CSL name, "
          f"{stats['subset']} token-subset of a CSL name", file=sys.stderr)
    return companies, persons

# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csl", required=True, help="consolidated CSL .csv.gz (read in place)")
    ap.add_argument("--companies", help="real unlisted companies, 'name|country' a line")
    ap.add_argument("--persons", type=int, default=PERSONS_WITH_FACTS)
    ap.add_argument("--output", required=True, help="TSV file to write (in the build directory)")
    ap.add_argument("--per-kind", type=int, default=PER_KIND)
    args = ap.parse_args()

    entries, pool = load_csl(args.csl)
    index = Index(entries)
    rng = random.Random(SEED)
    out = []
    for kind in POSITIVE_KINDS:
        order = list(pool)
        rng.shuffle(order)
        used_entries, seen, n = set(), set(), 0
        for entry, name in order:
            if n >= args.per_kind:
                break
            if entry["id"] in used_entries:
                continue
            query = GENERATORS[kind](rng, entry, name)
            if not query or query in seen or re.search(r"[\t\r\n]", query):
                continue
            if kind not in ("exact", "case_punct") and trivial_norm(query) == trivial_norm(name):
                continue
            country = entry["country"] if entry["country"] and rng.random() < COUNTRY_SHARE else ""
            out.append((kind, query, country, index.expected(entry, name, query), "", ""))
            used_entries.add(entry["id"])
            seen.add(query)
            n += 1
    companies, persons = negatives(rng, index)
    out += [("negative_company", q, "", "", "", "") for q in companies]
    out += [("negative_person", q, "", "", "", "") for q in persons]
    if args.companies:
        # The country is not passed: a customer master's country says
        # nothing about a listed party of the same name.
        out += [("company_master", q, "", "", "", "")
                for q, _ in read_companies(args.companies, index)]
    out += [("person_facts", q, "", "", dob, nat)
            for q, dob, nat in persons_with_facts(random.Random(SEED + 1), index, args.persons)]

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("kind\tquery\tcountry\texpected\tdob\tnationality\n")
        for row in out:
            f.write("\t".join(row) + "\n")

    counts = defaultdict(int)
    for row in out:
        counts[row[0]] += 1
    positives = [r for r in out if r[3]]
    print(f"read {len(entries)} CSL entries, {len(pool)} usable names from "
          f"{os.path.normpath(args.csl)}", file=sys.stderr)
    for kind in POSITIVE_KINDS + ["negative_company", "negative_person",
                                  "company_master", "person_facts"]:
        print(f"  {kind:17s} {counts[kind]:4d}", file=sys.stderr)
    print(f"  {'total':17s} {len(out):4d}  ({sum(1 for r in positives if r[2])} of "
          f"{len(positives)} positives carry a country)  -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
