/*
 * test_entryset.c: a search restricted to given entries
 * (ec_search_opts.entries) scores each as the full search does, and the
 * words' weight basis that lets `screen --since` trust unchanged weights.
 */
#include "helpers.h"

#include "index.h"

static ec_matches *search(const char *name, const ec_search_opts *o)
{
	ec_matches *m = NULL;
	ec_error err;

	if (ec_search(&m, th_csl, name, o, &err))
		fail_msg("search \"%s\": %s", name, err.text);
	return m;
}

/* Each match of a full search scores the same restricted to its entry. */
static void test_same_scores_as_full_search(void **state)
{
	static const char *names[] = {"Huawei Technologies",
				      "Rosoboronexport",
				      "ABEDSHAHI, Omid",
				      "Ruelas Torres Jose Luis",
				      "Nile Petroleum Corp",
				      "Bank Melli Iran",
				      "Mahan Air"};
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	size_t i, k, checked = 0;

	(void)state;
	o.min_score = 0.65;
	o.limit = 0;
	o.country = "IR";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ec_matches *all = search(names[i], &o);

		for (k = 0; k < ec_matches_count(all); k++) {
			const ec_match *x = ec_matches_get(all, k);
			ec_entry_ref ref = {x->list, x->entry_id};
			ec_search_opts r = o;
			ec_matches *one;

			r.nentries = 1;
			r.entries = &ref;
			one = search(names[i], &r);
			assert_int_equal(ec_matches_count(one), 1);
			assert_string_equal(ec_matches_get(one, 0)->entry_id,
					    x->entry_id);
			assert_true(ec_matches_get(one, 0)->score == x->score);
			ec_matches_free(one);
			checked++;
		}
		ec_matches_free(all);
	}
	assert_true(checked >= 10);
}

/* Entries that do not reach the minimum, or do not exist, are left out. */
static void test_only_the_given_entries(void **state)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_entry_ref refs[3];
	ec_matches *all, *m;
	const ec_match *top;

	(void)state;
	o.min_score = 0.65;
	o.limit = 0;
	all = search("Huawei Technologies", &o);
	assert_true(ec_matches_count(all) >= 2);
	top = ec_matches_get(all, 1);
	refs[0].list = top->list;
	refs[0].entry_id = top->entry_id;
	refs[1].list = NULL;	    /* any list */
	refs[1].entry_id = "29816"; /* ABEDSHAHI, Omid: another name */
	refs[2].list = "EL";
	refs[2].entry_id = "no-such-entry";
	o.nentries = 3;
	o.entries = refs;
	m = search("Huawei Technologies", &o);
	assert_int_equal(ec_matches_count(m), 1);
	assert_string_equal(ec_matches_get(m, 0)->entry_id, top->entry_id);
	ec_matches_free(m);
	/* The same entry under the wrong list is not it. */
	refs[0].list = "SDN";
	o.nentries = 1;
	m = search("Huawei Technologies", &o);
	assert_int_equal(ec_matches_count(m), 0);
	ec_matches_free(m);
	/* An ID number the entry lists makes it a match whatever the name. */
	refs[0].list = NULL;
	refs[0].entry_id = "29816";
	o.facts.id_number = "B30739724";
	m = search("Nobody Known", &o);
	assert_int_equal(ec_matches_count(m), 1);
	ec_matches_free(m);
	ec_matches_free(all);
}

/* A version 2 caller (no entries member) still searches everything. */
static void test_version_2_options(void **state)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m;

	(void)state;
	o.version = 2;
	o.nentries = 5; /* beyond a version 2 struct: not read */
	o.entries = NULL;
	m = search("Huawei Technologies", &o);
	assert_true(ec_matches_count(m) > 0);
	ec_matches_free(m);
	o.version = 4;
	assert_int_equal(ec_search(&m, th_csl, "x", &o, NULL), EC_EINVAL);
	o.version = 3;
	o.nentries = 1;
	o.entries = &(ec_entry_ref){NULL, NULL};
	assert_int_equal(ec_search(&m, th_csl, "x", &o, NULL), EC_EINVAL);
}

/* Small lists weigh with their size; large ones with a 2% step. */
static void test_weight_basis(void **state)
{
	size_t n, last = 0, steps = 0;

	(void)state;
	for (n = 0; n <= EC__WEIGHT_EXACT_MAX; n++)
		assert_int_equal(ec__weight_basis(n), n);
	for (n = EC__WEIGHT_EXACT_MAX + 1; n < 200000; n++) {
		size_t b = ec__weight_basis(n);

		assert_true(b >= n);
		assert_true((double)b <= (double)n * 1.022 + 1);
		/* Never down, and in steps: a day's update keeps the basis. */
		assert_true(b >= last);
		steps += b != last;
		last = b;
	}
	/* 32 steps an octave, from 1,024 to 200,000 entries. */
	assert_true(steps <= 32 * 8);
	assert_int_equal(ec__weight_basis(15163), ec__weight_basis(15180));
	assert_int_equal(
		ec_snapshot_info_get(th_csl)->weight_basis,
		ec__weight_basis(
			(size_t)ec_snapshot_info_get(th_csl)->entries));
}

/* A small list (the tests' sample) weighs with its own size, as before. */
static void test_small_lists_weigh_as_before(void **state)
{
	ec_snapshot *s = th_open(th_sample_snapshot());
	const ec_snapshot_info *in = ec_snapshot_info_get(s);

	(void)state;
	assert_true(in->entries > 0 && in->entries <= EC__WEIGHT_EXACT_MAX);
	assert_int_equal(in->weight_basis, in->entries);
	ec_snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_scores_as_full_search),
		cmocka_unit_test(test_only_the_given_entries),
		cmocka_unit_test(test_version_2_options),
		cmocka_unit_test(test_weight_basis),
		cmocka_unit_test(test_small_lists_weigh_as_before),
	};

	return th_run_group(tests, th_csl2022_setup, th_shared_teardown);
}
