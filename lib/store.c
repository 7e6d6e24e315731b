/*
 * store.c: the snapshot's SQLite schema.  Every source column is stored
 * verbatim in `entry`, so nothing the publisher carried is lost; the
 * split names and addresses used for matching live in the name index.
 */
#include <stdarg.h>
#include <string.h>

#include "store.h"

static const char schema[] =
	"PRAGMA page_size=4096;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"CREATE TABLE source_file(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" file_name TEXT NOT NULL, sha256 TEXT NOT NULL, layout TEXT NOT NULL,"
	" rows INTEGER NOT NULL);"
	"CREATE TABLE list(code TEXT PRIMARY KEY, source TEXT NOT NULL,"
	" rows INTEGER NOT NULL, names INTEGER NOT NULL,"
	" newest_start TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE entry("
	" seq INTEGER PRIMARY KEY,"
	" list TEXT NOT NULL,"
	" source_file INTEGER NOT NULL,"
	" line INTEGER NOT NULL,"
	" derived_id INTEGER NOT NULL,"
	" country TEXT NOT NULL,"
	" _id TEXT NOT NULL, source TEXT NOT NULL, entity_number TEXT,"
	" type TEXT, programs TEXT, name TEXT NOT NULL, title TEXT,"
	" addresses TEXT, federal_register_notice TEXT, start_date TEXT,"
	" end_date TEXT, standard_order TEXT, license_requirement TEXT,"
	" license_policy TEXT, call_sign TEXT, vessel_type TEXT,"
	" gross_tonnage TEXT, gross_registered_tonnage TEXT, vessel_flag TEXT,"
	" vessel_owner TEXT, remarks TEXT, source_list_url TEXT,"
	" alt_names TEXT, citizenships TEXT, dates_of_birth TEXT,"
	" nationalities TEXT, places_of_birth TEXT,"
	" source_information_url TEXT, ids TEXT);"
	/* Not unique: the official CSL repeats a few (list, _id) pairs with
	 * different values, and nothing it publishes may be dropped. */
	"CREATE INDEX entry_id ON entry(_id, list);"
	/* A rowid table, so a blob can be read in place (sqlite3_blob). */
	"CREATE TABLE blob(name TEXT PRIMARY KEY, data BLOB NOT NULL);"
	/* Entries the lists dropped, kept for earlier dates (history.c). */
	"CREATE TABLE removal(seq INTEGER PRIMARY KEY, removed_on TEXT NOT "
	"NULL);"
	"CREATE TABLE rule(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
	" file TEXT NOT NULL, line INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX rule_stanza ON rule(kind, id) WHERE key = '';";

/* The columns of an entry, in the order ec__store_entry_from_row() reads. */
static const char entry_columns[] =
	"seq, list, country, _id, source, entity_number, type, programs, name,"
	" title, addresses, federal_register_notice, start_date, end_date,"
	" standard_order, license_requirement, license_policy, call_sign,"
	" vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,"
	" vessel_owner, remarks, source_list_url, alt_names, citizenships,"
	" dates_of_birth, nationalities, places_of_birth,"
	" source_information_url, ids";

int ec__store_fail(sqlite3 *db, ec_error *err, const char *what)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;

	if (code == SQLITE_NOMEM)
		return ec__fail(err, EC_ENOMEM, "out of memory (%s)", what);
	return ec__fail(err, EC_EDB, "%s: %s", what,
			db ? sqlite3_errmsg(db) : "no database");
}

int ec__store_create(sqlite3 **db, ec_error *err)
{
	int rc;

	*db = NULL;
	rc = sqlite3_open_v2(":memory:", db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_FULLMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		rc = ec__store_fail(*db, err, "cannot create the database");
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	if (sqlite3_exec(*db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		rc = ec__store_fail(*db, err, "cannot create the schema");
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	return 0;
}

int ec__store_exec(sqlite3 *db, ec_error *err, const char *sql, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	const char *arg;
	int i = 1, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return ec__store_fail(db, err, "prepare");
	va_start(ap, sql);
	while ((arg = va_arg(ap, const char *)) != NULL)
		sqlite3_bind_text(st, i++, arg, -1, SQLITE_STATIC);
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = ec__store_fail(db, err, "write");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return 0;
}

struct ec__store_writer {
	sqlite3 *db;
	sqlite3_stmt *ins;
};

int ec__store_writer_new(ec__store_writer **out, sqlite3 *db, ec_error *err)
{
	ec__store_writer *w;
	ec__buf sql = EC__BUF_INIT;
	int i, rc;

	*out = NULL;
	w = ec__calloc(1, sizeof(*w));
	if (!w)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	w->db = db;
	rc = ec__buf_puts(&sql, "INSERT INTO entry(list, source_file, line,"
				" derived_id, country");
	for (i = 0; i < EC__NFIELDS && !rc; i++)
		rc = ec__buf_printf(&sql, ", %s", ec__field_names[i]);
	rc = rc ? rc : ec__buf_puts(&sql, ") VALUES(?,?,?,?,?");
	for (i = 0; i < EC__NFIELDS && !rc; i++)
		rc = ec__buf_puts(&sql, ",?");
	rc = rc ? rc : ec__buf_puts(&sql, ")");
	if (rc) {
		ec__buf_dispose(&sql);
		ec__free(w);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	if (sqlite3_prepare_v2(db, sql.ptr, -1, &w->ins, NULL) != SQLITE_OK) {
		rc = ec__store_fail(db, err, "prepare insert");
		ec__buf_dispose(&sql);
		ec__free(w);
		return rc;
	}
	ec__buf_dispose(&sql);
	*out = w;
	return 0;
}

void ec__store_writer_free(ec__store_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->ins);
	ec__free(w);
}

int ec__store_insert(ec__store_writer *w, const ec__record *rec,
		     const char *country, long long source_seq, int64_t *rowid,
		     ec_error *err)
{
	sqlite3_stmt *st = w->ins;
	int i, rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, rec->list, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, source_seq);
	sqlite3_bind_int64(st, 3, rec->line);
	sqlite3_bind_int(st, 4, rec->derived_id);
	sqlite3_bind_text(st, 5, country, -1, SQLITE_STATIC);
	for (i = 0; i < EC__NFIELDS; i++)
		sqlite3_bind_text(st, 6 + i, rec->f[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return ec__store_fail(w->db, err, "insert entry");
	*rowid = sqlite3_last_insert_rowid(w->db);
	return 0;
}

static int count_one(void *ud, const char *part, size_t n)
{
	(void)part;
	(void)n;
	(*(size_t *)ud)++;
	return 0;
}

/* Counts the parts of a multi-value column (as ec__split_multi). */
static size_t count_parts(const char *s)
{
	size_t n = 0;

	ec__split_multi(s, count_one, &n);
	return n;
}

struct split_ctx {
	char *dst;
	const char **v;
	size_t n;
};

static int copy_one(void *ud, const char *part, size_t n)
{
	struct split_ctx *c = ud;

	memcpy(c->dst, part, n);
	c->dst[n] = '\0';
	c->v[c->n++] = c->dst;
	c->dst += n + 1;
	return 0;
}

/* Copies the parts of s to dst (room for strlen(s) + 1), one per v[]. */
static void split_parts(const char *s, char *dst, const char **v)
{
	struct split_ctx c = {dst, v, 0};

	ec__split_multi(s, copy_one, &c);
}

/*
 * An ec_entry is one allocation: the struct, the pointer arrays, then the
 * strings, so ec_entry_free() is a single free.
 */
int ec__store_entry_from_row(sqlite3_stmt *st, ec_entry **out)
{
	enum { NCOL = 32 };
	const char *col[NCOL];
	size_t len[NCOL], total, i, nal, nad;
	ec_entry *e;
	char *p, *alias_copy, *addr_copy;
	const char **ptrs;

	total = sizeof(ec_entry);
	for (i = 0; i < NCOL; i++) {
		col[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (!col[i])
			col[i] = "";
		len[i] = strlen(col[i]);
		total += len[i] + 1;
	}
	/* Column 25 is alt_names, 10 is addresses (see the SELECT list). */
	nal = count_parts(col[25]);
	nad = count_parts(col[10]);
	total += (nal + nad + 2) * sizeof(char *) + len[25] + len[10] + 2;
	e = ec__calloc(1, total);
	if (!e)
		return EC_ENOMEM;
	ptrs = (const char **)(e + 1);
	e->aliases = ptrs;
	e->addresses = ptrs + nal + 1;
	p = (char *)(ptrs + nal + nad + 2);
	{
		const char **dst[NCOL] = {NULL,
					  &e->list,
					  &e->country,
					  &e->entry_id,
					  &e->source,
					  &e->entity_number,
					  &e->type,
					  &e->programs,
					  &e->name,
					  &e->title,
					  &e->addresses_raw,
					  &e->federal_register_notice,
					  &e->start_date,
					  &e->end_date,
					  &e->standard_order,
					  &e->license_requirement,
					  &e->license_policy,
					  &e->call_sign,
					  &e->vessel_type,
					  &e->gross_tonnage,
					  &e->gross_registered_tonnage,
					  &e->vessel_flag,
					  &e->vessel_owner,
					  &e->remarks,
					  &e->source_list_url,
					  &e->alt_names,
					  &e->citizenships,
					  &e->dates_of_birth,
					  &e->nationalities,
					  &e->places_of_birth,
					  &e->source_information_url,
					  &e->ids};

		for (i = 0; i < NCOL; i++) {
			memcpy(p, col[i], len[i] + 1);
			if (dst[i])
				*dst[i] = p;
			p += len[i] + 1;
		}
	}
	alias_copy = p;
	p += len[25] + 1;
	addr_copy = p;
	split_parts(col[25], alias_copy, ptrs);
	split_parts(col[10], addr_copy, ptrs + nal + 1);
	e->naliases = nal;
	e->naddresses = nad;
	*out = e;
	return 0;
}

int ec__store_entry_query(sqlite3 *db, const char *tail, sqlite3_stmt **st,
			  const char *what, ec_error *err)
{
	ec__buf sql = EC__BUF_INIT;
	int rc;

	*st = NULL;
	if (ec__buf_printf(&sql, "SELECT %s FROM entry %s", entry_columns,
			   tail))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(db, sql.ptr, -1, st, NULL);
	ec__buf_dispose(&sql);
	return rc == SQLITE_OK ? 0 : ec__store_fail(db, err, what);
}

int ec__store_entry_step(sqlite3_stmt *st, ec_entry **out, const char *what,
			 ec_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE)
		return EC_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return ec__store_fail(sqlite3_db_handle(st), err, what);
	if ((rc = ec__store_entry_from_row(st, out)))
		return ec__fail(err, rc, "out of memory");
	return 0;
}

int ec__store_read_entry(sqlite3 *db, int64_t rowid, ec_entry **out,
			 ec_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = ec__store_entry_query(db, "WHERE seq = ?", &st, "read entry",
					err)))
		return rc;
	sqlite3_bind_int64(st, 1, rowid);
	rc = ec__store_entry_step(st, out, "read entry", err);
	if (rc == EC_ENOTFOUND)
		rc = ec__fail(err, EC_ENOTFOUND, "no entry at row %lld",
			      (long long)rowid);
	sqlite3_finalize(st);
	return rc;
}
