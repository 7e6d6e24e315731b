/*
 * rules.h: license rules written as data (data/rules/NAME.rules), checked and
 * compiled into the snapshot by build, and read back as stanzas that the
 * decision engine interprets.
 */
#ifndef EC_RULES_H
#define EC_RULES_H

#include <sqlite3.h>

#include "common.h"

typedef struct ec__kv {
	const char *key, *value;
} ec__kv;

typedef struct ec__stanza {
	const char *kind, *id, *file;
	long line;
	size_t nkv;
	const ec__kv *kv;
} ec__stanza;

typedef struct ec__rules {
	size_t n;
	ec__stanza *v;
	ec__kv *kvs;
	ec__buf text;
} ec__rules;

/*
 * Parses every *.rules file of dir (in name order) and inserts the stanzas
 * into db's rule table.  Malformed lines are EC_EPARSE with file and line.
 * *count receives the number of stanzas, sha256 the digest of the file
 * names and contents in that order.
 */
int ec__rules_compile(sqlite3 *db, const char *dir, long long *count,
		      char sha256[65], ec_error *err);

/* Reads the compiled stanzas of a snapshot database. */
int ec__rules_load(ec__rules **out, sqlite3 *db, ec_error *err);
void ec__rules_free(ec__rules *r);

/* First value of key in s, or NULL. */
const char *ec__stanza_get(const ec__stanza *s, const char *key);
/* First value of key in s, or "". */
const char *ec__stanza_str(const ec__stanza *s, const char *key);
/* Is s in force on date (valid_from and valid_to inclusive, if given)? */
int ec__stanza_in_window(const ec__stanza *s, const char *date);
/* Does s carry key = value (one of its repeated values)? */
int ec__stanza_has(const ec__stanza *s, const char *key, const char *value);

#endif
