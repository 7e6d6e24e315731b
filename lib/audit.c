/*
 * audit.c: one decision as an audit record, a single JSON line saying
 * what was asked, what was answered, on which data (the snapshot's and
 * the registers' digests, the lists' dates), by whom and when, so that a
 * compliance team can show an auditor any past answer and its grounds.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cleared.h"
#include "fold.h"
#include "licenses.h"
#include "snapshot.h"

/* The line under construction; any failure sticks in b.failed. */
struct jw {
	ec__buf b;
	int failed;
	int first; /* no comma needed before the next member */
};

static void raw(struct jw *w, const char *s)
{
	if (ec__buf_puts(&w->b, s))
		w->failed = 1;
}

static void comma(struct jw *w)
{
	if (!w->first)
		raw(w, ",");
	w->first = 0;
}

/*
 * A JSON string: control characters escaped, so the record stays one
 * line, and bytes that are not UTF-8 replaced, so that it always parses.
 */
static void str(struct jw *w, const char *s)
{
	char esc[8];

	raw(w, "\"");
	for (s = s ? s : ""; *s; s++) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t k;

		if (c >= 0x80) {
			k = ec__utf8_decode((const unsigned char *)s, strlen(s),
					    &cp);
			if (!k) {
				raw(w, "\\ufffd");
				continue;
			}
			if (ec__buf_put(&w->b, s, k))
				w->failed = 1;
			s += k - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			esc[2] = '\0';
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		} else {
			esc[0] = (char)c;
			esc[1] = '\0';
		}
		raw(w, esc);
	}
	raw(w, "\"");
}

static void key(struct jw *w, const char *k)
{
	comma(w);
	str(w, k);
	raw(w, ":");
}

static void kstr(struct jw *w, const char *k, const char *v)
{
	key(w, k);
	str(w, v);
}

/* A number with decimals digits after the point (0: an integer). */
static void knum(struct jw *w, const char *k, int decimals, double v)
{
	char n[64];

	key(w, k);
	snprintf(n, sizeof(n), "%.*f", decimals, v);
	raw(w, n);
}

static void kbool(struct jw *w, const char *k, int v)
{
	key(w, k);
	raw(w, v ? "true" : "false");
}

static void open_(struct jw *w, const char *k, const char *bracket)
{
	if (k)
		key(w, k);
	else
		comma(w);
	raw(w, bracket);
	w->first = 1;
}

static void close_(struct jw *w, const char *bracket)
{
	raw(w, bracket);
	w->first = 0;
}

/* The data the answer stands on: snapshot, lists, rules. */
static void data_part(struct jw *w, const ec_snapshot_info *in)
{
	const char *rules = "";
	size_t i;

	open_(w, "snapshot", "{");
	kstr(w, "sha256", in->sha256);
	knum(w, "created", 0, (double)in->created);
	kstr(w, "description", in->description);
	open_(w, "sources", "[");
	for (i = 0; i < in->nsources; i++) {
		const ec_source_info *s = &in->sources[i];

		open_(w, NULL, "{");
		kstr(w, "kind", s->kind);
		kstr(w, "file", s->file_name);
		kstr(w, "sha256", s->sha256);
		kstr(w, "date", s->date);
		/* The date the data is current as of, and how it is known. */
		kstr(w, "as_of", s->as_of);
		kstr(w, "as_of_basis", s->as_of_basis);
		close_(w, "}");
		if (strcmp(s->kind, "rules") == 0)
			rules = s->sha256;
	}
	close_(w, "]");
	open_(w, "lists", "[");
	for (i = 0; i < in->nlists; i++) {
		open_(w, NULL, "{");
		kstr(w, "code", in->lists[i].code);
		knum(w, "entries", 0, (double)in->lists[i].rows);
		kstr(w, "newest_start_date", in->lists[i].newest_start);
		kstr(w, "as_of", in->lists[i].as_of);
		close_(w, "}");
	}
	close_(w, "]");
	close_(w, "}");
	kstr(w, "rules_sha256", rules);
}

/* A party's identifying facts, those given. */
static void facts_part(struct jw *w, const ec_party_facts *f)
{
	if (f->date_of_birth)
		kstr(w, "date_of_birth", f->date_of_birth);
	if (f->nationality)
		kstr(w, "nationality", f->nationality);
	if (f->id_number)
		kstr(w, "id_number", f->id_number);
	if (f->id_type)
		kstr(w, "id_type", f->id_type);
	if (f->type)
		kstr(w, "type", f->type);
}

/* The owners of party i. */
static void owners_part(struct jw *w, const ec_check_query *q, size_t i)
{
	size_t k;

	open_(w, "owners", "[");
	for (k = 0; k < q->nowners; k++) {
		if (q->owners[k].party != i)
			continue;
		open_(w, NULL, "{");
		kstr(w, "name", q->owners[k].name);
		if (q->owners[k].share_pct >= 0)
			knum(w, "share", 6, q->owners[k].share_pct);
		close_(w, "}");
	}
	close_(w, "]");
}

/* What was asked. */
static void query_part(struct jw *w, const ec_check_query *q)
{
	/* party_ids came with version 5 of the query. */
	const char *const *ids = q->version >= 5 ? q->party_ids : NULL;
	size_t i;

	open_(w, "query", "{");
	open_(w, "parties", "[");
	for (i = 0; i < q->nparties; i++) {
		const ec_party *p = &q->parties[i];

		open_(w, NULL, "{");
		if (ids && ids[i])
			kstr(w, "id", ids[i]);
		kstr(w, "name", p->name);
		kstr(w, "role", ec_role_name(p->role));
		if (p->country)
			kstr(w, "country", p->country);
		if (p->address)
			kstr(w, "address", p->address);
		if (q->version >= 4 && q->party_facts)
			facts_part(w, &q->party_facts[i]);
		if (q->version >= 3)
			owners_part(w, q, i);
		close_(w, "}");
	}
	close_(w, "]");
	kstr(w, "item", q->item ? q->item : "EAR99");
	kstr(w, "origin",
	     q->origin == EC_ORIGIN_US	      ? "us"
	     : q->origin == EC_ORIGIN_FOREIGN ? "foreign"
					      : "direct-product");
	if (q->us_content_pct >= 0)
		knum(w, "us_content", 6, q->us_content_pct);
	if (q->date)
		kstr(w, "date", q->date);
	if (q->supplier)
		kstr(w, "supplier", q->supplier);
	if (q->contract_date)
		kstr(w, "contract_date", q->contract_date);
	if (q->device_date)
		kstr(w, "device_date", q->device_date);
	open_(w, "activities", "[");
	for (i = 0; i < q->nactivities; i++) {
		comma(w);
		str(w, q->activities[i]);
	}
	close_(w, "]");
	knum(w, "facts", 0, (double)q->facts);
	close_(w, "}");
}

static void strings(struct jw *w, const char *k, const char *const *v, size_t n)
{
	size_t i;

	open_(w, k, "[");
	for (i = 0; i < n; i++) {
		comma(w);
		str(w, v[i]);
	}
	close_(w, "]");
}

static void rules_part(struct jw *w, const ec_decision *d)
{
	size_t i;

	open_(w, "rules", "[");
	for (i = 0; i < d->nrules; i++) {
		const ec_rule_fired *r = &d->rules[i];

		open_(w, NULL, "{");
		kstr(w, "id", r->id);
		kstr(w, "effect", r->effect);
		kstr(w, "status", ec_status_name(r->status));
		kstr(w, "citation", r->citation);
		kstr(w, "cfr", r->cfr);
		kstr(w, "valid_from", r->valid_from);
		kstr(w, "valid_to", r->valid_to);
		if (r->entry_id[0])
			kstr(w, "entry_id", r->entry_id);
		close_(w, "}");
	}
	close_(w, "]");
}

static void matches_part(struct jw *w, const ec_decision *d)
{
	size_t i;

	open_(w, "matches", "[");
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		open_(w, NULL, "{");
		knum(w, "party", 0, (double)m->party + 1);
		kstr(w, "list", m->list);
		kstr(w, "entry_id", m->entry_id);
		kstr(w, "matched_name", m->matched_name);
		knum(w, "score", 4, m->score);
		kbool(w, "in_force", m->in_force);
		kstr(w, "entry_fingerprint", m->entry_fingerprint);
		if (m->reopened[0])
			kstr(w, "reopened", m->reopened);
		close_(w, "}");
	}
	close_(w, "]");
	open_(w, "cleared", "[");
	for (i = 0; i < d->ncleared; i++) {
		const ec_cleared_hit *h = &d->cleared[i];

		open_(w, NULL, "{");
		knum(w, "party", 0, (double)h->party + 1);
		kstr(w, "list", h->list);
		kstr(w, "entry_id", h->entry_id);
		kstr(w, "entry_fingerprint", h->entry_fingerprint);
		kstr(w, "reviewer", h->reviewer);
		kstr(w, "date", h->date);
		kstr(w, "reason", h->reason);
		close_(w, "}");
	}
	close_(w, "]");
}

/* What was answered. */
static void answer_part(struct jw *w, const ec_decision *d)
{
	size_t i;

	open_(w, "answer", "{");
	kstr(w, "status", ec_status_name(d->status));
	kbool(w, "needs_review", d->needs_review);
	kbool(w, "ofac_blocked", d->ofac_blocked);
	kbool(w, "ofac_listed", d->ofac_listed);
	kstr(w, "review_policy", ec_policy_name(d->review_policy));
	kstr(w, "date", d->date);
	kstr(w, "item", d->item);
	rules_part(w, d);
	matches_part(w, d);
	open_(w, "authorizations", "[");
	for (i = 0; i < d->nauthorizations; i++) {
		open_(w, NULL, "{");
		kstr(w, "id", d->authorizations[i].id);
		kstr(w, "kind", d->authorizations[i].kind);
		kstr(w, "citation", d->authorizations[i].citation);
		close_(w, "}");
	}
	close_(w, "]");
	strings(w, "obligations", d->obligations, d->nobligations);
	strings(w, "warnings", d->warnings, d->nwarnings);
	close_(w, "}");
}

static void header_part(struct jw *w, const ec_audit_info *info)
{
	time_t t = info && info->time ? (time_t)info->time : time(NULL);
	struct tm tm;
	char when[32];

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	kstr(w, "time", when);
	kstr(w, "tool", info && info->tool ? info->tool : "");
	kstr(w, "library", ec_version());
	kstr(w, "analyst", info && info->analyst ? info->analyst : "");
	if (info && info->input) {
		kstr(w, "input", info->input);
		if (info->line > 0)
			knum(w, "line", 0, (double)info->line);
	}
}

int ec_audit_record(char **out, const ec_snapshot *snap,
		    const ec_check_query *q, const ec_decision *d,
		    const ec_audit_info *info, ec_error *err)
{
	struct jw w;

	ec__error_clear(err);
	if (!out || !snap || !q || !d ||
	    (info && info->version != EC_AUDIT_INFO_VERSION))
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.first = 1;
	raw(&w, "{");
	header_part(&w, info);
	data_part(&w, ec_snapshot_info_get(snap)); /* with the digest */
	open_(&w, "registers", "{");
	kstr(&w, "licenses", ec_license_register_sha256(q->licenses));
	kstr(&w, "cleared",
	     q->version >= 5 ? ec_cleared_register_sha256(q->cleared) : "");
	close_(&w, "}");
	query_part(&w, q);
	answer_part(&w, d);
	raw(&w, "}\n");
	if (w.failed) {
		ec__buf_dispose(&w.b);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	*out = ec__buf_detach(&w.b);
	return 0;
}

void ec_audit_record_free(char *line)
{
	ec__free(line);
}
