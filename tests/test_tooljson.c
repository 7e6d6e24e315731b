/*
 * test_tooljson.c: the tool's JSON writer (tools/json.c): numbers are
 * written as printf's "%.4f" writes them, byte for byte, also where the
 * writer does it without printf, so that the command's and the server's
 * output never change with the fast path.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

static void check_num(double v)
{
	char ref[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json j;

	assert_non_null(f);
	json_init(&j, f, 0);
	json_num(&j, NULL, v);
	assert_int_equal(fclose(f), 0);
	snprintf(ref, sizeof(ref), "%.4f", v);
	if (strcmp(ref, buf) != 0)
		fail_msg("%.17g: printf %s, writer %s", v, ref, buf);
	free(buf);
}

static void numbers_as_printf(void **state)
{
	static const double fixed[] = {
		0,	 -0.0,	     0.5,	 0.00005,  0.00015, 0.00025,
		0.99995, 1,	     -1,	 0.12345,  0.80,    0.65,
		100,	 9999.99995, 9999.99994, -0.00001, 1e-300,  123.45675,
		1e4,	 1e4 - 1e-9, 12345678.5, 1e300};
	unsigned long x = 88172645463325252ul;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		check_num(fixed[i]);
		check_num(-fixed[i]);
	}
	for (i = 0; i < 300000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (i % 3) {
		case 0: /* scores */
			v = (double)(x % 1000000007ul) / 1000000007.0;
			break;
		case 1: /* ties at the 5th decimal, and their neighbours */
			v = (double)(x % 20000000ul) / 100000.0 - 100.0 +
			    (double)(x % 3) * 1e-9;
			break;
		default: /* percentages */
			v = (double)(x % 100000001ul) / 1000000.0;
		}
		check_num(v);
	}
}

static void non_finite_is_null(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json j;

	(void)state;
	json_init(&j, f, 0);
	json_arr_open(&j, NULL);
	json_num(&j, NULL, INFINITY);
	json_num(&j, NULL, NAN);
	json_arr_close(&j);
	fclose(f);
	assert_string_equal(buf, "[null,null]");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_as_printf),
		cmocka_unit_test(non_finite_is_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
