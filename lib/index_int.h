/*
 * index_int.h: what the three parts of the name index share: the
 * serialized layout (index_build.c writes it, index_load.c checks and
 * reads it, index_cand.c searches it) and a few small helpers.
 */
#ifndef EC_INDEX_INT_H
#define EC_INDEX_INT_H

#include <stdatomic.h>
#include <string.h>

#include "index.h"

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
#define NT_VID(x) ((x)&0xffffffu)
#define NT_KIND(x) (((x) >> 24) & 7u)
#define NT_ROLE(x) (((x) >> 27) & 3u)
#define NT_MAKE(v, k, r)                                                       \
	((uint32_t)(v) | (uint32_t)(k) << 24 | (uint32_t)(r) << 27)
#define NAME_PERSON 1u
#define NAME_ALIAS 2u
#define NAME_HAS_INITIAL 4u

struct cgen;
/* Frees a search's working memory (index_cand.c). */
void ec__ix_cgen_free(struct cgen *g);

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
#define TP_VID(x) ((x)&0xffffffu)
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

/* Shared by the builder and the candidate generator. */
static inline uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Trigram keys of "##" phon "##"; returns the count (distinct). */
static inline size_t trigrams(const char *phon, size_t plen, uint32_t *keys,
			      size_t max)
{
	unsigned char pad[EC__TOK_MAX + 8];
	size_t i, j, n = 0, total = plen + 4;

	pad[0] = pad[1] = '#';
	memcpy(pad + 2, phon, plen);
	pad[plen + 2] = pad[plen + 3] = '#';
	for (i = 0; i + 3 <= total && n < max; i++) {
		uint32_t k = (uint32_t)pad[i] << 16 |
			     (uint32_t)pad[i + 1] << 8 | pad[i + 2];

		for (j = 0; j < n && keys[j] != k; j++)
			;
		if (j == n)
			keys[n++] = k;
	}
	return n;
}

/* The weight of one occurrence: words by frequency, the rest by kind. */
static inline float occurrence_weight(const struct ix_vocab *v, unsigned kind)
{
	if (kind == EC__TK_WORD)
		return v->weight;
	if (kind == EC__TK_GENERIC)
		return v->weight * (float)EC__W_GENERIC_FACTOR;
	return (float)ec__default_weight(kind);
}

#endif
