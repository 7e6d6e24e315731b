/*
 * test_audit.c: ec_audit_record() gives one line of JSON naming the data
 * a decision stood on, and stays one valid UTF-8 line whatever the query
 * held.  (tests/test_workflow.py parses the records the tool writes.)
 */
#include "helpers.h"

#define snap th_sample

static char *record(const char *name, const ec_audit_info *info)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_party p = {name, EC_ROLE_END_USER, "CN", NULL};
	ec_decision *d;
	ec_error err;
	char *line = (char *)&line;

	q.nparties = 1;
	q.parties = &p;
	q.date = "2019-06-01";
	assert_int_equal(ec_check(&d, snap, &q, &err), 0);
	assert_int_equal(ec_audit_record(&line, snap, &q, d, info, &err), 0);
	ec_decision_free(d);
	return line;
}

static void expect(const char *line, const char *part)
{
	const char *found = line ? strstr(line, part) : NULL;

	if (!found)
		fail_msg("the record lacks %s:\n%s", part, line ? line : "");
}

static void test_record(void **state)
{
	ec_audit_info info = EC_AUDIT_INFO_INIT;
	const ec_snapshot_info *in = ec_snapshot_info_get(snap);
	char want[128], *line;
	size_t n;

	(void)state;
	info.time = 1764748800; /* 2025-12-03T08:00:00Z */
	info.analyst = "alice";
	info.tool = "test 1";
	info.input = "orders.csv";
	info.line = 12;
	line = record("Huawei Technologies Co. Ltd.", &info);
	n = strlen(line);
	assert_true(n > 2 && line[0] == '{' && line[n - 1] == '\n');
	assert_ptr_equal(strchr(line, '\n'), line + n - 1);
	expect(line, "\"time\":\"2025-12-03T08:00:00Z\"");
	expect(line, "\"analyst\":\"alice\"");
	expect(line, "\"input\":\"orders.csv\",\"line\":12");
	assert_int_equal(strlen(in->sha256), 64);
	snprintf(want, sizeof(want), "\"sha256\":\"%s\"", in->sha256);
	expect(line, want);
	expect(line, "\"rules_sha256\":\"");
	expect(line, "\"status\":\"LICENSE_REQUIRED\"");
	expect(line, "\"entry_id\":\"ecs-el-0001\"");
	expect(line, "\"role\":\"end_user\"");
	ec_audit_record_free(line);
	ec_audit_record_free(NULL);
}

static void test_hostile_query(void **state)
{
	char *line;

	(void)state;
	/* A newline, a quote, a control byte and bytes that are not UTF-8. */
	line = record("Acme \"X\"\n\x01"
		      "Co \xff\xfe Ltd",
		      NULL);
	assert_ptr_equal(strchr(line, '\n'), line + strlen(line) - 1);
	expect(line, "\"name\":\"Acme \\\"X\\\"\\u000a\\u0001Co \\ufffd\\ufffd "
		     "Ltd\"");
	ec_audit_record_free(line);
}

static void test_invalid(void **state)
{
	ec_audit_info info = EC_AUDIT_INFO_INIT;
	ec_error err;
	char *line = (char *)&line;

	(void)state;
	assert_int_equal(ec_audit_record(&line, snap, NULL, NULL, NULL, &err),
			 EC_EINVAL);
	info.version = 99;
	assert_int_equal(ec_audit_record(&line, NULL, NULL, NULL, &info, &err),
			 EC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_hostile_query),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, th_sample_setup,
				      th_shared_teardown);
}
