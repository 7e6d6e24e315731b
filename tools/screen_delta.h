/*
 * screen_delta.h: `screen --since OLD`: rescreening against what changed
 * between two snapshots.  A row is decided again (on both snapshots) only
 * when its name could match an entry the update added, changed or
 * removed; its result is written only when its answer changed, with the
 * reasons.
 */
#ifndef EC_TOOL_SCREEN_DELTA_H
#define EC_TOOL_SCREEN_DELTA_H

#include <pthread.h>
#include <stdio.h>

#include "tool.h"

struct dwords;

struct delta_date {
	char *date;  /* a decision date ("" for today) */
	int differs; /* a party matching nothing gets another answer */
};

/* An entry the update touched: changed, or weighing a word otherwise. */
struct delta_entry {
	char *list, *id;
	unsigned snaps; /* 1: as the old snapshot holds it; 2: the current */
};

typedef struct delta {
	ec_snapshot *old_snap;	  /* owned */
	const ec_snapshot *cur;	  /* the current snapshot (borrowed) */
	struct delta_entry *ents; /* the touched entries: the names' tags */
	size_t nents;
	ec_diff *diff;	      /* old -> current */
	int rules_changed;    /* then every row is screened in full */
	int all_rows;	      /* the weights' basis moved: every row is
				 decided again */
	struct dwords *words; /* the touched entries' names, weighed */
	size_t nentries;      /* entries added, changed or removed */
	size_t ndrifting;     /* unchanged entries holding a drift word */
	char *ids;	      /* the changed entries' IDs, '|'-ended */
	int address_entries;  /* a changed entry may be an address */
	pthread_mutex_t lock; /* for dates */
	int lock_up;
	struct delta_date *dates;
	size_t ndates;
} delta;

/*
 * Opens the old snapshot at path and compares it with cur.  Returns
 * TOOL_EXIT_OK or an exit code, with the reason on stderr.
 */
int delta_open(delta *dl, const char *path, const ec_snapshot *cur);
void delta_dispose(delta *dl);

/*
 * Whether the row q could get another answer: a party or owner whose name
 * could match a touched entry (delta_words.c), or whose ID number or
 * address could match a changed entry.
 */
int delta_candidate(const delta *dl, const ec_check_query *q);
/*
 * Whether, on q's date, the snapshots give even a party that matches
 * nothing another answer (the lists' currency): then every row of that
 * date is decided again.  Cached by date; thread-safe.
 */
int delta_dated(delta *dl, const ec_snapshot *cur, const ec_check_query *q);

/*
 * Whether the answers old and cur differ: status, review flags, review
 * policy, or the listed entries matched (and cleared).
 */
int delta_changed(const ec_decision *old, const ec_decision *cur);

/*
 * Writes, as the members of a JSON object ("previous" and "why"), what
 * the row's answer was and why it changed.
 */
void delta_json(FILE *f, const delta *dl, const ec_decision *old,
		const ec_decision *cur);

#endif
