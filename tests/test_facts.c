/*
 * test_facts.c: identifying facts (date of birth, nationality, ID number,
 * type) as evidence beside the name, on the full 2022 CSL.
 */
#include "helpers.h"

#include "match.h"

/* SDN 29816: ABEDSHAHI, Omid, born 1983-01-21, IR, passport B30739724. */
static const char omid_id[] = "29816";

/* The match for entry id in a search at the review floor, or NULL. */
static const ec_match *find_entry(ec_matches **m, const char *name,
				  const ec_party_facts *f, const char *id)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_error err;
	size_t i;

	o.min_score = EC__REVIEW_FLOOR;
	o.limit = 0;
	o.facts = *f;
	assert_int_equal(ec_search(m, th_csl, name, &o, &err), 0);
	for (i = 0; i < ec_matches_count(*m); i++)
		if (strcmp(ec_matches_get(*m, i)->entry_id, id) == 0)
			return ec_matches_get(*m, i);
	return NULL;
}

/* The match for SDN 29816 (Omid Abedshahi), or NULL. */
static const ec_match *find(ec_matches **m, const char *name,
			    const ec_party_facts *f)
{
	return find_entry(m, name, f, omid_id);
}

/* The contribution of the fact line named fact, asserting it is there. */
static double fact(const ec_match *x, const char *fact)
{
	size_t i;

	for (i = 0; i < x->explanation.nfacts; i++)
		if (strcmp(x->explanation.facts[i].fact, fact) == 0) {
			assert_non_null(x->explanation.facts[i].note);
			return x->explanation.facts[i].contribution;
		}
	fail_msg("no %s line in the explanation", fact);
	return 0;
}

/* The score is the name, the country and the facts, line by line. */
static void assert_adds_up(const ec_match *x)
{
	double sum = x->explanation.name_score + x->explanation.country_adjust;
	size_t i;

	for (i = 0; i < x->explanation.nfacts; i++)
		sum += x->explanation.facts[i].contribution;
	assert_true(sum > x->score - 1e-6 && sum < x->score + 1e-6);
}

static void test_dob_agrees(void **state)
{
	ec_party_facts f = {"1983-01-21", "Iran", NULL, NULL, NULL};
	ec_matches *m = NULL;
	const ec_match *x;

	(void)state;
	/* A misspelt name, so that the facts have room to add. */
	x = find(&m, "Omed Abedshahi", &f);
	assert_non_null(x);
	assert_true(x->explanation.name_score < 0.95);
	assert_true(fact(x, "date_of_birth") > 0);
	assert_true(fact(x, "nationality") > 0);
	assert_adds_up(x);
	ec_matches_free(m);
}

static void test_dob_certain_contradiction(void **state)
{
	ec_party_facts f = {"1990-05-05", NULL, NULL, NULL, NULL};
	ec_matches *m = NULL;

	(void)state;
	/* Two full dates that differ: not the same man, not even review. */
	assert_null(find(&m, "Omid Abedshahi", &f));
	ec_matches_free(m);
	/* A year alone that differs from an exact listed date: as certain. */
	f.date_of_birth = "1990";
	assert_null(find(&m, "Omid Abedshahi", &f));
	ec_matches_free(m);
	/* The same year, month unknown: agrees. */
	f.date_of_birth = "1983";
	assert_non_null(find(&m, "Omid Abedshahi", &f));
	ec_matches_free(m);
}

static void test_nationality_only_lowers(void **state)
{
	ec_party_facts f = {NULL, "DE", NULL, NULL, NULL};
	ec_matches *m = NULL;
	const ec_match *x;

	(void)state;
	/* A different nationality is not certain: the score drops, but a
	 * hit stays at least a possible match. */
	x = find(&m, "Omid Abedshahi", &f);
	assert_non_null(x);
	assert_true(fact(x, "nationality") < 0);
	assert_true(x->score >= EC__REVIEW_FLOOR);
	assert_true(x->score < x->explanation.name_score);
	assert_adds_up(x);
	ec_matches_free(m);
	/* A type that contradicts lowers it the same way. */
	f.nationality = NULL;
	f.type = "organization";
	x = find(&m, "Omid Abedshahi", &f);
	assert_non_null(x);
	assert_true(fact(x, "type") < 0);
	ec_matches_free(m);
}

static void test_id_number_finds(void **state)
{
	ec_party_facts f = {NULL, NULL, "b-3073 9724", "Passport", NULL};
	ec_matches *m = NULL;
	const ec_match *x;

	(void)state;
	/* The names share nothing, the passport number is the listed one. */
	x = find(&m, "John Smith", &f);
	assert_non_null(x);
	assert_true(x->score >= EC_DEFAULT_THRESHOLD);
	assert_true(fact(x, "id_number") > 0);
	assert_non_null(strstr(x->explanation.facts[0].note, "B30739724"));
	ec_matches_free(m);
}

static void test_id_dates_are_no_numbers(void **state)
{
	/* SDN 16541 lists "2014-07-11, 2009-07-11, D9005625, Passport": the
	 * dates beside the number are not numbers themselves. */
	ec_search_opts o = EC_SEARCH_OPTS_INIT;

	(void)state;
	o.facts.id_number = "2014-07-11";
	assert_false(th_search_finds(th_csl, "John Smith", o, "16541"));
	o.facts.id_number = "D9005625";
	assert_true(th_search_finds(th_csl, "John Smith", o, "16541"));
}

static void test_bad_facts(void **state)
{
	static const ec_party_facts bad[] = {
		{"1983-13-01", NULL, NULL, NULL, NULL},
		{"83", NULL, NULL, NULL, NULL},
		{NULL, "Atlantis", NULL, NULL, NULL},
		{NULL, "XX", NULL, NULL, NULL},
		{NULL, NULL, "no digits", NULL, NULL},
		{NULL, NULL, NULL, NULL, "vessel"},
	};
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m = NULL;
	ec_error err;
	size_t i;

	(void)state;
	for (i = 0; i < EC__ARRAY_LEN(bad); i++) {
		o.facts = bad[i];
		assert_int_equal(ec_search(&m, th_csl, "Omid", &o, &err),
				 EC_EINVAL);
		assert_null(m);
		assert_true(err.text[0] != '\0');
	}
}

static void test_version1_options(void **state)
{
	/* A caller built against version 1 passes a shorter struct. */
	struct {
		unsigned version;
		double min_score;
		size_t limit;
		const char *country, *address, *list;
	} v1 = {1, -1.0, 10, NULL, NULL, NULL};
	ec_matches *m = NULL;
	ec_error err;

	(void)state;
	assert_int_equal(ec_search(&m, th_csl, "Omid Abedshahi",
				   (const ec_search_opts *)(void *)&v1, &err),
			 0);
	assert_true(ec_matches_count(m) > 0);
	ec_matches_free(m);
}

/* DTC "Thach Hoang Nguyen" and "Wei Sun": no date of birth, nationality
 * or address country listed. */
static const char nguyen_id[] = "bba55325c2f2ab4a21a9c442b650a65e82241fbf";
static const char sun_id[] = "49080cac629511bc41fb23fc9b8acf875de2dc9b";

/* Found at match level; frees *m. */
static void assert_match(ec_matches **m, const ec_match *x)
{
	assert_non_null(x);
	assert_true(x->score >= EC_DEFAULT_THRESHOLD);
	ec_matches_free(*m);
	*m = NULL;
}

/* Held for review by the explanation line named line; frees *m. */
static void assert_held(ec_matches **m, const ec_match *x, const char *line)
{
	assert_non_null(x);
	assert_true(x->score < EC_DEFAULT_THRESHOLD);
	assert_true(x->score >= EC__REVIEW_FLOOR);
	assert_true(fact(x, line) < 0);
	assert_adds_up(x);
	ec_matches_free(*m);
	*m = NULL;
}

/* A partial name that no listed date of birth confirms: review, not match. */
static void test_partial_name_unconfirmed(void **state)
{
	ec_party_facts f = {"1980-02-03", "VN", NULL, NULL, NULL};
	ec_party_facts none = {NULL, NULL, NULL, NULL, NULL};
	ec_matches *m = NULL;
	const ec_match *x;

	(void)state;
	/* Without facts the name alone is a match; with a date of birth the
	 * entry cannot confirm, a possible match, and the explanation says
	 * why. */
	assert_match(&m, find_entry(&m, "Nguyen Thanh", &none, nguyen_id));
	assert_held(&m, find_entry(&m, "Nguyen Thanh", &f, nguyen_id),
		    "evidence");
	/* A nationality alone identifies no one: no bound. */
	f.date_of_birth = NULL;
	x = find_entry(&m, "Nguyen Thanh", &f, nguyen_id);
	assert_non_null(x);
	assert_int_equal(x->explanation.nfacts, 0);
	assert_match(&m, x);
	/* An extra given name is a word left over; the listed name itself,
	 * the same words, is no partial name. */
	f.date_of_birth = "1980-02-03";
	f.nationality = "CN";
	assert_held(&m, find_entry(&m, "Wei Yong Sun", &f, sun_id), "evidence");
	assert_match(&m, find_entry(&m, "Sun Wei", &f, sun_id));
}

/* A date of birth that agrees confirms a partial name, unless another
 * fact contradicts the entry. */
static void test_partial_name_confirmed(void **state)
{
	ec_party_facts f = {"1983-01-21", NULL, NULL, NULL, NULL};
	ec_matches *m = NULL;

	(void)state;
	assert_match(&m, find(&m, "Omed Abedshahi", &f));
	f.nationality = "DE";
	assert_held(&m, find(&m, "Omed Abedshahi", &f), "evidence");
}

/* A person against an organization: never a certain match by name. */
static void test_type_holds_below_match(void **state)
{
	ec_party_facts f = {NULL, NULL, NULL, NULL, "organization"};
	ec_party_facts p = {"1980-02-03", NULL, NULL, NULL, NULL};
	ec_matches *m = NULL;
	const ec_match *x;

	(void)state;
	/* The exact name of a listed person, given as an organization. */
	assert_held(&m, find(&m, "Omid Abedshahi", &f), "type");
	/* EL "Yixin Science and Technology Co. Ltd." (alias "Yuxin
	 * Technology") has no listed type: its business word says what it
	 * is. */
	x = find_entry(&m, "Yu Xin", &p,
		       "4d0b27768e22d5a71fb87640b0d9ceb5aa7558e1");
	assert_non_null(x);
	assert_true(x->explanation.name_score >= EC_DEFAULT_THRESHOLD);
	assert_held(&m, x, "type");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dob_agrees),
		cmocka_unit_test(test_dob_certain_contradiction),
		cmocka_unit_test(test_nationality_only_lowers),
		cmocka_unit_test(test_id_number_finds),
		cmocka_unit_test(test_id_dates_are_no_numbers),
		cmocka_unit_test(test_bad_facts),
		cmocka_unit_test(test_version1_options),
		cmocka_unit_test(test_partial_name_unconfirmed),
		cmocka_unit_test(test_partial_name_confirmed),
		cmocka_unit_test(test_type_holds_below_match),
	};

	return cmocka_run_group_tests(tests, th_csl2022_setup,
				      th_shared_teardown);
}
