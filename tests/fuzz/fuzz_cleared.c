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
	ec_party p = {"Huawei Technologies Co., Ltd.",
		      EC_ROLE_ULTIMATE_CONSIGNEE, "CN", NULL};
	const char *id = "C1";
	ec_error err;
	int rc;

	if (size > FZ_MAX_INPUT)
		return -1;
	fz_write(path, data, size);
	rc = ec_cleared_register_load(&r, path, &err);
	if (rc) {
		FZ_CHECK(rc == EC_EPARSE || rc == EC_ELIMIT, "register: %d %s",
			 rc, err.text);
		FZ_CHECK(r == NULL, "*out set on failure");
		return 0;
	}
	q.nparties = 1;
	q.parties = &p;
	q.party_ids = &id;
	q.cleared = r;
	q.date = "2021-01-10";
	rc = ec_check(&d, fz_sample(), &q, &err);
	FZ_CHECK(rc == 0, "check with a loaded register: %s", err.text);
	FZ_CHECK(d->nmatches + d->ncleared > 0, "the hit vanished");
	fz_check_decision(d, 1);
	ec_decision_free(d);
	ec_cleared_register_free(r);
	return 0;
}
