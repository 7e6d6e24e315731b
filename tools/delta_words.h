/*
 * delta_words.h: the words of the entries an update changed, with their
 * weights, and the test of whether a party's name could match one of
 * those entries at all (the filter of `screen --since`).
 */
#ifndef EC_TOOL_DELTA_WORDS_H
#define EC_TOOL_DELTA_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "tool.h"

typedef struct dwords dwords;

dwords *dwords_new(void);
/*
 * Adds a listed name of an entry of snap (person: the index may read it as
 * a person's, whose middle names count less when left unmatched), with
 * the caller's tag; its words are weighed with snap's statistics; those
 * whose weight differs in other (the other snapshot; NULL: none) are kept
 * as drift words.  0, or -1 out of memory.
 */
int dwords_add(dwords *dw, const ec_snapshot *snap, const ec_snapshot *other,
	       const char *name, int person, uint32_t tag);
/*
 * Whether name holds a drift word: then its entry's score against any row
 * may move, and its names are added too.  1 also when it cannot tell.
 */
int dwords_has_drift(const dwords *dw, const char *name);
size_t dwords_ndrift(const dwords *dw);
/*
 * Indexes the names added; call once, after the last dwords_add().  cur
 * (the current snapshot) weighs a row's words when a name is in reach.
 */
int dwords_finish(dwords *dw, const ec_snapshot *cur);
/*
 * The tags of the names added that name could score bound (at least
 * 0.50) against, on the words alone, into tags (at most max): how many.
 * -1 when the row must be decided whatever they score: name holds a
 * drift word (whose own weight moved), or more than max names qualify.
 * Thread-safe after dwords_finish().
 */
long dwords_candidate(const dwords *dw, const char *name, double bound,
		      uint32_t *tags, size_t max);
void dwords_free(dwords *dw);

#endif
