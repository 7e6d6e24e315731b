/* eval_names.c: accuracy of name screening on labelled queries and pairs. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* getline, clock_gettime */
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <entitycheck/entitycheck.h>

/*
 * Exit codes: 0 whatever the figures are (this is a measurement, not a
 * pass/fail test); 2 when the arguments or an input file are unusable.
 */
#define EVAL_EXIT_USAGE 2

/* Below the threshold, a miss is still explained down to this score. */
#define DIAG_MIN_SCORE 0.40

/* The published figure the pairs result is read against. */
static const char pairs_reference[] =
	"OpenSanctions logic-v2 at 0.70 on 812 pairs: TP 345 TN 284 FN 75 "
	"FP 108, accuracy 77.5%";

static const char usage_text[] =
	"usage: eval_names --snapshot SNAP [--queries QUERIES.tsv]\n"
	"                  [--pairs NAME_PAIRS.csv] [--threshold T]\n"
	"                  [--verbose N]\n"
	"\n"
	"Screens the labelled queries (TSV: kind, query, country, expected "
	"ids)\n"
	"with ec_search and scores the name pairs (CSV: case_group, schema,\n"
	"name1, name2, is_match, ...) with ec_compare, and prints recall,\n"
	"false-positive rate and pair accuracy at the threshold (default\n"
	"EC_DEFAULT_THRESHOLD). --verbose N lists up to N misses and N false\n"
	"positives per kind. At least one of --queries and --pairs is "
	"needed.\n";

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

#if defined(__GNUC__)
#define EVAL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EVAL_PRINTF(a, b)
#endif

static _Noreturn void die(const char *fmt, ...) EVAL_PRINTF(1, 2);

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	fputs("eval_names: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EVAL_EXIT_USAGE);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory");
	return q;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xrealloc(NULL, n);

	memcpy(d, s, n);
	return d;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median and nearest-rank 99th percentile; sorts v in place. */
static void percentiles(double *v, size_t n, double *median, double *p99)
{
	size_t r;

	*median = *p99 = 0.0;
	if (n == 0)
		return;
	qsort(v, n, sizeof *v, cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
	r = (99 * n + 99) / 100; /* ceil(0.99 n) */
	*p99 = v[r ? r - 1 : 0];
}

static double pct(size_t num, size_t den)
{
	return den ? 100.0 * (double)num / (double)den : 0.0;
}

/* ------------------------------------------------------------------ */
/* Growing per-category counters (kinds, schemas)                      */
/* ------------------------------------------------------------------ */

typedef struct kind_stats {
	char *name;
	int negative; /* -1 until the first row says */
	size_t count;
	size_t hits;   /* positives: found; negatives: false positives */
	size_t review; /* the same at the review floor */
	size_t top1;   /* positives: an expected id ranked first */
	size_t alerts; /* matches at or above the threshold, summed */
	size_t errors; /* ec_search failures */
	size_t shown_miss, shown_fp;
	int shown_header; /* --verbose printed the kind's name */
	double *times;	  /* microseconds per query */
	size_t ntimes, captimes;
} kind_stats;

typedef struct kind_table {
	kind_stats *v;
	size_t n, cap;
} kind_table;

static kind_stats *kind_get(kind_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	t->v[t->n].name = xstrdup(name);
	t->v[t->n].negative = -1;
	return &t->v[t->n++];
}

static void kind_time(kind_stats *k, double us)
{
	if (k->ntimes == k->captimes) {
		k->captimes = k->captimes ? 2 * k->captimes : 256;
		k->times = xrealloc(k->times, k->captimes * sizeof *k->times);
	}
	k->times[k->ntimes++] = us;
}

static void kind_table_free(kind_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].times);
	}
	free(t->v);
}

/* ------------------------------------------------------------------ */
/* Queries (TSV)                                                       */
/* ------------------------------------------------------------------ */

typedef struct eval_ctx {
	const ec_snapshot *snap;
	double threshold;
	long verbose;
} eval_ctx;

/* Splits line at tabs in place; returns the number of fields (<= max). */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < max)
			f[n] = p;
		n++;
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* Is id one of the comma-separated ids in list? */
static int id_in_list(const char *id, const char *list)
{
	size_t len = strlen(id);
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == len && memcmp(p, id, n) == 0)
			return 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static void print_top(const char *label, const ec_match *x)
{
	if (!x) {
		printf("      %s: (none)\n", label);
		return;
	}
	printf("      %s: %.3f %s [%s %s]", label, x->score, x->name, x->list,
	       x->entry_id);
	if (strcmp(x->matched_name, x->name) != 0)
		printf(" via \"%s\"", x->matched_name);
	putchar('\n');
}

/*
 * A miss, explained: the best match at the threshold, and where the
 * expected entry scored when the threshold is lowered.
 */
static void show_miss(const eval_ctx *c, const char *query, const char *country,
		      const char *expected, const ec_matches *m)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *d = NULL;
	ec_error err;
	size_t i, n;

	printf("    miss \"%s\"%s%s  expected %s\n", query,
	       *country ? " country " : "", country, expected);
	print_top("top", ec_matches_get(m, 0));
	o.limit = 0;
	o.min_score = DIAG_MIN_SCORE;
	o.country = *country ? country : NULL;
	if (ec_search(&d, c->snap, query, &o, &err) != 0) {
		printf("      (diagnostic search failed: %s)\n", err.text);
		return;
	}
	n = ec_matches_count(d);
	for (i = 0; i < n; i++) {
		const ec_match *x = ec_matches_get(d, i);

		if (id_in_list(x->entry_id, expected)) {
			char label[64];

			snprintf(label, sizeof label, "expected (rank %zu)",
				 i + 1);
			print_top(label, x);
			break;
		}
	}
	if (i == n)
		printf("      expected: below %.2f\n", DIAG_MIN_SCORE);
	ec_matches_free(d);
}

static void show_fp(const char *query, const ec_matches *m, size_t alerts)
{
	printf("    false positive \"%s\"  (%zu match%s)\n", query, alerts,
	       alerts == 1 ? "" : "es");
	print_top("top", ec_matches_get(m, 0));
}

/* Names the kind above its first listed miss or false positive. */
static void verbose_header(kind_stats *k)
{
	if (!k->shown_header) {
		k->shown_header = 1;
		printf("  %s\n", k->name);
	}
}

/* The floor of "possible match, needs review" that `check` applies. */
#define REVIEW_FLOOR 0.65

static void eval_query(const eval_ctx *c, kind_stats *k, const char *query,
		       const char *country, const char *expected,
		       const char *dob, const char *nationality)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m = NULL;
	ec_error err;
	double t0, t1;
	size_t i, n, alerts = 0, reviews = 0;
	int hit = 0, rhit = 0, rc;

	o.limit = 0;
	/* Down to the review floor, as `check` screens. */
	o.min_score = c->threshold < REVIEW_FLOOR ? c->threshold : REVIEW_FLOOR;
	o.country = *country ? country : NULL;
	o.facts.date_of_birth = dob && *dob ? dob : NULL;
	o.facts.nationality = nationality && *nationality ? nationality : NULL;
	memset(&err, 0, sizeof err);
	t0 = now_us();
	rc = ec_search(&m, c->snap, query, &o, &err);
	t1 = now_us();
	k->count++;
	if (rc != 0) {
		k->errors++;
		fprintf(stderr, "eval_names: search \"%s\": %s: %s\n", query,
			ec_strerror(rc), err.text);
		return;
	}
	kind_time(k, t1 - t0);
	n = ec_matches_count(m);
	for (i = 0; i < n; i++) {
		const ec_match *x = ec_matches_get(m, i);

		reviews++;
		if (!rhit && id_in_list(x->entry_id, expected))
			rhit = 1;
		if (x->score < c->threshold)
			continue; /* sorted by descending score */
		alerts++;
		if (!k->negative && !hit && id_in_list(x->entry_id, expected)) {
			hit = 1;
			if (i == 0)
				k->top1++;
		}
	}
	k->alerts += alerts;
	if (k->negative ? reviews > 0 : rhit)
		k->review++;
	if (k->negative) {
		if (alerts)
			k->hits++;
		/* Both levels are listed: "(0 matches)" is one for review. */
		if (reviews && k->shown_fp < (size_t)c->verbose) {
			k->shown_fp++;
			verbose_header(k);
			show_fp(query, m, alerts);
		}
	} else if (hit) {
		k->hits++;
	} else if (k->shown_miss < (size_t)c->verbose) {
		k->shown_miss++;
		verbose_header(k);
		show_miss(c, query, country, expected, m);
	}
	ec_matches_free(m);
}

/* What the kinds of one side, positive or negative, add up to. */
typedef struct side_total {
	size_t count, hits, top1, review, alerts;
} side_total;

static void add_kind(side_total *s, const kind_stats *k)
{
	s->count += k->count;
	s->hits += k->hits;
	s->top1 += k->top1;
	s->review += k->review;
	s->alerts += k->alerts;
}

static void print_queries(kind_table *t)
{
	side_total pos = {0, 0, 0, 0, 0}, neg = {0, 0, 0, 0, 0};
	size_t i, errors = 0, nall = 0;
	double *all = NULL, med, p99;

	printf("\n%-18s %6s %6s %8s %7s %10s %10s %9s\n", "positive kind",
	       "count", "hits", "recall", "top-1", "med \xc2\xb5s",
	       "p99 \xc2\xb5s", "at review");
	for (i = 0; i < t->n; i++) {
		kind_stats *k = &t->v[i];

		all = xrealloc(all, (nall + k->ntimes) * sizeof *all);
		memcpy(all + nall, k->times, k->ntimes * sizeof *all);
		nall += k->ntimes;
		errors += k->errors;
		add_kind(k->negative ? &neg : &pos, k);
		if (k->negative)
			continue;
		percentiles(k->times, k->ntimes, &med, &p99);
		printf("%-18s %6zu %6zu %7.1f%% %6.1f%% %9.0f %9.0f %8.1f%%\n",
		       k->name, k->count, k->hits, pct(k->hits, k->count),
		       pct(k->top1, k->count), med, p99,
		       pct(k->review, k->count));
	}
	printf("%-18s %6zu %6zu %7.1f%% %6.1f%% %29.1f%%\n", "all positives",
	       pos.count, pos.hits, pct(pos.hits, pos.count),
	       pct(pos.top1, pos.count), pct(pos.review, pos.count));

	printf("\n%-18s %6s %6s %8s %7s %10s %10s %9s %8s\n", "negative kind",
	       "count", "FP", "FP rate", "alerts", "med \xc2\xb5s",
	       "p99 \xc2\xb5s", "FP review", "rate");
	for (i = 0; i < t->n; i++) {
		kind_stats *k = &t->v[i];

		if (!k->negative)
			continue;
		percentiles(k->times, k->ntimes, &med, &p99);
		printf("%-18s %6zu %6zu %7.2f%% %7zu %9.0f %9.0f %9zu "
		       "%7.2f%%\n",
		       k->name, k->count, k->hits, pct(k->hits, k->count),
		       k->alerts, med, p99, k->review,
		       pct(k->review, k->count));
	}
	printf("%-18s %6zu %6zu %7.2f%% %7zu %29zu %7.2f%%\n", "all negatives",
	       neg.count, neg.hits, pct(neg.hits, neg.count), neg.alerts,
	       neg.review, pct(neg.review, neg.count));

	percentiles(all, nall, &med, &p99);
	printf("\nrecall %.1f%% (%zu/%zu), false-positive rate %.2f%% "
	       "(%zu/%zu); at the review floor %.2f: recall %.1f%%, "
	       "false positives %.2f%%\n",
	       pct(pos.hits, pos.count), pos.hits, pos.count,
	       pct(neg.hits, neg.count), neg.hits, neg.count, REVIEW_FLOOR,
	       pct(pos.review, pos.count), pct(neg.review, neg.count));
	printf("search time per query: median %.0f \xc2\xb5s, p99 %.0f "
	       "\xc2\xb5s over %zu queries (informational)\n",
	       med, p99, nall);
	if (errors)
		printf("search errors: %zu (counted as misses / no alert)\n",
		       errors);
	free(all);
}

static void run_queries(const eval_ctx *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *fld[6];
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	kind_table t = {NULL, 0, 0};

	if (!f)
		die("%s: %s", path, strerror(errno));
	printf("\n== Screening queries: %s\n", path);
	if (c->verbose > 0)
		printf("   (up to %ld misses and false positives per kind)\n",
		       c->verbose);
	while ((len = getline(&line, &cap, f)) != -1) {
		kind_stats *k;
		int negative;

		lineno++;
		while (len > 0 &&
		       (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "kind\tquery\tcountry\texpected"
					 "\tdob\tnationality") != 0)
				die("%s:1: expected the header "
				    "\"kind<TAB>query<TAB>country<TAB>"
				    "expected<TAB>dob<TAB>nationality\"",
				    path);
			continue;
		}
		if (len == 0)
			continue;
		if (split_tabs(line, fld, 6) != 6)
			die("%s:%ld: expected 6 tab-separated fields", path,
			    lineno);
		if (!*fld[0] || !*fld[1])
			die("%s:%ld: empty kind or query", path, lineno);
		negative = *fld[3] == '\0';
		k = kind_get(&t, fld[0]);
		if (k->negative == -1)
			k->negative = negative;
		else if (k->negative != negative)
			die("%s:%ld: kind %s mixes queries with and without "
			    "expected ids",
			    path, lineno, fld[0]);
		eval_query(c, k, fld[1], fld[2], fld[3], fld[4], fld[5]);
	}
	if (ferror(f))
		die("%s:%ld: read error: %s", path, lineno + 1,
		    strerror(errno));
	free(line);
	fclose(f);
	if (lineno == 0)
		die("%s: empty file (no header)", path);
	print_queries(&t);
	kind_table_free(&t);
}

/* ------------------------------------------------------------------ */
/* Name pairs (CSV, RFC 4180)                                          */
/* ------------------------------------------------------------------ */

typedef struct csv_reader {
	FILE *f;
	const char *path;
	long line;	  /* physical line being read */
	long record_line; /* line the last record started on */
	char *buf;	  /* the record's fields, NUL-separated */
	size_t len, cap;
	size_t *starts; /* offsets of the fields in buf */
	size_t nfields, capfields;
} csv_reader;

static void csv_putc(csv_reader *r, char ch)
{
	if (r->len == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->buf = xrealloc(r->buf, r->cap);
	}
	r->buf[r->len++] = ch;
}

static void csv_field_start(csv_reader *r)
{
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? 2 * r->capfields : 16;
		r->starts =
			xrealloc(r->starts, r->capfields * sizeof *r->starts);
	}
	r->starts[r->nfields++] = r->len;
}

static const char *csv_field(const csv_reader *r, size_t i)
{
	return r->buf + r->starts[i];
}

/*
 * Reads one record: fields separated by commas, optionally quoted with
 * "" for a quote inside, quoted fields may hold commas and line breaks;
 * records end at LF or CRLF.  Returns 1, or 0 at end of file.  Malformed
 * quoting is an error naming the line, not something to guess around.
 */
static int csv_read(csv_reader *r)
{
	int ch, quoted = 0, after_quote = 0;

	r->len = 0;
	r->nfields = 0;
	r->line++;
	r->record_line = r->line;
	ch = getc(r->f);
	if (ch == EOF)
		return 0;
	csv_field_start(r);
	for (;; ch = getc(r->f)) {
		if (quoted) {
			if (ch == EOF)
				die("%s:%ld: quoted field not closed before "
				    "end of file",
				    r->path, r->record_line);
			if (ch == '"') {
				int next = getc(r->f);

				if (next == '"') {
					csv_putc(r, '"');
					continue;
				}
				ungetc(next, r->f);
				quoted = 0;
				after_quote = 1;
				continue;
			}
			if (ch == '\n')
				r->line++;
			csv_putc(r, (char)ch);
			continue;
		}
		if (ch == '\r') {
			int next = getc(r->f);

			if (next != '\n')
				die("%s:%ld: carriage return not followed by "
				    "line feed",
				    r->path, r->line);
			ch = '\n';
		}
		if (ch == EOF || ch == '\n') {
			csv_putc(r, '\0');
			return 1;
		}
		if (ch == ',') {
			csv_putc(r, '\0');
			csv_field_start(r);
			after_quote = 0;
			continue;
		}
		if (after_quote)
			die("%s:%ld: field %zu: text after a closing quote",
			    r->path, r->line, r->nfields);
		if (ch == '"') {
			if (r->len != r->starts[r->nfields - 1])
				die("%s:%ld: field %zu: quote inside an "
				    "unquoted field",
				    r->path, r->line, r->nfields);
			quoted = 1;
			continue;
		}
		csv_putc(r, (char)ch);
	}
}

static long csv_column(const csv_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(csv_field(r, i), name) == 0)
			return (long)i;
	die("%s:%ld: no column \"%s\" in the header", r->path, r->record_line,
	    name);
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b - 'A' + 'a' : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

typedef struct confusion {
	size_t tp, tn, fp, fn;
} confusion;

static void confusion_add(confusion *c, int truth, int predicted)
{
	if (truth)
		*(predicted ? &c->tp : &c->fn) += 1;
	else
		*(predicted ? &c->fp : &c->tn) += 1;
}

static size_t confusion_n(const confusion *c)
{
	return c->tp + c->tn + c->fp + c->fn;
}

typedef struct schema_stats {
	char *name;
	confusion c;
} schema_stats;

typedef struct pair_score {
	double score;
	int truth;
} pair_score;

/* A percentage in a column of width w, or "-" when undefined (0/0). */
static void print_pct(int w, size_t num, size_t den)
{
	if (den)
		printf(" %*.1f%%", w - 1, pct(num, den));
	else
		printf(" %*s", w, "-");
}

static void print_confusion_row(const char *label, const confusion *c)
{
	size_t n = confusion_n(c);

	printf("%-14s %5zu %5zu %5zu %5zu %5zu", label, n, c->tp, c->tn, c->fp,
	       c->fn);
	print_pct(9, c->tp + c->tn, n);
	print_pct(9, c->tp, c->tp + c->fp);
	print_pct(8, c->tp, c->tp + c->fn);
	putchar('\n');
}

static void run_pairs(const eval_ctx *c, const char *path)
{
	csv_reader r;
	long col_schema, col_n1, col_n2, col_match;
	size_t ncols, skipped = 0, errors = 0, shown_fn = 0, shown_fp = 0;
	size_t i, nschemas = 0, nscores = 0;
	schema_stats *schemas = NULL;
	pair_score *scores = NULL;
	confusion all = {0, 0, 0, 0};
	static const double sweep[] = {0.60, 0.65, 0.70, 0.75,
				       0.80, 0.85, 0.90, 0.95};

	memset(&r, 0, sizeof r);
	r.path = path;
	r.f = fopen(path, "rb");
	if (!r.f)
		die("%s: %s", path, strerror(errno));
	if (!csv_read(&r))
		die("%s: empty file (no header)", path);
	ncols = r.nfields;
	col_schema = csv_column(&r, "schema");
	col_n1 = csv_column(&r, "name1");
	col_n2 = csv_column(&r, "name2");
	col_match = csv_column(&r, "is_match");

	printf("\n== Name pairs: %s\n", path);
	if (c->verbose > 0)
		printf("   (up to %ld false negatives and %ld false positives, "
		       "in file order)\n",
		       c->verbose, c->verbose);
	while (csv_read(&r)) {
		const char *schema, *n1, *n2, *im;
		ec_matches *m = NULL;
		ec_error err;
		schema_stats *s = NULL;
		double score;
		int truth, predicted, rc;

		if (r.nfields == 1 && !*csv_field(&r, 0))
			continue; /* a blank line */
		if (r.nfields != ncols)
			die("%s:%ld: %zu fields, the header has %zu", path,
			    r.record_line, r.nfields, ncols);
		schema = csv_field(&r, (size_t)col_schema);
		if (!*schema)
			schema = "(none)";
		n1 = csv_field(&r, (size_t)col_n1);
		n2 = csv_field(&r, (size_t)col_n2);
		im = csv_field(&r, (size_t)col_match);
		if (ieq(im, "true"))
			truth = 1;
		else if (ieq(im, "false"))
			truth = 0;
		else {
			skipped++;
			continue;
		}
		memset(&err, 0, sizeof err);
		rc = ec_compare(&m, c->snap, n1, n2, &err);
		if (rc != 0 || ec_matches_count(m) != 1) {
			errors++;
			fprintf(stderr, "eval_names: %s:%ld: compare: %s: %s\n",
				path, r.record_line, ec_strerror(rc), err.text);
			ec_matches_free(m);
			continue;
		}
		score = ec_matches_get(m, 0)->score;
		ec_matches_free(m);
		predicted = score >= c->threshold;

		confusion_add(&all, truth, predicted);
		for (i = 0; i < nschemas; i++)
			if (strcmp(schemas[i].name, schema) == 0)
				s = &schemas[i];
		if (!s) {
			schemas = xrealloc(schemas,
					   (nschemas + 1) * sizeof *schemas);
			s = &schemas[nschemas++];
			s->name = xstrdup(schema);
			memset(&s->c, 0, sizeof s->c);
		}
		confusion_add(&s->c, truth, predicted);
		scores = xrealloc(scores, (nscores + 1) * sizeof *scores);
		scores[nscores].score = score;
		scores[nscores++].truth = truth;

		if (truth != predicted && c->verbose > 0) {
			size_t *shown = truth ? &shown_fn : &shown_fp;

			if (*shown < (size_t)c->verbose) {
				(*shown)++;
				printf("    %s %.3f  %-8s \"%s\" vs \"%s\"\n",
				       truth ? "FN" : "FP", score, schema, n1,
				       n2);
			}
		}
	}
	fclose(r.f);

	printf("\n%-14s %5s %5s %5s %5s %5s %9s %9s %8s\n", "schema", "pairs",
	       "TP", "TN", "FP", "FN", "accuracy", "precision", "recall");
	for (i = 0; i < nschemas; i++)
		print_confusion_row(schemas[i].name, &schemas[i].c);
	print_confusion_row("all", &all);
	printf("\n%zu pairs scored at %.2f: TP %zu TN %zu FN %zu FP %zu, "
	       "accuracy %.1f%%, precision %.1f%%, recall %.1f%%\n",
	       confusion_n(&all), c->threshold, all.tp, all.tn, all.fn, all.fp,
	       pct(all.tp + all.tn, confusion_n(&all)),
	       pct(all.tp, all.tp + all.fp), pct(all.tp, all.tp + all.fn));
	printf("reference: %s\n", pairs_reference);
	printf("skipped %zu row%s whose is_match is neither true nor false\n",
	       skipped, skipped == 1 ? "" : "s");
	if (errors)
		printf("compare errors: %zu (left out of the counts)\n",
		       errors);

	/* Where the threshold would sit for these pairs alone. */
	printf("accuracy by threshold:");
	for (i = 0; i < sizeof sweep / sizeof sweep[0]; i++) {
		confusion s = {0, 0, 0, 0};
		size_t j;

		for (j = 0; j < nscores; j++)
			confusion_add(&s, scores[j].truth,
				      scores[j].score >= sweep[i]);
		printf(" %.2f %.1f%%%s", sweep[i],
		       pct(s.tp + s.tn, confusion_n(&s)),
		       i + 1 < sizeof sweep / sizeof sweep[0] ? "," : "\n");
	}

	for (i = 0; i < nschemas; i++)
		free(schemas[i].name);
	free(schemas);
	free(scores);
	free(r.buf);
	free(r.starts);
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static void check_readable(const char *path)
{
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fclose(f);
}

static const char *arg_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die("%s needs a value\n%s", argv[*i], usage_text);
	return argv[++*i];
}

int main(int argc, char **argv)
{
	const char *snap_path = NULL, *queries = NULL, *pairs = NULL;
	const ec_snapshot_info *info;
	ec_snapshot *snap = NULL;
	ec_error err;
	eval_ctx c;
	int i, rc, threshold_given = 0;

	c.threshold = EC_DEFAULT_THRESHOLD;
	c.verbose = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (strcmp(a, "--snapshot") == 0) {
			snap_path = arg_value(argc, argv, &i);
		} else if (strcmp(a, "--queries") == 0) {
			queries = arg_value(argc, argv, &i);
		} else if (strcmp(a, "--pairs") == 0) {
			pairs = arg_value(argc, argv, &i);
		} else if (strcmp(a, "--threshold") == 0) {
			const char *v = arg_value(argc, argv, &i);
			char *end;

			errno = 0;
			c.threshold = strtod(v, &end);
			if (errno || end == v || *end || !(c.threshold > 0.0) ||
			    c.threshold > 1.0)
				die("--threshold: \"%s\" is not a number in "
				    "(0, 1]",
				    v);
			threshold_given = 1;
		} else if (strcmp(a, "--verbose") == 0) {
			const char *v = arg_value(argc, argv, &i);
			char *end;

			errno = 0;
			c.verbose = strtol(v, &end, 10);
			if (errno || end == v || *end || c.verbose < 0)
				die("--verbose: \"%s\" is not a count", v);
		} else {
			die("unknown argument \"%s\"\n%s", a, usage_text);
		}
	}
	if (!snap_path || (!queries && !pairs))
		die("--snapshot and at least one of --queries, --pairs are "
		    "needed\n%s",
		    usage_text);

	/* Unreadable inputs are reported before any figure is printed. */
	check_readable(queries);
	check_readable(pairs);
	memset(&err, 0, sizeof err);
	rc = ec_snapshot_open(&snap, snap_path, &err);
	if (rc != 0)
		die("%s: %s: %s", snap_path, ec_strerror(rc), err.text);
	c.snap = snap;
	info = ec_snapshot_info_get(snap);
	printf("entitycheck name-screening evaluation (library %s)\n",
	       ec_version());
	printf("snapshot:  %s: %lld entries, %lld names%s%s\n", snap_path,
	       info->entries, info->names, *info->description ? "; " : "",
	       info->description);
	printf("threshold: %.2f%s\n", c.threshold,
	       threshold_given ? "" : " (EC_DEFAULT_THRESHOLD)");
	if (queries)
		run_queries(&c, queries);
	if (pairs)
		run_pairs(&c, pairs);
	ec_snapshot_free(snap);
	return 0;
}
