/*
 * store.h: the SQLite database inside a snapshot: its schema, writing
 * entries at build time, and reading them back.
 */
#ifndef EC_STORE_H
#define EC_STORE_H

#include <sqlite3.h>

#include "ingest.h"

/* Bumped when the schema changes incompatibly (see doc/snapshot-format.md). */
#define EC__SCHEMA_VERSION 1

/* Creates an empty in-memory database with the schema. */
int ec__store_create(sqlite3 **db, ec_error *err);

typedef struct ec__store_writer ec__store_writer;

int ec__store_writer_new(ec__store_writer **out, sqlite3 *db, ec_error *err);
void ec__store_writer_free(ec__store_writer *w);
/* Inserts an entry; *rowid receives its row. */
int ec__store_insert(ec__store_writer *w, const ec__record *rec,
		     const char *country, long long source_seq, int64_t *rowid,
		     ec_error *err);

/* Runs one SQL statement with text parameters (NULL-terminated list). */
int ec__store_exec(sqlite3 *db, ec_error *err, const char *sql, ...);

/* Reports a SQLite failure in err as EC_EDB. */
int ec__store_fail(sqlite3 *db, ec_error *err, const char *what);

/*
 * Prepares "SELECT <the entry columns> FROM entry <tail>" on db into *st.
 * Returns 0, or EC_ENOMEM or EC_EDB with what named in err.
 */
int ec__store_entry_query(sqlite3 *db, const char *tail, sqlite3_stmt **st,
			  const char *what, ec_error *err);
/*
 * Steps st, prepared by ec__store_entry_query(), and reads the entry it
 * selects into a caller-owned *out.  Returns 0; EC_ENOTFOUND, err left
 * for the caller to say what was not found; or EC_ENOMEM or EC_EDB.
 */
int ec__store_entry_step(sqlite3_stmt *st, ec_entry **out, const char *what,
			 ec_error *err);
/* Reads the entry at rowid into a caller-owned ec_entry. */
int ec__store_read_entry(sqlite3 *db, int64_t rowid, ec_entry **out,
			 ec_error *err);
/* Builds an ec_entry from the current row of a statement that selected
 * the entry columns in schema order (see ec__store_entry_query()). */
int ec__store_entry_from_row(sqlite3_stmt *st, ec_entry **out);

#endif
