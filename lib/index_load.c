/*
 * index_load.c: adopts a serialized name index, checking every offset once
 * so that the accessors below need not, and reads entries and names.
 */
#include <stdlib.h>
#include <string.h>

#include "index_int.h"

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

/* In the helpers of ec__index_adopt(), which free the index on failure. */
#define BAD(what)                                                              \
	return ec__fail(err, EC_EFORMAT, "damaged snapshot: name index %s",    \
			what)
/* Every offset and id is checked once here, so lookups need not. */
#define STR_OK(x) ((x) < h->strings_len)

int ec__index_load(ec__index **out, const void *blob, size_t len, ec_error *err)
{
	unsigned char *copy = ec__malloc(len ? len : 1);

	*out = NULL;
	if (!copy)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	memcpy(copy, blob, len);
	return ec__index_adopt(out, copy, len, err);
}

/* The header, and where each section starts: their sizes must add up to
 * the blob's. */
static int map_sections(ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t off, need, i;

	if (ix->len < sizeof(struct ix_header))
		BAD("is truncated");
	memcpy(&ix->h, ix->blob, sizeof(ix->h));
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
		if (total != ix->len)
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
	return 0;
}

/* Entries: every string offset, their addresses and text ids. */
static int check_entries(const ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t i;

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
	return 0;
}

/* Names, their tokens and the vocabulary. */
static int check_names(const ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t i;

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
	return 0;
}

/* Postings and trigram postings: ids in range, lists sorted. */
static int check_postings(const ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t i;

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
	return 0;
}

/* Whether keys k[0..n) name words of the vocabulary, sorted by hash. */
static int keys_ok(const struct ix_cons *k, size_t n, uint32_t nvocab)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i].vocab >= nvocab ||
		    (i > 0 && k[i - 1].hash > k[i].hash))
			return 0;
	return 1;
}

/* The phonetic, deletion, consonant and joined-token keys. */
static int check_keys(const ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t i;

	if (!keys_ok(ix->phonx, h->nphon, h->nvocab))
		BAD("has a phonetic key out of bounds");
	if (!keys_ok(ix->delx, h->ndel, h->nvocab))
		BAD("has a deletion key out of bounds");
	if (!keys_ok(ix->cons, h->ncons, h->nvocab))
		BAD("has a consonant key out of bounds");
	for (i = 0; i < h->njoin; i++)
		if (ix->join[i].post > h->npost ||
		    ix->join[i].npost > h->npost - ix->join[i].post ||
		    (i > 0 && ix->join[i - 1].hash >= ix->join[i].hash))
			BAD("has a joined-token key out of bounds");
	return 0;
}
#undef STR_OK
#undef BAD

/* What load builds beside the blob for the candidate bounds. */
static int build_side_tables(ec__index *ix, ec_error *err)
{
	const struct ix_header *h = &ix->h;
	size_t i;

	ix->phon_dir = bucket_dir(ix->phonx, h->nphon);
	ix->del_dir = bucket_dir(ix->delx, h->ndel);
	ix->initial_bits = ec__calloc(h->nnames / 64 + 1, sizeof(uint64_t));
	ix->person_bits = ec__calloc(h->nnames / 64 + 1, sizeof(uint64_t));
	ix->lw = ec__malloc((h->nnames + 1) * sizeof(float));
	if (!ix->phon_dir || !ix->del_dir || !ix->initial_bits ||
	    !ix->person_bits || !ix->lw)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	for (i = 0; i < h->nnames; i++) {
		uint64_t bit = 1ull << (i % 64);

		if (ix->names[i].flags & NAME_HAS_INITIAL)
			ix->initial_bits[i / 64] |= bit;
		if (ix->names[i].flags & NAME_PERSON)
			ix->person_bits[i / 64] |= bit;
		ix->lw[i] = ix->names[i].lw;
	}
	return 0;
}

int ec__index_adopt(ec__index **out, unsigned char *blob, size_t len,
		    ec_error *err)
{
	ec__index *ix;
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
	if ((rc = map_sections(ix, err)) || (rc = check_entries(ix, err)) ||
	    (rc = check_names(ix, err)) || (rc = check_postings(ix, err)) ||
	    (rc = check_keys(ix, err)) || (rc = build_side_tables(ix, err))) {
		ec__index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

void ec__index_free(ec__index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < IX_POOL; i++)
		ec__ix_cgen_free(atomic_load(&ix->pool[i]));
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

/*
 * Callers pass ids the index gave them (postings and names checked at
 * load), so they are in range.  A broken invariant asserts in debug builds;
 * in release the accessors below answer with a safe value instead: an
 * entry whose every field is "", an empty name of no tokens.
 */
static int entry_ok(const ec__index *ix, uint32_t idx)
{
	EC__ASSERT_RET(idx < ix->h.nentries, 0);
	return 1;
}

static int name_ok(const ec__index *ix, uint32_t name)
{
	EC__ASSERT_RET(name < ix->h.nnames, 0);
	return 1;
}

void ec__index_entry(const ec__index *ix, uint32_t idx, ec__ix_entry_view *v)
{
	const struct ix_entry *e;

	if (!entry_ok(ix, idx)) {
		memset(v, 0, sizeof(*v));
		v->entry_id = v->list = v->source = v->name = v->type = "";
		v->country = v->addr = v->license_requirement = "";
		v->license_policy = v->federal_register_notice = "";
		v->start_date = v->end_date = v->programs = "";
		v->dates_of_birth = v->nationalities = v->citizenships = "";
		v->ids = "";
		return;
	}
	e = &ix->entries[idx];

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
	if (!name_ok(ix, name))
		return ix->h.nentries; /* out of range: the empty entry */
	return ix->names[name].entry;
}

const char *ec__index_name_text(const ec__index *ix, uint32_t name)
{
	if (!name_ok(ix, name))
		return "";
	return ix->strings + ix->names[name].display;
}

int ec__index_name_is_person(const ec__index *ix, uint32_t name)
{
	if (!name_ok(ix, name))
		return 0;
	return (ix->names[name].flags & NAME_PERSON) != 0;
}

size_t ec__index_name_views(const ec__index *ix, uint32_t name, ec__tview *out,
			    size_t max)
{
	const struct ix_name *n;
	size_t i, cnt;

	if (!name_ok(ix, name))
		return 0;
	n = &ix->names[name];
	cnt = n->ntok < max ? n->ntok : max;

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
