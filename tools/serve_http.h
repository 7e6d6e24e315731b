/*
 * serve_http.h: between the HTTP plumbing of `serve` (serve_http.c:
 * limits, auth, access log) and its endpoints (serve_routes.c).
 */
#ifndef EC_TOOL_SERVE_HTTP_H
#define EC_TOOL_SERVE_HTTP_H

#include <stdio.h>

#include <microhttpd.h>

#include "json.h"
#include "serve.h"

/* One request, from its first byte to its access-log line. */
typedef struct srv_req {
	server *srv;
	const struct srv_route *route;
	char path[128]; /* for the log: the path without its query */
	char method[8];
	char remote[64];
	double t0; /* monotonic start, seconds */
	/* A JSON body, kept whole (bounded by max_body). */
	char *body;
	size_t len, cap;
	/* A /screen body, spooled to an unlinked file. */
	FILE *spool;
	long long lines;
	int refused; /* the body broke a limit: answer why */
	sq_error why;
	int is_match;	   /* errors also carry yente's "detail" */
	unsigned status;   /* the status answered, for the log */
	long long bytes;   /* the body bytes answered, for the log */
	char snapshot[32]; /* the snapshot that answered, for the log */
} srv_req;

typedef int (*srv_handler)(struct MHD_Connection *c, srv_req *r);

typedef struct srv_route {
	const char *path; /* exact, or a prefix when it ends with '/' */
	const char *method;
	int body; /* 0: none, 1: JSON, 2: spooled (/screen) */
	int open; /* 1: no token needed (probes) */
	srv_handler fn;
} srv_route;

/* Answers r with buf (taken over: freed here) as application/json. */
int srv_respond(struct MHD_Connection *c, srv_req *r, unsigned status,
		char *buf, size_t len, const ec_snapshot *snap);
/* Answers r with {"status", "code", "message"} from e. */
int srv_respond_error(struct MHD_Connection *c, srv_req *r, const sq_error *e);
/* Answers a streamed response (created by the handler). */
int srv_respond_stream(struct MHD_Connection *c, srv_req *r,
		       struct MHD_Response *resp, const char *type,
		       const ec_snapshot *snap);
/* A JSON response being written into memory. */
typedef struct srv_out {
	FILE *f;
	char *buf;
	size_t len;
	json j;
} srv_out;

/*
 * Opens o with a JSON writer in o->j; srv_out_send() ends it and answers
 * with it (or 500 when memory ran out).
 */
int srv_out_open(srv_out *o);
int srv_out_send(struct MHD_Connection *c, srv_req *r, srv_out *o,
		 unsigned status, const ec_snapshot *snap);
/* Drops o unsent. */
void srv_out_drop(srv_out *o);

/* Writes "created" of snap into out (the X-Entitycheck-Snapshot value). */
void srv_snapshot_id(const ec_snapshot *snap, char *out, size_t n);

/* The endpoints (serve_routes.c). */
int route_info(struct MHD_Connection *c, srv_req *r);
int route_healthz(struct MHD_Connection *c, srv_req *r);
int route_readyz(struct MHD_Connection *c, srv_req *r);
int route_search(struct MHD_Connection *c, srv_req *r);
int route_check(struct MHD_Connection *c, srv_req *r);
int route_screen(struct MHD_Connection *c, srv_req *r);
int route_match(struct MHD_Connection *c, srv_req *r);
int route_reload(struct MHD_Connection *c, srv_req *r);

#endif
