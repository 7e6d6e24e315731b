/*
 * match.c: how much a query name looks like a listed name.
 *
 * Score = sum(sim * w over aligned pairs) / (sum(w over aligned pairs)
 *         + sum(w of unmatched query tokens)
 *         + sum(penalty * w of unmatched listed tokens))
 * so 1.0 means every token on both sides found an exact partner, and each
 * pair's share of the score is shown in the explanation.
 */
#include <string.h>

#include "match.h"

double ec__default_weight(unsigned kind)
{
	switch (kind) {
	case EC__TK_LEGAL:
		return EC__W_LEGAL;
	case EC__TK_STOP:
		return EC__W_STOP;
	case EC__TK_INITIAL:
		return EC__W_INITIAL;
	case EC__TK_GENERIC:
		return EC__W_UNKNOWN * EC__W_GENERIC_FACTOR;
	}
	return EC__W_UNKNOWN;
}

void ec__tview_fill(ec__tview *v, const char *text, size_t len, uint8_t kind,
		    uint8_t role, char *phon, size_t phon_size, char *cons,
		    size_t cons_size)
{
	v->text = text;
	v->len = (uint8_t)len;
	v->plen = (uint8_t)ec__phonetic(text, len, phon, phon_size);
	v->phon = phon;
	v->clen = (uint8_t)ec__consonants(phon, v->plen, cons, cons_size);
	v->cons = cons;
	v->kind = kind;
	v->role = role;
	v->weight = (float)ec__default_weight(kind);
	v->flags = 0;
	v->pat = NULL;
}

double ec__jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned char ma[EC__TOK_MAX * 2 + 2] = {0},
					   mb[EC__TOK_MAX * 2 + 2] = {0};
	size_t i, j, k, range, m = 0, t = 0, prefix = 0;
	double jaro;

	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	if (la > sizeof(ma) - 1)
		la = sizeof(ma) - 1;
	if (lb > sizeof(mb) - 1)
		lb = sizeof(mb) - 1;
	range = (la > lb ? la : lb) / 2;
	range = range > 0 ? range - 1 : 0;
	for (i = 0; i < la; i++) {
		size_t lo = i > range ? i - range : 0;
		size_t hi = i + range + 1 < lb ? i + range + 1 : lb;

		for (j = lo; j < hi; j++) {
			if (mb[j] || a[i] != b[j])
				continue;
			ma[i] = mb[j] = 1;
			m++;
			break;
		}
	}
	if (m == 0)
		return 0.0;
	for (i = 0, k = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	jaro = ((double)m / (double)la + (double)m / (double)lb +
		((double)m - (double)t / 2.0) / (double)m) /
	       3.0;
	while (prefix < 4 && prefix < la && prefix < lb &&
	       a[prefix] == b[prefix])
		prefix++;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/*
 * Only the diagonal band |i - j| <= k is computed: any cell outside it is
 * more than k, and the answer is capped at k + 1 anyway.
 */
int ec__edit_distance(const char *a, size_t la, const char *b, size_t lb, int k)
{
	int rows[3][EC__TOK_MAX * 2 + 2];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	const int big = k + 1;
	size_t i, j, uk = (size_t)k;

	if (k < 0)
		return k + 1;
	if (la > EC__TOK_MAX * 2 || lb > EC__TOK_MAX * 2)
		return k + 1;
	if ((la > lb ? la - lb : lb - la) > uk)
		return k + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j <= uk ? (int)j : big;
	for (i = 1; i <= la; i++) {
		size_t lo = i > uk ? i - uk : 1;
		size_t hi = i + uk < lb ? i + uk : lb;
		int best = big;

		cur[lo - 1] = lo == 1 && i <= uk ? (int)i : big;
		if (lo == 1 && cur[0] < best)
			best = cur[0];
		for (j = lo; j <= hi; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + cost;

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			if (v > big)
				v = big;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (hi < lb)
			cur[hi + 1] = big; /* the next row reads it */
		if (best > k)
			return k + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > k ? k + 1 : prev[lb];
}

void ec__bitpat_init(ec__bitpat *p, const char *s, size_t m)
{
	size_t i;

	memset(p->peq, 0, sizeof(p->peq));
	if (m > 64)
		m = 64;
	for (i = 0; i < m; i++)
		p->peq[(unsigned char)s[i]] |= (uint64_t)1 << i;
	p->m = m;
}

int ec__edit_distance_bp(const ec__bitpat *p, const char *t, size_t n, int k)
{
	uint64_t vp, vn = 0, d0 = 0, pm_prev = 0, last;
	size_t j, m = p->m;
	long score = (long)m;

	if ((m > n ? m - n : n - m) > (size_t)k)
		return k + 1;
	if (m == 0)
		return (long)n > k ? k + 1 : (int)n;
	vp = m == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m) - 1);
	last = (uint64_t)1 << (m - 1);
	for (j = 0; j < n; j++) {
		uint64_t pm = p->peq[(unsigned char)t[j]], tr, hp, hn;

		tr = (((~d0) & pm) << 1) & pm_prev;
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
		hp = vn | ~(d0 | vp);
		hn = d0 & vp;
		if (hp & last)
			score++;
		else if (hn & last)
			score--;
		hp = (hp << 1) | 1;
		hn <<= 1;
		vp = hn | ~(d0 | hp);
		vn = d0 & hp;
		pm_prev = pm;
		/* Each remaining text byte lowers the distance by one at most.
		 */
		if (score - (long)(n - j - 1) > k)
			return k + 1;
	}
	return score > k ? k + 1 : (int)score;
}

static int is_weak(unsigned kind)
{
	return kind == EC__TK_LEGAL || kind == EC__TK_STOP;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/*
 * "Osama" and "Usama", "Qaeda" and "Qaida", "Laden" and "Ladin": one vowel
 * written differently, the commonest variation between transliterations.
 * Not in short words, nor in the last letter, which marks gender in many
 * languages ("Maria", "Mario").
 */
static int one_vowel_apart(const ec__tview *q, const ec__tview *l)
{
	size_t i, diff = 0;

	if (q->len != l->len || q->len < 5)
		return 0;
	for (i = 0; i < q->len; i++) {
		if (q->text[i] == l->text[i])
			continue;
		if (++diff > 1 || i + 1 == q->len || !is_vowel(q->text[i]) ||
		    !is_vowel(l->text[i]))
			return 0;
	}
	return diff == 1;
}

int ec__swapped3(const char *a, size_t la, const char *b, size_t lb)
{
	return la == 3 && lb == 3 && a[0] == b[0] && a[1] == b[2] &&
	       a[2] == b[1] && a[1] != a[2];
}

/*
 * "Antonia" and "Antonio", "Maria" and "Mario": the same word but for a
 * last a or o, which marks gender in many languages, are two names.
 */
static int gender_pair(const ec__tview *q, const ec__tview *l)
{
	char x, y;

	if (q->len != l->len || q->len < 4 ||
	    memcmp(q->text, l->text, q->len - 1u) != 0)
		return 0;
	x = q->text[q->len - 1];
	y = l->text[l->len - 1];
	return (x == 'a' && y == 'o') || (x == 'o' && y == 'a');
}

/*
 * A different spelling is weaker evidence than Jaro-Winkler alone says:
 * "Visa" and "Vista" are 0.91 alike but different names.  Distance from a
 * perfect match counts two and a half times.
 */
static double fuzzy_curve(double jw)
{
	double s = 1.0 - 2.5 * (1.0 - jw);

	return s > 0 ? s : 0;
}

double ec__token_sim(const ec__tview *q, const ec__tview *l, int *kind)
{
	double jw;
	int k;

	*kind = EC__PK_EXACT;
	if (q->len == l->len && memcmp(q->text, l->text, q->len) == 0)
		return 1.0;
	/* Legal forms and stopwords pair only when they are the same. */
	if (is_weak(q->kind) || is_weak(l->kind))
		return 0.0;
	if (q->kind == EC__TK_INITIAL || l->kind == EC__TK_INITIAL) {
		*kind = EC__PK_INITIAL;
		return q->text[0] == l->text[0] ? 0.6 : 0.0;
	}
	*kind = EC__PK_FUZZY;
	if (gender_pair(q, l))
		return 0.0;
	if (q->plen == l->plen && memcmp(q->phon, l->phon, q->plen) == 0) {
		jw = ec__jaro_winkler(q->text, q->len, l->text, l->len);
		/* Spellings of one sound; short words collide too easily. */
		if (q->len < 5 || l->len < 5)
			return jw;
		return jw > EC__VOWEL_SIM ? jw : EC__VOWEL_SIM;
	}
	/* Three letters have no edit to spare, but a swap ("Sko"); too
	 * short for Jaro-Winkler to see it. */
	if (ec__swapped3(q->text, q->len, l->text, l->len))
		return EC__SWAP3_SIM;
	/* The gate first: most pairs fail it, and it is cheaper than JW. */
	k = ec__edit_budget(q->len);
	if ((q->pat ? ec__edit_distance_bp(q->pat, l->phon, l->plen, k)
		    : ec__edit_distance(q->phon, q->plen, l->phon, l->plen,
					k)) <= k ||
	    /* A swap of letters the key spells as one ("Kahdem"); from ten
	     * letters on, the key's budget of two covers it. */
	    (k == 1 &&
	     ec__edit_distance(q->text, q->len, l->text, l->len, 1) <= 1) ||

	    (q->clen >= 4 && q->clen == l->clen &&
	     memcmp(q->cons, l->cons, q->clen) == 0)) {
		double s = fuzzy_curve(
			ec__jaro_winkler(q->text, q->len, l->text, l->len));

		if (one_vowel_apart(q, l) && s < EC__VOWEL_SIM)
			return EC__VOWEL_SIM;
		/* A short word with another first letter is most often
		 * another word ("Bing", "Ting"): typos spare the first. */
		if ((q->len <= EC__SHORT_FUZZY_LEN ||
		     l->len <= EC__SHORT_FUZZY_LEN) &&
		    q->text[0] != l->text[0])
			s *= EC__SHORT_FUZZY_FACTOR;
		return s;
	}
	return 0.0;
}

/*
 * Views a concatenation of two tokens as one token, so that "al zarooni"
 * and "alzarooni" can pair through the same gate as single tokens.
 */
static void cat_view(ec__tview *v, const ec__tview *a, const ec__tview *b,
		     char *text, char *phon, char *cons)
{
	size_t n = (size_t)a->len + b->len;

	if (n > EC__TOK_MAX)
		n = EC__TOK_MAX;
	memcpy(text, a->text, a->len);
	memcpy(text + a->len, b->text, n - a->len);
	text[n] = '\0';
	ec__tview_fill(v, text, n, EC__TK_WORD, EC__TR_NONE, phon,
		       EC__TOK_MAX + 1, cons, EC__TOK_MAX + 1);
}

/*
 * Can a and b written as one sound like one?  The phonetic key of the
 * joined word is the two keys end to end, less one byte where a digraph
 * or a doubled letter forms at the seam, and starts as a's does: a cheap
 * test before building the joined view.
 */
static int may_join(const ec__tview *one, const ec__tview *a,
		    const ec__tview *b)
{
	size_t sum = (size_t)a->plen + b->plen;

	if (one->kind == EC__TK_INITIAL || one->plen > sum ||
	    (size_t)one->plen + 1 < sum)
		return 0;
	return a->len < 2 || one->phon[0] == a->phon[0];
}

/*
 * Similarity of a token to two tokens of the other side written as one:
 * they must sound the same (the same phonetic key), the gate the index
 * mirrors.
 */
static double join_sim(const ec__tview *a, const ec__tview *b)
{
	double jw;

	if (a->kind == EC__TK_INITIAL || b->kind == EC__TK_INITIAL ||
	    a->plen != b->plen || memcmp(a->phon, b->phon, a->plen) != 0)
		return 0.0;
	jw = ec__jaro_winkler(a->text, a->len, b->text, b->len);
	return jw > 0.95 ? jw : 0.95;
}

/* A pair that may be chosen, and what choosing it adds (sim x weight). */
struct cand {
	ec__pair p;
	float gain;
};

static void add_cand(struct cand *c, size_t *n, size_t cap, int q1, int q2,
		     int l1, int l2, int kind, double sim, double weight)
{
	if (*n == cap || sim <= 0.0)
		return;
	/* Token indices fit int8_t: a name has at most EC__NAME_MAX_TOKENS
	 * tokens, and -1 means none. */
	EC__ASSERT_VOID(q1 >= -1 && q1 < EC__NAME_MAX_TOKENS && q2 >= -1 &&
			q2 < EC__NAME_MAX_TOKENS && l1 >= -1 &&
			l1 < EC__NAME_MAX_TOKENS && l2 >= -1 &&
			l2 < EC__NAME_MAX_TOKENS);
	c[*n].p = (ec__pair){.q1 = (int8_t)q1,
			     .q2 = (int8_t)q2,
			     .l1 = (int8_t)l1,
			     .l2 = (int8_t)l2,
			     .kind = (uint8_t)kind,
			     .sim = (float)sim,
			     .weight = (float)weight};
	c[*n].gain = (float)(sim * weight);
	(*n)++;
}

/* Sorts pair candidates by gain, best first (insertion sort: few items). */
static void sort_cands(struct cand *c, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct cand x = c[i];

		for (j = i; j > 0 && (c[j - 1].gain < x.gain ||
				      (c[j - 1].gain == x.gain &&
				       c[j - 1].p.sim < x.p.sim));
		     j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

#define MAX_CANDS 1024
/* A joined pair must be this similar, and beat the single tokens. */
#define JOIN_MIN 0.90
#define JOIN_GAIN 0.05

/* "bin", "ibn", "ben", "bint", "ould": the next name is the father's. */
static int is_filial(const ec__tview *t)
{
	const char *x = t->text;

	switch (t->len) {
	case 3:
		return !memcmp(x, "bin", 3) || !memcmp(x, "ibn", 3) ||
		       !memcmp(x, "ben", 3);
	case 4:
		return !memcmp(x, "bint", 4) || !memcmp(x, "ould", 4);
	case 5:
		return !memcmp(x, "binti", 5);
	}
	return 0;
}

/*
 * "Salman bin Muhammad" and "Muhammad bin Salman" are father and son, not
 * one man: where the two names around one "bin" on each side pair
 * crosswise, both pairs count at EC__FILIAL_SWAP of their similarity.
 * Returns how much the numerator loses.
 */
static double filial_swaps(const ec__tview *q, size_t nq, const ec__tview *l,
			   size_t nl, ec__score *out)
{
	int8_t partner[EC__QUERY_MAX_TOKENS];
	ec__pair *at[EC__QUERY_MAX_TOKENS];
	double lost = 0;
	size_t i, k;

	for (i = 1; i + 1 < nq && !is_filial(&q[i]); i++)
		;
	if (i + 1 >= nq)
		return 0; /* the common case: no "bin" inside the query */
	for (i = 0; i < nq; i++) {
		partner[i] = -1;
		at[i] = NULL;
	}
	for (k = 0; k < out->npairs; k++) {
		ec__pair *p = &out->pairs[k];

		if (p->q1 >= 0 && p->q2 < 0 && p->l1 >= 0 && p->l2 < 0) {
			partner[p->q1] = p->l1;
			at[p->q1] = p;
		}
	}
	for (i = 0; i + 2 < nq; i++) {
		int a = partner[i], b = partner[i + 2];

		if (b < 0 || a != b + 2 || !is_filial(&q[i + 1]) ||
		    !is_filial(&l[b + 1]))
			continue;
		for (k = 0; k < 2; k++) {
			ec__pair *p = at[i + 2 * k];

			lost += (double)p->sim * (1.0 - EC__FILIAL_SWAP) *
				p->weight;
			p->sim = (float)(p->sim * EC__FILIAL_SWAP);
		}
	}
	return lost;
}

static int is_word(unsigned kind)
{
	return kind == EC__TK_WORD || kind == EC__TK_GENERIC;
}

/* The first word of a name, or -1. */
static int first_word(const ec__tview *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is_word(v[i].kind))
			return (int)i;
	return -1;
}

/* Letters of the tokens of one side of a pair. */
static size_t pair_len(const ec__tview *v, int a, int b)
{
	return (size_t)v[a].len + (b >= 0 ? v[b].len : 0);
}

/*
 * The most a score can be when its only evidence is one pair of words
 * (doc/scoring.md, "Thin evidence"): a short word spelt differently, or a
 * listed name that is a bare given name or country ("LINDA", "Israel").
 */
static double evidence_cap(const ec__tview *q, size_t nq, const ec__tview *l,
			   size_t nl, const ec__score *sc)
{
	const ec__pair *only = NULL;
	size_t i, npairs = 0, lwords = 0, qwords = 0, len, ll;

	for (i = 0; i < sc->npairs; i++) {
		const ec__pair *p = &sc->pairs[i];

		if (p->q1 >= 0 && p->l1 >= 0 && p->kind != EC__PK_INITIAL &&
		    is_word(l[p->l1].kind)) {
			npairs++;
			only = p;
		}
	}
	if (npairs != 1)
		return 1.0;
	for (i = 0; i < nl; i++)
		lwords += is_word(l[i].kind);
	for (i = 0; i < nq; i++)
		qwords += is_word(q[i].kind);
	if (only->sim < 1.0f) {
		/* One word of several, and that one spelt differently. */
		if (qwords > (only->q2 >= 0 ? 2u : 1u) ||
		    lwords > (only->l2 >= 0 ? 2u : 1u))
			return EC__CAP_BELOW_REVIEW;
		len = pair_len(q, only->q1, only->q2);
		ll = pair_len(l, only->l1, only->l2);
		if (ll < len)
			len = ll;
		/* Spellings of one sound ("Qaeda", "Qaida") are a lesser
		 * change than a letter typed wrong: a shorter word will do. */
		if (only->sim >= EC__VOWEL_SIM - 1e-6) {
			if (len <= EC__THIN_ALIKE_SHORT_LEN)
				return EC__CAP_BELOW_REVIEW;
			return len < EC__THIN_SHORT_LEN ? EC__CAP_BELOW_MATCH
							: 1.0;
		}
		if (len <= EC__THIN_SHORT_LEN)
			return EC__CAP_BELOW_REVIEW;
		return len <= EC__THIN_MEDIUM_LEN ? EC__CAP_BELOW_MATCH : 1.0;
	}
	if (lwords == 1 && only->l2 < 0 && (l[only->l1].flags & EC__TV_BARE))
		return qwords > 1 ? EC__CAP_BELOW_REVIEW : EC__CAP_BELOW_MATCH;
	/* A person's one-word alias met by the given name of a query that
	 * goes on with a surname ("Jonas Meyer", the alias "JONAS"). */
	if (lwords == 1 && only->l2 < 0 && only->q2 < 0 &&
	    l[only->l1].role != EC__TR_NONE && qwords > 1 &&
	    first_word(q, nq) == only->q1)
		return EC__CAP_BELOW_REVIEW;
	return 1.0;
}

int ec__score_partial(const ec__tview *q, size_t nq, const ec__tview *l,
		      size_t nl, const ec__score *sc)
{
	size_t i, words = 0;
	int differ = 0;

	for (i = 0; i < sc->npairs; i++) {
		const ec__pair *p = &sc->pairs[i];

		if (p->q1 >= 0 && p->l1 >= 0) {
			words += p->kind != EC__PK_INITIAL &&
				 is_word(l[p->l1].kind);
			differ |= p->sim < 1.0f;
		} else if (p->q1 >= 0 && (size_t)p->q1 < nq) {
			differ |= is_word(q[p->q1].kind) ||
				  q[p->q1].kind == EC__TK_INITIAL;
		} else if (p->l1 >= 0 && (size_t)p->l1 < nl) {
			differ |= is_word(l[p->l1].kind) ||
				  l[p->l1].kind == EC__TK_INITIAL;
		}
	}
	return words > 0 && words <= EC__UNCONFIRMED_WORDS && differ;
}

/* Neighbours k and k + 1 of one side written as one token, built once. */
struct joins {
	ec__tview v[EC__NAME_MAX_TOKENS];
	char text[EC__NAME_MAX_TOKENS][EC__TOK_MAX + 1];
	char phon[EC__NAME_MAX_TOKENS][EC__TOK_MAX + 1];
	char cons[EC__NAME_MAX_TOKENS][EC__TOK_MAX + 1];
	uint8_t done[EC__NAME_MAX_TOKENS];
};

/* t[k] and t[k + 1] as one token (k + 1 < EC__NAME_MAX_TOKENS). */
static const ec__tview *joined(struct joins *jn, const ec__tview *t, size_t k)
{
	if (!jn->done[k]) {
		cat_view(&jn->v[k], &t[k], &t[k + 1], jn->text[k], jn->phon[k],
			 jn->cons[k]);
		jn->done[k] = 1;
	}
	return &jn->v[k];
}

/*
 * Whether a joined pair of similarity js explains a spelling better than
 * a single token of similarity s does.
 */
static int join_wins(double js, double s)
{
	return js >= JOIN_MIN && js > s + JOIN_GAIN;
}

/*
 * Every pairing worth considering, into c (at most MAX_CANDS): each token
 * pair that passes the gate, and joined pairs where writing two
 * neighbours as one explains a spelling better than either alone.
 */
static size_t collect_cands(const ec__tview *q, size_t nq, const ec__tview *l,
			    size_t nl, struct cand *c)
{
	/* Joined neighbours on each side, built once per call. */
	static _Thread_local struct joins qj, lj;
	size_t i, j, n = 0;
	int kind;

	memset(qj.done, 0, sizeof(qj.done));
	memset(lj.done, 0, sizeof(lj.done));
	for (i = 0; i < nq; i++) {
		for (j = 0; j < nl; j++) {
			double s = ec__token_sim(&q[i], &l[j], &kind);
			/* Initials weigh as initials, whatever they pair. */
			double w = kind == EC__PK_INITIAL ? EC__W_INITIAL
							  : l[j].weight;

			add_cand(c, &n, MAX_CANDS, (int)i, -1, (int)j, -1, kind,
				 s, w);
			/*
			 * Joined pairs only where joining explains the
			 * spelling better than either token alone does.
			 */
			if (j + 1 < nl && s < 1.0 - JOIN_GAIN &&
			    may_join(&q[i], &l[j], &l[j + 1])) {
				double js = join_sim(&q[i], joined(&lj, l, j));
				int k2;

				if (join_wins(js, s) &&
				    join_wins(js,
					      ec__token_sim(&q[i], &l[j + 1],
							    &k2)))
					add_cand(c, &n, MAX_CANDS, (int)i, -1,
						 (int)j, (int)j + 1,
						 EC__PK_JOINED, js,
						 (double)l[j].weight +
							 l[j + 1].weight);
			}
			if (i + 1 < nq && s < 1.0 - JOIN_GAIN &&
			    may_join(&l[j], &q[i], &q[i + 1])) {
				double js = join_sim(joined(&qj, q, i), &l[j]);
				int k2;

				if (join_wins(js, s) &&
				    join_wins(js, ec__token_sim(&q[i + 1],
								&l[j], &k2)))
					add_cand(c, &n, MAX_CANDS, (int)i,
						 (int)i + 1, (int)j, -1,
						 EC__PK_JOINED, js,
						 l[j].weight);
			}
		}
	}
	return n;
}

/*
 * What an unmatched token t weighs in the denominator, as a share of its
 * weight: eased_share where its side forgives it (eased: an extra given
 * name in the query, a middle name in the listed name), little for a
 * stopword, half a word for an initial where the middle names conflict,
 * else all of it.
 */
static double cost(const ec__tview *t, int conflict, int eased,
		   double eased_share)
{
	double share = eased			? eased_share
		       : t->kind == EC__TK_STOP ? EC__STOP_PENALTY
		       : conflict && t->kind == EC__TK_INITIAL
			       ? EC__CONFLICT_INITIAL / EC__W_INITIAL
			       : 1.0;

	return share * t->weight;
}

/*
 * Records token i of the query (listed 0) or of the listed name (listed 1)
 * as matched by nothing, weighing w in the denominator; returns w.
 */
static double unpaired(ec__score *out, int listed, size_t i, double w)
{
	ec__pair *p = &out->pairs[out->npairs++];

	p->q1 = p->q2 = p->l1 = p->l2 = -1;
	if (listed)
		p->l1 = (int8_t)i;
	else
		p->q1 = (int8_t)i;
	p->kind = listed ? EC__PK_UNMATCHED_LISTED : EC__PK_UNMATCHED_QUERY;
	p->sim = 0;
	p->weight = (float)w;
	return w;
}

double ec__score_names(const ec__tview *q, size_t nq, const ec__tview *l,
		       size_t nl, ec__score *out)
{
	struct cand c[MAX_CANDS];
	uint8_t qused[EC__QUERY_MAX_TOKENS] = {0};
	uint8_t lused[EC__NAME_MAX_TOKENS] = {0};
	ec__score local;
	double num = 0, den = 0, cap;
	size_t i, j, n;
	int strong = 0, person = 0, conflict = 0;

	if (!out)
		out = &local;
	out->npairs = 0;
	out->score = 0;
	if (nq > EC__QUERY_MAX_TOKENS)
		nq = EC__QUERY_MAX_TOKENS;
	if (nl > EC__NAME_MAX_TOKENS)
		nl = EC__NAME_MAX_TOKENS;
	n = collect_cands(q, nq, l, nl, c);
	sort_cands(c, n);
	for (j = 0; j < nl; j++)
		if (l[j].role != EC__TR_NONE)
			person = 1;
	for (i = 0; i < n; i++) {
		const ec__pair *x = &c[i].p;

		if (qused[x->q1] || (x->q2 >= 0 && qused[x->q2]) ||
		    lused[x->l1] || (x->l2 >= 0 && lused[x->l2]))
			continue;
		qused[x->q1] = 1;
		if (x->q2 >= 0)
			qused[x->q2] = 1;
		lused[x->l1] = 1;
		if (x->l2 >= 0)
			lused[x->l2] = 1;
		out->pairs[out->npairs++] = *x;
		num += (double)x->sim * x->weight;
		den += x->weight;
		if (x->kind == EC__PK_JOINED ||
		    (x->kind != EC__PK_INITIAL && !is_weak(l[x->l1].kind)))
			strong = 1;
	}
	/*
	 * Extra or dropped middle names cost little, but a middle name or
	 * initial on each side that differs ("Hans O." and "Hans Joachim",
	 * "William G." and "William W.") is a different person: then both
	 * count in full, and an initial as much as half a word.
	 */
	if (person) {
		int extra_q = 0, missing_l = 0;

		for (i = 0; i < nq; i++)
			extra_q |= !qused[i] && (q[i].kind == EC__TK_WORD ||
						 q[i].kind == EC__TK_INITIAL);
		for (j = 0; j < nl; j++)
			missing_l |= !lused[j] && (l[j].role == EC__TR_MIDDLE ||
						   l[j].kind == EC__TK_INITIAL);
		if (extra_q && missing_l)
			conflict = 1;
	}
	for (i = 0; i < nq; i++) {
		int extra = person && !conflict && q[i].kind == EC__TK_WORD;

		if (!qused[i])
			den += unpaired(out, 0, i,
					cost(&q[i], conflict, extra,
					     EC__EXTRA_GIVEN_PENALTY));
	}
	for (j = 0; j < nl; j++) {
		int middle = l[j].role == EC__TR_MIDDLE && !conflict;

		if (!lused[j])
			den += unpaired(out, 1, j,
					cost(&l[j], conflict, middle,
					     EC__MIDDLE_PENALTY));
	}
	num -= filial_swaps(q, nq, l, nl, out);
	/* Without one shared word, legal forms and initials prove nothing. */
	out->score = strong && den > 0 ? num / den : 0.0;
	if (out->score > 1.0)
		out->score = 1.0;
	cap = evidence_cap(q, nq, l, nl, out);
	if (out->score > cap)
		out->score = cap;
	return out->score;
}
