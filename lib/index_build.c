/*
 * index_build.c: builds the name index.  Built once by `build` and stored
 * in the snapshot as one blob, so that opening a snapshot costs a copy and
 * a bounds check, not a re-normalization of every name.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "index_int.h"
#include "ingest.h"

/* ------------------------------------------------------------------ */
/* Builder                                                             */
/* ------------------------------------------------------------------ */

struct bvocab {
	uint32_t text; /* offset in strings */
	uint32_t df;   /* entries with a word occurrence */
	uint32_t last_entry;
	uint32_t given;	     /* entries with a given-name occurrence */
	uint32_t last_given; /* the last of them, + 1 */
	uint32_t final;	     /* id after sorting */
};

struct pair32 {
	uint32_t a, b;
};

static int add_pair(struct pair32 **v, size_t *n, size_t *cap, uint32_t a,
		    uint32_t bb);

struct ec__index_builder {
	ec__buf strings;
	struct ix_entry *entries;
	size_t nentries, cap_entries;
	struct ix_name *names;
	size_t nnames, cap_names;
	uint32_t *ntok;
	size_t nntok, cap_ntok;
	struct bvocab *vocab;
	size_t nvocab, cap_vocab;
	uint32_t *map; /* open addressing: vocab id + 1, 0 = empty */
	size_t map_cap;
	struct pair32 *posts; /* (vocab, name) */
	size_t nposts, cap_posts;
	struct pair32 *jposts; /* (join key hash, name) */
	size_t njposts, cap_jposts;
	uint32_t *smap; /* interned strings: offset + 1, 0 = empty */
	size_t smap_cap, nstr;
	struct pair32 *texts; /* distinct (requirement, policy) offsets */
	size_t ntexts, cap_texts;
	ec__tokens toks;
};

static int add_string(ec__buf *b, const char *s, size_t n, uint32_t *off)
{
	if (b->len + n + 1 > UINT32_MAX)
		return EC_ELIMIT;
	*off = (uint32_t)b->len;
	if (ec__buf_put(b, s, n) || ec__buf_putc(b, '\0'))
		return EC_ENOMEM;
	return 0;
}

/*
 * Adds a string once: repeated values (list names, countries, phonetic
 * keys equal to their token) share one copy, which keeps snapshots small.
 */
static int intern(ec__index_builder *b, const char *s, size_t n, uint32_t *off)
{
	size_t h, i;
	int rc;

	if ((b->nstr + 1) * 2 > b->smap_cap) {
		size_t cap = b->smap_cap ? b->smap_cap * 2 : 8192;
		uint32_t *m = ec__calloc(cap, sizeof(*m));

		if (!m)
			return EC_ENOMEM;
		for (i = 0; i < b->smap_cap; i++) {
			const char *t;

			if (!b->smap[i])
				continue;
			t = b->strings.ptr + b->smap[i] - 1;
			h = hash_bytes(t, strlen(t)) & (cap - 1);
			while (m[h])
				h = (h + 1) & (cap - 1);
			m[h] = b->smap[i];
		}
		ec__free(b->smap);
		b->smap = m;
		b->smap_cap = cap;
	}
	h = hash_bytes(s, n) & (b->smap_cap - 1);
	while (b->smap[h]) {
		const char *t = b->strings.ptr + b->smap[h] - 1;

		if (strncmp(t, s, n) == 0 && t[n] == '\0') {
			*off = b->smap[h] - 1;
			return 0;
		}
		h = (h + 1) & (b->smap_cap - 1);
	}
	if ((rc = add_string(&b->strings, s, n, off)))
		return rc;
	b->smap[h] = *off + 1;
	b->nstr++;
	return 0;
}

static int intern_z(ec__index_builder *b, const char *s, uint32_t *off)
{
	return intern(b, s, strlen(s), off);
}

int ec__index_builder_new(ec__index_builder **out)
{
	ec__index_builder *b = ec__calloc(1, sizeof(*b));
	uint32_t off;

	*out = NULL;
	if (!b)
		return EC_ENOMEM;
	ec__tokens_init(&b->toks);
	/* Offset 0 is the empty string. */
	if (add_string(&b->strings, "", 0, &off)) {
		ec__free(b);
		return EC_ENOMEM;
	}
	*out = b;
	return 0;
}

void ec__index_builder_free(ec__index_builder *b)
{
	if (!b)
		return;
	ec__buf_dispose(&b->strings);
	ec__free(b->entries);
	ec__free(b->names);
	ec__free(b->ntok);
	ec__free(b->vocab);
	ec__free(b->map);
	ec__free(b->posts);
	ec__free(b->jposts);
	ec__free(b->smap);
	ec__free(b->texts);
	ec__tokens_dispose(&b->toks);
	ec__free(b);
}

static int rehash(ec__index_builder *b)
{
	size_t cap = b->map_cap ? b->map_cap * 2 : 4096, i;
	uint32_t *m = ec__calloc(cap, sizeof(*m));

	if (!m)
		return EC_ENOMEM;
	for (i = 0; i < b->nvocab; i++) {
		const char *t = b->strings.ptr + b->vocab[i].text;
		size_t h = hash_bytes(t, strlen(t)) & (cap - 1);

		while (m[h])
			h = (h + 1) & (cap - 1);
		m[h] = (uint32_t)i + 1;
	}
	ec__free(b->map);
	b->map = m;
	b->map_cap = cap;
	return 0;
}

static int vocab_id(ec__index_builder *b, const char *t, size_t n, uint32_t *id)
{
	size_t h;
	struct bvocab *v;
	int rc;

	if ((b->nvocab + 1) * 2 > b->map_cap && (rc = rehash(b)))
		return rc;
	h = hash_bytes(t, n) & (b->map_cap - 1);
	while (b->map[h]) {
		v = &b->vocab[b->map[h] - 1];
		if (strncmp(b->strings.ptr + v->text, t, n) == 0 &&
		    b->strings.ptr[v->text + n] == '\0') {
			*id = b->map[h] - 1;
			return 0;
		}
		h = (h + 1) & (b->map_cap - 1);
	}
	if (b->nvocab >= 0xffffff)
		return EC_ELIMIT;
	if ((rc = ec__grow((void **)&b->vocab, &b->cap_vocab, b->nvocab + 1,
			   sizeof(*b->vocab))))
		return rc;
	v = &b->vocab[b->nvocab];
	memset(v, 0, sizeof(*v));
	v->last_entry = UINT32_MAX;
	if ((rc = intern(b, t, n, &v->text)))
		return rc;
	b->map[h] = (uint32_t)b->nvocab + 1;
	*id = (uint32_t)b->nvocab++;
	return 0;
}

struct addr_ctx {
	ec__index_builder *b;
	struct ix_entry *x;
};

static int add_address(void *ud, const char *s, size_t n)
{
	struct addr_ctx *c = ud;
	uint32_t off;
	int rc = add_string(&c->b->strings, s, n, &off);

	if (!rc)
		c->x->naddr++;
	return rc;
}

int ec__index_add_entry(ec__index_builder *b, const ec__ix_entry_in *e,
			uint32_t *idx)
{
	struct ix_entry *x;
	struct addr_ctx ac;
	int rc;

	if ((rc = ec__grow((void **)&b->entries, &b->cap_entries,
			   b->nentries + 1, sizeof(*b->entries))))
		return rc;
	x = &b->entries[b->nentries];
	memset(x, 0, sizeof(*x));
	if ((rc = intern_z(b, e->entry_id, &x->id)) ||
	    (rc = intern_z(b, e->list, &x->list)) ||
	    (rc = intern_z(b, e->source, &x->source)) ||
	    (rc = intern_z(b, e->name, &x->name)) ||
	    (rc = intern_z(b, e->type, &x->type)) ||
	    (rc = intern_z(b, e->country, &x->country)) ||
	    (rc = intern_z(b, e->license_requirement, &x->req)) ||
	    (rc = intern_z(b, e->license_policy, &x->pol)) ||
	    (rc = intern_z(b, e->federal_register_notice, &x->frn)) ||
	    (rc = intern_z(b, e->start_date, &x->start)) ||
	    (rc = intern_z(b, e->end_date, &x->end)) ||
	    (rc = intern_z(b, e->programs, &x->programs)) ||
	    (rc = intern_z(b, e->dates_of_birth ? e->dates_of_birth : "",
			   &x->dob)) ||
	    (rc = intern_z(b, e->nationalities ? e->nationalities : "",
			   &x->nat)) ||
	    (rc = intern_z(b, e->citizenships ? e->citizenships : "",
			   &x->cit)) ||
	    (rc = intern_z(b, e->ids ? e->ids : "", &x->ids)))
		return rc;
	/* Interned, equal texts have equal offsets: number each pair once. */
	{
		size_t t;

		for (t = 0; t < b->ntexts; t++)
			if (b->texts[t].a == x->req && b->texts[t].b == x->pol)
				break;
		if (t == b->ntexts &&
		    (rc = add_pair(&b->texts, &b->ntexts, &b->cap_texts, x->req,
				   x->pol)))
			return rc;
		x->text_id = (uint32_t)t;
	}
	x->addr = (uint32_t)b->strings.len;
	ac.b = b;
	ac.x = x;
	if ((rc = ec__split_multi(e->addresses, add_address, &ac)))
		return rc;
	x->rowid_lo = (uint32_t)((uint64_t)e->rowid & 0xffffffffu);
	x->rowid_hi = (uint32_t)((uint64_t)e->rowid >> 32);
	*idx = (uint32_t)b->nentries++;
	return 0;
}

static int add_pair(struct pair32 **v, size_t *n, size_t *cap, uint32_t a,
		    uint32_t bb)
{
	int rc = ec__grow((void **)v, cap, *n + 1, sizeof(**v));

	if (rc)
		return rc;
	(*v)[*n].a = a;
	(*v)[*n].b = bb;
	(*n)++;
	return 0;
}

static int is_word_kind(unsigned kind)
{
	return kind == EC__TK_WORD || kind == EC__TK_GENERIC;
}

int ec__index_add_name(ec__index_builder *b, uint32_t idx, const char *name,
		       int person, int alias)
{
	ec__tokens *t = &b->toks;
	struct ix_name *n;
	uint32_t nid = (uint32_t)b->nnames, vid, prev_vid = 0;
	size_t i;
	int rc, typed;

	if ((rc = ec__normalize(t, name, strlen(name),
				person ? EC__NORM_PERSON : 0)))
		return rc;
	typed = person && idx < b->nentries &&
		strcmp(b->strings.ptr + b->entries[idx].type, "Individual") ==
			0;
	if (t->n == 0)
		return 0; /* nothing matchable, e.g. only punctuation */
	if ((rc = ec__grow((void **)&b->names, &b->cap_names, b->nnames + 1,
			   sizeof(*b->names))) ||
	    (rc = ec__grow((void **)&b->ntok, &b->cap_ntok, b->nntok + t->n,
			   sizeof(*b->ntok))))
		return rc;
	n = &b->names[b->nnames];
	n->entry = idx;
	n->tok = (uint32_t)b->nntok;
	n->ntok = (uint16_t)t->n;
	n->flags = (uint16_t)((person ? NAME_PERSON : 0) |
			      (alias ? NAME_ALIAS : 0));
	if ((rc = intern_z(b, name, &n->display)))
		return rc;
	for (i = 0; i < t->n; i++) {
		const ec__token *k = &t->v[i];

		if ((rc = vocab_id(b, ec__tok_text(t, i), k->len, &vid)))
			return rc;
		if (k->kind == EC__TK_INITIAL)
			n->flags |= NAME_HAS_INITIAL;
		b->ntok[b->nntok++] = NT_MAKE(vid, k->kind, k->role);
		/* Given names are counted where the list says the entry is a
		 * person: a guess from the name's shape is no evidence. */
		if (typed &&
		    (k->role == EC__TR_FIRST || k->role == EC__TR_MIDDLE) &&
		    b->vocab[vid].last_given != idx + 1) {
			b->vocab[vid].last_given = idx + 1;
			b->vocab[vid].given++;
		}
		if (is_word_kind(k->kind)) {
			if (b->vocab[vid].last_entry != idx) {
				b->vocab[vid].last_entry = idx;
				b->vocab[vid].df++;
			}
			if ((rc = add_pair(&b->posts, &b->nposts, &b->cap_posts,
					   vid, nid)))
				return rc;
		}
		if (i > 0) {
			/* The two neighbours written as one word. */
			char cat[EC__TOK_MAX + 1], phon[EC__TOK_MAX + 1];
			size_t la = t->v[i - 1].len, lb = k->len, pl;

			(void)prev_vid;
			if (la + lb > EC__TOK_MAX)
				lb = EC__TOK_MAX - la;
			memcpy(cat, ec__tok_text(t, i - 1), la);
			memcpy(cat + la, ec__tok_text(t, i), lb);
			pl = ec__phonetic(cat, la + lb, phon, sizeof(phon));
			if ((rc = add_pair(&b->jposts, &b->njposts,
					   &b->cap_jposts, hash_bytes(phon, pl),
					   nid)))
				return rc;
		}
		prev_vid = vid;
	}
	b->nnames++;
	return 0;
}

/* qsort has no context argument; per thread, so builds can run at once. */
static _Thread_local const char *sort_strings;

static int cmp_vocab_text(const void *a, const void *b)
{
	const struct bvocab *x = *(const struct bvocab *const *)a;
	const struct bvocab *y = *(const struct bvocab *const *)b;

	return strcmp(sort_strings + x->text, sort_strings + y->text);
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair32 *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

/*
 * The list size the weights are computed with: the number of entries, but
 * above EC__WEIGHT_EXACT_MAX rounded up to a step of 1/32 of an octave
 * (about 2%).  A day's update adds or removes a few entries out of
 * thousands; with the size rounded, it leaves the weight of every word
 * whose document frequency it did not change exactly as it was, so that
 * `screen --since` can tell which rows an update can touch
 * (ec_snapshot_info.weight_basis).
 */
size_t ec__weight_basis(size_t nentries)
{
	double steps;

	if (nentries <= EC__WEIGHT_EXACT_MAX)
		return nentries;
	steps = ceil(log2((double)nentries) * EC__WEIGHT_STEPS);
	return (size_t)ceil(exp2(steps / EC__WEIGHT_STEPS));
}

/*
 * The document frequency a word is weighed with: itself up to
 * EC__DF_EXACT_MAX, above it rounded up to a step of 1/EC__DF_STEPS of an
 * octave (a weight step of under 0.005 on the full lists).  A common word
 * that an update adds to or removes from an entry or two then keeps its
 * weight, and so do the scores of every name that holds it.
 */
static double df_basis(uint32_t df)
{
	if (df <= EC__DF_EXACT_MAX)
		return (double)df;
	return ceil(exp2(ceil(log2((double)df) * EC__DF_STEPS) / EC__DF_STEPS));
}

/* Weight of a word from its document frequency over entries. */
static float idf_weight(uint32_t df, size_t nentries)
{
	size_t basis = ec__weight_basis(nentries);
	double n = basis > 2 ? (double)basis : 3.0, w;

	if (df == 0)
		return 1.0f;
	w = log(n / df_basis(df)) / log(n / 2.0);
	if (w > 1.0)
		w = 1.0;
	if (w < 0.2)
		w = 0.2;
	return (float)w;
}

static void put32(ec__buf *b, uint32_t v, int *rc)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};

	if (!*rc && ec__buf_put(b, x, 4))
		*rc = EC_ENOMEM;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The candidate keys of the vocabulary being serialized. */
struct keyset {
	struct pair32 *tri;
	struct ix_cons *phonx, *delx;
	size_t ntri, cap_tri, nphon, cap_phon, ndel, cap_del;
};

static void keyset_dispose(struct keyset *ks)
{
	ec__free(ks->tri);
	ec__free(ks->phonx);
	ec__free(ks->delx);
}

/*
 * Adds the lookup keys of s, vocabulary entry vid's phonetic key or (spelling)
 * its spelling where that differs: the key's trigrams, and the exact key
 * and, for the one-edit budget of short words, the keys with one byte
 * deleted.
 */
static int lookup_keys(struct keyset *ks, const char *s, size_t n, uint32_t vid,
		       int spelling)
{
	uint32_t keys[EC__TOK_MAX + 8];
	size_t k, nk, d;
	char del[EC__TOK_MAX];

	/* A spelling is looked up within one edit only: from ten letters
	 * on, the key's budget of two covers a swap the key hides. */
	if (spelling && n > 11)
		return 0;
	nk = spelling ? 0 : trigrams(s, n, keys, EC__ARRAY_LEN(keys));
	if (ec__grow((void **)&ks->tri, &ks->cap_tri, ks->ntri + nk,
		     sizeof(*ks->tri)) ||
	    ec__grow((void **)&ks->phonx, &ks->cap_phon, ks->nphon + 1,
		     sizeof(*ks->phonx)) ||
	    ec__grow((void **)&ks->delx, &ks->cap_del, ks->ndel + n + 1,
		     sizeof(*ks->delx)))
		return EC_ENOMEM;
	for (k = 0; k < nk; k++) {
		ks->tri[ks->ntri].a = keys[k];
		ks->tri[ks->ntri++].b = (uint32_t)n << 24 | vid;
	}
	ks->phonx[ks->nphon].hash = hash_bytes(s, n);
	ks->phonx[ks->nphon++].vocab = vid;
	if (n < 1 || n > 11)
		return 0;
	for (d = 0; d < n; d++) {
		memcpy(del, s, d);
		memcpy(del + d, s + d + 1, n - d - 1);
		ks->delx[ks->ndel].hash = hash_bytes(del, n - 1);
		ks->delx[ks->ndel++].vocab = vid;
	}
	return 0;
}

/* Sorts the vocabulary by text (a lookup is then a binary search) and
 * renumbers the name tokens and postings to match. */
static void sort_vocab(ec__index_builder *b, struct bvocab **order)
{
	size_t i;

	for (i = 0; i < b->nvocab; i++)
		order[i] = &b->vocab[i];
	sort_strings = b->strings.ptr;
	qsort(order, b->nvocab, sizeof(*order), cmp_vocab_text);
	for (i = 0; i < b->nvocab; i++)
		order[i]->final = (uint32_t)i;
	for (i = 0; i < b->nntok; i++) {
		uint32_t x = b->ntok[i];

		b->ntok[i] = NT_MAKE(b->vocab[NT_VID(x)].final, NT_KIND(x),
				     NT_ROLE(x));
	}
	for (i = 0; i < b->nposts; i++)
		b->posts[i].a = b->vocab[b->posts[i].a].final;
	if (b->nposts) /* NULL when empty, and qsort(NULL, 0) is undefined */
		qsort(b->posts, b->nposts, sizeof(*b->posts), cmp_pair);
}

/* Each vocabulary entry's keys, weight and flags, in sorted order. */
static int fill_vocab(ec__index_builder *b, struct bvocab **order,
		      struct ix_vocab *vocab)
{
	size_t i;
	int rc;

	for (i = 0; i < b->nvocab; i++) {
		struct ix_vocab *v = &vocab[i];
		const char *t = b->strings.ptr + order[i]->text;
		char phon[EC__TOK_MAX + 1], cs[EC__TOK_MAX + 1];
		size_t n = strlen(t);

		v->text = order[i]->text;
		v->len = (uint8_t)n;
		v->plen = (uint8_t)ec__phonetic(t, n, phon, sizeof(phon));
		v->clen =
			(uint8_t)ec__consonants(phon, v->plen, cs, sizeof(cs));
		v->weight = idf_weight(order[i]->df, b->nentries);
		/* Bare-word evidence (doc/scoring.md): a given name of a
		 * listed person, or a country. */
		if (order[i]->given > 0 || ec__is_country_word(t, n))
			v->flags = EC__TV_BARE;
		if ((rc = intern(b, phon, v->plen, &v->phon)) ||
		    (rc = intern(b, cs, v->clen, &v->cons)))
			return rc;
		t = NULL; /* the pool may have moved */
	}
	return 0;
}

/* Each name's listed weight, for the bound of candidate scores. */
static void name_bounds(ec__index_builder *b, const struct ix_vocab *vocab)
{
	size_t i, j;

	for (i = 0; i < b->nnames; i++) {
		struct ix_name *n = &b->names[i];
		double lw = 0;

		for (j = 0; j < n->ntok; j++) {
			uint32_t x = b->ntok[n->tok + j];
			double w = occurrence_weight(&vocab[NT_VID(x)],
						     NT_KIND(x));

			lw += NT_ROLE(x) == EC__TR_MIDDLE
				      ? EC__MIDDLE_PENALTY * w
			      : NT_KIND(x) == EC__TK_STOP ? EC__STOP_PENALTY * w
							  : w;
		}
		n->lw = (float)lw;
	}
}

/* Trigrams, exact, deletion and consonant keys of every entry that has
 * postings. */
static int fill_keys(ec__index_builder *b, const struct ix_vocab *vocab,
		     struct keyset *ksp, struct ix_cons *cons, size_t *ncons)
{
	size_t i;
	int rc;

	for (i = 0; i < b->nvocab; i++) {
		const char *ph, *tx;

		if (!vocab[i].npost)
			continue;
		ph = b->strings.ptr + vocab[i].phon;
		tx = b->strings.ptr + vocab[i].text;
		if ((rc = lookup_keys(ksp, ph, vocab[i].plen, (uint32_t)i, 0)))
			return rc;
		/* The spelling too, where the key differs: a swap of letters
		 * the key writes as one ("kahdem", "khadem") is one edit. */
		if ((vocab[i].len != vocab[i].plen ||
		     memcmp(ph, tx, vocab[i].len) != 0) &&
		    (rc = lookup_keys(ksp, tx, vocab[i].len, (uint32_t)i, 1)))
			return rc;
		if (vocab[i].clen >= 3) {
			cons[*ncons].hash = hash_bytes(
				b->strings.ptr + vocab[i].cons, vocab[i].clen);
			cons[(*ncons)++].vocab = (uint32_t)i;
		}
	}
	return 0;
}

/* The trigram table: one (key, offset, count) per key of the sorted
 * (key, posting) pairs; returns the number of keys. */
static size_t group_trigrams(const struct pair32 *tri, size_t ntri,
			     struct ix_tri *tris, uint32_t *trip)
{
	size_t i, j, n = 0;

	for (i = 0; i < ntri; i = j) {
		tris[n].key = tri[i].a;
		tris[n].off = (uint32_t)i;
		for (j = i; j < ntri && tri[j].a == tri[i].a; j++)
			trip[j] = tri[j].b;
		tris[n].n = (uint32_t)(j - i);
		n++;
	}
	return n;
}

/* Postings, deduplicated: one name per vocabulary entry once; returns
 * how many post[] holds. */
static size_t fill_posts(const ec__index_builder *b, struct ix_vocab *vocab,
			 uint32_t *post)
{
	size_t i, j, npost = 0;

	for (i = 0; i < b->nposts; i = j) {
		struct ix_vocab *v = &vocab[b->posts[i].a];

		v->post = (uint32_t)npost;
		for (j = i; j < b->nposts && b->posts[j].a == b->posts[i].a;
		     j++)
			if (j == i || b->posts[j].b != b->posts[j - 1].b)
				post[npost++] = b->posts[j].b;
		v->npost = (uint32_t)npost - v->post;
	}
	return npost;
}

/* Joined neighbours: postings grouped by phonetic key hash, appended to
 * post[] after *npost; returns the number of joins. */
static size_t fill_joins(ec__index_builder *b, struct ix_join *joins,
			 uint32_t *post, size_t *npost)
{
	size_t i, j, njoin = 0;

	if (b->njposts)
		qsort(b->jposts, b->njposts, sizeof(*b->jposts), cmp_pair);
	for (i = 0; i < b->njposts; i = j) {
		struct ix_join *x = &joins[njoin++];

		x->hash = b->jposts[i].a;
		x->post = (uint32_t)*npost;
		for (j = i; j < b->njposts && b->jposts[j].a == x->hash; j++)
			if (j == i || b->jposts[j].b != b->jposts[j - 1].b)
				post[(*npost)++] = b->jposts[j].b;
		x->npost = (uint32_t)*npost - x->post;
	}
	return njoin;
}

/* Every key table sorted by hash, as the lookups' binary searches need. */
static void sort_keys(struct keyset *ks, struct ix_cons *cons, size_t ncons)
{
	if (ks->ntri)
		qsort(ks->tri, ks->ntri, sizeof(*ks->tri), cmp_pair);
	qsort(cons, ncons, sizeof(*cons), cmp_pair);
	if (ks->nphon)
		qsort(ks->phonx, ks->nphon, sizeof(*ks->phonx), cmp_pair);
	if (ks->ndel)
		qsort(ks->delx, ks->ndel, sizeof(*ks->delx), cmp_pair);
}

int ec__index_serialize(ec__index_builder *b, unsigned char **out, size_t *len)
{
	struct bvocab **order = NULL;
	struct ix_vocab *vocab = NULL;
	struct pair32 *tri = NULL;
	struct ix_tri *tris = NULL;
	struct ix_cons *cons = NULL, *phonx = NULL, *delx = NULL;
	struct ix_join *joins = NULL;
	uint32_t *post = NULL, *trip = NULL;
	size_t ntri = 0, ntris = 0, ncons = 0, npost = 0;
	size_t njoin = 0, nphon = 0, ndel = 0;
	struct keyset ks;
	ec__buf o = EC__BUF_INIT;
	struct ix_header h;
	int rc = 0;

	*out = NULL;
	*len = 0;
	memset(&ks, 0, sizeof(ks));
	if (b->nvocab == 0 && (rc = vocab_id(b, "", 0, &h.magic)))
		return rc;
	order = ec__calloc(b->nvocab, sizeof(*order));
	vocab = ec__calloc(b->nvocab, sizeof(*vocab));
	post = ec__calloc(b->nposts + b->njposts + 1, sizeof(*post));
	cons = ec__calloc(b->nvocab, sizeof(*cons));
	joins = ec__calloc(b->njposts + 1, sizeof(*joins));
	if (!order || !vocab || !post || !cons || !joins) {
		rc = EC_ENOMEM;
		goto done;
	}
	sort_vocab(b, order);
	if ((rc = fill_vocab(b, order, vocab)))
		goto done;
	npost = fill_posts(b, vocab, post);
	name_bounds(b, vocab);
	njoin = fill_joins(b, joins, post, &npost);
	if ((rc = fill_keys(b, vocab, &ks, cons, &ncons)))
		goto done;
	tri = ks.tri;
	ntri = ks.ntri;
	phonx = ks.phonx;
	nphon = ks.nphon;
	delx = ks.delx;
	ndel = ks.ndel;
	sort_keys(&ks, cons, ncons);
	tris = ec__calloc(ntri + 1, sizeof(*tris));
	trip = ec__calloc(ntri + 1, sizeof(*trip));
	if (!tris || !trip) {
		rc = EC_ENOMEM;
		goto done;
	}
	ntris = group_trigrams(tri, ntri, tris, trip);
	h.magic = IX_MAGIC;
	h.version = IX_VERSION;
	h.nentries = (uint32_t)b->nentries;
	h.nnames = (uint32_t)b->nnames;
	h.nntok = (uint32_t)b->nntok;
	h.nvocab = (uint32_t)b->nvocab;
	h.npost = (uint32_t)npost;
	h.ntri = (uint32_t)ntris;
	h.ntrip = (uint32_t)ntri;
	h.ncons = (uint32_t)ncons;
	h.nphon = (uint32_t)nphon;
	h.ndel = (uint32_t)ndel;
	h.njoin = (uint32_t)njoin;
	h.ntexts = (uint32_t)b->ntexts;
	h.strings_len = (uint32_t)b->strings.len;
	/* The host is little-endian (checked at load): write as is. */
	if (ec__buf_put(&o, &h, sizeof(h)) ||
	    ec__buf_put(&o, b->entries, b->nentries * sizeof(*b->entries)) ||
	    ec__buf_put(&o, b->names, b->nnames * sizeof(*b->names)) ||
	    ec__buf_put(&o, b->ntok, b->nntok * sizeof(*b->ntok)) ||
	    ec__buf_put(&o, vocab, b->nvocab * sizeof(*vocab)) ||
	    ec__buf_put(&o, post, npost * sizeof(*post)) ||
	    ec__buf_put(&o, tris, ntris * sizeof(*tris)) ||
	    ec__buf_put(&o, trip, ntri * sizeof(*trip)) ||
	    ec__buf_put(&o, cons, ncons * sizeof(*cons)) ||
	    ec__buf_put(&o, phonx, nphon * sizeof(*phonx)) ||
	    ec__buf_put(&o, delx, ndel * sizeof(*delx)) ||
	    ec__buf_put(&o, joins, njoin * sizeof(*joins)) ||
	    ec__buf_put(&o, b->strings.ptr, b->strings.len)) {
		rc = EC_ENOMEM;
		goto done;
	}
	*len = o.len;
	*out = (unsigned char *)ec__buf_detach(&o);
	if (!*out)
		rc = EC_ENOMEM;
done:
	(void)put32;
	(void)cmp_u32;
	ec__buf_dispose(&o);
	ec__free(order);
	ec__free(vocab);
	ec__free(post);
	ec__free(tris);
	ec__free(trip);
	ec__free(cons);
	ec__free(joins);
	keyset_dispose(&ks); /* tri, phonx and delx */
	return rc;
}
