/*
 * entrytext.c: reads the license requirement and review policy texts of
 * Entity List and MEU entries clause by clause.  A text with a word that no
 * recognised clause accounts for is "not understood", never guessed at.
 */
#include "entrytext.h"

#include <string.h>

#include "fold.h"

/* Longest text read (bytes after cleaning); longer is not understood. */
#define ET_MAX_BYTES 4096
#define ET_MAX_TOKENS 512
#define ET_MAX_WORD 96
#define ET_MAX_CITES 8
#define ET_MAX_PARTS ((long)EC__ARRAY_LEN(((ec__entrytext *)0)->parts))

/* Stand-ins for characters that matter after cleaning. */
#define CH_SECTION '\x01' /* U+00A7 */
#define CH_OTHER '\x02'	  /* a character no clause uses */

typedef struct et_tok {
	const char *s;
	/* a sentence or clause break (. ; :) comes before this token */
	unsigned char brk;
} et_tok;

/*
 * A text as words: lowercase ASCII letters and digits; section numbers
 * keep their dots and paragraph letters ("736.2(b)(3)(vi)"), ECCNs their
 * dots ("1a004.c"); "§" is the word "$sec", any other non-ASCII character
 * "$unk".  Punctuation is dropped, except that breaks are remembered.
 */
typedef struct et_text {
	char clean[ET_MAX_BYTES + 1];
	char words[2 * ET_MAX_BYTES + 64];
	size_t used;
	et_tok tok[ET_MAX_TOKENS];
	long n;
	int overflow;
} et_text;

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c);
}

/*
 * Lowercases ASCII, drops quotes and apostrophes of every style, turns
 * spaces and dashes of every width into ' ' and '-', "§" into CH_SECTION
 * and any other non-ASCII character (or invalid byte) into CH_OTHER.
 */
static int clean_text(char *dst, size_t cap, const char *src)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), i = 0, o = 0;

	while (i < n) {
		unsigned char c = s[i];
		char put;

		if (c < 0x80) {
			i++;
			if (c == '"' || c == '\'' || c == '`')
				continue;
			if (c < 0x20 || c == 0x7f)
				put = ' ';
			else if (c >= 'A' && c <= 'Z')
				put = (char)(c - 'A' + 'a');
			else
				put = (char)c;
		} else {
			uint32_t cp = 0;
			size_t k = ec__utf8_decode(s + i, n - i, &cp);

			if (k == 0) {
				i++;
				put = CH_OTHER;
			} else {
				i += k;
				if (cp == 0xa7)
					put = CH_SECTION;
				else if (cp == 0xa0 ||
					 (cp >= 0x2000 && cp <= 0x200a) ||
					 cp == 0x202f || cp == 0x3000)
					put = ' ';
				else if (cp >= 0x2010 && cp <= 0x2015)
					put = '-';
				else if (cp == 0x2018 || cp == 0x2019 ||
					 cp == 0x201c || cp == 0x201d ||
					 cp == 0xad || cp == 0x200b ||
					 cp == 0xfeff)
					continue;
				else
					put = CH_OTHER;
			}
		}
		if (o >= cap)
			return -1;
		dst[o++] = put;
	}
	dst[o] = '\0';
	return 0;
}

static void emit(et_text *t, const char *w, size_t len, int brk)
{
	if (t->n >= ET_MAX_TOKENS || t->used + len + 1 > sizeof(t->words)) {
		t->overflow = 1;
		return;
	}
	memcpy(t->words + t->used, w, len);
	t->words[t->used + len] = '\0';
	t->tok[t->n].s = t->words + t->used;
	t->tok[t->n].brk = (unsigned char)brk;
	t->n++;
	t->used += len + 1;
}

/* Length of a paragraph designator "(b)", "(vi)", "(3)" at p, or 0. */
static size_t paren_group(const char *p)
{
	size_t k = 1;

	if (p[0] != '(')
		return 0;
	while (k <= 4 && is_alnum(p[k]))
		k++;
	return k > 1 && p[k] == ')' ? k + 1 : 0;
}

static int last_is(const et_text *t, const char *w)
{
	return t->n > 0 && strcmp(t->tok[t->n - 1].s, w) == 0;
}

/* Reads one word starting at *pp (an alphanumeric character). */
static void read_word(et_text *t, const char **pp, int brk)
{
	const char *p = *pp;
	char w[ET_MAX_WORD];
	size_t len = 0;

	for (;;) {
		size_t g, skip;

		/* dots join 744.11 and 1a004.c, and u.s, but not "no.2" */
		if (is_alnum(*p) || (*p == '.' && is_alnum(p[1]) &&
				     (is_digit(w[0]) || !is_digit(p[1])))) {
			if (len + 1 >= sizeof(w))
				goto too_long;
			w[len++] = *p++;
			continue;
		}
		/* "744.2 (d)" and "746.8(a)(3)" are one section number. */
		if (!is_digit(w[0]) || !memchr(w, '.', len))
			break;
		skip = *p == ' ' ? 1 : 0;
		g = paren_group(p + skip);
		if (g == 0)
			break;
		if (len + g >= sizeof(w))
			goto too_long;
		memcpy(w + len, p + skip, g);
		len += g;
		p += skip + g;
	}
	*pp = p;
	emit(t, w, len, brk);
	return;
too_long:
	t->overflow = 1;
	while (is_alnum(*p) || *p == '.')
		p++;
	*pp = p;
}

static void tokenize(et_text *t, const char *text)
{
	const char *p;
	int brk = 0;

	t->n = 0;
	t->used = 0;
	t->overflow = 0;
	if (clean_text(t->clean, ET_MAX_BYTES, text ? text : "") != 0) {
		t->overflow = 1;
		return;
	}
	p = t->clean;
	while (*p && !t->overflow) {
		if (is_alnum(*p)) {
			read_word(t, &p, brk);
			brk = 0;
		} else if (*p == '.') {
			const char *q = p + 1;

			while (*q == ' ')
				q++;
			/* "supplement no. 2" is no sentence break */
			if (!(last_is(t, "no") && is_digit(*q)))
				brk = 1;
			p++;
		} else if (*p == ';' || *p == ':') {
			brk = 1;
			p++;
		} else if (*p == CH_SECTION) {
			/* "§§" is "§" */
			if (!last_is(t, "$sec")) {
				emit(t, "$sec", 4, brk);
				brk = 0;
			}
			p++;
		} else if (*p == CH_OTHER) {
			emit(t, "$unk", 4, brk);
			brk = 0;
			p++;
		} else {
			p++;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Patterns                                                            */
/* ------------------------------------------------------------------ */

/*
 * A pattern is elements separated by single spaces.  An element is
 * alternatives separated by '|'; an alternative is one or more words
 * joined by '+' ("commerce+control+list|ccl"); a trailing '?' makes the
 * element optional.  Elements match greedily, without backtracking, so
 * longer alternatives come first.  Only the first token a pattern
 * consumes may follow a break, and only when cont is 0: a clause never
 * runs on across a "." or ";".
 */
static long alt_at(const et_text *t, long pos, const char *a, const char *end,
		   int brk_ok)
{
	while (a < end) {
		const char *w = a;
		size_t len;

		while (a < end && *a != '+')
			a++;
		len = (size_t)(a - w);
		if (pos >= t->n || strlen(t->tok[pos].s) != len ||
		    memcmp(t->tok[pos].s, w, len) != 0 ||
		    (t->tok[pos].brk && !brk_ok))
			return -1;
		pos++;
		brk_ok = 0;
		if (a < end)
			a++;
	}
	return pos;
}

static long seq(const et_text *t, long pos, int cont, const char *pat)
{
	int first = !cont;

	if (pos < 0)
		return -1;
	while (*pat) {
		const char *end = strchr(pat, ' ');
		const char *aend, *a;
		long got = -1;
		int opt;

		if (!end)
			end = pat + strlen(pat);
		if (end == pat) {
			pat++;
			continue;
		}
		opt = end[-1] == '?';
		aend = opt ? end - 1 : end;
		for (a = pat; a < aend && got < 0;) {
			const char *bar = a;

			while (bar < aend && *bar != '|')
				bar++;
			got = alt_at(t, pos, a, bar, first);
			a = bar + 1;
		}
		if (got >= 0) {
			if (got > pos)
				first = 0;
			pos = got;
		} else if (!opt) {
			return -1;
		}
		pat = *end ? end + 1 : end;
	}
	return pos;
}

/* A phrase pattern (as seq() reads it) and what it means: a code. */
typedef struct et_pat {
	const char *pat;
	unsigned code;
} et_pat;

/*
 * The first of pats[0..n) that matches at pos: the position after it, with
 * its code in *code; -1 when none does.
 */
static long first_seq(const et_text *t, long pos, int cont, const et_pat *pats,
		      size_t n, unsigned *code)
{
	size_t i;
	long q;

	for (i = 0; i < n; i++)
		if ((q = seq(t, pos, cont, pats[i].pat)) >= 0) {
			*code = pats[i].code;
			return q;
		}
	return -1;
}

/* 744.11, 736.2(b)(3)(vi): a CFR section with optional paragraphs. */
static int is_section(const char *s)
{
	int k = 0;

	while (is_digit(s[k]))
		k++;
	if (k != 3 || s[k] != '.' || !is_digit(s[k + 1]))
		return 0;
	s += k + 1;
	while (is_digit(*s))
		s++;
	while (*s == '(') {
		size_t g = paren_group(s);

		if (g == 0)
			return 0;
		s += g;
	}
	return *s == '\0';
}

/* 1a004.c, 2e983, 9a610.y: an ECCN (lowercased). */
static int is_eccn(const char *s)
{
	if (!is_digit(s[0]) || s[1] < 'a' || s[1] > 'e' || !is_digit(s[2]) ||
	    !is_digit(s[3]) || !is_digit(s[4]))
		return 0;
	s += 5;
	while (*s == '.') {
		s++;
		if (!is_alnum(*s))
			return 0;
		while (is_alnum(*s))
			s++;
	}
	return *s == '\0';
}

/*
 * Appends the words prefix, s and suffix as one space-separated token to
 * buf; ECCN letters are uppercased ("1a004.c" -> "1A004.c").  A token that
 * does not fit sets *trunc and leaves buf as it was.
 */
static void put_token(char *buf, size_t cap, const char *prefix, const char *s,
		      const char *suffix, int *trunc)
{
	size_t len = strlen(buf), lp = strlen(prefix), ls = strlen(s),
	       lx = strlen(suffix), at;

	if (len + (len ? 1 : 0) + lp + ls + lx + 1 > cap) {
		*trunc = 1;
		return;
	}
	if (len)
		buf[len++] = ' ';
	memcpy(buf + len, prefix, lp);
	at = len + lp;
	memcpy(buf + at, s, ls);
	if (ls > 1 && s[1] >= 'a' && s[1] <= 'z')
		buf[at + 1] = (char)(s[1] - 'a' + 'A');
	memcpy(buf + at + ls, suffix, lx + 1);
}

/*
 * "ECCNs 1A004.c, 1A004.d, and 2E983" at pos (after the word "ECCNs"):
 * appends them to buf and returns the position after the list, or -1 when
 * there is no ECCN.
 */
static long eccn_list(const et_text *t, long pos, char *buf, size_t cap,
		      int *trunc)
{
	long p = pos;
	int n = 0;

	for (;;) {
		long q = n ? seq(t, p, 1, "and|or?") : p;

		if (q >= t->n || t->tok[q].brk || !is_eccn(t->tok[q].s))
			break;
		put_token(buf, cap, "", t->tok[q].s, "", trunc);
		p = q + 1;
		n++;
	}
	return n ? p : -1;
}

/* ------------------------------------------------------------------ */
/* Citations ("See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR") */
/* ------------------------------------------------------------------ */

typedef struct et_cite {
	const char *sec[ET_MAX_CITES];
	int mark[ET_MAX_CITES]; /* footnote marker after the section, or 0 */
	int n;
} et_cite;

static long citation(const et_text *t, long pos, int cont, et_cite *c)
{
	long p = seq(t, pos, cont, "see part? $sec|section|sections?");

	c->n = 0;
	if (p < 0)
		return -1;
	for (;;) {
		long q = c->n ? seq(t, p, 1, "and?") : p;
		const char *m;

		if (q >= t->n || t->tok[q].brk || !is_section(t->tok[q].s))
			break;
		if (c->n == ET_MAX_CITES)
			return -1;
		c->sec[c->n] = t->tok[q].s;
		c->mark[c->n] = 0;
		q++;
		/* "734.9(g),3": a footnote number, not a section */
		m = q < t->n && !t->tok[q].brk ? t->tok[q].s : "";
		if (is_digit(m[0]) && m[1] == '\0') {
			c->mark[c->n] = m[0] - '0';
			q++;
		}
		c->n++;
		p = q;
	}
	if (c->n == 0)
		return -1;
	return seq(t, p, 1,
		   "of? the|this? ear|part|export+administration+regulations?");
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Checks the sections a license requirement cites and takes the
 * foreign-direct-product footnote from them.  The basis sections of parts
 * 744 and 746 and the definitions (772.1) do not change what a
 * requirement covers; FDP sections do, so only the known ones pass.
 */
static int requirement_cites(const et_cite *c, uint8_t *fdp)
{
	static const struct {
		const char *sec;
		int fdp;
	} fdps[] = {
		{"736.2(b)(3)(vi)", 1}, {"734.9(e)(1)", 1}, {"734.9(e)(2)", 4},
		{"734.9(e)(3)", 5}, /* footnote 5, 89 FR 96790 */
		{"734.9(g)", 3},	{"734.9(e)", 0}};
	int i;
	size_t k;

	for (i = 0; i < c->n; i++) {
		const char *s = c->sec[i];
		int m = c->mark[i], f = -1;

		if (!starts(s, "734.") && !starts(s, "736.")) {
			if (m)
				return -1;
			if (!starts(s, "744.") && !starts(s, "746.") &&
			    strcmp(s, "772.1") != 0)
				return -1;
			continue;
		}
		for (k = 0; k < EC__ARRAY_LEN(fdps); k++)
			if (strcmp(s, fdps[k].sec) == 0)
				f = fdps[k].fdp;
		/* bare 734.9(e) names its paragraph by the footnote number */
		if (f == 0)
			f = m == 1 || m == 4 || m == 5 ? m : -1;
		if (f < 0 || (m && m != f) || (*fdp && *fdp != f))
			return -1;
		*fdp = (uint8_t)f;
	}
	return 0;
}

/*
 * The FDP footnote a text cites anywhere, for a text that is not
 * understood as a whole; 0 when it cites none, or footnotes that disagree.
 */
static uint8_t fdp_scan(const et_text *t)
{
	uint8_t fdp = 0;
	long i;

	for (i = 0; i < t->n; i++) {
		const char *m = i + 1 < t->n ? t->tok[i + 1].s : "";
		et_cite c;
		uint8_t f = 0;

		if (!is_section(t->tok[i].s))
			continue;
		c.n = 1;
		c.sec[0] = t->tok[i].s;
		c.mark[0] = is_digit(m[0]) && m[1] == '\0' ? m[0] - '0' : 0;
		if (requirement_cites(&c, &f) != 0 || f == 0)
			continue;
		if (fdp && f != fdp)
			return 0;
		fdp = f;
	}
	return fdp;
}

/* The static name of the sections a policy text refers to, or NULL. */
static const char *policy_cites(const et_cite *c)
{
	/* Sorted by key, for ec__str_pair_find(). */
	static const ec__str_pair known[] = {
		{"744.2", "15 CFR 744.2"},
		{"744.2(d)", "15 CFR 744.2(d)"},
		{"744.2(d) 744.3(d) 744.4(d)",
		 "15 CFR 744.2(d), 744.3(d) and 744.4(d)"},
		{"744.21(e)", "15 CFR 744.21(e)"},
		{"744.3", "15 CFR 744.3"},
		{"744.3(d)", "15 CFR 744.3(d)"},
		{"744.4", "15 CFR 744.4"},
		{"744.4(d)", "15 CFR 744.4(d)"},
		{"746.5(b)", "15 CFR 746.5(b)"},
		{"746.8(b)", "15 CFR 746.8(b)"},
		{"746.8(b) 744.21(e)", "15 CFR 746.8(b) and 744.21(e)"},
	};
	char key[128];
	size_t len = 0;
	int i;

	for (i = 0; i < c->n; i++) {
		size_t l = strlen(c->sec[i]);

		if (c->mark[i] || len + l + 2 > sizeof(key))
			return NULL;
		if (len)
			key[len++] = ' ';
		memcpy(key + len, c->sec[i], l);
		len += l;
	}
	key[len] = '\0';
	return ec__str_pair_find(known, EC__ARRAY_LEN(known), key);
}

/* ------------------------------------------------------------------ */
/* Review policy clauses                                               */
/* ------------------------------------------------------------------ */

typedef struct et_policy {
	ec__entrytext *out;
	int bad;       /* a clause was recognised but cannot be stored */
	int owes_food; /* "all items apart from food and medicine ..." */
} et_policy;

static void add_part(et_policy *st, uint8_t policy, uint8_t pred,
		     const char *eccns)
{
	ec__policy_part *pp;

	if ((long)st->out->nparts >= ET_MAX_PARTS) {
		st->bad = 1;
		return;
	}
	pp = &st->out->parts[st->out->nparts++];
	memset(pp, 0, sizeof(*pp));
	pp->policy = policy;
	pp->pred = pred;
	if (eccns) {
		size_t l = strlen(eccns);

		if (l >= sizeof(pp->eccns)) {
			st->bad = 1;
			return;
		}
		memcpy(pp->eccns, eccns, l + 1);
	}
}

enum { PRED_FOOD_CARVEOUT = 100, PRED_ECCN_LIST };

/*
 * One policy statement: a policy ("presumption of denial", "case-by-case
 * review", ...) and the items it is for, or no item phrase (all items).
 * Returns 1 and advances *pos, or 0 when none starts at *pos.
 */
static int policy_clause(const et_text *t, long *pos, int cont, et_policy *st)
{
	static const et_pat heads[] = {
		{"and? presumption|presumptions of denial",
		 EC__POL_PRESUMPTION_DENIAL},
		{"and? policy of denial", EC__POL_DENIAL},
		{"and? presumption|presumptions of approval", EC__POL_APPROVAL},
		{"and? case|casa by case basis|review|reviews?",
		 EC__POL_CASE_BY_CASE},
	};
	static const et_pat preds[] = {
		{"for all other items subject|subjects to the ear",
		 EC__PRED_OTHERS},
		{"for all other items", EC__PRED_OTHERS},
		{"for all? items listed? on the ccl|commerce+control+list",
		 EC__PRED_CCL},
		{"for ear99 items?", EC__PRED_EAR99},
		{"for items designated|classified as? ear99", EC__PRED_EAR99},
		{"for food and|or medicine designated|classified as ear99",
		 EC__PRED_FOOD_MEDICINE},
		{"for items necessary to detect identify and treat infectious "
		 "disease|diseases",
		 EC__PRED_HUMANITARIAN},
		{"for items uniquely required for the? production of "
		 "semiconductors|semiconducto+rs|semiconductor at advanced "
		 "technology nodes 10 nanometers|nanometer and below "
		 "including extreme ultraviolet technology",
		 EC__PRED_ADVANCED_NODE},
		{"for items uniquely required for the? production of "
		 "semiconductors|semiconducto+rs|semiconductor at advanced "
		 "technology nodes",
		 EC__PRED_ADVANCED_NODE},
		{"for all items subject|subjects to the ear "
		 "apart+from|except+for|except|other+than food and|or "
		 "medicine designated|classified as ear99",
		 PRED_FOOD_CARVEOUT},
		{"for eccns|eccn", PRED_ECCN_LIST},
		{"for all items subject|subjects to the ear", EC__PRED_ANY},
		{"for all items", EC__PRED_ANY},
	};
	char eccns[sizeof(((ec__policy_part *)0)->eccns)] = "";
	long p, q;
	unsigned code, pred = EC__PRED_ANY;
	uint8_t policy;
	int trunc = 0;

	p = first_seq(t, *pos, cont, heads, EC__ARRAY_LEN(heads), &code);
	if (p < 0)
		return 0;
	policy = (uint8_t)code;
	q = first_seq(t, p, 1, preds, EC__ARRAY_LEN(preds), &pred);
	if (q < 0) {
		pred = EC__PRED_ANY;
		q = p;
	}
	if (pred == PRED_ECCN_LIST) {
		long r = eccn_list(t, q, eccns, sizeof(eccns), &trunc);

		if (r < 0)
			return 0;
		q = r;
		r = seq(t, q, 1,
			"and? for ear99 items described in the note to eccn");
		if (r >= 0 && r < t->n && !t->tok[r].brk &&
		    is_eccn(t->tok[r].s)) {
			put_token(eccns, sizeof(eccns), "note-", t->tok[r].s,
				  "-EAR99", &trunc);
			q = r + 1;
		}
		if (trunc)
			st->bad = 1;
		add_part(st, policy, EC__PRED_ECCNS, eccns);
	} else if (pred == PRED_FOOD_CARVEOUT) {
		long r;

		add_part(st, policy, EC__PRED_OTHERS, NULL);
		st->owes_food = 1;
		r = seq(t, q, 1,
			"which will be reviewed on a case|casa by case basis");
		if (r >= 0) {
			add_part(st, EC__POL_CASE_BY_CASE,
				 EC__PRED_FOOD_MEDICINE, NULL);
			q = r;
		}
	} else {
		add_part(st, policy, (uint8_t)pred, NULL);
	}
	*pos = q;
	return 1;
}

/* Judges the parts once the policy text is read. */
static int parts_consistent(const ec__entrytext *out, int owes_food)
{
	size_t i;
	int any = 0, others = 0, food = 0;

	for (i = 0; i < out->nparts; i++) {
		any += out->parts[i].pred == EC__PRED_ANY;
		others += out->parts[i].pred == EC__PRED_OTHERS;
		food += out->parts[i].pred == EC__PRED_FOOD_MEDICINE;
	}
	if (out->nparts == 0 || (any && out->nparts > 1) || others > 1)
		return 0;
	return !owes_food || food > 0;
}

static void read_policy(const et_text *t, ec__entrytext *out)
{
	/* the MEU column refers to § 744.21(e): presumption of denial */
	static const char meu[] =
		"the license application procedure and license review policy "
		"for entities specified in supplement|supp no|number? 2|7 to "
		"part 744 is|are specified in $sec? 744.21(d) and "
		"e|744.21(e)";
	et_policy st = {out, 0, 0};
	et_cite cite = {{NULL}, {0}, 0};
	const char *cited = NULL;
	size_t first = out->nparts;
	int ncites = 0;
	long p = 0;

	while (p < t->n && !st.bad) {
		long q;
		et_cite c;

		if (policy_clause(t, &p, 0, &st))
			continue;
		q = seq(t, p, 0, meu);
		if (q >= 0) {
			add_part(&st, EC__POL_PRESUMPTION_DENIAL, EC__PRED_ANY,
				 NULL);
			p = q;
			continue;
		}
		q = citation(t, p, 0, &c);
		if (q < 0)
			break;
		cite = c;
		ncites++;
		p = q;
	}
	if (p < t->n || st.bad || t->overflow || ncites > 1)
		goto not_understood;
	if (ncites) {
		cited = policy_cites(&cite);
		if (!cited)
			goto not_understood;
		/* a bare "See § ..." is the policy; after one, a source */
		if (out->nparts == first) {
			add_part(&st, EC__POL_SEE_REGULATION, EC__PRED_ANY,
				 NULL);
			out->cited_policy = cited;
		}
	}
	if (st.bad || !parts_consistent(out, st.owes_food))
		goto not_understood;
	out->policy_understood = 1;
	return;
not_understood:
	out->nparts = 0;
	out->cited_policy = NULL;
	memset(out->parts, 0, sizeof(out->parts));
	out->policy_understood = 0;
}

/* ------------------------------------------------------------------ */
/* License requirement clauses                                         */
/* ------------------------------------------------------------------ */

/* The requirement's head ("For all items subject to the EAR ..."). */
static long req_head(const et_text *t, long p, ec__entrytext *out,
		     uint8_t *scope, unsigned *exc)
{
	static const struct {
		const char *pat;
		uint8_t scope;
		unsigned exc;
	} heads[] = {
		{"for? all|any item|items subject|subjects to the ear listed "
		 "in supplement|supp no|number? 2 to part 744 of? the? ear?",
		 EC__SCOPE_SUPP2, 0},
		{"for? all|any item|items subject|subjects to the ear having a "
		 "classification other than ear99",
		 EC__SCOPE_ALL_EXCEPT, EC__EXC_EAR99},
		{"for? all? item|items subject|subjects to the ear that+are? "
		 "classified|listed under|in eccns|eccn",
		 EC__SCOPE_ECCN_SET, 0},
		{"for? items classified|listed under|in eccns|eccn",
		 EC__SCOPE_ECCN_SET, 0},
		{"for? all|any item|items subject|subjects to the ear",
		 EC__SCOPE_ALL, 0},
	};
	long q = -1;
	size_t i;
	int trunc = 0;

	for (i = 0; i < EC__ARRAY_LEN(heads) && q < 0; i++) {
		q = seq(t, p, 0, heads[i].pat);
		*scope = heads[i].scope;
		*exc = heads[i].exc;
	}
	if (q >= 0 && *scope == EC__SCOPE_ECCN_SET) {
		q = eccn_list(t, q, out->eccns, sizeof(out->eccns), &trunc);
		if (trunc)
			return -1;
	}
	return q;
}

/*
 * The Huawei standards-organization exception, in its two halves, each
 * perhaps followed by a citation.  Returns the position after it, -1
 * when the text is not there, -2 when it is there but not understood.
 */
static long req_standards(const et_text *t, long p, ec__entrytext *out)
{
	static const char standards1[] =
		"except+for|except technology subject to the ear that is "
		"designated as ear99 or controlled on the "
		"commerce+control+list|ccl for anti+terrorism|antiterrorism "
		"reasons only when released to members of a standards "
		"organization";
	static const char standards2[] =
		"for the purpose of contributing to the revision or "
		"development of a standard|standards";
	et_cite c;
	long q = seq(t, p, 0, standards1), r;

	if (q < 0)
		return -1;
	/* "(see §772.1)" may follow either half */
	r = citation(t, q, 1, &c);
	if (r >= 0 && requirement_cites(&c, &out->fdp_footnote))
		return -2;
	q = seq(t, r >= 0 ? r : q, 1, standards2);
	if (q < 0)
		return -2;
	r = citation(t, q, 1, &c);
	if (r >= 0) {
		if (requirement_cites(&c, &out->fdp_footnote))
			return -2;
		q = r;
	}
	return q;
}

/* What a requirement reads after its head, clause by clause. */
struct req_state {
	ec__entrytext *out;
	et_policy st;
	unsigned exc, cond;
};

/* One clause after the head; the position after it, or -1. */
static long req_clause(const et_text *t, long p, struct req_state *rs)
{
	static const et_pat excs[] = {
		{"except+for|except|apart+from|excluding|other+than food "
		 "and|or medicine designated|classified as ear99",
		 EC__EXC_FOOD_MEDICINE},
		{"except+for|except|excluding|other+than ear99 items?",
		 EC__EXC_EAR99},
		{"except+for|except|excluding|other+than items "
		 "designated|classified as? ear99",
		 EC__EXC_EAR99},
		{"having a classification other than ear99", EC__EXC_EAR99},
	};
	static const char projects[] =
		"when used in projects specified in $sec? 746.5 of? the? ear?";
	et_cite c;
	long q = citation(t, p, 0, &c);
	unsigned exc;

	if (q >= 0)
		return requirement_cites(&c, &rs->out->fdp_footnote) ? -1 : q;
	if ((q = first_seq(t, p, 0, excs, EC__ARRAY_LEN(excs), &exc)) >= 0)
		rs->exc |= exc;
	if (q < 0 && (q = req_standards(t, p, rs->out)) >= 0)
		rs->exc |= EC__EXC_STANDARDS;
	if (q == -2)
		return -1;
	if (q < 0 && (q = seq(t, p, 0, projects)) >= 0)
		rs->cond |= EC__COND_746_5_PROJECTS;
	if (q < 0 && (q = seq(t, p, 0, "with")) >= 0 &&
	    !policy_clause(t, &q, 1, &rs->st))
		return -1;
	return q;
}

/*
 * Reads the requirement text.  Policy statements inside it ("..., with
 * case-by-case basis for items listed on the CCL") become parts.  Returns
 * 1 when every word was accounted for.
 */
static int read_requirement(const et_text *t, ec__entrytext *out)
{
	struct req_state rs;
	uint8_t scope = EC__SCOPE_UNKNOWN;
	long p = req_head(t, 0, out, &scope, &rs.exc);

	if (p < 0)
		return 0;
	rs.out = out;
	rs.st.out = out;
	rs.st.bad = 0;
	rs.st.owes_food = 0;
	rs.cond = 0;
	while (p < t->n && !rs.st.bad)
		if ((p = req_clause(t, p, &rs)) < 0)
			return 0;
	if (rs.st.bad || t->overflow || rs.st.owes_food)
		return 0;
	if (rs.exc) {
		if (scope != EC__SCOPE_ALL && scope != EC__SCOPE_ALL_EXCEPT)
			return 0;
		scope = EC__SCOPE_ALL_EXCEPT;
	}
	if (rs.cond) {
		if (scope != EC__SCOPE_ALL)
			return 0;
		scope = EC__SCOPE_CONDITIONAL;
	}
	out->scope = scope;
	out->exceptions = rs.exc;
	out->conditions = rs.cond;
	return 1;
}

void ec__entrytext_classify(ec__entrytext *out, const char *list,
			    const char *requirement, const char *policy)
{
	et_text t;
	int meu = list && strcmp(list, "MEU") == 0;

	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	tokenize(&t, requirement);
	if (read_requirement(&t, out)) {
		out->requirement_understood = 1;
	} else {
		memset(out, 0, sizeof(*out));
		out->fdp_footnote = fdp_scan(&t);
		/* § 744.21: an MEU listing covers the Supp. No. 2 items */
		if (meu)
			out->scope = EC__SCOPE_SUPP2;
	}
	tokenize(&t, policy);
	read_policy(&t, out);
}

const char *ec__scope_name(unsigned scope)
{
	static const char *const names[] = {"unknown",		"all_items",
					    "all_items_except", "eccn_set",
					    "supp2_items",	"conditional"};

	return scope < EC__ARRAY_LEN(names) ? names[scope] : "unknown";
}

const char *ec__policy_name(unsigned policy)
{
	static const char *const names[] = {
		"unknown",	"presumption_of_approval",
		"case_by_case", "presumption_of_denial",
		"denial",	"see_regulation"};

	return policy < EC__ARRAY_LEN(names) ? names[policy] : "unknown";
}
