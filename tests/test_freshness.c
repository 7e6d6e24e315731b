/*
 * test_freshness.c: every list has an "as of" date, and a decision never
 * outruns it: past the date plus the policy limit, the answer needs review
 * and is never plain NLR; before it, the answer says what the lists cannot
 * know.  Through the library, on snapshots built here.
 */
#include "helpers.h"

#define AS_OF "2020-01-15"

static char snap_path[512], bare_path[512], sample_csv[1024], rules[1024];
/* The two snapshots setup builds, opened: with rules, and without. */
static ec_snapshot *fresh, *bare;

/* The hand-written sample, said to be current as of AS_OF. */
static int setup(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_as_of a = {NULL, AS_OF, NULL};
	ec_error err;

	(void)state;
	/* th_source() reuses one buffer: keep copies. */
	snprintf(sample_csv, sizeof(sample_csv), "%s",
		 th_source("data/sample/entity-list-sample.csv"));
	snprintf(rules, sizeof(rules), "%s", th_source("data/rules"));
	snprintf(snap_path, sizeof(snap_path), "%s", th_path("fresh.ecsnap"));
	snprintf(bare_path, sizeof(bare_path), "%s", th_path("bare.ecsnap"));
	o.csl_path = sample_csv;
	o.rules_dir = rules;
	o.output_path = snap_path;
	o.nas_of = 1;
	o.as_of = &a;
	if (ec_build(&o, &err))
		fail_msg("build: %s", err.text);
	o.rules_dir = NULL; /* on purpose: no rules */
	o.output_path = bare_path;
	if (ec_build(&o, &err))
		fail_msg("build: %s", err.text);
	fresh = th_open(snap_path);
	bare = th_open(bare_path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ec_snapshot_free(fresh);
	ec_snapshot_free(bare);
	return 0;
}

static ec_decision *decide(ec_snapshot *s, const char *party, const char *date,
			   int max_age)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;

	q.max_list_age_days = max_age;
	return th_decide_party(s, q, party, date);
}

/* The sample's unlisted company, decided on date. */
static ec_decision *acme(ec_snapshot *s, const char *date, int max_age)
{
	return decide(s, "Acme Widgets Incorporated", date, max_age);
}

static int warned(const ec_decision *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->nwarnings; i++)
		if (strstr(d->warnings[i], text))
			return 1;
	return 0;
}

static void test_as_of_recorded(void **state)
{
	const ec_snapshot_info *in = ec_snapshot_info_get(fresh);
	size_t i;

	(void)state;
	assert_true(in->nlists > 0);
	for (i = 0; i < in->nlists; i++) {
		assert_string_equal(in->lists[i].as_of, AS_OF);
		assert_string_equal(in->lists[i].as_of_basis, "given");
		assert_int_equal(in->lists[i].removed, 0);
	}
	assert_string_equal(in->sources[0].as_of, AS_OF);
	assert_string_equal(in->history_since, "");
}

/* Inside the window: the plain answer; one day past it: review. */
static void test_window_edge(void **state)
{
	ec_decision *d;

	(void)state;
	d = acme(fresh, "2020-01-22", -1);
	assert_int_equal(d->status, EC_STATUS_NLR);
	assert_false(d->needs_review);
	assert_false(d->lists_outdated);
	ec_decision_free(d);
	d = acme(fresh, "2020-01-23", -1);
	assert_int_equal(d->status, EC_STATUS_NLR);
	assert_true(d->needs_review);
	assert_true(d->lists_outdated);
	assert_true(warned(d, "as of " AS_OF " (given), 8 days before "
			      "2020-01-23, more than the 7 days allowed"));
	assert_true(warned(d, "entitycheck update"));
	ec_decision_free(d);
	/* The caller's policy: 8 days allowed, then 0. */
	d = acme(fresh, "2020-01-23", 8);
	assert_false(d->needs_review);
	ec_decision_free(d);
	d = acme(fresh, "2020-01-16", 0);
	assert_true(d->needs_review);
	ec_decision_free(d);
}

/* Whatever the party and the date: past the limit, never a plain NLR. */
static void test_never_plain_nlr_past_the_limit(void **state)
{
	static const char *const parties[] = {
		"Acme Widgets Incorporated", "Huawei Technologies Co., Ltd.",
		"Zhongxing Telecommunications Equipment Corporation",
		"Beijing 8-Star International Co."};
	char date[11];
	int day, k, month;

	(void)state;
	for (k = 0; k < 4; k++)
		for (month = 1; month <= 12; month++)
			for (day = 1; day <= 28; day += 9) {
				ec_decision *d;
				int late;

				snprintf(date, sizeof(date), "2020-%02d-%02d",
					 month, day);
				late = strcmp(date, "2020-01-22") > 0;
				d = decide(fresh, parties[k], date, -1);
				assert_int_equal(d->lists_outdated, late);
				if (late)
					assert_true(d->needs_review);
				ec_decision_free(d);
			}
}

/* Well before the lists' date: removed entries cannot be seen. */
static void test_early_date_warns(void **state)
{
	ec_decision *d = acme(fresh, "2017-03-01", -1);

	(void)state;
	assert_int_equal(d->status, EC_STATUS_NLR);
	assert_false(d->needs_review);
	assert_true(
		warned(d, "removed before " AS_OF " is not in this snapshot"));
	ec_decision_free(d);
}

static void test_no_rules_means_review(void **state)
{
	ec_decision *d = acme(bare, "2020-01-16", -1);

	(void)state;
	assert_int_equal(ec_snapshot_info_get(bare)->rules, 0);
	assert_true(d->needs_review);
	assert_false(d->lists_outdated);
	assert_true(warned(d, "no license rules"));
	ec_decision_free(d);
}

/* A caller compiled against version 1 of the structs still works. */
static void test_version_1_callers(void **state)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_party p = {"Acme Widgets Incorporated", EC_ROLE_END_USER, NULL,
		      NULL};
	ec_decision *d = NULL;
	ec_error err;

	(void)state;
	q.version = 1;
	q.parties = &p;
	q.nparties = 1;
	q.date = "2020-01-23";
	q.max_list_age_days = 365; /* not read: version 1 has no such field */
	assert_int_equal(ec_check(&d, fresh, &q, &err), 0);
	assert_true(d->lists_outdated); /* the default 7 days */
	ec_decision_free(d);
	o.version = 1;
	o.csl_path = sample_csv;
	o.output_path = th_path("v1.ecsnap");
	o.nas_of = 5; /* not read either */
	assert_int_equal(ec_build(&o, &err), 0);
}

static void test_bad_as_of(void **state)
{
	static const ec_as_of bad[] = {{NULL, "2020-13-01", NULL},
				       {NULL, "2020-02-30", NULL},
				       {NULL, "20-01-01", NULL},
				       {"eu", "2020-01-01", NULL},
				       {NULL, NULL, NULL}};
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_error err;
	size_t i;

	(void)state;
	o.csl_path = sample_csv;
	o.output_path = th_path("bad.ecsnap");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.nas_of = 1;
		o.as_of = &bad[i];
		assert_int_equal(ec_build(&o, &err), EC_EINVAL);
		assert_non_null(strstr(err.text, "as-of"));
		assert_false(th_exists(o.output_path));
	}
}

/* A month is a date too: as of its first day, the safe side. */
static void test_month_as_of(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_as_of a = {"csl", "2020-01", NULL};
	ec_snapshot *s;
	ec_decision *d;
	ec_error err;

	(void)state;
	o.csl_path = sample_csv;
	o.rules_dir = rules;
	o.output_path = th_path("month.ecsnap");
	o.nas_of = 1;
	o.as_of = &a;
	assert_int_equal(ec_build(&o, &err), 0);
	s = th_open(o.output_path);
	assert_string_equal(ec_snapshot_info_get(s)->lists[0].as_of, "2020-01");
	d = acme(s, "2020-01-08", -1);
	assert_false(d->needs_review);
	ec_decision_free(d);
	d = acme(s, "2020-01-09", -1);
	assert_true(d->needs_review);
	ec_decision_free(d);
	ec_snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_of_recorded),
		cmocka_unit_test(test_window_edge),
		cmocka_unit_test(test_never_plain_nlr_past_the_limit),
		cmocka_unit_test(test_early_date_warns),
		cmocka_unit_test(test_no_rules_means_review),
		cmocka_unit_test(test_version_1_callers),
		cmocka_unit_test(test_bad_as_of),
		cmocka_unit_test(test_month_as_of),
	};

	return th_run_group(tests, setup, teardown);
}
