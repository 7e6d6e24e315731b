/*
 * diff.c: what changed between two snapshots: entries added, removed and
 * changed (with the columns that differ), keyed by (list, entry id).
 */
#include <string.h>

#include "ingest.h"
#include "snapshot.h"
#include "store.h"

struct ec_diff {
	size_t n, cap;
	ec_diff_item *v;
	size_t *foff; /* each item's first field in fields */
	size_t capo;
	const char **fields; /* names of changed columns, all items */
	size_t nfields, capf;
	ec__arena arena;
};

/*
 * Column 0 is the list; then the CSL's columns in their order.  Entries
 * kept as removed (history.c) are not on the list: an entry a snapshot
 * keeps as removed shows as removed against one that had it listed.
 */
#define SELECT_SQL(where)                                                      \
	"SELECT list, _id, source, entity_number, type, programs, name, "      \
	"title,"                                                               \
	" addresses, federal_register_notice, start_date, end_date,"           \
	" standard_order, license_requirement, license_policy, call_sign,"     \
	" vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,"  \
	" vessel_owner, remarks, source_list_url, alt_names, citizenships,"    \
	" dates_of_birth, nationalities, places_of_birth,"                     \
	" source_information_url, ids FROM entry " where                       \
	" ORDER BY list, _id, seq"

static const char *select_sql(const ec_snapshot *s)
{
	return s->nremoved
		       ? SELECT_SQL(
				 "WHERE seq NOT IN (SELECT seq FROM removal)")
		       : SELECT_SQL("");
}

#define COL_NAME (1 + EC__F_NAME)

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

static int add_item(ec_diff *d, int kind, sqlite3_stmt *st)
{
	ec_diff_item *it;

	if (ec__grow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v)) ||
	    ec__grow((void **)&d->foff, &d->capo, d->n + 1, sizeof(*d->foff)))
		return EC_ENOMEM;
	it = &d->v[d->n];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->list = ec__arena_str(&d->arena, col(st, 0));
	it->entry_id = ec__arena_str(&d->arena, col(st, 1 + EC__F_ID));
	it->name = ec__arena_str(&d->arena, col(st, COL_NAME));
	if (d->arena.failed)
		return EC_ENOMEM;
	d->foff[d->n] = d->nfields;
	d->n++;
	return 0;
}

/* Adds a CHANGED item when any column of a and b differ. */
static int compare(ec_diff *d, sqlite3_stmt *a, sqlite3_stmt *b)
{
	size_t first = d->nfields;
	int i;

	for (i = 0; i < EC__NFIELDS; i++) {
		if (strcmp(col(a, 1 + i), col(b, 1 + i)) == 0)
			continue;
		if (ec__grow((void **)&d->fields, &d->capf, d->nfields + 1,
			     sizeof(*d->fields)))
			return EC_ENOMEM;
		d->fields[d->nfields++] = ec__field_names[i];
	}
	if (d->nfields == first)
		return 0;
	if (add_item(d, EC_DIFF_CHANGED, b)) {
		d->nfields = first;
		return EC_ENOMEM;
	}
	d->foff[d->n - 1] = first;
	d->v[d->n - 1].nfields = d->nfields - first;
	return 0;
}

/* Orders rows as the SELECT does: list, then id (SQLite's BINARY). */
static int key_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
	int c = strcmp(col(a, 0), col(b, 0));

	return c ? c : strcmp(col(a, 1), col(b, 1));
}

static int step(sqlite3_stmt *st, int *live, const ec_snapshot *s,
		ec_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*live = 1;
		return 0;
	}
	*live = 0;
	return rc == SQLITE_DONE ? 0 : ec__store_fail(s->db, err, "diff");
}

int ec_snapshot_diff(ec_diff **out, const ec_snapshot *old_snap,
		     const ec_snapshot *new_snap, ec_error *err)
{
	static const char *const none[1] = {NULL};
	sqlite3_stmt *a = NULL, *b = NULL;
	ec_diff *d;
	int rc = 0, la = 0, lb = 0;
	size_t i;

	ec__error_clear(err);
	if (!out || !old_snap || !new_snap)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if (!(d = ec__calloc(1, sizeof(*d))))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(old_snap->db, select_sql(old_snap), -1, &a,
			       NULL) != SQLITE_OK) {
		rc = ec__store_fail(old_snap->db, err, "diff");
		goto done;
	}
	if (sqlite3_prepare_v2(new_snap->db, select_sql(new_snap), -1, &b,
			       NULL) != SQLITE_OK) {
		rc = ec__store_fail(new_snap->db, err, "diff");
		goto done;
	}
	if ((rc = step(a, &la, old_snap, err)) ||
	    (rc = step(b, &lb, new_snap, err)))
		goto done;
	while (la || lb) {
		int c = !la ? 1 : !lb ? -1 : key_cmp(a, b);

		if (c < 0)
			rc = add_item(d, EC_DIFF_REMOVED, a);
		else if (c > 0)
			rc = add_item(d, EC_DIFF_ADDED, b);
		else
			rc = compare(d, a, b);
		if (rc) {
			rc = ec__fail(err, rc, "out of memory");
			goto done;
		}
		/* Repeated (list, id) pairs are paired in snapshot order. */
		if (c <= 0 && (rc = step(a, &la, old_snap, err)))
			goto done;
		if (c >= 0 && (rc = step(b, &lb, new_snap, err)))
			goto done;
	}
	for (i = 0; i < d->n; i++)
		d->v[i].fields =
			d->v[i].nfields ? d->fields + d->foff[i] : none;
done:
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	if (rc) {
		ec_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

size_t ec_diff_count(const ec_diff *d)
{
	return d ? d->n : 0;
}

const ec_diff_item *ec_diff_get(const ec_diff *d, size_t i)
{
	return d && i < d->n ? &d->v[i] : NULL;
}

void ec_diff_free(ec_diff *d)
{
	if (!d)
		return;
	ec__free(d->v);
	ec__free(d->foff);
	ec__free(d->fields);
	ec__arena_dispose(&d->arena);
	ec__free(d);
}
