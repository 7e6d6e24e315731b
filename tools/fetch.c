/*
 * fetch.c: the download half of `entitycheck update`: fetches the chosen
 * official lists into a scratch folder beside the snapshot, with libcurl,
 * and installs a new snapshot atomically.  cmd_update.c holds the flow.
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

#include "fetch.h"
#include "tool.h"

const struct fetch_source fetch_sources[NSRC] = {
	{"csl", "ENTITYCHECK_CSL_URL",
	 "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
	 "consolidated.csv",
	 "consolidated.csv"},
	{"ofac", "ENTITYCHECK_OFAC_URL",
	 "https://www.treasury.gov/ofac/downloads/", ""},
	{"dpl", "ENTITYCHECK_DPL_URL", "https://www.bis.doc.gov/dpl/dpl.txt",
	 "dpl.txt"},
	{"un", "ENTITYCHECK_UN_URL",
	 "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
	 "consolidated.xml"},
};

static const char *const ofac_files[] = {"sdn.csv", "add.csv", "alt.csv",
					 "sdn_comments.csv"};
#define NOFAC (sizeof(ofac_files) / sizeof(ofac_files[0]))

int fetch_fmt(char *buf, size_t n, const char *f, ...)
{
	va_list ap;
	int len;

	va_start(ap, f);
	len = vsnprintf(buf, n, f, ap);
	va_end(ap);
	return len < 0 || (size_t)len >= n ? -1 : 0;
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
	char dir[FETCH_PATHLEN];
	char paths[NSRC + NOFAC + 4][FETCH_PATHLEN];
	int npaths;
	int made;
};

static char *scratch_add(struct scratch *s, const char *sub, const char *name)
{
	char *p;

	if (s->npaths >= (int)(sizeof(s->paths) / sizeof(s->paths[0])))
		return NULL;
	p = s->paths[s->npaths];
	if (fetch_fmt(p, FETCH_PATHLEN, "%s/%s%s%s", s->dir, sub,
		      *sub ? "/" : "", name))
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
			fprintf(stderr,
				"entitycheck: update: cannot remove "
				"%s: %s\n",
				s->paths[i], strerror(errno));
	if (s->made && rmdir(s->dir))
		fprintf(stderr, "entitycheck: update: cannot remove %s: %s\n",
			s->dir, strerror(errno));
}

int fetch_scratch_open(struct scratch **out, const char *dir, const char *base)
{
	struct scratch *s = calloc(1, sizeof(*s));

	*out = s;
	if (!s || fetch_fmt(s->dir, sizeof(s->dir), "%s/.%s.download.XXXXXX",
			    dir, base)) {
		fprintf(stderr, "entitycheck: update: the snapshot path is too "
				"long\n");
		return TOOL_EXIT_FAILURE;
	}
	if (!mkdtemp(s->dir)) {
		fprintf(stderr,
			"entitycheck: update: cannot make a download "
			"folder in %s: %s\n",
			dir, strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	s->made = 1;
	return TOOL_EXIT_OK;
}

void fetch_scratch_close(struct scratch *s)
{
	if (s)
		scratch_remove(s);
	free(s);
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

/* The download's settings: http(s) only, limits, where the data goes. */
static void set_options(CURL *c, const char *url, const struct fetch_plan *o,
			struct sink *s, char *ebuf)
{
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
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "entitycheck/" EC_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
}

/* Fetches url into path; 0, or prints why and returns -1. */
static int download(const char *url, const char *path,
		    const struct fetch_plan *o, struct fetched *f)
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
	set_options(c, url, o, &s, ebuf);
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
		fprintf(stderr, "entitycheck: update: cannot write %s\n", path);
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

int fetch_lists(const struct fetch_plan *o, struct scratch *s,
		ec_build_opts *bo, struct fetched *got)
{
	char name[256], url[FETCH_PATHLEN];
	const char *path;
	size_t f;
	int k;

	for (k = 0; k < NSRC; k++) {
		const char *src = fetch_sources[k].name;

		if (!o->want[k])
			continue;
		if (!scratch_subdir(s, src))
			goto io;
		if (k == SRC_OFAC) {
			size_t n = strlen(o->url[k]);
			const char *sep =
				n && o->url[k][n - 1] == '/' ? "" : "/";

			for (f = 0; f < NOFAC; f++) {
				if (fetch_fmt(url, sizeof(url), "%s%s%s",
					      o->url[k], sep, ofac_files[f]) ||
				    !(path = scratch_add(s, src,
							 ofac_files[f])))
					goto io;
				if (download(url, path, o, &got[k]))
					return TOOL_EXIT_FAILURE;
			}
			bo->ofac_dir = s->paths[s->npaths - NOFAC - 1];
			continue;
		}
		if (url_file_name(o->url[k], name, sizeof(name)))
			fetch_fmt(name, sizeof(name), "%s",
				  fetch_sources[k].file);
		if (!(path = scratch_add(s, src, name)))
			goto io;
		if (download(o->url[k], path, o, &got[k]))
			return TOOL_EXIT_FAILURE;
		if (k == SRC_CSL)
			bo->csl_path = path;
		else if (k == SRC_DPL)
			bo->dpl_path = path;
		else
			bo->un_path = path;
	}
	return TOOL_EXIT_OK;
io:
	fprintf(stderr,
		"entitycheck: update: cannot prepare the download "
		"folder %s\n",
		s->dir);
	return TOOL_EXIT_FAILURE;
}

int fetch_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fprintf(stderr, "entitycheck: update: cannot start libcurl\n");
		return -1;
	}
	return 0;
}

void fetch_cleanup(void)
{
	curl_global_cleanup();
}

#else /* !EC_HAVE_LIBCURL */

int fetch_lists(const struct fetch_plan *o, struct scratch *s,
		ec_build_opts *bo, struct fetched *got)
{
	(void)o;
	(void)s;
	(void)bo;
	(void)got;
	(void)scratch_subdir;
	(void)url_file_name;
	(void)ofac_files;
	return TOOL_EXIT_FAILURE;
}

int fetch_init(void)
{
	fprintf(stderr, "entitycheck: update: this entitycheck was built "
			"without libcurl, so it cannot download; fetch the "
			"files yourself and use 'entitycheck build'\n");
	return -1;
}

void fetch_cleanup(void)
{
}

#endif /* EC_HAVE_LIBCURL */

/*
 * A hard link keeps path present throughout; where links are not possible
 * the old one is renamed, leaving a moment without a file at path.
 */
int fetch_install(const char *path, const char *new_path, const char *prev,
		  const char *dir, int have_old)
{
	char tmp[FETCH_PATHLEN];

	if (have_old) {
		if (fetch_fmt(tmp, sizeof(tmp), "%s.%ld", prev, (long)getpid()))
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
