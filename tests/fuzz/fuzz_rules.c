/*
 * fuzz_rules.c: a license-rules file (the format of data/rules) compiled
 * into a snapshot with the sample CSV, then consulted by checks: a rule
 * file the build accepts must never crash a decision.
 */
#include "fuzz.h"

static const char *const parties[] = {
	"Huawei Technologies Co., Ltd.",
	"ZTE Kangxun Telecommunications Ltd.",
	"Semiconductor Manufacturing International Corporation",
	"Beijing 8-Star International Co.",
};

static void checks(const ec_snapshot *snap)
{
	static const char *const acts[] = {"existing_network_support"};
	size_t i;

	for (i = 0; i < sizeof(parties) / sizeof(*parties); i++) {
		ec_check_query q = EC_CHECK_QUERY_INIT;
		ec_party p = {parties[i], EC_ROLE_ULTIMATE_CONSIGNEE, "CN",
			      NULL};
		ec_decision *d;
		ec_error err;

		q.nparties = 1;
		q.parties = &p;
		q.item = i % 2 ? "3A991" : "EAR99";
		q.date = i % 2 ? "2016-06-01" : "2019-07-01";
		q.origin = (int)(i % 3);
		q.us_content_pct = i % 3 == 1 ? 30 : -1;
		q.activities = acts;
		q.nactivities = i == 0;
		q.contract_date = "2019-03-01";
		if (ec_check(&d, snap, &q, &err) == 0) {
			fz_check_decision(d, 1);
			ec_decision_free(d);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char dir[600], csv[1024];
	const char *out = fz_path("rules.ecsnap");
	ec_snapshot *snap;
	ec_error err;
	int rc;

	if (size > FZ_MAX_INPUT)
		return -1;
	snprintf(dir, sizeof(dir), "%s", fz_path("rules"));
	mkdir(dir, 0700);
	fz_write(fz_path("rules/fuzz.rules"), data, size);
	snprintf(csv, sizeof(csv), "%s",
		 fz_source("data/sample/entity-list-sample.csv"));
	o.csl_path = csv;
	o.rules_dir = dir;
	o.output_path = out;
	o.created = 1700000000;
	unlink(out);
	rc = ec_build(&o, &err);
	if (rc) {
		FZ_CHECK(rc == EC_EPARSE || rc == EC_ELIMIT, "build: %d %s", rc,
			 err.text);
		return 0;
	}
	rc = ec_snapshot_open(&snap, out, &err);
	FZ_CHECK(rc == 0, "what the build wrote does not open: %s", err.text);
	checks(snap);
	ec_snapshot_free(snap);
	return 0;
}
