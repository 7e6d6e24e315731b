/*
 * address.c: finds the address-only Entity List entries of a snapshot
 * (an entry whose name is its own address, as 89 FR 51644 lists eight
 * Hong Kong addresses) and compares a party's address with them.
 */
#include <ctype.h>
#include <string.h>

#include "address.h"
#include "snapshot.h"

#define ADDR_MAX_WORDS 64

struct ec__addr_set {
	size_t n;
	uint32_t idx[];
};

/* An address as lower-case ASCII words and numbers. */
typedef struct words {
	size_t n;
	char w[ADDR_MAX_WORDS][32];
} words;

static void split(const char *s, words *out)
{
	size_t len = 0;

	out->n = 0;
	for (;; s++) {
		int c = (unsigned char)*s;
		int part = c >= 0x80 || isalnum(c);

		if (part && out->n < ADDR_MAX_WORDS && len < 31) {
			out->w[out->n][len++] = (char)tolower(c);
			continue;
		}
		if (len) {
			out->w[out->n++][len] = '\0';
			len = 0;
		}
		if (!c || out->n == ADDR_MAX_WORDS)
			return;
	}
}

static int is_number(const char *w)
{
	for (; *w; w++)
		if (isdigit((unsigned char)*w))
			return 1;
	return 0;
}

/* The listed address without its trailing ISO-2 country code. */
static size_t listed_words(const words *l)
{
	if (l->n > 1 && strlen(l->w[l->n - 1]) == 2 &&
	    !is_number(l->w[l->n - 1]))
		return l->n - 1;
	return l->n;
}

int ec__address_match(const char *party, const char *listed)
{
	words p, l;
	size_t i, k = 0, n, found = 0, nums = 0, nums_found = 0;

	if (!party || !listed)
		return 0;
	split(party, &p);
	split(listed, &l);
	n = listed_words(&l);
	if (n < 3)
		return 0; /* too short to stand for an address */
	/* In order: every listed word in turn, later in the party's. */
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = k; j < p.n; j++)
			if (strcmp(p.w[j], l.w[i]) == 0)
				break;
		if (j < p.n) {
			found++;
			k = j + 1;
		}
	}
	if (found == n)
		return 2;
	/* Words missing or out of order: the numbers must all agree. */
	for (i = 0; i < n; i++) {
		size_t j;

		if (!is_number(l.w[i]))
			continue;
		nums++;
		for (j = 0; j < p.n; j++)
			if (strcmp(p.w[j], l.w[i]) == 0)
				break;
		nums_found += j < p.n;
	}
	return nums && nums_found == nums && found * 3 >= n * 2 ? 1 : 0;
}

/* Is the entry's name its own (first) address? */
static int address_only(const ec__ix_entry_view *v)
{
	words a, b;
	size_t i, n;

	if (strcmp(v->list, "EL") != 0 || v->naddr == 0 ||
	    !strpbrk(v->name, "0123456789"))
		return 0;
	split(v->name, &a);
	split(v->addr, &b);
	n = listed_words(&b);
	if (a.n != n && a.n != b.n)
		return 0;
	for (i = 0; i < a.n; i++)
		if (strcmp(a.w[i], b.w[i]) != 0)
			return 0;
	return a.n >= 3;
}

static struct ec__addr_set *find_all(const ec__index *ix)
{
	uint32_t i, n = ec__index_nentries(ix), count = 0;
	struct ec__addr_set *set;
	ec__ix_entry_view v;

	for (i = 0; i < n; i++) {
		ec__index_entry(ix, i, &v);
		count += (uint32_t)address_only(&v);
	}
	set = ec__malloc(sizeof(*set) + (count ? count : 1) * sizeof(uint32_t));
	if (!set)
		return NULL;
	set->n = 0;
	for (i = 0; i < n && set->n < count; i++) {
		ec__index_entry(ix, i, &v);
		if (address_only(&v))
			set->idx[set->n++] = i;
	}
	return set;
}

int ec__address_entries(const ec_snapshot *s, const uint32_t **idx, size_t *n)
{
	struct ec__addr_set *set = atomic_load(&s->addrset), *expected = NULL;

	if (!set) {
		set = find_all(s->ix);
		if (!set)
			return EC_ENOMEM;
		/* Every thread finds the same set: keep the first. */
		if (!atomic_compare_exchange_strong(
			    (_Atomic(struct ec__addr_set *) *)&s->addrset,
			    &expected, set)) {
			ec__free(set);
			set = expected;
		}
	}
	*idx = set->idx;
	*n = set->n;
	return 0;
}

void ec__address_set_free(struct ec__addr_set *set)
{
	ec__free(set);
}
