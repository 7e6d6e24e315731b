/*
 * test_searchmem.c: the search memory a snapshot pools between searches
 * (lib/index.c) remembers the listed words each query word pairs with.
 * What it remembers must never change an answer: every search here is
 * run cold (nothing remembered), warm in order, warm in reverse order and
 * after a word's slot was taken by another word, and the results must be
 * the same, entry for entry and score for score.
 */
#include "helpers.h"

#include "common.h"
#include "index.h"
#include "snapshot.h"
#include "xorshift.h"

#define NQUERIES 600

static ec_snapshot *csl;
static char *queries[NQUERIES];
static size_t nqueries;

/* Deterministic pseudo-random numbers (xorshift). */
static uint32_t rng = 88172645u;

static uint32_t next(void)
{
	return xorshift32(&rng);
}

/*
 * Listed names as published, lowercased, with a letter doubled or with
 * their last word dropped, and names built from the words of two entries:
 * many queries share words, so most searches find some remembered.
 */
static void make_queries(void)
{
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;
	char prev[256] = "";
	size_t i = 0;

	assert_int_equal(ec_entry_iter_new(&it, csl, &err), 0);
	while (nqueries < NQUERIES && ec_entry_iter_next(it, &e, &err) == 0) {
		char buf[512];
		size_t len;

		if (i++ % 23)
			continue;
		snprintf(buf, sizeof(buf), "%s", e->name);
		len = strlen(buf);
		switch (next() % 4) {
		case 1:
			for (size_t k = 0; k < len; k++)
				if (buf[k] >= 'A' && buf[k] <= 'Z')
					buf[k] = (char)(buf[k] - 'A' + 'a');
			break;
		case 2:
			if (len > 4 && len + 1 < sizeof(buf)) {
				size_t at = 1 + next() % (len - 2);

				memmove(buf + at + 1, buf + at, len - at + 1);
			}
			break;
		case 3: {
			char *sp = strrchr(buf, ' ');

			if (sp && sp != buf)
				*sp = '\0';
			break;
		}
		}
		queries[nqueries++] = strdup(buf);
		if (prev[0] && nqueries < NQUERIES) {
			const char *a = strchr(prev, ' '),
				   *b = strchr(e->name, ' ');

			snprintf(buf, sizeof(buf), "%.*s%s",
				 (int)(a ? (size_t)(a - prev) : strlen(prev)),
				 prev, b ? b : "");
			queries[nqueries++] = strdup(buf);
		}
		snprintf(prev, sizeof(prev), "%s", e->name);
	}
	ec_entry_iter_free(it);
	assert_true(nqueries > 300);
}

static int setup(void **state)
{
	(void)state;
	csl = th_open_csl2022();
	if (!csl)
		return -1;
	make_queries();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nqueries; i++)
		free(queries[i]);
	ec_snapshot_free(csl);
	return 0;
}

/* The answer to one query as text: every entry, name and score. */
static char *answer(const char *query, double min_score)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m;
	ec_error err;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;

	o.min_score = min_score;
	assert_int_equal(ec_search(&m, csl, query, &o, &err), 0);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	for (i = 0; i < ec_matches_count(m); i++) {
		const ec_match *x = ec_matches_get(m, i);

		fprintf(f, "%s/%s/%s/%.9f;", x->list, x->entry_id,
			x->matched_name, x->score);
	}
	fclose(f);
	ec_matches_free(m);
	return out;
}

static void check_at(double min_score)
{
	char *cold[NQUERIES];
	size_t i, found = 0;

	for (i = 0; i < nqueries; i++) {
		ec__index_forget(csl->ix);
		cold[i] = answer(queries[i], min_score);
		found += cold[i][0] != '\0';
	}
	/* The queries must find things, or the comparison proves little. */
	assert_true(found > nqueries / 2);
	for (i = 0; i < nqueries; i++) {
		char *warm = answer(queries[i], min_score);

		if (strcmp(warm, cold[i]) != 0)
			fail_msg("\"%s\" at %.2f: warm %s, cold %s", queries[i],
				 min_score, warm, cold[i]);
		free(warm);
	}
	for (i = nqueries; i-- > 0;) {
		char *warm = answer(queries[i], min_score);

		if (strcmp(warm, cold[i]) != 0)
			fail_msg("\"%s\" at %.2f (reverse order): warm %s, "
				 "cold %s",
				 queries[i], min_score, warm, cold[i]);
		free(warm);
	}
	for (i = 0; i < nqueries; i++)
		free(cold[i]);
}

static void test_remembered_words_change_nothing(void **state)
{
	(void)state;
	check_at(-1);	/* the default threshold */
	check_at(0.65); /* the decision engine's review floor */
	check_at(0.40);
}

/*
 * Two searches at once each take their own memory from the pool, and a
 * search after a failed one (out of memory) starts from clean memory.
 */
static void test_failed_search_leaves_no_trace(void **state)
{
	char *before, *after;
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m;
	ec_error err;
	int rc = EC_ENOMEM;
	long n;

	(void)state;
	o.min_score = 0.65;
	before = answer("Huawei Technologies Co Ltd", 0.65);
	assert_true(strstr(before, "EL/") != NULL);
	/* Fail each allocation of one search in turn until it succeeds. */
	for (n = 1; rc == EC_ENOMEM && n < 10000; n++) {
		ec__alloc_fail_at(n);
		rc = ec_search(&m, csl, "Huwaei Technologis Shenzen", &o, &err);
		ec__alloc_fail_at(0);
		if (rc == 0)
			ec_matches_free(m);
		else
			assert_int_equal(rc, EC_ENOMEM);
		after = answer("Huawei Technologies Co Ltd", 0.65);
		assert_string_equal(before, after);
		free(after);
	}
	assert_int_equal(rc, 0);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remembered_words_change_nothing),
		cmocka_unit_test(test_failed_search_leaves_no_trace),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
