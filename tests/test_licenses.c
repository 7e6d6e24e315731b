/*
 * test_licenses.c: license registers are read whole and checked: every
 * malformed line is an error with its line number, and a register with an
 * error is never used in part.  Also malformed check queries.
 */
#include "helpers.h"

static const char header[] =
	"license_number,holder,consignee,items,valid_from,valid_to,notes\n";
static const char good1[] =
	"D1,Example Components Inc.,Huawei Technologies Co. Ltd.,EAR99,"
	"2019-11-20,2020-11-19,first\n";
static const char good2[] =
	"D2,Example Components Inc.,ecs-el-0019,ALL,2021-01-01,,open ended\n";

static int load(const char *text, long *line, char *msg, size_t n)
{
	ec_license_register *r = (ec_license_register *)1;
	ec_error err;
	int rc;

	th_write(th_path("reg.csv"), text, strlen(text));
	rc = ec_license_register_load(&r, th_path("reg.csv"), &err);
	if (rc) {
		assert_null(r);
		*line = err.line;
		snprintf(msg, n, "%s", err.text);
		assert_string_equal(err.file, th_path("reg.csv"));
	} else {
		assert_int_equal(ec_license_register_count(r), 2);
		ec_license_register_free(r);
	}
	return rc;
}

static void bad(const char *third, long want_line, const char *fragment)
{
	char text[2048], msg[512];
	long line = 0;

	snprintf(text, sizeof(text), "%s%s%s", header, good1, third);
	assert_int_equal(load(text, &line, msg, sizeof(msg)), EC_EPARSE);
	assert_int_equal(line, want_line);
	if (!strstr(msg, fragment))
		fail_msg("message \"%s\" lacks \"%s\"", msg, fragment);
}

static void test_good(void **state)
{
	char text[1024], msg[256];
	long line;

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s", header, good1, good2);
	assert_int_equal(load(text, &line, msg, sizeof(msg)), 0);
}

static void test_malformed_lines(void **state)
{
	(void)state;
	bad("D3,Acme,Someone,EAR99,2019-13-01,,\n", 3, "date");
	bad("D3,Acme,Someone,EAR99,2019-01-01,2018-01-01,\n", 3, "before");
	bad("D3,Acme,Someone,5X002,2019-01-01,,\n", 3, "5X002");
	bad("D3,Acme,Someone,,2019-01-01,,\n", 3, "items");
	bad("D3,,Someone,EAR99,2019-01-01,,\n", 3, "holder");
	bad("D3,Acme,Someone,EAR99,2019-01-01\n", 3, "fields");
	bad("D1,Acme,Someone,EAR99,2019-01-01,,\n", 3, "line 2");
	bad("D3,Acme,\"Someone,EAR99,2019-01-01,,\n", 3, "quote");
}

static void test_bad_header_and_empty(void **state)
{
	char msg[256];
	long line = 0;

	(void)state;
	assert_int_equal(load("", &line, msg, sizeof(msg)), EC_EPARSE);
	assert_non_null(strstr(msg, "empty"));
	assert_int_equal(load("number,holder\nD1,x\n", &line, msg, sizeof(msg)),
			 EC_EPARSE);
	assert_int_equal(line, 1);
	assert_non_null(strstr(msg, "header"));
}

static void test_bad_queries(void **state)
{
	ec_snapshot *s;
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_party p = {"Huawei Technologies Co., Ltd.", EC_ROLE_END_USER, NULL,
		      NULL};
	const char *acts[] = {"no_such_activity"};
	ec_decision *d = (ec_decision *)1;
	ec_error err;

	(void)state;
	assert_int_equal(ec_snapshot_open(&s, th_sample_snapshot(), &err), 0);
	q.parties = &p;
	q.nparties = 1;
	q.date = "2019-02-30x";
	th_check_invalid(s, &q, "date");
	q.date = "2019-06-01";
	q.item = "XYZ";
	th_check_invalid(s, &q, "ECCN");
	q.item = "5a002.A.1";
	assert_int_equal(ec_check(&d, s, &q, &err), 0);
	assert_string_equal(d->item, "5A002.a.1");
	ec_decision_free(d);
	q.activities = acts;
	q.nactivities = 1;
	th_check_invalid(s, &q, "no_such_activity");
	q.nactivities = 0;
	p.role = 7;
	th_check_invalid(s, &q, NULL);
	p.role = EC_ROLE_END_USER;
	q.nparties = 0;
	th_check_invalid(s, &q, NULL);
	assert_int_equal(ec_check(NULL, s, &q, &err), EC_EINVAL);
	ec_decision_free(NULL);
	ec_snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_bad_header_and_empty),
		cmocka_unit_test(test_bad_queries),
	};

	return th_run_group(tests, NULL, NULL);
}
