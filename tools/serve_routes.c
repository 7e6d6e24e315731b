/*
 * serve_routes.c: `serve`'s endpoints.  Each request takes the current
 * snapshot from the holder once and answers wholly from it, so a reload
 * never mixes two snapshots in one answer.  The JSON is the command's
 * (tool_info_fields, tool_matches_json, tool_decision_json, `screen`'s
 * row lines): one serializer for the command and the server.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "rows.h"
#include "serve_http.h"
#include "tool.h"

/* Query-string arguments: the known ones, once each. */
struct args {
	const char *const *names;
	const char **vals;
	size_t n;
	sq_error *e;
	int bad;
};

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind,
			      const char *key, const char *value)
{
	struct args *a = cls;
	size_t i;

	(void)kind;
	for (i = 0; i < a->n; i++)
		if (!strcmp(key, a->names[i]))
			break;
	if (i == a->n) {
		a->bad = sq_fail(a->e, 400, "unknown_parameter",
				 "unknown parameter \"%.64s\"", key);
		return MHD_NO;
	}
	if (a->vals[i]) {
		a->bad = sq_fail(a->e, 400, "bad_parameter",
				 "parameter \"%.64s\" given twice", key);
		return MHD_NO;
	}
	a->vals[i] = value ? value : "";
	return MHD_YES;
}

static int get_args(struct MHD_Connection *c, const char *const *names,
		    const char **vals, size_t n, sq_error *e)
{
	struct args a = {names, vals, n, e, 0};

	memset(vals, 0, n * sizeof(*vals));
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &a);
	return a.bad;
}

static int not_ready(struct MHD_Connection *c, srv_req *r)
{
	sq_error e;

	sq_fail(&e, 503, "not_ready", "no snapshot is open");
	return srv_respond_error(c, r, &e);
}

int route_info(struct MHD_Connection *c, srv_req *r)
{
	server *s = r->srv;
	ec_snapshot *snap;
	long long gen, failed, loaded;
	char last[512], when[40];
	srv_out o;
	int ret;

	/* The serving record and the snapshot are read together. */
	pthread_mutex_lock(&s->lock);
	snap = ec_holder_acquire(s->holder);
	gen = s->generation;
	failed = s->failed_reloads;
	loaded = s->loaded_at;
	memcpy(last, s->last_error, sizeof(last));
	pthread_mutex_unlock(&s->lock);
	if (!snap)
		return not_ready(c, r);
	if (srv_out_open(&o)) {
		ec_snapshot_free(snap);
		return MHD_NO;
	}
	json_obj_open(&o.j, NULL);
	tool_info_fields(&o.j, ec_snapshot_info_get(snap), s->path);
	json_obj_open(&o.j, "serving");
	json_str(&o.j, "version", EC_VERSION);
	json_int(&o.j, "generation", gen);
	tool_fmt_time(loaded, when, sizeof(when));
	json_str(&o.j, "loaded_at", when);
	json_int(&o.j, "failed_reloads", failed);
	json_str(&o.j, "last_reload_error", last);
	json_bool(&o.j, "draining", atomic_load(&s->draining));
	json_obj_close(&o.j);
	json_obj_close(&o.j);
	ret = srv_out_send(c, r, &o, MHD_HTTP_OK, snap);
	ec_snapshot_free(snap);
	return ret;
}

int route_healthz(struct MHD_Connection *c, srv_req *r)
{
	srv_out o;

	if (srv_out_open(&o))
		return MHD_NO;
	json_obj_open(&o.j, NULL);
	json_str(&o.j, "status", "ok");
	json_obj_close(&o.j);
	return srv_out_send(c, r, &o, MHD_HTTP_OK, NULL);
}

int route_readyz(struct MHD_Connection *c, srv_req *r)
{
	ec_snapshot *snap = ec_holder_acquire(r->srv->holder);
	srv_out o;
	sq_error e;
	int ret;

	if (!snap || atomic_load(&r->srv->draining)) {
		ec_snapshot_free(snap);
		sq_fail(&e, 503, "not_ready",
			snap ? "draining: shutting down"
			     : "no snapshot is open");
		return srv_respond_error(c, r, &e);
	}
	if (srv_out_open(&o)) {
		ec_snapshot_free(snap);
		return MHD_NO;
	}
	json_obj_open(&o.j, NULL);
	json_str(&o.j, "status", "ready");
	json_obj_close(&o.j);
	ret = srv_out_send(c, r, &o, MHD_HTTP_OK, snap);
	ec_snapshot_free(snap);
	return ret;
}

/* A count parameter ("limit"), 1 to hi, into *out when v is given. */
static int count_arg(const char *v, const char *name, size_t hi, size_t *out,
		     sq_error *e)
{
	if (v && (tool_parse_size(v, out) || *out < 1 || *out > hi))
		return sq_fail(e, 400, "bad_parameter",
			       "\"%s\" is a whole number 1-%zu", name, hi);
	return 0;
}

/* A score parameter, 0 to 1, into *out when v is given. */
static int score_arg(const char *v, const char *name, double *out, sq_error *e)
{
	if (v && tool_parse_double(v, 0.0, 1.0, out))
		return sq_fail(e, 400, "bad_parameter",
			       "\"%s\" is between 0 and 1", name);
	return 0;
}

/* GET /search's arguments into o; -1 with e when one is bad. */
static int search_args(struct MHD_Connection *c, const server *s,
		       const char **q, ec_search_opts *o, sq_error *e)
{
	/* The identifying facts (5 on) are the library's to judge, as for
	 * `search --dob ...`: ec_search() refuses a bad one. */
	static const char *const names[] = {
		"q",   "limit",	      "min_score", "country", "address", "list",
		"dob", "nationality", "id_number", "id_type", "type"};
	const size_t n = sizeof(names) / sizeof(names[0]);
	const char *v[sizeof(names) / sizeof(names[0])];
	size_t i;

	if (get_args(c, names, v, n, e))
		return -1;
	if (!v[0] || !*v[0])
		return sq_fail(e, 400, "bad_parameter", "\"q\" is required");
	for (i = 0; i < n; i++)
		if (v[i] && strlen(v[i]) > s->max_text)
			return sq_fail(e, 414, "query_too_long",
				       "a query is limited to %zu bytes",
				       s->max_text);
	if (count_arg(v[1], "limit", 1000, &o->limit, e) ||
	    score_arg(v[2], "min_score", &o->min_score, e))
		return -1;
	if (v[3] && strlen(v[3]) != 2)
		return sq_fail(e, 400, "bad_parameter",
			       "\"country\" is an ISO 3166 two-letter code");
	*q = v[0];
	o->country = v[3];
	o->address = v[4];
	o->list = v[5];
	for (i = 6; i < n; i++)
		*sq_fact_slot(&o->facts, names[i]) = v[i];
	return 0;
}

int route_search(struct MHD_Connection *c, srv_req *r)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_snapshot *snap;
	ec_matches *m = NULL;
	const char *q = NULL;
	ec_error err;
	sq_error e;
	srv_out out;
	int ret;

	if (search_args(c, r->srv, &q, &o, &e))
		return srv_respond_error(c, r, &e);
	if (!(snap = ec_holder_acquire(r->srv->holder)))
		return not_ready(c, r);
	if (ec_search(&m, snap, q, &o, &err)) {
		ec_snapshot_free(snap);
		if (err.code == EC_EINVAL) /* a malformed identifying fact */
			sq_fail(&e, 400, "bad_parameter", "%s", err.text);
		else
			sq_fail(&e, err.code == EC_ELIMIT ? 414 : 500,
				err.code == EC_ELIMIT ? "query_too_long"
						      : "failed",
				"%s", err.text);
		return srv_respond_error(c, r, &e);
	}
	ret = MHD_NO;
	if (srv_out_open(&out) == 0) {
		tool_matches_json(&out.j, q, &o, m);
		ret = srv_out_send(c, r, &out, MHD_HTTP_OK, snap);
	}
	ec_matches_free(m);
	ec_snapshot_free(snap);
	return ret;
}

/*
 * An inline register: the library reads registers from files, so the
 * CSV goes through an unlinked-after-use temporary file.
 */
static int inline_register(const sq_check *chk, ec_license_register **reg,
			   sq_error *e)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	ec_error err;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/entitycheck-licenses.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return sq_fail(e, 500, "io_error",
			       "cannot make a temporary "
			       "file for the licenses");
	rc = write(fd, chk->license_csv, chk->license_csv_len) !=
	     (ssize_t)chk->license_csv_len;
	close(fd);
	if (!rc && (rc = ec_license_register_load(reg, path, &err)) != 0) {
		unlink(path);
		if (rc == EC_EPARSE && err.line > 1)
			return sq_fail(e, 400, "bad_value", "licenses[%ld]: %s",
				       err.line - 2, err.text);
		return sq_fail(e, rc == EC_EPARSE ? 400 : 500, "bad_value",
			       "licenses: %s", err.text);
	}
	unlink(path);
	return rc ? sq_fail(e, 500, "io_error", "cannot write the licenses")
		  : 0;
}

/* The register a check names (by reference) or carries (inline). */
static int check_register(const server *s, sq_check *chk,
			  ec_license_register **owned, sq_error *e)
{
	size_t i;

	*owned = NULL;
	if (chk->license_csv)
		return inline_register(chk, owned, e) ||
				       !(chk->q.licenses = *owned)
			       ? -1
			       : 0;
	if (!chk->license_ref)
		return 0;
	for (i = 0; i < s->nregs; i++)
		if (!strcmp(s->regs[i].name, chk->license_ref)) {
			chk->q.licenses = s->regs[i].reg;
			return 0;
		}
	return sq_fail(e, 400, "bad_value",
		       "\"licenses\": no register named \"%.64s\" (the server "
		       "has %zu, given with --licenses NAME=FILE)",
		       chk->license_ref, s->nregs);
}

int route_check(struct MHD_Connection *c, srv_req *r)
{
	ec_license_register *reg = NULL;
	ec_snapshot *snap = NULL;
	ec_decision *d = NULL;
	sq_check chk;
	ec_error err;
	sq_error e;
	srv_out o;
	int ret = MHD_NO, rc;

	if (sq_check_parse(&chk, r->body ? r->body : "", r->len,
			   r->srv->max_text, &e) ||
	    check_register(r->srv, &chk, &reg, &e)) {
		sq_check_clear(&chk);
		ec_license_register_free(reg);
		return srv_respond_error(c, r, &e);
	}
	if (!(snap = ec_holder_acquire(r->srv->holder))) {
		ret = not_ready(c, r);
	} else if ((rc = ec_check(&d, snap, &chk.q, &err)) != 0) {
		sq_fail(&e, rc == EC_EINVAL || rc == EC_ELIMIT ? 400 : 500,
			rc == EC_EINVAL || rc == EC_ELIMIT ? "bad_value"
							   : "failed",
			"%s", err.text[0] ? err.text : ec_strerror(rc));
		ret = srv_respond_error(c, r, &e);
	} else if (srv_out_open(&o) == 0) {
		tool_decision_json(&o.j, d, &chk.q);
		ret = srv_out_send(c, r, &o, MHD_HTTP_OK, snap);
	}
	ec_decision_free(d);
	ec_snapshot_free(snap);
	sq_check_clear(&chk);
	ec_license_register_free(reg);
	return ret;
}

/* ------------------------------------------------------------------ */
/* POST /screen: the spooled body decided row by row as it is sent     */
/* ------------------------------------------------------------------ */

struct stream {
	FILE *spool;
	rowsrc *src;
	screen_rows *rows;
	ec_snapshot *snap;
	char *date;
	char *line; /* the row result being sent */
	size_t len, off;
	int done;
};

static void stream_free(void *cls)
{
	struct stream *st = cls;

	free(st->line);
	screen_rows_free(st->rows);
	rows_close(st->src);
	if (st->spool)
		fclose(st->spool);
	ec_snapshot_free(st->snap);
	free(st->date);
	free(st);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	size_t n = 0;
	row rw;
	int status;

	(void)pos;
	while (n < max) {
		if (st->off < st->len) {
			size_t k = st->len - st->off;

			if (k > max - n)
				k = max - n;
			memcpy(buf + n, st->line + st->off, k);
			st->off += k;
			n += k;
			continue;
		}
		free(st->line);
		st->line = NULL;
		st->len = st->off = 0;
		if (st->done || rows_next(st->src, &rw) != 1) {
			st->done = 1;
			break;
		}
		/* A failure that is not the row's ends the stream after
		 * the row's error line. */
		if (screen_rows_decide(st->rows, &rw, &st->line, &st->len,
				       &status))
			st->done = 1;
	}
	if (n == 0 && st->done)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

/* /screen's input and output formats, from its arguments and headers. */
static int screen_formats(struct MHD_Connection *c, int *in_fmt, int *csv_out,
			  const char **date, sq_error *e)
{
	static const char *const names[] = {"input", "format", "date"};
	const char *v[3],
		*ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						  MHD_HTTP_HEADER_CONTENT_TYPE);

	if (get_args(c, names, v, 3, e))
		return -1;
	*in_fmt = ct && (strstr(ct, "ndjson") || strstr(ct, "jsonl") ||
			 strstr(ct, "json-lines"))
			  ? ROWS_JSONL
			  : ROWS_CSV;
	if (v[0] && strcmp(v[0], "csv") && strcmp(v[0], "jsonl"))
		return sq_fail(e, 400, "bad_parameter",
			       "\"input\" is csv or jsonl");
	if (v[0])
		*in_fmt = !strcmp(v[0], "jsonl") ? ROWS_JSONL : ROWS_CSV;
	if (v[1] && strcmp(v[1], "csv") && strcmp(v[1], "jsonl"))
		return sq_fail(e, 400, "bad_parameter",
			       "\"format\" is jsonl or csv");
	*csv_out = v[1] && !strcmp(v[1], "csv");
	*date = v[2];
	return 0;
}

int route_screen(struct MHD_Connection *c, srv_req *r)
{
	struct stream *st = calloc(1, sizeof(*st));
	struct MHD_Response *resp;
	int in_fmt = ROWS_CSV, csv_out = 0;
	const char *date = NULL;
	char msg[256];
	sq_error e;

	if (!st)
		return MHD_NO;
	sq_fail(&e, 500, "no_memory", "out of memory");
	st->spool = r->spool;
	r->spool = NULL;
	if (screen_formats(c, &in_fmt, &csv_out, &date, &e) ||
	    (date && !(st->date = strdup(date)))) {
		stream_free(st);
		return srv_respond_error(c, r, &e);
	}
	if (fflush(st->spool) || fseek(st->spool, 0, SEEK_SET) ||
	    rows_open(&st->src, st->spool, in_fmt, msg, sizeof(msg))) {
		stream_free(st);
		sq_fail(&e, 400, "bad_input", "line 1: %s", msg);
		return srv_respond_error(c, r, &e);
	}
	if (!(st->snap = ec_holder_acquire(r->srv->holder))) {
		stream_free(st);
		return not_ready(c, r);
	}
	if (screen_rows_new(&st->rows, st->snap, st->date, csv_out) ||
	    (csv_out && !(st->line = strdup(screen_rows_csv_header())))) {
		stream_free(st);
		return MHD_NO;
	}
	st->len = st->line ? strlen(st->line) : 0;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024,
						 stream_read, st, stream_free);
	if (!resp) {
		stream_free(st);
		return MHD_NO;
	}
	return srv_respond_stream(c, r, resp,
				  csv_out ? "text/csv" : "application/x-ndjson",
				  st->snap);
}

/* ------------------------------------------------------------------ */
/* POST /match/{dataset} (yente) and POST /admin/reload                */
/* ------------------------------------------------------------------ */

/* The dataset of the path: every list, or one list of the snapshot. */
static int match_dataset(const ec_snapshot *snap, const char *name,
			 sm_params *p, sq_error *e)
{
	const ec_snapshot_info *in = ec_snapshot_info_get(snap);
	size_t i;

	if (!strcmp(name, "default") || !strcmp(name, "all") ||
	    !strcmp(name, "sanctions") || !strcmp(name, "entitycheck"))
		return 0;
	for (i = 0; i < in->nlists; i++)
		if (!strcasecmp(name, in->lists[i].code)) {
			p->list = in->lists[i].code;
			return 0;
		}
	return sq_fail(e, 404, "dataset_not_found",
		       "Dataset not found: %.64s (default, or a list code of "
		       "GET /info)",
		       name);
}

static int match_args(struct MHD_Connection *c, sm_params *p, sq_error *e)
{
	static const char *const names[] = {
		"limit",	  "threshold",		"cutoff",
		"algorithm",	  "include_dataset",	"exclude_dataset",
		"exclude_schema", "exclude_entity_ids", "topics",
		"changed_since"};
	const char *v[10];

	p->limit = 5;
	p->threshold = EC_DEFAULT_THRESHOLD;
	if (get_args(c, names, v, 10, e))
		return -1;
	if (count_arg(v[0], "limit", 500, &p->limit, e) ||
	    score_arg(v[1], "threshold", &p->threshold, e))
		return -1;
	p->cutoff = p->threshold;
	if (score_arg(v[2], "cutoff", &p->cutoff, e))
		return -1;
	if (p->cutoff > p->threshold) /* as yente: never above threshold */
		p->cutoff = p->threshold;
	p->include = v[4];
	p->exclude = v[5];
	p->exclude_schema = v[6];
	p->exclude_id = v[7];
	return 0;
}

int route_match(struct MHD_Connection *c, srv_req *r)
{
	sm_params p;
	sq_match m;
	sq_error e;
	srv_out o;
	ec_snapshot *snap = NULL;
	int ret = MHD_NO;

	memset(&p, 0, sizeof(p));
	memset(&m, 0, sizeof(m));
	if (match_args(c, &p, &e) ||
	    sq_match_parse(&m, r->body ? r->body : "", r->len, r->srv->max_rows,
			   r->srv->max_text, &e)) {
		sq_match_clear(&m);
		return srv_respond_error(c, r, &e);
	}
	if (!(snap = ec_holder_acquire(r->srv->holder))) {
		ret = not_ready(c, r);
	} else if (match_dataset(snap, r->path + strlen("/match/"), &p, &e)) {
		ret = srv_respond_error(c, r, &e);
	} else if (srv_out_open(&o) == 0) {
		if (sm_match_json(&o.j, snap, &m, &p, &e)) {
			srv_out_drop(&o);
			ret = srv_respond_error(c, r, &e);
		} else {
			ret = srv_out_send(c, r, &o, MHD_HTTP_OK, snap);
		}
	}
	ec_snapshot_free(snap);
	sq_match_clear(&m);
	return ret;
}

int route_reload(struct MHD_Connection *c, srv_req *r)
{
	server *s = r->srv;
	ec_snapshot *snap;
	sq_error e;
	srv_out o;
	int ret;

	if (srv_reload(s, "POST /admin/reload", &e))
		return srv_respond_error(c, r, &e);
	if (!(snap = ec_holder_acquire(s->holder)))
		return not_ready(c, r);
	if (srv_out_open(&o)) {
		ec_snapshot_free(snap);
		return MHD_NO;
	}
	json_obj_open(&o.j, NULL);
	json_bool(&o.j, "reloaded", 1);
	pthread_mutex_lock(&s->lock);
	json_int(&o.j, "generation", s->generation);
	pthread_mutex_unlock(&s->lock);
	json_obj_close(&o.j);
	ret = srv_out_send(c, r, &o, MHD_HTTP_OK, snap);
	ec_snapshot_free(snap);
	return ret;
}
