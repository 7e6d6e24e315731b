/*
 * cmd_check.c: `entitycheck check`: does this shipment need a license,
 * and why?  Prints the decision for an analyst, or as JSON.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_log.h"
#include "csvin.h"
#include "json.h"
#include "opts.h"
#include "query.h"
#include "tool.h"

/* The lists of --help after the option lines. */
static void help_more(FILE *out)
{
	const char *const *desc;
	const char *const *tags = ec_check_activities(&desc);
	size_t i;

	fputs("\n", out);
	fputs(tool_fact_help, out);
	fputs("\nactivity tags:\n", out);
	for (i = 0; tags[i]; i++)
		fprintf(out, "  %-34s %s\n", tags[i], desc[i]);
}

static int exit_for(const ec_decision *d)
{
	int base;

	switch (d->status) {
	case EC_STATUS_NLR_WITH_CONDITIONS:
		base = TOOL_EXIT_NLR_CONDITIONS;
		break;
	case EC_STATUS_LICENSED:
		base = TOOL_EXIT_LICENSED;
		break;
	case EC_STATUS_LICENSE_REQUIRED:
		base = TOOL_EXIT_LICENSE_REQUIRED;
		break;
	case EC_STATUS_PROHIBITED:
		base = TOOL_EXIT_PROHIBITED;
		break;
	default:
		base = TOOL_EXIT_OK;
	}
	return base + (d->needs_review ? TOOL_EXIT_NEEDS_REVIEW_FLAG : 0);
}

/* A heading and an item a line, or nothing when there are none. */
static void print_list(const char *title, const char *const *v, size_t n)
{
	size_t i;

	if (n)
		printf("\n%s:\n", title);
	for (i = 0; i < n; i++)
		printf("  - %s\n", v[i]);
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

		printf("  party %zu%s%s%s ~ %s %s \"%s\" (score %.3f%s, "
		       "%s%s%s)%s\n",
		       m->party + 1, m->owner ? ", owner \"" : "",
		       m->owner ? m->owner : "", m->owner ? "\"" : "", m->list,
		       m->entry_id, m->matched_name, m->score,
		       m->certain ? "" : ", possible",
		       m->in_force ? "in force" : "NOT in force",
		       m->effective[0]
			       ? m->in_force ? " since " : "; effective "
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
	print_list("obligations", d->obligations, d->nobligations);
	if (d->ncleared)
		printf("\ncleared hits (not counted):\n");
	for (i = 0; i < d->ncleared; i++)
		printf("  party %zu ~ %s %s \"%s\": cleared on %s by %s: %s\n",
		       d->cleared[i].party + 1, d->cleared[i].list,
		       d->cleared[i].entry_id, d->cleared[i].matched_name,
		       d->cleared[i].date, d->cleared[i].reviewer,
		       d->cleared[i].reason);
	print_list("warnings", d->warnings, d->nwarnings);
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

	if (audit_open(&log, path, analyst) != TOOL_EXIT_OK)
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
	ec_register_opts ropts; /* --register-encoding */
	ec_license_register *reg;
	ec_cleared_register *creg;
};

static void files_free(struct check_files *fl)
{
	ec_license_register_free(fl->reg);
	ec_cleared_register_free(fl->creg);
}

/*
 * Reads the license register and the cleared-hits register named on the
 * command line into q; returns TOOL_EXIT_OK or the exit code of a failure.
 */
static int load_registers(ec_check_query *q, struct check_files *fl)
{
	ec_error err;
	int rc;

	if (fl->licenses) {
		rc = ec_license_register_load_opts(&fl->reg, fl->licenses,
						   &fl->ropts, &err);
		if (rc)
			return tool_register_error("the license register", rc,
						   &err);
		q->licenses = fl->reg;
	}
	if (fl->cleared) {
		rc = ec_cleared_register_load_opts(&fl->creg, fl->cleared,
						   &fl->ropts, &err);
		if (rc) {
			files_free(fl);
			return tool_register_error("the cleared-hits register",
						   rc, &err);
		}
		q->cleared = fl->creg;
		/* --party-id names the first party in the register. */
		q->party_ids = fl->party_id ? &fl->party_id : NULL;
	}
	return TOOL_EXIT_OK;
}

/* What `check` takes from its command line. */
struct check_opts {
	tool_query t;
	struct check_files fl;
	int json;
};

#define CO(member) offsetof(struct check_opts, member)

/* --register-encoding: a register saved by a spreadsheet. */
static int opt_register_encoding(const struct opts_ctx *c, const char *v)
{
	struct check_opts *o = c->dst;

	if (!(o->fl.ropts.encoding = csvin_encoding(v)))
		return opts_bad(c);
	return 0;
}

/* An OPT_CALL's tq_* result: 0, or the usage error with t->msg. */
static int tq_done(const struct opts_ctx *c, int rc)
{
	const tool_query *t = &((const struct check_opts *)c->dst)->t;

	if (rc)
		return tool_usage("check", "%s: %s", c->row->name, t->msg);
	return 0;
}

/* Options that hand their value to one tq_* setter. */
#define TQ_SETTER(fname, setter)                                               \
	static int fname(const struct opts_ctx *c, const char *v)              \
	{                                                                      \
		return tq_done(c,                                              \
			       setter(&((struct check_opts *)c->dst)->t, v));  \
	}
TQ_SETTER(opt_party, tq_party)
TQ_SETTER(opt_role, tq_role)
TQ_SETTER(opt_country, tq_country)
TQ_SETTER(opt_address, tq_address)
TQ_SETTER(opt_owner, tq_owner)
TQ_SETTER(opt_share, tq_share)
TQ_SETTER(opt_origin, tq_origin)
TQ_SETTER(opt_us_content, tq_us_content)
TQ_SETTER(opt_activity, tq_activity)

static int opt_direct_product(const struct opts_ctx *c, const char *v)
{
	(void)v;
	return tq_done(c, tq_origin(&((struct check_opts *)c->dst)->t,
				    "direct-product"));
}

/* --designed-by-party and the like: the fact is the option's name with
 * '_' for '-' ("designed_by_party"). */
static int opt_fact(const struct opts_ctx *c, const char *v)
{
	char fact[32];
	size_t k;

	(void)v;
	snprintf(fact, sizeof(fact), "%s", c->row->name + 2);
	for (k = 0; fact[k]; k++)
		if (fact[k] == '-')
			fact[k] = '_';
	return tq_done(c, tq_fact(&((struct check_opts *)c->dst)->t, fact));
}

/*
 * --dob, --nationality, ...: an identifying fact of the last party, at
 * .off of its ec_party_facts (OPT_FOLLOWS: a --party came before; the
 * library checks the value).
 */
static int opt_party_fact(const struct opts_ctx *c, const char *v)
{
	tool_query *t = &((struct check_opts *)c->dst)->t;
	char *f = (char *)&t->facts[t->q.nparties - 1];

	*(const char **)(void *)(f + c->row->off) = v;
	return 0;
}

/* The identifying facts: in the synopsis; tool_fact_help lists them. */
#define FACT_ROW(opt, argname, field)                                          \
	{                                                                      \
		.name = opt, .kind = OPT_CALL, .flags = OPT_FOLLOWS,           \
		.arg = argname, .off = offsetof(ec_party_facts, field),        \
		.fn = opt_party_fact                                           \
	}

static const struct opt check_table[] = {
	OPTS_CALL("--party", OPT_ANCHOR | OPT_REPEAT | OPT_REQUIRED, "NAME",
		  opt_party, "at least one party is needed",
		  "a party to the shipment; the options up to the next "
		  "--party apply to it"),
	OPTS_CALL("--role", OPT_FOLLOWS, "R", opt_role, NULL,
		  "purchaser, intermediate_consignee, ultimate_consignee "
		  "(default) or end_user"),
	OPTS_CALL("--country", OPT_FOLLOWS, "CC", opt_country, NULL,
		  "the party's ISO 3166 two-letter country"),
	OPTS_CALL("--address", OPT_FOLLOWS, "TEXT", opt_address, NULL,
		  "the party's address: an address-only Entity List entry "
		  "(15 CFR 744.16(a)) matches on it alone"),
	OPTS_CALL("--owner", OPT_FOLLOWS | OPT_REPEAT, "NAME", opt_owner, NULL,
		  "a holder of (part of) the party, screened like a party"),
	OPTS_CALL("--share", OPT_FOLLOWS | OPT_REPEAT, "PCT", opt_share, NULL,
		  "the --owner's share, direct or indirect (none: unknown, "
		  "reviewed)"),
	TOOL_FACT_ROWS(FACT_ROW),
	OPTS_STRING("--item", "ECCN|EAR99", CO(t.q.item), "the item"),
	OPTS_CALL("--origin", OPT_REPEAT, "us|foreign|direct-product",
		  opt_origin, NULL, "where the item was made"),
	OPTS_CALL("--us-content", 0, "PCT", opt_us_content, NULL,
		  "controlled US content of a foreign-made item"),
	OPTS_CALL("--direct-product", 0, NULL, opt_direct_product, NULL,
		  "the same as --origin direct-product"),
	OPTS_CALL("--designed-by-party", 0, NULL, opt_fact, NULL,
		  "a party designed or produced the item"),
	OPTS_CALL("--food-medicine", 0, NULL, opt_fact, NULL,
		  "the item is food or medicine"),
	OPTS_CALL("--advanced-node", 0, NULL, opt_fact, NULL,
		  "for production at an advanced node"),
	OPTS_STRING("--date", "YYYY-MM-DD", CO(t.q.date),
		    "the date of the shipment (default today)"),
	OPTS_CALL("--activity", OPT_REPEAT, "TAG", opt_activity, NULL,
		  "an activity tag (below)"),
	OPTS_STRING("--contract-date", "D", CO(t.q.contract_date),
		    "the contract's date"),
	OPTS_STRING("--device-date", "D", CO(t.q.device_date),
		    "the device's date"),
	OPTS_STRING("--supplier", "NAME", CO(t.q.supplier), "the supplier"),
	OPTS_STRING("--licenses", "FILE", CO(fl.licenses),
		    "the supplier's license register (CSV: "
		    "license_number,holder,consignee,items,valid_from,valid_to,"
		    "notes)"),
	OPTS_RANGE(OPT_INT, "--max-list-age", "DAYS", CO(t.q.max_list_age_days),
		   0, 36500, "--max-list-age is a number of days, 0 to 36500",
		   "a date more than DAYS (default 7) after a list's \"as "
		   "of\" date (see `entitycheck info`) makes the answer need "
		   "review, since the list cannot know who was listed since"),
	OPTS_STRING("--cleared", "FILE", CO(fl.cleared),
		    "a register of cleared hits (doc/workflow.md): a hit on "
		    "it counts for nothing while the entry is unchanged"),
	OPTS_CALL("--register-encoding", 0,
		  "utf-8|windows-1252|iso-8859-1|utf-16", opt_register_encoding,
		  "--register-encoding is utf-8, windows-1252, iso-8859-1 or "
		  "utf-16",
		  "how --licenses and --cleared are written (default UTF-8; "
		  "a UTF-16 byte-order mark is honoured)"),
	OPTS_STRING("--party-id", "ID", CO(fl.party_id),
		    "the first party's id in the --cleared register"),
	OPTS_STRING("--audit", "FILE", CO(fl.audit),
		    "append the decision's audit record (one JSON line) to "
		    "FILE"),
	OPTS_STRING("--analyst", "NAME", CO(fl.analyst),
		    "who asked, in the audit record (default: $USER)"),
	OPTS_FLAG("--json", CO(json), "the decision as one JSON object"),
};

static const struct opts_cmd check_cmd = {
	.name = "check",
	.snapshot = 1,
	OPTS_TABLE(check_table),
	.about =
		"Decides whether the shipment needs a license under the EAR on "
		"the\n"
		"date (default today), from the lists and rules in the "
		"snapshot:\n"
		"status, review policy, the rules that fired with their "
		"citations,\n"
		"the matched entries, usable authorizations, obligations, "
		"warnings.\n"
		"--role, --country, --address, --owner and the identifying "
		"facts\n"
		"apply to the --party before them; --share to the --owner "
		"before it.\n"
		"Listed owners' shares add up for OFAC's 50% rule and the BIS\n"
		"Affiliates rule (90 FR 47201) in their windows; below 50%, a\n"
		"red-flag warning.\n",
	.more_fn = help_more,
	.more = "exit codes: 0 NOT_SUBJECT or NLR, 10 NLR_WITH_CONDITIONS,\n"
		"11 LICENSED, 20 LICENSE_REQUIRED, 30 PROHIBITED; one more (1, "
		"11,\n"
		"12, 21, 31) when the answer needs review; 2 usage, 3 "
		"snapshot,\n"
		"4 malformed license register, 5 other failure.\n",
};

/*
 * Parses the command line into o.  Returns -1 to go on, or an exit code
 * (usage, --help).
 */
static int check_args(struct check_opts *o, int argc, char **argv)
{
	int rc = opts_parse(&check_cmd, argc, argv, o);

	if (rc)
		return opts_exit(rc);
	if (tq_finish(&o->t))
		return tool_usage("check", "%s", o->t.msg);
	return -1;
}

int cmd_check(const struct global *g, int argc, char **argv)
{
	struct check_opts o;
	const char *path;
	ec_snapshot *snap = NULL;
	ec_decision *d = NULL;
	ec_error err;
	int rc;

	memset(&o, 0, sizeof(o));
	o.fl.ropts.version = EC_REGISTER_OPTS_VERSION;
	tq_init(&o.t);
	if ((rc = check_args(&o, argc, argv)) >= 0)
		return rc;
	if ((rc = load_registers(&o.t.q, &o.fl)))
		return rc;
	if ((rc = tool_open_snapshot(g, &snap, &path))) {
		files_free(&o.fl);
		return rc;
	}
	rc = ec_check(&d, snap, &o.t.q, &err);
	if (rc) {
		ec_snapshot_free(snap);
		files_free(&o.fl);
		return rc == EC_EINVAL ? tool_usage("check", "%s", err.text)
				       : tool_error("check failed", rc, &err);
	}
	if (o.json) {
		json j;

		json_init(&j, stdout, 1);
		tool_decision_json(&j, d, &o.t.q);
		json_end(&j);
	} else
		print_text(d, &o.t.q);
	rc = exit_for(d);
	if (o.fl.audit &&
	    write_audit(o.fl.audit, o.fl.analyst, snap, &o.t.q, d))
		rc = TOOL_EXIT_FAILURE;
	ec_decision_free(d);
	ec_snapshot_free(snap);
	files_free(&o.fl);
	return rc;
}
