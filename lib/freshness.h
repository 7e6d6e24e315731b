/*
 * freshness.h: how current a snapshot's lists are.  At build time each
 * source gets the date its data is current as of; at decision time a date
 * past a list's as-of date (plus a policy limit) makes the answer need
 * review, since the list cannot know what was listed after it.
 */
#ifndef EC_FRESHNESS_H
#define EC_FRESHNESS_H

#include "common.h"

/* Is s YYYY-MM-DD or YYYY-MM (a real month and day)? */
int ec__asof_valid(const char *s);

/*
 * The as-of date of one source of kind: the one the builder gave for the
 * kind (or for every kind), else publisher_date (a date the publisher
 * wrote in the file, may be ""), else one a download gave (its server's
 * Last-Modified, or the download time), else newest (the newest listing
 * date in its records, may be ""), marked estimated.  Writes "" when none
 * is known.
 */
void ec__asof_choose(const ec_build_opts *o, const char *kind,
		     const char *publisher_date, const char *newest,
		     char as_of[11], const char **basis);

/* Warns through a decision; text is one sentence. */
typedef void (*ec__warn_fn)(void *ud, const char *text);

/*
 * Judges a decision dated date against snap's lists: returns 1 (needs
 * review) and warns once per group of lists when date is more than
 * max_age days (<0: EC_DEFAULT_MAX_LIST_AGE) past a list's
 * as-of date, or the list has none (*outdated is then 1), or when the
 * snapshot has no rules; warns
 * without review when date is well before the lists' as-of date and the
 * snapshot cannot know the entries removed since.  Returns -1 when out
 * of memory.
 */
int ec__freshness_judge(const ec_snapshot *snap, const char *date, int max_age,
			int *outdated, ec__warn_fn warn, void *ud);

#endif
