/*
 * history.h: entries that the official lists dropped, carried forward
 * from one snapshot to the next, so a decision dated before their removal
 * still sees them (official lists carry only their current entries).
 */
#ifndef EC_HISTORY_H
#define EC_HISTORY_H

#include <sqlite3.h>

#include "ingest.h"

/*
 * Called for each carried entry: rec as stored in the old snapshot, and
 * the date it was removed when the old snapshot knew it ("" for an entry
 * the new inputs dropped just now: the caller dates it).
 */
typedef int (*ec__history_cb)(void *ud, const ec__record *rec,
			      const char *removed_on, ec_error *err);

/*
 * Reads the snapshot at old_path and calls cb for each of its entries that
 * db (the new build, rows 1 to last) no longer carries, in a list that db
 * still has (a list that is gone whole was not downloaded, not emptied),
 * except entries whose id was derived (the CSL's old layout has none: a
 * derived id does not outlive a change of layout or content).
 * since receives the date from which removals are known: the old
 * snapshot's own, else the oldest "as of" date of its lists, else "".
 */
int ec__history_carry(const char *old_path, sqlite3 *db, long long last,
		      ec__history_cb cb, void *ud, char since[11],
		      ec_error *err);

/* The removal date of the entry at rowid, or NULL when it is listed. */
const char *ec__snapshot_removed_on(const ec_snapshot *snap, int64_t rowid);

/* Loads a snapshot's removals (none in snapshots older than them). */
int ec__history_load(ec_snapshot *snap, ec_error *err);

#endif
