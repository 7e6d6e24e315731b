/*
 * screen_pool.c: the worker pool of `screen`: threads sharing one snapshot
 * decide a batch of rows into result lines; repeated rows are answered
 * from a bounded, sharded cache of decisions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "query.h"
#include "report.h"
#include "screen_delta.h"
#include "screen_pool.h"

/* CSV-quotes s into f. */
void csv_field(FILE *f, const char *s)
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

		if (i == F_ID && !p->cleared)
			continue; /* the id only names the row */
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

/* The cached status of a row --since leaves out. */
#define SKIPPED (-2)

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
			/* --since: the row's answer did not change. */
			j->skip = s->v[i].status == SKIPPED;
			found = j->skip || finish_line(p, j, w, s->v[i].val,
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

/* Why a decision needs review, as job.review keeps it. */
static int review_bits(const ec_decision *d)
{
	return (d->needs_review ? REVIEW_ANY : 0) |
	       (d->lists_outdated ? REVIEW_LISTS_OUTDATED : 0);
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
	j->review = review_bits(d);
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

/*
 * The row's query, through the parser `check` uses (tools/query.c); 0, or
 * -1 after writing the row's error.  The list fields are cut apart here,
 * so the row's cache key must be taken before.
 */
static int row_query(struct pool *p, struct job *j, tool_query *t)
{
	char **f = j->r.f;
	int rc;

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
	/* The row's country is checked by the library. */
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
	t->q.cleared = p->cleared;
	t->q.party_ids = (const char *const *)&f[F_ID];
	return 0;
}

/*
 * What a decided row adds besides its result: its audit record and its
 * line in the review report, when the run keeps them.
 */
static void audit_row(struct pool *p, struct job *j, const ec_check_query *q,
		      const ec_decision *d)
{
	ec_audit_info info;

	if (p->report)
		j->report = report_row(p->snap, j->r.line, j->r.f[F_ID], q, d,
				       &j->rbucket);
	if (!p->audit)
		return;
	info = *p->audit;
	info.line = j->r.line;
	if (ec_audit_record(&j->audit, p->snap, q, d, &info, NULL))
		atomic_store(&p->failed, 1); /* a record lost */
}

/*
 * A changed answer's result line: the current decision, and under
 * "delta" what it was and why it changed.
 */
static int write_delta(struct pool *p, struct job *j, struct wctx *w,
		       const ec_decision *old, const ec_decision *cur,
		       const ec_check_query *q, const char *key, uint64_t h)
{
	const char *line;
	size_t len, start;
	off_t pos;
	json js;

	if (start_line(p, j, w) || fflush(w->f) || (pos = ftello(w->f)) < 0)
		return -1;
	start = (size_t)pos;
	json_init(&js, w->f, 0);
	tool_decision_json(&js, cur, q);
	/* The decision's closing brace gives way to the delta. */
	if (fflush(w->f) || fseeko(w->f, -1, SEEK_CUR))
		return -1;
	fputs(",\"delta\":{", w->f);
	delta_json(w->f, p->delta, old, cur);
	fputs("}}\n", w->f);
	if (!(line = line_so_far(w, &len)) || len <= start)
		return -1;
	if (key)
		cache_put(p, key, h, line + start, len - start, cur->status,
			  review_bits(cur));
	if (!(j->out = malloc(len)))
		return -1;
	memcpy(j->out, line, len);
	j->out[start] = ',';
	j->outlen = len;
	j->status = cur->status;
	j->review = review_bits(cur);
	return 0;
}

/*
 * --since: decides a row whose words could pair with a changed entry's,
 * on both snapshots, and writes it only when its answer changed.
 */
static void run_delta(struct pool *p, struct job *j, struct wctx *w,
		      const ec_check_query *q, const char *key, uint64_t h)
{
	ec_decision *old = NULL, *cur = NULL;
	ec_error err;
	int rc;

	if (!delta_candidate(p->delta, q) &&
	    !delta_dated(p->delta, p->snap, q)) {
		j->skip = 1;
		if (key)
			cache_put(p, key, h, "", 0, SKIPPED, 0);
		return;
	}
	atomic_fetch_add(&p->rescreened, 1);
	rc = ec_check(&cur, p->snap, q, &err);
	if (!rc)
		rc = ec_check(&old, p->delta->old_snap, q, &err);
	if (rc) {
		error_result(j, p->csv_out,
			     err.text[0] ? err.text : ec_strerror(rc));
		if (rc != EC_EINVAL && rc != EC_ELIMIT)
			atomic_store(&p->failed, 1);
	} else if (!delta_changed(old, cur)) {
		j->skip = 1;
		if (key)
			cache_put(p, key, h, "", 0, SKIPPED, 0);
	} else if (write_delta(p, j, w, old, cur, q, key, h)) {
		error_result(j, p->csv_out, "out of memory");
		atomic_store(&p->failed, 1);
	} else {
		audit_row(p, j, q, cur);
	}
	ec_decision_free(old);
	ec_decision_free(cur);
}

/* Decides one row into its result line. */
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
	if (p->delta) {
		run_delta(p, j, w, &t.q, key, h);
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
	audit_row(p, j, &t.q, d);
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
static void pool_start(struct pool *p)
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

void pool_wait(struct pool *p)
{
	if (p->nthreads <= 1)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->active > 0)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

size_t pool_read(rowsrc *src, struct job *jobs)
{
	size_t n = 0;

	while (n < BATCH && rows_next(src, &jobs[n].r) == 1) {
		jobs[n].out = NULL;
		n++;
	}
	return n;
}

void pool_run(struct pool *p, struct job *jobs, size_t n)
{
	p->jobs = jobs;
	p->njobs = n;
	pool_start(p);
}

int pool_init(struct pool *p, ec_snapshot *snap, const char *default_date,
	      int csv_out, int nthreads, int use_cache)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->snap = snap;
	p->default_date = default_date;
	p->csv_out = csv_out;
	p->use_cache = use_cache;
	p->max_list_age = -1;
	pthread_mutex_init(&p->lock, NULL);
	for (i = 0; i < CACHE_SHARDS; i++)
		pthread_mutex_init(&p->cache[i].lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (i = 0; i < nthreads; i++)
		if (!(p->w[i].f = open_memstream(&p->w[i].buf, &p->w[i].len)))
			return -1;
	p->nthreads = nthreads;
	if (nthreads > 1) {
		/* Fewer threads if some cannot start; none: this one. */
		while (p->started < nthreads &&
		       pthread_create(&p->threads[p->started], NULL, worker,
				      p) == 0)
			p->started++;
		p->nthreads = p->started > 1 ? p->started : 1;
	}
	return 0;
}

void pool_dispose(struct pool *p)
{
	int i;

	if (p->started > 0) {
		pthread_mutex_lock(&p->lock);
		p->quit = 1;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->lock);
		for (i = 0; i < p->started; i++)
			pthread_join(p->threads[i], NULL);
		p->started = 0;
	}
	for (i = 0; i < MAX_THREADS; i++) {
		if (p->w[i].f)
			fclose(p->w[i].f);
		free(p->w[i].buf);
		free(p->w[i].key);
	}
	for (i = 0; i < CACHE_SHARDS; i++) {
		size_t k;

		for (k = 0; k < p->cache[i].n; k++) {
			free(p->cache[i].v[k].key);
			free(p->cache[i].v[k].val);
		}
		free(p->cache[i].v);
		pthread_mutex_destroy(&p->cache[i].lock);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
}

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
	s->p.max_list_age = -1; /* the default, as the command's */
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

void screen_rows_free(screen_rows *s)
{
	if (!s)
		return;
	fclose(s->p.w[0].f);
	free(s->p.w[0].buf);
	free(s->p.w[0].key);
	free(s);
}
