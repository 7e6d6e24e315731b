/*
 * fetch.h: the download half of `entitycheck update` (fetch.c): the
 * official sources, a scratch folder, libcurl downloads, the atomic swap.
 */
#ifndef EC_TOOL_FETCH_H
#define EC_TOOL_FETCH_H

#include <stddef.h>

#include <entitycheck/entitycheck.h>

#define FETCH_PATHLEN 4096

enum { SRC_CSL, SRC_OFAC, SRC_DPL, SRC_UN, NSRC };

/* A publisher's list: its --sources name, the variable that overrides
 * its URL, the default URL, the local file name when the URL gives none. */
struct fetch_source {
	const char *name;
	const char *env;
	const char *url;
	const char *file;
};
extern const struct fetch_source fetch_sources[NSRC];

/* Which sources to fetch, from where, and the limits of one download. */
struct fetch_plan {
	int want[NSRC];
	const char *url[NSRC];
	long long max_size;
	long timeout;
};

/* What a download learned of its source's date. */
struct fetched {
	char date[11];
	const char *basis;
};

/* The download folder and what was made in it (opaque). */
struct scratch;

/* snprintf that reports truncation: 0 when the whole text fit. */
int fetch_fmt(char *buf, size_t n, const char *f, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Starts and stops libcurl; fetch_init prints why it failed (-1), also
 * when this build has no libcurl. */
int fetch_init(void);
void fetch_cleanup(void);

/*
 * Makes the download folder DIR/.BASE.download.XXXXXX.  Returns TOOL_EXIT_OK,
 * or prints why and returns TOOL_EXIT_FAILURE; either way *out is for
 * fetch_scratch_close, which removes all that was made and frees it
 * (NULL does nothing).
 */
int fetch_scratch_open(struct scratch **out, const char *dir, const char *base);
void fetch_scratch_close(struct scratch *s);

/*
 * Downloads every source o wants into s, and points bo's input paths at
 * the files (valid until s is closed); got[k], of NSRC, receives source
 * k's date.
 * Returns TOOL_EXIT_OK, or prints why and returns TOOL_EXIT_FAILURE.
 */
int fetch_lists(const struct fetch_plan *o, struct scratch *s,
		ec_build_opts *bo, struct fetched *got);

/*
 * Makes new_path the snapshot at path, keeping the old one (when have_old)
 * as prev, and syncs dir, the folder holding them.  0, or -1 with errno.
 */
int fetch_install(const char *path, const char *new_path, const char *prev,
		  const char *dir, int have_old);

#endif
