/*
 * csv.h: a strict RFC 4180 reader (quoted fields, embedded separators,
 * quotes and newlines) that validates UTF-8 and reports exact positions.
 */
#ifndef EC_CSV_H
#define EC_CSV_H

#include "common.h"
#include "input.h"

/* A field longer than this is refused, so memory stays bounded. */
#define EC__CSV_MAX_FIELD ((size_t)16 << 20)
#define EC__CSV_MAX_FIELDS 4096

typedef struct ec__csv ec__csv;

typedef struct ec__csv_row {
	size_t nfields;
	const char *const *fields; /* NUL-terminated, borrowed */
	const size_t *lens;
	long line;	  /* line on which the record starts */
	long long offset; /* byte offset of the record's start */
} ec__csv_row;

/* sep is ',' for CSV or '\t' for tab-separated files. */
int ec__csv_open(ec__csv **out, const char *path, char sep, ec_error *err);
/* The same, for a file in encoding (see ec__input_open_enc()). */
int ec__csv_open_enc(ec__csv **out, const char *path, char sep,
		     const char *encoding, ec_error *err);
/*
 * Reads the next record into *row (borrowed until the next call).  Returns
 * 0, EC_EITEROVER at the end of the file, or a negative code with the file,
 * line and column in err.  Blank lines are skipped.
 */
int ec__csv_next(ec__csv *c, ec__csv_row *row, ec_error *err);
/* The sha256 of the raw file; call after EC_EITEROVER. */
void ec__csv_sha256(ec__csv *c, char hex[65]);
const char *ec__csv_path(const ec__csv *c);
/* The separator the file is read with. */
char ec__csv_sep(const ec__csv *c);
void ec__csv_free(ec__csv *c);

/*
 * Returns 1 when s[0..n) is valid UTF-8 without NUL bytes; otherwise 0 and
 * the offset of the first bad byte in *bad.
 */
int ec__utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * A register a person keeps in a spreadsheet (licenses, cleared hits): a
 * header of exactly its columns, in their order, then one record a line
 * with as many fields.  It is read whole, and checked whole before any of
 * it is used, so a bad line never leaves a register half applied.
 */
typedef struct ec__register {
	size_t n;
	void *v;	 /* n records of the spec's record_size bytes */
	ec__arena arena; /* their strings */
	char sha256[65]; /* of the file as read */
} ec__register;

typedef struct ec__register_column {
	const char *name;
	size_t offset; /* of the record's const char * that takes its value */
	int required;  /* refused empty ("empty <name>") before check() */
} ec__register_column;

typedef struct ec__register_spec {
	const char *what; /* "license register": names it in messages */
	const ec__register_column *columns;
	size_t ncolumns;
	size_t record_size;
	/*
	 * Checks (and may complete) a record whose columns are set, trimmed
	 * of spaces and tabs; r holds the records before it.  Returns 0, or
	 * a negative code with the line and column in err.
	 */
	int (*check)(ec__register *r, void *record, const char *path,
		     const ec__csv_row *row, ec_error *err);
} ec__register_spec;

/*
 * Reads the register at path (in opts' encoding; opts may be NULL) into a
 * new *out of size bytes: a struct
 * whose first member is an ec__register (free it with ec__register_free).
 * The separator is ',' unless the header is one column holding ';', TAB
 * or '|' (European spreadsheets write ';').  A wrong header or field
 * count, or a record check() refuses, is an error with the line and
 * column, and *out is NULL.
 */
int ec__register_load(void **out, size_t size, const char *path,
		      const ec_register_opts *opts,
		      const ec__register_spec *spec, ec_error *err);
/* Frees r and its records; NULL does nothing. */
void ec__register_free(ec__register *r);

#endif
