/*
 * fuzz_licenses.c: a supplier's license register, loaded and then used
 * by a check against the sample snapshot.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path("register.csv");
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_license_register *r;
	ec_decision *d;
	ec_error err;
	int rc;

	if (size > FZ_MAX_INPUT)
		return -1;
	fz_write(path, data, size);
	rc = ec_license_register_load(&r, path, &err);
	if (rc) {
		fz_check_refused(rc, r, &err);
		return 0;
	}
	q.supplier = "Example Components Inc.";
	q.licenses = r;
	q.item = "EAR99";
	q.date = "2019-11-25";
	d = fz_check_huawei(q);
	ec_decision_free(d);
	ec_license_register_free(r);
	return 0;
}
