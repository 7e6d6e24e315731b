/*
 * screen_pool.h: the worker pool of `screen`: threads sharing one snapshot
 * decide a batch of rows into result lines, with a bounded cache of
 * decisions for repeated rows.
 */
#ifndef EC_TOOL_SCREEN_POOL_H
#define EC_TOOL_SCREEN_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

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

/* Why a row's answer needs review (job.review; kept in the cache). */
#define REVIEW_ANY 1
#define REVIEW_LISTS_OUTDATED 2

struct job {
	row r;
	char *out; /* the result line, malloc'ed */
	size_t outlen;
	int status;   /* EC_STATUS_* or -1 for an error row */
	int review;   /* REVIEW_* bits */
	char *audit;  /* the row's audit record (ec_audit_record_free()), or
			 NULL */
	int skip;     /* --since: the answer did not change; no result */
	char *report; /* --report: the row's HTML when it needs attention */
	int rbucket;  /* and its section (REPORT_*) */
};

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
	int max_list_age; /* --max-list-age, or -1 for the default */
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
	int started;	   /* worker threads running */
	/* Cleared hits (borrowed), or NULL; with it a row's id is an input. */
	const ec_cleared_register *cleared;
	/* With --audit: who and where, for each row's audit record. */
	const ec_audit_info *audit;
	/* With --since (and the same rules): decide rows against the
	 * changes only (screen_delta.c). */
	struct delta *delta;
	_Atomic long long rescreened; /* rows decided again */
	int report;		      /* --report: each row's HTML (report.c) */
};

/*
 * Sets up p for snap (borrowed) with nthreads workers (fewer if some
 * cannot start); returns 0 or -1 when out of memory.
 */
int pool_init(struct pool *p, ec_snapshot *snap, const char *default_date,
	      int csv_out, int nthreads, int use_cache);
/* Starts deciding jobs[0..n) (with one thread: decides them here). */
void pool_run(struct pool *p, struct job *jobs, size_t n);
/* Waits until the batch started by pool_run() is decided. */
void pool_wait(struct pool *p);
/* Reads up to BATCH rows into jobs; returns how many. */
size_t pool_read(rowsrc *src, struct job *jobs);
/* Stops the workers and releases what pool_init() took. */
void pool_dispose(struct pool *p);
/* CSV-quotes s into f. */
void csv_field(FILE *f, const char *s);

#endif
