/*
 * entryset.h: entries found by list and id, and each entry's names, in
 * the name index: what a search restricted to given entries
 * (ec_search_opts.entries) scores instead of looking up candidates.
 */
#ifndef EC_ENTRYSET_H
#define EC_ENTRYSET_H

#include "common.h"

struct ec_snapshot;
struct ec__entry_map;

/* The snapshot's map, built once on first use; EC_ENOMEM. */
int ec__entry_map_get(const struct ec_snapshot *s,
		      const struct ec__entry_map **out);
/*
 * The entries of list (NULL: any) with id entry_id, as indexes into the
 * name index, into idx (at most max); returns how many there are.
 */
size_t ec__entry_map_find(const struct ec__entry_map *m, const char *list,
			  const char *entry_id, uint32_t *idx, size_t max);
/* The names of entry e: *n of them, from *names. */
void ec__entry_map_names(const struct ec__entry_map *m, uint32_t e,
			 const uint32_t **names, size_t *n);
void ec__entry_map_free(struct ec__entry_map *m);

#endif
