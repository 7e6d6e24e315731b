/*
 * decide.c: the license decision.  Screen every party, take the listings
 * in force on the date, apply each list's effect and each entry's scope
 * and review policy, test the general licenses, carve-outs and the
 * supplier's own licenses, then combine: the most restrictive answer wins.
 * The rules come from the snapshot (data/rules), never from code.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "eccn.h"
#include "entrytext.h"
#include "cleared.h"
#include "licenses.h"
#include "rules.h"
#include "snapshot.h"

/* Matches below the threshold but at or above this are "possible". */
#define EC__REVIEW_FLOOR 0.65
/* At most this many listed entries per party are considered. */
#define EC__MAX_PARTY_MATCHES 25

static const char *const activity_tags[] = {
	"existing_network_support", "existing_handset_support",
	"security_vulnerability_disclosure", "standards_release", NULL};
static const char *const activity_help[] = {
	"continued operation of existing networks and equipment (Huawei TGL)",
	"support of existing handsets / consumer devices (Huawei TGL)",
	"disclosure of security vulnerability information",
	"release of technology to a standards organization for a standard",
	NULL};

const char *const *ec_check_activities(const char *const **descriptions)
{
	if (descriptions)
		*descriptions = activity_help;
	return activity_tags;
}

const char *ec_status_name(int status)
{
	static const char *const names[] = {
		"NOT_SUBJECT",      "NLR", "NLR_WITH_CONDITIONS", "LICENSED",
		"LICENSE_REQUIRED", "PROHIBITED"};

	return status >= 0 && status < (int)EC__ARRAY_LEN(names)
		       ? names[status]
		       : "UNKNOWN";
}

const char *ec_policy_name(int policy)
{
	static const char *const names[] = {
		"none",           "presumption_of_approval",
		"case_by_case",   "see_regulation",
		"presumption_of_denial", "denial"};

	return policy >= 0 && policy < (int)EC__ARRAY_LEN(names)
		       ? names[policy]
		       : "unknown";
}

static const char *const role_names[] = {"purchaser",
					 "intermediate_consignee",
					 "ultimate_consignee", "end_user"};

const char *ec_role_name(int role)
{
	return role >= 0 && role < (int)EC__ARRAY_LEN(role_names)
		       ? role_names[role]
		       : "unknown";
}

int ec_role_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < EC__ARRAY_LEN(role_names); i++)
		if (strcmp(name, role_names[i]) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* The decision being built                                            */
/* ------------------------------------------------------------------ */

struct decision {
	ec_decision pub; /* first: the caller's pointer */
	ec__arena arena;
	ec_rule_fired *rules;
	size_t cap_rules;
	ec_party_match *matches;
	size_t cap_matches;
	ec_authorization *auths;
	size_t cap_auths;
	uint32_t *midx; /* each match's entry in the name index */
	size_t cap_midx;
	const char **obligations;
	size_t cap_obligations;
	const char **warnings;
	size_t cap_warnings;
	ec_cleared_hit *cleared;
	size_t cap_cleared;
	int oom;
};

struct ctx {
	const ec_snapshot *snap;
	const ec__rules *rules;
	const ec_check_query *q;
	struct decision *d;
	char date[11];
	ec__eccn item;
	const char *dest;   /* destination country (ISO-2) or NULL */
	int subject;        /* subject to the EAR */
	/* The entry the rules being added concern (the decision's copy). */
	const char *cur_entry;
	int cur_policy;        /* and the policy they state */
	/* The supplier's score against each license's holder, found on first
	 * need: the same for every match of the check (-1: not yet). */
	double *holder_score;
};

static void add_rule(struct ctx *c, const char *id, const char *citation,
		     const char *cfr, const char *from, const char *to,
		     size_t party, int status, const char *fmt, ...)
	EC__PRINTF(9, 10);

static void add_rule(struct ctx *c, const char *id, const char *citation,
		     const char *cfr, const char *from, const char *to,
		     size_t party, int status, const char *fmt, ...)
{
	struct decision *d = c->d;
	ec_rule_fired *r;
	char text[1024];
	va_list ap;

	if (ec__grow((void **)&d->rules, &d->cap_rules, d->pub.nrules + 1,
		     sizeof(*d->rules))) {
		d->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r = &d->rules[d->pub.nrules++];
	r->id = ec__arena_str(&d->arena, id);
	r->effect = ec__arena_str(&d->arena, text);
	r->citation = ec__arena_str(&d->arena, citation);
	r->cfr = ec__arena_str(&d->arena, cfr);
	r->valid_from = ec__arena_str(&d->arena, from);
	r->valid_to = ec__arena_str(&d->arena, to);
	r->party = party;
	r->status = status;
	r->entry_id = c->cur_entry ? c->cur_entry : "";
	r->policy = c->cur_policy;
}

static void add_text(struct ctx *c, const char ***v, size_t *n, size_t *cap,
		     const char *text)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], text) == 0)
			return; /* once is enough */
	if (ec__grow((void **)v, cap, *n + 1, sizeof(**v))) {
		c->d->oom = 1;
		return;
	}
	(*v)[(*n)++] = ec__arena_str(&c->d->arena, text);
}

static void warn(struct ctx *c, const char *fmt, ...) EC__PRINTF(2, 3);

static void warn(struct ctx *c, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	add_text(c, (const char ***)&c->d->warnings, &c->d->pub.nwarnings,
		 &c->d->cap_warnings, text);
}

static void oblige(struct ctx *c, const char *text)
{
	add_text(c, (const char ***)&c->d->obligations,
		 &c->d->pub.nobligations, &c->d->cap_obligations, text);
}

static void add_auth(struct ctx *c, const char *id, const char *kind,
		     const char *name, const char *citation, const char *why)
{
	struct decision *d = c->d;
	ec_authorization *a;
	size_t i;

	for (i = 0; i < d->pub.nauthorizations; i++)
		if (strcmp(d->auths[i].id, id) == 0)
			return;
	if (ec__grow((void **)&d->auths, &d->cap_auths,
		     d->pub.nauthorizations + 1, sizeof(*d->auths))) {
		d->oom = 1;
		return;
	}
	a = &d->auths[d->pub.nauthorizations++];
	a->id = ec__arena_str(&d->arena, id);
	a->kind = ec__arena_str(&d->arena, kind);
	a->name = ec__arena_str(&d->arena, name);
	a->citation = ec__arena_str(&d->arena, citation);
	a->why = ec__arena_str(&d->arena, why);
}

/* ------------------------------------------------------------------ */
/* Rules as data                                                       */
/* ------------------------------------------------------------------ */

static const char *get(const ec__stanza *s, const char *key)
{
	const char *v = ec__stanza_get(s, key);

	return v ? v : "";
}

/* Is the stanza in force on date (inclusive window)? */
static int in_window(const ec__stanza *s, const char *date)
{
	const char *from = ec__stanza_get(s, "valid_from");
	const char *to = ec__stanza_get(s, "valid_to");

	return (!from || strcmp(date, from) >= 0) &&
	       (!to || strcmp(date, to) <= 0);
}

/* Does the stanza carry key = value (one of its repeated values)? */
static int has_value(const ec__stanza *s, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (strcmp(s->kv[i].key, key) == 0 &&
		    strcmp(s->kv[i].value, value) == 0)
			return 1;
	return 0;
}

static const ec__stanza *find_list_rule(const struct ctx *c,
					const char *code)
{
	size_t i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "list") == 0 &&
		    strcmp(get(s, "code"), code) == 0)
			return s;
	}
	return NULL;
}

/* Collapses spaces and "F.R." so citations compare: "84  FR 22963". */
static void canon_cite(const char *in, char *out, size_t n)
{
	size_t o = 0;

	for (; *in && o + 1 < n; in++) {
		if (*in == '.')
			continue;
		if (*in == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = *in;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/*
 * The Federal Register document behind an entry: the first citation in
 * its federal_register_notice ("84 FR 22963, 85 FR ..."), mapped by the
 * document's page range or its recorded citations.
 */
static const ec__stanza *listing_doc(const struct ctx *c, const char *notices)
{
	char cite[64], canon[64];
	unsigned long vol, page;
	const char *p = notices;
	size_t i, n;

	while (*p && !isdigit((unsigned char)*p))
		p++;
	n = strcspn(p, ",;");
	if (n >= sizeof(cite))
		n = sizeof(cite) - 1;
	memcpy(cite, p, n);
	cite[n] = '\0';
	canon_cite(cite, canon, sizeof(canon));
	if (sscanf(canon, "%lu FR %lu", &vol, &page) != 2)
		return NULL;
	snprintf(canon, sizeof(canon), "%lu FR %lu", vol, page);
	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];
		unsigned long sv, first, last;
		size_t k;

		if (strcmp(s->kind, "fr_doc") != 0)
			continue;
		for (k = 0; k < s->nkv; k++) {
			char cc[64];

			if (strcmp(s->kv[k].key, "cited_as") != 0)
				continue;
			canon_cite(s->kv[k].value, cc, sizeof(cc));
			if (strcmp(cc, canon) == 0)
				return s;
		}
		if (sscanf(get(s, "cite"), "%lu FR", &sv) != 1 || sv != vol)
			continue;
		first = strtoul(get(s, "first_page"), NULL, 10);
		last = strtoul(get(s, "last_page"), NULL, 10);
		if (first && last && page >= first && page <= last)
			return s;
	}
	return NULL;
}

/*
 * Does the stanza reach this entry: by list (covers_list), by the entry's
 * listing document (covers_fr) or by its name (covers_name)?
 */
static int covers_entry(const ec__stanza *s, const ec__stanza *doc,
			const char *list, const char *name)
{
	size_t k;

	if (list && has_value(s, "covers_list", list))
		return 1;
	if (doc && has_value(s, "covers_fr", get(doc, "cite")))
		return 1;
	for (k = 0; name && k < s->nkv; k++)
		if (strcmp(s->kv[k].key, "covers_name") == 0 &&
		    strcasecmp(s->kv[k].value, name) == 0)
			return 1;
	return 0;
}

/* Has a standards-release carve-out come into force by the date? */
static const ec__stanza *standards_carveout_since(const struct ctx *c)
{
	const ec__stanza *first = NULL;
	size_t i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "carveout") == 0 &&
		    has_value(s, "activity", "standards_release") &&
		    (!first || strcmp(get(s, "valid_from"),
				      get(first, "valid_from")) < 0))
			first = s;
	}
	return first;
}

/* Country group (e.g. "E:1") membership of cc on the date. */
static int in_country_group(const struct ctx *c, const char *cc,
			    const char *group)
{
	size_t i, k;

	if (!cc || strlen(cc) < 2)
		return 0;
	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "country_group") != 0 ||
		    strcmp(get(s, "code"), group) != 0)
			continue;
		for (k = 0; k < s->nkv; k++) {
			const char *v = s->kv[k].value, *semi;

			if (strcmp(s->kv[k].key, "country") != 0 ||
			    strncasecmp(v, cc, 2) != 0 ||
			    (v[2] != '\0' && v[2] != ';'))
				continue;
			semi = strchr(v, ';');
			/* "SD; valid_to=2021-01-13" and the like. */
			if (semi) {
				const char *to = strstr(semi, "valid_to=");
				const char *from = strstr(semi, "valid_from=");

				if (to && strncmp(c->date, to + 9, 10) > 0)
					continue;
				if (from && strncmp(c->date, from + 11, 10) < 0)
					continue;
			}
			return 1;
		}
	}
	return 0;
}

/* The first country group, of those a stanza excludes, that cc is in. */
static const char *excluded_group(const struct ctx *c, const ec__stanza *s,
				  const char *cc)
{
	size_t k;

	for (k = 0; k < s->nkv; k++)
		if (strcmp(s->kv[k].key, "excluded_country_groups") == 0 &&
		    in_country_group(c, cc, s->kv[k].value))
			return s->kv[k].value;
	return NULL;
}

static int has_activity(const struct ctx *c, const char *tag)
{
	size_t i;

	for (i = 0; i < c->q->nactivities; i++)
		if (strcmp(c->q->activities[i], tag) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parties and their listings                                          */
/* ------------------------------------------------------------------ */

/*
 * A listed entry as decisions read it: straight from the name index, so a
 * decision needs no database access.
 */
typedef struct lentry {
	const char *entry_id, *list, *name, *country, *source;
	const char *license_requirement, *license_policy;
	const char *federal_register_notice, *start_date, *end_date;
	const char *programs;
	uint32_t idx, text_id;
	int64_t rowid;
} lentry;

static void lentry_fill(const struct ctx *c, uint32_t idx, lentry *e)
{
	ec__ix_entry_view v;

	ec__index_entry(c->snap->ix, idx, &v);
	e->entry_id = v.entry_id;
	e->list = v.list;
	e->name = v.name;
	e->country = v.country;
	e->source = v.source;
	e->license_requirement = v.license_requirement;
	e->license_policy = v.license_policy;
	e->federal_register_notice = v.federal_register_notice;
	e->start_date = v.start_date;
	e->end_date = v.end_date;
	e->programs = v.programs;
	e->idx = idx;
	e->text_id = v.text_id;
	e->rowid = v.rowid;
}

/* The listing document of entry e, looked up once per snapshot. */
static const ec__stanza *entry_doc(const struct ctx *c, const lentry *e)
{
	_Atomic uintptr_t *slot = &c->snap->doccache[e->idx];
	uintptr_t v = atomic_load(slot);
	const ec__stanza *doc;

	if (v)
		return v == 1 ? NULL : (const ec__stanza *)v;
	doc = listing_doc(c, e->federal_register_notice);
	/* Every thread finds the same stanza: a plain store is enough. */
	atomic_store(slot, doc ? (uintptr_t)doc : 1);
	return doc;
}

/*
 * The entry's texts classified, once per distinct text and list kind for
 * the snapshot's life (NULL only when out of memory).
 */
static const ec__entrytext *classified(struct ctx *c, const lentry *e,
				       int meu)
{
	const ec_snapshot *s = c->snap;
	size_t slot = (size_t)e->text_id * 2 + (meu ? 1 : 0);
	ec__entrytext *t, *expected = NULL;

	if (slot >= s->ntcache)
		return NULL;
	t = atomic_load(&s->tcache[slot]);
	if (t)
		return t;
	t = ec__malloc(sizeof(*t));
	if (!t) {
		c->d->oom = 1;
		return NULL;
	}
	ec__entrytext_classify(t, meu ? "MEU" : "EL", e->license_requirement,
			       e->license_policy);
	if (!atomic_compare_exchange_strong(&s->tcache[slot], &expected, t)) {
		ec__free(t); /* another thread was first */
		t = expected;
	}
	return t;
}

/* What one listing means for one party. */
struct effect {
	int status;
	int policy;
	int review; /* needs review */
};

static void raise_to(struct effect *e, int status, int policy)
{
	if (status > e->status)
		e->status = status;
	if (policy > e->policy)
		e->policy = policy;
}

static int map_policy(unsigned p)
{
	switch (p) {
	case EC__POL_APPROVAL:
		return EC_POLICY_APPROVAL;
	case EC__POL_CASE_BY_CASE:
		return EC_POLICY_CASE_BY_CASE;
	case EC__POL_PRESUMPTION_DENIAL:
		return EC_POLICY_PRESUMPTION_DENIAL;
	case EC__POL_DENIAL:
		return EC_POLICY_DENIAL;
	case EC__POL_SEE_REGULATION:
		return EC_POLICY_SEE_REGULATION;
	}
	return EC_POLICY_NONE;
}

/*
 * The review policy of an entry for this item: the first policy clause
 * whose predicate the item meets.  Clauses that depend on facts the query
 * did not give are passed over, with a warning naming them.
 */
static int entry_policy(struct ctx *c, const ec__entrytext *t,
			const char *entry_id, int *understood)
{
	size_t i;
	int fallback = EC_POLICY_NONE, pass;

	*understood = t->policy_understood;
	if (t->nparts == 0)
		*understood = 0;
	/* Specific clauses first; "all items" and "all other items" last. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < t->nparts; i++) {
			const ec__policy_part *p = &t->parts[i];
			int pol = map_policy(p->policy), hit = 0;
			int general = p->pred == EC__PRED_ANY ||
				      p->pred == EC__PRED_OTHERS;

			if (general != (pass == 1))
				continue;
			switch (p->pred) {
			case EC__PRED_ANY:
			case EC__PRED_OTHERS:
				hit = 1;
				break;
			case EC__PRED_EAR99:
				hit = c->item.ear99;
				break;
			case EC__PRED_CCL:
				hit = !c->item.ear99;
				break;
			case EC__PRED_ECCNS:
				hit = !c->item.ear99 &&
				      ec__eccn_in_list(p->eccns, &c->item);
				if (!hit && c->item.ear99)
					warn(c,
					     "entry %s: %s applies to ECCNs %s "
					     "(and EAR99 items described in "
					     "their notes, which the query does "
					     "not say)",
					     entry_id, ec_policy_name(pol),
					     p->eccns);
				break;
			case EC__PRED_FOOD_MEDICINE:
				hit = (c->q->facts & EC_FACT_FOOD_MEDICINE) &&
				      c->item.ear99;
				if (!hit)
					warn(c,
					     "entry %s: %s for food or medicine "
					     "(not stated for this item)",
					     entry_id, ec_policy_name(pol));
				break;
			case EC__PRED_ADVANCED_NODE:
				hit = (c->q->facts & EC_FACT_ADVANCED_NODE) != 0;
				if (!hit)
					warn(c,
					     "entry %s: %s for items uniquely "
					     "required for production at advanced "
					     "technology nodes (not stated for "
					     "this item)",
					     entry_id, ec_policy_name(pol));
				break;
			case EC__PRED_HUMANITARIAN:
				warn(c,
				     "entry %s: %s for items to detect, "
				     "identify or treat infectious disease and "
				     "similar (not stated for this item)",
				     entry_id, ec_policy_name(pol));
				break;
			}
			if (hit)
				return pol;
			if (pol > fallback)
				fallback = pol;
		}
	}
	/* No clause reaches the item: the strictest one stated, reviewed. */
	if (t->nparts)
		*understood = 0;
	return fallback;
}

/* ec_compare(), noting an allocation failure so the whole check fails. */
static int compare(struct ctx *c, const char *a, const char *b,
		   ec_matches **out)
{
	int rc = ec_compare(out, c->snap, a, b, NULL);

	if (rc == EC_ENOMEM)
		c->d->oom = 1;
	return rc;
}

/* Does a specific license of the register cover this party and item? */
static const ec__license *held_license(struct ctx *c, const ec_party *party,
				       const ec_match *m, const char **why)
{
	const ec_license_register *r = c->q->licenses;
	ec_matches *cm = NULL;
	size_t i;
	int rank = 0; /* how far the nearest miss got */

#define MISS(n, text)                                                          \
	do {                                                                   \
		if ((n) > rank) {                                              \
			rank = (n);                                            \
			*why = (text);                                         \
		}                                                              \
	} while (0)
	*why = NULL;
	if (!r)
		return NULL;
	for (i = 0; i < r->n; i++) {
		const ec__license *l = &r->v[i];
		double holder_score = 0, cons_score = 0;
		int by_id = strcmp(l->consignee, m->entry_id) == 0;

		if (!c->q->supplier) {
			MISS(1, "no supplier was named, so no license can be "
				"matched to its holder");
			continue;
		}
		if (!c->holder_score) {
			size_t k;

			c->holder_score = ec__malloc(r->n * sizeof(double));
			if (!c->holder_score) {
				c->d->oom = 1;
				return NULL;
			}
			for (k = 0; k < r->n; k++)
				c->holder_score[k] = -1;
		}
		if (c->holder_score[i] < 0) {
			if (compare(c, c->q->supplier, l->holder, &cm) == 0)
				c->holder_score[i] =
					ec_matches_get(cm, 0)->score;
			ec_matches_free(cm);
			cm = NULL;
			if (c->d->oom)
				return NULL;
			if (c->holder_score[i] < 0)
				c->holder_score[i] = 0;
		}
		holder_score = c->holder_score[i];
		if (holder_score < EC_DEFAULT_THRESHOLD) {
			MISS(2, "held by another company");
			continue;
		}
		if (!by_id) {
			double a = 0, b = 0;

			if (compare(c, party->name, l->consignee, &cm) == 0)
				a = ec_matches_get(cm, 0)->score;
			ec_matches_free(cm);
			cm = NULL;
			if (compare(c, m->name, l->consignee, &cm) == 0)
				b = ec_matches_get(cm, 0)->score;
			ec_matches_free(cm);
			cm = NULL;
			cons_score = a > b ? a : b;
		}
		if (!by_id && cons_score < EC_DEFAULT_THRESHOLD) {
			MISS(3, "for another consignee");
			continue;
		}
		if (!l->all_items && !ec__eccn_in_list(l->items, &c->item)) {
			MISS(4, "for other items");
			continue;
		}
		if (strcmp(c->date, l->valid_from) < 0 ||
		    (*l->valid_to && strcmp(c->date, l->valid_to) > 0)) {
			MISS(5, "not valid on the date (expired or not yet "
				"valid)");
			continue;
		}
		return l;
	}
	return NULL;
#undef MISS
}

/*
 * A dated condition of an activity ("contract_on_or_before=2019-05-16"):
 * met when the query's date is on or before the limit.  Appends to why,
 * or warns why the authorization cannot be used.
 */
static int date_condition(struct ctx *c, const ec__stanza *s, const char *tag,
			  const char *conds, const char *key, const char *have,
			  const char *what, char *why, size_t size)
{
	const char *cond = conds ? strstr(conds, key) : NULL, *lim;
	size_t w = strlen(why);

	if (!cond)
		return 1;
	lim = cond + strlen(key);
	if (!have || strncmp(have, lim, 10) > 0) {
		warn(c, "%s not usable: %s needs %s on or before %.10s (%s)",
		     s->id, tag, what, lim, have ? have : "no date given");
		return 0;
	}
	snprintf(why + w, size - w, "; %s on %s, on or before %.10s", what,
		 have, lim);
	return 1;
}

/*
 * General licenses, authorizations and carve-outs that lift an Entity
 * List requirement for this entry, activity and date.  Returns the new
 * status for the EL layer (NLR, NLR_WITH_CONDITIONS, NOT_SUBJECT) or -1.
 */
static int el_lifted(struct ctx *c, const ec__stanza *doc, const char *cc,
		     const char *name, size_t party)
{
	size_t i;
	int best = -1;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];
		int is_gl = strcmp(s->kind, "general_license") == 0 ||
			    strcmp(s->kind, "authorization") == 0;
		int is_co = strcmp(s->kind, "carveout") == 0;
		const char *excl;
		size_t k;

		if ((!is_gl && !is_co) || !covers_entry(s, doc, "EL", name))
			continue;
		if (!in_window(s, c->date))
			continue;
		if (is_co) {
			int class_ok = 0;

			if (!has_activity(c, get(s, "activity")))
				continue;
			if (strcmp(get(s, "effect"), "not_subject") == 0) {
				add_rule(c, s->id, get(s, "citation"),
					 get(s, "cfr"), get(s, "valid_from"),
					 get(s, "valid_to"), party,
					 EC_STATUS_NOT_SUBJECT,
					 "%s: the release is not subject to "
					 "the EAR",
					 get(s, "name"));
				add_auth(c, s->id, "carveout", get(s, "name"),
					 get(s, "citation"),
					 "standards-related activity on the "
					 "date is outside the EAR");
				return EC_STATUS_NOT_SUBJECT;
			}
			if ((has_value(s, "item_classes", "EAR99") &&
			     c->item.ear99) ||
			    (has_value(s, "item_classes", "AT_ONLY") &&
			     ec__eccn_at_only(&c->item)))
				class_ok = 1;
			if (!class_ok) {
				warn(c,
				     "%s (%s) covers EAR99 and anti-terrorism-"
				     "only technology only; %s is not",
				     get(s, "name"), get(s, "citation"),
				     c->item.text);
				continue;
			}
			add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
				 get(s, "valid_from"), get(s, "valid_to"),
				 party, EC_STATUS_NLR,
				 "%s: no Entity List license for %s %s",
				 get(s, "name"), c->item.text,
				 get(s, "condition"));
			add_auth(c, s->id, "carveout", get(s, "name"),
				 get(s, "citation"),
				 "the query's activity is a standards release "
				 "of EAR99 or anti-terrorism-only technology");
			if (best < EC_STATUS_NLR)
				best = EC_STATUS_NLR;
			continue;
		}
		/* A general license or authorization: activity, conditions. */
		for (k = 0; k < s->nkv; k++) {
			char tag[64], why[512];
			const char *v = s->kv[k].value, *semi;
			size_t n;
			int ok;

			if (strcmp(s->kv[k].key, "activity") != 0)
				continue;
			semi = strchr(v, ';');
			n = semi ? (size_t)(semi - v) : strlen(v);
			if (n >= sizeof(tag))
				continue;
			memcpy(tag, v, n);
			tag[n] = '\0';
			/* "any": the license restores pre-listing rules. */
			if (strcmp(tag, "any") != 0 && !has_activity(c, tag))
				continue;
			snprintf(why, sizeof(why), "activity %s", tag);
			ok = date_condition(c, s, tag, semi,
					    "contract_on_or_before=",
					    c->q->contract_date,
					    "a contract executed", why,
					    sizeof(why)) &&
			     date_condition(c, s, tag, semi,
					    "device_public_on_or_before=",
					    c->q->device_date,
					    "a device available to the public",
					    why, sizeof(why));
			if (ok) {
				size_t p;

				excl = excluded_group(c, s, cc);
				for (p = 0; !excl && p < c->q->nparties; p++)
					excl = excluded_group(
						c, s, c->q->parties[p].country);
				if (!excl)
					excl = excluded_group(c, s, c->dest);
				if (excl) {
					warn(c,
					     "%s not usable: it authorizes "
					     "nothing involving Country Group "
					     "%s",
					     s->id, excl);
					ok = 0;
				}
			}
			if (!ok)
				continue;
			add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
				 get(s, "valid_from"), get(s, "valid_to"),
				 party, EC_STATUS_NLR_WITH_CONDITIONS,
				 "%s authorizes the transaction (%s); it lifts "
				 "only the Entity List requirement",
				 get(s, "name"), why);
			add_auth(c, s->id,
				 strcmp(s->kind, "general_license") == 0
					 ? "general_license"
					 : "authorization",
				 get(s, "name"), get(s, "citation"), why);
			if (ec__stanza_get(s, "obligation"))
				oblige(c, get(s, "obligation"));
			warn(c, "other EAR license requirements that applied "
				"before the listing still apply (Country Chart, "
				"embargoes, end uses)");
			if (best < EC_STATUS_NLR_WITH_CONDITIONS)
				best = EC_STATUS_NLR_WITH_CONDITIONS;
			break;
		}
	}
	return best;
}

/* Is the item in the Supp. No. 2 to part 744 lists in force? */
static int in_supp2(struct ctx *c, int *partial)
{
	size_t i;

	*partial = 0;
	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];
		size_t k;

		if (strcmp(s->kind, "supp2") != 0 || !in_window(s, c->date))
			continue;
		if (ec__stanza_get(s, "note"))
			*partial = 1;
		for (k = 0; k < s->nkv; k++)
			if (strcmp(s->kv[k].key, "eccns") == 0 &&
			    ec__eccn_covers(s->kv[k].value, &c->item))
				return 1;
	}
	return 0;
}

/* The Entity List: license required as the entry states. */
static void effect_el(struct ctx *c, const lentry *e, const ec_match *m,
		      const ec_party *party, size_t pi,
		      const ec__stanza *list, const ec__stanza *doc,
		      struct effect *ef, ec_party_match *pm)
{
	const ec__entrytext *tp = classified(c, e, 0);
	int required = 1, lifted, policy, pol_ok;
	const char *why;
	const ec__license *lic;

	if (!tp)
		return;
	pm->scope_understood = tp->requirement_understood;
	switch (tp->scope) {
	case EC__SCOPE_ALL:
		break;
	case EC__SCOPE_ALL_EXCEPT:
		if ((tp->exceptions & EC__EXC_EAR99) && c->item.ear99)
			required = 0;
		if ((tp->exceptions & EC__EXC_FOOD_MEDICINE) && c->item.ear99 &&
		    (c->q->facts & EC_FACT_FOOD_MEDICINE))
			required = 0;
		if ((tp->exceptions & EC__EXC_STANDARDS) &&
		    has_activity(c, "standards_release")) {
			const ec__stanza *co = standards_carveout_since(c);

			/*
			 * The snapshot holds today's entry text; its
			 * standards exception did not exist before the rule
			 * that wrote it.
			 */
			if (co && strcmp(c->date, get(co, "valid_from")) < 0) {
				warn(c,
				     "entry %s: its standards exception dates "
				     "from %s (%s); it did not apply on %s",
				     e->entry_id, get(co, "valid_from"),
				     get(co, "citation"), c->date);
				break;
			}
			if (!c->item.ear99 && !ec__eccn_at_only(&c->item))
				break;
			required = 0;
			add_auth(c, ec__arena_printf(&c->d->arena,
						     "entry:%s:standards",
						     e->entry_id),
				 "carveout",
				 "Entity List entry's standards-organization "
				 "exception",
				 e->federal_register_notice,
				 "the entry's license requirement excepts "
				 "EAR99 and anti-terrorism-only technology "
				 "released to a standards organization");
		}
		break;
	case EC__SCOPE_ECCN_SET:
		required = ec__eccn_in_list(tp->eccns, &c->item);
		break;
	case EC__SCOPE_SUPP2: {
		int partial;

		required = in_supp2(c, &partial);
		if (!required && partial && !c->item.ear99) {
			required = 1;
			ef->review = 1;
			warn(c, "entry %s: Supp. No. 2 to part 744 as held in "
				"the rules is partial; %s not found in it",
			     e->entry_id, c->item.text);
		}
		break;
	}
	case EC__SCOPE_CONDITIONAL:
		ef->review = 1;
		warn(c,
		     "entry %s applies only to uses the query does not state "
		     "(\"%s\"): treated as license required until reviewed",
		     e->entry_id, e->license_requirement);
		break;
	default:
		ef->review = 1;
		warn(c,
		     "entry %s: license requirement not understood, treated "
		     "as license required for all items: \"%s\"",
		     e->entry_id, e->license_requirement);
		break;
	}
	if (!required) {
		add_rule(c, "list:EL", get(list, "citation"), get(list, "cfr"),
			 pm->effective, e->end_date, pi, EC_STATUS_NLR,
			 "Entity List entry %s (%s): its scope \"%s\" does not "
			 "reach %s",
			 e->entry_id, e->name, ec__scope_name(tp->scope),
			 c->item.text);
		raise_to(ef, EC_STATUS_NLR, EC_POLICY_NONE);
		return;
	}
	policy = entry_policy(c, tp, e->entry_id, &pol_ok);
	c->cur_policy = policy;
	if (!pol_ok) {
		ef->review = 1;
		warn(c, "entry %s: review policy not understood: \"%s\"",
		     e->entry_id, e->license_policy);
	}
	add_rule(c, "list:EL",
		 doc ? get(doc, "cite") : e->federal_register_notice,
		 get(list, "cfr"), pm->effective, e->end_date, pi,
		 EC_STATUS_LICENSE_REQUIRED,
		 "Entity List entry %s (%s): license required (%s); review "
		 "policy %s; no license exceptions (15 CFR 744.16(b))",
		 e->entry_id, e->name, ec__scope_name(tp->scope),
		 ec_policy_name(policy));
	lifted = el_lifted(c, doc, e->country, e->name, pi);
	if (lifted >= 0) {
		raise_to(ef, lifted, EC_POLICY_NONE);
		return;
	}
	lic = held_license(c, party, m, &why);
	if (lic) {
		add_auth(c, lic->number, "specific_license",
			 ec__arena_printf(&c->d->arena,
					  "license %s held by %s", lic->number,
					  lic->holder),
			 "supplier's license register",
			 ec__arena_printf(&c->d->arena,
					  "covers consignee %s, items %s, "
					  "valid %s to %s",
					  lic->consignee, lic->items,
					  lic->valid_from,
					  *lic->valid_to ? lic->valid_to
							 : "(open)"));
		add_rule(c, ec__arena_printf(&c->d->arena, "license:%s",
					     lic->number),
			 "", "15 CFR 750.7", lic->valid_from, lic->valid_to, pi,
			 EC_STATUS_LICENSED,
			 "specific license %s covers the Entity List "
			 "requirement for entry %s",
			 lic->number, e->entry_id);
		raise_to(ef, EC_STATUS_LICENSED, policy);
		return;
	}
	if (why && c->q->licenses)
		warn(c, "no held license covers entry %s: the nearest is %s",
		     e->entry_id, why);
	raise_to(ef, EC_STATUS_LICENSE_REQUIRED, policy);
}

static void effect_meu(struct ctx *c, const lentry *e, size_t pi,
		       const ec__stanza *list, struct effect *ef,
		       ec_party_match *pm)
{
	const ec__entrytext *t = classified(c, e, 1);
	int partial, in;

	if (!t)
		return;
	pm->scope_understood = t->requirement_understood;
	if (c->item.ear99) {
		add_rule(c, "list:MEU", get(list, "citation"), get(list, "cfr"),
			 pm->effective, e->end_date, pi, EC_STATUS_NLR,
			 "Military End User entry %s: the requirement covers "
			 "items in Supp. No. 2 to part 744; EAR99 is not",
			 e->entry_id);
		raise_to(ef, EC_STATUS_NLR, EC_POLICY_NONE);
		return;
	}
	in = in_supp2(c, &partial);
	if (!in && partial) {
		ef->review = 1;
		warn(c, "Supp. No. 2 to part 744 as held in the rules is "
			"partial; %s not found in it",
		     c->item.text);
	}
	if (!in && !partial) {
		raise_to(ef, EC_STATUS_NLR, EC_POLICY_NONE);
		return;
	}
	c->cur_policy = EC_POLICY_PRESUMPTION_DENIAL;
	add_rule(c, "list:MEU", get(list, "citation"), get(list, "cfr"),
		 pm->effective, e->end_date, pi, EC_STATUS_LICENSE_REQUIRED,
		 "Military End User entry %s (%s): license required for %s "
		 "(Supp. No. 2 to part 744); presumption of denial (15 CFR "
		 "744.21(e))",
		 e->entry_id, e->name, c->item.text);
	raise_to(ef, EC_STATUS_LICENSE_REQUIRED, EC_POLICY_PRESUMPTION_DENIAL);
}

/* Does the SDN entry carry a program that 15 CFR 744.8 covers? */
static const ec__stanza *sdn_744_8(struct ctx *c, const char *programs)
{
	size_t i, k;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "list_requirement") != 0 ||
		    strcmp(get(s, "list"), "SDN") != 0 ||
		    !in_window(s, c->date))
			continue;
		for (k = 0; k < s->nkv; k++) {
			const char *v = s->kv[k].value, *p = programs;
			size_t n = strlen(v);

			if (strcmp(s->kv[k].key, "programs") != 0)
				continue;
			while ((p = strstr(p, v)) != NULL) {
				if ((p == programs || p[-1] == ' ' ||
				     p[-1] == ';') &&
				    (p[n] == '\0' || p[n] == ';' || p[n] == ' '))
					return s;
				p += n;
			}
		}
	}
	return NULL;
}

static void policy_notes(struct ctx *c, const ec__stanza *doc)
{
	size_t i;

	for (i = 0; doc && c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "policy_note") == 0 &&
		    covers_entry(s, doc, NULL, NULL) &&
		    strcmp(get(s, "date"), c->date) <= 0)
			warn(c, "policy statement, not a rule (%s, %s): %s",
			     get(s, "date"), get(s, "citation"), get(s, "text"));
	}
}

/* Is the listing in force on the date?  Fills pm's effective date. */
static int listing_in_force(struct ctx *c, const lentry *e,
			    const ec__stanza *doc, ec_party_match *pm)
{
	const char *eff = doc && ec__stanza_get(doc, "effective")
				  ? get(doc, "effective")
				  : e->start_date;

	pm->effective = ec__arena_str(&c->d->arena, eff);
	if (*eff && strcmp(c->date, eff) < 0)
		return 0;
	if (*e->end_date && strcmp(c->date, e->end_date) > 0)
		return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Cleared hits (cleared.c holds the register)                         */
/* ------------------------------------------------------------------ */

/* Moves match pm, the last one, to the cleared hits. */
static void suppress(struct ctx *c, size_t pi, const ec_party_match *pm,
		     const ec__cleared *k)
{
	struct decision *d = c->d;
	ec_cleared_hit *h;

	d->pub.nmatches--;
	if (ec__grow((void **)&d->cleared, &d->cap_cleared,
		     d->pub.ncleared + 1, sizeof(*d->cleared))) {
		d->oom = 1;
		return;
	}
	h = &d->cleared[d->pub.ncleared++];
	h->party = pi;
	h->entry_id = pm->entry_id;
	h->list = pm->list;
	h->name = pm->name;
	h->matched_name = pm->matched_name;
	h->score = pm->score;
	h->entry_fingerprint = pm->entry_fingerprint;
	h->reviewer = ec__arena_str(&d->arena, k->reviewer);
	h->date = ec__arena_str(&d->arena, k->date);
	h->expires = ec__arena_str(&d->arena, k->expires);
	h->reason = ec__arena_str(&d->arena, k->reason);
	h->line = k->line;
}

/*
 * Gives match pm its entry's fingerprint and looks it up in the cleared
 * register: 1 when the hit is suppressed.  A decision made on other
 * content, or expired, reopens the hit with a warning.
 */
static int cleared_hit(struct ctx *c, size_t pi, const lentry *e,
		       ec_party_match *pm)
{
	struct decision *d = c->d;
	const ec_check_query *q = c->q;
	const ec_cleared_register *reg = q->version >= 2 ? q->cleared : NULL;
	const char *id = q->version >= 2 && q->party_ids ? q->party_ids[pi]
							 : NULL;
	const ec__cleared *k;
	char fp[65], norm[1024];
	int rc;

	pm->reopened = "";
	pm->entry_fingerprint = "";
	if ((rc = ec__entry_fingerprint_cached(c->snap, e->idx, e->rowid,
					       fp))) {
		if (rc == EC_ENOMEM)
			d->oom = 1;
		/* The hit stands: it cannot be shown unchanged. */
		warn(c, "%s entry %s: its fingerprint could not be read (%s); "
			"the hit is not checked against cleared hits",
		     pm->list, pm->entry_id, ec_strerror(rc));
		return 0;
	}
	pm->entry_fingerprint = ec__arena_str(&d->arena, fp);
	if (!reg || !reg->n)
		return 0;
	if (ec_normalize(norm, sizeof(norm), q->parties[pi].name) < 0) {
		d->oom = 1; /* its only failure */
		return 0;
	}
	rc = ec__cleared_find(reg, id, norm, pm->entry_id, fp, c->date, &k);
	if (rc == EC__CLEARED_YES) {
		suppress(c, pi, pm, k);
		return 1;
	}
	if (rc == EC__CLEARED_NONE)
		return 0;
	pm->reopened = ec__arena_printf(
		&d->arena, "cleared on %s by %s; %s", k->date, k->reviewer,
		rc == EC__CLEARED_CHANGED ? "the entry changed since"
					  : "the decision expired");
	warn(c, "party %zu ~ %s entry %s: %s (register line %ld)", pi + 1,
	     pm->list, pm->entry_id, pm->reopened, k->line);
	return 0;
}

static void screen_party(struct ctx *c, size_t pi, struct effect *total)
{
	const ec_party *party = &c->q->parties[pi];
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	struct decision *d = c->d;
	ec_matches *ms = NULL;
	ec_error err;
	size_t i;

	o.min_score = EC__REVIEW_FLOOR;
	o.limit = EC__MAX_PARTY_MATCHES;
	o.country = party->country && strlen(party->country) == 2
			    ? party->country
			    : NULL;
	o.address = party->address;
	if (ec_search(&ms, c->snap, party->name, &o, &err)) {
		if (err.code == EC_ENOMEM)
			d->oom = 1; /* never cleared: an earlier party's too */
		warn(c, "party %zu could not be screened: %s", pi + 1,
		     err.text);
		total->review = 1;
		return;
	}
	for (i = 0; i < ec_matches_count(ms); i++) {
		const ec_match *m = ec_matches_get(ms, i);
		const ec__stanza *list, *doc;
		struct effect ef = {EC_STATUS_NLR, EC_POLICY_NONE, 0};
		lentry el, *e = &el;
		ec_party_match *pm;
		const char *effect;

		lentry_fill(c, ec__matches_entry(ms, i), e);
		if (ec__grow((void **)&d->matches, &d->cap_matches,
			     d->pub.nmatches + 1, sizeof(*d->matches)) ||
		    ec__grow((void **)&d->midx, &d->cap_midx,
			     d->pub.nmatches + 1, sizeof(*d->midx))) {
			d->oom = 1;
			break;
		}
		d->midx[d->pub.nmatches] = e->idx;
		pm = &d->matches[d->pub.nmatches++];
		memset(pm, 0, sizeof(*pm));
		pm->party = pi;
		pm->entry_id = ec__arena_str(&d->arena, m->entry_id);
		pm->list = ec__arena_str(&d->arena, m->list);
		pm->name = ec__arena_str(&d->arena, m->name);
		pm->matched_name = ec__arena_str(&d->arena, m->matched_name);
		pm->score = m->score;
		pm->certain = m->score >= EC_DEFAULT_THRESHOLD;
		pm->scope_understood = 1;
		pm->license_requirement =
			ec__arena_str(&d->arena, e->license_requirement);
		pm->license_policy = ec__arena_str(&d->arena, e->license_policy);
		if (cleared_hit(c, pi, e, pm))
			continue; /* suppressed: not a match any more */
		doc = entry_doc(c, e);
		pm->in_force = listing_in_force(c, e, doc, pm);
		if (!pm->in_force) {
			warn(c,
			     "%s entry %s (%s) is not in force on %s (in force "
			     "%s to %s)",
			     m->list, m->entry_id, m->name, c->date,
			     pm->effective, *e->end_date ? e->end_date : "now");
			continue;
		}
		if (!pm->certain) {
			ef.review = 1;
			warn(c,
			     "party %zu \"%s\" possibly matches %s entry %s "
			     "\"%s\" (score %.2f, below %.2f): treated as a "
			     "match until reviewed",
			     pi + 1, party->name, m->list, m->entry_id,
			     m->matched_name, m->score, EC_DEFAULT_THRESHOLD);
		}
		list = find_list_rule(c, m->list);
		effect = list ? get(list, "effect") : "";
		c->cur_entry = pm->entry_id; /* the decision's copy */
		c->cur_policy = EC_POLICY_NONE;
		if (!c->subject && strcmp(effect, "ofac_blocked") != 0 &&
		    strcmp(effect, "outside_ear") != 0) {
			continue; /* the EAR does not reach the item */
		}
		if (strcmp(effect, "entry_scoped") == 0) {
			effect_el(c, e, m, party, pi, list, doc, &ef, pm);
			policy_notes(c, doc);
		} else if (strcmp(effect, "prohibited") == 0) {
			add_rule(c, "list:DPL", e->federal_register_notice,
				 get(list, "cfr"), pm->effective, e->end_date,
				 pi, EC_STATUS_PROHIBITED,
				 "Denied Persons List entry %s (%s): a denial "
				 "order bars any transaction in items subject "
				 "to the EAR; only BIS can authorize under the "
				 "order",
				 e->entry_id, e->name);
			raise_to(&ef, EC_STATUS_PROHIBITED, EC_POLICY_NONE);
		} else if (strcmp(effect, "uvl") == 0) {
			add_rule(c, "list:UVL", get(list, "citation"),
				 get(list, "cfr"), pm->effective, e->end_date,
				 pi, EC_STATUS_NLR_WITH_CONDITIONS,
				 "Unverified List entry %s (%s): no license "
				 "exceptions; a UVL statement before shipping; "
				 "electronic export information filed whatever "
				 "the value",
				 e->entry_id, e->name);
			oblige(c, "Obtain a UVL statement from the Unverified List "
				  "party before shipping (15 CFR 744.15(b)).");
			oblige(c, "File Electronic Export Information in AES for "
				  "every export to the UVL party, whatever the "
				  "value (15 CFR 758.1(b)(8)).");
			warn(c, "license exceptions are unavailable for the UVL "
				"party; any license the item needs anyway still "
				"applies");
			raise_to(&ef, EC_STATUS_NLR_WITH_CONDITIONS,
				 EC_POLICY_NONE);
		} else if (strcmp(effect, "meu_supp2") == 0) {
			effect_meu(c, e, pi, list, &ef, pm);
		} else if (strcmp(effect, "ofac_blocked") == 0) {
			const ec__stanza *r744;

			d->pub.ofac_listed = 1;
			if (strcmp(m->list, "SDN") == 0)
				d->pub.ofac_blocked = 1;
			add_rule(c, ec__arena_printf(&d->arena, "list:%s",
						     m->list),
				 get(list, "citation"), get(list, "cfr"), "", "",
				 pi, EC_STATUS_NLR,
				 "%s entry %s (%s): OFAC sanctions (%s); "
				 "Treasury authority, separate from the EAR",
				 m->list, e->entry_id, e->name,
				 strcmp(m->list, "SDN") == 0
					 ? "property blocked"
					 : get(list, "ofac_measure"));
			/* 15 CFR 744.8 reaches SDNs only, not other
			 * Treasury lists. */
			r744 = c->subject && strcmp(m->list, "SDN") == 0
				       ? sdn_744_8(c, e->programs)
				       : NULL;
			if (r744) {
				add_rule(c, r744->id, get(r744, "citation"),
					 get(r744, "cfr"),
					 get(r744, "valid_from"), "", pi,
					 EC_STATUS_LICENSE_REQUIRED,
					 "SDN under program(s) %s: EAR license "
					 "required (15 CFR 744.8)",
					 e->programs);
				raise_to(&ef, EC_STATUS_LICENSE_REQUIRED,
					 EC_POLICY_SEE_REGULATION);
			}
		} else if (strcmp(effect, "outside_ear") == 0) {
			add_rule(c, ec__arena_printf(&d->arena, "list:%s",
						     m->list),
				 get(list, "citation"), get(list, "cfr"), "", "",
				 pi, EC_STATUS_NLR,
				 "%s entry %s (%s): reported only; this list "
				 "is outside the EAR decision",
				 m->list, e->entry_id, e->name);
			warn(c, "%s: %s is on the %s list (%s); check that "
				"authority separately",
			     party->name, e->name, m->list, e->source);
		} else {
			ef.review = 1;
			warn(c, "no rule describes list %s; treated as license "
				"required until reviewed",
			     m->list);
			raise_to(&ef, EC_STATUS_LICENSE_REQUIRED, EC_POLICY_NONE);
		}
		/*
		 * Failing safe: a possible match is decided as if it were
		 * one (so "no license" only when even a match would need
		 * none), and an entry text that is not understood has
		 * already been taken as "license required".
		 */
		raise_to(total, ef.status, ef.policy);
		total->review |= ef.review;
		c->cur_entry = NULL;
	}
	ec_matches_free(ms);
}

/* ------------------------------------------------------------------ */
/* Subject to the EAR                                                  */
/* ------------------------------------------------------------------ */

static const char *dest_group(struct ctx *c)
{
	if (in_country_group(c, c->dest, "E:1"))
		return "E:1";
	if (in_country_group(c, c->dest, "E:2"))
		return "E:2";
	return "other";
}

/* De minimis for a foreign-made item (15 CFR 734.4). */
static int de_minimis_subject(struct ctx *c, int *review)
{
	const char *group = dest_group(c);
	double pct = c->q->us_content_pct;
	size_t i;

	if (pct < 0) {
		*review = 1;
		warn(c, "foreign-made item without its controlled US content: "
			"treated as subject to the EAR until the de minimis "
			"share is known");
		return 1;
	}
	if (!c->dest)
		warn(c, "no destination country given: de minimis taken for "
			"a destination outside Country Groups E:1 and E:2");
	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];
		const char *p;

		if (strcmp(s->kind, "de_minimis") != 0 ||
		    strcmp(get(s, "item_class"), "controlled") != 0 ||
		    strcmp(get(s, "destination_group"), group) != 0 ||
		    !in_window(s, c->date))
			continue;
		p = get(s, "percent");
		if (strcmp(p, "none") == 0)
			continue;
		if (pct > strtod(p, NULL)) {
			add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
				 get(s, "valid_from"), get(s, "valid_to"),
				 (size_t)-1, EC_STATUS_LICENSE_REQUIRED,
				 "de minimis: %.1f%% controlled US content "
				 "exceeds %s%% for destination group %s: the "
				 "foreign-made item is subject to the EAR",
				 pct, p, group);
			return 1;
		}
		add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
			 get(s, "valid_from"), get(s, "valid_to"), (size_t)-1,
			 EC_STATUS_NOT_SUBJECT,
			 "de minimis: %.1f%% controlled US content is within "
			 "%s%% for destination group %s: the foreign-made item "
			 "is not subject to the EAR (an Entity List party "
			 "does not change de minimis)",
			 pct, p, group);
		return 0;
	}
	*review = 1;
	warn(c, "no de minimis threshold in the rules for group %s on %s: "
		"treated as subject",
	     group, c->date);
	return 1;
}

/* Does a footnote-1 party make a foreign direct product subject? */
static int fdp_subject(struct ctx *c)
{
	size_t p, i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "fdp") != 0 || !in_window(s, c->date))
			continue;
		for (p = 0; p < c->d->pub.nmatches; p++) {
			const ec_party_match *pm = &c->d->matches[p];
			lentry e;
			const ec__stanza *doc;
			int covered;

			if (!pm->in_force || strcmp(pm->list, "EL") != 0)
				continue;
			lentry_fill(c, c->d->midx[p], &e);
			doc = entry_doc(c, &e);
			covered = covers_entry(s, doc, NULL, e.name);
			if (!covered)
				continue;
			if (strcmp(get(s, "requires_party_design"), "yes") == 0 &&
			    !(c->q->facts & EC_FACT_PARTY_DESIGNED)) {
				warn(c, "%s reaches only items designed or "
					"produced by a footnote 1 entity, which "
					"the query does not say",
				     s->id);
				continue;
			}
			add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
				 get(s, "valid_from"), get(s, "valid_to"),
				 pm->party, EC_STATUS_LICENSE_REQUIRED,
				 "%s: the foreign-produced direct product is "
				 "subject to the EAR (footnote 1 entity %s)",
				 get(s, "name"), pm->name);
			return 1;
		}
	}
	add_rule(c, "fdp:none", "", "15 CFR 734.3; 15 CFR 734.9", "", "",
		 (size_t)-1, EC_STATUS_NOT_SUBJECT,
		 "no foreign-direct-product rule in force on %s reaches this "
		 "item and these parties",
		 c->date);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static int check_query(const ec_check_query *q, ec_error *err)
{
	size_t i, k;

	if (q->version != EC_CHECK_QUERY_VERSION && q->version != 1)
		return ec__fail(err, EC_EINVAL, "unknown check query version");
	if (q->nparties == 0 || !q->parties)
		return ec__fail(err, EC_EINVAL, "a check needs at least one "
						"party");
	for (i = 0; i < q->nparties; i++) {
		const ec_party *p = &q->parties[i];

		if (!p->name || !*p->name)
			return ec__fail(err, EC_EINVAL, "party %zu has no name",
					i + 1);
		if (p->role < EC_ROLE_PURCHASER || p->role > EC_ROLE_END_USER)
			return ec__fail(err, EC_EINVAL,
					"party %zu has an unknown role", i + 1);
		if (p->country && strlen(p->country) != 2)
			return ec__fail(err, EC_EINVAL,
					"party %zu: country \"%.16s\" is not an "
					"ISO-2 code",
					i + 1, p->country);
	}
	if (q->date && !ec__valid_date(q->date))
		return ec__fail(err, EC_EINVAL,
				"date \"%.16s\" is not YYYY-MM-DD", q->date);
	if (q->contract_date && !ec__valid_date(q->contract_date))
		return ec__fail(err, EC_EINVAL,
				"contract date \"%.16s\" is not YYYY-MM-DD",
				q->contract_date);
	if (q->device_date && !ec__valid_date(q->device_date))
		return ec__fail(err, EC_EINVAL,
				"device date \"%.16s\" is not YYYY-MM-DD",
				q->device_date);
	if (q->origin < EC_ORIGIN_US || q->origin > EC_ORIGIN_DIRECT_PRODUCT)
		return ec__fail(err, EC_EINVAL, "unknown origin");
	if (q->us_content_pct > 100.0)
		return ec__fail(err, EC_EINVAL,
				"US content above 100%%: %.1f", q->us_content_pct);
	for (i = 0; i < q->nactivities; i++) {
		for (k = 0; activity_tags[k]; k++)
			if (q->activities[i] &&
			    strcmp(q->activities[i], activity_tags[k]) == 0)
				break;
		if (!activity_tags[k])
			return ec__fail(err, EC_EINVAL,
					"unknown activity tag \"%.64s\"",
					q->activities[i] ? q->activities[i]
							 : "(null)");
	}
	return 0;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int ec_check(ec_decision **out, const ec_snapshot *snap,
	     const ec_check_query *q, ec_error *err)
{
	struct decision *d;
	struct effect total = {EC_STATUS_NLR, EC_POLICY_NONE, 0};
	struct ctx c;
	size_t i;
	int rc, review = 0;

	ec__error_clear(err);
	if (!out || !snap || !q)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if ((rc = check_query(q, err)))
		return rc;
	memset(&c, 0, sizeof(c));
	c.snap = snap;
	c.rules = snap->rules;
	c.q = q;
	if (ec__eccn_parse(q->item ? q->item : "EAR99", &c.item))
		return ec__fail(err, EC_EINVAL,
				"item \"%.32s\" is not an ECCN (e.g. 5A002, "
				"3A001.a) or EAR99",
				q->item);
	if (q->date)
		memcpy(c.date, q->date, 11);
	else
		today(c.date);
	for (i = 0; i < q->nparties && !c.dest; i++)
		if (q->parties[i].role == EC_ROLE_ULTIMATE_CONSIGNEE)
			c.dest = q->parties[i].country;
	for (i = 0; i < q->nparties && !c.dest; i++)
		c.dest = q->parties[i].country;
	d = ec__calloc(1, sizeof(*d));
	if (!d)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	c.d = d;
	d->pub.date = ec__arena_str(&d->arena, c.date);
	d->pub.item = ec__arena_str(&d->arena, c.item.text);

	/* Whether the EAR reaches the item at all. */
	c.subject = 1;
	if (q->origin == EC_ORIGIN_FOREIGN)
		c.subject = de_minimis_subject(&c, &review);
	/* The FDP test needs the parties' listings: screen first. */
	if (q->origin == EC_ORIGIN_DIRECT_PRODUCT) {
		c.subject = 1;
		for (i = 0; i < q->nparties; i++)
			screen_party(&c, i, &total);
		c.subject = fdp_subject(&c);
		if (!c.subject) {
			/* Rescreen with the EAR out of reach. */
			d->pub.nrules = 0;
			d->pub.nmatches = 0;
			d->pub.nauthorizations = 0;
			d->pub.nobligations = 0;
			d->pub.ncleared = 0;
			total.status = EC_STATUS_NLR;
			total.policy = EC_POLICY_NONE;
			total.review = 0;
			d->pub.ofac_blocked = d->pub.ofac_listed = 0;
			fdp_subject(&c);
		}
	}
	if (q->origin != EC_ORIGIN_DIRECT_PRODUCT || !c.subject) {
		for (i = 0; i < q->nparties; i++)
			screen_party(&c, i, &total);
	}
	if (!c.subject) {
		total.status = EC_STATUS_NOT_SUBJECT;
		total.policy = EC_POLICY_NONE;
	}
	total.review |= review;
	d->pub.status = total.status;
	d->pub.review_policy = total.policy;
	d->pub.needs_review = total.review;
	if (total.status == EC_STATUS_NLR && !c.item.ear99)
		warn(&c, "no list-based requirement; %s may still need a "
			 "license for the destination under the Country Chart "
			 "(15 CFR part 738), which this engine does not decide",
		     c.item.text);
	d->pub.rules = d->rules;
	d->pub.matches = d->matches;
	d->pub.authorizations = d->auths;
	d->pub.obligations = d->obligations;
	d->pub.warnings = d->warnings;
	d->pub.cleared = d->cleared;
	ec__free(c.holder_score);
	if (d->oom || d->arena.failed) {
		ec_decision_free(&d->pub);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	*out = &d->pub;
	return 0;
}

void ec_decision_free(ec_decision *pub)
{
	struct decision *d = (struct decision *)pub;

	if (!d)
		return;
	ec__arena_dispose(&d->arena);
	ec__free(d->rules);
	ec__free(d->matches);
	ec__free(d->midx);
	ec__free(d->auths);
	ec__free(d->obligations);
	ec__free(d->warnings);
	ec__free(d->cleared);
	ec__free(d);
}
