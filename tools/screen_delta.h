/*
 * screen_delta.h: `screen --since OLD`: rescreening against what changed
 * between two snapshots.  A row is decided again (on both snapshots) only
 * when its name could match an entry the update added, changed or
 * removed; its result is written only when its answer changed, with the
 * reasons.
 */
#ifndef EC_TOOL_SCREEN_DELTA_H
#define EC_TOOL_SCREEN_DELTA_H

#include <stdio.h>

#include "tool.h"

struct dwords;

typedef struct delta {
	ec_snapshot *old_snap; /* owned */
	ec_diff *diff;	       /* old -> current */
	int rules_changed;     /* then every row is screened in full */
	struct dwords *words;  /* the changed entries' names, weighed */
	size_t nentries;       /* entries added, changed or removed */
} delta;

/*
 * Opens the old snapshot at path and compares it with cur.  Returns
 * TOOL_EXIT_OK or an exit code, with the reason on stderr.
 */
int delta_open(delta *dl, const char *path, const ec_snapshot *cur);
void delta_dispose(delta *dl);

/* Whether name could match a changed entry (delta_words.c). */
int delta_candidate(const delta *dl, const char *name);

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
