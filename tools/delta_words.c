/*
 * delta_words.c: could a name match one of the entries an update touched?
 * The score of a name against a listed name is at most P / (P + U), where
 * P is the weight of the listed words it pairs and U the weight (times the
 * penalty) of those it leaves unpaired, and it is 0 without one paired
 * word that is not a legal form, stopword or initial (doc/scoring.md,
 * lib/match.c).  Words pair as the matcher pairs them: the same, an
 * initial and a word with that letter, the same phonetic key
 * (ec_phonetic()), keys within two edits or with the same consonants, or
 * two words written as one.  So a row is decided again only when, for
 * some touched name, that bound reaches a possible match.
 *
 * The touched names are those of the entries the update added, changed or
 * removed, and those of unchanged entries that hold a drift word: a word
 * whose weight the update moved (its document frequency changed), which
 * moves the score of any name against them.  They may be thousands, so
 * the names are found through an index of their words: a name is listed
 * under its heaviest words only, as many as a row must pair at least one
 * of to reach the bound (prefix filtering), and a word under its exact
 * form, its consonants and the keys its phonetic key leaves with up to two
 * letters deleted (two keys within k edits share a key with at most k
 * deletions from each).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "delta_words.h"

#define MAX_WORD 64
#define MAX_WORDS 32
/* The lowest bound a row asks for (dwords_candidate()): names are
 * indexed for it. */
#define MIN_BOUND 0.50
/* The weight of a pair of an initial and a word (EC__W_INITIAL), and the
 * similarity of the pair. */
#define INITIAL_WEIGHT 0.2
#define INITIAL_SIM 0.6
/* Short words with another first letter (EC__SHORT_FUZZY_LEN and _FACTOR). */
#define SHORT_LEN 4
#define SHORT_FACTOR 0.6
/* The least a row word the name leaves unpaired adds to the denominator:
 * a stopword's weight (EC__W_STOP) times its penalty (EC__STOP_PENALTY);
 * any other word adds more. */
#define ROW_WORD_MIN 0.025
#define STOP_PENALTY 0.25
/* Unpaired middle names count 0.2 of their weight (persons only). */
#define MIDDLE_PENALTY 0.2
/* At most this many names are weighed for one row; past it, the row is
 * decided (cannot tell cheaply). */
#define MAX_HITS 4096

struct wtok {
	char w[MAX_WORD];
	size_t len;
	char phon[MAX_WORD + 1]; /* the matcher's phonetic key */
	size_t plen;
	uint64_t mask;	/* which byte values (mod 64) the key holds */
	uint64_t tmask; /* the same of the word's text */
	int tascii;	/* the text is ASCII */
	int ascii;	/* the key is ASCII: an edit moves 2 mask bits */
	char skel[MAX_WORD + 1];
	size_t slen;
	double weight;
	int weak; /* legal form, stopword, initial */
};

struct dname {
	size_t n;		      /* words */
	struct wtok t[MAX_WORDS];     /* the name's words, in order */
	struct wtok j[MAX_WORDS];     /* j[k]: t[k] and t[k+1] as one word */
	unsigned char top[MAX_WORDS]; /* t[k] is one of the heaviest */
	int person; /* the index may read it as a person's name */
	unsigned char mid[MAX_WORDS]; /* t[k] may be a middle name */
	uint32_t tag;		      /* the caller's */
};

/* A distinct listed word (or two joined), and the names it lists. */
struct dword {
	struct wtok tok;
	uint32_t *names; /* names with it among their heaviest words */
	size_t nnames, cap;
	int drift;	  /* its weight moved */
	int keyed, fuzzy; /* has its exact keys; its fuzzy keys too */
};

/* One key of a word (exact, consonants, deletions) or of an initial. */
struct dkey {
	uint64_t h;
	uint32_t word;	  /* index in words */
	uint32_t initial; /* an initial's key: 1 + the name's index */
	unsigned deleted; /* a deletion key: how many were deleted */
};

struct dwords {
	struct dname *v;
	size_t n, cap;
	struct dword *w; /* the distinct words */
	size_t nw, capw;
	uint32_t *wslot; /* open addressing: 1 + the word's index */
	size_t nwslot;
	struct dkey *keys; /* sorted by h */
	size_t nkeys, capkeys;
	uint32_t *slot; /* open addressing: 1 + first key of a hash */
	size_t nslot;
	uint64_t *bits; /* a bit of each key's hash: most lookups miss */
	size_t nbits;
	unsigned long id;	/* this index's number (dwords_new()) */
	const ec_snapshot *cur; /* weighs a row's words (dwords_finish()) */
	/* Drift words, as normalized text. */
	char **drift;
	size_t ndrift, capdrift;
};

static uint64_t byte_mask(const char *w, size_t n)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m |= 1ull << ((unsigned char)w[i] & 63);
	return m;
}

/* Consonants only, repeats collapsed: Mohammed and Muhammad agree. */
static void skeleton(const char *w, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < MAX_WORD; i++) {
		if (strchr("aeiouy", w[i]))
			continue;
		if (k && out[k - 1] == w[i])
			continue;
		out[k++] = w[i];
	}
	out[k] = '\0';
}

static void tok_set(struct wtok *t, const char *w, size_t n)
{
	long k;

	if (n >= MAX_WORD)
		n = MAX_WORD - 1;
	memcpy(t->w, w, n);
	t->w[n] = '\0';
	t->len = n;
	k = ec_phonetic(t->phon, sizeof(t->phon), t->w);
	t->plen = k < 0 ? 0 : strlen(t->phon);
	t->mask = byte_mask(t->phon, t->plen);
	t->tmask = byte_mask(t->w, t->len);
	t->tascii = 1;
	for (k = 0; k < (long)t->len; k++)
		t->tascii &= (unsigned char)t->w[k] < 0x80;
	t->ascii = 1;
	for (k = 0; k < (long)t->plen; k++)
		t->ascii &= (unsigned char)t->phon[k] < 0x80;
	skeleton(t->phon, t->plen, t->skel);
	t->slen = strlen(t->skel);
}

/*
 * Whether the optimal-string-alignment distance of a and b (the
 * matcher's: a transposition is one edit) is at most k (at most 2).
 */
static int within(const char *a, size_t la, const char *b, size_t lb,
		  unsigned k)
{
	unsigned d[3][MAX_WORD + 2], best, v;
	size_t i, j;

	if (la > MAX_WORD || lb > MAX_WORD)
		return 1; /* cannot tell: assume so */
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned *cur = d[i % 3], *up = d[(i - 1) % 3],
			 *up2 = d[(i + 1) % 3];

		cur[0] = (unsigned)i;
		best = cur[0];
		for (j = 1; j <= lb; j++) {
			v = up[j - 1] + (a[i - 1] != b[j - 1]);
			if (up[j] + 1 < v)
				v = up[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < v)
				v = up2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > k)
			return 0;
	}
	return d[la % 3][lb] <= k;
}

/* How a row word could pair a listed word (could_pair()). */
enum {
	PAIR_NONE,
	PAIR_WORD,    /* two words, at a similarity up to 1 */
	PAIR_INITIAL, /* an initial and a word: weight 0.2, similarity 0.6 */
	PAIR_SHORT    /* two words, a short one with another first letter:
			 similarity at most 0.6 of the curve's */
};

/* Whether kind (PAIR_*) pairs two words, at whatever similarity. */
static int word_pair(int kind)
{
	return kind == PAIR_WORD || kind == PAIR_SHORT;
}

/*
 * Whether row word r could pair with listed word t as the matcher pairs
 * words (lib/match.c, ec__token_sim()), and at what similarity at most:
 * the same word or phonetic key (up to 1); an initial (0.6); the same
 * consonants, a word's text within one edit (from three letters to nine),
 * or phonetic keys within the edit budget (up to 1, or
 * EC__SHORT_FUZZY_FACTOR when a word of four letters or fewer begins with
 * another letter).
 */
static int could_pair(const struct wtok *r, const struct wtok *t)
{
	size_t dl = r->plen > t->plen ? r->plen - t->plen : t->plen - r->plen;
	/* The edit budget of the query's word (ec__edit_budget()). */
	unsigned k = r->len < 4 ? 0 : r->len < 10 ? 1 : 2;
	int fuzzy = (r->len <= SHORT_LEN || t->len <= SHORT_LEN) &&
				    r->w[0] != t->w[0]
			    ? PAIR_SHORT
			    : PAIR_WORD;

	if (r->len == t->len && memcmp(r->w, t->w, r->len) == 0)
		return PAIR_WORD;
	if (r->len == 1 || t->len == 1)
		return r->w[0] == t->w[0] ? PAIR_INITIAL : PAIR_NONE;
	if (r->plen == t->plen && memcmp(r->phon, t->phon, r->plen) == 0)
		return PAIR_WORD;
	/* The same consonants (the matcher's test, on four or more with a
	 * leading vowel kept, is finer). */
	if (r->slen >= 3 && r->slen == t->slen &&
	    memcmp(r->skel, t->skel, r->slen) == 0)
		return fuzzy;
	/* One edit of the text: a budget of one, or three letters swapped. */
	if (r->len >= 3 && r->len < 10 &&
	    (r->len > t->len ? r->len - t->len : t->len - r->len) <= 1 &&
	    (unsigned)__builtin_popcountll(r->tmask ^ t->tmask) <=
		    (r->tascii && t->tascii ? 2u : 8u) &&
	    within(r->w, r->len, t->w, t->len, 1))
		return fuzzy;
	/* An edit changes at most two byte values in ASCII, eight in
	 * UTF-8. */
	if (!k || dl > k ||
	    (unsigned)__builtin_popcountll(r->mask ^ t->mask) >
		    (r->ascii && t->ascii ? 2u : 8u) * k)
		return PAIR_NONE;
	return within(r->phon, r->plen, t->phon, t->plen, k) ? fuzzy
							     : PAIR_NONE;
}

/*
 * Whether a word could pair two words written as one (r or t is the
 * joined pair): the matcher asks for the same phonetic key (lib/match.c,
 * join_sim()).
 */
static int could_join(const struct wtok *r, const struct wtok *t)
{
	return (r->len == t->len && !memcmp(r->w, t->w, r->len)) ||
	       (r->plen == t->plen && !memcmp(r->phon, t->phon, r->plen));
}

/*
 * Splits the normalized name into words (and adjacent pairs joined);
 * (size_t)-1 when it cannot be normalized.
 */
static size_t words(const char *name, struct wtok *t, struct wtok *j)
{
	char buf[1024], *p, *save = NULL;
	size_t n = 0, k;
	long len = ec_normalize(buf, sizeof(buf), name);

	if (len < 0)
		return (size_t)-1;
	for (p = strtok_r(buf, " ", &save); p && n < MAX_WORDS;
	     p = strtok_r(NULL, " ", &save))
		tok_set(&t[n++], p, strlen(p));
	for (k = 0; j && k + 1 < n; k++) {
		char both[2 * MAX_WORD];

		memcpy(both, t[k].w, t[k].len);
		memcpy(both + t[k].len, t[k + 1].w, t[k + 1].len);
		tok_set(&j[k], both, t[k].len + t[k + 1].len);
	}
	return n;
}

/* The weight the matcher gives word with no list statistics. */
static double plain_weight(const char *word)
{
	ec_matches *m;
	const ec_match *x;
	double w = 1;
	size_t i;

	if (ec_compare(&m, NULL, word, word, NULL))
		return 1;
	x = ec_matches_get(m, 0);
	for (i = 0; x && i < x->explanation.ntokens; i++)
		if (!strcmp(x->explanation.tokens[i].listed_token, word))
			w = x->explanation.tokens[i].weight;
	ec_matches_free(m);
	return w;
}

/* Weighs the words of d with snap's statistics, as the matcher does. */
static int weigh(struct dname *d, const ec_snapshot *snap, const char *name)
{
	ec_matches *m;
	const ec_match *x;
	size_t i, k;

	if (ec_compare(&m, snap, name, name, NULL))
		return -1;
	x = ec_matches_get(m, 0);
	for (k = 0; k < d->n; k++) {
		/* Not found: as much as any word when paired, nothing when
		 * not (the bound stays an upper bound). */
		d->t[k].weak = 0;
		d->t[k].weight = -1;
		for (i = 0; x && i < x->explanation.ntokens; i++)
			if (!strcmp(x->explanation.tokens[i].listed_token,
				    d->t[k].w)) {
				d->t[k].weight =
					x->explanation.tokens[i].weight;
				d->t[k].weak = plain_weight(d->t[k].w) <= 0.25;
			}
	}
	ec_matches_free(m);
	return 0;
}

/* Makes room for element n of *v. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *x;

	if (n < *cap)
		return 0;
	while (c <= n)
		c *= 2;
	if (!(x = realloc(*v, c * size)))
		return -1;
	*v = x;
	*cap = c;
	return 0;
}

/* Where w is, or would go, in the sorted drift words. */
static size_t drift_at(const dwords *dw, const char *w)
{
	size_t lo = 0, hi = dw->ndrift;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dw->drift[mid], w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int is_drift(const dwords *dw, const char *w)
{
	size_t at = drift_at(dw, w);

	return at < dw->ndrift && !strcmp(dw->drift[at], w);
}

/* Adds w to the drift words, in order; 0, or -1 out of memory. */
static int add_drift_word(dwords *dw, const char *w)
{
	size_t at = drift_at(dw, w);
	char *copy;

	if (at < dw->ndrift && !strcmp(dw->drift[at], w))
		return 0;
	if (grow((void **)&dw->drift, &dw->capdrift, dw->ndrift,
		 sizeof(*dw->drift)) ||
	    !(copy = strdup(w)))
		return -1;
	memmove(dw->drift + at + 1, dw->drift + at,
		(dw->ndrift - at) * sizeof(*dw->drift));
	dw->drift[at] = copy;
	dw->ndrift++;
	return 0;
}

/*
 * Keeps d's words whose weight differs in other as drift words: the name
 * weighed again there, each word in its place (a legal form weighs as
 * one in a name, and as a word alone).
 */
static int add_drift(dwords *dw, const struct dname *d, const char *name,
		     const ec_snapshot *other)
{
	struct dname *o = malloc(sizeof(*o));
	size_t k;
	int rc = o ? 0 : -1;

	if (o) {
		*o = *d;
		rc = weigh(o, other, name);
	}
	for (k = 0; !rc && k < d->n; k++) {
		/* Weights depend on the word's frequency only, and on the
		 * snapshots' weight basis, which the caller compared. */
		if (o->t[k].weight != d->t[k].weight)
			rc = add_drift_word(dw, d->t[k].w);
	}
	free(o);
	return rc;
}

/*
 * Which of a person's words may be middle names, as the normalizer gives
 * the roles (lib/normalize.c, assign_roles()): with "SURNAME, Given ...",
 * the words after the first after the comma; else those between the first
 * and the last.  The words before the comma are found by normalizing that
 * part alone; where its words do not begin the name's, every word but the
 * first and last may be.  Any doubt makes more words middle names, which
 * only raises the bound.
 */
static void mark_middles(struct dname *d, const char *name)
{
	struct wtok pre[MAX_WORDS];
	const char *comma = strchr(name, ',');
	size_t k, first, last = d->n, np = 0;
	char buf[1024];

	if (!d->person)
		return;
	if (comma && (size_t)(comma - name) < sizeof(buf)) {
		memcpy(buf, name, (size_t)(comma - name));
		buf[comma - name] = '\0';
		np = words(buf, pre, NULL);
		for (k = 0; np != (size_t)-1 && k < np && k < d->n; k++)
			if (strcmp(pre[k].w, d->t[k].w))
				break;
		if (np == (size_t)-1 || k < np || np >= d->n)
			np = 0;
	}
	first = np; /* a surname, then the first name */
	while (first < d->n && d->t[first].weak)
		first++;
	if (!np)
		while (last > 0 && d->t[last - 1].weak)
			last--;
	for (k = first + 1; k < d->n; k++)
		d->mid[k] = np || k + 1 < last;
}

dwords *dwords_new(void)
{
	/* Each index its own number: a thread's cache of words looked up
	 * in an index freed since never serves a new one at its address. */
	static atomic_ulong last;
	dwords *dw = calloc(1, sizeof(dwords));

	if (dw)
		dw->id = atomic_fetch_add(&last, 1) + 1;
	return dw;
}

int dwords_add(dwords *dw, const ec_snapshot *snap, const ec_snapshot *other,
	       const char *name, int person, uint32_t tag)
{
	struct dname *d;

	if (grow((void **)&dw->v, &dw->cap, dw->n, sizeof(*dw->v)))
		return -1;
	d = &dw->v[dw->n];
	memset(d, 0, sizeof(*d));
	d->n = words(name, d->t, d->j);
	d->tag = tag;
	d->person = person;
	if (d->n == (size_t)-1)
		return -1;
	if (!d->n)
		return 0;
	if (weigh(d, snap, name) || (other && add_drift(dw, d, name, other)))
		return -1;
	mark_middles(d, name);
	dw->n++;
	return 0;
}

int dwords_has_drift(const dwords *dw, const char *name)
{
	char buf[1024], *p, *save = NULL;

	/* The words' text only: their keys are not needed to compare. */
	if (!dw->ndrift)
		return 0;
	if (ec_normalize(buf, sizeof(buf), name) < 0)
		return 1;
	for (p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (strlen(p) >= MAX_WORD) /* kept as tok_set() keeps it */
			p[MAX_WORD - 1] = '\0';
		if (is_drift(dw, p))
			return 1;
	}
	return 0;
}

size_t dwords_ndrift(const dwords *dw)
{
	return dw ? dw->ndrift : 0;
}

/* A word's weight when paired (unknown: as much as any word). */
static double eff(const struct wtok *t)
{
	return t->weight < 0 ? 1.0 : t->weight;
}

/*
 * How a row pairs one listed name: per listed word, whether it is paired
 * (1 as a word, 2 with an initial; weak words count as paired) and, over
 * the ways it could pair, the most it adds to the score's numerator and
 * the least to its denominator; and how many of the row's words pair none
 * of the name's.
 */
struct pairing {
	int paired[MAX_WORDS];
	double num[MAX_WORDS], den[MAX_WORDS];
	unsigned char row_alone[MAX_WORDS]; /* row word i pairs nothing */
	size_t m;			    /* row words */
};

/* Listed word k paired as kind (PAIR_*), at weight w. */
static void pair_as(struct pairing *pg, size_t k, int kind, double w)
{
	double num = kind == PAIR_INITIAL ? INITIAL_SIM * INITIAL_WEIGHT
		     : kind == PAIR_SHORT ? SHORT_FACTOR * w
					  : w,
	       den = kind == PAIR_INITIAL ? INITIAL_WEIGHT : w;

	if (!pg->paired[k]) {
		pg->num[k] = num;
		pg->den[k] = den;
	} else {
		pg->num[k] = num > pg->num[k] ? num : pg->num[k];
		pg->den[k] = den < pg->den[k] ? den : pg->den[k];
	}
	if (!pg->paired[k] || kind != PAIR_INITIAL)
		pg->paired[k] = kind == PAIR_INITIAL ? 2 : 1;
}

/* How the row's words r (and joined rj) could pair d's. */
static void pairs(const struct dname *d, const struct wtok *r,
		  const struct wtok *rj, size_t m, struct pairing *pg)
{
	unsigned char rp[MAX_WORDS] = {0};
	size_t i, k;
	int p;

	for (k = 0; k < d->n; k++) {
		pg->paired[k] = 0;
		if (d->t[k].weak)
			pair_as(pg, k, PAIR_WORD, eff(&d->t[k]));
		for (i = 0; i < m; i++) {
			if ((p = could_pair(&r[i], &d->t[k])) != PAIR_NONE)
				rp[i] = 1;
			else if (i + 1 < m && could_join(&rj[i], &d->t[k]))
				p = PAIR_WORD, rp[i] = rp[i + 1] = 1;
			if (p != PAIR_NONE)
				pair_as(pg, k, p, eff(&d->t[k]));
		}
	}
	for (k = 0; k + 1 < d->n; k++)
		for (i = 0; i < m; i++)
			if (could_join(&r[i], &d->j[k])) {
				pair_as(pg, k, PAIR_WORD, eff(&d->t[k]));
				pair_as(pg, k + 1, PAIR_WORD,
					eff(&d->t[k + 1]));
				rp[i] = 1;
			}
	pg->m = m;
	for (i = 0; i < m; i++)
		pg->row_alone[i] = !rp[i];
}

/*
 * The weight d's unpaired words weigh against a match: a person's middle
 * names (mid) count 0.2 of their weight.
 */
static double unpaired(const struct dname *d, const int *paired)
{
	double u = 0;
	size_t k;

	for (k = 0; k < d->n; k++)
		if (!paired[k] && d->t[k].weight > 0)
			u += d->t[k].weight * (d->mid[k] ? MIDDLE_PENALTY : 1);
	return u;
}

/*
 * Whether the bound of d against a row that pairs as pg reaches b.  A row
 * word that pairs none of d's adds to the denominator its weight in the
 * row (rw, when known) times the least penalty (EC__STOP_PENALTY), or
 * else the least any word adds.
 */
static int reaches(const struct dname *d, const struct pairing *pg,
		   const double *rw, double b)
{
	double num = 0, den = 0;
	int strong = 0;
	size_t k, i;

	for (k = 0; k < d->n; k++)
		if (pg->paired[k]) {
			num += pg->num[k];
			den += pg->den[k];
			strong |= pg->paired[k] == 1 && !d->t[k].weak;
		}
	den += unpaired(d, pg->paired);
	for (i = 0; i < pg->m; i++)
		if (pg->row_alone[i])
			den += rw && rw[i] > 0 ? STOP_PENALTY * rw[i]
					       : ROW_WORD_MIN;
	return strong && num > 0 && num / den >= b;
}

/* ------------------------------------------------------------------ */
/* The index of the touched names                                      */
/* ------------------------------------------------------------------ */

/*
 * Marks the heaviest words of d that a row must pair one of: taken
 * heaviest first until a row pairing every other word (and none of these)
 * stays under the bound.
 */
static void mark_top(struct dname *d)
{
	struct pairing pg;
	size_t k, best;

	/* The most a row reaches without the top words: every other word
	 * paired in full, no row word left over. */
	pg.m = 0;
	for (k = 0; k < d->n; k++) {
		pg.paired[k] = 1;
		pg.num[k] = pg.den[k] = eff(&d->t[k]);
	}
	for (;;) {
		if (!reaches(d, &pg, NULL, MIN_BOUND))
			return;
		best = d->n;
		for (k = 0; k < d->n; k++)
			if (pg.paired[k] && !d->t[k].weak &&
			    (best == d->n || eff(&d->t[k]) > eff(&d->t[best])))
				best = k;
		if (best == d->n)
			return; /* no word left: cannot happen if it reaches */
		pg.paired[best] = 0;
		d->top[best] = 1;
	}
}

static uint64_t hash(char tag, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (unsigned char)tag;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (h ^ n) * 1099511628211ull;
}

static int add_key(dwords *dw, uint64_t h, uint32_t word, uint32_t initial,
		   unsigned deleted)
{
	if (grow((void **)&dw->keys, &dw->capkeys, dw->nkeys,
		 sizeof(*dw->keys)))
		return -1;
	dw->keys[dw->nkeys].h = h;
	dw->keys[dw->nkeys].word = word;
	dw->keys[dw->nkeys].initial = initial;
	dw->keys[dw->nkeys++].deleted = deleted;
	return 0;
}

/*
 * Calls fn for each key s leaves with up to k bytes deleted (some twice),
 * with the number deleted.
 */
static int deletions(char tag, const char *s, size_t n, unsigned k,
		     int (*fn)(void *, uint64_t, unsigned), void *arg)
{
	char b[MAX_WORD + 1], c[MAX_WORD + 1];
	size_t i, j;

	if (fn(arg, hash(tag, s, n), 0))
		return -1;
	for (i = 0; k >= 1 && i < n; i++) {
		memcpy(b, s, i);
		memcpy(b + i, s + i + 1, n - i - 1);
		if (fn(arg, hash(tag, b, n - 1), 1))
			return -1;
		for (j = i; k >= 2 && j + 1 < n; j++) {
			memcpy(c, b, j);
			memcpy(c + j, b + j + 1, n - 1 - j - 1);
			if (fn(arg, hash(tag, c, n - 2), 2))
				return -1;
		}
	}
	return 0;
}

/* The deletion keys of one or two bytes deleted (not the key itself). */
struct skip0 {
	int (*fn)(void *, uint64_t, unsigned);
	void *arg;
};

static int skip_exact(void *arg, uint64_t h, unsigned deleted)
{
	struct skip0 *s = arg;

	return deleted ? s->fn(s->arg, h, deleted) : 0;
}

static int fuzzy_keys(const char *s, size_t n,
		      int (*fn)(void *, uint64_t, unsigned), void *arg)
{
	struct skip0 k = {fn, arg};

	return deletions('d', s, n, 2, skip_exact, &k);
}

struct keyarg {
	dwords *dw;
	uint32_t word;
};

static int key_of_word(void *arg, uint64_t h, unsigned deleted)
{
	struct keyarg *a = arg;

	return add_key(a->dw, h, a->word, 0, deleted);
}

/* A text key: one letter deleted at most, from words of any budget. */
static int key_of_text(void *arg, uint64_t h, unsigned deleted)
{
	(void)deleted;
	return key_of_word(arg, h, 0);
}

/* The slot of word t in the table of distinct words. */
static size_t word_slot(const dwords *dw, const struct wtok *t)
{
	size_t s = hash('w', t->w, t->len) & (dw->nwslot - 1);
	const struct wtok *x;

	for (; dw->wslot[s]; s = (s + 1) & (dw->nwslot - 1)) {
		x = &dw->w[dw->wslot[s] - 1].tok;
		if (x->len == t->len && !memcmp(x->w, t->w, t->len))
			break;
	}
	return s;
}

/* Makes room for one more distinct word in the table (half full). */
static int grow_words(dwords *dw)
{
	uint32_t *old = dw->wslot;
	size_t i, n = dw->nwslot;

	if (2 * (dw->nw + 1) <= dw->nwslot)
		return 0;
	dw->nwslot = n ? 2 * n : 64;
	if (!(dw->wslot = calloc(dw->nwslot, sizeof(*dw->wslot)))) {
		dw->wslot = old;
		dw->nwslot = n;
		return -1;
	}
	for (i = 0; i < n; i++)
		if (old[i])
			dw->wslot[word_slot(dw, &dw->w[old[i] - 1].tok)] =
				old[i];
	free(old);
	return 0;
}

/*
 * The keys of distinct word i: its exact form and phonetic key; as a word
 * (not only two joined), its consonants and deletion keys too.
 */
static int key_word(dwords *dw, uint32_t i, int joined)
{
	struct keyarg a = {dw, i};
	const struct wtok *t = &dw->w[i].tok;

	if (!dw->w[i].keyed &&
	    (add_key(dw, hash('w', t->w, t->len), i, 0, 0) ||
	     deletions('d', t->phon, t->plen, 0, key_of_word, &a)))
		return -1;
	dw->w[i].keyed = 1;
	if (joined || dw->w[i].fuzzy)
		return 0;
	dw->w[i].fuzzy = 1;
	return (t->slen >= 3 &&
		add_key(dw, hash('s', t->skel, t->slen), i, 0, 0)) ||
			       fuzzy_keys(t->phon, t->plen, key_of_word, &a) ||
			       deletions('t', t->w, t->len, 1, key_of_text, &a)
		       ? -1
		       : 0;
}

/* The distinct word for t (added if new), keyed as joined says, or -1. */
static long find_word(dwords *dw, const struct wtok *t, int joined)
{
	size_t s;
	long i;

	if (grow_words(dw))
		return -1;
	s = word_slot(dw, t);
	if (dw->wslot[s]) {
		i = (long)dw->wslot[s] - 1;
	} else {
		if (grow((void **)&dw->w, &dw->capw, dw->nw, sizeof(*dw->w)))
			return -1;
		dw->wslot[s] = (uint32_t)dw->nw + 1;
		memset(&dw->w[dw->nw], 0, sizeof(dw->w[0]));
		dw->w[dw->nw].tok = *t;
		dw->w[dw->nw].drift = is_drift(dw, t->w);
		i = (long)dw->nw++;
	}
	return key_word(dw, (uint32_t)i, joined) ? -1 : i;
}

/*
 * Lists name x under word t (when listed is set) and indexes t (joined:
 * t is two of the name's words written as one).
 */
static int list_word(dwords *dw, const struct wtok *t, uint32_t x, int listed,
		     int joined)
{
	long i = find_word(dw, t, joined);
	struct dword *w;

	if (i < 0)
		return -1;
	w = &dw->w[i];
	if (!listed || (w->nnames && w->names[w->nnames - 1] == x))
		return 0;
	if (grow((void **)&w->names, &w->cap, w->nnames, sizeof(*w->names)))
		return -1;
	w->names[w->nnames++] = x;
	return 0;
}

/* Lists name x under its heaviest words, their joins and initials. */
static int index_name(dwords *dw, uint32_t x)
{
	struct dname *d = &dw->v[x];
	size_t k;

	mark_top(d);
	for (k = 0; k < d->n; k++) {
		if (list_word(dw, &d->t[k], x, d->top[k], 0) ||
		    (k + 1 < d->n &&
		     list_word(dw, &d->j[k], x, d->top[k] || d->top[k + 1], 1)))
			return -1;
		/* A one-letter word of a row pairs the word as an initial. */
		if (d->top[k] && d->t[k].len > 1 &&
		    add_key(dw, hash('i', d->t[k].w, 1), 0, x + 1, 0))
			return -1;
	}
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const struct dkey *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h;
}

int dwords_finish(dwords *dw, const ec_snapshot *cur)
{
	size_t i, s;

	dw->cur = cur;
	for (i = 0; i < dw->n; i++)
		if (index_name(dw, (uint32_t)i))
			return -1;
	if (dw->nkeys) /* keys may be NULL, and qsort(NULL, 0) undefined */
		qsort(dw->keys, dw->nkeys, sizeof(*dw->keys), key_cmp);
	for (dw->nslot = 16; dw->nslot < 2 * dw->nkeys; dw->nslot *= 2)
		;
	dw->nbits = 64 * dw->nslot;
	if (!(dw->slot = calloc(dw->nslot, sizeof(*dw->slot))) ||
	    !(dw->bits = calloc(dw->nslot, sizeof(*dw->bits))))
		return -1;
	for (i = 0; i < dw->nkeys; i++) {
		if (i && dw->keys[i].h == dw->keys[i - 1].h)
			continue;
		dw->bits[(dw->keys[i].h >> 20) % dw->nbits / 64] |=
			1ull << ((dw->keys[i].h >> 20) % 64);
		for (s = dw->keys[i].h & (dw->nslot - 1); dw->slot[s];
		     s = (s + 1) & (dw->nslot - 1))
			;
		dw->slot[s] = (uint32_t)i + 1;
	}
	return 0;
}

/* The first key of hash h, or NULL. */
static const struct dkey *lookup(const dwords *dw, uint64_t h)
{
	size_t s;

	if (!(dw->bits[(h >> 20) % dw->nbits / 64] >> ((h >> 20) % 64) & 1))
		return NULL;
	for (s = h & (dw->nslot - 1); dw->slot[s];
	     s = (s + 1) & (dw->nslot - 1))
		if (dw->keys[dw->slot[s] - 1].h == h)
			return &dw->keys[dw->slot[s] - 1];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* A row                                                               */
/* ------------------------------------------------------------------ */

/*
 * What a row's word pairs: the distinct words (ids) it pairs as a word,
 * or for a one-letter word the names whose heaviest words it is the
 * initial of; drift: it is a drift word.  Kept per thread for the words
 * seen last, since rows repeat their words.
 */
struct wc_ent {
	uint64_t h;
	uint32_t word;	 /* the word, in text */
	uint32_t off, n; /* in ids */
	unsigned char len, drift, used, joined;
};

struct wcache {
	unsigned long dw; /* the index the words were looked up in (id) */
	struct wc_ent *slot;
	uint32_t *ids;
	size_t n, nids, capids;
	char *text; /* the words, one after the other */
	size_t ntext, captext;
	int full; /* ids could not grow: look words up afresh */
};

#define WC_SLOTS (1u << 18)

static pthread_key_t wc_key;
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;
static int wc_ok;

static void wc_free(void *p)
{
	struct wcache *c = p;

	if (c) {
		free(c->slot);
		free(c->ids);
		free(c->text);
		free(c);
	}
}

static void wc_init(void)
{
	wc_ok = pthread_key_create(&wc_key, wc_free) == 0;
}

/* This thread's cache for dw, emptied when full or for another index. */
static struct wcache *wc_get(const dwords *dw)
{
	struct wcache *c;

	pthread_once(&wc_once, wc_init);
	if (!wc_ok)
		return NULL;
	if (!(c = pthread_getspecific(wc_key))) {
		if (!(c = calloc(1, sizeof(*c))) ||
		    !(c->slot = calloc(WC_SLOTS, sizeof(*c->slot))) ||
		    pthread_setspecific(wc_key, c)) {
			wc_free(c);
			return NULL;
		}
	}
	if (c->dw != dw->id || 2 * c->n >= WC_SLOTS || c->full) {
		memset(c->slot, 0, WC_SLOTS * sizeof(*c->slot));
		c->n = c->nids = c->ntext = 0;
		c->full = 0;
		c->dw = dw->id;
	}
	return c;
}

/* Looking up one word. */
struct look {
	const dwords *dw;
	const struct wtok *probe;
	unsigned k; /* the probe's edit budget */
	int joined; /* the probe is two of the row's words as one */
	struct wcache *c;
	struct wc_ent *e;
};

static void look_add(struct look *l, uint32_t id)
{
	size_t i;

	for (i = l->e->off; i < l->c->nids; i++)
		if (l->c->ids[i] == id)
			return;
	if (grow((void **)&l->c->ids, &l->c->capids, l->c->nids,
		 sizeof(*l->c->ids))) {
		l->c->full = 1;
		return;
	}
	l->c->ids[l->c->nids++] = id;
}

/*
 * The words (or initial's names) under key hash k that the probe pairs;
 * a deletion key only of a word with at most the probe's edit budget
 * deleted.
 */
static int look_key(void *arg, uint64_t k, unsigned deleted)
{
	struct look *l = arg;
	const struct dkey *key = lookup(l->dw, k), *end;

	(void)deleted;
	if (!key)
		return 0;
	end = l->dw->keys + l->dw->nkeys;
	for (; key < end && key->h == k; key++) {
		const struct dword *w = &l->dw->w[key->word];

		if (key->deleted > l->k)
			continue;
		if (key->initial) {
			look_add(l, key->initial - 1);
			continue;
		}
		if (l->joined ? !could_join(l->probe, &w->tok)
			      : !word_pair(could_pair(l->probe, &w->tok)))
			continue;
		/* The row holds a drift word: its own weight moved. */
		if (!l->joined && w->drift && w->tok.plen == l->probe->plen &&
		    !memcmp(w->tok.phon, l->probe->phon, w->tok.plen))
			l->e->drift = 1;
		if (w->nnames)
			look_add(l, key->word);
	}
	return 0;
}

/* The cache entry of probe p, looked up if new; NULL out of memory. */
static struct wc_ent *look(const dwords *dw, struct wcache *c,
			   const struct wtok *p, int joined)
{
	uint64_t h = hash(joined ? 'j' : 'w', p->w, p->len);
	size_t s = h & (WC_SLOTS - 1);
	unsigned k = joined ? 0 : p->len < 4 ? 0 : p->len < 10 ? 1 : 2;
	struct look l = {dw, p, k, joined, c, NULL};

	for (; c->slot[s].used; s = (s + 1) & (WC_SLOTS - 1))
		if (c->slot[s].h == h && c->slot[s].len == p->len &&
		    c->slot[s].joined == joined &&
		    !memcmp(c->text + c->slot[s].word, p->w, p->len))
			return &c->slot[s];
	if (grow((void **)&c->text, &c->captext, c->ntext + MAX_WORD, 1))
		return NULL;
	l.e = &c->slot[s];
	memset(l.e, 0, sizeof(*l.e));
	l.e->h = h;
	l.e->len = (unsigned char)p->len;
	l.e->joined = (unsigned char)joined;
	l.e->word = (uint32_t)c->ntext;
	memcpy(c->text + c->ntext, p->w, p->len);
	c->ntext += p->len;
	l.e->off = (uint32_t)c->nids;
	if (p->len == 1 && !joined) {
		look_key(&l, hash('i', p->w, 1), 0);
	} else {
		look_key(&l, hash('w', p->w, p->len), 0);
		if (p->slen >= 3 && !joined)
			look_key(&l, hash('s', p->skel, p->slen), 0);
		deletions('d', p->phon, p->plen, k, look_key, &l);
		/* One edit of the text, from three letters to nine. */
		if (!joined && p->len >= 3 && p->len < 10)
			deletions('t', p->w, p->len, 1, look_key, &l);
	}
	if (c->full)
		return NULL;
	l.e->n = (uint32_t)(c->nids - l.e->off);
	l.e->used = 1;
	c->n++;
	return l.e;
}

/* The names a row's words could reach. */
struct hits {
	uint32_t v[MAX_HITS];
	size_t n;
	int decide; /* decide the row whatever the bound */
};

static void hit_name(struct hits *h, uint32_t x)
{
	if (h->n && h->v[h->n - 1] == x)
		return;
	if (h->n == MAX_HITS)
		h->decide = 1;
	else
		h->v[h->n++] = x;
}

static void probe(const dwords *dw, struct wcache *c, struct hits *h,
		  const struct wtok *p, int joined)
{
	const struct wc_ent *e = look(dw, c, p, joined);
	const struct dword *w;
	size_t i, j;

	if (!e) {
		h->decide = 1;
		return;
	}
	h->decide |= e->drift;
	for (i = 0; i < e->n && !h->decide; i++) {
		if (p->len == 1) {
			hit_name(h, c->ids[e->off + i]);
			continue;
		}
		w = &dw->w[c->ids[e->off + i]];
		for (j = 0; j < w->nnames; j++)
			hit_name(h, w->names[j]);
	}
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void collect(const dwords *dw, struct hits *h, const struct wtok *r,
		    const struct wtok *rj, size_t m)
{
	struct wcache *c = wc_get(dw);
	size_t i;

	h->n = 0;
	h->decide = !c;
	for (i = 0; i < m && !h->decide; i++) {
		probe(dw, c, h, &r[i], 0);
		if (i + 1 < m && !h->decide)
			probe(dw, c, h, &rj[i], 1);
	}
	if (!h->decide && h->n)
		qsort(h->v, h->n, sizeof(h->v[0]), u32_cmp);
}

/* Adds tag to tags (kept unique); -1 when there are more than max. */
static int add_tag(uint32_t *tags, size_t *n, size_t max, uint32_t tag)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (tags[i] == tag)
			return 0;
	if (*n == max)
		return -1;
	tags[(*n)++] = tag;
	return 0;
}

/*
 * The weights of the row's words in the row, as a search weighs them
 * (ec_compare() of the name with itself, on the current snapshot); 0
 * where a word is not found.  -1 when it cannot tell.
 */
static int row_weights(const dwords *dw, const char *name, const struct wtok *r,
		       size_t m, double *rw)
{
	const ec_match *x;
	ec_matches *cm;
	size_t i, k;

	for (i = 0; i < m; i++)
		rw[i] = 0;
	if (!dw->cur || ec_compare(&cm, dw->cur, name, name, NULL))
		return -1;
	if ((x = ec_matches_get(cm, 0)))
		for (i = 0; i < m; i++)
			for (k = 0; k < x->explanation.ntokens; k++)
				if (!strcmp(x->explanation.tokens[k]
						    .query_token,
					    r[i].w))
					rw[i] = x->explanation.tokens[k].weight;
	ec_matches_free(cm);
	return 0;
}

long dwords_candidate(const dwords *dw, const char *name, double bound,
		      uint32_t *tags, size_t max)
{
	struct wtok r[MAX_WORDS], rj[MAX_WORDS];
	struct pairing pg;
	double rw[MAX_WORDS];
	size_t m = words(name, r, rj), i, n = 0;
	struct hits *h;
	const struct dname *d;
	long rc = 0;
	int weighed = 0;

	if (m == (size_t)-1 || !(h = malloc(sizeof(*h))))
		return -1; /* cannot tell: decide it */
	if (bound < MIN_BOUND)
		bound = MIN_BOUND;
	collect(dw, h, r, rj, m);
	rc = h->decide ? -1 : 0;
	for (i = 0; i < h->n && !rc; i++) {
		if (i && h->v[i] == h->v[i - 1])
			continue;
		d = &dw->v[h->v[i]];
		pairs(d, r, rj, m, &pg);
		/* The row's own weights, looked up for the names that pass
		 * without them. */
		if (!reaches(d, &pg, NULL, bound))
			continue;
		if (!weighed)
			weighed = row_weights(dw, name, r, m, rw) ? -1 : 1;
		if (weighed < 0 || reaches(d, &pg, rw, bound))
			rc = add_tag(tags, &n, max, d->tag);
	}
	free(h);
	return rc < 0 ? -1 : (long)n;
}

void dwords_free(dwords *dw)
{
	size_t i;

	if (!dw)
		return;
	/* This thread's cache (the workers' go with them). */
	if (wc_ok) {
		wc_free(pthread_getspecific(wc_key));
		pthread_setspecific(wc_key, NULL);
	}
	for (i = 0; i < dw->nw; i++)
		free(dw->w[i].names);
	for (i = 0; i < dw->ndrift; i++)
		free(dw->drift[i]);
	{
		void *arrays[] = {dw->v,    dw->w,     dw->keys,  dw->slot,
				  dw->bits, dw->wslot, dw->drift, dw};

		for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
			free(arrays[i]);
	}
}
