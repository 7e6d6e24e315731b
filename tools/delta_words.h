/*
 * delta_words.h: the words of the entries an update changed, with their
 * weights, and the test of whether a party's name could match one of
 * those entries at all (the filter of `screen --since`).
 */
#ifndef EC_TOOL_DELTA_WORDS_H
#define EC_TOOL_DELTA_WORDS_H

#include "tool.h"

typedef struct dwords dwords;

dwords *dwords_new(void);
/*
 * Adds a listed name of an entry of snap (person: the entry is an
 * individual, whose middle names count less when left unmatched); its
 * words are weighed with snap's statistics; those whose weight differs in
 * other (the other snapshot) are kept as drift words.  0, or -1 out of
 * memory.
 */
int dwords_add(dwords *dw, const ec_snapshot *snap, const ec_snapshot *other,
	       const char *name, int person);
/*
 * Whether name could score a possible match (a review-level score, with
 * the country and address bonuses) against one of the names added, or
 * holds a drift word (which may move its score against an entry that did
 * not change).  Thread-safe.
 */
int dwords_candidate(const dwords *dw, const char *name);
size_t dwords_count(const dwords *dw);
void dwords_free(dwords *dw);

#endif
