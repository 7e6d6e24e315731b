/*
 * fuzz_cleared.c: a register of cleared hits, loaded and then used by a
 * check against the sample snapshot.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path("cleared.csv");
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_cleared_register *r;
	ec_decision *d;
	const char *id = "C1";
	ec_error err;
	int rc;

	if (size > FZ_MAX_INPUT)
		return -1;
	fz_write(path, data, size);
	rc = ec_cleared_register_load(&r, path, &err);
	if (rc) {
		fz_check_refused(rc, r, &err);
		return 0;
	}
	q.party_ids = &id;
	q.cleared = r;
	q.date = "2021-01-10";
	d = fz_check_huawei(q);
	FZ_CHECK(d->nmatches + d->ncleared > 0, "the hit vanished");
	ec_decision_free(d);
	ec_cleared_register_free(r);
	return 0;
}
