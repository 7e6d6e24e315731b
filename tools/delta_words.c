/*
 * delta_words.c: could a name match one of the changed entries?  The
 * score of a name against a listed name is at most P / (P + U), where P
 * is the weight of the listed words it pairs and U the weight (times the
 * penalty) of those it leaves unpaired, and it is 0 without one paired
 * word that is not a legal form, stopword or initial (README, "What a
 * score means"; lib/match.c).  Words pair as the matcher pairs them: the
 * same, an initial and a word with that letter, the same phonetic key
 * (ec_phonetic()), keys within two edits or with the same consonants, or
 * two words written as one.  So a row is decided again only when, for
 * some changed name, that bound reaches a possible match.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "delta_words.h"

#define MAX_WORD 64
#define MAX_WORDS 32
/* The review floor (0.65) less the country and address bonuses (0.03
 * each), less a margin for the weights' float rounding. */
#define BOUND 0.57
/* The weight of a pair of an initial and a word (EC__W_INITIAL). */
#define INITIAL_WEIGHT 0.2
/* A word whose weight moved more than this is a drift word. */
#define DRIFT 0.0005
/* Unpaired middle names count 0.2 of their weight (persons only). */
#define MIDDLE_PENALTY 0.2

struct wtok {
	char w[MAX_WORD];
	size_t len;
	char phon[MAX_WORD + 1]; /* the matcher's phonetic key */
	size_t plen;
	uint64_t mask; /* which byte values (mod 64) the key holds */
	int ascii;     /* the key is ASCII: an edit moves 2 mask bits */
	char skel[MAX_WORD + 1];
	size_t slen;
	double weight;
	int weak; /* legal form, stopword, initial */
};

struct dname {
	size_t n;		  /* words */
	struct wtok t[MAX_WORDS]; /* the name's words, in order */
	struct wtok j[MAX_WORDS]; /* j[k]: t[k] and t[k+1] as one word */
	int person;
};

struct dwords {
	struct dname *v;
	size_t n, cap;
	/*
	 * Words whose weight the update moved (their entries changed): a
	 * row with one of them may score differently against an entry that
	 * did not change, so it is decided again.
	 */
	struct wtok *drift;
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

/*
 * Whether row word r could pair with listed word t as the matcher pairs
 * words (lib/match.c, ec__token_sim): 1 for two words, 2 for an initial
 * and a word (which never makes a match alone), 0 for no pair.
 */
static int could_pair(const struct wtok *r, const struct wtok *t)
{
	size_t dl = r->plen > t->plen ? r->plen - t->plen : t->plen - r->plen;
	/* The edit budget of the query's word (ec__edit_budget()). */
	unsigned k = r->len < 4 ? 0 : r->len < 10 ? 1 : 2;

	if (r->len == t->len && memcmp(r->w, t->w, r->len) == 0)
		return 1;
	if (r->len == 1 || t->len == 1)
		return r->w[0] == t->w[0] ? 2 : 0;
	if (r->plen == t->plen && memcmp(r->phon, t->phon, r->plen) == 0)
		return 1;
	/* The same consonants (the matcher's test, on four or more with a
	 * leading vowel kept, is finer). */
	if (r->slen >= 3 && r->slen == t->slen &&
	    memcmp(r->skel, t->skel, r->slen) == 0)
		return 1;
	/* An edit changes at most two byte values in ASCII, eight in
	 * UTF-8. */
	if (!k || dl > k ||
	    (unsigned)__builtin_popcountll(r->mask ^ t->mask) >
		    (r->ascii && t->ascii ? 2u : 8u) * k)
		return 0;
	return within(r->phon, r->plen, t->phon, t->plen, k);
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

/* The weight snap gives word as a listed word, or -1. */
static double snap_weight(const ec_snapshot *snap, const char *word)
{
	ec_matches *m;
	const ec_match *x;
	double w = -1;

	if (ec_compare(&m, snap, word, word, NULL))
		return -1;
	x = ec_matches_get(m, 0);
	if (x && x->explanation.ntokens == 1)
		w = x->explanation.tokens[0].weight;
	ec_matches_free(m);
	return w;
}

/* Keeps d's words whose weight differs in other as drift words. */
static int add_drift(dwords *dw, const struct dname *d,
		     const ec_snapshot *other)
{
	size_t k;

	for (k = 0; k < d->n; k++) {
		double w = snap_weight(other, d->t[k].w);

		if (d->t[k].weak || (w >= 0 && w - d->t[k].weight < DRIFT &&
				     d->t[k].weight - w < DRIFT))
			continue;
		if (dw->ndrift == dw->capdrift) {
			size_t cap = dw->capdrift ? dw->capdrift * 2 : 16;
			struct wtok *v = realloc(dw->drift, cap * sizeof(*v));

			if (!v)
				return -1;
			dw->drift = v;
			dw->capdrift = cap;
		}
		dw->drift[dw->ndrift++] = d->t[k];
	}
	return 0;
}

/* Whether a row word is a drift word (or sounds the same). */
static int drifted(const dwords *dw, const struct wtok *r, size_t m)
{
	size_t i, k;

	for (i = 0; i < m; i++)
		for (k = 0; k < dw->ndrift; k++)
			if (r[i].plen == dw->drift[k].plen &&
			    !memcmp(r[i].phon, dw->drift[k].phon, r[i].plen))
				return 1;
	return 0;
}

dwords *dwords_new(void)
{
	return calloc(1, sizeof(dwords));
}

int dwords_add(dwords *dw, const ec_snapshot *snap, const ec_snapshot *other,
	       const char *name, int person)
{
	struct dname *d;

	if (dw->n == dw->cap) {
		size_t cap = dw->cap ? dw->cap * 2 : 16;
		struct dname *v = realloc(dw->v, cap * sizeof(*v));

		if (!v)
			return -1;
		dw->v = v;
		dw->cap = cap;
	}
	d = &dw->v[dw->n];
	memset(d, 0, sizeof(*d));
	d->n = words(name, d->t, d->j);
	d->person = person;
	if (d->n == (size_t)-1)
		return -1;
	if (!d->n)
		return 0;
	if (weigh(d, snap, name) || add_drift(dw, d, other))
		return -1;
	dw->n++;
	return 0;
}

/*
 * Which of d's words the row's words r (and joined rj) could pair: 1 as
 * words, 2 only with an initial.  Weak words count as paired.
 */
static void pairs(const struct dname *d, const struct wtok *r,
		  const struct wtok *rj, size_t m, int *paired)
{
	size_t i, k;
	int p;

	for (k = 0; k < d->n; k++) {
		paired[k] = d->t[k].weak ? 2 : 0;
		for (i = 0; i < m && paired[k] != 1; i++) {
			p = could_pair(&r[i], &d->t[k]);
			if (!p && i + 1 < m)
				p = could_pair(&rj[i], &d->t[k]);
			if (p && (!paired[k] || p < paired[k]))
				paired[k] = p;
		}
	}
	for (k = 0; k + 1 < d->n; k++)
		for (i = 0; i < m; i++)
			if (could_pair(&r[i], &d->j[k]) == 1)
				paired[k] = paired[k + 1] = 1;
}

/*
 * The weight d's unpaired words weigh against a match.  Of a person's
 * names only those between the first and the last can be middle names
 * (0.2 of their weight): at most n - 2 of them, taken as the heaviest
 * unpaired ones, so that the bound stays an upper bound.
 */
static double unpaired(const struct dname *d, const int *paired)
{
	double u = 0, w[MAX_WORDS], t;
	size_t k, n = 0, a, b;

	for (k = 0; k < d->n; k++)
		if (!paired[k] && d->t[k].weight > 0) {
			u += d->t[k].weight;
			w[n++] = d->t[k].weight;
		}
	if (!d->person || d->n < 3)
		return u;
	for (a = 0; a < n; a++) /* a few words: sort them, heaviest first */
		for (b = a + 1; b < n; b++)
			if (w[b] > w[a]) {
				t = w[a];
				w[a] = w[b];
				w[b] = t;
			}
	for (a = 0; a < n && a < d->n - 2; a++)
		u -= (1.0 - MIDDLE_PENALTY) * w[a];
	return u;
}

int dwords_candidate(const dwords *dw, const char *name)
{
	struct wtok r[MAX_WORDS], rj[MAX_WORDS];
	int paired[MAX_WORDS];
	size_t m = words(name, r, rj), k, x;

	if (m == (size_t)-1)
		return 1; /* cannot tell: decide it */
	for (x = 0; x < dw->n; x++) {
		const struct dname *d = &dw->v[x];
		double p = 0, u = 0;
		int strong = 0;

		pairs(d, r, rj, m, paired);
		for (k = 0; k < d->n; k++) {
			double w = d->t[k].weight;

			/* An initial's pair weighs 0.2; any word at most 1. */
			if (paired[k] == 2 && !d->t[k].weak)
				p += INITIAL_WEIGHT;
			else if (paired[k])
				p += w < 0 ? 1.0 : w;
			strong |= paired[k] == 1 && !d->t[k].weak;
		}
		u = unpaired(d, paired);
		if (strong && p > 0 && p / (p + u) >= BOUND)
			return 1;
	}
	return drifted(dw, r, m);
}

size_t dwords_count(const dwords *dw)
{
	return dw ? dw->n : 0;
}

void dwords_free(dwords *dw)
{
	if (!dw)
		return;
	free(dw->v);
	free(dw->drift);
	free(dw);
}
