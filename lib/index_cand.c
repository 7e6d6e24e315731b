/*
 * index_cand.c: candidate generation: the names a query can score well
 * against, found through the index's postings, phonetic and deletion
 * keys and trigrams; and query weighting from the lists' statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "index_int.h"

/* ------------------------------------------------------------------ */
/* Candidate generation                                                */
/* ------------------------------------------------------------------ */

/* Vocabulary id of text, or -1. */
static long find_vocab(const ec__index *ix, const char *t, size_t n)
{
	size_t lo = 0, hi = ix->h.nvocab;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct ix_vocab *v = &ix->vocab[mid];
		int c = strncmp(ix->strings + v->text, t, n);

		if (c == 0 && v->len != n)
			c = v->len < n ? -1 : 1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * What one search has found so far for one name: the query tokens that
 * can pair with it and the best weight each can bring.
 */
struct slot {
	uint32_t name; /* name + 1; 0 = empty */
	uint32_t mask; /* query tokens this name can pair */
	float sum;     /* best weights of finished query tokens */
	float cur;     /* best weight for query token cur_tok */
	int cur_tok;
};

/* One remembered query token: its vocabulary id and its hits. */
struct tc_slot {
	uint32_t hash;
	uint32_t gen; /* text and vid are set when it is the cgen's */
	uint8_t len;
	uint8_t complete; /* hits holds every hit of a word of this text */
	uint8_t join_known;
	int32_t join; /* its entry in the joined-token keys, or -1 */
	int32_t vid;
	uint32_t *hits;
	uint32_t nhits;
	size_t cap;
	char text[EC__TOK_MAX];
};

/*
 * The working memory of one search.  Kept in the index's pool between
 * searches, so that a batch neither reallocates it nor looks up a common
 * word again: the remembered hits depend only on the token's text and the
 * index, never on the query around it.
 */
struct cgen {
	const ec__index *ix;
	struct slot *slots;
	size_t cap, used;
	uint32_t *order; /* slots in use, by position */
	uint8_t *count;	 /* trigram hits per vocabulary entry */
	uint32_t *touched;
	size_t ntouched;
	uint32_t *hits; /* vocabulary entries found for one query token */
	size_t nhits, cap_hits;
	int failed; /* out of memory while growing */
	struct tc_slot *tc;
	uint32_t *owned; /* the tc slots that own a hits array */
	size_t nowned, cap_owned;
	uint32_t gen; /* slots of another generation are empty */
};

void ec__ix_cgen_free(struct cgen *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nowned; i++)
		ec__free(g->tc[g->owned[i]].hits);
	{
		void *const owned[] = {g->owned, g->tc,	   g->count, g->touched,
				       g->slots, g->order, g->hits,  g};

		ec__free_all(owned, EC__ARRAY_LEN(owned));
	}
}

static struct cgen *cgen_new(const ec__index *ix)
{
	struct cgen *g = ec__calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->ix = ix;
	g->count = ec__calloc(ix->h.nvocab ? ix->h.nvocab : 1, 1);
	g->touched = ec__malloc((ix->h.nvocab ? ix->h.nvocab : 1) *
				sizeof(*g->touched));
	g->cap = 1024;
	g->slots = ec__calloc(g->cap, sizeof(*g->slots));
	g->order = ec__malloc(g->cap / 2 * sizeof(*g->order));
	g->tc = ec__calloc(TC_SLOTS, sizeof(*g->tc));
	g->gen = 1;
	if (!g->count || !g->touched || !g->slots || !g->order || !g->tc) {
		ec__ix_cgen_free(g);
		return NULL;
	}
	return g;
}

/* Working memory from the pool, or NULL. */
static struct cgen *cgen_pooled(const ec__index *ix)
{
	/* The pool is the one part of an index searches change. */
	ec__index *mix = (ec__index *)ix;
	size_t i;

	for (i = 0; i < IX_POOL; i++) {
		struct cgen *g;

		/* A look first: an exchange on an empty slot only contends. */
		if (!atomic_load_explicit(&mix->pool[i], memory_order_relaxed))
			continue;
		if ((g = atomic_exchange(&mix->pool[i], NULL)))
			return g;
	}
	return NULL;
}

/* Working memory from the pool, or new. */
static struct cgen *cgen_get(const ec__index *ix)
{
	struct cgen *g = cgen_pooled(ix);

	return g ? g : cgen_new(ix);
}

/*
 * Returns working memory to the pool, cleared; after a failure, or when a
 * huge query grew it, it is freed instead: its counters may be half set.
 */
static void cgen_put(const ec__index *ix, struct cgen *g, int ok)
{
	ec__index *mix = (ec__index *)ix;
	size_t i;

	if (!g)
		return;
	if (!ok || g->cap > SLOTS_KEEP) {
		ec__ix_cgen_free(g);
		return;
	}
	for (i = 0; i < g->used; i++)
		memset(&g->slots[g->order[i]], 0, sizeof(*g->slots));
	g->used = 0;
	g->nhits = 0;
	g->ntouched = 0;
	for (i = 0; i < IX_POOL; i++) {
		struct cgen *expected = NULL;

		if (!atomic_load_explicit(&mix->pool[i],
					  memory_order_relaxed) &&
		    atomic_compare_exchange_strong(&mix->pool[i], &expected, g))
			return;
	}
	ec__ix_cgen_free(g);
}

void ec__index_forget(ec__index *ix)
{
	size_t i;

	for (i = 0; i < IX_POOL; i++) {
		struct cgen *g = atomic_load(&ix->pool[i]);

		if (g && ++g->gen == 0)
			g->gen = 1; /* 0 marks a slot being written */
	}
}

/* Is vid among the hits of the current query token? */
static int found(const struct cgen *g, uint32_t vid)
{
	size_t i;

	for (i = 0; i < g->nhits; i++)
		if (g->hits[i] == vid)
			return 1;
	return 0;
}

static int hit(struct cgen *g, uint32_t vid)
{
	size_t i;

	for (i = 0; i < g->nhits; i++)
		if (g->hits[i] == vid)
			return 0;
	if (ec__grow((void **)&g->hits, &g->cap_hits, g->nhits + 1,
		     sizeof(*g->hits)))
		return EC_ENOMEM;
	g->hits[g->nhits++] = vid;
	return 0;
}

static size_t slot_pos(const struct slot *slots, size_t cap, uint32_t name)
{
	size_t h = (name * 2654435761u) & (cap - 1);

	while (slots[h].name && slots[h].name != name + 1)
		h = (h + 1) & (cap - 1);
	return h;
}

/* Doubles the slot table; the used list is rebuilt in the same order. */
static int grow_slots(struct cgen *g)
{
	size_t cap = g->cap * 2, i;
	struct slot *s = ec__calloc(cap, sizeof(*s));
	uint32_t *order = ec__malloc(cap / 2 * sizeof(*order));

	if (!s || !order) {
		ec__free(s);
		ec__free(order);
		return EC_ENOMEM;
	}
	for (i = 0; i < g->used; i++) {
		const struct slot *old = &g->slots[g->order[i]];
		size_t p = slot_pos(s, cap, old->name - 1);

		s[p] = *old;
		order[i] = (uint32_t)p;
	}
	ec__free(g->slots);
	ec__free(g->order);
	g->slots = s;
	g->order = order;
	g->cap = cap;
	return 0;
}

static struct slot *slot_for(struct cgen *g, uint32_t name)
{
	size_t h;

	if ((g->used + 1) * 2 > g->cap && grow_slots(g)) {
		g->failed = 1;
		return NULL;
	}
	h = slot_pos(g->slots, g->cap, name);
	if (!g->slots[h].name) {
		g->slots[h].name = name + 1;
		g->slots[h].cur_tok = -1;
		g->order[g->used++] = (uint32_t)h;
	}
	return &g->slots[h];
}

/*
 * First element of the (hash, vocab) array v[0..n) with hash >= h; dir,
 * when given, narrows the search to h's bucket.
 */
static size_t lower_key(const struct ix_cons *v, size_t n, uint32_t h,
			const uint32_t *dir)
{
	size_t lo = dir ? dir[h >> 16] : 0, hi = dir ? dir[(h >> 16) + 1] : n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Vocabulary entries whose phonetic key is exactly t's. */
static int phon_hits(struct cgen *g, const char *phon, size_t plen)
{
	const ec__index *ix = g->ix;
	uint32_t h = hash_bytes(phon, plen);
	size_t lo = lower_key(ix->phonx, ix->h.nphon, h, ix->phon_dir);
	int rc;

	for (; lo < ix->h.nphon && ix->phonx[lo].hash == h; lo++) {
		const struct ix_vocab *v = &ix->vocab[ix->phonx[lo].vocab];

		if (v->plen == plen &&
		    memcmp(ix->strings + v->phon, phon, plen) == 0 &&
		    (rc = hit(g, ix->phonx[lo].vocab)))
			return rc;
	}
	return 0;
}

/*
 * Is vocabulary entry v within k edits of the query, by its phonetic key
 * (pat) or by its spelling (tpat, qlen; qsame: the query's spelling is its
 * key)?  The spelling is measured only where it can decide something.
 */
static int within_k(const ec__index *ix, const struct ix_vocab *v,
		    const ec__bitpat *pat, const ec__bitpat *tpat, size_t qlen,
		    int qsame, int k)
{
	const char *text = ix->strings + v->text;
	size_t d = v->len > qlen ? v->len - qlen : qlen - v->len;

	if (ec__edit_distance_bp(pat, ix->strings + v->phon, v->plen, k) <= k)
		return 1;
	if (d > (size_t)k || (qsame && v->len == v->plen &&
			      memcmp(text, ix->strings + v->phon, v->len) == 0))
		return 0;
	return ec__edit_distance_bp(tpat, text, v->len, k) <= k;
}

/*
 * Entries of a (hash, vocab) array with hash h whose phonetic key is
 * within k edits of pat: verified, since hashes collide.
 */
static int keyed_hits(struct cgen *g, const struct ix_cons *arr, size_t n,
		      const uint32_t *dir, uint32_t h, const ec__bitpat *pat,
		      const ec__bitpat *tpat, const ec__tview *t, int k)
{
	const ec__index *ix = g->ix;
	size_t lo = lower_key(arr, n, h, dir);
	int rc, qsame = t->len == t->plen && !memcmp(t->text, t->phon, t->len);

	for (; lo < n && arr[lo].hash == h; lo++) {
		const struct ix_vocab *v = &ix->vocab[arr[lo].vocab];

		/* An entry found through another key need not be measured
		 * again (its key and spelling each give several). */
		if (!found(g, arr[lo].vocab) &&
		    within_k(ix, v, pat, tpat, t->len, qsame, k) &&
		    (rc = hit(g, arr[lo].vocab)))
			return rc;
	}
	return 0;
}

/*
 * Within one edit: two keys at most one edit apart share a key with one
 * byte deleted (or one is the other less a byte), which the deletion index
 * finds exactly.
 */
static int one_edit_hits(struct cgen *g, const ec__tview *t)
{
	const ec__index *ix = g->ix;
	char del[EC__TOK_MAX];
	ec__bitpat pat, tpat;
	const char *s;
	size_t d, pl, side;
	int rc;

	ec__bitpat_init(&pat, t->phon, t->plen);
	ec__bitpat_init(&tpat, t->text, t->len);
	/* The key, then the spelling where it differs (a swap of letters
	 * the key writes as one). */
	for (side = 0; side < 2; side++) {
		s = side ? t->text : t->phon;
		pl = side ? t->len : t->plen;
		if (side && t->len == t->plen && !memcmp(t->text, t->phon, pl))
			break;
		if ((rc = keyed_hits(g, ix->delx, ix->h.ndel, ix->del_dir,
				     hash_bytes(s, pl), &pat, &tpat, t, 1)))
			return rc;
		if (side &&
		    (rc = keyed_hits(g, ix->phonx, ix->h.nphon, ix->phon_dir,
				     hash_bytes(s, pl), &pat, &tpat, t, 1)))
			return rc;
		for (d = 0; d < pl; d++) {
			uint32_t h;

			if (d > 0 && s[d] == s[d - 1])
				continue; /* the same key as the last one */
			memcpy(del, s, d);
			memcpy(del + d, s + d + 1, pl - d - 1);
			h = hash_bytes(del, pl - 1);
			if ((rc = keyed_hits(g, ix->delx, ix->h.ndel,
					     ix->del_dir, h, &pat, &tpat, t,
					     1)) ||
			    (rc = keyed_hits(g, ix->phonx, ix->h.nphon,
					     ix->phon_dir, h, &pat, &tpat, t,
					     1)))
				return rc;
		}
	}
	return 0;
}

/* First posting of list [b, e) whose packed value is at least key. */
static size_t lower(const uint32_t *v, size_t b, size_t e, uint32_t key)
{
	while (b < e) {
		size_t mid = (b + e) / 2;

		if (v[mid] < key)
			b = mid + 1;
		else
			e = mid;
	}
	return b;
}

/* Counts, for every vocabulary entry, the query keys among its trigrams. */
static void count_trigrams(struct cgen *g, const uint32_t *keys, size_t nk,
			   uint32_t lo_len, uint32_t hi_len)
{
	const ec__index *ix = g->ix;
	size_t i, j;

	for (i = 0; i < nk; i++) {
		size_t lo = 0, hi = ix->h.ntri, b, e;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (ix->tri[mid].key < keys[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == ix->h.ntri || ix->tri[lo].key != keys[i])
			continue;
		/* Only tokens whose length is within the budget. */
		b = lower(ix->trip, ix->tri[lo].off,
			  ix->tri[lo].off + ix->tri[lo].n, lo_len << 24);
		e = lower(ix->trip, b, ix->tri[lo].off + ix->tri[lo].n,
			  hi_len << 24);
		for (j = b; j < e; j++) {
			uint32_t vid = TP_VID(ix->trip[j]);

			if (g->count[vid]++ == 0)
				g->touched[g->ntouched++] = vid;
		}
	}
}

/*
 * Within k > 1 edits of the key: the q-gram lemma on the trigrams of the
 * phonetic keys, then verified.
 */
static int trigram_hits(struct cgen *g, const ec__tview *t, int k)
{
	const ec__index *ix = g->ix;
	uint32_t keys[EC__TOK_MAX + 8];
	size_t nk, i;
	ec__bitpat pat;
	long need;
	int rc;

	nk = trigrams(t->phon, t->plen, keys, EC__ARRAY_LEN(keys));
	/* One edit destroys at most 3 trigrams, but a swap of two
	 * neighbours (one edit here) destroys up to 4. */
	need = (long)nk - 4L * k;
	g->ntouched = 0;
	count_trigrams(g, keys, nk,
		       t->plen > (size_t)k ? (uint32_t)(t->plen - (size_t)k)
					   : 0,
		       (uint32_t)t->plen + (uint32_t)k + 1);
	ec__bitpat_init(&pat, t->phon, t->plen);
	for (i = 0; i < g->ntouched; i++) {
		uint32_t vid = g->touched[i];
		const struct ix_vocab *v = &ix->vocab[vid];

		if ((long)g->count[vid] >= need &&
		    ec__edit_distance_bp(&pat, ix->strings + v->phon, v->plen,
					 k) <= k &&
		    (rc = hit(g, vid))) {
			for (; i < g->ntouched; i++)
				g->count[g->touched[i]] = 0;
			return rc;
		}
		g->count[vid] = 0;
	}
	return 0;
}

/*
 * Vocabulary entries that pair with the token view t through the gate of
 * ec__token_sim(): same phonetic key, or within the edit budget (trigram
 * count filter, then verified), or the same consonant skeleton.
 */
static int fuzzy_hits(struct cgen *g, const ec__tview *t)
{
	const ec__index *ix = g->ix;
	int k = ec__edit_budget(t->len), rc;

	if ((rc = phon_hits(g, t->phon, t->plen)))
		return rc;
	if (t->len == 3) {
		/* The swap of the last two letters of a three-letter word. */
		char sw[3];

		long id;

		sw[0] = t->text[0];
		sw[1] = t->text[2];
		sw[2] = t->text[1];
		if (ec__swapped3(t->text, 3, sw, 3) &&
		    (id = find_vocab(ix, sw, 3)) >= 0 &&
		    (rc = hit(g, (uint32_t)id)))
			return rc;
	}
	if (k == 1 && (rc = one_edit_hits(g, t)))
		return rc;
	if (k > 1 && (rc = trigram_hits(g, t, k)))
		return rc;
	if (t->clen >= 3) {
		uint32_t h = hash_bytes(t->cons, t->clen);
		size_t lo = lower_key(ix->cons, ix->h.ncons, h, NULL);

		for (; lo < ix->h.ncons && ix->cons[lo].hash == h; lo++) {
			const struct ix_vocab *v =
				&ix->vocab[ix->cons[lo].vocab];

			if (v->clen == t->clen &&
			    memcmp(ix->strings + v->cons, t->cons, t->clen) ==
				    0 &&
			    (rc = hit(g, ix->cons[lo].vocab)))
				return rc;
		}
	}
	return 0;
}

static int is_weak_kind(unsigned kind)
{
	return kind == EC__TK_LEGAL || kind == EC__TK_STOP ||
	       kind == EC__TK_INITIAL;
}

/* Remembers the hits of a query token for the next searches. */
static int remember(struct cgen *g, struct tc_slot *c, uint32_t h,
		    const ec__tview *t, long id, int weak)
{
	c->gen = 0;
	c->complete = 0;
	c->join_known = 0;
	if (!weak && g->nhits <= TC_MAX_HITS) {
		if (g->nhits) {
			int fresh = c->hits == NULL;

			if (fresh && ec__grow((void **)&g->owned, &g->cap_owned,
					      g->nowned + 1, sizeof(*g->owned)))
				return EC_ENOMEM;
			if (ec__grow((void **)&c->hits, &c->cap, g->nhits,
				     sizeof(*c->hits)))
				return EC_ENOMEM;
			if (fresh)
				g->owned[g->nowned++] = (uint32_t)(c - g->tc);
			memcpy(c->hits, g->hits, g->nhits * sizeof(*g->hits));
		}
		c->nhits = (uint32_t)g->nhits;
		c->complete = 1;
	}
	c->hash = h;
	c->len = t->len;
	c->vid = (int32_t)id;
	memcpy(c->text, t->text, t->len);
	c->gen = g->gen;
	return 0;
}

static struct tc_slot *tc_find(struct cgen *g, const ec__tview *t,
			       uint32_t *hash)
{
	uint32_t h = hash_bytes(t->text, t->len);
	struct tc_slot *c = &g->tc[h & (TC_SLOTS - 1)];

	*hash = h;
	if (c->gen == g->gen && c->hash == h && c->len == t->len &&
	    memcmp(c->text, t->text, t->len) == 0)
		return c;
	return NULL;
}

/* The vocabulary id of t's text, remembered. */
static long cached_vocab(struct cgen *g, const ec__tview *t)
{
	uint32_t h;
	struct tc_slot *c = tc_find(g, t, &h);
	long id;

	if (c)
		return c->vid;
	id = find_vocab(g->ix, t->text, t->len);
	g->nhits = 0;
	c = &g->tc[h & (TC_SLOTS - 1)];
	remember(g, c, h, t, id, 1); /* cannot fail: no hits to copy */
	return id;
}

/* Collects the vocabulary entries that query token i can pair with. */
static int token_hits(struct cgen *g, const ec__tview *q, size_t i)
{
	const ec__tview *t = &q[i];
	uint32_t h;
	struct tc_slot *c = tc_find(g, t, &h);
	int weak = is_weak_kind(t->kind), rc;
	long id;

	g->nhits = 0;
	if (c) {
		if (weak)
			return c->vid >= 0 ? hit(g, (uint32_t)c->vid) : 0;
		if (c->complete) {
			if (ec__grow((void **)&g->hits, &g->cap_hits, c->nhits,
				     sizeof(*g->hits)))
				return EC_ENOMEM;
			if (c->nhits)
				memcpy(g->hits, c->hits,
				       c->nhits * sizeof(*c->hits));
			g->nhits = c->nhits;
			return 0;
		}
		id = c->vid;
	} else {
		c = &g->tc[h & (TC_SLOTS - 1)];
		id = find_vocab(g->ix, t->text, t->len);
	}
	if (id >= 0 && (rc = hit(g, (uint32_t)id)))
		return rc;
	/* Weak tokens pair only when identical. */
	if (!weak && (rc = fuzzy_hits(g, t)))
		return rc;
	return remember(g, c, h, t, id, weak);
}

/*
 * Hits of the query tokens i and i+1 written as one word: listed tokens
 * with the same phonetic key, the gate of joined pairs in the scorer.
 */
static int joined_query_hits(struct cgen *g, const ec__tview *q, size_t i)
{
	char text[EC__TOK_MAX + 1], phon[EC__TOK_MAX + 1];
	size_t n = (size_t)q[i].len + q[i + 1].len, pl;

	g->nhits = 0;
	if (q[i].kind == EC__TK_INITIAL || q[i + 1].kind == EC__TK_INITIAL)
		return 0;
	if (n > EC__TOK_MAX)
		n = EC__TOK_MAX;
	memcpy(text, q[i].text, q[i].len);
	memcpy(text + q[i].len, q[i + 1].text, n - q[i].len);
	pl = ec__phonetic(text, n, phon, sizeof(phon));
	return phon_hits(g, phon, pl);
}

/* Marks the names of postings [off, off+n) as pairing with token tok. */
static void visit_posts(struct cgen *g, int tok, uint32_t off, uint32_t n,
			float w)
{
	const ec__index *ix = g->ix;
	uint32_t p;

	for (p = 0; p < n; p++) {
		struct slot *s = slot_for(g, ix->post[off + p]);

		if (!s)
			return;
		if (s->cur_tok != tok) {
			if (s->cur_tok >= 0)
				s->sum += s->cur;
			s->cur = w;
			s->cur_tok = tok;
			s->mask |= 1u << tok;
		} else if (w > s->cur) {
			s->cur = w;
		}
	}
}

/* Marks the names of the current hits as pairing with query token tok. */
static void visit(struct cgen *g, int tok)
{
	size_t h;

	for (h = 0; h < g->nhits; h++) {
		const struct ix_vocab *v = &g->ix->vocab[g->hits[h]];

		visit_posts(g, tok, v->post, v->npost, v->weight);
	}
}

/* The entry of the joined-token keys with t's phonetic key, or -1. */
static long find_join(const ec__index *ix, const ec__tview *t)
{
	uint32_t h = hash_bytes(t->phon, t->plen);
	size_t lo = 0, hi = ix->h.njoin;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ix->join[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->h.njoin && ix->join[lo].hash == h ? (long)lo : -1;
}

/* Names where two adjacent listed tokens sound like query token t. */
static void visit_joins(struct cgen *g, int tok, const ec__tview *t)
{
	const ec__index *ix = g->ix;
	uint32_t h;
	struct tc_slot *c;
	long j;

	if (t->kind == EC__TK_INITIAL)
		return;
	c = tc_find(g, t, &h);
	if (c && c->join_known) {
		j = c->join;
	} else {
		j = find_join(ix, t);
		if (c) {
			c->join = (int32_t)j;
			c->join_known = 1;
		}
	}
	if (j >= 0)
		visit_posts(g, tok, ix->join[j].post, ix->join[j].npost,
			    JOIN_BOUND_WEIGHT);
}

int ec__index_candidates(const ec__index *ix, const ec__tview *q, size_t nq,
			 double min_score, ec__cand **out, size_t *nout)
{
	struct cgen *g;
	size_t i, n = 0;
	float weak_sum = 0;
	ec__cand *res = NULL;
	int rc = 0, q_initial = 0;

	*out = NULL;
	*nout = 0;
	if (nq > EC__QUERY_MAX_TOKENS)
		nq = EC__QUERY_MAX_TOKENS;
	if (nq == 0 || ix->h.nnames == 0)
		return 0;
	if (!(g = cgen_get(ix)))
		return EC_ENOMEM;
	for (i = 0; i < nq; i++) {
		if ((rc = token_hits(g, q, i)))
			goto done;
		visit(g, (int)i);
		visit_joins(g, (int)i, &q[i]);
		if (i + 1 < nq) {
			if ((rc = joined_query_hits(g, q, i)))
				goto done;
			/* One listed token for two query tokens: credit both.
			 */
			visit(g, (int)i);
			visit(g, (int)i + 1);
		}
		if (g->failed) {
			rc = EC_ENOMEM;
			goto done;
		}
		if (is_weak_kind(q[i].kind))
			weak_sum += q[i].weight;
		q_initial |= q[i].kind == EC__TK_INITIAL;
	}
	res = ec__malloc((g->used ? g->used : 1) * sizeof(*res));
	if (!res) {
		rc = EC_ENOMEM;
		goto done;
	}
	for (i = 0; i < g->used; i++) {
		struct slot *s = &g->slots[g->order[i]];
		float num, unmatched = 0, top;
		double bound;
		size_t t;
		int initial, person;
		uint32_t nm = s->name - 1;

		num = s->sum + (s->cur_tok >= 0 ? s->cur : 0);
		initial = (ix->initial_bits[nm / 64] >> (nm % 64)) & 1;
		person = (ix->person_bits[nm / 64] >> (nm % 64)) & 1;
		for (t = 0; t < nq; t++) {
			if ((s->mask & (1u << t)) || is_weak_kind(q[t].kind))
				continue;
			/* A word may still pair with a listed initial. */
			if (initial)
				num += (float)EC__W_INITIAL;
			else if (person && q[t].kind == EC__TK_WORD)
				unmatched += (float)EC__EXTRA_GIVEN_PENALTY *
					     q[t].weight;
			else
				unmatched += q[t].weight;
		}
		/*
		 * Upper bound: every found pair exact, weak tokens all paired
		 * as well, and of the name's own weight only what the pairs
		 * cannot have covered left over.  Without that last part the
		 * bound is looser, and most names fail it already, before
		 * their record is read.
		 */
		top = num + weak_sum;
		bound = top > 0 ? top / (top + unmatched) : 0;
		if (bound + 1e-6 < min_score)
			continue;
		{
			/* A query initial can cover a listed word with the
			 * initial's weight: then nothing is known left over. */
			float rest = q_initial ? 0 : ix->lw[nm] - top;

			bound = top > 0 ? top / (top + unmatched +
						 (rest > 0 ? rest : 0))
					: 0;
		}
		if (bound + 1e-6 < min_score)
			continue;
		res[n].name = nm;
		res[n].bound = (float)bound;
		n++;
	}
	*out = res;
	*nout = n;
	res = NULL;
done:
	ec__free(res);
	cgen_put(ix, g, rc == 0);
	return rc;
}

void ec__index_weigh(const ec__index *ix, ec__tview *q, size_t nq)
{
	struct cgen *g = ix ? cgen_pooled(ix) : NULL;
	size_t i;

	for (i = 0; i < nq; i++) {
		long id = !ix ? -1
			  : g ? cached_vocab(g, &q[i])
			      : find_vocab(ix, q[i].text, q[i].len);

		if (id >= 0) {
			q[i].weight =
				occurrence_weight(&ix->vocab[id], q[i].kind);
			q[i].flags = ix->vocab[id].flags;
		} else {
			q[i].weight = (float)ec__default_weight(q[i].kind);
		}
	}
	cgen_put(ix, g, 1);
}
