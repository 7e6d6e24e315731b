/*
 * entry.c: reading whole entries back from a snapshot: lookup by id and
 * iteration in snapshot order.
 */
#include <string.h>

#include "snapshot.h"
#include "store.h"

int ec_entry_lookup(ec_entry **out, const ec_snapshot *snap, const char *list,
		    const char *entry_id, ec_error *err)
{
	sqlite3_stmt *st;
	int rc;

	ec__error_clear(err);
	if (!out || !snap || !entry_id)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if ((rc = ec__store_entry_query(
		     snap->db,
		     "WHERE _id = ?1 AND (?2 IS NULL OR list = ?2)"
		     " ORDER BY seq LIMIT 1",
		     &st, "entry lookup", err)))
		return rc;
	sqlite3_bind_text(st, 1, entry_id, -1, SQLITE_STATIC);
	if (list)
		sqlite3_bind_text(st, 2, list, -1, SQLITE_STATIC);
	rc = ec__store_entry_step(st, out, "entry lookup", err);
	if (rc == EC_ENOTFOUND)
		rc = ec__fail(err, EC_ENOTFOUND,
			      "no entry with id \"%.64s\"%s%s", entry_id,
			      list ? " in list " : "", list ? list : "");
	sqlite3_finalize(st);
	return rc;
}

void ec_entry_free(ec_entry *entry)
{
	ec__free(entry);
}

struct ec_entry_iter {
	sqlite3_stmt *st;
	ec_entry *cur;
};

int ec_entry_iter_new(ec_entry_iter **out, const ec_snapshot *snap,
		      ec_error *err)
{
	ec_entry_iter *it;
	sqlite3_stmt *st;
	int rc;

	ec__error_clear(err);
	if (!out || !snap)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if ((rc = ec__store_entry_query(snap->db, "ORDER BY seq", &st,
					"entry iteration", err)))
		return rc;
	if (!(it = ec__calloc(1, sizeof(*it)))) {
		sqlite3_finalize(st);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	it->st = st;
	*out = it;
	return 0;
}

int ec_entry_iter_next(ec_entry_iter *it, const ec_entry **out, ec_error *err)
{
	int rc;

	if (!it || !out)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	ec__free(it->cur);
	it->cur = NULL;
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_DONE)
		return EC_EITEROVER;
	if (rc != SQLITE_ROW)
		return ec__store_fail(sqlite3_db_handle(it->st), err,
				      "entry iteration");
	if (ec__store_entry_from_row(it->st, &it->cur))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	*out = it->cur;
	return 0;
}

void ec_entry_iter_free(ec_entry_iter *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->st);
	ec__free(it->cur);
	ec__free(it);
}
