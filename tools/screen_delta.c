/*
 * screen_delta.c: delta rescreening.  The names of every entry an update
 * added, changed or removed (old and new versions) are kept with their
 * words' weights (delta_words.c); a row is decided again, on both
 * snapshots, only when its name could match one of them, and written only
 * when its answer changed, with what it was and why.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "delta_words.h"
#include "screen_delta.h"

/* The review floor and the bonuses of lib/match.h and lib/search.c. */
#define REVIEW_FLOOR 0.65
#define COUNTRY_BONUS 0.03
#define ADDRESS_BONUS 0.03
#define DOB_BONUS 0.05
#define NAT_BONUS 0.03
#define MARGIN 0.01

/* Upper-case letters and digits of s into out: how IDs compare. */
static void id_key(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z'))
			out[n++] = *s;
		else if (*s >= 'a' && *s <= 'z')
			out[n++] = (char)(*s - 'a' + 'A');
	out[n] = '\0';
}

/* Whether a party's facts or address could match a changed entry. */
static int other_evidence(const delta *dl, const ec_check_query *q, size_t i)
{
	char key[128];
	const ec_party_facts *f = q->party_facts ? &q->party_facts[i] : NULL;

	/* A listed ID number makes a match whatever the name. */
	if (f && f->id_number && *f->id_number) {
		id_key(f->id_number, key, sizeof(key));
		if (!*key || (dl->ids && strstr(dl->ids, key)))
			return 1;
	}
	/* An address-only entry matches by the party's address. */
	return dl->address_entries && q->parties[i].address &&
	       *q->parties[i].address;
}

static int given(const char *s)
{
	return s && *s;
}

/*
 * The name score a party needs for a possible match: the review floor
 * less the bonuses its facts may add (lib/search.c, lib/match.h), less a
 * margin for the weights' float rounding.
 */
static double needed(const ec_party *p, const ec_party_facts *f)
{
	double b = REVIEW_FLOOR - MARGIN;

	b -= given(p->country) ? COUNTRY_BONUS : 0;
	b -= given(p->address) ? ADDRESS_BONUS : 0;
	if (f) {
		b -= given(f->date_of_birth) ? DOB_BONUS : 0;
		b -= given(f->nationality) ? NAT_BONUS : 0;
	}
	return b;
}

/* At most this many touched entries are scored for one name. */
#define MAX_TAGS 64

/*
 * Whether name, with the party's country, address and facts, scores a
 * possible match against one of the touched entries (as ec_check() would
 * search it: lib/decide.c) on the snapshot of bit (1 old, 2 current).
 */
static int scores(const delta *dl, const char *name, const ec_party *p,
		  const ec_party_facts *f, const uint32_t *tags, size_t n,
		  unsigned bit)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_entry_ref refs[MAX_TAGS];
	ec_matches *m;
	ec_error err;
	size_t i, k = 0;
	int found;

	for (i = 0; i < n; i++)
		if (dl->ents[tags[i]].snaps & bit) {
			refs[k].list = dl->ents[tags[i]].list;
			refs[k++].entry_id = dl->ents[tags[i]].id;
		}
	if (!k)
		return 0;
	o.min_score = REVIEW_FLOOR;
	o.limit = 1;
	o.country = given(p->country) && strlen(p->country) == 2 ? p->country
								 : NULL;
	o.address = p->address;
	if (f)
		o.facts = *f;
	o.nentries = k;
	o.entries = refs;
	if (ec_search(&m, bit == 1 ? dl->old_snap : dl->cur, name, &o, &err))
		return 1; /* cannot tell: decide it */
	found = ec_matches_count(m) > 0;
	ec_matches_free(m);
	return found;
}

/* Whether one name (a party's or an owner's) could change its answer. */
static int name_touched(const delta *dl, const char *name, const ec_party *p,
			const ec_party_facts *f)
{
	uint32_t tags[MAX_TAGS];
	long n =
		dwords_candidate(dl->words, name, needed(p, f), tags, MAX_TAGS);

	return n < 0 || (n > 0 && (scores(dl, name, p, f, tags, (size_t)n, 1) ||
				   scores(dl, name, p, f, tags, (size_t)n, 2)));
}

int delta_candidate(const delta *dl, const ec_check_query *q)
{
	const ec_party_facts *f;
	ec_party owner = {NULL, 0, NULL, NULL};
	size_t i;

	if (dl->all_rows)
		return 1;
	for (i = 0; i < q->nparties; i++) {
		f = q->party_facts ? &q->party_facts[i] : NULL;
		if (other_evidence(dl, q, i) ||
		    name_touched(dl, q->parties[i].name, &q->parties[i], f))
			return 1;
	}
	for (i = 0; i < q->nowners; i++) {
		owner.name = q->owners[i].name;
		owner.country = q->owners[i].country;
		if (name_touched(dl, owner.name, &owner, NULL))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The changed entries' words                                          */
/* ------------------------------------------------------------------ */

/*
 * Whether the index may read name as a person's (lib/build.c): the entry
 * is an individual, or has no type and a name without digits (the index
 * then reads its shape, which the bound need not repeat).
 */
static int personal(const ec_entry *e, const char *name)
{
	if (!strcmp(e->type, "Individual"))
		return 1;
	return !*e->type && !strpbrk(name, "0123456789");
}

/* The touched entry (list, id), added if new, with snapshot bits snaps. */
static long touch(delta *dl, const char *list, const char *id, unsigned snaps)
{
	struct delta_entry *v;

	if (dl->nents && !strcmp(dl->ents[dl->nents - 1].list, list) &&
	    !strcmp(dl->ents[dl->nents - 1].id, id)) {
		dl->ents[dl->nents - 1].snaps |= snaps;
		return (long)dl->nents - 1;
	}
	if (!(v = realloc(dl->ents, (dl->nents + 1) * sizeof(*v))))
		return -1;
	dl->ents = v;
	v += dl->nents;
	v->list = strdup(list);
	v->id = strdup(id);
	v->snaps = snaps;
	if (!v->list || !v->id) {
		free(v->list);
		free(v->id);
		return -1;
	}
	return (long)dl->nents++;
}

/*
 * Adds the names of e (of snapshot s, bit snaps; other: the other
 * snapshot, or NULL).
 */
static int add_names(delta *dl, const ec_snapshot *s, const ec_snapshot *other,
		     const ec_entry *e, unsigned snaps)
{
	long tag = touch(dl, e->list, e->entry_id, snaps);
	size_t i;
	int rc;

	if (tag < 0)
		return -1;
	rc = dwords_add(dl->words, s, other, e->name, personal(e, e->name),
			(uint32_t)tag);
	for (i = 0; !rc && i < e->naliases; i++)
		rc = dwords_add(dl->words, s, other, e->aliases[i],
				personal(e, e->aliases[i]), (uint32_t)tag);
	return rc;
}

/* Keeps what else of a changed entry could match a row: IDs, an address. */
static int add_evidence(delta *dl, const ec_entry *e)
{
	char key[4096];
	size_t n = dl->ids ? strlen(dl->ids) : 0, k;
	char *v;

	/* An Entity List entry whose name has a number may be an address
	 * (lib/address.c reads which exactly). */
	if (!strcmp(e->list, "EL") && strpbrk(e->name, "0123456789") &&
	    e->addresses_raw && *e->addresses_raw)
		dl->address_entries = 1;
	if (!e->ids || !*e->ids)
		return 0;
	id_key(e->ids, key, sizeof(key));
	k = strlen(key);
	if (!(v = realloc(dl->ids, n + k + 2)))
		return -1;
	/* IDs run together: a match across two only decides a row. */
	memcpy(v + n, key, k);
	v[n + k] = '|';
	v[n + k + 1] = '\0';
	dl->ids = v;
	return 0;
}

/* Adds entry it as snapshot s holds it, if it does. */
static int add_entry(delta *dl, const ec_snapshot *s, const ec_snapshot *other,
		     const ec_diff_item *it)
{
	ec_entry *e;
	ec_error err;
	int rc = ec_entry_lookup(&e, s, it->list, it->entry_id, &err);

	if (rc)
		return rc == EC_ENOTFOUND ? 0 : -1;
	rc = add_names(dl, s, other, e, s == dl->old_snap ? 1 : 2) ||
			     add_evidence(dl, e)
		     ? -1
		     : 0;
	ec_entry_free(e);
	return rc;
}

static const char *rules_digest(const ec_snapshot *s)
{
	const ec_snapshot_info *in = ec_snapshot_info_get(s);
	size_t i;

	for (i = 0; i < in->nsources; i++)
		if (!strcmp(in->sources[i].kind, "rules"))
			return in->sources[i].sha256;
	return "";
}

static const ec_diff_item *find_item(const delta *dl, const char *list,
				     const char *id);

/* Whether e holds a drift word in one of its names. */
static int drifts(const delta *dl, const ec_entry *e)
{
	size_t i;

	if (dwords_has_drift(dl->words, e->name))
		return 1;
	for (i = 0; i < e->naliases; i++)
		if (dwords_has_drift(dl->words, e->aliases[i]))
			return 1;
	return 0;
}

/*
 * Adds the entries the update did not change that hold a drift word: the
 * score of a row against them moves with the word's weight.
 */
static int add_drifting(delta *dl, const ec_snapshot *cur)
{
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;
	int rc;

	if (!dwords_ndrift(dl->words))
		return 0;
	if (ec_entry_iter_new(&it, cur, &err))
		return -1;
	while (!(rc = ec_entry_iter_next(it, &e, &err)))
		if (!find_item(dl, e->list, e->entry_id) && drifts(dl, e)) {
			if (add_names(dl, cur, NULL, e, 3))
				break;
			dl->ndrifting++;
		}
	ec_entry_iter_free(it);
	return rc == EC_EITEROVER ? 0 : -1;
}

/* Reads the changes: their names, their evidence, the drifting entries. */
static int read_changes(delta *dl, const ec_snapshot *cur)
{
	size_t i;

	for (i = 0; i < dl->nentries; i++) {
		const ec_diff_item *it = ec_diff_get(dl->diff, i);

		/* Each version weighed with its own snapshot's statistics. */
		if ((it->kind != EC_DIFF_ADDED &&
		     add_entry(dl, dl->old_snap, cur, it)) ||
		    (it->kind != EC_DIFF_REMOVED &&
		     add_entry(dl, cur, dl->old_snap, it)))
			return -1;
	}
	if (add_drifting(dl, cur) || dwords_finish(dl->words, cur))
		return -1;
	return 0;
}

int delta_open(delta *dl, const char *path, const ec_snapshot *cur)
{
	ec_error err;
	long long wa, wb;
	int rc;

	memset(dl, 0, sizeof(*dl));
	dl->cur = cur;
	if ((rc = ec_snapshot_open(&dl->old_snap, path, &err)))
		return tool_error(path, rc, &err);
	dl->rules_changed =
		strcmp(rules_digest(dl->old_snap), rules_digest(cur)) != 0;
	/* Another list size weighs every word otherwise. */
	wa = ec_snapshot_info_get(dl->old_snap)->weight_basis;
	wb = ec_snapshot_info_get(cur)->weight_basis;
	dl->all_rows = !wa || wa != wb;
	if ((rc = ec_snapshot_diff(&dl->diff, dl->old_snap, cur, &err)))
		return tool_error("cannot compare the snapshots", rc, &err);
	dl->nentries = ec_diff_count(dl->diff);
	if (!(dl->words = dwords_new()))
		return TOOL_EXIT_FAILURE;
	if (read_changes(dl, cur)) {
		fprintf(stderr, "entitycheck: out of memory or a "
				"damaged snapshot reading the changes\n");
		return TOOL_EXIT_FAILURE;
	}
	if (pthread_mutex_init(&dl->lock, NULL))
		return TOOL_EXIT_FAILURE;
	dl->lock_up = 1;
	return TOOL_EXIT_OK;
}

void delta_dispose(delta *dl)
{
	size_t i;

	for (i = 0; i < dl->ndates; i++)
		free(dl->dates[i].date);
	for (i = 0; i < dl->nents; i++) {
		free(dl->ents[i].list);
		free(dl->ents[i].id);
	}
	free(dl->ents);
	free(dl->dates);
	if (dl->lock_up)
		pthread_mutex_destroy(&dl->lock);
	free(dl->ids);
	ec_snapshot_free(dl->old_snap);
	ec_diff_free(dl->diff);
	dwords_free(dl->words);
	memset(dl, 0, sizeof(*dl));
}

/* ------------------------------------------------------------------ */
/* Comparing two answers                                               */
/* ------------------------------------------------------------------ */

static const ec_party_match *find_match(const ec_decision *d, const char *list,
					const char *id)
{
	size_t i;

	for (i = 0; i < d->nmatches; i++)
		if (!strcmp(d->matches[i].list, list) &&
		    !strcmp(d->matches[i].entry_id, id))
			return &d->matches[i];
	return NULL;
}

static int has_match(const ec_decision *d, const char *list, const char *id)
{
	return find_match(d, list, id) != NULL;
}

/* The same entries, with the same content, matched and cleared. */
static int same_matches(const ec_decision *a, const ec_decision *b)
{
	const ec_party_match *m;
	size_t i;

	if (a->nmatches != b->nmatches || a->ncleared != b->ncleared)
		return 0;
	for (i = 0; i < a->nmatches; i++) {
		m = find_match(b, a->matches[i].list, a->matches[i].entry_id);
		if (!m || strcmp(a->matches[i].entry_fingerprint,
				 m->entry_fingerprint) != 0)
			return 0;
	}
	for (i = 0; i < a->ncleared; i++)
		if (strcmp(a->cleared[i].entry_id, b->cleared[i].entry_id))
			return 0;
	return 1;
}

int delta_changed(const ec_decision *old, const ec_decision *cur)
{
	return old->status != cur->status ||
	       old->needs_review != cur->needs_review ||
	       old->ofac_blocked != cur->ofac_blocked ||
	       old->ofac_listed != cur->ofac_listed ||
	       old->review_policy != cur->review_policy ||
	       !same_matches(old, cur);
}

/* Whether a probe party, which matches nothing, gets another answer. */
static int probe_differs(const delta *dl, const ec_snapshot *cur,
			 const ec_check_query *q)
{
	ec_party party = {"Zqxvj Wkpqz Fhtgl", EC_ROLE_ULTIMATE_CONSIGNEE, NULL,
			  NULL};
	ec_check_query pq = *q;
	ec_decision *old = NULL, *now = NULL;
	ec_error err;
	int differs;

	if (q->nparties)
		party.role = q->parties[0].role;
	pq.nparties = 1;
	pq.parties = &party;
	pq.nowners = 0;
	pq.owners = NULL;
	pq.party_facts = NULL;
	pq.party_ids = NULL;
	differs = ec_check(&now, cur, &pq, &err) ||
		  ec_check(&old, dl->old_snap, &pq, &err) ||
		  old->lists_outdated != now->lists_outdated ||
		  delta_changed(old, now);
	ec_decision_free(old);
	ec_decision_free(now);
	return differs;
}

int delta_dated(delta *dl, const ec_snapshot *cur, const ec_check_query *q)
{
	const char *date = q->date ? q->date : "";
	size_t i;
	int differs = -1;
	struct delta_date *v;

	pthread_mutex_lock(&dl->lock);
	for (i = 0; i < dl->ndates && differs < 0; i++)
		if (!strcmp(dl->dates[i].date, date))
			differs = dl->dates[i].differs;
	pthread_mutex_unlock(&dl->lock);
	if (differs >= 0)
		return differs;
	differs = probe_differs(dl, cur, q);
	pthread_mutex_lock(&dl->lock);
	v = realloc(dl->dates, (dl->ndates + 1) * sizeof(*v));
	if (v) {
		dl->dates = v;
		if ((v[dl->ndates].date = strdup(date)))
			v[dl->ndates++].differs = differs;
	}
	pthread_mutex_unlock(&dl->lock);
	return differs;
}

/* The diff item of (list, id), or NULL: items are in (list, id) order. */
static const ec_diff_item *find_item(const delta *dl, const char *list,
				     const char *id)
{
	size_t lo = 0, hi = dl->nentries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ec_diff_item *it = ec_diff_get(dl->diff, mid);
		int c = strcmp(it->list, list);

		if (!c)
			c = strcmp(it->entry_id, id);
		if (!c)
			return it;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* One reason: an entry the row matches now, or matched before. */
static void why_entry(FILE *f, const delta *dl, const ec_party_match *m,
		      int before, int *first)
{
	const ec_diff_item *it = find_item(dl, m->list, m->entry_id);
	char text[512];
	size_t k, n;

	if (!it && before)
		snprintf(text, sizeof(text), "%s %s (%s) no longer matches",
			 m->list, m->entry_id, m->name);
	else if (!it)
		snprintf(text, sizeof(text), "%s %s (%s) matches now", m->list,
			 m->entry_id, m->name);
	else if (it->kind == EC_DIFF_REMOVED)
		snprintf(text, sizeof(text),
			 "%s %s (%s) was removed from the "
			 "list: resolved",
			 m->list, m->entry_id, m->name);
	else if (it->kind == EC_DIFF_ADDED)
		snprintf(text, sizeof(text), "%s %s (%s) was added", m->list,
			 m->entry_id, m->name);
	else {
		n = (size_t)snprintf(text, sizeof(text),
				     "%s %s (%s) changed:", m->list,
				     m->entry_id, m->name);
		for (k = 0; k < it->nfields && n < sizeof(text); k++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%s %s", k ? "," : "",
					      it->fields[k]);
	}
	if (!*first)
		fputc(',', f);
	*first = 0;
	jstr(f, text);
}

void delta_json(FILE *f, const delta *dl, const ec_decision *old,
		const ec_decision *cur)
{
	size_t i;
	int first = 1;

	fprintf(f,
		"\"previous\":{\"status\":\"%s\",\"needs_review\":%s,"
		"\"review_policy\":\"%s\",\"matches\":[",
		ec_status_name(old->status),
		old->needs_review ? "true" : "false",
		ec_policy_name(old->review_policy));
	for (i = 0; i < old->nmatches; i++) {
		fputs(i ? "," : "", f);
		jstr(f, old->matches[i].entry_id);
	}
	fputs("]},\"why\":[", f);
	for (i = 0; i < old->nmatches; i++)
		if (!has_match(cur, old->matches[i].list,
			       old->matches[i].entry_id) ||
		    find_item(dl, old->matches[i].list,
			      old->matches[i].entry_id))
			why_entry(f, dl, &old->matches[i],
				  !has_match(cur, old->matches[i].list,
					     old->matches[i].entry_id),
				  &first);
	for (i = 0; i < cur->nmatches; i++)
		if (!has_match(old, cur->matches[i].list,
			       cur->matches[i].entry_id))
			why_entry(f, dl, &cur->matches[i], 0, &first);
	if (first)
		jstr(f, "the answer changed with the lists' statistics");
	fputc(']', f);
}
