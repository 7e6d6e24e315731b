/*
 * decide.c: the license decision.  Screen every party, take the listings
 * in force on the date, apply each list's effect (effect_table) and each
 * entry's scope and review policy, test the general licenses, carve-outs
 * and the supplier's own licenses, then combine: the most restrictive
 * answer wins.  Dates, citations, scopes and duties come from the rules
 * in the snapshot (data/rules); what each kind of rule *does* (a list
 * effect, a carve-out, a de minimis level) is written here.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "address.h"
#include "eccn.h"
#include "facts.h"
#include "entrytext.h"
#include "freshness.h"
#include "history.h"
#include "cleared.h"
#include "licenses.h"
#include "ownership.h"
#include "rules.h"
#include "snapshot.h"

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
		"NOT_SUBJECT",	       "NLR",
		"NLR_WITH_CONDITIONS", "LICENSED",
		"LICENSE_REQUIRED",    "PROHIBITED"};

	return status >= 0 && status < (int)EC__ARRAY_LEN(names) ? names[status]
								 : "UNKNOWN";
}

const char *ec_policy_name(int policy)
{
	static const char *const names[] = {
		"none",		  "presumption_of_approval", "case_by_case",
		"see_regulation", "presumption_of_denial",   "denial"};

	return policy >= 0 && policy < (int)EC__ARRAY_LEN(names) ? names[policy]
								 : "unknown";
}

static const char *const role_names[] = {"purchaser", "intermediate_consignee",
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

int ec_origin_parse(const char *name)
{
	static const char *const names[] = {"us", "foreign", "direct-product"};
	size_t i;

	for (i = 0; name && i < EC__ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i; /* EC_ORIGIN_* in this order */
	return -1;
}

unsigned ec_fact_parse(const char *name)
{
	static const struct {
		const char *name;
		unsigned flag;
	} facts[] = {{"designed_by_party", EC_FACT_PARTY_DESIGNED},
		     {"food_medicine", EC_FACT_FOOD_MEDICINE},
		     {"advanced_node", EC_FACT_ADVANCED_NODE}};
	size_t i;

	for (i = 0; name && i < EC__ARRAY_LEN(facts); i++)
		if (strcmp(name, facts[i].name) == 0)
			return facts[i].flag;
	return 0;
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
	const char *dest; /* destination country (ISO-2) or NULL */
	int subject;	  /* subject to the EAR */
	/* The entry the rules being added concern (the decision's copy). */
	const char *cur_entry;
	int cur_policy; /* and the policy they state */
	/* The supplier's score against each license's holder, found on first
	 * need: the same for every match of the check (-1: not yet). */
	double *holder_score;
	int review;	       /* a rule could not be decided for sure */
	const char *via_owner; /* matches being recorded are this owner's */
	int via_address;       /* ... or the party's address's */
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

static const char *get(const ec__stanza *s, const char *key);

/* A rule fired from a rules stanza: its id, citation, CFR and window. */
static void rule_from(struct ctx *c, const ec__stanza *s, size_t party,
		      int status, const char *fmt, ...) EC__PRINTF(5, 6);

static void rule_from(struct ctx *c, const ec__stanza *s, size_t party,
		      int status, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	add_rule(c, s->id, get(s, "citation"), get(s, "cfr"),
		 get(s, "valid_from"), get(s, "valid_to"), party, status, "%s",
		 text);
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
	add_text(c, (const char ***)&c->d->obligations, &c->d->pub.nobligations,
		 &c->d->cap_obligations, text);
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
	return ec__stanza_str(s, key);
}

/* Is the stanza in force on date (inclusive window)? */
static int in_window(const ec__stanza *s, const char *date)
{
	return ec__stanza_in_window(s, date);
}

/* Does the stanza carry key = value (one of its repeated values)? */
static int has_value(const ec__stanza *s, const char *key, const char *value)
{
	return ec__stanza_has(s, key, value);
}

static const ec__stanza *find_list_rule(const struct ctx *c, const char *code)
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
	const char *removed; /* date the list dropped it, or NULL */
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
	e->removed = ec__snapshot_removed_on(c->snap, v.rowid);
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
static const ec__entrytext *classified(struct ctx *c, const lentry *e, int meu)
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

/* The answer's status and policy are values of the public enums. */
static int effect_in_range(const struct effect *e)
{
	EC__ASSERT(e->status >= EC_STATUS_NOT_SUBJECT &&
		   e->status <= EC_STATUS_PROHIBITED);
	EC__ASSERT(e->policy >= EC_POLICY_NONE &&
		   e->policy <= EC_POLICY_DENIAL);
	return 0;
}

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
					     "their notes, which the query "
					     "does "
					     "not say)",
					     entry_id, ec_policy_name(pol),
					     p->eccns);
				break;
			case EC__PRED_FOOD_MEDICINE:
				hit = (c->q->facts & EC_FACT_FOOD_MEDICINE) &&
				      c->item.ear99;
				if (!hit)
					warn(c,
					     "entry %s: %s for food or "
					     "medicine "
					     "(not stated for this item)",
					     entry_id, ec_policy_name(pol));
				break;
			case EC__PRED_ADVANCED_NODE:
				hit = (c->q->facts & EC_FACT_ADVANCED_NODE) !=
				      0;
				if (!hit)
					warn(c,
					     "entry %s: %s for items uniquely "
					     "required for production at "
					     "advanced "
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
	for (i = 0; i < r->reg.n; i++) {
		const ec__license *l = (const ec__license *)r->reg.v + i;
		double holder_score = 0, cons_score = 0;
		int by_id = strcmp(l->consignee, m->entry_id) == 0;

		if (!c->q->supplier) {
			MISS(1, "no supplier was named, so no license can be "
				"matched to its holder");
			continue;
		}
		if (!c->holder_score) {
			size_t k;

			c->holder_score = ec__malloc(r->reg.n * sizeof(double));
			if (!c->holder_score) {
				c->d->oom = 1;
				return NULL;
			}
			for (k = 0; k < r->reg.n; k++)
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
 * The carve-out half: a release the entry does not cover.  Returns
 * NOT_SUBJECT, NLR or -1 (the carve-out does not reach the item).
 */
static int carveout_lifts(struct ctx *c, const ec__stanza *s, size_t party)
{
	/* scope_verified = no: the release's item scope was not read. */
	int unverified = strcmp(get(s, "scope_verified"), "no") == 0;

	if (!has_activity(c, get(s, "activity")))
		return -1;
	/* No item_classes: the carve-out lifts nothing (fail safe). */
	if (!(has_value(s, "item_classes", "EAR99") && c->item.ear99) &&
	    !(has_value(s, "item_classes", "AT_ONLY") &&
	      ec__eccn_at_only(&c->item))) {
		warn(c,
		     "%s (%s) covers EAR99 and anti-terrorism-only technology "
		     "only; %s is not",
		     get(s, "name"), get(s, "citation"), c->item.text);
		if (unverified) {
			c->review = 1;
			warn(c,
			     "%s: its item scope is not verified here; %s "
			     "may be within it: review before relying on the "
			     "requirement",
			     s->id, c->item.text);
		}
		return -1;
	}
	if (unverified) {
		c->review = 1;
		warn(c,
		     "%s: its item scope is not verified here: review that "
		     "%s is within it",
		     s->id, c->item.text);
	}
	if (strcmp(get(s, "effect"), "not_subject") == 0) {
		rule_from(c, s, party, EC_STATUS_NOT_SUBJECT,
			  "%s: the release is not subject to the EAR",
			  get(s, "name"));
		add_auth(c, s->id, "carveout", get(s, "name"),
			 get(s, "citation"),
			 "standards-related activity on the date is outside "
			 "the EAR");
		return EC_STATUS_NOT_SUBJECT;
	}
	rule_from(c, s, party, EC_STATUS_NLR,
		  "%s: no Entity List license for %s %s", get(s, "name"),
		  c->item.text, get(s, "condition"));
	add_auth(c, s->id, "carveout", get(s, "name"), get(s, "citation"),
		 "the query's activity is a standards release of EAR99 or "
		 "anti-terrorism-only technology");
	return EC_STATUS_NLR;
}

/* A Country Group the license excludes that a party or place is in. */
static const char *excluded_anywhere(struct ctx *c, const ec__stanza *s,
				     const char *cc)
{
	const char *excl = excluded_group(c, s, cc);
	size_t p;

	for (p = 0; !excl && p < c->q->nparties; p++)
		excl = excluded_group(c, s, c->q->parties[p].country);
	if (!excl)
		excl = excluded_group(c, s, c->dest);
	return excl;
}

/*
 * The license half: a general license or authorization whose activity
 * and conditions the query meets.  Returns NLR_WITH_CONDITIONS or -1.
 */
static int license_lifts(struct ctx *c, const ec__stanza *s, const char *cc,
			 size_t party)
{
	size_t k;

	for (k = 0; k < s->nkv; k++) {
		char tag[64], why[512];
		const char *v = s->kv[k].value, *semi, *excl;
		size_t n;

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
		if (!date_condition(c, s, tag, semi, "contract_on_or_before=",
				    c->q->contract_date, "a contract executed",
				    why, sizeof(why)) ||
		    !date_condition(
			    c, s, tag, semi,
			    "device_public_on_or_before=", c->q->device_date,
			    "a device available to the public", why,
			    sizeof(why)))
			continue;
		if ((excl = excluded_anywhere(c, s, cc)) != NULL) {
			warn(c,
			     "%s not usable: it authorizes nothing involving "
			     "Country Group %s",
			     s->id, excl);
			continue;
		}
		rule_from(c, s, party, EC_STATUS_NLR_WITH_CONDITIONS,
			  "%s authorizes the transaction (%s); it lifts only "
			  "the Entity List requirement",
			  get(s, "name"), why);
		add_auth(c, s->id,
			 strcmp(s->kind, "general_license") == 0
				 ? "general_license"
				 : "authorization",
			 get(s, "name"), get(s, "citation"), why);
		if (ec__stanza_get(s, "obligation"))
			oblige(c, get(s, "obligation"));
		warn(c,
		     "other EAR license requirements that applied before "
		     "the listing still apply (Country Chart, embargoes, end "
		     "uses)");
		return EC_STATUS_NLR_WITH_CONDITIONS;
	}
	return -1;
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
		int r;

		if (strcmp(s->kind, "carveout") == 0) {
			if (!covers_entry(s, doc, "EL", name) ||
			    !in_window(s, c->date))
				continue;
			r = carveout_lifts(c, s, party);
			if (r == EC_STATUS_NOT_SUBJECT)
				return r;
		} else if (strcmp(s->kind, "general_license") == 0 ||
			   strcmp(s->kind, "authorization") == 0) {
			if (!covers_entry(s, doc, "EL", name) ||
			    !in_window(s, c->date))
				continue;
			r = license_lifts(c, s, cc, party);
		} else {
			continue;
		}
		if (r > best)
			best = r;
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

/* Does a stanza's entity_countries (if any) name one of the entry's? */
static int entity_country_ok(const ec__stanza *s, const char *countries)
{
	size_t k;
	int any = 0;

	for (k = 0; k < s->nkv; k++) {
		if (strcmp(s->kv[k].key, "entity_countries") != 0)
			continue;
		any = 1;
		if (countries && strlen(s->kv[k].value) == 2 &&
		    strstr(countries, s->kv[k].value))
			return 1;
	}
	return !any;
}

static int footnote_ok(const ec__stanza *s, int footnote)
{
	char fn[8];

	if (!ec__stanza_get(s, "footnote"))
		return 1;
	snprintf(fn, sizeof(fn), "%d", footnote);
	return has_value(s, "footnote", fn);
}

static unsigned exception_flag(const char *name)
{
	if (strcmp(name, "food_medicine") == 0)
		return EC__EXC_FOOD_MEDICINE;
	if (strcmp(name, "ear99") == 0)
		return EC__EXC_EAR99;
	return 0;
}

/*
 * A dated change of entry texts (kind entry_override): the snapshot holds
 * one text per entry, the law changed it on a date.  In force on the date
 * and reaching the entry (by footnote, entity country): the exceptions
 * it adds or drops, and the stanza whose policy replaces the entry's for
 * the items it names.
 */
struct override {
	unsigned add, drop;
	const ec__stanza *policy, *first;
};

static void entry_overrides(struct ctx *c, const lentry *e,
			    const ec__entrytext *t, struct override *o)
{
	size_t i, k;

	memset(o, 0, sizeof(*o));
	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "entry_override") != 0 ||
		    !in_window(s, c->date) ||
		    !footnote_ok(s, t->fdp_footnote) ||
		    !entity_country_ok(s, e->country) ||
		    strcmp(e->list, get(s, "list")) != 0)
			continue;
		for (k = 0; k < s->nkv; k++) {
			if (strcmp(s->kv[k].key, "add_exception") == 0)
				o->add |= exception_flag(s->kv[k].value);
			else if (strcmp(s->kv[k].key, "drop_exception") == 0)
				o->drop |= exception_flag(s->kv[k].value);
		}
		if (ec__stanza_get(s, "policy"))
			o->policy = s;
		if (!o->first)
			o->first = s;
	}
}

/* The override's policy, when the item is the kind it names. */
static int override_policy(struct ctx *c, const struct override *o, size_t pi,
			   int policy)
{
	const char *when;
	int p;

	if (!o->policy)
		return policy;
	when = get(o->policy, "policy_when");
	if (strcmp(when, "food_medicine") == 0 &&
	    !(c->item.ear99 && (c->q->facts & EC_FACT_FOOD_MEDICINE)))
		return policy;
	for (p = EC_POLICY_NONE; p <= EC_POLICY_DENIAL; p++)
		if (strcmp(ec_policy_name(p), get(o->policy, "policy")) == 0)
			break;
	if (p > EC_POLICY_DENIAL)
		return policy;
	c->cur_policy = p;
	rule_from(c, o->policy, pi, EC_STATUS_LICENSE_REQUIRED,
		  "%s: review policy %s for %s (the entry's text says %s)",
		  get(o->policy, "name"), ec_policy_name(p), when,
		  ec_policy_name(policy));
	if (ec__stanza_get(o->policy, "warning"))
		warn(c, "%s", get(o->policy, "warning"));
	if (strcmp(get(o->policy, "review"), "yes") == 0)
		c->review = 1;
	return p;
}

/*
 * Does the entry's License Requirement text reach the item?  A text not
 * understood, or a scope that depends on facts the query does not give,
 * counts as "required" and marks the effect for review.
 */
static int el_scope_requires(struct ctx *c, const lentry *e,
			     const ec__entrytext *tp, const struct override *ov,
			     struct effect *ef)
{
	unsigned exc = (tp->exceptions | ov->add) & ~ov->drop;
	int required = 1, scope = tp->scope;

	if (scope == EC__SCOPE_ALL && ov->add)
		scope = EC__SCOPE_ALL_EXCEPT;
	switch (scope) {
	case EC__SCOPE_ALL:
		break;
	case EC__SCOPE_ALL_EXCEPT:
		if ((exc & EC__EXC_EAR99) && c->item.ear99)
			required = 0;
		if ((exc & EC__EXC_FOOD_MEDICINE) && c->item.ear99 &&
		    (c->q->facts & EC_FACT_FOOD_MEDICINE))
			required = 0;
		if ((exc & EC__EXC_STANDARDS) &&
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
			add_auth(c,
				 ec__arena_printf(&c->d->arena,
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
			warn(c,
			     "entry %s: Supp. No. 2 to part 744 as held in "
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
	return required;
}

/* The Entity List: license required as the entry states. */
static void el_decide(struct ctx *c, const lentry *e, const ec_match *m,
		      const ec_party *party, size_t pi, const ec__stanza *list,
		      const ec__stanza *doc, struct effect *ef,
		      ec_party_match *pm)
{
	const ec__entrytext *tp = classified(c, e, 0);
	struct override ov;
	int required, lifted, policy, pol_ok;
	const char *why;
	const ec__license *lic;

	if (!tp)
		return;
	pm->scope_understood = tp->requirement_understood;
	entry_overrides(c, e, tp, &ov);
	required = el_scope_requires(c, e, tp, &ov, ef);
	if (ov.first && (tp->exceptions & ov.drop & EC__EXC_FOOD_MEDICINE) &&
	    c->item.ear99 && (c->q->facts & EC_FACT_FOOD_MEDICINE))
		warn(c,
		     "entry %s: its text excepts food and medicine, which %s "
		     "(%s) ended on %s",
		     e->entry_id, ov.first->id, get(ov.first, "citation"),
		     get(ov.first, "valid_from"));
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
	policy = override_policy(c, &ov, pi, policy);
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
			 ec__arena_printf(&c->d->arena, "license %s held by %s",
					  lic->number, lic->holder),
			 "supplier's license register",
			 ec__arena_printf(
				 &c->d->arena,
				 "covers consignee %s, items %s, "
				 "valid %s to %s",
				 lic->consignee, lic->items, lic->valid_from,
				 *lic->valid_to ? lic->valid_to : "(open)"));
		add_rule(c,
			 ec__arena_printf(&c->d->arena, "license:%s",
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

static void meu_decide(struct ctx *c, const lentry *e, size_t pi,
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
		warn(c,
		     "Supp. No. 2 to part 744 as held in the rules is "
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
				    (p[n] == '\0' || p[n] == ';' ||
				     p[n] == ' '))
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
			     get(s, "date"), get(s, "citation"),
			     get(s, "text"));
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
	/* Dropped from the list (carried by update): not from that day. */
	if (e->removed && *e->removed && strcmp(c->date, e->removed) >= 0)
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
	if (ec__grow((void **)&d->cleared, &d->cap_cleared, d->pub.ncleared + 1,
		     sizeof(*d->cleared))) {
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
	/* A register clears a party's own hits, not its owners'. */
	const ec_cleared_register *reg = c->via_owner ? NULL : q->cleared;
	const char *id = q->party_ids ? q->party_ids[pi] : NULL;
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
		warn(c,
		     "%s entry %s: its fingerprint could not be read (%s); "
		     "the hit is not checked against cleared hits",
		     pm->list, pm->entry_id, ec_strerror(rc));
		return 0;
	}
	pm->entry_fingerprint = ec__arena_str(&d->arena, fp);
	if (!reg || !reg->reg.n)
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

/* One listed entry that a party matched, as the list effects read it. */
struct hit {
	const lentry *e;
	const ec_match *m;
	const ec_party *party;
	size_t pi;
	const ec__stanza *list, *doc;
	ec_party_match *pm;
};

static void effect_el(struct ctx *c, const struct hit *h, struct effect *ef)
{
	el_decide(c, h->e, h->m, h->party, h->pi, h->list, h->doc, ef, h->pm);
	policy_notes(c, h->doc);
}

static void effect_meu(struct ctx *c, const struct hit *h, struct effect *ef)
{
	meu_decide(c, h->e, h->pi, h->list, ef, h->pm);
}

static void effect_dpl(struct ctx *c, const struct hit *h, struct effect *ef)
{
	add_rule(c, "list:DPL", h->e->federal_register_notice,
		 get(h->list, "cfr"), h->pm->effective, h->e->end_date, h->pi,
		 EC_STATUS_PROHIBITED,
		 "Denied Persons List entry %s (%s): a denial order bars any "
		 "transaction in items subject to the EAR; only BIS can "
		 "authorize under the order",
		 h->e->entry_id, h->e->name);
	raise_to(ef, EC_STATUS_PROHIBITED, EC_POLICY_NONE);
}

/* The UVL: its duties are the list stanza's obligation/warning lines. */
static void effect_uvl(struct ctx *c, const struct hit *h, struct effect *ef)
{
	size_t k;

	add_rule(c, "list:UVL", get(h->list, "citation"), get(h->list, "cfr"),
		 h->pm->effective, h->e->end_date, h->pi,
		 EC_STATUS_NLR_WITH_CONDITIONS,
		 "Unverified List entry %s (%s): no license exceptions; a UVL "
		 "statement before shipping; electronic export information "
		 "filed whatever the value",
		 h->e->entry_id, h->e->name);
	for (k = 0; k < h->list->nkv; k++) {
		if (strcmp(h->list->kv[k].key, "obligation") == 0)
			oblige(c, h->list->kv[k].value);
		else if (strcmp(h->list->kv[k].key, "warning") == 0)
			warn(c, "%s", h->list->kv[k].value);
	}
	raise_to(ef, EC_STATUS_NLR_WITH_CONDITIONS, EC_POLICY_NONE);
}

static void effect_ofac(struct ctx *c, const struct hit *h, struct effect *ef)
{
	struct decision *d = c->d;
	const char *list = h->m->list;
	const ec__stanza *r744;

	/* An owner's listing blocks the party only by the 50% rule. */
	if (!c->via_owner) {
		d->pub.ofac_listed = 1;
		if (strcmp(list, "SDN") == 0)
			d->pub.ofac_blocked = 1;
	}
	add_rule(c, ec__arena_printf(&d->arena, "list:%s", list),
		 get(h->list, "citation"), get(h->list, "cfr"), "", "", h->pi,
		 EC_STATUS_NLR,
		 "%s entry %s (%s): OFAC sanctions (%s); Treasury authority, "
		 "separate from the EAR",
		 list, h->e->entry_id, h->e->name,
		 strcmp(list, "SDN") == 0 ? "property blocked"
					  : get(h->list, "ofac_measure"));
	/* 15 CFR 744.8 reaches SDNs only, not other Treasury lists. */
	r744 = c->subject && strcmp(list, "SDN") == 0
		       ? sdn_744_8(c, h->e->programs)
		       : NULL;
	if (r744) {
		rule_from(
			c, r744, h->pi, EC_STATUS_LICENSE_REQUIRED,
			"SDN under program(s) %s: EAR license required for any "
			"item subject to the EAR (%s)",
			h->e->programs, get(r744, "cfr"));
		raise_to(ef, EC_STATUS_LICENSE_REQUIRED,
			 EC_POLICY_SEE_REGULATION);
	}
}

static void effect_outside_ear(struct ctx *c, const struct hit *h,
			       struct effect *ef)
{
	(void)ef;
	add_rule(c, ec__arena_printf(&c->d->arena, "list:%s", h->m->list),
		 get(h->list, "citation"), get(h->list, "cfr"), "", "", h->pi,
		 EC_STATUS_NLR,
		 "%s entry %s (%s): reported only; this list is outside the "
		 "EAR decision",
		 h->m->list, h->e->entry_id, h->e->name);
	warn(c,
	     "%s: %s is on the %s list (%s); check that authority "
	     "separately",
	     h->party->name, h->e->name, h->m->list, h->e->source);
}

/*
 * What a list's effect (data/rules lists.rules) does to a party, like the
 * command table of tools/entitycheck.c.  beyond_ear: the list is decided
 * even for an item the EAR does not reach (it is not an EAR list).
 */
static const struct {
	const char *effect;
	void (*fn)(struct ctx *c, const struct hit *h, struct effect *ef);
	int beyond_ear;
} effect_table[] = {
	{"entry_scoped", effect_el, 0},
	{"prohibited", effect_dpl, 0},
	{"uvl", effect_uvl, 0},
	{"meu_supp2", effect_meu, 0},
	{"ofac_blocked", effect_ofac, 1},
	{"outside_ear", effect_outside_ear, 1},
};

/* Records match m of party pi; returns its slot, or NULL when out of memory. */
static ec_party_match *record_match(struct ctx *c, size_t pi, const ec_match *m,
				    const lentry *e)
{
	struct decision *d = c->d;
	ec_party_match *pm;

	if (ec__grow((void **)&d->matches, &d->cap_matches, d->pub.nmatches + 1,
		     sizeof(*d->matches)) ||
	    ec__grow((void **)&d->midx, &d->cap_midx, d->pub.nmatches + 1,
		     sizeof(*d->midx))) {
		d->oom = 1;
		return NULL;
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
	pm->owner =
		c->via_owner ? ec__arena_str(&d->arena, c->via_owner) : NULL;
	pm->by_address = c->via_address;
	return pm;
}

/*
 * Applies the list effect of match m (entry e) of party pi, recorded as
 * pm, to total.
 */
static void apply_match(struct ctx *c, size_t pi, const ec_match *m,
			const lentry *e, const ec__stanza *doc,
			ec_party_match *pm, struct effect *total)
{
	const ec_party *party = &c->q->parties[pi];
	struct effect ef = {EC_STATUS_NLR, EC_POLICY_NONE, 0};
	struct hit h;
	size_t k;

	memset(&h, 0, sizeof(h));
	h.e = e;
	h.m = m;
	h.party = party;
	h.pi = pi;
	h.doc = doc;
	h.pm = pm;
	if (!pm->certain) {
		ef.review = 1;
		warn(c,
		     "%s %zu \"%s\" possibly matches %s entry %s \"%s\" "
		     "(score %.2f, below %.2f): treated as a match until "
		     "reviewed",
		     c->via_owner ? "owner of party" : "party", pi + 1,
		     c->via_owner ? c->via_owner : party->name, m->list,
		     m->entry_id, m->matched_name, m->score,
		     EC_DEFAULT_THRESHOLD);
	}
	h.list = find_list_rule(c, m->list);
	c->cur_entry = pm->entry_id; /* the decision's copy */
	c->cur_policy = EC_POLICY_NONE;
	for (k = 0; h.list && k < EC__ARRAY_LEN(effect_table); k++)
		if (strcmp(get(h.list, "effect"), effect_table[k].effect) == 0)
			break;
	if (h.list && k < EC__ARRAY_LEN(effect_table)) {
		if (!c->subject && !effect_table[k].beyond_ear) {
			c->cur_entry = NULL;
			return; /* the EAR does not reach the item */
		}
		effect_table[k].fn(c, &h, &ef);
	} else if (c->subject) {
		ef.review = 1;
		warn(c,
		     "no rule describes list %s; treated as license required "
		     "until reviewed",
		     m->list);
		raise_to(&ef, EC_STATUS_LICENSE_REQUIRED, EC_POLICY_NONE);
	}
	if (pm->by_address)
		add_rule(c, "address:744.16(a)", e->federal_register_notice,
			 "15 CFR 744.16(a)", pm->effective, e->end_date, pi,
			 ef.status,
			 "the address of party %zu matches the address-only "
			 "Entity List entry %s (\"%s\"): any entity using that "
			 "address is treated as listed, whatever its name",
			 pi + 1, e->entry_id, e->name);
	/*
	 * Failing safe: a possible match is decided as if it were one (so
	 * "no license" only when even a match would need none), and an entry
	 * text that is not understood has already been taken as "license
	 * required".
	 */
	raise_to(total, ef.status, ef.policy);
	total->review |= ef.review;
	c->cur_entry = NULL;
}

/*
 * One match of party pi (or of its owner c->via_owner): recorded, its
 * listing in force, then its list's effect.  Owners' matches are only
 * recorded here; the ownership rules decide what they do.
 */
static void screen_match(struct ctx *c, size_t pi, const ec_match *m,
			 uint32_t idx, struct effect *total)
{
	ec_party_match *pm;
	const ec__stanza *doc;
	lentry el;

	lentry_fill(c, idx, &el);
	if (!(pm = record_match(c, pi, m, &el)))
		return;
	if (cleared_hit(c, pi, &el, pm))
		return; /* suppressed: not a match any more */
	doc = entry_doc(c, &el);
	pm->in_force = listing_in_force(c, &el, doc, pm);
	if (!pm->in_force) {
		warn(c,
		     "%s entry %s (%s) is not in force on %s (in force %s to "
		     "%s%s)",
		     m->list, m->entry_id, m->name, c->date, pm->effective,
		     el.removed && *el.removed ? el.removed
		     : *el.end_date	       ? el.end_date
					       : "now",
		     el.removed && *el.removed
			     ? ", when it was removed from the list"
			     : "");
		return;
	}
	if (!c->via_owner)
		apply_match(c, pi, m, &el, doc, pm, total);
}

/* Searches name as party pi (or its owner) and screens each match. */
static void screen_name(struct ctx *c, size_t pi, const char *name,
			const char *country, const char *address,
			const ec_party_facts *facts, struct effect *total)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *ms = NULL;
	ec_error err;
	size_t i;

	o.min_score = EC__REVIEW_FLOOR;
	o.limit = EC__MAX_PARTY_MATCHES;
	o.country = country && strlen(country) == 2 ? country : NULL;
	o.address = address;
	if (facts)
		o.facts = *facts;
	if (ec_search(&ms, c->snap, name, &o, &err)) {
		if (err.code == EC_ENOMEM)
			c->d->oom =
				1; /* never cleared: an earlier party's too */
		warn(c, "party %zu%s could not be screened: %s", pi + 1,
		     c->via_owner ? "'s owner" : "", err.text);
		total->review = 1;
		return;
	}
	for (i = 0; i < ec_matches_count(ms) && !c->d->oom; i++)
		screen_match(c, pi, ec_matches_get(ms, i),
			     ec__matches_entry(ms, i), total);
	ec_matches_free(ms);
}

/* Has party pi already matched entry idx (by name)? */
static int matched_already(const struct ctx *c, size_t pi, uint32_t idx,
			   size_t from)
{
	size_t k;

	for (k = from; k < c->d->pub.nmatches; k++)
		if (c->d->matches[k].party == pi && c->d->midx[k] == idx)
			return 1;
	return 0;
}

/*
 * Address-only entries (15 CFR 744.16(a)): the party's address alone
 * reaches them, whatever its name.  A near match is a possible one.
 */
static void screen_address(struct ctx *c, size_t pi, size_t from,
			   struct effect *total)
{
	const char *addr = c->q->parties[pi].address;
	const uint32_t *idx;
	size_t n, i;

	if (!addr || !*addr)
		return;
	if (ec__address_entries(c->snap, &idx, &n)) {
		c->d->oom = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		ec__ix_entry_view v;
		ec_match m;
		const char *a;
		uint32_t k;
		int how = 0;

		ec__index_entry(c->snap->ix, idx[i], &v);
		for (k = 0, a = v.addr; k < v.naddr && !how;
		     k++, a += strlen(a) + 1)
			how = ec__address_match(addr, a);
		if (!how || matched_already(c, pi, idx[i], from))
			continue;
		memset(&m, 0, sizeof(m));
		m.entry_id = v.entry_id;
		m.list = v.list;
		m.source = v.source;
		m.name = v.name;
		m.matched_name = v.name;
		/* A near address is decided as a possible match. */
		m.score = how == 2 ? 1.0 : EC__REVIEW_FLOOR;
		c->via_address = 1;
		screen_match(c, pi, &m, idx[i], total);
		c->via_address = 0;
	}
}

/* What an owner's match counts as for the ownership rules. */
static unsigned owner_kind(struct ctx *c, const ec_party_match *pm,
			   uint32_t idx)
{
	const ec__stanza *list = find_list_rule(c, pm->list);
	const char *eff = list ? get(list, "effect") : "";
	unsigned k = pm->certain ? 0 : EC__OWN_POSSIBLE;
	lentry e;

	if (!strcmp(eff, "entry_scoped") || !strcmp(eff, "meu_supp2"))
		return k | EC__OWN_AFFILIATE;
	if (!strcmp(eff, "uvl"))
		return k | EC__OWN_UVL;
	if (!strcmp(eff, "ofac_blocked") && !strcmp(pm->list, "SDN")) {
		lentry_fill(c, idx, &e);
		/* The Affiliates rule reaches SDNs of the EAR's SDN rule. */
		return k | EC__OWN_SDN |
		       (sdn_744_8(c, e.programs) ? EC__OWN_AFFILIATE : 0);
	}
	return k | EC__OWN_OTHER;
}

static void own_warn(void *arg, const char *text)
{
	warn((struct ctx *)arg, "%s", text);
}

/*
 * The Affiliates rule applies: party pi takes the most restrictive
 * requirement of its listed owners (their matches from first on).
 */
static void owners_requirement(struct ctx *c, size_t pi, size_t first,
			       const ec__own_result *res, struct effect *total)
{
	struct effect oef = {EC_STATUS_NLR, EC_POLICY_NONE, 0};
	char who[512];
	size_t k, w = 0;

	who[0] = '\0';
	for (k = first; k < c->d->pub.nmatches && !c->d->oom; k++) {
		ec_party_match *pm = &c->d->matches[k];
		ec_match m;
		lentry e;

		if (pm->party != pi || !pm->owner || !pm->in_force ||
		    !(owner_kind(c, pm, c->d->midx[k]) & EC__OWN_AFFILIATE))
			continue;
		lentry_fill(c, c->d->midx[k], &e);
		memset(&m, 0, sizeof(m));
		m.entry_id = pm->entry_id;
		m.list = pm->list;
		m.name = pm->name;
		m.matched_name = pm->matched_name;
		m.score = pm->score;
		if (w < sizeof(who))
			w += (size_t)snprintf(who + w, sizeof(who) - w,
					      "%s%s (%s %s)", w ? "; " : "",
					      pm->owner, pm->list,
					      pm->entry_id);
		c->via_owner = pm->owner;
		apply_match(c, pi, &m, &e, entry_doc(c, &e), pm, &oef);
		c->via_owner = NULL;
	}
	c->cur_policy = oef.policy;
	rule_from(c, res->affiliates, pi, oef.status,
		  "party %zu is %.0f%% owned in aggregate by listed owners "
		  "%s: it takes the most restrictive owner's requirement (%s, "
		  "review policy %s)",
		  pi + 1, res->aff_share, who, ec_status_name(oef.status),
		  ec_policy_name(oef.policy));
	c->cur_policy = EC_POLICY_NONE;
	raise_to(total, oef.status, oef.policy);
	total->review |= oef.review;
}

#define EC__MAX_OWNERS 32

/* Screens the owners of party pi and applies the ownership rules. */
static void screen_owners(struct ctx *c, size_t pi, struct effect *total)
{
	const ec_check_query *q = c->q;
	ec__owner_hits hits[EC__MAX_OWNERS];
	size_t nh = 0, i, k, first = c->d->pub.nmatches;
	ec__own_result res;

	for (i = 0; i < q->nowners; i++) {
		const ec_owner *o = &q->owners[i];
		size_t from = c->d->pub.nmatches;

		if (o->party != pi)
			continue;
		if (nh == EC__MAX_OWNERS) {
			c->review = 1;
			warn(c,
			     "party %zu: only the first %d owners were "
			     "screened",
			     pi + 1, EC__MAX_OWNERS);
			break;
		}
		hits[nh].name = o->name;
		hits[nh].share = o->share_pct;
		hits[nh].kinds = 0;
		c->via_owner = o->name;
		screen_name(c, pi, o->name, o->country, NULL, NULL, total);
		c->via_owner = NULL;
		for (k = from; k < c->d->pub.nmatches; k++)
			if (c->d->matches[k].in_force)
				hits[nh].kinds |= owner_kind(
					c, &c->d->matches[k], c->d->midx[k]);
		nh++;
	}
	if (nh == 0)
		return;
	ec__ownership_judge(c->rules, c->date, q->parties[pi].name,
			    q->parties[pi].country, hits, nh, &res, own_warn,
			    c);
	c->review |= res.review;
	if (res.ofac) {
		c->d->pub.ofac_blocked = c->d->pub.ofac_listed = 1;
		rule_from(c, res.ofac, pi, EC_STATUS_NLR,
			  "party %zu is owned %s%% or more by blocked persons "
			  "(%.0f%% in aggregate): its property is blocked "
			  "although it is not listed; Treasury authority, "
			  "separate from the EAR",
			  pi + 1, get(res.ofac, "threshold"), res.sdn_share);
	}
	if (res.affiliates && c->subject)
		owners_requirement(c, pi, first, &res, total);
}

static void screen_party(struct ctx *c, size_t pi, struct effect *total)
{
	const ec_party *party = &c->q->parties[pi];
	size_t first = c->d->pub.nmatches;

	screen_name(c, pi, party->name, party->country, party->address,
		    c->q->party_facts ? &c->q->party_facts[pi] : NULL, total);
	screen_address(c, pi, first, total);
	screen_owners(c, pi, total);
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
			rule_from(c, s, (size_t)-1, EC_STATUS_LICENSE_REQUIRED,
				  "de minimis: %.1f%% controlled US content "
				  "exceeds %s%% for destination group %s: the "
				  "foreign-made item is subject to the EAR",
				  pct, p, group);
			return 1;
		}
		rule_from(
			c, s, (size_t)-1, EC_STATUS_NOT_SUBJECT,
			"de minimis: %.1f%% controlled US content is within "
			"%s%% for destination group %s: the foreign-made item "
			"is not subject to the EAR (an Entity List party "
			"does not change de minimis)",
			pct, p, group);
		return 0;
	}
	*review = 1;
	warn(c,
	     "no de minimis threshold in the rules for group %s on %s: "
	     "treated as subject",
	     group, c->date);
	return 1;
}

/*
 * Does fdp stanza s reach the entry of match p: by the footnote marker of
 * its text, or by the listing documents that designated it (covers_fr,
 * for entry texts that do not carry the marker)?
 */
static int fdp_reaches(struct ctx *c, const ec__stanza *s, size_t p)
{
	const ec__entrytext *t;
	lentry e;

	lentry_fill(c, c->d->midx[p], &e);
	t = classified(c, &e, 0);
	if (!t)
		return 0;
	if (!(t->fdp_footnote && ec__stanza_get(s, "footnote") &&
	      footnote_ok(s, t->fdp_footnote)) &&
	    !covers_entry(s, entry_doc(c, &e), NULL, e.name))
		return 0;
	return entity_country_ok(s, e.country);
}

/* A footnote's FDP rule reaches the item: say so, and what is unsure. */
static void fdp_fires(struct ctx *c, const ec__stanza *s,
		      const ec_party_match *pm)
{
	const char *comply = ec__stanza_get(s, "compliance_from");

	rule_from(c, s, pm->party, EC_STATUS_LICENSE_REQUIRED,
		  "%s: the foreign-produced direct product is subject to the "
		  "EAR (footnote %s entity %s)",
		  get(s, "name"), get(s, "footnote"), pm->name);
	if (strcmp(get(s, "product_scope_verified"), "no") == 0) {
		c->review = 1;
		warn(c,
		     "%s: its product scope (%s) is not verified here: the "
		     "item is taken as within it until reviewed",
		     s->id, get(s, "product_scope"));
	}
	if (comply && strcmp(c->date, comply) < 0) {
		c->review = 1;
		warn(c,
		     "%s: in force from %s with a compliance date of %s for "
		     "certain controls: review which apply on %s",
		     s->id, get(s, "valid_from"), comply, c->date);
	}
}

/* Does a footnote party make a foreign direct product subject? */
static int fdp_subject(struct ctx *c)
{
	size_t p, i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "fdp") != 0 || !in_window(s, c->date))
			continue;
		for (p = 0; p < c->d->pub.nmatches; p++) {
			const ec_party_match *pm = &c->d->matches[p];

			if (!pm->in_force || pm->owner ||
			    strcmp(pm->list, "EL") != 0 ||
			    !fdp_reaches(c, s, p))
				continue;
			if (strcmp(get(s, "requires_party_design"), "yes") ==
				    0 &&
			    !(c->q->facts & EC_FACT_PARTY_DESIGNED)) {
				warn(c,
				     "%s reaches only items designed or "
				     "produced by a footnote %s entity, which "
				     "the query does not say",
				     s->id, get(s, "footnote"));
				continue;
			}
			fdp_fires(c, s, pm);
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
/* Destination and end-use rules                                       */
/* ------------------------------------------------------------------ */

/* The first party country (or the destination) the stanza names. */
static const char *country_hit(const struct ctx *c, const ec__stanza *s)
{
	size_t i;

	for (i = 0; i < c->q->nparties; i++)
		if (c->q->parties[i].country &&
		    has_value(s, "countries", c->q->parties[i].country))
			return c->q->parties[i].country;
	return c->dest && has_value(s, "countries", c->dest) ? c->dest : NULL;
}

static int policy_parse(const char *name)
{
	int p;

	for (p = EC_POLICY_NONE; p <= EC_POLICY_DENIAL; p++)
		if (strcmp(ec_policy_name(p), name) == 0)
			return p;
	return EC_POLICY_NONE;
}

/*
 * Country-wide controls (kind destination_control): a license for the
 * items in scope when a party is in one of the countries, or a review
 * where the engine cannot tell (EAR99 items listed by HTS code).
 */
static void destination_rules(struct ctx *c, struct effect *total)
{
	size_t i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];
		const char *cc, *scope = get(s, "item_scope");

		if (strcmp(s->kind, "destination_control") != 0 ||
		    !in_window(s, c->date) || !(cc = country_hit(c, s)))
			continue;
		if ((strcmp(scope, "ccl") == 0 && c->item.ear99) ||
		    (strcmp(scope, "ear99") == 0 && !c->item.ear99))
			continue;
		if (strcmp(get(s, "status"), "license_required") == 0) {
			int pol = policy_parse(get(s, "policy"));

			c->cur_policy = pol;
			rule_from(c, s, (size_t)-1, EC_STATUS_LICENSE_REQUIRED,
				  "%s: license required for %s with a party in "
				  "%s; review policy %s",
				  get(s, "name"), c->item.text, cc,
				  ec_policy_name(pol));
			c->cur_policy = EC_POLICY_NONE;
			raise_to(total, EC_STATUS_LICENSE_REQUIRED, pol);
		}
		if (ec__stanza_get(s, "warning"))
			warn(c, "%s (%s): %s", get(s, "name"),
			     get(s, "citation"), get(s, "warning"));
		if (strcmp(get(s, "review"), "yes") == 0)
			c->review = 1;
	}
}

/* Is a party a listed entity (in force) with one of the footnotes? */
static int footnote_party(struct ctx *c, const ec__stanza *s)
{
	size_t p;

	for (p = 0; p < c->d->pub.nmatches; p++) {
		const ec_party_match *pm = &c->d->matches[p];
		const ec__entrytext *t;
		char fn[8];
		lentry e;

		if (!pm->in_force || pm->owner || strcmp(pm->list, "EL") != 0)
			continue;
		lentry_fill(c, c->d->midx[p], &e);
		t = classified(c, &e, 0);
		if (!t || !t->fdp_footnote)
			continue;
		snprintf(fn, sizeof(fn), "%d", t->fdp_footnote);
		if (has_value(s, "footnotes", fn))
			return 1;
	}
	return 0;
}

/*
 * Knowledge-based end-use rules the engine cannot decide (kind
 * end_use_warning): a warning naming them when a footnote party is
 * involved, or an item of the categories goes to the countries.
 */
static void end_use_warnings(struct ctx *c)
{
	char cat[2] = {c->item.ear99 ? '\0' : c->item.text[0], '\0'};
	size_t i;

	for (i = 0; c->rules && i < c->rules->n; i++) {
		const ec__stanza *s = &c->rules->v[i];

		if (strcmp(s->kind, "end_use_warning") != 0 ||
		    !in_window(s, c->date))
			continue;
		if (!footnote_party(c, s) &&
		    !(cat[0] && has_value(s, "item_categories", cat) &&
		      country_hit(c, s)))
			continue;
		warn(c, "%s (%s; %s): %s", get(s, "name"), get(s, "citation"),
		     get(s, "cfr"), get(s, "text"));
	}
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static int check_query(const ec_check_query *q, ec_error *err)
{
	size_t i, k;

	if (q->version != EC_CHECK_QUERY_VERSION)
		return ec__fail(err, EC_EINVAL, "unknown check query version");
	/* The parties' identifying facts, checked up front. */
	for (i = 0; q->party_facts && i < q->nparties; i++) {
		ec__qfacts qf;
		int rc = ec__qfacts_parse(&qf, &q->party_facts[i], err);

		if (rc)
			return rc;
	}
	if (q->nparties == 0 || !q->parties)
		return ec__fail(err, EC_EINVAL,
				"a check needs at least one "
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
			return ec__fail(
				err, EC_EINVAL,
				"party %zu: country \"%.16s\" is not an "
				"ISO-2 code",
				i + 1, p->country);
	}
	for (i = 0; i < q->nowners; i++) {
		const ec_owner *o = &q->owners[i];

		if (!q->owners || !o->name || !*o->name)
			return ec__fail(err, EC_EINVAL, "owner %zu has no name",
					i + 1);
		if (o->party >= q->nparties)
			return ec__fail(err, EC_EINVAL,
					"owner %zu owns no party of the query",
					i + 1);
		/* Below 0 means unknown; above 100 or NaN is an error. */
		if (o->share_pct > 100.0 || o->share_pct != o->share_pct)
			return ec__fail(err, EC_EINVAL,
					"owner %zu: share is not a percentage "
					"0-100",
					i + 1);
		if (o->country && strlen(o->country) != 2)
			return ec__fail(err, EC_EINVAL,
					"owner %zu: country is not an ISO-2 "
					"code",
					i + 1);
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
		return ec__fail(err, EC_EINVAL, "US content above 100%%: %.1f",
				q->us_content_pct);
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

static void warn_text(void *ud, const char *text)
{
	warn(ud, "%s", text);
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* An older caller's query is shorter: read only what it has. */
static const ec_check_query *upgrade_query(const ec_check_query *q,
					   ec_check_query *full)
{
	static const size_t ends[] = {
		offsetof(ec_check_query, max_list_age_days),
		offsetof(ec_check_query, nowners),
		offsetof(ec_check_query, party_facts),
		offsetof(ec_check_query, cleared)};

	if (q->version < 1 || q->version >= EC_CHECK_QUERY_VERSION)
		return q;
	memset(full, 0, sizeof(*full));
	memcpy(full, q, ends[q->version - 1]);
	if (q->version == 1) /* before max_list_age_days */
		full->max_list_age_days = -1;
	full->version = EC_CHECK_QUERY_VERSION;
	return full;
}

/*
 * Screens every party and applies the rules: whether the EAR reaches the
 * item (de minimis, the foreign-direct-product rules, which need the
 * parties' listings first), then each party's listings.
 */
static void decide_parties(struct ctx *c, struct effect *total, int *review)
{
	const ec_check_query *q = c->q;
	struct decision *d = c->d;
	size_t i;

	c->subject = 1;
	if (q->origin == EC_ORIGIN_FOREIGN)
		c->subject = de_minimis_subject(c, review);
	if (q->origin == EC_ORIGIN_DIRECT_PRODUCT) {
		for (i = 0; i < q->nparties; i++)
			screen_party(c, i, total);
		c->subject = fdp_subject(c);
		if (c->subject)
			return;
		/* Rescreen with the EAR out of reach. */
		d->pub.nrules = 0;
		d->pub.nmatches = 0;
		d->pub.nauthorizations = 0;
		d->pub.nobligations = 0;
		d->pub.ncleared = 0;
		total->status = EC_STATUS_NLR;
		total->policy = EC_POLICY_NONE;
		total->review = 0;
		d->pub.ofac_blocked = d->pub.ofac_listed = 0;
		fdp_subject(c);
	}
	for (i = 0; i < q->nparties; i++)
		screen_party(c, i, total);
}

/* Sets up c for q: the item, the date and the destination. */
static int ctx_init(struct ctx *c, const ec_snapshot *snap,
		    const ec_check_query *q, ec_error *err)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->snap = snap;
	c->rules = snap->rules;
	c->q = q;
	if (ec__eccn_parse(q->item ? q->item : "EAR99", &c->item))
		return ec__fail(err, EC_EINVAL,
				"item \"%.32s\" is not an ECCN (e.g. 5A002, "
				"3A001.a) or EAR99",
				q->item);
	if (q->date)
		memcpy(c->date, q->date, 11);
	else
		today(c->date);
	for (i = 0; i < q->nparties && !c->dest; i++)
		if (q->parties[i].role == EC_ROLE_ULTIMATE_CONSIGNEE)
			c->dest = q->parties[i].country;
	for (i = 0; i < q->nparties && !c->dest; i++)
		c->dest = q->parties[i].country;
	return 0;
}

/* Fills the decision's public part from total; 0 or an EC_E* code. */
static int finish_decision(struct ctx *c, struct effect *total)
{
	struct decision *d = c->d;
	int rc;

	/* How current the lists are for the date: review, never NLR. */
	rc = ec__freshness_judge(c->snap, c->date, c->q->max_list_age_days,
				 &d->pub.lists_outdated, warn_text, c);
	if (rc < 0)
		d->oom = 1;
	else
		total->review |= rc;
	if ((rc = effect_in_range(total)))
		return rc;
	d->pub.status = total->status;
	d->pub.review_policy = total->policy;
	d->pub.needs_review = total->review;
	if (total->status == EC_STATUS_NLR && !c->item.ear99)
		warn(c,
		     "no list-based requirement; %s may still need a "
		     "license for the destination under the Country Chart "
		     "(15 CFR part 738), which this engine does not decide",
		     c->item.text);
	d->pub.rules = d->rules;
	d->pub.matches = d->matches;
	d->pub.authorizations = d->auths;
	d->pub.obligations = d->obligations;
	d->pub.warnings = d->warnings;
	d->pub.cleared = d->cleared;
	return d->oom || d->arena.failed ? EC_ENOMEM : 0;
}

int ec_check(ec_decision **out, const ec_snapshot *snap,
	     const ec_check_query *q, ec_error *err)
{
	struct decision *d;
	struct effect total = {EC_STATUS_NLR, EC_POLICY_NONE, 0};
	struct ctx c;
	ec_check_query full;
	int rc, review = 0;

	ec__error_clear(err);
	if (!out || !snap || !q)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	q = upgrade_query(q, &full);
	if ((rc = check_query(q, err)) || (rc = ctx_init(&c, snap, q, err)))
		return rc;
	d = ec__calloc(1, sizeof(*d));
	if (!d)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	c.d = d;
	d->pub.date = ec__arena_str(&d->arena, c.date);
	d->pub.item = ec__arena_str(&d->arena, c.item.text);
	decide_parties(&c, &total, &review);
	if (c.subject) {
		destination_rules(&c, &total);
		end_use_warnings(&c);
	} else {
		total.status = EC_STATUS_NOT_SUBJECT;
		total.policy = EC_POLICY_NONE;
	}
	total.review |= review | c.review;
	rc = finish_decision(&c, &total);
	ec__free(c.holder_score);
	if (rc) {
		ec_decision_free(&d->pub);
		return rc == EC_ENOMEM ? ec__fail(err, rc, "out of memory")
				       : ec__fail(err, rc,
						  "internal error: status %d "
						  "or policy %d out of range",
						  total.status, total.policy);
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
	{
		void *const owned[] = {
			d->rules,	d->matches,  d->midx,	 d->auths,
			d->obligations, d->warnings, d->cleared, d};

		ec__free_all(owned, EC__ARRAY_LEN(owned));
	}
}
