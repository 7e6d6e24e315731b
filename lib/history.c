/*
 * history.c: entries that the official lists dropped.  An official list
 * publishes only its current entries, so a snapshot built from today's
 * download cannot see a party that was listed last year and removed since.
 * `entitycheck update` builds the new snapshot with the current one as its
 * history: every entry the new download no longer carries is kept, marked
 * removed as of the download's date, and decisions dated before that date
 * still see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "snapshot.h"
#include "store.h"

struct ec__removal {
	int64_t seq;
	char date[11];
};

/* 1 when db has the table, 0 when not, an EC_E* code when unsure. */
static int has_table(sqlite3 *db, const char *name, ec_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM sqlite_master WHERE type = "
			       "'table' AND name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return ec__store_fail(db, err, "read the schema");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW	 ? 1
	     : rc == SQLITE_DONE ? 0
				 : ec__store_fail(db, err, "read the schema");
	sqlite3_finalize(st);
	return rc;
}

/* The old snapshot's entries, with each one's removal date or "". */
#define CARRY_SQL(removed, from)                                               \
	"SELECT list, derived_id, country, line, " removed ", _id, source,"    \
	" entity_number, type, programs, name, title, addresses,"              \
	" federal_register_notice, start_date, end_date, standard_order,"      \
	" license_requirement, license_policy, call_sign, vessel_type,"        \
	" gross_tonnage, gross_registered_tonnage, vessel_flag, vessel_owner," \
	" remarks, source_list_url, alt_names, citizenships, dates_of_birth,"  \
	" nationalities, places_of_birth, source_information_url, ids "        \
	"FROM " from " ORDER BY entry.seq"

static const char *carry_sql(int with_removals)
{
	return with_removals
		       ? CARRY_SQL("removal.removed_on",
				   "entry LEFT JOIN removal ON removal.seq = "
				   "entry.seq")
		       : CARRY_SQL("NULL", "entry");
}

static const char *text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

/*
 * Does the new build (rows 1 to last) carry (list, id), and the list?
 * Old entries come list by list, so the last list's answer is kept.
 */
struct last_list {
	char code[32];
	int present;
};

static int carried(sqlite3_stmt *has_entry, sqlite3_stmt *has_list,
		   const char *list, const char *id, struct last_list *ll)
{
	int found;

	if (!*ll->code || strcmp(ll->code, list) != 0) {
		sqlite3_reset(has_list);
		sqlite3_bind_text(has_list, 1, list, -1, SQLITE_TRANSIENT);
		ll->present = sqlite3_step(has_list) == SQLITE_ROW;
		snprintf(ll->code, sizeof(ll->code), "%s", list);
	}
	sqlite3_reset(has_entry);
	sqlite3_bind_text(has_entry, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(has_entry, 2, list, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(has_entry) == SQLITE_ROW;
	return found;
}

static void history_since(const ec_snapshot *old, char since[11])
{
	const ec_snapshot_info *in = &old->info; /* no file digest needed */
	const char *o = NULL;
	size_t i;

	if (*in->history_since) {
		memcpy(since, in->history_since, 11);
		return;
	}
	for (i = 0; i < in->nlists; i++) {
		if (!*in->lists[i].as_of) {
			since[0] = '\0';
			return;
		}
		if (!o || strcmp(in->lists[i].as_of, o) < 0)
			o = in->lists[i].as_of;
	}
	snprintf(since, 11, "%s", o ? o : "");
}

static int carry_rows(ec_snapshot *old, const char *old_path, sqlite3 *db,
		      long long last, ec__history_cb cb, void *ud,
		      ec_error *err)
{
	sqlite3_stmt *rows = NULL, *has_entry = NULL, *has_list = NULL;
	struct last_list ll = {"", 0};
	int rc, step, i;
	ec__record rec;

	if ((rc = has_table(old->db, "removal", err)) < 0)
		return rc;
	if (sqlite3_prepare_v2(old->db, carry_sql(rc), -1, &rows, NULL) !=
	    SQLITE_OK) {
		rc = ec__store_fail(old->db, err,
				    "read the previous snapshot's entries");
		goto done;
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM entry WHERE _id = ?1 AND list = "
			       "?2 AND seq <= ?3 LIMIT 1",
			       -1, &has_entry, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT 1 FROM entry WHERE list = ?1 AND seq <= "
			       "?2 LIMIT 1",
			       -1, &has_list, NULL) != SQLITE_OK) {
		rc = ec__store_fail(db, err, "compare with the new entries");
		goto done;
	}
	rc = 0;
	sqlite3_bind_int64(has_entry, 3, last);
	sqlite3_bind_int64(has_list, 2, last);
	while ((step = sqlite3_step(rows)) == SQLITE_ROW) {
		ec__record_init(&rec);
		snprintf(rec.list, sizeof(rec.list), "%s", text(rows, 0));
		rec.derived_id = sqlite3_column_int(rows, 1);
		rec.country = text(rows, 2);
		rec.line = (long)sqlite3_column_int64(rows, 3);
		rec.file = old_path;
		for (i = 0; i < EC__NFIELDS; i++)
			rec.f[i] = text(rows, 5 + i);
		/* A derived id changes with the layout and the content: the
		 * entry cannot be told apart from a renamed one. */
		if (rec.derived_id)
			continue;
		if (carried(has_entry, has_list, rec.list, rec.f[EC__F_ID],
			    &ll) ||
		    !ll.present)
			continue;
		if ((rc = cb(ud, &rec, text(rows, 4), err)))
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = ec__store_fail(old->db, err,
				    "read the previous snapshot's entries");
done:
	sqlite3_finalize(rows);
	sqlite3_finalize(has_entry);
	sqlite3_finalize(has_list);
	return rc;
}

int ec__history_carry(const char *old_path, sqlite3 *db, long long last,
		      ec__history_cb cb, void *ud, char since[11],
		      ec_error *err)
{
	ec_snapshot *old = NULL;
	int rc;

	since[0] = '\0';
	if ((rc = ec_snapshot_open(&old, old_path, err)))
		return rc;
	history_since(old, since);
	rc = carry_rows(old, old_path, db, last, cb, ud, err);
	ec_snapshot_free(old);
	return rc;
}

static int cmp_removal(const void *a, const void *b)
{
	const struct ec__removal *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

const char *ec__snapshot_removed_on(const ec_snapshot *snap, int64_t rowid)
{
	struct ec__removal key, *r;

	if (!snap->nremoved)
		return NULL;
	key.seq = rowid;
	r = bsearch(&key, snap->removed, snap->nremoved, sizeof(key),
		    cmp_removal);
	return r ? r->date : NULL;
}

int ec__history_load(ec_snapshot *snap, ec_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;

	if ((rc = has_table(snap->db, "removal", err)) <= 0)
		return rc;
	if (sqlite3_prepare_v2(
		    snap->db,
		    "SELECT seq, removed_on FROM removal ORDER BY seq", -1, &st,
		    NULL) != SQLITE_OK)
		return ec__store_fail(snap->db, err, "read the removals");
	rc = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct ec__removal *r;

		if (ec__grow((void **)&snap->removed, &cap, snap->nremoved + 1,
			     sizeof(*snap->removed))) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			break;
		}
		r = &snap->removed[snap->nremoved++];
		r->seq = sqlite3_column_int64(st, 0);
		snprintf(r->date, sizeof(r->date), "%s", text(st, 1));
	}
	if (!rc && step != SQLITE_DONE)
		rc = ec__store_fail(snap->db, err, "read the removals");
	sqlite3_finalize(st);
	return rc;
}
