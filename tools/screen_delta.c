/*
 * screen_delta.c: delta rescreening.  The words of every entry an update
 * added, changed or removed (old and new versions) make a small set; a
 * row is decided again only when one of its words could pair with one of
 * them the way the matcher pairs words: the same, within two edits, the
 * same consonant skeleton, or two words written as one.  Legal forms,
 * stopwords and initials are left out: alone they never make a match.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "screen_delta.h"

#define MAX_WORD 64

struct dtok {
	size_t off, len;  /* in dl->words */
	uint64_t mask;    /* which byte values (mod 64) it holds */
	char skel[MAX_WORD];
};

static uint64_t byte_mask(const char *w, size_t n)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m |= 1ull << ((unsigned char)w[i] & 63);
	return m;
}

/* Consonants only, repeats collapsed: Mohammed and Muhammad agree. */
static void skeleton(const char *w, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < MAX_WORD; i++) {
		if (strchr("aeiouy", w[i]))
			continue;
		if (k && out[k - 1] == w[i])
			continue;
		out[k++] = w[i];
	}
	out[k] = '\0';
}

/* Whether the edit distance of a and b is at most 2 (bytes). */
static int within_two(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned d[MAX_WORD + 1], prev, cur;
	size_t i, j;

	if (la > MAX_WORD || lb > MAX_WORD)
		return 0;
	for (j = 0; j <= lb; j++)
		d[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned best;

		prev = d[0];
		d[0] = (unsigned)i;
		best = d[0];
		for (j = 1; j <= lb; j++) {
			cur = d[j];
			d[j] = prev + (a[i - 1] != b[j - 1]);
			if (cur + 1 < d[j])
				d[j] = cur + 1;
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			prev = cur;
			if (d[j] < best)
				best = d[j];
		}
		if (best > 2)
			return 0;
	}
	return d[lb] <= 2;
}

static int could_pair(const delta *dl, const char *w, size_t n)
{
	char skel[MAX_WORD];
	uint64_t m = byte_mask(w, n);
	size_t i;

	skeleton(w, n, skel);
	for (i = 0; i < dl->ntoks; i++) {
		const struct dtok *t = &dl->toks[i];
		const char *tw = dl->words + t->off;

		if (t->len == n && memcmp(tw, w, n) == 0)
			return 1;
		if (n < 3 || t->len < 3)
			continue;
		if (strlen(skel) >= 2 && strcmp(skel, t->skel) == 0)
			return 1;
		if ((t->len > n ? t->len - n : n - t->len) > 2)
			continue;
		/* Two edits change at most four byte values (ASCII). */
		if (__builtin_popcountll(m ^ t->mask) > 4 * 4)
			continue;
		if (within_two(w, n, tw, t->len))
			return 1;
	}
	return 0;
}

int delta_candidate(const delta *dl, const char *name)
{
	char buf[1024], *w[64];
	size_t n = 0, i;
	long len = ec_normalize(buf, sizeof(buf), name);
	char *p, *save = NULL;

	if (len < 0 || (size_t)len >= sizeof(buf))
		return 1; /* cannot tell: decide it */
	for (p = strtok_r(buf, " ", &save); p && n < 64;
	     p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	for (i = 0; i < n; i++) {
		char joined[2 * MAX_WORD];
		size_t a = strlen(w[i]);

		if (could_pair(dl, w[i], a))
			return 1;
		/* "Al Zarooni" against a listed "AlZarooni". */
		if (i + 1 < n && a + strlen(w[i + 1]) < sizeof(joined)) {
			memcpy(joined, w[i], a);
			memcpy(joined + a, w[i + 1], strlen(w[i + 1]) + 1);
			if (could_pair(dl, joined, strlen(joined)))
				return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The changed entries' words                                          */
/* ------------------------------------------------------------------ */

struct wbuf {
	char *s;
	size_t len, cap;
};

static int add_word(delta *dl, struct wbuf *b, size_t *cap, const char *w,
		    size_t n)
{
	struct dtok *t;

	if (!n || n >= MAX_WORD)
		return 0;
	if (b->len + n + 1 > b->cap) {
		size_t c = (b->len + n + 1) * 2;
		char *s = realloc(b->s, c);

		if (!s)
			return -1;
		b->s = s;
		b->cap = c;
	}
	if (dl->ntoks == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct dtok *v = realloc(dl->toks, c * sizeof(*v));

		if (!v)
			return -1;
		dl->toks = v;
		*cap = c;
	}
	t = &dl->toks[dl->ntoks++];
	t->off = b->len;
	t->len = n;
	memcpy(b->s + b->len, w, n);
	b->s[b->len + n] = '\0';
	b->len += n + 1;
	t->mask = byte_mask(w, n);
	skeleton(w, n, t->skel);
	return 0;
}

/* The weight the matcher gives word with no list statistics. */
static double plain_weight(const char *word)
{
	ec_matches *m;
	const ec_match *x;
	double w = 1;
	size_t i;

	if (ec_compare(&m, NULL, word, word, NULL))
		return 1; /* keep it: cannot tell */
	x = ec_matches_get(m, 0);
	for (i = 0; x && i < x->explanation.ntokens; i++)
		if (!strcmp(x->explanation.tokens[i].query_token, word))
			w = x->explanation.tokens[i].weight;
	ec_matches_free(m);
	return w;
}

/* Adds the words of one name: strong ones, and adjacent pairs joined. */
static int add_name(delta *dl, struct wbuf *b, size_t *cap, const char *name)
{
	char buf[1024], *w[64], joined[2 * MAX_WORD];
	size_t n = 0, i;
	char *p, *save = NULL;
	long len = ec_normalize(buf, sizeof(buf), name);

	if (len < 0)
		return -1;
	for (p = strtok_r(buf, " ", &save); p && n < 64;
	     p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	for (i = 0; i < n; i++) {
		size_t a = strlen(w[i]);

		/* Legal forms, stopwords, initials: never a match alone. */
		if (plain_weight(w[i]) > 0.25 && add_word(dl, b, cap, w[i], a))
			return -1;
		if (i + 1 < n && a + strlen(w[i + 1]) < sizeof(joined)) {
			memcpy(joined, w[i], a);
			memcpy(joined + a, w[i + 1], strlen(w[i + 1]) + 1);
			if (add_word(dl, b, cap, joined, strlen(joined)))
				return -1;
		}
	}
	return 0;
}

static int add_entry(delta *dl, struct wbuf *b, size_t *cap,
		     const ec_snapshot *s, const ec_diff_item *it)
{
	ec_entry *e;
	ec_error err;
	size_t i;
	int rc = ec_entry_lookup(&e, s, it->list, it->entry_id, &err);

	if (rc)
		return rc == EC_ENOTFOUND ? 0 : -1;
	rc = add_name(dl, b, cap, e->name);
	for (i = 0; !rc && i < e->naliases; i++)
		rc = add_name(dl, b, cap, e->aliases[i]);
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
	struct wbuf b = {NULL, 0, 0};
	size_t i, cap = 0;
	ec_error err;
	int rc;

	memset(dl, 0, sizeof(*dl));
	if ((rc = ec_snapshot_open(&dl->old_snap, path, &err)))
		return tool_error(path, rc, &err);
	dl->rules_changed = strcmp(rules_digest(dl->old_snap),
				   rules_digest(cur)) != 0;
	if ((rc = ec_snapshot_diff(&dl->diff, dl->old_snap, cur, &err)))
		return tool_error("cannot compare the snapshots", rc, &err);
	dl->nentries = ec_diff_count(dl->diff);
	for (i = 0; i < dl->nentries; i++) {
		const ec_diff_item *it = ec_diff_get(dl->diff, i);

		if ((it->kind != EC_DIFF_ADDED &&
		     add_entry(dl, &b, &cap, dl->old_snap, it)) ||
		    (it->kind != EC_DIFF_REMOVED &&
		     add_entry(dl, &b, &cap, cur, it))) {
			free(b.s);
			fprintf(stderr, "entitycheck: out of memory or a "
					"damaged snapshot reading the changes\n");
			return EXIT_FAILURE_;
		}
	}
	dl->words = b.s;
	return EXIT_OK;
}

void delta_dispose(delta *dl)
{
	ec_snapshot_free(dl->old_snap);
	ec_diff_free(dl->diff);
	free(dl->toks);
	free(dl->words);
	memset(dl, 0, sizeof(*dl));
}

/* ------------------------------------------------------------------ */
/* Comparing two answers                                               */
/* ------------------------------------------------------------------ */

static const ec_party_match *find_match(const ec_decision *d,
					const char *list, const char *id)
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
		snprintf(text, sizeof(text), "%s %s (%s) was removed from the "
			 "list: resolved", m->list, m->entry_id, m->name);
	else if (it->kind == EC_DIFF_ADDED)
		snprintf(text, sizeof(text), "%s %s (%s) was added", m->list,
			 m->entry_id, m->name);
	else {
		n = (size_t)snprintf(text, sizeof(text), "%s %s (%s) changed:",
				     m->list, m->entry_id, m->name);
		for (k = 0; k < it->nfields && n < sizeof(text); k++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s %s",
					      k ? "," : "", it->fields[k]);
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

	fprintf(f, "\"previous\":{\"status\":\"%s\",\"needs_review\":%s,"
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
