/*
 * cmd_update.c: `entitycheck update`: downloads the official lists, builds
 * and checks a new snapshot beside the current one, then swaps it in.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch.h"
#include "opts.h"
#include "tool.h"

struct update_opts {
	struct fetch_plan fetch;
	const char *rules;
	double max_shrink;
	double timeout;
	int force;
};

static int parse_sources(const char *s, int want[NSRC])
{
	int k;

	for (k = 0; k < NSRC; k++)
		want[k] = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		int found = 0;

		for (k = 0; k < NSRC; k++)
			if (len == strlen(fetch_sources[k].name) &&
			    strncmp(s, fetch_sources[k].name, len) == 0)
				want[k] = found = 1;
		if (!found)
			return -1;
		s += len;
		if (*s == ',')
			s++;
	}
	for (k = 0; k < NSRC; k++)
		if (want[k])
			return 0;
	return -1;
}

/* Bytes with an optional K, M or G (binary) suffix. */
static int parse_bytes(const char *s, long long *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10;
	else if (*end == 'M' || *end == 'm')
		mul = 1ULL << 20;
	else if (*end == 'G' || *end == 'g')
		mul = 1ULL << 30;
	else if (*end)
		return -1;
	if (mul > 1 && end[1])
		return -1;
	if (!v || v > (1ULL << 40) / mul)
		return -1;
	*out = (long long)(v * mul);
	return 0;
}
static int opt_sources(const struct opts_ctx *c, const char *val)
{
	struct update_opts *o = c->dst;

	return parse_sources(val, o->fetch.want) ? opts_bad(c) : 0;
}

static int opt_max_size(const struct opts_ctx *c, const char *val)
{
	struct update_opts *o = c->dst;

	return parse_bytes(val, &o->fetch.max_size) ? opts_bad(c) : 0;
}

#define U(field) offsetof(struct update_opts, field)
#define URL(k) (U(fetch.url) + (k) * sizeof(const char *))

static const struct opt update_table[] = {
	OPTS_CALL("--sources", 0, "LIST", opt_sources,
		  "--sources takes csl, ofac, dpl and/or un, separated by "
		  "commas",
		  "which lists to fetch, comma-separated, of csl, ofac, dpl, "
		  "un (default: csl)"),
	OPTS_STRING("--csl-url", "URL", URL(SRC_CSL),
		    "the Consolidated Screening List CSV "
		    "($ENTITYCHECK_CSL_URL; default "
		    "https://data.trade.gov/"
		    "downloadable_consolidated_screening_list/v1/"
		    "consolidated.csv)"),
	OPTS_STRING("--ofac-url", "URL", URL(SRC_OFAC),
		    "the folder holding OFAC's sdn.csv, add.csv, alt.csv and "
		    "sdn_comments.csv ($ENTITYCHECK_OFAC_URL; default "
		    "https://www.treasury.gov/ofac/downloads/)"),
	OPTS_STRING("--dpl-url", "URL", URL(SRC_DPL),
		    "BIS's Denied Persons List ($ENTITYCHECK_DPL_URL; "
		    "default https://www.bis.doc.gov/dpl/dpl.txt)"),
	OPTS_STRING("--un-url", "URL", URL(SRC_UN),
		    "the UN Security Council Consolidated List XML "
		    "($ENTITYCHECK_UN_URL; default "
		    "https://scsanctions.un.org/resources/xml/en/"
		    "consolidated.xml)"),
	OPTS_STRING("--rules", "DIR", U(rules),
		    "the license rules to compile in (default: the installed "
		    "rules, else the source tree's data/rules)"),
	OPTS_RANGE(OPT_DOUBLE, "--max-shrink", "PCT", U(max_shrink), 0, 100,
		   "--max-shrink takes a percentage from 0 to 100",
		   "refuse when any list lost more than PCT percent of its "
		   "entries (default 10)"),
	OPTS_CALL("--max-size", 0, "BYTES", opt_max_size,
		  "--max-size takes a number of bytes (K, M, G allowed)",
		  "refuse a file larger than this (default 536870912; K, M "
		  "and G suffixes allowed)"),
	OPTS_RANGE(OPT_DOUBLE, "--timeout", "SECS", U(timeout), 1, 86400,
		   "--timeout takes seconds, 1 to 86400",
		   "give up on a file after this long (default 600)"),
	OPTS_FLAG("--force", U(force),
		  "replace even when a list shrank, or when the current "
		  "snapshot is damaged"),
};

static const struct opts_cmd update_cmd = {
	.name = "update",
	.snapshot = 1,
	OPTS_TABLE(update_table),
	.about = "Downloads the official list files, builds a new snapshot "
		 "from them\n"
		 "beside the current one (PATH.new.PID), compares it with the "
		 "current\n"
		 "snapshot and only then replaces it, keeping the old one as "
		 "PATH.prev.\n"
		 "The snapshot is --snapshot PATH or $ENTITYCHECK_SNAPSHOT "
		 "(the default\n"
		 "sample snapshot is never updated); a missing one is "
		 "created.\n",
	.more = "Only http and https URLs are fetched; redirects are "
		"followed,\n"
		"certificates checked, and the usual proxy variables "
		"(https_proxy,\n"
		"no_proxy, ...) honoured. The current snapshot is replaced "
		"only when\n"
		"every file downloaded and built and no list shrank too much.\n"
		"\n"
		"exit codes: 0 updated, or nothing changed; 2 usage error; 3 "
		"the\n"
		"current snapshot is unreadable; 4 a downloaded file failed to "
		"parse;\n"
		"5 a download failed (or another I/O failure, or this build "
		"has no\n"
		"libcurl); 6 refused because a list shrank by more than "
		"--max-shrink.\n",
};

/* One list's counts before and after, and what the diff says of it. */
struct list_row {
	const char *code;
	long long before, after;
	long long n[3]; /* added, removed, changed */
};

static struct list_row *list_rows(const ec_snapshot_info *a,
				  const ec_snapshot_info *b, const ec_diff *d,
				  size_t *nout)
{
	size_t na = a ? a->nlists : 0, n = 0, i, k;
	struct list_row *r = calloc(na + b->nlists + 1, sizeof(*r));

	if (!r)
		return NULL;
	for (i = 0; i < na; i++) {
		r[n].code = a->lists[i].code;
		r[n++].before = a->lists[i].rows;
	}
	for (i = 0; i < b->nlists; i++) {
		for (k = 0; k < n; k++)
			if (strcmp(r[k].code, b->lists[i].code) == 0)
				break;
		if (k == n)
			r[n++].code = b->lists[i].code;
		r[k].after = b->lists[i].rows;
	}
	for (i = 0; i < ec_diff_count(d); i++) {
		const ec_diff_item *it = ec_diff_get(d, i);

		for (k = 0; k < n; k++)
			if (strcmp(r[k].code, it->list) == 0)
				break;
		if (k < n && it->kind >= 0 && it->kind < 3)
			r[k].n[it->kind]++;
	}
	*nout = n;
	return r;
}

static void print_rows(FILE *out, const struct list_row *r, size_t n)
{
	long long t[5] = {0, 0, 0, 0, 0};
	size_t i;

	fprintf(out, "%-8s %8s %8s %8s %8s %8s\n", "list", "before", "after",
		"added", "removed", "changed");
	for (i = 0; i < n; i++) {
		fprintf(out, "%-8s %8lld %8lld %8lld %8lld %8lld\n", r[i].code,
			r[i].before, r[i].after, r[i].n[0], r[i].n[1],
			r[i].n[2]);
		t[0] += r[i].before;
		t[1] += r[i].after;
		t[2] += r[i].n[0];
		t[3] += r[i].n[1];
		t[4] += r[i].n[2];
	}
	fprintf(out, "%-8s %8lld %8lld %8lld %8lld %8lld\n", "total", t[0],
		t[1], t[2], t[3], t[4]);
}

/* Whether the two snapshots were built from the very same files. */
static int same_sources(const ec_snapshot_info *a, const ec_snapshot_info *b)
{
	size_t i;

	if (a->nsources != b->nsources || a->rules != b->rules)
		return 0;
	for (i = 0; i < a->nsources; i++)
		if (strcmp(a->sources[i].kind, b->sources[i].kind) ||
		    strcmp(a->sources[i].sha256, b->sources[i].sha256))
			return 0;
	return 1;
}

/* The files of one update, all in the snapshot's folder. */
struct update_paths {
	const char *path; /* the snapshot */
	const char *base; /* its file name */
	char dir[FETCH_PATHLEN];
	char new_path[FETCH_PATHLEN]; /* built beside it */
	char prev[FETCH_PATHLEN];     /* where the current one is kept */
};

static int make_paths(struct update_paths *up, const char *path)
{
	const char *slash = strrchr(path, '/');

	up->path = path;
	up->base = slash ? slash + 1 : path;
	if (!*up->base) {
		fprintf(stderr,
			"entitycheck: update: %s is a folder, not a "
			"snapshot file\n",
			path);
		return TOOL_EXIT_USAGE;
	}
	if (fetch_fmt(up->dir, sizeof(up->dir), "%.*s",
		      !slash	      ? 1
		      : slash == path ? 1
				      : (int)(slash - path),
		      slash ? path : ".") ||
	    fetch_fmt(up->new_path, sizeof(up->new_path), "%s.new.%ld", path,
		      (long)getpid()) ||
	    fetch_fmt(up->prev, sizeof(up->prev), "%s.prev", path)) {
		fprintf(stderr, "entitycheck: update: the snapshot path is too "
				"long\n");
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}

/* The current snapshot, opened first: no download if it is unusable.
 * *cur stays NULL when there is none, or (--force) a damaged one. */
static int open_current(const struct update_opts *o, const char *path,
			ec_snapshot **cur, int *exists)
{
	struct stat st;
	ec_error err;
	int rc;

	*exists = stat(path, &st) == 0;
	if (!*exists && errno != ENOENT) {
		fprintf(stderr,
			"entitycheck: cannot open the snapshot: %s: %s\n", path,
			strerror(errno));
		return TOOL_EXIT_SNAPSHOT;
	}
	if (*exists && (rc = ec_snapshot_open(cur, path, &err))) {
		tool_error("cannot open the snapshot", rc, &err);
		if (!o->force) {
			fprintf(stderr, "entitycheck: update: refusing to "
					"replace it; --force replaces it "
					"(kept as .prev)\n");
			return TOOL_EXIT_SNAPSHOT;
		}
	}
	return TOOL_EXIT_OK;
}

/* Builds the downloaded files (bo's inputs) into up->new_path. */
static int build_new(const struct update_opts *o, ec_build_opts *bo,
		     const struct fetched *got, const struct update_paths *up,
		     int have_cur)
{
	ec_as_of as_of[NSRC];
	char desc[1024];
	ec_error err;
	size_t used;
	int rc, k;

	for (k = 0; k < NSRC; k++)
		if (o->fetch.want[k] && got[k].date[0]) {
			as_of[bo->nas_of].kind = fetch_sources[k].name;
			as_of[bo->nas_of].date = got[k].date;
			as_of[bo->nas_of++].basis = got[k].basis;
		}
	bo->as_of = as_of;
	/* What the lists dropped since the current snapshot stays, marked
	 * removed, for decisions dated before. */
	if (have_cur)
		bo->history_from = up->path;

	used = (size_t)snprintf(desc, sizeof(desc), "entitycheck update from");
	for (k = 0; k < NSRC && used < sizeof(desc); k++)
		if (o->fetch.want[k])
			used += (size_t)snprintf(desc + used,
						 sizeof(desc) - used, " %s",
						 o->fetch.url[k]);
	bo->rules_dir = o->rules;
	bo->output_path = up->new_path;
	bo->description = desc;
	fprintf(stderr, "building %s\n", up->new_path);
	if ((rc = ec_build(bo, &err))) {
		int code = rc;

		tool_error("the downloaded lists do not build", rc, &err);
		rc = code == EC_EPARSE || code == EC_ELIMIT ||
				     code == EC_EINVAL || code == EC_EFORMAT
			     ? TOOL_EXIT_INPUT
			     : TOOL_EXIT_FAILURE;
		fprintf(stderr, "entitycheck: update: %s was not replaced\n",
			up->path);
		return rc;
	}
	return TOOL_EXIT_OK;
}

/* Whether a list lost more than --max-shrink of its entries (says which). */
static int shrank_too_much(const struct update_opts *o,
			   const struct list_row *rows, size_t nrows)
{
	size_t i;
	int shrank = 0;

	for (i = 0; i < nrows; i++) {
		const struct list_row *r = &rows[i];

		if (r->before > 0 &&
		    (double)(r->before - r->after) * 100.0 >
			    o->max_shrink * (double)r->before) {
			fprintf(stderr,
				"entitycheck: update: list %s shrank from "
				"%lld to %lld entries (more than "
				"--max-shrink %g%%)\n",
				r->code, r->before, r->after, o->max_shrink);
			shrank = 1;
		}
	}
	return shrank;
}

static void report_installed(const struct update_paths *up, int exists,
			     int have_cur, const struct list_row *rows,
			     size_t nrows)
{
	if (exists)
		printf("updated %s (the previous snapshot is kept as %s)\n",
		       up->path, up->prev);
	else
		printf("created %s\n", up->path);
	print_rows(stdout, rows, nrows);
	if (exists && have_cur)
		printf("\nThe entries: entitycheck diff %s %s\n", up->prev,
		       up->path);
}

/*
 * Compares the new snapshot with cur (NULL: none) and swaps it in unless
 * nothing changed or a list shrank too much; the new file goes otherwise.
 */
static int compare_install(const struct update_opts *o,
			   const struct update_paths *up, ec_snapshot *cur,
			   int exists)
{
	const ec_snapshot_info *ci = cur ? ec_snapshot_info_get(cur) : NULL;
	const ec_snapshot_info *ni;
	ec_snapshot *next = NULL;
	struct list_row *rows = NULL;
	ec_diff *d = NULL;
	ec_error err;
	size_t nrows = 0;
	int rc;

	if ((rc = ec_snapshot_open(&next, up->new_path, &err))) {
		rc = tool_error("cannot open the new snapshot", rc, &err);
		goto drop_new;
	}
	ni = ec_snapshot_info_get(next);
	if (cur && (rc = ec_snapshot_diff(&d, cur, next, &err))) {
		rc = tool_error("cannot compare the snapshots", rc, &err);
		goto drop_new;
	}
	if (!(rows = list_rows(ci, ni, d, &nrows))) {
		rc = tool_error("update failed", EC_ENOMEM, NULL);
		goto drop_new;
	}
	if (cur && ec_diff_count(d) == 0 && same_sources(ci, ni)) {
		printf("%s is up to date: the lists have not changed\n",
		       up->path);
		rc = TOOL_EXIT_OK;
		goto drop_new;
	}
	if (cur && shrank_too_much(o, rows, nrows) && !o->force) {
		print_rows(stderr, rows, nrows);
		fprintf(stderr,
			"entitycheck: update: refused: %s was not "
			"replaced (--force replaces it anyway)\n",
			up->path);
		rc = TOOL_EXIT_REFUSED;
		goto drop_new;
	}
	/* next stays open: rows borrow its list codes.  It is held in
	 * memory, so renaming its file is harmless. */
	if (fetch_install(up->path, up->new_path, up->prev, up->dir, exists)) {
		fprintf(stderr, "entitycheck: update: cannot replace %s: %s\n",
			up->path, strerror(errno));
		rc = TOOL_EXIT_FAILURE;
		goto drop_new;
	}
	report_installed(up, exists, cur != NULL, rows, nrows);
	rc = TOOL_EXIT_OK;
	goto done;
drop_new:
	if (remove(up->new_path) && errno != ENOENT)
		fprintf(stderr, "entitycheck: update: cannot remove %s: %s\n",
			up->new_path, strerror(errno));
done:
	free(rows);
	ec_diff_free(d);
	ec_snapshot_free(next);
	return rc;
}

static int run_update(const struct update_opts *o, const char *path)
{
	ec_build_opts bo = EC_BUILD_OPTS_INIT;
	struct update_paths up;
	struct fetched got[NSRC];
	ec_snapshot *cur = NULL;
	struct scratch *s = NULL;
	int rc, exists;

	memset(got, 0, sizeof(got));
	if ((rc = open_current(o, path, &cur, &exists)))
		return rc;
	if ((rc = make_paths(&up, path)) ||
	    (rc = fetch_scratch_open(&s, up.dir, up.base)) ||
	    (rc = fetch_lists(&o->fetch, s, &bo, got)) ||
	    (rc = build_new(o, &bo, got, &up, cur != NULL)))
		goto done;
	rc = compare_install(o, &up, cur, exists);
done:
	fetch_scratch_close(s);
	ec_snapshot_free(cur);
	return rc;
}

int cmd_update(const struct global *g, int argc, char **argv)
{
	struct update_opts o;
	const char *path = g->snapshot, *val;
	int k, rc;

	memset(&o, 0, sizeof(o));
	o.fetch.want[SRC_CSL] = 1;
	o.max_shrink = 10.0;
	o.fetch.max_size = 512LL << 20;
	o.timeout = 600;
	if ((rc = opts_parse(&update_cmd, argc, argv, &o)))
		return opts_exit(rc);
	o.fetch.timeout = (long)o.timeout;
	if (fetch_init())
		return TOOL_EXIT_FAILURE;
	for (k = 0; k < NSRC; k++) {
		val = getenv(fetch_sources[k].env);
		if (!o.fetch.url[k] && val && *val)
			o.fetch.url[k] = val;
		if (!o.fetch.url[k])
			o.fetch.url[k] = fetch_sources[k].url;
	}
	if (!path)
		path = getenv("ENTITYCHECK_SNAPSHOT");
	if (!path || !*path) {
		fetch_cleanup();
		return tool_usage("update",
				  "give the snapshot to update with --snapshot "
				  "PATH or ENTITYCHECK_SNAPSHOT (the default "
				  "sample snapshot is never updated)");
	}
	if (!o.rules && !(o.rules = tool_default_rules())) {
		fetch_cleanup();
		return tool_usage("update", "no rules folder found; give "
					    "--rules DIR");
	}
	rc = run_update(&o, path);
	fetch_cleanup();
	return rc;
}
