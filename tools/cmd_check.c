/*
 * cmd_check.c: `entitycheck check`: does this shipment need a license,
 * and why?  Prints the decision for an analyst, or as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_log.h"
#include "json.h"
#include "query.h"
#include "tool.h"

static void help(void)
{
	const char *const *desc;
	const char *const *tags = ec_check_activities(&desc);
	size_t i;

	fputs("usage: entitycheck [--snapshot PATH] check --party NAME [--role R]\n"
	      "         [--country CC] [--address TEXT]\n"
	      "         [--owner NAME [--share PCT]]... [--dob D] [--nationality C]\n"
	      "         [--id-number N] [--id-type T] [--type T] [--party NAME ...]\n"
	      "         [--item ECCN|EAR99] [--origin us|foreign|direct-product]\n"
	      "         [--us-content PCT] [--direct-product] [--designed-by-party]\n"
	      "         [--food-medicine] [--advanced-node] [--date YYYY-MM-DD]\n"
	      "         [--activity TAG]... [--contract-date D] [--device-date D]\n"
	      "         [--supplier NAME] [--licenses FILE] [--max-list-age DAYS]\n"
	      "         [--cleared FILE [--party-id ID]] [--audit FILE [--analyst NAME]]\n"
	      "         [--json]\n"
	      "\n"
	      "Decides whether the shipment needs a license under the EAR on the\n"
	      "date (default today), from the lists and rules in the snapshot:\n"
	      "status, review policy, the rules that fired with their citations,\n"
	      "the matched entries, usable authorizations, obligations, warnings.\n"
	      "--role, --country, --address and --owner apply to the --party\n"
	      "before them; --share to the --owner before it.\n"
	      "roles: purchaser, intermediate_consignee, ultimate_consignee\n"
	      "(default), end_user.\n"
	      "--address: an address-only Entity List entry (15 CFR 744.16(a))\n"
	      "matches the party on its address alone, whatever its name.\n"
	      "--owner NAME --share PCT: a holder of PCT percent (direct or\n"
	      "indirect; no --share: unknown, reviewed) of the party, screened like\n"
	      "a party; listed owners' shares add up for OFAC's 50% rule and the\n"
	      "BIS Affiliates rule (90 FR 47201) in their windows; below 50%, a\n"
	      "red-flag warning. --licenses reads the supplier's register\n"
	      "(CSV: license_number,holder,consignee,items,valid_from,valid_to,\n"
	      "notes).\n"
	      "--max-list-age DAYS (default 7): a date more than DAYS after a\n"
	      "list's \"as of\" date (see `entitycheck info`) makes the answer\n"
	      "need review, since the list cannot know who was listed since.\n"
	      "--cleared reads a register of cleared hits (false positives\n"
	      "reviewed; doc/workflow.md): a hit on it is reported as cleared and\n"
	      "counts for nothing while the entry is unchanged.  --audit appends\n"
	      "the decision's audit record (one JSON line) to FILE; --analyst\n"
	      "names who asked (default: $USER).\n"
	      "The identifying facts below apply to the --party before them.\n"
	      "\n",
	      stdout);
	fputs(tool_fact_help, stdout);
	fputs("\nactivity tags:\n", stdout);
	for (i = 0; tags[i]; i++)
		printf("  %-34s %s\n", tags[i], desc[i]);
	fputs("\n"
	      "exit codes: 0 NOT_SUBJECT or NLR, 10 NLR_WITH_CONDITIONS,\n"
	      "11 LICENSED, 20 LICENSE_REQUIRED, 30 PROHIBITED; one more (1, 11,\n"
	      "12, 21, 31) when the answer needs review; 2 usage, 3 snapshot,\n"
	      "4 malformed license register, 5 other failure.\n",
	      stdout);
}

static int exit_for(const ec_decision *d)
{
	int base;

	switch (d->status) {
	case EC_STATUS_NLR_WITH_CONDITIONS:
		base = EXIT_NLR_CONDITIONS;
		break;
	case EC_STATUS_LICENSED:
		base = EXIT_LICENSED;
		break;
	case EC_STATUS_LICENSE_REQUIRED:
		base = EXIT_LICENSE_REQUIRED;
		break;
	case EC_STATUS_PROHIBITED:
		base = EXIT_PROHIBITED;
		break;
	default:
		base = EXIT_OK;
	}
	return base + (d->needs_review ? EXIT_NEEDS_REVIEW_FLAG : 0);
}

static void print_text(const ec_decision *d, const ec_check_query *q)
{
	size_t i;

	printf("%s%s%s\n", ec_status_name(d->status),
	       d->needs_review ? "  (NEEDS REVIEW)" : "",
	       d->ofac_blocked ? "  OFAC BLOCKED" : "");
	printf("date %s, item %s", d->date, d->item);
	if (d->review_policy)
		printf(", review policy: %s", ec_policy_name(d->review_policy));
	printf("\n");
	for (i = 0; i < q->nparties; i++)
		printf("party %zu: %s (%s%s%s)\n", i + 1, q->parties[i].name,
		       ec_role_name(q->parties[i].role),
		       q->parties[i].country ? ", " : "",
		       q->parties[i].country ? q->parties[i].country : "");
	if (d->nmatches)
		printf("\nlisted entries:\n");
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		printf("  party %zu%s%s%s ~ %s %s \"%s\" (score %.3f%s, %s%s%s)%s\n",
		       m->party + 1, m->owner ? ", owner \"" : "",
		       m->owner ? m->owner : "", m->owner ? "\"" : "", m->list,
		       m->entry_id, m->matched_name, m->score,
		       m->certain ? "" : ", possible",
		       m->in_force ? "in force" : "NOT in force",
		       m->effective[0] ? m->in_force ? " since " : "; effective "
				       : "",
		       m->effective, m->by_address ? " by address" : "");
	}
	if (d->nrules)
		printf("\nwhy:\n");
	for (i = 0; i < d->nrules; i++) {
		const ec_rule_fired *r = &d->rules[i];

		printf("  - %s\n    [%s; %s%s%s%s%s]\n", r->effect, r->id,
		       r->citation[0] ? r->citation : "-",
		       r->cfr[0] ? "; " : "", r->cfr,
		       r->valid_from[0] ? "; from " : "", r->valid_from);
	}
	if (d->nauthorizations)
		printf("\nauthorizations:\n");
	for (i = 0; i < d->nauthorizations; i++)
		printf("  - %s (%s, %s): %s\n", d->authorizations[i].name,
		       d->authorizations[i].kind, d->authorizations[i].citation,
		       d->authorizations[i].why);
	if (d->nobligations)
		printf("\nobligations:\n");
	for (i = 0; i < d->nobligations; i++)
		printf("  - %s\n", d->obligations[i]);
	if (d->ncleared)
		printf("\ncleared hits (not counted):\n");
	for (i = 0; i < d->ncleared; i++)
		printf("  party %zu ~ %s %s \"%s\": cleared on %s by %s: %s\n",
		       d->cleared[i].party + 1, d->cleared[i].list,
		       d->cleared[i].entry_id, d->cleared[i].matched_name,
		       d->cleared[i].date, d->cleared[i].reviewer,
		       d->cleared[i].reason);
	if (d->nwarnings)
		printf("\nwarnings:\n");
	for (i = 0; i < d->nwarnings; i++)
		printf("  - %s\n", d->warnings[i]);
}

/* Appends the decision's audit record to the log at path. */
static int write_audit(const char *path, const char *analyst,
		       const ec_snapshot *snap, const ec_check_query *q,
		       const ec_decision *d)
{
	audit_log log;
	char *line;
	ec_error err;
	int rc;

	if (audit_open(&log, path, analyst) != EXIT_OK)
		return -1;
	if ((rc = ec_audit_record(&line, snap, q, d, &log.info, &err))) {
		audit_close(&log);
		tool_error("audit record", rc, &err);
		return -1;
	}
	audit_add(&log, line);
	ec_audit_record_free(line);
	return audit_close(&log);
}

/* The files a check reads and writes besides the snapshot. */
struct check_files {
	const char *licenses, *cleared, *party_id, *audit, *analyst;
	ec_license_register *reg;
	ec_cleared_register *creg;
};

/* Takes an option naming one of them; 0 when a is no such option. */
static int file_option(struct check_files *fl, const char *a, const char *v)
{
	const char **dst = !strcmp(a, "--licenses")   ? &fl->licenses
			   : !strcmp(a, "--cleared")  ? &fl->cleared
			   : !strcmp(a, "--party-id") ? &fl->party_id
			   : !strcmp(a, "--audit")    ? &fl->audit
			   : !strcmp(a, "--analyst")  ? &fl->analyst
						      : NULL;

	if (dst)
		*dst = v;
	return dst != NULL;
}

static void files_free(struct check_files *fl)
{
	ec_license_register_free(fl->reg);
	ec_cleared_register_free(fl->creg);
}

/*
 * Reads the license register and the cleared-hits register named on the
 * command line into q; returns EXIT_OK or the exit code of a failure.
 */
static int load_registers(ec_check_query *q, struct check_files *fl)
{
	ec_error err;
	int rc;

	if (fl->licenses) {
		rc = ec_license_register_load(&fl->reg, fl->licenses, &err);
		if (rc)
			return tool_error("cannot read the license register",
					  rc, &err);
		q->licenses = fl->reg;
	}
	if (fl->cleared) {
		rc = ec_cleared_register_load(&fl->creg, fl->cleared, &err);
		if (rc) {
			files_free(fl);
			return tool_error("cannot read the cleared-hits "
					  "register", rc, &err);
		}
		q->cleared = fl->creg;
		/* --party-id names the first party in the register. */
		q->party_ids = fl->party_id ? &fl->party_id : NULL;
	}
	return EXIT_OK;
}

/* Flags of `check` that take no value: each sets one query string. */
static int check_flag(tool_query *t, const char *a)
{
	if (strcmp(a, "--direct-product") == 0)
		return tq_origin(t, "direct-product") ? -1 : 1;
	if (strcmp(a, "--designed-by-party") == 0)
		return tq_fact(t, "designed_by_party") ? -1 : 1;
	if (strcmp(a, "--food-medicine") == 0)
		return tq_fact(t, "food_medicine") ? -1 : 1;
	if (strcmp(a, "--advanced-node") == 0)
		return tq_fact(t, "advanced_node") ? -1 : 1;
	return 0;
}

/* Options of `check` that take a value and go into the query. */
static const struct {
	const char *opt;
	int (*set)(tool_query *t, const char *v);
} query_opts[] = {
	{"--party", tq_party},       {"--role", tq_role},
	{"--country", tq_country},   {"--address", tq_address},
	{"--owner", tq_owner},       {"--share", tq_share},
	{"--origin", tq_origin},     {"--us-content", tq_us_content},
	{"--activity", tq_activity},
};

/*
 * Parses the command line into t; *as_json, the files into *fl.
 * Returns -1 when done, or an exit code (usage, --help).
 */
static int check_args(tool_query *t, int argc, char **argv, int *as_json,
		      struct check_files *fl)
{
	int i, f;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0) {
			help();
			return EXIT_OK;
		} else if (strcmp(a, "--json") == 0) {
			*as_json = 1;
			continue;
		}
		if ((f = check_flag(t, a)) != 0) {
			if (f < 0)
				return tool_usage("check", "%s: %s", a, t->msg);
			continue;
		}
		if (a[0] != '-' || a[1] != '-')
			return tool_usage("check", "unexpected argument '%.64s'",
					  a);
		if (!v)
			return tool_usage("check", "%s needs a value", a);
		i++;
		if ((f = tq_party_fact(t, a, v)) != 0) {
			if (f < 0)
				return tool_usage("check", "%s", t->msg);
			continue;
		}
		for (k = 0; k < sizeof(query_opts) / sizeof(query_opts[0]); k++)
			if (strcmp(a, query_opts[k].opt) == 0)
				break;
		if (k < sizeof(query_opts) / sizeof(query_opts[0])) {
			if (query_opts[k].set(t, v))
				return tool_usage("check", "%s: %s", a, t->msg);
		} else if (strcmp(a, "--item") == 0) {
			t->q.item = v;
		} else if (strcmp(a, "--date") == 0) {
			t->q.date = v;
		} else if (strcmp(a, "--contract-date") == 0) {
			t->q.contract_date = v;
		} else if (strcmp(a, "--device-date") == 0) {
			t->q.device_date = v;
		} else if (strcmp(a, "--supplier") == 0) {
			t->q.supplier = v;
		} else if (strcmp(a, "--max-list-age") == 0) {
			size_t days;

			if (tool_parse_size(v, &days) || days > 36500)
				return tool_usage("check", "--max-list-age is a "
							   "number of days, 0 "
							   "to 36500");
			t->q.max_list_age_days = (int)days;
		} else if (!file_option(fl, a, v)) {
			return tool_usage("check", "unknown option '%.64s'", a);
		}
	}
	if (tq_finish(t))
		return tool_usage("check", "%s", t->msg);
	return -1;
}

int cmd_check(const struct global *g, int argc, char **argv)
{
	tool_query t;
	struct check_files fl;
	const char *path;
	ec_snapshot *snap = NULL;
	ec_decision *d = NULL;
	ec_error err;
	int as_json = 0, rc;

	tq_init(&t);
	memset(&fl, 0, sizeof(fl));
	if ((rc = check_args(&t, argc, argv, &as_json, &fl)) >= 0)
		return rc;
	if ((rc = load_registers(&t.q, &fl)))
		return rc;
	if ((rc = tool_open_snapshot(g, &snap, &path))) {
		files_free(&fl);
		return rc;
	}
	rc = ec_check(&d, snap, &t.q, &err);
	if (rc) {
		ec_snapshot_free(snap);
		files_free(&fl);
		return rc == EC_EINVAL ? tool_usage("check", "%s", err.text)
				       : tool_error("check failed", rc, &err);
	}
	if (as_json) {
		json j;

		json_init(&j, stdout, 1);
		tool_decision_json(&j, d, &t.q);
		json_end(&j);
	}
	else
		print_text(d, &t.q);
	rc = exit_for(d);
	if (fl.audit && write_audit(fl.audit, fl.analyst, snap, &t.q, d))
		rc = EXIT_FAILURE_;
	ec_decision_free(d);
	ec_snapshot_free(snap);
	files_free(&fl);
	return rc;
}
