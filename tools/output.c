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

/* The hits the cleared-hits register suppressed, with their decision. */
static void cleared_json(json *j, const ec_decision *d)
{
	size_t i;

	json_arr_open(j, "cleared");
	for (i = 0; i < d->ncleared; i++) {
		const ec_cleared_hit *h = &d->cleared[i];

		json_obj_open(j, NULL);
		json_int(j, "party", (long long)h->party + 1);
		json_str(j, "entry_id", h->entry_id);
		json_str(j, "list", h->list);
		json_str(j, "name", h->name);
		json_str(j, "matched_name", h->matched_name);
		json_num(j, "score", h->score);
		json_str(j, "entry_fingerprint", h->entry_fingerprint);
		json_str(j, "reviewer", h->reviewer);
		json_str(j, "date", h->date);
		if (h->expires[0])
			json_str(j, "expires", h->expires);
		json_str(j, "reason", h->reason);
		json_obj_close(j);
	}
	json_arr_close(j);
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
	json_arr_open(j, "rules");
	for (i = 0; i < d->nrules; i++) {
		const ec_rule_fired *r = &d->rules[i];

		json_obj_open(j, NULL);
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
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "matches");
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		json_obj_open(j, NULL);
		json_int(j, "party", (long long)m->party + 1);
		json_str(j, "entry_id", m->entry_id);
		json_str(j, "list", m->list);
		json_str(j, "name", m->name);
		json_str(j, "matched_name", m->matched_name);
		json_num(j, "score", m->score);
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
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "authorizations");
	for (i = 0; i < d->nauthorizations; i++) {
		const ec_authorization *a = &d->authorizations[i];

		json_obj_open(j, NULL);
		json_str(j, "id", a->id);
		json_str(j, "kind", a->kind);
		json_str(j, "name", a->name);
		json_str(j, "citation", a->citation);
		json_str(j, "why", a->why);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "obligations");
	for (i = 0; i < d->nobligations; i++)
		json_str(j, NULL, d->obligations[i]);
	json_arr_close(j);
	json_arr_open(j, "warnings");
	for (i = 0; i < d->nwarnings; i++)
		json_str(j, NULL, d->warnings[i]);
	json_arr_close(j);
	cleared_json(j, d);
	json_obj_close(j);
}
