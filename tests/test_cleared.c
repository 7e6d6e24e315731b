/*
 * test_cleared.c: the cleared-hits register and entry fingerprints: a
 * register is read whole (a bad line fails it, with its line), a cleared
 * hit is suppressed while party, entry and fingerprint are unchanged and
 * the decision has not expired, and comes back with a warning otherwise.
 */
#include "helpers.h"

static const char header[] = "party_id,party_name,entry_id,entry_fingerprint,"
			     "reviewer,date,expires,reason\n";
#define FP1 "edd3e6ce1148d1c36e757416761d7aaf26a077f6811de289e69c3cf3009d4042"

#define snap th_sample

static ec_cleared_register *load_text(const char *text, int want_rc,
				      long want_line, const char *fragment)
{
	ec_cleared_register *r = (ec_cleared_register *)1;
	ec_error err;
	int rc;

	th_write(th_path("cleared.csv"), text, strlen(text));
	rc = ec_cleared_register_load(&r, th_path("cleared.csv"), &err);
	assert_int_equal(rc, want_rc);
	if (rc) {
		assert_null(r);
		assert_int_equal(err.line, want_line);
		assert_string_equal(err.file, th_path("cleared.csv"));
		if (!strstr(err.text, fragment))
			fail_msg("\"%s\" lacks \"%s\"", err.text, fragment);
	}
	return rc ? NULL : r;
}

static void bad_line(const char *line, const char *fragment)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "%s\"C9\",\"\",\"ecs-el-0002\",\"%s\","
		 "\"x\",\"2026-01-01\",\"\",\"ok\"\n%s",
		 header, FP1, line);
	load_text(text, EC_EPARSE, 3, fragment);
}

/* The fixture register (tests/cleared/register.csv); caller frees. */
static ec_cleared_register *load_fixture(void)
{
	ec_cleared_register *r = NULL;
	ec_error err;

	if (ec_cleared_register_load(
		    &r, th_source("tests/cleared/register.csv"), &err))
		fail_msg("tests/cleared/register.csv: %s", err.text);
	return r;
}

static void test_load(void **state)
{
	ec_cleared_register *r = load_fixture();
	const char *sha;

	(void)state;
	assert_int_equal(ec_cleared_register_count(r), 2);
	sha = ec_cleared_register_sha256(r);
	assert_int_equal(strlen(sha), 64);
	ec_cleared_register_free(r);
	ec_cleared_register_free(NULL);
	/* A European spreadsheet's separator and spaced headers. */
	r = load_text("party_id; party_name ;entry_id;entry_fingerprint;"
		      "reviewer;date;expires;reason\r\nC1;;ecs-el-0001;" FP1
		      ";alice;2026-12-01;;ok\r\n",
		      0, 0, "");
	assert_int_equal(ec_cleared_register_count(r), 1);
	ec_cleared_register_free(r);
}

static void test_malformed(void **state)
{
	(void)state;
	load_text("", EC_EPARSE, 1, "empty");
	load_text("party,entry\n", EC_EPARSE, 1, "8 columns");
	load_text("party_id,party_name,entry_id,entry_fingerprint,reviewer,"
		  "day,expires,reason\n",
		  EC_EPARSE, 1, "expected \"date\"");
	bad_line("\"\",\"\",\"ecs-el-0001\",\"" FP1
		 "\",\"a\",\"2026-01-01\",\"\",\"r\"\n",
		 "party_id or party_name");
	bad_line("\"C1\",\"\",\"ecs-el-0001\",\"abc\",\"a\",\"2026-01-01\","
		 "\"\",\"r\"\n",
		 "64 hex digits");
	bad_line("\"C1\",\"\",\"ecs-el-0001\",\"" FP1
		 "\",\"a\",\"2026-13-01\",\"\",\"r\"\n",
		 "not YYYY-MM-DD");
	bad_line("\"C1\",\"\",\"ecs-el-0001\",\"" FP1
		 "\",\"a\",\"2026-01-01\",\"2025-01-01\",\"r\"\n",
		 "on or after");
	bad_line("\"C1\",\"\",\"ecs-el-0001\",\"" FP1
		 "\",\"\",\"2026-01-01\",\"\",\"r\"\n",
		 "empty reviewer");
	bad_line("\"C1\",\"\",\"ecs-el-0001\",\"" FP1
		 "\",\"a\",\"2026-01-01\",\"\",\"\"\n",
		 "empty reason");
	bad_line("\"C1\",\"ecs-el-0001\"\n", "2 fields, expected 8");
}

/* Checks name (with id, or NULL) on date against the fixture register. */
static ec_decision *check(const char *name, const char *id, const char *date,
			  unsigned version)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_cleared_register *r;
	ec_party p = {name, EC_ROLE_ULTIMATE_CONSIGNEE, NULL, NULL};
	ec_decision *d;
	ec_error err;

	r = load_fixture();
	q.version = version;
	q.nparties = 1;
	q.parties = &p;
	q.date = date;
	q.cleared = r;
	q.party_ids = &id;
	assert_int_equal(ec_check(&d, snap, &q, &err), 0);
	ec_cleared_register_free(r); /* the decision keeps copies */
	return d;
}

static void test_suppressed(void **state)
{
	ec_decision *d;

	(void)state;
	d = check("Huawei Technologies Co. Ltd.", "C1", "2021-01-01",
		  EC_CHECK_QUERY_VERSION);
	assert_int_equal(d->status, EC_STATUS_NLR);
	assert_int_equal(d->nmatches, 0);
	assert_int_equal(d->ncleared, 1);
	assert_string_equal(d->cleared[0].entry_id, "ecs-el-0001");
	assert_string_equal(d->cleared[0].entry_fingerprint, FP1);
	assert_string_equal(d->cleared[0].reviewer, "alice");
	assert_string_equal(d->cleared[0].reason,
			    "a different company in Shenzhen");
	assert_int_equal(d->cleared[0].line, 2);
	ec_decision_free(d);
	/* Another party id, or a version 1 query: the hit stands. */
	d = check("Huawei Technologies Co. Ltd.", "C2", "2021-01-01",
		  EC_CHECK_QUERY_VERSION);
	assert_int_equal(d->status, EC_STATUS_LICENSE_REQUIRED);
	assert_int_equal(d->ncleared, 0);
	assert_string_equal(d->matches[0].entry_fingerprint, FP1);
	assert_string_equal(d->matches[0].reopened, "");
	ec_decision_free(d);
	d = check("Huawei Technologies Co. Ltd.", "C1", "2021-01-01", 1);
	assert_int_equal(d->status, EC_STATUS_LICENSE_REQUIRED);
	ec_decision_free(d);
	/* By normalized name, whatever the spelling. */
	d = check("HUAWEI CLOUD  BERLIN", NULL, "2021-01-01",
		  EC_CHECK_QUERY_VERSION);
	assert_int_equal(d->status, EC_STATUS_NLR);
	assert_int_equal(d->ncleared, 1);
	assert_string_equal(d->cleared[0].expires, "2027-06-30");
	ec_decision_free(d);
}

/* A direct product is screened twice when the FDP rule does not reach
 * it: a cleared hit is reported once. */
static void test_direct_product_once(void **state)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_cleared_register *r;
	ec_party p = {"Huawei Cloud Berlin", EC_ROLE_ULTIMATE_CONSIGNEE, "DE",
		      NULL};
	ec_decision *d;
	ec_error err;

	(void)state;
	r = load_fixture();
	q.nparties = 1;
	q.parties = &p;
	q.date = "2021-01-01";
	q.origin = EC_ORIGIN_DIRECT_PRODUCT;
	q.item = "EAR99";
	q.cleared = r;
	assert_int_equal(ec_check(&d, snap, &q, &err), 0);
	assert_int_equal(d->ncleared, 1);
	assert_int_equal(d->nmatches, 0);
	ec_decision_free(d);
	ec_cleared_register_free(r);
}

static void test_expired(void **state)
{
	ec_decision *d;
	size_t i;
	int warned = 0;

	(void)state;
	d = check("Huawei Cloud Berlin", NULL, "2027-07-01",
		  EC_CHECK_QUERY_VERSION);
	assert_int_equal(d->status, EC_STATUS_LICENSE_REQUIRED);
	assert_int_equal(d->ncleared, 0);
	assert_string_equal(d->matches[0].reopened,
			    "cleared on 2026-12-01 by bob; the decision "
			    "expired");
	for (i = 0; i < d->nwarnings; i++)
		warned |=
			strstr(d->warnings[i], "the decision expired") != NULL;
	assert_true(warned);
	ec_decision_free(d);
}

static void test_fingerprint(void **state)
{
	ec_entry *e, copy;
	char a[65], b[65];
	ec_error err;

	(void)state;
	assert_int_equal(ec_entry_lookup(&e, snap, "EL", "ecs-el-0001", &err),
			 0);
	ec_entry_fingerprint(e, a);
	assert_string_equal(a, FP1);
	copy = *e;
	copy.alt_names = "Huawei Technologies Company";
	ec_entry_fingerprint(&copy, b);
	assert_string_not_equal(a, b);
	copy = *e;
	copy.license_policy = "Policy of denial.";
	ec_entry_fingerprint(&copy, b);
	assert_string_not_equal(a, b);
	/* Fields moved across a boundary make another digest. */
	copy = *e;
	copy.name = "Huawei";
	copy.alt_names = "Technologies Co., Ltd.";
	ec_entry_fingerprint(&copy, b);
	assert_string_not_equal(a, b);
	ec_entry_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_suppressed),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_direct_product_once),
		cmocka_unit_test(test_fingerprint),
	};

	return cmocka_run_group_tests(tests, th_sample_setup,
				      th_shared_teardown);
}
