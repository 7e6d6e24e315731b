/*
 * screen_delta.c: delta rescreening.  The names of every entry an update
 * added, changed or removed (old and new versions) are kept with their
 * words' weights (delta_words.c); a row is decided again, on both
 * snapshots, only when its name could match one of them, and written only
 * when its answer changed, with what it was and why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "delta_words.h"
#include "screen_delta.h"

int delta_candidate(const delta *dl, const char *name)
{
	return dwords_candidate(dl->words, name);
}

/* ------------------------------------------------------------------ */
/* The changed entries' words                                          */
/* ------------------------------------------------------------------ */

/* Adds the names of entry it as snapshot s holds it, if it does. */
static int add_entry(delta *dl, const ec_snapshot *s, const ec_snapshot *other,
		     const ec_diff_item *it)
{
	ec_entry *e;
	ec_error err;
	size_t i;
	int rc = ec_entry_lookup(&e, s, it->list, it->entry_id, &err), person;

	if (rc)
		return rc == EC_ENOTFOUND ? 0 : -1;
	person = strcmp(e->type, "Individual") == 0;
	rc = dwords_add(dl->words, s, other, e->name, person);
	for (i = 0; !rc && i < e->naliases; i++)
		rc = dwords_add(dl->words, s, other, e->aliases[i], person);
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

int delta_open(delta *dl, const char *path, const ec_snapshot *cur)
{
	ec_error err;
	size_t i;
	int rc;

	memset(dl, 0, sizeof(*dl));
	if ((rc = ec_snapshot_open(&dl->old_snap, path, &err)))
		return tool_error(path, rc, &err);
	dl->rules_changed =
		strcmp(rules_digest(dl->old_snap), rules_digest(cur)) != 0;
	if ((rc = ec_snapshot_diff(&dl->diff, dl->old_snap, cur, &err)))
		return tool_error("cannot compare the snapshots", rc, &err);
	dl->nentries = ec_diff_count(dl->diff);
	if (!(dl->words = dwords_new()))
		return TOOL_EXIT_FAILURE;
	for (i = 0; i < dl->nentries; i++) {
		const ec_diff_item *it = ec_diff_get(dl->diff, i);

		/* Each version weighed with its own snapshot's statistics. */
		if ((it->kind != EC_DIFF_ADDED &&
		     add_entry(dl, dl->old_snap, cur, it)) ||
		    (it->kind != EC_DIFF_REMOVED &&
		     add_entry(dl, cur, dl->old_snap, it))) {
			fprintf(stderr,
				"entitycheck: out of memory or a "
				"damaged snapshot reading the changes\n");
			return TOOL_EXIT_FAILURE;
		}
	}
	return TOOL_EXIT_OK;
}

void delta_dispose(delta *dl)
{
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
