/*
 * rows.h: reading `screen` input rows from CSV (with a header) or JSON
 * Lines.  A malformed row becomes an error for that row, and reading goes
 * on with the next one.
 */
#ifndef EC_TOOL_ROWS_H
#define EC_TOOL_ROWS_H

#include <stdio.h>

enum { ROWS_CSV = 0, ROWS_JSONL = 1 };

/* The fields a row may carry (the same inputs as `check`). */
enum {
	F_NAME,
	F_ID,
	F_COUNTRY,
	F_ADDRESS,
	F_ITEM,
	F_DATE,
	F_ROLE,
	F_ORIGIN,
	F_US_CONTENT,
	F_ACTIVITY,
	F_CONTRACT_DATE,
	F_DEVICE_DATE,
	F_SUPPLIER,
	F_FACTS,
	F_OWNERS, /* "NAME:PCT; NAME:PCT" owners of the row's party */
	/* The party's identifying facts (doc/scoring.md). */
	F_DATE_OF_BIRTH,
	F_NATIONALITY,
	F_ID_NUMBER,
	F_ID_TYPE,
	F_TYPE,
	F_COUNT
};

extern const char *const row_field_names[F_COUNT];

/* Longest record accepted; a longer one is an error row. */
#define ROWS_MAX_RECORD (1u << 20)

typedef struct row {
	long line;	  /* input line where the row starts */
	char *f[F_COUNT]; /* NULL when absent */
	char error[256];  /* non-empty for a malformed row */
} row;

typedef struct rowsrc rowsrc;

/* How to read a CSV input (spreadsheet exports). */
typedef struct rows_opts {
	char delimiter;		     /* 0: detect from the header line */
	const char *column[F_COUNT]; /* header naming each field, or NULL
				      for the field's own name */
} rows_opts;

/* The field named name (any case), or -1. */
int rows_field_parse(const char *name);
/*
 * As rows_open(), with o (may be NULL).  Header names match whatever their
 * case and surrounding spaces; a UTF-8 byte-order mark is dropped.
 */
int rows_open_opts(rowsrc **out, FILE *in, int format, const rows_opts *o,
		   char *err, size_t errsz);

/*
 * Starts reading in (a CSV header is read and checked here: it must name
 * a "name" column).  Returns 0, or -1 with a message in err.
 */
int rows_open(rowsrc **out, FILE *in, int format, char *err, size_t errsz);
/* Reads the next row: 1 for a row (maybe an error row), 0 at the end. */
int rows_next(rowsrc *r, row *out);
/* The line being read (for an error that stops the input). */
long rows_line(const rowsrc *r);
/* Bytes consumed so far (for progress). */
long long rows_offset(const rowsrc *r);
void row_clear(row *r);
void rows_close(rowsrc *r);

#endif
