/*
 * serve_http.c: `serve`'s HTTP plumbing on libmicrohttpd: routing, the
 * limits (body size, upload time, rows), Bearer-token auth compared in
 * constant time, JSON responses and errors, and one JSON access-log line
 * per request on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "serve_http.h"

static const srv_route routes[] = {
	{"/info", "GET", 0, 0, route_info},
	{"/healthz", "GET", 0, 1, route_healthz},
	{"/readyz", "GET", 0, 1, route_readyz},
	{"/search", "GET", 0, 0, route_search},
	{"/check", "POST", 1, 0, route_check},
	{"/screen", "POST", 2, 0, route_screen},
	{"/match/", "POST", 1, 0, route_match},
	{"/admin/reload", "POST", 1, 0, route_reload},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void iso_now(char *buf, size_t n)
{
	struct timespec ts;
	struct tm tm;
	char sec[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%.20s.%03dZ", sec, (int)(ts.tv_nsec / 1000000));
}

/* Writes a finished log line with one write, so lines never interleave. */
static void log_write(FILE *f, char **buf, size_t *len)
{
	if (fclose(f) == 0 && *len)
		(void)!write(STDERR_FILENO, *buf, *len);
	free(*buf);
}

void srv_log_event(const char *event, const char *fmt, ...)
{
	char when[40], msg[1024], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	va_list ap;
	json j;

	if (!f)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	iso_now(when, sizeof(when));
	json_init(&j, f, 0);
	json_obj_open(&j, NULL);
	json_str(&j, "ts", when);
	json_str(&j, "event", event);
	json_str(&j, "message", msg);
	json_obj_close(&j);
	json_end(&j);
	log_write(f, &buf, &len);
}

static void access_log(const srv_req *r, const char *end)
{
	char when[40], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json j;

	if (!f)
		return;
	iso_now(when, sizeof(when));
	json_init(&j, f, 0);
	json_obj_open(&j, NULL);
	json_str(&j, "ts", when);
	json_str(&j, "event", "request");
	json_str(&j, "remote", r->remote);
	json_str(&j, "method", r->method);
	json_str(&j, "path", r->path);
	json_int(&j, "status", r->status);
	json_int(&j, "bytes", r->bytes);
	json_num(&j, "ms", (now_mono() - r->t0) * 1000.0);
	if (r->snapshot[0])
		json_str(&j, "snapshot", r->snapshot);
	if (end)
		json_str(&j, "ended", end);
	json_obj_close(&j);
	json_end(&j);
	log_write(f, &buf, &len);
}

void srv_snapshot_id(const ec_snapshot *snap, char *out, size_t n)
{
	time_t t = (time_t)ec_snapshot_info_get(snap)->created;
	struct tm tm;

	if (gmtime_r(&t, &tm))
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(out, n, "%lld", (long long)t);
}

static int queue(struct MHD_Connection *c, srv_req *r,
		 struct MHD_Response *resp, unsigned status, const char *type,
		 const ec_snapshot *snap, long long bytes)
{
	int ret;

	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (snap) {
		srv_snapshot_id(snap, r->snapshot, sizeof(r->snapshot));
		MHD_add_response_header(resp, "X-Entitycheck-Snapshot",
					r->snapshot);
	}
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED && r->route)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					r->route->method);
	/* While draining, each answer closes its connection. */
	if (atomic_load(&r->srv->draining))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION,
					"close");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	if (ret == MHD_YES) {
		r->status = status;
		r->bytes = bytes;
	}
	return ret;
}

int srv_respond(struct MHD_Connection *c, srv_req *r, unsigned status,
		char *buf, size_t len, const ec_snapshot *snap)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		return MHD_NO;
	}
	return queue(c, r, resp, status, "application/json", snap,
		     (long long)len);
}

int srv_respond_stream(struct MHD_Connection *c, srv_req *r,
		       struct MHD_Response *resp, const char *type,
		       const ec_snapshot *snap)
{
	return queue(c, r, resp, MHD_HTTP_OK, type, snap, -1);
}

int srv_out_open(srv_out *o)
{
	memset(o, 0, sizeof(*o));
	if (!(o->f = open_memstream(&o->buf, &o->len)))
		return -1;
	/* The stream is this request's alone: no lock per write. */
	__fsetlocking(o->f, FSETLOCKING_BYCALLER);
	json_init(&o->j, o->f, 0);
	return 0;
}

void srv_out_drop(srv_out *o)
{
	if (o->f)
		fclose(o->f);
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

int srv_out_send(struct MHD_Connection *c, srv_req *r, srv_out *o,
		 unsigned status, const ec_snapshot *snap)
{
	int bad;

	json_end(&o->j);
	bad = ferror(o->f);
	if (fclose(o->f) || bad) {
		sq_error e;

		o->f = NULL;
		srv_out_drop(o);
		sq_fail(&e, 500, "no_memory", "out of memory");
		return srv_respond_error(c, r, &e);
	}
	o->f = NULL;
	return srv_respond(c, r, status, o->buf, o->len, snap);
}

int srv_respond_error(struct MHD_Connection *c, srv_req *r, const sq_error *e)
{
	srv_out o;

	if (srv_out_open(&o))
		return MHD_NO;
	json_obj_open(&o.j, NULL);
	json_int(&o.j, "status", e->status);
	json_str(&o.j, "code", e->code);
	json_str(&o.j, "message", e->message);
	if (r->is_match) /* yente's clients read "detail" */
		json_str(&o.j, "detail", e->message);
	json_obj_close(&o.j);
	json_end(&o.j);
	if (fclose(o.f)) {
		free(o.buf);
		return MHD_NO;
	}
	return srv_respond(c, r, (unsigned)e->status, o.buf, o.len, NULL);
}

/*
 * Whether the request carries the token.  Every byte of the token is
 * compared whatever the first difference, so the time taken does not
 * tell an attacker how much of a guess was right.
 */
static int authorized(const server *s, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	volatile unsigned char diff;
	size_t i, n;

	if (!s->token)
		return 1;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	n = strlen(h);
	diff = n != s->token_len;
	for (i = 0; i < s->token_len; i++)
		diff |= (unsigned char)(s->token[i] ^ (i < n ? h[i] : 0));
	return diff == 0;
}

static const srv_route *find_route(const char *url, int *path_known)
{
	size_t i, n;

	*path_known = 0;
	for (i = 0; i < NROUTES; i++) {
		n = strlen(routes[i].path);
		if (routes[i].path[n - 1] == '/'
			    ? strncmp(url, routes[i].path, n)
			    : strcmp(url, routes[i].path))
			continue;
		*path_known = 1;
		return &routes[i];
	}
	return NULL;
}

static void remote_of(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

/* A body's declared length past its limit is refused before it is read. */
static int declared_too_big(struct MHD_Connection *c, const srv_req *r)
{
	const char *cl = MHD_lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	size_t max = r->route->body == 2 ? r->srv->max_screen_body
					 : r->srv->max_body;

	return cl && strtoull(cl, NULL, 10) > max;
}

/* A spool for a /screen body: an unlinked file, so memory stays flat. */
static FILE *spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;
	FILE *f;

	snprintf(path, sizeof(path), "%s/entitycheck-serve.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if (!(f = fdopen(fd, "w+b")))
		close(fd);
	return f;
}

/* The first call for a request: route, auth and declared size. */
static enum MHD_Result begin(server *s, struct MHD_Connection *c,
			     const char *url, const char *method, void **ctx)
{
	srv_req *r = calloc(1, sizeof(*r));
	int known, head;
	sq_error e;

	if (!r)
		return MHD_NO;
	*ctx = r;
	atomic_fetch_add(&s->inflight, 1);
	r->srv = s;
	r->t0 = now_mono();
	snprintf(r->path, sizeof(r->path), "%s", url);
	snprintf(r->method, sizeof(r->method), "%s", method);
	remote_of(c, r->remote, sizeof(r->remote));
	r->route = find_route(url, &known);
	r->is_match = r->route && r->route->fn == route_match;
	head = !strcmp(method, "HEAD");
	if (!r->route)
		return srv_respond_error(
			c, r,
			(sq_fail(&e, 404, "not_found",
				 "no such endpoint: %.64s", url),
			 &e));
	if (strcmp(method, r->route->method) &&
	    !(head && !strcmp(r->route->method, "GET")))
		return srv_respond_error(
			c, r,
			(sq_fail(&e, 405, "method_not_allowed",
				 "%s takes %s, not %.16s", r->route->path,
				 r->route->method, method),
			 &e));
	if (!r->route->open && !authorized(s, c))
		return srv_respond_error(
			c, r,
			(sq_fail(&e, 401, "unauthorized",
				 "a valid \"Authorization: Bearer "
				 "TOKEN\" header is needed"),
			 &e));
	if (r->route->body && declared_too_big(c, r))
		return srv_respond_error(
			c, r,
			(sq_fail(&e, 413, "body_too_large",
				 "the body is larger than %zu bytes",
				 r->route->body == 2 ? s->max_screen_body
						     : s->max_body),
			 &e));
	if (r->route->body == 2 && !(r->spool = spool_open()))
		return srv_respond_error(
			c, r,
			(sq_fail(&e, 500, "io_error",
				 "cannot make a spool file: %s",
				 strerror(errno)),
			 &e));
	/*
	 * Every route answers in the next call, once libmicrohttpd has read
	 * the body (none for GET): an answer queued now would make it close
	 * the connection, and a kept-alive connection is much cheaper.
	 */
	return MHD_YES;
}

/* A piece of the body: kept (JSON), spooled (/screen) or refused. */
static void take_upload(srv_req *r, const char *data, size_t n)
{
	server *s = r->srv;
	const char *p = data, *end = data + n;

	if (r->refused)
		return;
	if (now_mono() - r->t0 > (double)s->timeout_s) {
		r->refused = 1;
		sq_fail(&r->why, 408, "request_timeout",
			"the request took longer than %u s", s->timeout_s);
		return;
	}
	if (r->route->body == 2) {
		if (r->len + n > s->max_screen_body) {
			r->refused = 1;
			sq_fail(&r->why, 413, "body_too_large",
				"the body is larger than %zu bytes",
				s->max_screen_body);
			return;
		}
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			r->lines++;
			p++;
		}
		if (r->lines > (long long)s->max_rows + 1) {
			r->refused = 1;
			sq_fail(&r->why, 413, "too_many_rows",
				"more than %zu rows (lines) in one request",
				s->max_rows);
			return;
		}
		if (fwrite(data, 1, n, r->spool) != n) {
			r->refused = 1;
			sq_fail(&r->why, 500, "io_error",
				"cannot write the spool file");
		}
		r->len += n;
		return;
	}
	if (r->len + n > s->max_body) {
		r->refused = 1;
		sq_fail(&r->why, 413, "body_too_large",
			"the body is larger than %zu bytes", s->max_body);
		return;
	}
	if (r->len + n + 1 > r->cap) {
		size_t cap = (r->len + n + 1) * 2;
		char *b = realloc(
			r->body, cap > s->max_body + 1 ? s->max_body + 1 : cap);

		if (!b) {
			r->refused = 1;
			sq_fail(&r->why, 500, "no_memory", "out of memory");
			return;
		}
		r->body = b;
		r->cap = cap > s->max_body + 1 ? s->max_body + 1 : cap;
	}
	memcpy(r->body + r->len, data, n);
	r->len += n;
	r->body[r->len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **ctx)
{
	srv_req *r = *ctx;

	(void)version;
	if (!r)
		return begin(cls, c, url, method, ctx);
	if (r->status)
		return MHD_YES; /* answered already: the rest is dropped */
	if (*upload_size) {
		take_upload(r, upload, *upload_size);
		*upload_size = 0;
		/*
		 * libmicrohttpd (0.9.75) takes a response only once the body
		 * is in: a refused body is dropped as it comes and answered
		 * at its end, unless it is still coming after twice the time
		 * limit, when the connection is cut.
		 */
		if (r->refused &&
		    now_mono() - r->t0 > 2.0 * (double)r->srv->timeout_s)
			return MHD_NO;
		return MHD_YES;
	}
	if (r->refused)
		return (enum MHD_Result)srv_respond_error(c, r, &r->why);
	return (enum MHD_Result)r->route->fn(c, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ctx,
			 enum MHD_RequestTerminationCode toe)
{
	server *s = cls;
	srv_req *r = *ctx;
	static const char *const why[] = {NULL,		"error",
					  "timeout",	"shutdown",
					  "read_error", "client_abort"};

	(void)c;
	if (!r)
		return;
	access_log(r, (unsigned)toe < sizeof(why) / sizeof(why[0]) ? why[toe]
								   : "error");
	if (r->spool)
		fclose(r->spool);
	free(r->body);
	free(r);
	*ctx = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	srv_log_event("httpd", "%s", msg);
}

struct MHD_Daemon *srv_http_start(server *s, const char *addr, unsigned port,
				  unsigned threads, unsigned max_conns,
				  char *err, size_t errsz)
{
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	const struct sockaddr *sa;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG | MHD_USE_TURBO;
	struct MHD_Daemon *d;

	memset(&in4, 0, sizeof(in4));
	memset(&in6, 0, sizeof(in6));
	if (inet_pton(AF_INET, addr, &in4.sin_addr) == 1) {
		in4.sin_family = AF_INET;
		in4.sin_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&in4;
	} else if (inet_pton(AF_INET6, addr, &in6.sin6_addr) == 1) {
		in6.sin6_family = AF_INET6;
		in6.sin6_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&in6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errsz, "'%s' is not an IPv4 or IPv6 address",
			 addr);
		return NULL;
	}
	d = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
		threads > 1 ? threads : 0, MHD_OPTION_CONNECTION_LIMIT,
		max_conns, MHD_OPTION_CONNECTION_TIMEOUT, s->timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!d)
		snprintf(err, errsz, "cannot listen on %s:%u: %s", addr, port,
			 errno ? strerror(errno) : "libmicrohttpd failed");
	return d;
}

unsigned srv_http_port(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);

	return di ? di->port : 0;
}
