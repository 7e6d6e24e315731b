/*
 * cmd_screen.c: `entitycheck screen`: a whole customer or order file,
 * one decision per row, in input order, with a pool of threads sharing one
 * snapshot.  Rows are read and written in fixed-size batches, so memory
 * stays flat whatever the file's size.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "query.h"
#include "rows.h"
#include "tool.h"

#define BATCH 2048
#define MAX_THREADS 64
/* The decision cache: rows with the same inputs get the same answer. */
#define CACHE_SHARDS 64
#define CACHE_SHARD_MAX 256 /* entries per shard: bounded memory */

struct centry {
	char *key, *val; /* val: the decision part of a result line */
	size_t vlen;
	uint64_t hash;
	int status, review;
};

struct shard {
	pthread_mutex_t lock;
	struct centry *v;
	size_t n, cap;
};

static const char help[] =
	"usage: entitycheck [--snapshot PATH] screen [FILE|-]\n"
	"         [--input-format csv|jsonl] [--format jsonl|csv]\n"
	"         [--threads N] [--output FILE] [--date YYYY-MM-DD]\n"
	"         [--max-list-age DAYS] [--no-cache]\n"
	"\n"
	"Screens every row of FILE (or standard input) and writes one result\n"
	"per row, in input order. Input: CSV with a header, or JSON Lines, with\n"
	"the fields name (required), id, country, address, item, date, role,\n"
	"origin, us_content, activity (';'-separated tags), contract_date,\n"
	"device_date, supplier, facts (';'-separated: designed_by_party,\n"
	"food_medicine, advanced_node), owners (';'-separated NAME:PCT, the\n"
	"share after the last ':'; e.g. \"Huawei Technologies Co., Ltd.:100\";\n"
	"a name alone is an unknown share); other columns are ignored. An\n"
	"address-only Entity List entry matches a row on its address alone.\n"
	"--date is the default for rows without one (default: today).\n"
	"Output: JSON Lines with the fields of `check --json` plus the row's\n"
	"line and id, or CSV with --format csv. A malformed row gets an error\n"
	"result naming its line and the batch goes on. A summary goes to\n"
	"stderr; a progress line too when stderr is a terminal. --output\n"
	"writes through a temporary file renamed at the end.\n"
	"--threads defaults to one per core; the output is the same whatever\n"
	"the number of threads. Rows with the same inputs are decided once\n"
	"(--no-cache decides every row).\n"
	"--max-list-age DAYS (default 7): as for check, a row dated more than\n"
	"DAYS after a list's \"as of\" date needs review; the summary counts\n"
	"those rows.\n"
	"\n"
	"exit codes: 0 all rows screened (whatever their status), 4 if some\n"
	"rows were malformed, 2 usage, 3 snapshot, 5 I/O failure.\n";

struct job {
	row r;
	char *out;    /* the result line, malloc'ed */
	size_t outlen;
	int status;   /* EC_STATUS_* or -1 for an error row */
	int review;   /* REVIEW_* bits */
};

/* Why a row's answer needs review (job.review; kept in the cache). */
#define REVIEW_ANY 1
#define REVIEW_LISTS_OUTDATED 2

/*
 * A thread's working memory, reused for every row: the result line is
 * written into one memory stream, and the row's cache key into one buffer.
 */
struct wctx {
	FILE *f;
	char *buf;
	size_t len;
	char *key;
	size_t keylen, keycap;
};

struct pool {
	ec_snapshot *snap;
	const char *default_date;
	int max_list_age;
	int csv_out;
	struct job *jobs;
	size_t njobs;
	_Atomic size_t next;
	int nthreads;
	pthread_t threads[MAX_THREADS];
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	unsigned long generation;
	int active;
	int quit;
	int use_cache;
	struct shard cache[CACHE_SHARDS];
	_Atomic long long hits;
	struct wctx w[MAX_THREADS];
	/* A row failed for a reason not its own (memory, database). */
	_Atomic int failed;
	_Atomic int nextw; /* the next worker's wctx */
};

/* CSV-quotes s into f. */
static void csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int key_put(struct wctx *w, const char *s, size_t n)
{
	if (w->keylen + n + 1 > w->keycap) {
		size_t cap = (w->keylen + n + 1) * 2;
		char *k = realloc(w->key, cap);

		if (!k)
			return -1;
		w->key = k;
		w->keycap = cap;
	}
	memcpy(w->key + w->keylen, s, n);
	w->keylen += n;
	w->key[w->keylen] = '\0';
	return 0;
}

/*
 * The row's inputs as one string in w->key: everything but its id and
 * line, each field as its length, ':' and its bytes ("-" when absent), so
 * that no two different rows share a key whatever bytes they hold.
 */
static int row_key(const struct pool *p, const row *r, struct wctx *w)
{
	const char *date = p->default_date ? p->default_date : "";
	char len[24];
	int i;

	w->keylen = 0;
	for (i = 0; i <= F_COUNT; i++) {
		const char *v = i == F_COUNT ? date : r->f[i];

		if (i == F_ID)
			continue;
		if (!v) {
			if (key_put(w, "-", 1))
				return -1;
			continue;
		}
		snprintf(len, sizeof(len), "%zu:", strlen(v));
		if (key_put(w, len, strlen(len)) || key_put(w, v, strlen(v)))
			return -1;
	}
	return 0;
}

static int finish_line(struct pool *p, struct job *j, struct wctx *w,
		       const char *body, size_t blen);

/* Writes the cached result of key after the row's fields; 1 if found. */
static int cache_find(struct pool *p, const char *key, uint64_t h,
		      struct job *j, struct wctx *w)
{
	struct shard *s = &p->cache[h % CACHE_SHARDS];
	int found = 0;
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n; i++)
		if (s->v[i].hash == h && strcmp(s->v[i].key, key) == 0) {
			found = finish_line(p, j, w, s->v[i].val,
					    s->v[i].vlen) == 0;
			j->status = s->v[i].status;
			j->review = s->v[i].review;
			break;
		}
	pthread_mutex_unlock(&s->lock);
	return found;
}

static void cache_put(struct pool *p, const char *key, uint64_t h,
		      const char *val, size_t vlen, int status, int review)
{
	struct shard *s = &p->cache[h % CACHE_SHARDS];
	size_t i;

	pthread_mutex_lock(&s->lock);
	if (s->n == CACHE_SHARD_MAX) {
		/* Full: start the shard afresh, so memory stays bounded. */
		for (i = 0; i < s->n; i++) {
			free(s->v[i].key);
			free(s->v[i].val);
		}
		s->n = 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct centry *v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			pthread_mutex_unlock(&s->lock);
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].key = strdup(key);
	s->v[s->n].val = malloc(vlen + 1);
	s->v[s->n].vlen = vlen;
	s->v[s->n].hash = h;
	s->v[s->n].status = status;
	s->v[s->n].review = review;
	if (s->v[s->n].key && s->v[s->n].val) {
		memcpy(s->v[s->n].val, val, vlen);
		s->v[s->n].val[vlen] = '\0';
		s->n++;
	} else {
		free(s->v[s->n].key);
		free(s->v[s->n].val);
	}
	pthread_mutex_unlock(&s->lock);
}

/*
 * Starts a row's result line in w: its line and id (and name in CSV). The
 * decision follows, as the rest of a JSON object or of the CSV record.
 */
static int start_line(struct pool *p, struct job *j, struct wctx *w)
{
	FILE *f = w->f;

	if (fseeko(f, 0, SEEK_SET))
		return -1;
	if (p->csv_out) {
		fprintf(f, "%ld,", j->r.line);
		csv_field(f, j->r.f[F_ID]);
		fputc(',', f);
		csv_field(f, j->r.f[F_NAME]);
	} else {
		json js;

		json_init(&js, f, 0);
		fprintf(f, "{\"line\":%ld", j->r.line);
		if (j->r.f[F_ID]) {
			fputs(",\"id\":", f);
			js.first[0] = 1;
			json_str(&js, NULL, j->r.f[F_ID]);
		}
	}
	return 0;
}

/* The line written so far in w; *len its length. */
static const char *line_so_far(struct wctx *w, size_t *len)
{
	off_t pos;

	if (fflush(w->f) || (pos = ftello(w->f)) < 0)
		return NULL;
	*len = (size_t)pos;
	return w->buf;
}

/*
 * Ends a row's result line with a decision written earlier (a JSON object,
 * whose brace becomes the comma after the row's fields, or CSV fields)
 * and hands the line to the job.
 */
static int finish_line(struct pool *p, struct job *j, struct wctx *w,
		       const char *body, size_t blen)
{
	const char *line;
	size_t len;

	if (start_line(p, j, w))
		return -1;
	if (!p->csv_out && blen && body[0] == '{') {
		fputc(',', w->f);
		body++;
		blen--;
	}
	fwrite(body, 1, blen, w->f);
	if (!(line = line_so_far(w, &len)) || !(j->out = malloc(len)))
		return -1;
	memcpy(j->out, line, len);
	j->outlen = len;
	return 0;
}

static const char csv_header[] =
	"line,id,name,status,needs_review,ofac_blocked,review_policy,"
	"matches,top_entry_id,top_list,top_name,top_score,rules,error\n";

static void error_result(struct job *j, int csv_out, const char *msg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	j->status = -1;
	if (!(f = open_memstream(&buf, &len)))
		return; /* no line: the batch counts it as a failure */
	if (csv_out) {
		fprintf(f, "%ld,", j->r.line);
		csv_field(f, j->r.f[F_ID]);
		fputc(',', f);
		csv_field(f, j->r.f[F_NAME]);
		fputs(",ERROR,,,,,,,,,,", f);
		csv_field(f, msg);
		fputc('\n', f);
	} else {
		json js;

		json_init(&js, f, 0);
		json_obj_open(&js, NULL);
		json_int(&js, "line", j->r.line);
		if (j->r.f[F_ID])
			json_str(&js, "id", j->r.f[F_ID]);
		json_str(&js, "error", msg);
		json_obj_close(&js);
		json_end(&js);
	}
	fclose(f);
	j->out = buf;
	j->outlen = len;
}

/* The row's result line from its decision, remembered under key. */
static int write_decision(struct pool *p, struct job *j, struct wctx *w,
			  const ec_decision *d, const ec_check_query *q,
			  const char *key, uint64_t h)
{
	FILE *out = w->f;
	const char *line;
	size_t len, start;
	off_t pos;

	if (start_line(p, j, w) || fflush(out) || (pos = ftello(out)) < 0)
		return -1;
	start = (size_t)pos;
	if (p->csv_out) {
		const ec_party_match *top = d->nmatches ? &d->matches[0] : NULL;
		size_t k;

		for (k = 1; k < d->nmatches; k++)
			if (d->matches[k].score > top->score)
				top = &d->matches[k];
		fprintf(out, ",%s,%d,%d,%s,%zu,", ec_status_name(d->status),
			d->needs_review, d->ofac_blocked,
			ec_policy_name(d->review_policy), d->nmatches);
		csv_field(out, top ? top->entry_id : "");
		fputc(',', out);
		csv_field(out, top ? top->list : "");
		fputc(',', out);
		csv_field(out, top ? top->name : "");
		if (top)
			fprintf(out, ",%.4f,", top->score);
		else
			fputs(",,", out);
		fputc('"', out);
		for (k = 0; k < d->nrules; k++)
			fprintf(out, "%s%s", k ? ";" : "", d->rules[k].id);
		fputs("\",\n", out);
	} else {
		json js;

		json_init(&js, out, 0);
		tool_decision_json(&js, d, q);
		json_end(&js);
	}
	if (!(line = line_so_far(w, &len)) || len < start)
		return -1;
	j->status = d->status;
	j->review = (d->needs_review ? REVIEW_ANY : 0) |
		    (d->lists_outdated ? REVIEW_LISTS_OUTDATED : 0);
	if (key)
		cache_put(p, key, h, line + start, len - start, j->status,
			  j->review);
	if (!(j->out = malloc(len)))
		return -1;
	memcpy(j->out, line, len);
	j->outlen = len;
	if (!p->csv_out && len > start && j->out[start] == '{')
		j->out[start] = ','; /* the decision's fields join the row's */
	return 0;
}

/* Decides one row into its result line. */
/*
 * The row's query, through the parser `check` uses; 0, or -1 after
 * writing the row's error.  The list fields are cut apart here, so the
 * row's cache key must be taken before.
 */
static int row_query(struct pool *p, struct job *j, tool_query *t)
{
	char **f = j->r.f;
	int rc = 0;

	tq_init(t);
	if (!f[F_NAME]) {
		error_result(j, p->csv_out, "the row has no name");
		return -1;
	}
	rc = tq_party(t, f[F_NAME]);
	t->facts[0].date_of_birth = f[F_DATE_OF_BIRTH];
	t->facts[0].nationality = f[F_NATIONALITY];
	t->facts[0].id_number = f[F_ID_NUMBER];
	t->facts[0].id_type = f[F_ID_TYPE];
	t->facts[0].type = f[F_TYPE];
	if (!rc && f[F_ROLE])
		rc = tq_role(t, f[F_ROLE]);
	/* The row's country is checked by the library, as before. */
	t->parties[0].country = f[F_COUNTRY];
	if (!rc && f[F_ADDRESS])
		rc = tq_address(t, f[F_ADDRESS]);
	if (!rc && f[F_ORIGIN])
		rc = tq_origin(t, f[F_ORIGIN]);
	if (!rc && f[F_US_CONTENT])
		rc = tq_us_content(t, f[F_US_CONTENT]);
	if (!rc && f[F_ACTIVITY])
		rc = tq_activities(t, f[F_ACTIVITY]);
	if (!rc && f[F_FACTS])
		rc = tq_facts(t, f[F_FACTS]);
	if (!rc && f[F_OWNERS])
		rc = tq_owners(t, f[F_OWNERS]);
	if (!rc)
		rc = tq_finish(t);
	if (rc) {
		error_result(j, p->csv_out, t->msg);
		return -1;
	}
	t->q.item = f[F_ITEM];
	t->q.date = f[F_DATE] ? f[F_DATE] : p->default_date;
	t->q.max_list_age_days = p->max_list_age;
	t->q.contract_date = f[F_CONTRACT_DATE];
	t->q.device_date = f[F_DEVICE_DATE];
	t->q.supplier = f[F_SUPPLIER];
	return 0;
}

static void run_job(struct pool *p, struct job *j, struct wctx *w)
{
	tool_query t;
	ec_decision *d = NULL;
	ec_error err;
	const char *key = NULL;
	uint64_t h = 0;
	int rc;

	if (j->r.error[0]) {
		error_result(j, p->csv_out, j->r.error);
		return;
	}
	/* The key before row_query() cuts the lists' fields apart. */
	if (p->use_cache && j->r.f[F_NAME] && row_key(p, &j->r, w) == 0) {
		key = w->key;
		h = fnv(key, w->keylen);
	}
	if (row_query(p, j, &t))
		return;
	if (key && cache_find(p, key, h, j, w)) {
		atomic_fetch_add(&p->hits, 1);
		return;
	}
	if ((rc = ec_check(&d, p->snap, &t.q, &err))) {
		error_result(j, p->csv_out,
			     err.text[0] ? err.text : ec_strerror(rc));
		/* Only a bad input is the row's fault. */
		if (rc != EC_EINVAL && rc != EC_ELIMIT)
			atomic_store(&p->failed, 1);
		return;
	}
	if (write_decision(p, j, w, d, &t.q, key, h)) {
		error_result(j, p->csv_out, "out of memory");
		atomic_store(&p->failed, 1);
	}
	ec_decision_free(d);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct wctx *w = &p->w[atomic_fetch_add(&p->nextw, 1)];
	unsigned long seen = 0;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->lock);
		while (!p->quit && p->generation == seen)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->quit) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		seen = p->generation;
		pthread_mutex_unlock(&p->lock);
		while ((i = atomic_fetch_add(&p->next, 1)) < p->njobs)
			run_job(p, &p->jobs[i], w);
		pthread_mutex_lock(&p->lock);
		if (--p->active == 0)
			pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

/*
 * Starts the batch p->jobs[0..njobs) on the worker threads; with one
 * thread it simply runs it here.
 */
static void start_batch(struct pool *p)
{
	size_t i;

	if (p->nthreads <= 1) {
		for (i = 0; i < p->njobs; i++)
			run_job(p, &p->jobs[i], &p->w[0]);
		return;
	}
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->next, 0);
	p->active = p->nthreads;
	p->generation++;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
}

static void wait_batch(struct pool *p)
{
	if (p->nthreads <= 1)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->active > 0)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

/* Reads up to BATCH rows into jobs; returns how many. */
static size_t read_batch(rowsrc *src, struct job *jobs)
{
	size_t n = 0;

	while (n < BATCH && rows_next(src, &jobs[n].r) == 1) {
		jobs[n].out = NULL;
		n++;
	}
	return n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(long long rows, double t0, long long done_bytes,
		     long long total_bytes)
{
	double el = now_s() - t0, rate = el > 0 ? (double)rows / el : 0;

	fprintf(stderr, "\r%lld rows, %.0f rows/s", rows, rate);
	if (total_bytes > 0 && done_bytes > 0) {
		double frac = (double)done_bytes / (double)total_bytes;
		double eta = frac > 0 ? el / frac - el : 0;

		fprintf(stderr, ", %3.0f%%, ETA %.0f s  ", frac * 100.0,
			eta > 0 ? eta : 0);
	}
	fflush(stderr);
}

int cmd_screen(const struct global *g, int argc, char **argv)
{
	const char *input = NULL, *output = NULL, *date = NULL, *path;
	int in_fmt = ROWS_CSV, csv_out = 0, nthreads = 0, started = 0, i;
	int rc = EXIT_OK;
	long long counts[6] = {0}, errors = 0, review = 0, rows_done = 0;
	long long outdated = 0;
	char err[256], *tmp = NULL;
	struct pool p;
	FILE *in = stdin, *out = stdout;
	rowsrc *src = NULL;
	long long total_bytes = 0;
	int tty = isatty(fileno(stderr));
	double t0, last = 0;
	struct job *jobs[2] = {NULL, NULL}, *cur, *nxt;
	size_t cur_n;

	memset(&p, 0, sizeof(p));
	p.use_cache = 1;
	p.max_list_age = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help")) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--no-cache")) {
			p.use_cache = 0;
			continue;
		}
		if (!strcmp(a, "--input-format") || !strcmp(a, "--format") ||
		    !strcmp(a, "--threads") || !strcmp(a, "--output") ||
		    !strcmp(a, "--date") || !strcmp(a, "--max-list-age")) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;

			if (!v)
				return tool_usage("screen", "%s needs a value",
						  a);
			if (!strcmp(a, "--input-format")) {
				if (!strcmp(v, "csv"))
					in_fmt = ROWS_CSV;
				else if (!strcmp(v, "jsonl"))
					in_fmt = ROWS_JSONL;
				else
					return tool_usage("screen",
							  "--input-format is "
							  "csv or jsonl");
			} else if (!strcmp(a, "--format")) {
				if (!strcmp(v, "csv"))
					csv_out = 1;
				else if (strcmp(v, "jsonl"))
					return tool_usage("screen",
							  "--format is jsonl "
							  "or csv");
			} else if (!strcmp(a, "--threads")) {
				size_t n;

				if (tool_parse_size(v, &n) || n < 1 ||
				    n > MAX_THREADS)
					return tool_usage(
						"screen",
						"--threads must be 1 to %d",
						MAX_THREADS);
				nthreads = (int)n;
			} else if (!strcmp(a, "--output")) {
				output = v;
			} else if (!strcmp(a, "--max-list-age")) {
				size_t days;

				if (tool_parse_size(v, &days) || days > 36500)
					return tool_usage("screen",
							  "--max-list-age is a "
							  "number of days, 0 "
							  "to 36500");
				p.max_list_age = (int)days;
			} else {
				date = v;
			}
			continue;
		}
		if (a[0] == '-' && a[1] == '-')
			return tool_usage("screen", "unknown option '%.64s'", a);
		if (input)
			return tool_usage("screen", "one input file only");
		input = a;
	}
	if (nthreads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		nthreads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
	}
	if (input && strcmp(input, "-") != 0) {
		struct stat st;

		in = fopen(input, "rb");
		if (!in) {
			fprintf(stderr, "entitycheck: %s: %s\n", input,
				strerror(errno));
			return EXIT_FAILURE_;
		}
		if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
			total_bytes = (long long)st.st_size;
	}
	if (rows_open(&src, in, in_fmt, err, sizeof(err))) {
		fprintf(stderr, "entitycheck: %s: line 1: %s\n",
			input ? input : "(stdin)", err);
		if (in != stdin)
			fclose(in);
		return EXIT_INPUT;
	}
	if ((rc = tool_open_snapshot(g, &p.snap, &path))) {
		rows_close(src);
		if (in != stdin)
			fclose(in);
		return rc;
	}
	jobs[0] = calloc(BATCH, sizeof(struct job));
	jobs[1] = calloc(BATCH, sizeof(struct job));
	for (i = 0; i < nthreads; i++)
		if (!(p.w[i].f = open_memstream(&p.w[i].buf, &p.w[i].len)))
			break;
	if (!jobs[0] || !jobs[1] || i < nthreads) {
		fprintf(stderr, "entitycheck: out of memory\n");
		return EXIT_FAILURE_;
	}
	/* Last: a failure before here leaves no temporary file behind. */
	if (output) {
		size_t n = strlen(output) + 32;

		tmp = malloc(n);
		if (!tmp)
			return EXIT_FAILURE_;
		snprintf(tmp, n, "%s.tmp.%ld", output, (long)getpid());
		out = fopen(tmp, "wb");
		if (!out) {
			fprintf(stderr, "entitycheck: %s: %s\n", tmp,
				strerror(errno));
			free(tmp);
			ec_snapshot_free(p.snap);
			rows_close(src);
			return EXIT_FAILURE_;
		}
	}
	p.default_date = date;
	p.csv_out = csv_out;
	p.nthreads = nthreads;
	pthread_mutex_init(&p.lock, NULL);
	for (i = 0; i < CACHE_SHARDS; i++)
		pthread_mutex_init(&p.cache[i].lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	if (nthreads > 1) {
		/* Fewer threads if some cannot start; none: this one. */
		while (started < nthreads &&
		       pthread_create(&p.threads[started], NULL, worker, &p) == 0)
			started++;
		p.nthreads = started > 1 ? started : 1;
	}
	if (csv_out)
		fputs(csv_header, out);
	t0 = now_s();
	/*
	 * Two batches: while the workers decide one, this thread reads the
	 * next, then, once the next is handed to the workers, writes the
	 * first in input order.
	 */
	cur = jobs[0];
	nxt = jobs[1];
	cur_n = read_batch(src, cur);
	if (cur_n) {
		p.jobs = cur;
		p.njobs = cur_n;
		start_batch(&p);
	}
	while (cur_n) {
		struct job *t;
		size_t k, next_n = read_batch(src, nxt);

		wait_batch(&p);
		if (next_n) {
			p.jobs = nxt;
			p.njobs = next_n;
			start_batch(&p);
		}
		for (k = 0; k < cur_n; k++) {
			struct job *j = &cur[k];

			if (j->out)
				fwrite(j->out, 1, j->outlen, out);
			else
				atomic_store(&p.failed, 1); /* a row lost */
			if (j->status < 0)
				errors++;
			else
				counts[j->status]++;
			review += (j->review & REVIEW_ANY) != 0;
			outdated += (j->review & REVIEW_LISTS_OUTDATED) != 0;
			free(j->out);
			row_clear(&j->r);
			memset(j, 0, sizeof(*j));
		}
		rows_done += (long long)cur_n;
		if (tty && now_s() - last > 0.2) {
			last = now_s();
			progress(rows_done, t0, rows_offset(src), total_bytes);
		}
		t = cur;
		cur = nxt;
		nxt = t;
		cur_n = next_n;
	}
	if (started > 0) {
		pthread_mutex_lock(&p.lock);
		p.quit = 1;
		pthread_cond_broadcast(&p.work);
		pthread_mutex_unlock(&p.lock);
		for (i = 0; i < started; i++)
			pthread_join(p.threads[i], NULL);
	}
	if (tty)
		fputs("\r\033[K", stderr);
	{
		double el = now_s() - t0;

		fprintf(stderr,
			"screened %lld rows in %.2f s (%.0f rows/s, %d "
			"threads): NOT_SUBJECT %lld, NLR %lld, "
			"NLR_WITH_CONDITIONS %lld, LICENSED %lld, "
			"LICENSE_REQUIRED %lld, PROHIBITED %lld; needs review "
			"%lld (%lld dated past the lists' \"as of\" date); "
			"errors %lld; repeated rows answered from the "
			"cache %lld\n",
			rows_done, el, el > 0 ? (double)rows_done / el : 0,
			p.nthreads, counts[0], counts[1], counts[2], counts[3],
			counts[4], counts[5], review, outdated, errors,
			(long long)atomic_load(&p.hits));
	}
	rc = errors ? EXIT_INPUT : EXIT_OK;
	if (atomic_load(&p.failed)) {
		fprintf(stderr, "entitycheck: some rows could not be decided "
				"(out of memory or a database error)\n");
		rc = EXIT_FAILURE_;
	}
	if (output) {
		/* ferror: a write that failed earlier, not only now. */
		int bad = fflush(out) || ferror(out) || fsync(fileno(out));

		if (fclose(out))
			bad = 1;
		if (bad || rename(tmp, output)) {
			fprintf(stderr, "entitycheck: cannot write %s: %s\n",
				output, strerror(errno));
			unlink(tmp);
			rc = EXIT_FAILURE_;
		}
		free(tmp);
	} else if (fflush(stdout)) {
		rc = EXIT_FAILURE_;
	}
	free(jobs[0]);
	free(jobs[1]);
	for (i = 0; i < MAX_THREADS; i++) {
		if (p.w[i].f)
			fclose(p.w[i].f);
		free(p.w[i].buf);
		free(p.w[i].key);
	}
	for (i = 0; i < CACHE_SHARDS; i++) {
		size_t k;

		for (k = 0; k < p.cache[i].n; k++) {
			free(p.cache[i].v[k].key);
			free(p.cache[i].v[k].val);
		}
		free(p.cache[i].v);
		pthread_mutex_destroy(&p.cache[i].lock);
	}
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	rows_close(src);
	if (in != stdin)
		fclose(in);
	ec_snapshot_free(p.snap);
	return rc;
}

/* ------------------------------------------------------------------ */
/* One row at a time, for `serve` (POST /screen)                       */
/* ------------------------------------------------------------------ */

/*
 * The server decides a streamed body row by row with the same code as the
 * command, so that a row's result line is the same byte for byte.  No
 * thread pool and no cache here: the server's threads are the pool.
 */
struct screen_rows {
	struct pool p;
};

int screen_rows_new(screen_rows **out, ec_snapshot *snap, const char *date,
		    int csv_out)
{
	screen_rows *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return -1;
	s->p.snap = snap;
	s->p.default_date = date;
	s->p.csv_out = csv_out;
	s->p.nthreads = 1;
	s->p.w[0].f = open_memstream(&s->p.w[0].buf, &s->p.w[0].len);
	if (!s->p.w[0].f) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int screen_rows_decide(screen_rows *s, row *r, char **line, size_t *len,
		       int *status)
{
	struct job j;

	memset(&j, 0, sizeof(j));
	j.r = *r;
	memset(r, 0, sizeof(*r));
	run_job(&s->p, &j, &s->p.w[0]);
	row_clear(&j.r);
	*line = j.out;
	*len = j.outlen;
	*status = j.status;
	return j.out && !atomic_load(&s->p.failed) ? 0 : -1;
}

const char *screen_rows_csv_header(void)
{
	return csv_header;
}

void screen_rows_free(screen_rows *s)
{
	if (!s)
		return;
	fclose(s->p.w[0].f);
	free(s->p.w[0].buf);
	free(s->p.w[0].key);
	free(s);
}
