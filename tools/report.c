/*
 * report.c: the HTML review page of `screen --report`.  Rows are kept in
 * one temporary file per section while the screen runs, so memory stays
 * flat, and the page is put together at the end, when the counts at its
 * top are known.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define MAX_ROWS 20000 /* rows shown; the results file has them all */

struct report {
	char *path;
	FILE *bucket[REPORT_NBUCKETS];
	long long shown, hidden;
	int failed;
};

static const char *const section_names[REPORT_NBUCKETS] = {
	"PROHIBITED", "LICENSE_REQUIRED", "needs review", "OFAC blocked",
	"cleared or reopened hits"};

/* Writes s with HTML's special characters escaped. */
static void esc(FILE *f, const char *s)
{
	static const char special[] = "<>&\"";
	static const char *const entity[] = {"&lt;", "&gt;", "&amp;", "&quot;"};
	const char *e;

	for (; s && *s; s++) {
		if ((e = strchr(special, *s)))
			fputs(entity[e - special], f);
		else
			fputc(*s, f);
	}
}

/* Writes fmt, each %s in it the next argument escaped, each %lld the
 * next long long (no other conversion). */
static void html(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 's') {
			esc(f, va_arg(ap, const char *));
			fmt++;
		} else if (strncmp(fmt, "%lld", 4) == 0) {
			fprintf(f, "%lld", va_arg(ap, long long));
			fmt += 3;
		} else {
			fputc(*fmt, f);
		}
	}
	va_end(ap);
}

/* The score's token-by-token explanation of a match. */
static void explain(FILE *f, const ec_snapshot *snap, const char *name,
		    const ec_party_match *m)
{
	ec_matches *ms;
	const ec_match *x;
	size_t k;

	if (ec_compare(&ms, snap, name, m->matched_name, NULL))
		return;
	x = ec_matches_get(ms, 0);
	fputs("<table class=tok><tr><th>query<th>listed<th>kind<th>sim"
	      "<th>weight<th>adds</tr>",
	      f);
	for (k = 0; x && k < x->explanation.ntokens; k++) {
		const ec_token_match *t = &x->explanation.tokens[k];

		html(f, "<tr><td>%s<td>%s", t->query_token, t->listed_token);
		fprintf(f, "<td>%s<td>%.2f<td>%.2f<td>%.3f</tr>", t->kind,
			t->similarity, t->weight, t->contribution);
	}
	fputs("</table>", f);
	ec_matches_free(ms);
}

static void matches_cell(FILE *f, const ec_snapshot *snap,
			 const ec_check_query *q, const ec_decision *d)
{
	size_t i;

	fputs("<td>", f);
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		html(f, "<details><summary>%s %s <b>%s", m->list, m->entry_id,
		     m->matched_name);
		fprintf(f, "</b> score %.3f%s%s</summary>", m->score,
			m->certain ? "" : " (possible)",
			m->in_force ? "" : " (not in force)");
		explain(f, snap, q->parties[m->party].name, m);
		fputs("</details>", f);
		if (m->reopened[0])
			html(f, "<div class=reopened>reopened: %s</div>",
			     m->reopened);
	}
}

static void rules_cell(FILE *f, const ec_decision *d)
{
	size_t i;

	fputs("<td><ul>", f);
	for (i = 0; i < d->nrules; i++) {
		const ec_rule_fired *r = &d->rules[i];

		html(f, "<li>%s <cite>%s", r->effect, r->citation);
		if (r->cfr[0])
			html(f, "; %s", r->cfr);
		fputs("</cite>", f);
	}
	fputs("</ul>", f);
}

static void cleared_cell(FILE *f, const ec_decision *d)
{
	size_t i;

	fputs("<td>", f);
	for (i = 0; i < d->ncleared; i++) {
		const ec_cleared_hit *h = &d->cleared[i];

		html(f,
		     "<div class=cleared>%s %s: cleared on %s by %s (%s)</div>",
		     h->list, h->entry_id, h->date, h->reviewer, h->reason);
	}
}

static int section_of(const ec_decision *d)
{
	size_t i;

	if (d->status == EC_STATUS_PROHIBITED)
		return REPORT_PROHIBITED;
	if (d->status == EC_STATUS_LICENSE_REQUIRED)
		return REPORT_LICENSE_REQUIRED;
	if (d->needs_review)
		return REPORT_NEEDS_REVIEW;
	if (d->ofac_blocked)
		return REPORT_OFAC;
	for (i = 0; i < d->nmatches; i++)
		if (d->matches[i].reopened[0])
			return REPORT_CLEARED;
	return d->ncleared ? REPORT_CLEARED : -1;
}

char *report_row(const ec_snapshot *snap, long line, const char *id,
		 const ec_check_query *q, const ec_decision *d, int *bucket)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((*bucket = section_of(d)) < 0 || !(f = open_memstream(&buf, &len)))
		return NULL;
	fprintf(f, "<tr data-sev=%d><td>%ld<td>", *bucket, line);
	html(f, "%s<td>%s", id, q->parties[0].name);
	fprintf(f, "<td class=\"st %s\">%s", ec_status_name(d->status),
		ec_status_name(d->status));
	fprintf(f, "<td>%s%s%s", d->needs_review ? "needs_review " : "",
		d->ofac_blocked ? "ofac_blocked " : "",
		d->review_policy ? ec_policy_name(d->review_policy) : "");
	matches_cell(f, snap, q, d);
	rules_cell(f, d);
	cleared_cell(f, d);
	fputs("</tr>\n", f);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

report *report_new(const char *path)
{
	report *r = calloc(1, sizeof(*r));
	int i;

	if (!r || !(r->path = strdup(path))) {
		free(r);
		return NULL;
	}
	for (i = 0; i < REPORT_NBUCKETS; i++)
		if (!(r->bucket[i] = tmpfile())) {
			report_free(r);
			return NULL;
		}
	return r;
}

void report_add(report *r, int bucket, const char *html)
{
	if (r->shown >= MAX_ROWS) {
		r->hidden++;
		return;
	}
	r->shown++;
	if (fputs(html, r->bucket[bucket]) < 0)
		r->failed = 1;
}

void report_free(report *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < REPORT_NBUCKETS; i++)
		if (r->bucket[i])
			fclose(r->bucket[i]);
	free(r->path);
	free(r);
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

static const char style[] =
	"<style>body{font:14px sans-serif;margin:1.5em;color:#222}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	"padding:3px 6px;vertical-align:top;text-align:left}"
	"th{background:#eee;cursor:pointer}table.tok td,table.tok th{"
	"font-size:12px;cursor:auto}.PROHIBITED{background:#f4b6b6}"
	".LICENSE_REQUIRED{background:#f8d9a8}.reopened{color:#a40000}"
	".cleared{color:#555}cite{color:#555}</style>\n";

/*
 * Sorting by a column: a click on its header (status sorts by section),
 * or #sort=N in the address, so that a sorted view can be linked to.
 */
static const char script[] =
	"<script>\n"
	"function sortBy(th){var t=th.closest('table'),i=th.cellIndex,"
	"b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.d==='1'?-1:1;"
	"th.dataset.d=d===1?'1':'0';r.sort(function(x,y){var a=i===3?"
	"x.dataset.sev:x.cells[i].innerText,c=i===3?y.dataset.sev:"
	"y.cells[i].innerText,n=parseFloat(a)-parseFloat(c);"
	"return d*(isNaN(n)?a.localeCompare(c):n)});"
	"r.forEach(function(e){b.appendChild(e)})}\n"
	"window.addEventListener('load',function(){var m=/^#sort=(\\d+)$/"
	".exec(location.hash);if(m)sortBy(document.getElementById('flagged')"
	".tHead.rows[0].cells[+m[1]])});\n"
	"</script>\n";

static void chart(FILE *f, const report_totals *t)
{
	long long max = t->errors, v;
	int i, n = 7;

	for (i = 0; i < 6; i++)
		max = t->counts[i] > max ? t->counts[i] : max;
	fprintf(f,
		"<svg id=counts xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"640\" height=\"%d\" role=\"img\">"
		"<title>rows by status</title>\n",
		n * 26 + 10);
	for (i = 0; i < n; i++) {
		const char *name = i < 6 ? ec_status_name(i) : "ERROR";
		double w;

		v = i < 6 ? t->counts[i] : t->errors;
		w = max ? 380.0 * (double)v / (double)max : 0;
		fprintf(f,
			"<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>"
			"<rect x=\"170\" y=\"%d\" width=\"%.1f\" height=\"18\" "
			"fill=\"%s\"/><text class=\"count\" data-status=\"%s\" "
			"x=\"%.1f\" y=\"%d\" font-size=\"13\">%lld</text>\n",
			i * 26 + 20, name, i * 26 + 6, w,
			i >= 4	 ? "#c0392b"
			: i >= 2 ? "#e67e22"
				 : "#5d8aa8",
			name, 176 + w, i * 26 + 20, v);
	}
	fputs("</svg>\n", f);
}

static void provenance(FILE *f, const ec_snapshot *snap)
{
	const ec_snapshot_info *in = ec_snapshot_info_get(snap);
	size_t i;

	html(f,
	     "<h2>Data</h2><p>Snapshot: %s<br>sha256 <code>%s</code>, %lld "
	     "entries, %lld rules</p><table id=sources><tr><th>source"
	     "<th>file<th>as of<th>sha256</tr>\n",
	     in->description, in->sha256, in->entries, in->rules);
	for (i = 0; i < in->nsources; i++) {
		/* The date the data is current as of, and how it is known. */
		html(f, "<tr><td>%s<td>%s<td>%s", in->sources[i].kind,
		     in->sources[i].file_name,
		     in->sources[i].as_of[0] ? in->sources[i].as_of : "-");
		if (in->sources[i].as_of_basis[0])
			html(f, " (%s)", in->sources[i].as_of_basis);
		fprintf(f, "<td><code>%s</code></tr>\n", in->sources[i].sha256);
	}
	fputs("</table><table id=lists><tr><th>list<th>entries"
	      "<th>newest listing<th>as of</tr>\n",
	      f);
	for (i = 0; i < in->nlists; i++) {
		html(f, "<tr><td>%s", in->lists[i].code);
		fprintf(f, "<td>%lld<td>%s<td>%s</tr>\n", in->lists[i].rows,
			in->lists[i].newest_start,
			in->lists[i].as_of[0] ? in->lists[i].as_of : "unknown");
	}
	fputs("</table>\n", f);
}

static int copy(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	rewind(from);
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(from) ? -1 : 0;
}

static int write_page(report *r, FILE *f, const ec_snapshot *snap,
		      const report_totals *t)
{
	int i;

	fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
	      "<title>entitycheck screening report</title>\n",
	      f);
	fputs(style, f);
	fputs(script, f);
	html(f,
	     "</head><body><h1>Screening report</h1><p>%s: <span "
	     "id=rows>%lld</span> rows; needs review <span id=review>%lld"
	     "</span>; errors <span id=errors>%lld</span>.",
	     t->input, t->rows, t->review, t->errors);
	if (t->note)
		html(f, " %s", t->note);
	fputs("</p>\n", f);
	chart(f, t);
	fputs("<h2>Rows that need attention</h2><p>Most urgent first: ", f);
	for (i = 0; i < REPORT_NBUCKETS; i++)
		fprintf(f, "%s%s", i ? ", " : "", section_names[i]);
	fputs(". Click a heading to sort.</p>\n<table id=flagged><thead><tr>"
	      "<th onclick=sortBy(this)>line<th onclick=sortBy(this)>id"
	      "<th onclick=sortBy(this)>name<th onclick=sortBy(this)>status"
	      "<th onclick=sortBy(this)>flags<th>matched entries and scores"
	      "<th>rules and citations<th>cleared hits</tr></thead><tbody>\n",
	      f);
	for (i = 0; i < REPORT_NBUCKETS; i++)
		if (copy(r->bucket[i], f))
			return -1;
	fputs("</tbody></table>\n", f);
	if (r->hidden)
		fprintf(f,
			"<p>%lld more rows need attention; the first %d are "
			"shown: see the results file.</p>\n",
			r->hidden, MAX_ROWS);
	provenance(f, snap);
	fputs("</body></html>\n", f);
	return 0;
}

int report_finish(report *r, const ec_snapshot *snap, const report_totals *t)
{
	size_t n = strlen(r->path) + 32;
	char *tmp = malloc(n);
	FILE *f;
	int bad;

	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.tmp.%ld", r->path, (long)getpid());
	if (!(f = fopen(tmp, "w"))) {
		fprintf(stderr, "entitycheck: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	bad = r->failed || write_page(r, f, snap, t);
	bad |= fflush(f) || ferror(f) || fsync(fileno(f));
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, r->path)) {
		fprintf(stderr, "entitycheck: cannot write the report %s: %s\n",
			r->path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
