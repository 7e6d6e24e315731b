/*
 * output.c: a decision as JSON, shared by `check --json` and `screen`.
 */
#include <stdio.h>

#include "json.h"
#include "tool.h"

/* The owners of party i given in the query, as "owners": [...]. */
static void parties_owners_json(json *j, const ec_check_query *q, size_t i)
{
	size_t k;
	int open = 0;

	for (k = 0; k < q->nowners; k++) {
		if (q->owners[k].party != i)
			continue;
		if (!open++)
			json_arr_open(j, "owners");
		json_obj_open(j, NULL);
		json_str(j, "name", q->owners[k].name);
		if (q->owners[k].share_pct >= 0)
			json_num(j, "share", q->owners[k].share_pct);
		json_obj_close(j);
	}
	if (open)
		json_arr_close(j);
}

/* The members a match and a cleared hit share: who hit which entry. */
static void hit_fields(json *j, size_t party, const char *entry_id,
		       const char *list, const char *name,
		       const char *matched_name, double score)
{
	json_int(j, "party", (long long)party + 1);
	json_str(j, "entry_id", entry_id);
	json_str(j, "list", list);
	json_str(j, "name", name);
	json_str(j, "matched_name", matched_name);
	json_num(j, "score", score);
}

/* A hit the cleared-hits register suppressed, with its decision. */
static void cleared_fields(json *j, const void *item)
{
	const ec_cleared_hit *h = item;

	hit_fields(j, h->party, h->entry_id, h->list, h->name, h->matched_name,
		   h->score);
	json_str(j, "entry_fingerprint", h->entry_fingerprint);
	json_str(j, "reviewer", h->reviewer);
	json_str(j, "date", h->date);
	if (h->expires[0])
		json_str(j, "expires", h->expires);
	json_str(j, "reason", h->reason);
}

static void rule_fields(json *j, const void *item)
{
	const ec_rule_fired *r = item;

	json_str(j, "id", r->id);
	json_str(j, "effect", r->effect);
	json_str(j, "status", ec_status_name(r->status));
	json_str(j, "citation", r->citation);
	json_str(j, "cfr", r->cfr);
	json_str(j, "valid_from", r->valid_from);
	json_str(j, "valid_to", r->valid_to);
	if (r->party != (size_t)-1)
		json_int(j, "party", (long long)r->party + 1);
	if (r->entry_id[0])
		json_str(j, "entry_id", r->entry_id);
	if (r->policy)
		json_str(j, "review_policy", ec_policy_name(r->policy));
}

static void match_fields(json *j, const void *item)
{
	const ec_party_match *m = item;

	hit_fields(j, m->party, m->entry_id, m->list, m->name, m->matched_name,
		   m->score);
	json_bool(j, "certain", m->certain);
	json_bool(j, "in_force", m->in_force);
	json_str(j, "effective", m->effective);
	json_str(j, "license_requirement", m->license_requirement);
	json_str(j, "license_policy", m->license_policy);
	json_bool(j, "text_understood", m->scope_understood);
	if (m->owner)
		json_str(j, "owner", m->owner);
	if (m->by_address)
		json_bool(j, "by_address", 1);
	json_str(j, "entry_fingerprint", m->entry_fingerprint);
	if (m->reopened[0])
		json_str(j, "reopened", m->reopened);
}

static void authorization_fields(json *j, const void *item)
{
	const ec_authorization *a = item;

	json_str(j, "id", a->id);
	json_str(j, "kind", a->kind);
	json_str(j, "name", a->name);
	json_str(j, "citation", a->citation);
	json_str(j, "why", a->why);
}

void tool_decision_json(json *j, const ec_decision *d, const ec_check_query *q)
{
	size_t i;

	json_obj_open(j, NULL);
	json_str(j, "status", ec_status_name(d->status));
	json_bool(j, "ofac_blocked", d->ofac_blocked);
	json_bool(j, "ofac_listed", d->ofac_listed);
	json_bool(j, "needs_review", d->needs_review);
	json_bool(j, "lists_outdated", d->lists_outdated);
	json_str(j, "review_policy", ec_policy_name(d->review_policy));
	json_str(j, "date", d->date);
	json_str(j, "item", d->item);
	json_arr_open(j, "parties");
	for (i = 0; i < q->nparties; i++) {
		json_obj_open(j, NULL);
		json_str(j, "name", q->parties[i].name);
		json_str(j, "role", ec_role_name(q->parties[i].role));
		if (q->parties[i].country)
			json_str(j, "country", q->parties[i].country);
		if (q->parties[i].address)
			json_str(j, "address", q->parties[i].address);
		parties_owners_json(j, q, i);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_objects(j, "rules", d->rules, d->nrules, sizeof(*d->rules),
		     rule_fields);
	json_objects(j, "matches", d->matches, d->nmatches, sizeof(*d->matches),
		     match_fields);
	json_objects(j, "authorizations", d->authorizations, d->nauthorizations,
		     sizeof(*d->authorizations), authorization_fields);
	json_str_array(j, "obligations", d->obligations, d->nobligations);
	json_str_array(j, "warnings", d->warnings, d->nwarnings);
	json_objects(j, "cleared", d->cleared, d->ncleared, sizeof(*d->cleared),
		     cleared_fields);
	json_obj_close(j);
}
