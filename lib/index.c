/*
 * index.c: the name index.  Built once by `build` and stored in the
 * snapshot as one blob, so that opening a snapshot costs a copy and a
 * bounds check, not a re-normalization of every name.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "index.h"
#include "ingest.h"

#define IX_MAGIC 0x58494345u /* "ECIX" */
/*
 * Bumped when the layout changes, and when normalization does: the tokens
 * stored here must be the ones a query is normalized to.
 */
#define IX_VERSION 9u

/* Searches that can keep their working memory for the next ones. */
#define IX_POOL 64
/* Query tokens whose hits a search's working memory remembers. */
#define TC_SLOTS 32768
/* Hit lists longer than this are looked up again, not remembered. */
#define TC_MAX_HITS 1024
/* Past this many name slots, working memory is not kept. */
#define SLOTS_KEEP (1u << 16)

/* The most weight a pair of two listed tokens written as one can carry. */
#define JOIN_BOUND_WEIGHT 2.0f

/* Name token word: vocabulary id, occurrence kind and role. */
#define NT_VID(x) ((x) & 0xffffffu)
#define NT_KIND(x) (((x) >> 24) & 7u)
#define NT_ROLE(x) (((x) >> 27) & 3u)
#define NT_MAKE(v, k, r) ((uint32_t)(v) | (uint32_t)(k) << 24 | (uint32_t)(r) << 27)
#define NAME_PERSON 1u
#define NAME_ALIAS 2u
#define NAME_HAS_INITIAL 4u

struct cgen;
static void cgen_free(struct cgen *g);

struct ix_entry {
	uint32_t id, list, source, name, type, country, addr, naddr;
	uint32_t rowid_lo, rowid_hi;
	uint32_t req, pol, frn, start, end, programs, text_id;
	uint32_t dob, nat, cit, ids; /* identifying facts (version 9) */
};

struct ix_name {
	uint32_t entry, display, tok;
	uint16_t ntok, flags;
	/* The least weight this name's own tokens put in a score's
	 * denominator: each token's weight, middle names at their penalty. */
	float lw;
};

struct ix_vocab {
	uint32_t text, phon, cons;
	uint8_t len, plen, clen, flags;
	float weight; /* as a word; legal forms etc. weigh by kind */
	uint32_t post, npost;
};

struct ix_tri {
	uint32_t key, off, n;
};

struct ix_cons {
	uint32_t hash, vocab;
};

/*
 * Trigram postings hold (phonetic length << 24 | vocabulary id), sorted, so
 * a lookup can skip tokens whose length is out of the edit budget.
 */
#define TP_VID(x) ((x) & 0xffffffu)
#define TP_LEN(x) ((x) >> 24)

/* Names in which two adjacent tokens, written as one, have this phonetic
 * key hash ("al zarooni" for "alzarooni"). */
struct ix_join {
	uint32_t hash, post, npost;
};

struct ix_header {
	uint32_t magic, version;
	uint32_t nentries, nnames, nntok, nvocab, npost, ntri, ntrip, ncons;
	uint32_t nphon, ndel, njoin, ntexts, strings_len;
};

struct ec__index {
	unsigned char *blob;
	size_t len;
	struct ix_header h;
	const struct ix_entry *entries;
	const struct ix_name *names;
	const uint32_t *ntok;
	const struct ix_vocab *vocab;
	const uint32_t *post;
	const struct ix_tri *tri;
	const uint32_t *trip;
	const struct ix_cons *cons;
	const struct ix_cons *phonx; /* (hash of phonetic key, vocab id) */
	const struct ix_cons *delx;  /* (hash of key less one byte, vocab id) */
	const struct ix_join *join;
	const char *strings;
	/* Where each top-16-bit hash bucket starts in phonx and delx, built
	 * at load: a lookup then searches a handful of keys, not all. */
	uint32_t *phon_dir, *del_dir;
	/* Names with an initial, and names of persons, one bit each, built
	 * at load: candidate bounds read them without touching names[]. */
	uint64_t *initial_bits, *person_bits;
	float *lw; /* each name's lw, packed for the same reason */
	/* Working memory of finished searches, kept for the next ones. */
	_Atomic(struct cgen *) pool[IX_POOL];
};

/* ------------------------------------------------------------------ */
/* Builder                                                             */
/* ------------------------------------------------------------------ */

struct bvocab {
	uint32_t text;  /* offset in strings */
	uint32_t df;    /* entries with a word occurrence */
	uint32_t last_entry;
	uint32_t given;      /* entries with a given-name occurrence */
	uint32_t last_given; /* the last of them, + 1 */
	uint32_t final; /* id after sorting */
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

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

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
static int intern(ec__index_builder *b, const char *s, size_t n,
		  uint32_t *off)
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

static int vocab_id(ec__index_builder *b, const char *t, size_t n,
		    uint32_t *id)
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

	if ((rc = ec__grow((void **)&b->entries, &b->cap_entries, b->nentries + 1,
		       sizeof(*b->entries))))
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
		strcmp(b->strings.ptr + b->entries[idx].type, "Individual") == 0;
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
		if (typed && (k->role == EC__TR_FIRST ||
			      k->role == EC__TR_MIDDLE) &&
		    b->vocab[vid].last_given != idx + 1) {
			b->vocab[vid].last_given = idx + 1;
			b->vocab[vid].given++;
		}
		if (is_word_kind(k->kind)) {
			if (b->vocab[vid].last_entry != idx) {
				b->vocab[vid].last_entry = idx;
				b->vocab[vid].df++;
			}
			if ((rc = add_pair(&b->posts, &b->nposts,
					    &b->cap_posts, vid, nid)))
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
					   &b->cap_jposts,
					   hash_bytes(phon, pl), nid)))
				return rc;
		}
		prev_vid = vid;
	}
	b->nnames++;
	return 0;
}

static float occurrence_weight(const struct ix_vocab *v, unsigned kind);

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

/* Trigram keys of "##" phon "##"; returns the count (distinct). */
static size_t trigrams(const char *phon, size_t plen, uint32_t *keys,
		       size_t max)
{
	unsigned char pad[EC__TOK_MAX + 8];
	size_t i, j, n = 0, total = plen + 4;

	pad[0] = pad[1] = '#';
	memcpy(pad + 2, phon, plen);
	pad[plen + 2] = pad[plen + 3] = '#';
	for (i = 0; i + 3 <= total && n < max; i++) {
		uint32_t k = (uint32_t)pad[i] << 16 | (uint32_t)pad[i + 1] << 8 |
			     pad[i + 2];

		for (j = 0; j < n && keys[j] != k; j++)
			;
		if (j == n)
			keys[n++] = k;
	}
	return n;
}

/* Weight of a word from its document frequency over entries. */
static float idf_weight(uint32_t df, size_t nentries)
{
	double n = nentries > 2 ? (double)nentries : 3.0, w;

	if (df == 0)
		return 1.0f;
	w = log(n / df) / log(n / 2.0);
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
static int lookup_keys(struct keyset *ks, const char *s, size_t n,
		       uint32_t vid, int spelling)
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
		v->clen = (uint8_t)ec__consonants(phon, v->plen, cs, sizeof(cs));
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
				      : NT_KIND(x) == EC__TK_STOP
						? EC__STOP_PENALTY * w
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

int ec__index_serialize(ec__index_builder *b, unsigned char **out,
			size_t *len)
{
	struct bvocab **order = NULL;
	struct ix_vocab *vocab = NULL;
	struct pair32 *tri = NULL;
	struct ix_tri *tris = NULL;
	struct ix_cons *cons = NULL, *phonx = NULL, *delx = NULL;
	struct ix_join *joins = NULL;
	uint32_t *post = NULL, *trip = NULL;
	size_t i, j, ntri = 0, ntris = 0, ncons = 0, npost = 0;
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
	/* Postings, deduplicated: one name per vocabulary entry once. */
	for (i = 0; i < b->nposts; i = j) {
		struct ix_vocab *v = &vocab[b->posts[i].a];

		v->post = (uint32_t)npost;
		for (j = i; j < b->nposts && b->posts[j].a == b->posts[i].a;
		     j++)
			if (j == i || b->posts[j].b != b->posts[j - 1].b)
				post[npost++] = b->posts[j].b;
		v->npost = (uint32_t)npost - v->post;
	}
	name_bounds(b, vocab);
	/* Joined neighbours: postings grouped by phonetic key hash. */
	if (b->njposts)
		qsort(b->jposts, b->njposts, sizeof(*b->jposts), cmp_pair);
	for (i = 0; i < b->njposts; i = j) {
		struct ix_join *x = &joins[njoin++];

		x->hash = b->jposts[i].a;
		x->post = (uint32_t)npost;
		for (j = i; j < b->njposts && b->jposts[j].a == x->hash; j++)
			if (j == i || b->jposts[j].b != b->jposts[j - 1].b)
				post[npost++] = b->jposts[j].b;
		x->npost = (uint32_t)npost - x->post;
	}
	if ((rc = fill_keys(b, vocab, &ks, cons, &ncons)))
		goto done;
	tri = ks.tri;
	ntri = ks.ntri;
	phonx = ks.phonx;
	nphon = ks.nphon;
	delx = ks.delx;
	ndel = ks.ndel;
	if (ntri)
		qsort(tri, ntri, sizeof(*tri), cmp_pair);
	qsort(cons, ncons, sizeof(*cons), cmp_pair);
	if (nphon)
		qsort(phonx, nphon, sizeof(*phonx), cmp_pair);
	if (ndel)
		qsort(delx, ndel, sizeof(*delx), cmp_pair);
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

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

static int little_endian(void)
{
	uint32_t one = 1;
	unsigned char c;

	memcpy(&c, &one, 1);
	return c == 1;
}

/* dir[b] = first position whose hash's top 16 bits are >= b. */
static uint32_t *bucket_dir(const struct ix_cons *v, uint32_t n)
{
	uint32_t *dir = ec__malloc(65537 * sizeof(*dir)), i, b = 0;

	if (!dir)
		return NULL;
	for (i = 0; i < n; i++)
		while (b <= (v[i].hash >> 16))
			dir[b++] = i;
	while (b <= 65536)
		dir[b++] = n;
	return dir;
}

#define BAD(what)                                                              \
	do {                                                                   \
		rc = ec__fail(err, EC_EFORMAT,                                 \
			      "damaged snapshot: name index %s", what);        \
		goto fail;                                                     \
	} while (0)

int ec__index_load(ec__index **out, const void *blob, size_t len,
		   ec_error *err)
{
	unsigned char *copy = ec__malloc(len ? len : 1);

	*out = NULL;
	if (!copy)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	memcpy(copy, blob, len);
	return ec__index_adopt(out, copy, len, err);
}

int ec__index_adopt(ec__index **out, unsigned char *blob, size_t len,
		    ec_error *err)
{
	ec__index *ix;
	size_t off, need, i;
	const struct ix_header *h;
	int rc;

	*out = NULL;
	if (!little_endian()) {
		ec__free(blob);
		return ec__fail(err, EC_EUNSUPPORTED,
				"snapshots are read on little-endian hosts "
				"only");
	}
	ix = ec__calloc(1, sizeof(*ix));
	if (!ix) {
		ec__free(blob);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	ix->blob = blob;
	ix->len = len;
	if (len < sizeof(struct ix_header))
		BAD("is truncated");
	h = (const struct ix_header *)ix->blob;
	ix->h = *h;
	if (h->magic != IX_MAGIC || h->version != IX_VERSION)
		BAD("has an unknown format");
	/* Section sizes, with overflow-safe arithmetic. */
	need = sizeof(*h);
	{
		const uint64_t parts[] = {
			(uint64_t)h->nentries * sizeof(struct ix_entry),
			(uint64_t)h->nnames * sizeof(struct ix_name),
			(uint64_t)h->nntok * 4u,
			(uint64_t)h->nvocab * sizeof(struct ix_vocab),
			(uint64_t)h->npost * 4u,
			(uint64_t)h->ntri * sizeof(struct ix_tri),
			(uint64_t)h->ntrip * 4u,
			(uint64_t)h->ncons * sizeof(struct ix_cons),
			(uint64_t)h->nphon * sizeof(struct ix_cons),
			(uint64_t)h->ndel * sizeof(struct ix_cons),
			(uint64_t)h->njoin * sizeof(struct ix_join),
			(uint64_t)h->strings_len};
		uint64_t total = need;

		for (i = 0; i < EC__ARRAY_LEN(parts); i++)
			total += parts[i];
		if (total != len)
			BAD("has section sizes that do not add up");
	}
	off = sizeof(*h);
	ix->entries = (const struct ix_entry *)(ix->blob + off);
	off += h->nentries * sizeof(struct ix_entry);
	ix->names = (const struct ix_name *)(ix->blob + off);
	off += h->nnames * sizeof(struct ix_name);
	ix->ntok = (const uint32_t *)(ix->blob + off);
	off += h->nntok * 4u;
	ix->vocab = (const struct ix_vocab *)(ix->blob + off);
	off += h->nvocab * sizeof(struct ix_vocab);
	ix->post = (const uint32_t *)(ix->blob + off);
	off += h->npost * 4u;
	ix->tri = (const struct ix_tri *)(ix->blob + off);
	off += h->ntri * sizeof(struct ix_tri);
	ix->trip = (const uint32_t *)(ix->blob + off);
	off += h->ntrip * 4u;
	ix->cons = (const struct ix_cons *)(ix->blob + off);
	off += h->ncons * sizeof(struct ix_cons);
	ix->phonx = (const struct ix_cons *)(ix->blob + off);
	off += h->nphon * sizeof(struct ix_cons);
	ix->delx = (const struct ix_cons *)(ix->blob + off);
	off += h->ndel * sizeof(struct ix_cons);
	ix->join = (const struct ix_join *)(ix->blob + off);
	off += h->njoin * sizeof(struct ix_join);
	ix->strings = (const char *)(ix->blob + off);
	if (h->strings_len == 0 || ix->strings[h->strings_len - 1] != '\0')
		BAD("has an unterminated string pool");
	/* Every offset and id is checked once here, so lookups need not. */
#define STR_OK(x) ((x) < h->strings_len)
	for (i = 0; i < h->nentries; i++) {
		const struct ix_entry *e = &ix->entries[i];
		uint32_t a = e->addr, k;

		if (!STR_OK(e->id) || !STR_OK(e->list) || !STR_OK(e->source) ||
		    !STR_OK(e->name) || !STR_OK(e->type) ||
		    !STR_OK(e->country) || e->naddr > h->strings_len ||
		    !STR_OK(e->req) || !STR_OK(e->pol) || !STR_OK(e->frn) ||
		    !STR_OK(e->start) || !STR_OK(e->end) ||
		    !STR_OK(e->programs) || e->text_id >= h->ntexts ||
		    !STR_OK(e->dob) || !STR_OK(e->nat) || !STR_OK(e->cit) ||
		    !STR_OK(e->ids))
			BAD("has an entry out of bounds");
		for (k = 0; k < e->naddr; k++) {
			if (!STR_OK(a))
				BAD("has an address out of bounds");
			a += (uint32_t)strlen(ix->strings + a) + 1;
		}
	}
	for (i = 0; i < h->nnames; i++) {
		const struct ix_name *n = &ix->names[i];

		if (n->entry >= h->nentries || !STR_OK(n->display) ||
		    n->tok > h->nntok || n->ntok > h->nntok - n->tok ||
		    n->ntok > EC__NAME_MAX_TOKENS || !(n->lw >= 0.0f) ||
		    n->lw > 1e6f)
			BAD("has a name out of bounds");
	}
	for (i = 0; i < h->nntok; i++)
		if (NT_VID(ix->ntok[i]) >= h->nvocab ||
		    NT_KIND(ix->ntok[i]) > EC__TK_GENERIC)
			BAD("has a token out of bounds");
	for (i = 0; i < h->nvocab; i++) {
		const struct ix_vocab *v = &ix->vocab[i];

		if (!STR_OK(v->text) || !STR_OK(v->phon) || !STR_OK(v->cons) ||
		    v->post > h->npost || v->npost > h->npost - v->post ||
		    strlen(ix->strings + v->text) != v->len ||
		    strlen(ix->strings + v->phon) != v->plen ||
		    strlen(ix->strings + v->cons) != v->clen ||
		    v->len > EC__TOK_MAX || !(v->weight >= 0.0f) ||
		    v->weight > 2.0f)
			BAD("has a vocabulary entry out of bounds");
		if (i > 0 && strcmp(ix->strings + ix->vocab[i - 1].text,
				    ix->strings + v->text) >= 0)
			BAD("has an unsorted vocabulary");
	}
	for (i = 0; i < h->npost; i++)
		if (ix->post[i] >= h->nnames)
			BAD("has a posting out of bounds");
	for (i = 0; i < h->ntri; i++)
		if (ix->tri[i].off > h->ntrip ||
		    ix->tri[i].n > h->ntrip - ix->tri[i].off ||
		    (i > 0 && ix->tri[i - 1].key >= ix->tri[i].key))
			BAD("has a trigram out of bounds");
	for (i = 0; i < h->ntrip; i++)
		if (TP_VID(ix->trip[i]) >= h->nvocab ||
		    TP_LEN(ix->trip[i]) != ix->vocab[TP_VID(ix->trip[i])].plen)
			BAD("has a trigram posting out of bounds");
	for (i = 0; i < h->ntri; i++) {
		uint32_t k, o = ix->tri[i].off;

		for (k = 1; k < ix->tri[i].n; k++)
			if (ix->trip[o + k - 1] >= ix->trip[o + k])
				BAD("has an unsorted trigram posting list");
	}
	for (i = 0; i < h->nphon; i++)
		if (ix->phonx[i].vocab >= h->nvocab ||
		    (i > 0 && ix->phonx[i - 1].hash > ix->phonx[i].hash))
			BAD("has a phonetic key out of bounds");
	for (i = 0; i < h->ndel; i++)
		if (ix->delx[i].vocab >= h->nvocab ||
		    (i > 0 && ix->delx[i - 1].hash > ix->delx[i].hash))
			BAD("has a deletion key out of bounds");
	for (i = 0; i < h->ncons; i++)
		if (ix->cons[i].vocab >= h->nvocab ||
		    (i > 0 && ix->cons[i - 1].hash > ix->cons[i].hash))
			BAD("has a consonant key out of bounds");
	for (i = 0; i < h->njoin; i++)
		if (ix->join[i].post > h->npost ||
		    ix->join[i].npost > h->npost - ix->join[i].post ||
		    (i > 0 && ix->join[i - 1].hash >= ix->join[i].hash))
			BAD("has a joined-token key out of bounds");
#undef STR_OK
	ix->phon_dir = bucket_dir(ix->phonx, h->nphon);
	ix->del_dir = bucket_dir(ix->delx, h->ndel);
	ix->initial_bits = ec__calloc(h->nnames / 64 + 1, sizeof(uint64_t));
	ix->person_bits = ec__calloc(h->nnames / 64 + 1, sizeof(uint64_t));
	ix->lw = ec__malloc((h->nnames + 1) * sizeof(float));
	if (!ix->phon_dir || !ix->del_dir || !ix->initial_bits ||
	    !ix->person_bits || !ix->lw) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < h->nnames; i++) {
		uint64_t bit = 1ull << (i % 64);

		if (ix->names[i].flags & NAME_HAS_INITIAL)
			ix->initial_bits[i / 64] |= bit;
		if (ix->names[i].flags & NAME_PERSON)
			ix->person_bits[i / 64] |= bit;
		ix->lw[i] = ix->names[i].lw;
	}
	*out = ix;
	return 0;
fail:
	ec__index_free(ix);
	return rc;
}

void ec__index_free(ec__index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < IX_POOL; i++)
		cgen_free(atomic_load(&ix->pool[i]));
	ec__free(ix->phon_dir);
	ec__free(ix->del_dir);
	ec__free(ix->initial_bits);
	ec__free(ix->person_bits);
	ec__free(ix->lw);
	ec__free(ix->blob);
	ec__free(ix);
}

/*
 * The blob and what load builds beside it; not the searches' pooled
 * working memory, which depends on how many threads search at once.
 */
size_t ec__index_memory(const ec__index *ix)
{
	if (!ix)
		return 0;
	return ix->len + sizeof(*ix) + 2 * 65537 * sizeof(uint32_t) +
	       2 * (ix->h.nnames / 64 + 1) * sizeof(uint64_t) +
	       (ix->h.nnames + 1) * sizeof(float);
}

uint32_t ec__index_nentries(const ec__index *ix)
{
	return ix->h.nentries;
}

uint32_t ec__index_nnames(const ec__index *ix)
{
	return ix->h.nnames;
}

void ec__index_entry(const ec__index *ix, uint32_t idx, ec__ix_entry_view *v)
{
	const struct ix_entry *e = &ix->entries[idx];

	v->entry_id = ix->strings + e->id;
	v->list = ix->strings + e->list;
	v->source = ix->strings + e->source;
	v->name = ix->strings + e->name;
	v->type = ix->strings + e->type;
	v->country = ix->strings + e->country;
	v->addr = ix->strings + e->addr;
	v->naddr = e->naddr;
	v->rowid = (int64_t)((uint64_t)e->rowid_hi << 32 | e->rowid_lo);
	v->license_requirement = ix->strings + e->req;
	v->license_policy = ix->strings + e->pol;
	v->federal_register_notice = ix->strings + e->frn;
	v->start_date = ix->strings + e->start;
	v->end_date = ix->strings + e->end;
	v->programs = ix->strings + e->programs;
	v->text_id = e->text_id;
	v->dates_of_birth = ix->strings + e->dob;
	v->nationalities = ix->strings + e->nat;
	v->citizenships = ix->strings + e->cit;
	v->ids = ix->strings + e->ids;
}

uint32_t ec__index_ntexts(const ec__index *ix)
{
	return ix->h.ntexts;
}

uint32_t ec__index_name_entry(const ec__index *ix, uint32_t name)
{
	return ix->names[name].entry;
}

const char *ec__index_name_text(const ec__index *ix, uint32_t name)
{
	return ix->strings + ix->names[name].display;
}

int ec__index_name_is_person(const ec__index *ix, uint32_t name)
{
	return (ix->names[name].flags & NAME_PERSON) != 0;
}

/* The weight of one occurrence: words by frequency, the rest by kind. */
static float occurrence_weight(const struct ix_vocab *v, unsigned kind)
{
	if (kind == EC__TK_WORD)
		return v->weight;
	if (kind == EC__TK_GENERIC)
		return v->weight * (float)EC__W_GENERIC_FACTOR;
	return (float)ec__default_weight(kind);
}

size_t ec__index_name_views(const ec__index *ix, uint32_t name,
			    ec__tview *out, size_t max)
{
	const struct ix_name *n = &ix->names[name];
	size_t i, cnt = n->ntok < max ? n->ntok : max;

	for (i = 0; i < cnt; i++) {
		uint32_t x = ix->ntok[n->tok + i];
		const struct ix_vocab *v = &ix->vocab[NT_VID(x)];

		out[i].text = ix->strings + v->text;
		out[i].phon = ix->strings + v->phon;
		out[i].cons = ix->strings + v->cons;
		out[i].len = v->len;
		out[i].plen = v->plen;
		out[i].clen = v->clen;
		out[i].kind = (uint8_t)NT_KIND(x);
		out[i].role = (uint8_t)NT_ROLE(x);
		out[i].weight = occurrence_weight(v, NT_KIND(x));
		out[i].flags = v->flags;
	}
	return cnt;
}

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

static struct cgen *cgen_pooled(const ec__index *ix);
static long cached_vocab(struct cgen *g, const ec__tview *t);
static void cgen_put(const ec__index *ix, struct cgen *g, int ok);

void ec__index_weigh(const ec__index *ix, ec__tview *q, size_t nq)
{
	struct cgen *g = ix ? cgen_pooled(ix) : NULL;
	size_t i;

	for (i = 0; i < nq; i++) {
		long id = !ix ? -1
			  : g ? cached_vocab(g, &q[i])
			      : find_vocab(ix, q[i].text, q[i].len);

		if (id >= 0) {
			q[i].weight = occurrence_weight(&ix->vocab[id],
							q[i].kind);
			q[i].flags = ix->vocab[id].flags;
		} else {
			q[i].weight = (float)ec__default_weight(q[i].kind);
		}
	}
	cgen_put(ix, g, 1);
}


/* ------------------------------------------------------------------ */
/* Candidate generation                                                */
/* ------------------------------------------------------------------ */

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
	uint32_t gen;     /* text and vid are set when it is the cgen's */
	uint8_t len;
	uint8_t complete; /* hits holds every hit of a word of this text */
	uint8_t join_known;
	int32_t join;     /* its entry in the joined-token keys, or -1 */
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
	uint32_t *order;  /* slots in use, by position */
	uint8_t *count;   /* trigram hits per vocabulary entry */
	uint32_t *touched;
	size_t ntouched;
	uint32_t *hits;   /* vocabulary entries found for one query token */
	size_t nhits, cap_hits;
	int failed;       /* out of memory while growing */
	struct tc_slot *tc;
	uint32_t *owned;  /* the tc slots that own a hits array */
	size_t nowned, cap_owned;
	uint32_t gen;     /* slots of another generation are empty */
};

static void cgen_free(struct cgen *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nowned; i++)
		ec__free(g->tc[g->owned[i]].hits);
	ec__free(g->owned);
	ec__free(g->tc);
	ec__free(g->count);
	ec__free(g->touched);
	ec__free(g->slots);
	ec__free(g->order);
	ec__free(g->hits);
	ec__free(g);
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
		cgen_free(g);
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
		cgen_free(g);
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
		    atomic_compare_exchange_strong(&mix->pool[i], &expected,
						   g))
			return;
	}
	cgen_free(g);
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
		    const ec__bitpat *pat, const ec__bitpat *tpat,
		    size_t qlen, int qsame, int k)
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
		if (side && (rc = keyed_hits(g, ix->phonx, ix->h.nphon,
					     ix->phon_dir, hash_bytes(s, pl),
					     &pat, &tpat, t, 1)))
			return rc;
		for (d = 0; d < pl; d++) {
			uint32_t h;

			if (d > 0 && s[d] == s[d - 1])
				continue; /* the same key as the last one */
			memcpy(del, s, d);
			memcpy(del + d, s + d + 1, pl - d - 1);
			h = hash_bytes(del, pl - 1);
			if ((rc = keyed_hits(g, ix->delx, ix->h.ndel,
					     ix->del_dir, h, &pat, &tpat, t, 1)) ||
			    (rc = keyed_hits(g, ix->phonx, ix->h.nphon,
					     ix->phon_dir, h, &pat, &tpat, t, 1)))
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
		       t->plen > (size_t)k ? (uint32_t)(t->plen - (size_t)k) : 0,
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
			const struct ix_vocab *v = &ix->vocab[ix->cons[lo].vocab];

			if (v->clen == t->clen &&
			    memcmp(ix->strings + v->cons, t->cons, t->clen) == 0 &&
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
					      g->nowned + 1,
					      sizeof(*g->owned)))
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
			/* One listed token for two query tokens: credit both. */
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
