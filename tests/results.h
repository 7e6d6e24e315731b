/*
 * results.h: results of ec_search(), ec_compare() and ec_check() written
 * out as text, so tests can say "the same answer" with one strcmp (the
 * thread tests against a serial run, the out-of-memory tests against a run
 * without injected failures).  Header-only, like helpers.h.
 */
#ifndef EC_TEST_RESULTS_H
#define EC_TEST_RESULTS_H

#include <stdio.h>
#include <stdlib.h>

#include <entitycheck/entitycheck.h>

/* Appends the matches of m to f, explanations included. */
static inline void tr_matches(FILE *f, const ec_matches *m)
{
	size_t i, k;

	fprintf(f, "matches %zu\n", ec_matches_count(m));
	for (i = 0; i < ec_matches_count(m); i++) {
		const ec_match *x = ec_matches_get(m, i);
		const ec_explanation *e = &x->explanation;

		fprintf(f, "%.6f|%s|%s|%s|%s|%s|%s|%s|%zu\n", x->score, x->list,
			x->entry_id, x->source, x->name, x->matched_name,
			x->type, x->country, x->naddresses);
		for (k = 0; k < x->naddresses; k++)
			fprintf(f, "  addr %s\n", x->addresses[k]);
		fprintf(f, "  why %.6f %.6f %s\n", e->name_score,
			e->country_adjust, e->country_note);
		for (k = 0; k < e->ntokens; k++) {
			const ec_token_match *t = &e->tokens[k];

			fprintf(f, "  tok %s|%s|%s|%.6f|%.6f|%.6f\n",
				t->query_token, t->listed_token, t->kind,
				t->similarity, t->weight, t->contribution);
		}
	}
}

/* Appends every field of a decision to f. */
static inline void tr_decision(FILE *f, const ec_decision *d)
{
	size_t i;

	fprintf(f, "status %s review %d policy %s ofac %d/%d date %s item %s\n",
		ec_status_name(d->status), d->needs_review,
		ec_policy_name(d->review_policy), d->ofac_blocked,
		d->ofac_listed, d->date, d->item);
	for (i = 0; i < d->nrules; i++) {
		const ec_rule_fired *r = &d->rules[i];

		fprintf(f, "rule %s|%s|%s|%s|%s|%s|%zu|%d|%s|%d\n", r->id,
			r->effect, r->citation, r->cfr, r->valid_from,
			r->valid_to, r->party, r->status, r->entry_id,
			r->policy);
	}
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		fprintf(f, "match %zu|%s|%s|%s|%s|%.6f|%d|%d|%s|%s|%s|%d\n",
			m->party, m->entry_id, m->list, m->name,
			m->matched_name, m->score, m->certain, m->in_force,
			m->effective, m->license_requirement, m->license_policy,
			m->scope_understood);
	}
	for (i = 0; i < d->nauthorizations; i++) {
		const ec_authorization *a = &d->authorizations[i];

		fprintf(f, "auth %s|%s|%s|%s|%s\n", a->id, a->kind, a->name,
			a->citation, a->why);
	}
	for (i = 0; i < d->nobligations; i++)
		fprintf(f, "obligation %s\n", d->obligations[i]);
	for (i = 0; i < d->nwarnings; i++)
		fprintf(f, "warning %s\n", d->warnings[i]);
}

/* A text stream into memory; tr_close() returns the malloc'ed text. */
struct tr_text {
	FILE *f;
	char *text;
	size_t len;
};

static inline FILE *tr_open(struct tr_text *t)
{
	t->text = NULL;
	t->len = 0;
	t->f = open_memstream(&t->text, &t->len);
	if (!t->f) {
		fprintf(stderr, "open_memstream failed\n");
		abort();
	}
	return t->f;
}

static inline char *tr_close(struct tr_text *t)
{
	if (fclose(t->f) != 0) {
		fprintf(stderr, "open_memstream failed\n");
		abort();
	}
	return t->text;
}

static inline char *tr_matches_str(const ec_matches *m)
{
	struct tr_text t;

	tr_matches(tr_open(&t), m);
	return tr_close(&t);
}

static inline char *tr_decision_str(const ec_decision *d)
{
	struct tr_text t;

	tr_decision(tr_open(&t), d);
	return tr_close(&t);
}

#endif
