/*
 * check.c: the call compliance software makes most.  Does shipping an item
 * to these parties on this date need a license, and why?  A purchaser and
 * an end user, an ECCN, a date and the supplier's register of licenses;
 * then the status, the rules that fired with their citations, and the
 * warnings, read from the decision.
 * usage: check SNAPSHOT LICENSES.csv PURCHASER END_USER ITEM DATE
 * Built and run against the installed library by tests/install.
 */
#include <stdio.h>

#include <entitycheck/entitycheck.h>

static void print(const ec_decision *d)
{
	size_t i;

	printf("status: %s%s\n", ec_status_name(d->status),
	       d->needs_review ? " (needs review)" : "");
	printf("review policy: %s\n", ec_policy_name(d->review_policy));
	for (i = 0; i < d->nrules; i++)
		printf("rule %s: %s [%s; %s]\n", d->rules[i].id,
		       d->rules[i].effect, d->rules[i].citation,
		       d->rules[i].cfr);
	for (i = 0; i < d->nauthorizations; i++)
		printf("authorization %s: %s\n", d->authorizations[i].id,
		       d->authorizations[i].why);
	for (i = 0; i < d->nwarnings; i++)
		printf("warning: %s\n", d->warnings[i]);
}

int main(int argc, char **argv)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;
	ec_party parties[2] = {
		{NULL, EC_ROLE_PURCHASER, NULL, NULL},
		{NULL, EC_ROLE_END_USER, NULL, NULL},
	};
	ec_license_register *licenses = NULL;
	ec_snapshot *snap = NULL;
	ec_decision *d = NULL;
	ec_error err;
	int rc = 1;

	if (argc < 7) {
		fprintf(stderr, "usage: check SNAPSHOT LICENSES.csv PURCHASER "
				"END_USER ITEM DATE\n");
		return 2;
	}
	if (ec_snapshot_open(&snap, argv[1], &err) != 0 ||
	    ec_license_register_load(&licenses, argv[2], &err) != 0) {
		fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.text);
		goto done;
	}
	parties[0].name = argv[3];
	parties[1].name = argv[4];
	q.parties = parties;
	q.nparties = 2;
	q.supplier = "Example Components Inc.";
	q.licenses = licenses;
	q.item = argv[5];
	q.date = argv[6];
	if (ec_check(&d, snap, &q, &err) != 0) {
		fprintf(stderr, "check: %s\n", err.text);
		goto done;
	}
	print(d);
	rc = 0;
done:
	ec_decision_free(d);
	ec_license_register_free(licenses);
	ec_snapshot_free(snap);
	return rc;
}
