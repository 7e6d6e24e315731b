/*
 * cmd_update.c: `entitycheck update`: downloads the official lists, builds
 * and checks a new snapshot beside the current one, then swaps it in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef EC_HAVE_LIBCURL
#include <curl/curl.h>
#endif

#include "tool.h"


static const char help[] =
	"usage: entitycheck [--snapshot PATH] update [--sources LIST]\n"
	"                   [--csl-url URL] [--ofac-url URL] [--dpl-url URL]\n"
	"                   [--un-url URL] [--rules DIR] [--max-shrink PCT]\n"
	"                   [--max-size BYTES] [--timeout SECONDS] [--force]\n"
	"\n"
	"Downloads the official list files, builds a new snapshot from them\n"
	"beside the current one (PATH.new.PID), compares it with the current\n"
	"snapshot and only then replaces it, keeping the old one as PATH.prev.\n"
	"The snapshot is --snapshot PATH or $ENTITYCHECK_SNAPSHOT (the default\n"
	"sample snapshot is never updated); a missing one is created.\n"
	"\n"
	"  --sources LIST   which lists to fetch, comma-separated, of csl, ofac,\n"
	"                   dpl, un (default: csl)\n"
	"  --csl-url URL    the Consolidated Screening List CSV\n"
	"                   ($ENTITYCHECK_CSL_URL; default\n"
	"                   https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv)\n"
	"  --ofac-url URL   the folder holding OFAC's sdn.csv, add.csv, alt.csv\n"
	"                   and sdn_comments.csv ($ENTITYCHECK_OFAC_URL; default\n"
	"                   https://www.treasury.gov/ofac/downloads/)\n"
	"  --dpl-url URL    BIS's Denied Persons List ($ENTITYCHECK_DPL_URL;\n"
	"                   default https://www.bis.doc.gov/dpl/dpl.txt)\n"
	"  --un-url URL     the UN Security Council Consolidated List XML\n"
	"                   ($ENTITYCHECK_UN_URL; default\n"
	"                   https://scsanctions.un.org/resources/xml/en/consolidated.xml)\n"
	"  --rules DIR      the license rules to compile in (default: the\n"
	"                   installed rules, else the source tree's data/rules)\n"
	"  --max-shrink PCT refuse when any list lost more than PCT percent of\n"
	"                   its entries (default 10)\n"
	"  --max-size BYTES refuse a file larger than this (default 536870912;\n"
	"                   K, M and G suffixes allowed)\n"
	"  --timeout SECS   give up on a file after this long (default 600)\n"
	"  --force          replace even when a list shrank, or when the\n"
	"                   current snapshot is damaged\n"
	"\n"
	"Only http and https URLs are fetched; redirects are followed,\n"
	"certificates checked, and the usual proxy variables (https_proxy,\n"
	"no_proxy, ...) honoured. The current snapshot is replaced only when\n"
	"every file downloaded and built and no list shrank too much.\n"
	"\n"
	"exit codes: 0 updated, or nothing changed; 2 usage error; 3 the\n"
	"current snapshot is unreadable; 4 a downloaded file failed to parse;\n"
	"5 a download failed (or another I/O failure, or this build has no\n"
	"libcurl); 6 refused because a list shrank by more than --max-shrink.\n";

enum { SRC_CSL, SRC_OFAC, SRC_DPL, SRC_UN, NSRC };

struct source {
	const char *name;
	const char *option;
	const char *env;
	const char *url;
	const char *file; /* local name when the URL gives none */
};

static const struct source sources[NSRC] = {
	{"csl", "--csl-url", "ENTITYCHECK_CSL_URL",
	 "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
	 "consolidated.csv",
	 "consolidated.csv"},
	{"ofac", "--ofac-url", "ENTITYCHECK_OFAC_URL",
	 "https://www.treasury.gov/ofac/downloads/", ""},
	{"dpl", "--dpl-url", "ENTITYCHECK_DPL_URL",
	 "https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"},
	{"un", "--un-url", "ENTITYCHECK_UN_URL",
	 "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
	 "consolidated.xml"},
};

static const char *const ofac_files[] = {"sdn.csv", "add.csv", "alt.csv",
					 "sdn_comments.csv"};
#define NOFAC (sizeof(ofac_files) / sizeof(ofac_files[0]))



#define PATHLEN 4096

/* What a download learned of its source's date. */
struct fetched {
	char date[11];
	const char *basis;
};

struct update_opts {
	int want[NSRC];
	const char *url[NSRC];
	const char *rules;
	double max_shrink;
	long long max_size;
	long timeout;
	int force;
};

/* snprintf that reports truncation: 0 when the whole text fit. */
static int fmt(char *buf, size_t n, const char *f, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int fmt(char *buf, size_t n, const char *f, ...)
{
	va_list ap;
	int len;

	va_start(ap, f);
	len = vsnprintf(buf, n, f, ap);
	va_end(ap);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

static int parse_sources(const char *s, int want[NSRC])
{
	int k;

	for (k = 0; k < NSRC; k++)
		want[k] = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		int found = 0;

		for (k = 0; k < NSRC; k++)
			if (len == strlen(sources[k].name) &&
			    strncmp(s, sources[k].name, len) == 0)
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

/* The last path segment of url, when it is a plain file name. */
static int url_file_name(const char *url, char *buf, size_t n)
{
	const char *p = strstr(url, "://"), *seg, *end;
	size_t len, i;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "?#");
	seg = end;
	while (seg > p && seg[-1] != '/')
		seg--;
	if (seg == p) /* no path at all, only a host */
		return -1;
	len = (size_t)(end - seg);
	if (!len || len >= n || seg[0] == '.')
		return -1;
	for (i = 0; i < len; i++) {
		char c = seg[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '_'))
			return -1;
	}
	memcpy(buf, seg, len);
	buf[len] = '\0';
	return 0;
}

/* Files and folders made in the download folder, removed at the end. */
struct scratch {
	char dir[PATHLEN];
	char paths[NSRC + NOFAC + 4][PATHLEN];
	int npaths;
	int made;
};

static char *scratch_add(struct scratch *s, const char *sub, const char *name)
{
	char *p;

	if (s->npaths >= (int)(sizeof(s->paths) / sizeof(s->paths[0])))
		return NULL;
	p = s->paths[s->npaths];
	if (fmt(p, PATHLEN, "%s/%s%s%s", s->dir, sub, *sub ? "/" : "", name))
		return NULL;
	s->npaths++;
	return p;
}

static void scratch_remove(struct scratch *s)
{
	int i;

	/* Files were added before the folders holding them: undo backwards. */
	for (i = s->npaths - 1; i >= 0; i--)
		if (remove(s->paths[i]) && errno != ENOENT)
			fprintf(stderr, "entitycheck: update: cannot remove "
					"%s: %s\n",
				s->paths[i], strerror(errno));
	if (s->made && rmdir(s->dir))
		fprintf(stderr, "entitycheck: update: cannot remove %s: %s\n",
			s->dir, strerror(errno));
}

/* Makes a subfolder of the download folder (tracked for removal). */
static char *scratch_subdir(struct scratch *s, const char *name)
{
	char *p = scratch_add(s, "", name);

	if (!p)
		return NULL;
	if (mkdir(p, 0700)) {
		s->npaths--;
		return NULL;
	}
	return p;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

#ifdef EC_HAVE_LIBCURL

struct sink {
	FILE *f;
	long long got, max;
	int too_big, write_failed;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = size * n;

	if (s->got + (long long)len > s->max) {
		s->too_big = 1;
		return 0;
	}
	if (fwrite(p, 1, len, s->f) != len) {
		s->write_failed = 1;
		return 0;
	}
	s->got += (long long)len;
	return len;
}

/*
 * The date a download's data is current as of: the server's Last-Modified,
 * else the time of the download; the older of it and *date when *date is
 * set already (several files of one source).
 */
static void date_download(CURL *c, struct fetched *f)
{
	curl_off_t ft = -1;
	time_t t;
	struct tm tm;
	char d[11];
	const char *basis = "last-modified";

#if LIBCURL_VERSION_NUM >= 0x073b00
	curl_easy_getinfo(c, CURLINFO_FILETIME_T, &ft);
#endif
	t = ft > 0 ? (time_t)ft : time(NULL);
	if (ft <= 0)
		basis = "downloaded";
	if (!gmtime_r(&t, &tm) || !strftime(d, sizeof(d), "%Y-%m-%d", &tm))
		return;
	if (!f->date[0] || strcmp(d, f->date) < 0) {
		memcpy(f->date, d, sizeof(d));
		f->basis = basis;
	}
}

/* Fetches url into path; 0, or prints why and returns -1. */
static int download(const char *url, const char *path,
		    const struct update_opts *o, struct fetched *f)
{
	char ebuf[CURL_ERROR_SIZE];
	struct sink s = {NULL, 0, 0, 0, 0};
	CURLcode res;
	CURL *c;
	long status = 0;
	int rc = -1;

	s.max = o->max_size;
	if (!(s.f = fopen(path, "wb"))) {
		fprintf(stderr, "entitycheck: update: cannot create %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	if (!(c = curl_easy_init())) {
		fclose(s.f);
		fprintf(stderr, "entitycheck: update: cannot start libcurl\n");
		return -1;
	}
	ebuf[0] = '\0';
	fprintf(stderr, "fetching %s\n", url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
			 o->timeout < 30 ? o->timeout : 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	/* A stalled server: less than 1 byte/s for a minute. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)o->max_size);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "entitycheck/" EC_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
	res = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (!res)
		date_download(c, f);
	curl_easy_cleanup(c);
	if (fclose(s.f) && !res && !s.write_failed)
		s.write_failed = 1;
	if (s.too_big || res == CURLE_FILESIZE_EXCEEDED)
		fprintf(stderr,
			"entitycheck: download failed: %s: larger than "
			"--max-size %lld bytes\n",
			url, o->max_size);
	else if (s.write_failed)
		fprintf(stderr, "entitycheck: update: cannot write %s\n",
			path);
	else if (res == CURLE_HTTP_RETURNED_ERROR)
		fprintf(stderr,
			"entitycheck: download failed: %s: HTTP status %ld\n",
			url, status);
	else if (res)
		fprintf(stderr, "entitycheck: download failed: %s: %s\n", url,
			ebuf[0] ? ebuf : curl_easy_strerror(res));
	else if (!s.got)
		fprintf(stderr,
			"entitycheck: download failed: %s: the server sent an "
			"empty file\n",
			url);
	else {
		fprintf(stderr, "  %lld bytes\n", s.got);
		rc = 0;
	}
	return rc;
}

/* Fetches every chosen source into the scratch folder, filling o's paths
 * in bo.  Returns EXIT_OK or EXIT_FAILURE_. */
static int fetch_all(const struct update_opts *o, struct scratch *s,
		     ec_build_opts *bo, struct fetched *got)
{
	char name[256], url[PATHLEN];
	const char *path;
	size_t f;
	int k;

	for (k = 0; k < NSRC; k++) {
		if (!o->want[k])
			continue;
		if (!scratch_subdir(s, sources[k].name))
			goto io;
		if (k == SRC_OFAC) {
			size_t n = strlen(o->url[k]);
			const char *sep = n && o->url[k][n - 1] == '/' ? ""
								       : "/";

			for (f = 0; f < NOFAC; f++) {
				if (fmt(url, sizeof(url), "%s%s%s", o->url[k],
					sep, ofac_files[f]) ||
				    !(path = scratch_add(s, sources[k].name,
							 ofac_files[f])))
					goto io;
				if (download(url, path, o, &got[k]))
					return EXIT_FAILURE_;
			}
			bo->ofac_dir = s->paths[s->npaths - NOFAC - 1];
			continue;
		}
		if (url_file_name(o->url[k], name, sizeof(name)))
			fmt(name, sizeof(name), "%s", sources[k].file);
		if (!(path = scratch_add(s, sources[k].name, name)))
			goto io;
		if (download(o->url[k], path, o, &got[k]))
			return EXIT_FAILURE_;
		if (k == SRC_CSL)
			bo->csl_path = path;
		else if (k == SRC_DPL)
			bo->dpl_path = path;
		else
			bo->un_path = path;
	}
	return EXIT_OK;
io:
	fprintf(stderr, "entitycheck: update: cannot prepare the download "
			"folder %s\n",
		s->dir);
	return EXIT_FAILURE_;
}

static int net_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fprintf(stderr, "entitycheck: update: cannot start libcurl\n");
		return -1;
	}
	return 0;
}

static void net_cleanup(void)
{
	curl_global_cleanup();
}

#else /* !EC_HAVE_LIBCURL */

static int fetch_all(const struct update_opts *o, struct scratch *s,
		     ec_build_opts *bo, struct fetched *got)
{
	(void)o;
	(void)s;
	(void)bo;
	(void)got;
	(void)scratch_subdir;
	(void)url_file_name;
	return EXIT_FAILURE_;
}

static int net_init(void)
{
	fprintf(stderr, "entitycheck: update: this entitycheck was built "
			"without libcurl, so it cannot download; fetch the "
			"files yourself and use 'entitycheck build'\n");
	return -1;
}

static void net_cleanup(void)
{
}

#endif /* EC_HAVE_LIBCURL */

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

/*
 * Makes new_path the snapshot at path, keeping the old one as prev.  A
 * hard link keeps path present throughout; where links are not possible
 * the old one is renamed, leaving a moment without a file at path.
 */
static int install(const char *path, const char *new_path, const char *prev,
		   const char *dir, int have_old)
{
	char tmp[PATHLEN];

	if (have_old) {
		if (fmt(tmp, sizeof(tmp), "%s.%ld", prev, (long)getpid()))
			return -1;
		(void)remove(tmp);
		if (link(path, tmp) == 0) {
			if (rename(tmp, prev)) {
				int e = errno;

				(void)remove(tmp);
				errno = e;
				return -1;
			}
		} else if (rename(path, prev)) {
			return -1;
		}
	}
	if (rename(new_path, path))
		return -1;
	if (fsync_dir(dir))
		return -1;
	return 0;
}

static int run_update(const struct update_opts *o, const char *path)
{
	char dir[PATHLEN], new_path[PATHLEN], prev[PATHLEN], desc[1024];
	ec_build_opts bo = EC_BUILD_OPTS_INIT;
	struct fetched got[NSRC];
	ec_as_of as_of[NSRC];
	const ec_snapshot_info *ci = NULL, *ni;
	ec_snapshot *cur = NULL, *next = NULL;
	struct list_row *rows = NULL;
	struct scratch *s = NULL;
	struct stat st;
	ec_diff *d = NULL;
	ec_error err;
	const char *slash, *base;
	size_t nrows = 0, i, used;
	int rc, exists, shrank = 0, k;

	memset(got, 0, sizeof(got));
	/* The current snapshot first: no download if it is unusable. */
	exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT) {
		fprintf(stderr, "entitycheck: cannot open the snapshot: %s: %s\n",
			path, strerror(errno));
		return EXIT_SNAPSHOT;
	}
	if (exists && (rc = ec_snapshot_open(&cur, path, &err))) {
		tool_error("cannot open the snapshot", rc, &err);
		if (!o->force) {
			fprintf(stderr, "entitycheck: update: refusing to "
					"replace it; --force replaces it "
					"(kept as .prev)\n");
			return EXIT_SNAPSHOT;
		}
	}
	if (cur)
		ci = ec_snapshot_info_get(cur);

	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (!*base) {
		fprintf(stderr, "entitycheck: update: %s is a folder, not a "
				"snapshot file\n",
			path);
		rc = EXIT_USAGE;
		goto done;
	}
	if (fmt(dir, sizeof(dir), "%.*s",
		!slash ? 1 : slash == path ? 1 : (int)(slash - path),
		slash ? path : ".") ||
	    fmt(new_path, sizeof(new_path), "%s.new.%ld", path,
		(long)getpid()) ||
	    fmt(prev, sizeof(prev), "%s.prev", path) ||
	    !(s = calloc(1, sizeof(*s))) ||
	    fmt(s->dir, sizeof(s->dir), "%s/.%s.download.XXXXXX", dir, base)) {
		fprintf(stderr, "entitycheck: update: the snapshot path is too "
				"long\n");
		rc = EXIT_FAILURE_;
		goto done;
	}
	if (!mkdtemp(s->dir)) {
		fprintf(stderr, "entitycheck: update: cannot make a download "
				"folder in %s: %s\n",
			dir, strerror(errno));
		rc = EXIT_FAILURE_;
		goto done;
	}
	s->made = 1;

	if ((rc = fetch_all(o, s, &bo, got)))
		goto done;
	for (k = 0; k < NSRC; k++)
		if (o->want[k] && got[k].date[0]) {
			as_of[bo.nas_of].kind = sources[k].name;
			as_of[bo.nas_of].date = got[k].date;
			as_of[bo.nas_of++].basis = got[k].basis;
		}
	bo.as_of = as_of;
	/* What the lists dropped since the current snapshot stays, marked
	 * removed, for decisions dated before. */
	if (cur)
		bo.history_from = path;

	used = (size_t)snprintf(desc, sizeof(desc), "entitycheck update from");
	for (k = 0; k < NSRC && used < sizeof(desc); k++)
		if (o->want[k])
			used += (size_t)snprintf(desc + used,
						 sizeof(desc) - used, " %s",
						 o->url[k]);
	bo.rules_dir = o->rules;
	bo.output_path = new_path;
	bo.description = desc;
	fprintf(stderr, "building %s\n", new_path);
	if ((rc = ec_build(&bo, &err))) {
		int code = rc;

		tool_error("the downloaded lists do not build", rc, &err);
		rc = code == EC_EPARSE || code == EC_ELIMIT ||
				     code == EC_EINVAL || code == EC_EFORMAT
			     ? EXIT_INPUT
			     : EXIT_FAILURE_;
		fprintf(stderr, "entitycheck: update: %s was not replaced\n",
			path);
		goto done;
	}
	if ((rc = ec_snapshot_open(&next, new_path, &err))) {
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
		printf("%s is up to date: the lists have not changed\n", path);
		rc = EXIT_OK;
		goto drop_new;
	}
	for (i = 0; cur && i < nrows; i++) {
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
	if (shrank && !o->force) {
		print_rows(stderr, rows, nrows);
		fprintf(stderr, "entitycheck: update: refused: %s was not "
				"replaced (--force replaces it anyway)\n",
			path);
		rc = EXIT_REFUSED;
		goto drop_new;
	}
	/* next stays open: rows borrow its list codes.  It is held in
	 * memory, so renaming its file is harmless. */
	if (install(path, new_path, prev, dir, exists)) {
		fprintf(stderr, "entitycheck: update: cannot replace %s: %s\n",
			path, strerror(errno));
		rc = EXIT_FAILURE_;
		goto drop_new;
	}
	if (exists)
		printf("updated %s (the previous snapshot is kept as %s)\n",
		       path, prev);
	else
		printf("created %s\n", path);
	print_rows(stdout, rows, nrows);
	if (exists && cur)
		printf("\nThe entries: entitycheck diff %s %s\n", prev, path);
	rc = EXIT_OK;
	goto done;
drop_new:
	if (remove(new_path) && errno != ENOENT)
		fprintf(stderr, "entitycheck: update: cannot remove %s: %s\n",
			new_path, strerror(errno));
done:
	if (s)
		scratch_remove(s);
	free(s);
	free(rows);
	ec_diff_free(d);
	ec_snapshot_free(next);
	ec_snapshot_free(cur);
	return rc;
}

int cmd_update(const struct global *g, int argc, char **argv)
{
	struct update_opts o;
	const char *path = g->snapshot, *val;
	int i, k, rc;

	memset(&o, 0, sizeof(o));
	o.want[SRC_CSL] = 1;
	o.max_shrink = 10.0;
	o.max_size = 512LL << 20;
	o.timeout = 600;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--force") == 0) {
			o.force = 1;
			continue;
		}
		if (i + 1 >= argc)
			return tool_usage("update", "%s needs a value",
					  a[0] == '-' ? a : "an option");
		val = argv[i + 1];
		for (k = 0; k < NSRC; k++)
			if (strcmp(a, sources[k].option) == 0)
				break;
		if (k < NSRC) {
			o.url[k] = val;
		} else if (strcmp(a, "--sources") == 0) {
			if (parse_sources(val, o.want))
				return tool_usage("update",
						  "--sources takes csl, ofac, "
						  "dpl and/or un, separated "
						  "by commas");
		} else if (strcmp(a, "--rules") == 0) {
			o.rules = val;
		} else if (strcmp(a, "--max-shrink") == 0) {
			if (tool_parse_double(val, 0, 100, &o.max_shrink))
				return tool_usage("update",
						  "--max-shrink takes a "
						  "percentage from 0 to 100");
		} else if (strcmp(a, "--max-size") == 0) {
			if (parse_bytes(val, &o.max_size))
				return tool_usage("update",
						  "--max-size takes a number "
						  "of bytes (K, M, G allowed)");
		} else if (strcmp(a, "--timeout") == 0) {
			double t;

			if (tool_parse_double(val, 1, 86400, &t))
				return tool_usage("update",
						  "--timeout takes seconds, "
						  "1 to 86400");
			o.timeout = (long)t;
		} else {
			return tool_usage("update",
					  "unexpected argument '%.64s'", a);
		}
		i++;
	}
	if (net_init())
		return EXIT_FAILURE_;
	for (k = 0; k < NSRC; k++) {
		if (!o.url[k] && (val = getenv(sources[k].env)) && *val)
			o.url[k] = val;
		if (!o.url[k])
			o.url[k] = sources[k].url;
	}
	if (!path)
		path = getenv("ENTITYCHECK_SNAPSHOT");
	if (!path || !*path) {
		net_cleanup();
		return tool_usage("update",
				  "give the snapshot to update with --snapshot "
				  "PATH or ENTITYCHECK_SNAPSHOT (the default "
				  "sample snapshot is never updated)");
	}
	if (!o.rules && !(o.rules = tool_default_rules())) {
		net_cleanup();
		return tool_usage("update", "no rules folder found; give "
					    "--rules DIR");
	}
	rc = run_update(&o, path);
	net_cleanup();
	return rc;
}
