/*
 * index.h: the name index compiled into a snapshot: every primary name and
 * alias as tokens, token weights from how common each token is in the
 * lists, and the candidate structures that let a search score only names
 * that can reach the requested score.
 */
#ifndef EC_INDEX_H
#define EC_INDEX_H

#include "match.h"

typedef struct ec__index ec__index;
typedef struct ec__index_builder ec__index_builder;

/* Entry fields the index carries, so results need no database access. */
typedef struct ec__ix_entry_in {
	const char *entry_id, *list, *source, *name, *type, *country;
	const char *addresses; /* "; "-separated, as published */
	int64_t rowid;	       /* the entry's row in the database */
	/* What decisions read, so they need no database access. */
	const char *license_requirement, *license_policy;
	const char *federal_register_notice, *start_date, *end_date;
	const char *programs;
	/* Identifying facts, as published ("; "-separated). */
	const char *dates_of_birth, *nationalities, *citizenships, *ids;
} ec__ix_entry_in;

int ec__index_builder_new(ec__index_builder **out);
void ec__index_builder_free(ec__index_builder *b);
/* Adds an entry; returns its index through *idx. */
int ec__index_add_entry(ec__index_builder *b, const ec__ix_entry_in *e,
			uint32_t *idx);
/* Adds a name of entry idx. */
int ec__index_add_name(ec__index_builder *b, uint32_t idx, const char *name,
		       int person, int alias);
/* Serializes the index; *out is ec__malloc'ed. */
/*
 * Entry counts up to this weigh words with the count itself; above it,
 * the count is rounded up to a step of 1/EC__WEIGHT_STEPS of an octave.
 */
#define EC__WEIGHT_EXACT_MAX 1024
#define EC__WEIGHT_STEPS 32
/* Likewise a word's document frequency above EC__DF_EXACT_MAX. */
#define EC__DF_EXACT_MAX 16
#define EC__DF_STEPS 16
size_t ec__weight_basis(size_t nentries);

int ec__index_serialize(ec__index_builder *b, unsigned char **out, size_t *len);

/*
 * Loads a serialized index (copied); every offset is checked, so a damaged
 * or crafted blob is refused with EC_EFORMAT, never read out of bounds.
 */
int ec__index_load(ec__index **out, const void *blob, size_t len,
		   ec_error *err);
/* As ec__index_load(), taking ownership of blob (ec__malloc'ed; freed on
 * failure too). */
int ec__index_adopt(ec__index **out, unsigned char *blob, size_t len,
		    ec_error *err);
void ec__index_free(ec__index *ix);
size_t ec__index_memory(const ec__index *ix);

uint32_t ec__index_nentries(const ec__index *ix);
uint32_t ec__index_nnames(const ec__index *ix);

/* An entry's carried fields; strings borrowed from the index. */
typedef struct ec__ix_entry_view {
	const char *entry_id, *list, *source, *name, *type, *country;
	const char *addr; /* naddr consecutive NUL-terminated strings */
	uint32_t naddr;
	int64_t rowid;
	const char *license_requirement, *license_policy;
	const char *federal_register_notice, *start_date, *end_date;
	const char *programs;
	uint32_t text_id; /* same id for the same (requirement, policy)
			     texts; below ec__index_ntexts() */
	const char *dates_of_birth, *nationalities, *citizenships, *ids;
} ec__ix_entry_view;

/* Number of distinct (license requirement, policy) text pairs. */
uint32_t ec__index_ntexts(const ec__index *ix);

void ec__index_entry(const ec__index *ix, uint32_t idx, ec__ix_entry_view *v);

/* A listed name: its entry, display string and token views.  An id out of
 * range asserts in debug builds and, in release, gets the safe values
 * documented in index_load.c (an empty entry, "", 0 tokens). */
uint32_t ec__index_name_entry(const ec__index *ix, uint32_t name);
const char *ec__index_name_text(const ec__index *ix, uint32_t name);
int ec__index_name_is_person(const ec__index *ix, uint32_t name);
/* Fills up to max views; returns the count. */
size_t ec__index_name_views(const ec__index *ix, uint32_t name, ec__tview *v,
			    size_t max);

/*
 * Forgets the query words the pooled search memory remembered, so that the
 * next search starts cold (for benchmarks); not while another thread
 * searches.
 */
void ec__index_forget(ec__index *ix);

/*
 * Weights query tokens with the lists' statistics (unknown words weigh
 * EC__W_UNKNOWN).
 */
void ec__index_weigh(const ec__index *ix, ec__tview *q, size_t nq);

/* A candidate name and the best score it could possibly reach. */
typedef struct ec__cand {
	uint32_t name;
	float bound;
} ec__cand;

/*
 * Every name that can score at least min_score against q, by the same
 * pairing gate the scorer uses: no name that could reach min_score is left
 * out.  *out is ec__malloc'ed (free with ec__free).
 */
int ec__index_candidates(const ec__index *ix, const ec__tview *q, size_t nq,
			 double min_score, ec__cand **out, size_t *n);

#endif
