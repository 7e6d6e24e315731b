/*
 * entryset.c: finds entries by list and id, and the names of an entry, in
 * the name index, for a search restricted to given entries.  Built on
 * first use, lock-free: every thread builds the same map, the first one
 * kept.
 */
#include <stdlib.h>
#include <string.h>

#include "entryset.h"
#include "snapshot.h"

struct ref {
	const char *list, *id; /* borrowed from the index */
	uint32_t idx;
};

struct ec__entry_map {
	uint32_t n;	 /* entries */
	struct ref *ref; /* n, sorted by (id, list) */
	uint32_t *first; /* n + 1: entry e's names are names[first[e]..) */
	uint32_t *names; /* name ids, grouped by entry */
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (!c)
		c = strcmp(x->list, y->list);
	if (!c)
		c = x->idx < y->idx ? -1 : x->idx > y->idx;
	return c;
}

/* Groups the names by entry (a counting sort on the entry). */
static int group_names(struct ec__entry_map *m, const ec__index *ix)
{
	uint32_t nn = ec__index_nnames(ix), i, e, *at;

	m->first = ec__calloc((size_t)m->n + 1, sizeof(*m->first));
	m->names = ec__malloc(((size_t)nn + 1) * sizeof(*m->names));
	at = ec__calloc((size_t)m->n + 1, sizeof(*at));
	if (!m->first || !m->names || !at) {
		ec__free(at);
		return EC_ENOMEM;
	}
	for (i = 0; i < nn; i++)
		if ((e = ec__index_name_entry(ix, i)) < m->n)
			m->first[e + 1]++;
	for (e = 0; e < m->n; e++)
		m->first[e + 1] += m->first[e];
	for (i = 0; i < nn; i++)
		if ((e = ec__index_name_entry(ix, i)) < m->n)
			m->names[m->first[e] + at[e]++] = i;
	ec__free(at);
	return 0;
}

static struct ec__entry_map *build(const ec__index *ix)
{
	struct ec__entry_map *m = ec__calloc(1, sizeof(*m));
	ec__ix_entry_view v;
	uint32_t i;

	if (!m)
		return NULL;
	m->n = ec__index_nentries(ix);
	m->ref = ec__malloc(((size_t)m->n + 1) * sizeof(*m->ref));
	if (!m->ref || group_names(m, ix)) {
		ec__entry_map_free(m);
		return NULL;
	}
	for (i = 0; i < m->n; i++) {
		ec__index_entry(ix, i, &v);
		m->ref[i].list = v.list;
		m->ref[i].id = v.entry_id;
		m->ref[i].idx = i;
	}
	if (m->n)
		qsort(m->ref, m->n, sizeof(*m->ref), ref_cmp);
	return m;
}

int ec__entry_map_get(const ec_snapshot *s, const struct ec__entry_map **out)
{
	struct ec__entry_map *m = atomic_load(&s->entrymap), *expected = NULL;

	if (!m) {
		if (!(m = build(s->ix)))
			return EC_ENOMEM;
		if (!atomic_compare_exchange_strong(
			    (_Atomic(struct ec__entry_map *) *)&s->entrymap,
			    &expected, m)) {
			ec__entry_map_free(m);
			m = expected;
		}
	}
	*out = m;
	return 0;
}

size_t ec__entry_map_find(const struct ec__entry_map *m, const char *list,
			  const char *entry_id, uint32_t *idx, size_t max)
{
	size_t lo = 0, hi = m->n, n = 0;

	while (lo < hi) { /* the first ref with this id */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(m->ref[mid].id, entry_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->n && !strcmp(m->ref[lo].id, entry_id); lo++)
		if (!list || !strcmp(m->ref[lo].list, list)) {
			if (n < max)
				idx[n] = m->ref[lo].idx;
			n++;
		}
	return n;
}

void ec__entry_map_names(const struct ec__entry_map *m, uint32_t e,
			 const uint32_t **names, size_t *n)
{
	*names = m->names;
	*n = 0;
	EC__ASSERT_VOID(e < m->n);
	*names = m->names + m->first[e];
	*n = m->first[e + 1] - m->first[e];
}

void ec__entry_map_free(struct ec__entry_map *m)
{
	if (!m)
		return;
	ec__free(m->ref);
	ec__free(m->first);
	ec__free(m->names);
	ec__free(m);
}
