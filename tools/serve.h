/*
 * serve.h: the parts of `entitycheck serve` shared between its files:
 * request bodies to library queries (serve_query.c, no HTTP, so that the
 * fuzz target links it alone), the yente-shaped /match (serve_match.c)
 * and the HTTP layer (serve_http.c, libmicrohttpd).
 */
#ifndef EC_TOOL_SERVE_H
#define EC_TOOL_SERVE_H

#include <stddef.h>

/*
 * jansson and the tool's JSON writer (json.h) both declare a json_null();
 * the server only writes with the writer's, so jansson's is renamed here.
 */
#define json_null jansson_json_null_unused
#include <jansson.h>
#undef json_null

#include <entitycheck/entitycheck.h>

struct json;

#define SQ_MAX_PARTIES 32
#define SQ_MAX_OWNERS 64
#define SQ_MAX_ACTIVITIES 16
#define SQ_MAX_NAMES 8 /* names and aliases per /match query */
#define SQ_MAX_IDS 4   /* idNumber values per /match query */

/* Why a request was refused: the HTTP status, a stable code, a sentence. */
typedef struct sq_error {
	int status;
	const char *code;
	char message[256];
} sq_error;

/* Sets e and returns -1. */
int sq_fail(sq_error *e, int status, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/*
 * The identifying fact a request names key ("dob", "nationality",
 * "id_number", "id_type", "type": GET /search's parameters and a POST
 * /check party's fields) as its slot in f, or NULL for another key.
 */
const char **sq_fact_slot(ec_party_facts *f, const char *key);

/* Parses body as one JSON object (no NUL, no duplicate keys). */
json_t *sq_parse_object(const char *body, size_t len, sq_error *e);

/* A POST /check body as a check query. */
typedef struct sq_check {
	ec_check_query q;
	ec_party parties[SQ_MAX_PARTIES];
	ec_owner owners[SQ_MAX_OWNERS];
	ec_party_facts facts[SQ_MAX_PARTIES]; /* by party */
	const char *activities[SQ_MAX_ACTIVITIES];
	const char *license_ref; /* "licenses": "NAME", or NULL */
	char *license_csv;	 /* "licenses": [...] as a register CSV */
	size_t license_csv_len;
	json_t *root; /* owns the strings q points to */
} sq_check;

/*
 * Maps a POST /check body to c (strings longer than max_text bytes are
 * refused).  Returns 0, or -1 with e set (400: bad JSON, unknown field,
 * wrong type, bad value).  sq_check_clear() in both cases.
 */
int sq_check_parse(sq_check *c, const char *body, size_t len, size_t max_text,
		   sq_error *e);
void sq_check_clear(sq_check *c);

/* One query of a yente-shaped POST /match body. */
typedef struct sq_match_query {
	const char *key;    /* the client's name for it */
	const char *schema; /* FollowTheMoney schema, e.g. "Person" */
	const char *names[SQ_MAX_NAMES];
	size_t nnames;
	char joined[1024];   /* firstName middleName lastName, or "" */
	char country[3];     /* ISO-2, upper case, or "" */
	const char *address; /* or NULL */
	/*
	 * The identifying facts: birthDate, nationality (each weighed only
	 * when the query gives one value: of several, which one to hold
	 * against the entry would be a guess) and the type of the schema.
	 * Each of the ids is tried (facts.id_number is set per search).
	 */
	ec_party_facts facts;
	const char *ids[SQ_MAX_IDS];
	size_t nids;
	json_t *example; /* the query as sent (borrowed from root) */
} sq_match_query;

typedef struct sq_match {
	sq_match_query *queries;
	size_t nqueries;
	json_t *root;
} sq_match;

/*
 * Maps a POST /match body ({"queries": {KEY: {"schema", "properties"}},
 * "weights", "config"}) to m.  At most max_queries queries (413 beyond).
 * Returns 0, or -1 with e set.  sq_match_clear() in both cases.
 */
int sq_match_parse(sq_match *m, const char *body, size_t len,
		   size_t max_queries, size_t max_text, sq_error *e);
void sq_match_clear(sq_match *m);

/* serve_match.c: yente's parameters of one /match request. */
typedef struct sm_params {
	size_t limit;	     /* results per query */
	double threshold;    /* a result at or above is "match": true */
	double cutoff;	     /* results below are left out */
	const char *list;    /* the dataset when it names one list, or NULL */
	const char *include; /* include_dataset: only this list, or NULL */
	const char *exclude; /* exclude_dataset: leave this list out */
	const char *exclude_schema;
	const char *exclude_id;
} sm_params;

/* Answers m in yente's response shape into j; -1 with e on failure. */
int sm_match_json(struct json *j, const ec_snapshot *snap, const sq_match *m,
		  const sm_params *p, sq_error *e);
/* The FollowTheMoney schema of an entry type ("Individual": Person). */
const char *sm_schema_for(const char *type);

/* ------------------------------------------------------------------ */
/* The running server (cmd_serve.c) and its HTTP layer (serve_http.c)  */
/* ------------------------------------------------------------------ */

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

typedef struct srv_register {
	const char *name;
	ec_license_register *reg;
} srv_register;

/* What identifies the file a snapshot was read from. */
typedef struct srv_filesig {
	dev_t dev;
	ino_t ino;
	long long mtime_ns;
	long long size;
} srv_filesig;

typedef struct server {
	/* Configuration, fixed once the server runs. */
	const char *path;	/* the snapshot file */
	size_t max_body;	/* JSON bodies, bytes */
	size_t max_screen_body; /* POST /screen bodies, bytes */
	size_t max_text;	/* a query string or name, bytes */
	size_t max_rows;	/* /screen rows, /match queries */
	unsigned timeout_s;	/* idle and upload time of a request */
	const char *token;	/* --token-file's token, or NULL */
	size_t token_len;
	srv_register *regs; /* --licenses NAME=FILE */
	size_t nregs;
	/* State. */
	ec_holder *holder;
	pthread_mutex_t lock; /* reloads and what they record */
	long long generation; /* snapshots loaded so far */
	long long failed_reloads;
	long long loaded_at;  /* time the serving snapshot was loaded */
	char last_error[512]; /* of the last failed reload, or "" */
	srv_filesig sig, failed_sig;
	atomic_int draining;
	atomic_long inflight; /* requests begun and not completed */
} server;

/*
 * Opens s->path and swaps it in; on failure the old snapshot stays and the
 * error is logged and kept in s->last_error.  why goes to the log.
 */
int srv_reload(server *s, const char *why, sq_error *e);
/* Reads the file's identity; -1 when it cannot be read. */
int srv_filesig_get(const char *path, srv_filesig *out);

struct MHD_Daemon;
/* Starts listening on addr:port with threads threads; NULL on failure. */
struct MHD_Daemon *srv_http_start(server *s, const char *addr, unsigned port,
				  unsigned threads, unsigned max_conns,
				  char *err, size_t errsz);
/* The port actually bound (for --listen ADDR:0). */
unsigned srv_http_port(struct MHD_Daemon *d);
/* One JSON line to stderr: {"ts":..., "event": event, "message": msg}. */
void srv_log_event(const char *event, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#endif
