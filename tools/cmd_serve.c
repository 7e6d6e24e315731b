/*
 * cmd_serve.c: `entitycheck serve`: the library as an HTTP service.  Here:
 * options, the snapshot holder and its hot reloads (SIGHUP, a change of
 * the file, POST /admin/reload), and a clean drain on SIGTERM.  The HTTP
 * layer is in serve_http.c and serve_routes.c.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#ifndef EC_HAVE_SERVE

int cmd_serve(const struct global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	fprintf(stderr, "entitycheck serve: this entitycheck was built without "
			"its HTTP server: it needs libmicrohttpd and jansson "
			"(Debian: libmicrohttpd-dev libjansson-dev), then "
			"'meson setup --reconfigure -Dserve=enabled BUILD'\n");
	return TOOL_EXIT_FAILURE;
}

#else /* EC_HAVE_SERVE */

#include <microhttpd.h>

#include "opts.h"
#include "serve.h"

int srv_filesig_get(const char *path, srv_filesig *out)
{
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st))
		return -1;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
			st.st_mtim.tv_nsec;
	out->size = (long long)st.st_size;
	return 0;
}

static int same_sig(const srv_filesig *a, const srv_filesig *b)
{
	return a->dev == b->dev && a->ino == b->ino &&
	       a->mtime_ns == b->mtime_ns && a->size == b->size;
}

int srv_reload(server *s, const char *why, sq_error *e)
{
	ec_snapshot *snap = NULL;
	srv_filesig sig;
	long long gen;
	ec_error err;
	int rc;

	pthread_mutex_lock(&s->lock);
	/* The identity first: a change while opening is seen next time. */
	srv_filesig_get(s->path, &sig);
	rc = ec_snapshot_open(&snap, s->path, &err);
	if (rc) {
		s->failed_reloads++;
		s->failed_sig = sig;
		snprintf(s->last_error, sizeof(s->last_error), "%.255s: %.250s",
			 s->path, err.text[0] ? err.text : ec_strerror(rc));
		sq_fail(e, 500, "reload_failed",
			"%s; the previous snapshot is still serving",
			s->last_error);
		pthread_mutex_unlock(&s->lock);
		srv_log_event("reload_failed", "%s (%s)", e->message, why);
		return -1;
	}
	/* Readers holding the old snapshot keep it until they finish. */
	ec_holder_replace(s->holder, snap);
	gen = ++s->generation;
	s->loaded_at = (long long)time(NULL);
	s->sig = sig;
	s->last_error[0] = '\0';
	pthread_mutex_unlock(&s->lock);
	srv_log_event("reload", "serving %s, generation %lld (%s)", s->path,
		      gen, why);
	return 0;
}

/* The token: the file's first line, without trailing white space. */
static int read_token(const char *file, char *buf, size_t n)
{
	FILE *f = fopen(file, "rb");
	size_t len, i;

	if (!f) {
		fprintf(stderr, "entitycheck serve: %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	len = fread(buf, 1, n - 1, f);
	fclose(f);
	buf[len] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	len = strlen(buf);
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] <= ' ')
			break;
	if (len < 16 || i < len) {
		fprintf(stderr,
			"entitycheck serve: %s: the token must be at "
			"least 16 characters, without spaces\n",
			file);
		return -1;
	}
	return 0;
}

struct serve_opts {
	char addr[256];
	unsigned port, threads, max_conns, drain_s;
	const char *token_file;
	const char *licenses[16];
	size_t nlicenses;
};

static int parse_listen(const char *v, struct serve_opts *o)
{
	const char *colon = strrchr(v, ':');
	size_t alen, port;

	if (!colon || tool_parse_size(colon + 1, &port) || port > 65535)
		return -1;
	alen = (size_t)(colon - v);
	if (alen >= 2 && v[0] == '[' && v[alen - 1] == ']') {
		v++; /* [::1]:8420 */
		alen -= 2;
	}
	if (alen == 0 || alen >= sizeof(o->addr))
		return -1;
	memcpy(o->addr, v, alen);
	o->addr[alen] = '\0';
	o->port = (unsigned)port;
	return 0;
}

/* What the command line sets: o, the server's limits, the snapshot. */
struct serve_args {
	struct serve_opts o;
	server *s;
	const char *snapshot;
};

#define SV(member) offsetof(struct serve_args, member)

static int opt_listen(const struct opts_ctx *c, const char *v)
{
	if (parse_listen(v, &((struct serve_args *)c->dst)->o))
		return opts_bad(c);
	return 0;
}

static int opt_licenses(const struct opts_ctx *c, const char *v)
{
	struct serve_opts *o = &((struct serve_args *)c->dst)->o;

	if (!strchr(v, '=') || o->nlicenses == 16)
		return opts_bad(c);
	o->licenses[o->nlicenses++] = v;
	return 0;
}

/* A whole number in [lo, hi], or -1. */
static int num_opt(const struct opts_ctx *c, const char *v, size_t *out)
{
	return tool_parse_size(v, out) || (double)*out < c->row->lo ||
			       (double)*out > c->row->hi
		       ? -1
		       : 0;
}

/* A count of serve_opts (unsigned, at .off of struct serve_args). */
static int opt_count(const struct opts_ctx *c, const char *v)
{
	size_t n;

	if (num_opt(c, v, &n))
		return opts_bad(c);
	*(unsigned *)(void *)((char *)c->dst + c->row->off) = (unsigned)n;
	return 0;
}

/* A limit of the server (size_t, at .off of server). */
static int opt_limit(const struct opts_ctx *c, const char *v)
{
	server *s = ((struct serve_args *)c->dst)->s;
	size_t n;

	if (num_opt(c, v, &n))
		return opts_bad(c);
	*(size_t *)(void *)((char *)s + c->row->off) = n;
	return 0;
}

static int opt_timeout(const struct opts_ctx *c, const char *v)
{
	size_t n;

	if (num_opt(c, v, &n))
		return opts_bad(c);
	((struct serve_args *)c->dst)->s->timeout_s = (unsigned)n;
	return 0;
}

/* A number in [l, h] that f stores (opt_count, opt_limit, opt_timeout). */
#define SERVE_NUM(nm, ar, of, l, h, f, bd, hp)                                 \
	{                                                                      \
		.name = nm, .kind = OPT_CALL, .arg = ar, .off = of, .lo = l,   \
		.hi = h, .fn = f, .bad = bd, .help = hp                        \
	}

static const struct opt serve_table[] = {
	OPTS_CALL("--listen", 0, "ADDR:PORT", opt_listen,
		  "--listen takes ADDR:PORT",
		  "where to listen (default 127.0.0.1:8420, "
		  "$ENTITYCHECK_LISTEN): loopback only unless told otherwise"),
	{.name = "--snapshot",
	 .kind = OPT_STRING,
	 .flags = OPT_NO_SYNOPSIS,
	 .arg = "PATH",
	 .off = SV(snapshot),
	 .help = "the snapshot (as the global option)"},
	SERVE_NUM("--threads", "N", SV(o.threads), 1, 256, opt_count,
		  "--threads is 1 to 256",
		  "worker threads (default: one per core, at most 64)"),
	OPTS_STRING("--token-file", "FILE", SV(o.token_file),
		    "require 'Authorization: Bearer TOKEN' on every endpoint "
		    "but the probes ($ENTITYCHECK_TOKEN_FILE)"),
	OPTS_CALL("--licenses", OPT_REPEAT, "NAME=FILE", opt_licenses,
		  "--licenses takes NAME=FILE (at most 16)",
		  "a license register that /check bodies may name"),
	SERVE_NUM("--max-body", "BYTES", offsetof(server, max_body), 64,
		  1u << 30, opt_limit, "--max-body is 64 to 1073741824 bytes",
		  "JSON bodies (default 1048576)"),
	SERVE_NUM("--max-screen-body", "BYTES",
		  offsetof(server, max_screen_body), 64, 1e9, opt_limit,
		  "--max-screen-body is 64 to 1000000000 bytes",
		  "POST /screen bodies (default 67108864)"),
	SERVE_NUM("--max-query", "BYTES", offsetof(server, max_text), 16, 65536,
		  opt_limit, "--max-query is 16 to 65536 bytes",
		  "a name or q (default 1024)"),
	SERVE_NUM("--max-rows", "N", offsetof(server, max_rows), 1, 1e8,
		  opt_limit, "--max-rows is 1 to 100000000",
		  "/screen lines, /match queries (default 10000)"),
	SERVE_NUM("--timeout", "SECONDS", 0, 1, 3600, opt_timeout,
		  "--timeout is 1 to 3600 seconds",
		  "idle and upload seconds (default 30)"),
	SERVE_NUM("--max-connections", "N", SV(o.max_conns), 1, 100000,
		  opt_count, "--max-connections is 1 to 100000",
		  "connections at once (default 512)"),
	SERVE_NUM("--drain-seconds", "N", SV(o.drain_s), 0, 3600, opt_count,
		  "--drain-seconds is 0 to 3600",
		  "on SIGTERM, how long requests in flight may finish "
		  "(default 30)"),
};

static const struct opts_cmd serve_cmd = {
	.name = "serve",
	.snapshot = 1,
	OPTS_TABLE(serve_table),
	.about = "Serves the snapshot over HTTP (JSON): GET /info, /healthz, "
		 "/readyz,\n"
		 "/search; POST /check, /screen, /match/{dataset} "
		 "(yente-compatible),\n"
		 "/admin/reload.  See doc/serve.md.\n"
		 "\n"
		 "SIGHUP, POST /admin/reload or a change of the snapshot file "
		 "swaps in\n"
		 "the new snapshot; one that fails to open leaves the old one "
		 "serving.\n"
		 "SIGTERM stops accepting, lets requests in flight finish (at "
		 "most\n"
		 "--drain-seconds) and exits 0.  Each limit is answered with a "
		 "4xx.\n"
		 "One JSON line per request goes to stderr.\n",
};

/* --licenses NAME=FILE: each register read once, at start. */
static int load_registers(server *s, const struct serve_opts *o)
{
	ec_error err;
	size_t i;
	int rc;

	s->regs = calloc(o->nlicenses + 1, sizeof(*s->regs));
	if (!s->regs)
		return TOOL_EXIT_FAILURE;
	for (i = 0; i < o->nlicenses; i++) {
		char *name = strdup(o->licenses[i]), *eq;

		if (!name)
			return TOOL_EXIT_FAILURE;
		eq = strchr(name, '=');
		*eq = '\0';
		s->regs[i].name = name;
		s->nregs = i + 1;
		rc = ec_license_register_load(&s->regs[i].reg, eq + 1, &err);
		if (rc)
			return tool_error("cannot read a license register", rc,
					  &err);
	}
	return 0;
}

static void free_server(server *s)
{
	size_t i;

	for (i = 0; i < s->nregs; i++) {
		free((char *)s->regs[i].name);
		ec_license_register_free(s->regs[i].reg);
	}
	free(s->regs);
	ec_holder_free(s->holder);
	pthread_mutex_destroy(&s->lock);
}

/* Waits for signals, watching the snapshot file once a second. */
static void run_until_stopped(server *s, const sigset_t *set)
{
	struct timespec tick = {1, 0};
	srv_filesig sig;
	sq_error e;
	int signo;

	for (;;) {
		signo = sigtimedwait(set, NULL, &tick);
		if (signo == SIGTERM || signo == SIGINT) {
			srv_log_event("shutdown", "signal %d: draining", signo);
			return;
		}
		if (signo == SIGHUP) {
			srv_reload(s, "SIGHUP", &e);
			continue;
		}
		/* A new file (the rename `update` does, or a rewrite) is
		 * loaded once; a bad one is not retried until it changes. */
		if (srv_filesig_get(s->path, &sig) == 0) {
			int changed, failed;

			pthread_mutex_lock(&s->lock);
			changed = !same_sig(&sig, &s->sig);
			failed = same_sig(&sig, &s->failed_sig);
			pthread_mutex_unlock(&s->lock);
			if (changed && !failed)
				srv_reload(s, "the snapshot file changed", &e);
		}
	}
}

/* Stops accepting, lets the requests in flight finish, then stops. */
static void drain(server *s, struct MHD_Daemon *d, unsigned drain_s)
{
	struct timespec step = {0, 20 * 1000 * 1000};
	MHD_socket fd;
	long waited = 0;

	atomic_store(&s->draining, 1);
	fd = MHD_quiesce_daemon(d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	while (atomic_load(&s->inflight) > 0 && waited < (long)drain_s * 50) {
		nanosleep(&step, NULL);
		waited++;
	}
	if (atomic_load(&s->inflight) > 0)
		srv_log_event("shutdown",
			      "%ld requests still running after "
			      "%u s: stopping them",
			      atomic_load(&s->inflight), drain_s);
	MHD_stop_daemon(d);
	srv_log_event("shutdown", "stopped");
}

static void defaults(server *s, struct serve_opts *o)
{
	const char *listen = getenv("ENTITYCHECK_LISTEN");
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	memset(s, 0, sizeof(*s));
	snprintf(o->addr, sizeof(o->addr), "127.0.0.1");
	o->port = 8420;
	if (listen && *listen && parse_listen(listen, o))
		fprintf(stderr,
			"entitycheck serve: ignoring ENTITYCHECK_LISTEN "
			"'%.64s': not ADDR:PORT\n",
			listen);
	o->threads = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (unsigned)ncpu;
	o->max_conns = 512;
	o->drain_s = 30;
	o->token_file = getenv("ENTITYCHECK_TOKEN_FILE");
	if (o->token_file && !*o->token_file)
		o->token_file = NULL;
	s->max_body = 1u << 20;
	s->max_screen_body = 64u << 20;
	s->max_text = 1024;
	s->max_rows = 10000;
	s->timeout_s = 30;
}

int cmd_serve(const struct global *g, int argc, char **argv)
{
	struct global gl = *g;
	struct serve_args sa;
	struct serve_opts *const o = &sa.o;
	struct MHD_Daemon *d;
	static char token[4096];
	ec_snapshot *snap = NULL;
	sigset_t set;
	server s;
	char err[512];
	int rc;

	defaults(&s, o);
	sa.s = &s;
	sa.snapshot = gl.snapshot;
	if ((rc = opts_parse(&serve_cmd, argc, argv, &sa)))
		return opts_exit(rc);
	gl.snapshot = sa.snapshot;
	pthread_mutex_init(&s.lock, NULL);
	if (o->token_file) {
		if (read_token(o->token_file, token, sizeof(token)))
			return TOOL_EXIT_USAGE;
		s.token = token;
		s.token_len = strlen(token);
	}
	if ((rc = load_registers(&s, o)) ||
	    (rc = tool_open_snapshot(&gl, &snap, &s.path)) ||
	    (rc = ec_holder_new(&s.holder, snap) ? TOOL_EXIT_FAILURE : 0)) {
		if (!s.holder)
			ec_snapshot_free(snap);
		free_server(&s);
		return rc;
	}
	srv_filesig_get(s.path, &s.sig);
	s.generation = 1;
	s.loaded_at = (long long)time(NULL);
	/* Signals go to the main thread only: block them before the
	 * server's threads start, so those inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = srv_http_start(&s, o->addr, o->port, o->threads, o->max_conns, err,
			   sizeof(err));
	if (!d) {
		fprintf(stderr, "entitycheck serve: %s\n", err);
		free_server(&s);
		return TOOL_EXIT_FAILURE;
	}
	srv_log_event("listening", "%s%s%s:%u, %u threads, snapshot %s",
		      strchr(o->addr, ':') ? "[" : "", o->addr,
		      strchr(o->addr, ':') ? "]" : "", srv_http_port(d),
		      o->threads, s.path);
	run_until_stopped(&s, &set);
	drain(&s, d, o->drain_s);
	free_server(&s);
	return TOOL_EXIT_OK;
}

#endif /* EC_HAVE_SERVE */
