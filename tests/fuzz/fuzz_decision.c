/*
 * fuzz_decision.c: every input of a license decision.  The input is a
 * scenario in the tests/scenarios/ format ("key = value" lines: party,
 * role, country, address, owner, share, item, origin, us_content, date,
 * activity, fact, contract_date, device_date, supplier, licenses), so the
 * scenario files are the seeds; unknown keys are ignored.  Roles, origins,
 * facts and percentages are passed as raw numbers when they are not names, to
 * reach the checks of out-of-range values.  A decision must be the same twice.
 */
#include "fuzz.h"
#include "../results.h"

#define MAXP 8
#define MAXA 8
#define MAXO 8

static const ec_license_register *test_register(void)
{
	static ec_license_register *r;
	ec_error err;

	if (!r &&
	    ec_license_register_load(
		    &r, fz_source("tests/scenarios/licenses/register.csv"),
		    &err) != 0) {
		fprintf(stderr, "cannot load the test register: %s\n",
			err.text);
		abort();
	}
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_party parties[MAXP];
	const char *acts[MAXA];
	ec_owner owners[MAXO];
	char *lines[64], *copy;
	size_t nlines, i, np = 0, na = 0, no = 0;
	ec_decision *d, *d2;
	ec_error err;
	int rc;

	if (size > 70000)
		return -1;
	memset(parties, 0, sizeof(parties));
	q.date = "2021-01-10";
	nlines = fz_split(data, size, '\n', lines, 64, &copy);
	for (i = 0; i < nlines; i++) {
		char *k = lines[i], *v = strchr(k, '='), *e;

		if (!v)
			continue;
		*v++ = '\0';
		while (*v == ' ')
			v++;
		for (e = v - 2; e >= k && *e == ' '; e--)
			*e = '\0';
		if (!strcmp(k, "party") && np < MAXP) {
			parties[np].name = v;
			parties[np++].role = EC_ROLE_ULTIMATE_CONSIGNEE;
		} else if (!strcmp(k, "role") && np) {
			int r = ec_role_parse(v);

			parties[np - 1].role =
				r >= 0 ? r : (int)strtol(v, NULL, 10);
		} else if (!strcmp(k, "country") && np) {
			parties[np - 1].country = v;
		} else if (!strcmp(k, "address") && np) {
			parties[np - 1].address = v;
		} else if (!strcmp(k, "owner") && np && no < MAXO) {
			char *semi = strchr(v, ';'), *sh;

			memset(&owners[no], 0, sizeof(owners[no]));
			owners[no].party = np - 1;
			owners[no].share_pct = -1;
			if (semi && (sh = strstr(semi, "share=")) != NULL) {
				*semi = '\0';
				owners[no].share_pct = strtod(sh + 6, NULL);
			}
			owners[no++].name = v;
		} else if (!strcmp(k, "share") && no) {
			owners[no - 1].share_pct = strtod(v, NULL);
		} else if (!strcmp(k, "item")) {
			q.item = v;
		} else if (!strcmp(k, "origin")) {
			int o = ec_origin_parse(v);

			q.origin = o >= 0 ? o : (int)strtol(v, NULL, 10);
		} else if (!strcmp(k, "us_content")) {
			q.us_content_pct = strtod(v, NULL);
		} else if (!strcmp(k, "date")) {
			q.date = *v ? v : NULL;
		} else if (!strcmp(k, "activity") && na < MAXA) {
			acts[na++] = v;
		} else if (!strcmp(k, "fact")) {
			unsigned f = ec_fact_parse(v);

			q.facts |= f ? f : (unsigned)strtoul(v, NULL, 10);
		} else if (!strcmp(k, "contract_date")) {
			q.contract_date = v;
		} else if (!strcmp(k, "device_date")) {
			q.device_date = v;
		} else if (!strcmp(k, "supplier")) {
			q.supplier = v;
		} else if (!strcmp(k, "licenses")) {
			q.licenses = test_register();
		}
	}
	/* No date means today: the runs must be reproducible. */
	if (!q.date)
		q.date = "2021-01-10";
	q.nparties = np;
	q.parties = parties;
	q.nactivities = na;
	q.activities = acts;
	q.nowners = no;
	q.owners = owners;
	rc = ec_check(&d, fz_sample(), &q, &err);
	if (rc) {
		FZ_CHECK(rc == EC_EINVAL || rc == EC_ELIMIT, "check: %d %s", rc,
			 err.text);
		FZ_CHECK(d == NULL && err.text[0], "failure detail");
	} else {
		char *a, *b;

		fz_check_decision(d, np);
		FZ_CHECK(ec_check(&d2, fz_sample(), &q, &err) == 0,
			 "second check failed");
		a = tr_decision_str(d);
		b = tr_decision_str(d2);
		FZ_CHECK(strcmp(a, b) == 0, "the same check gave two answers");
		free(a);
		free(b);
		ec_decision_free(d);
		ec_decision_free(d2);
	}
	free(copy);
	return 0;
}
