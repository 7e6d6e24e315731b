/*
 * ingest.h: reading the official list files into records with every source
 * column kept (the first stage of the pipeline: ingest -> snapshot ->
 * normalize -> match -> rules -> decide).
 */
#ifndef EC_INGEST_H
#define EC_INGEST_H

#include "common.h"
#include "csv.h"

/* The CSL's 29 columns, in the official order. */
enum ec__field {
	EC__F_ID,
	EC__F_SOURCE,
	EC__F_ENTITY_NUMBER,
	EC__F_TYPE,
	EC__F_PROGRAMS,
	EC__F_NAME,
	EC__F_TITLE,
	EC__F_ADDRESSES,
	EC__F_FR_NOTICE,
	EC__F_START_DATE,
	EC__F_END_DATE,
	EC__F_STANDARD_ORDER,
	EC__F_LICENSE_REQUIREMENT,
	EC__F_LICENSE_POLICY,
	EC__F_CALL_SIGN,
	EC__F_VESSEL_TYPE,
	EC__F_GROSS_TONNAGE,
	EC__F_GROSS_REGISTERED_TONNAGE,
	EC__F_VESSEL_FLAG,
	EC__F_VESSEL_OWNER,
	EC__F_REMARKS,
	EC__F_SOURCE_LIST_URL,
	EC__F_ALT_NAMES,
	EC__F_CITIZENSHIPS,
	EC__F_DATES_OF_BIRTH,
	EC__F_NATIONALITIES,
	EC__F_PLACES_OF_BIRTH,
	EC__F_SOURCE_INFORMATION_URL,
	EC__F_IDS,
	EC__NFIELDS
};

extern const char *const ec__field_names[EC__NFIELDS];

typedef struct ec__record {
	const char *f[EC__NFIELDS]; /* every column; "" when empty */
	char list[32];		    /* short list code derived from source */
	const char *file;	    /* input path */
	long line;		    /* line where the record starts */
	int derived_id;		    /* 1 when the source had no _id */
	const char *country;	    /* ISO-2 codes ("CN; HK"), or NULL to
				       read them from the addresses */
	int source;		    /* which of the ingest's files (index in
				       its ec__prov array) the record is from */
} ec__record;

/* A record with every field "" and nothing else set. */
void ec__record_init(ec__record *rec);

/* Provenance of one ingested file. */
typedef struct ec__prov {
	char kind[16];
	char file_name[256];
	char sha256[65];
	char layout[48];
	long long rows;
	char date[32]; /* the file's date, when known, or "" */
} ec__prov;

/* Names the ingested file in prov: its kind, base name, layout, rows. */
void ec__prov_set(ec__prov *prov, const char *kind, const char *path,
		  const char *layout, long long rows);

/* Called once per record; a non-zero return stops the ingest with it. */
typedef int (*ec__record_cb)(void *ud, const ec__record *rec, ec_error *err);

/*
 * Reads a Consolidated Screening List CSV (plain or gzip; the 29-column
 * layout or the older 28-column one without _id) and calls cb per record.
 */
int ec__ingest_csl(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		   ec_error *err);

/*
 * OFAC's legacy CSV set in folder dir, found by name prefix (sdn*.csv,
 * add*.csv, alt*.csv, sdn_comments*.csv, cons_prim*.csv, cons_add*.csv,
 * cons_alt*.csv): list "SDN" from sdn, "CONS" from cons_prim, with their
 * addresses, aliases and remark continuations.  One ec__prov per file read
 * is written to prov[0..*nprov).
 */
#define EC__OFAC_MAX_FILES 7
int ec__ingest_ofac(const char *dir, ec__record_cb cb, void *ud,
		    ec__prov prov[EC__OFAC_MAX_FILES], size_t *nprov,
		    ec_error *err);

/* BIS's Denied Persons List, dpl.txt (tab-separated, with a header). */
int ec__ingest_dpl(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		   ec_error *err);

/*
 * The UN Security Council Consolidated List XML.  EC_EUNSUPPORTED when the
 * library was built without libxml2.
 */
int ec__ingest_un(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		  ec_error *err);

/*
 * Appends "label: value" to the "; "-separated ids column of a source
 * without a CSL column for value (see doc/snapshot-format.md); a
 * backslash or ';' in value is escaped with a backslash, so the items
 * split exactly.
 */
int ec__ids_add(ec__buf *ids, const char *label, const char *value, size_t n);

/*
 * Opens a list file of records separated by sep and reads its header line
 * into *row; a file without one is an error saying "the file is empty: no
 * <what>".  On failure *csv may still need ec__csv_free().
 */
int ec__ingest_open(ec__csv **csv, const char *path, char sep, const char *what,
		    ec__csv_row *row, ec_error *err);

/*
 * The next record of a list file: 1 with it in *row, 0 at the end of the
 * file, or a negative code with the detail in err.
 */
int ec__ingest_next(ec__csv *csv, ec__csv_row *row, ec_error *err);

/*
 * Checks that a record of a list file has want fields, as source ("the
 * header") says; 0, or EC_EPARSE with the line and a hint fitting the
 * file's separator.
 */
int ec__ingest_count(const ec__csv *csv, const ec__csv_row *row, size_t want,
		     const char *source, ec_error *err);

/* The first YYYY-MM or YYYY-MM-DD in a file's base name, or "". */
void ec__file_date(const char *path, char *date, size_t size);

/*
 * The ISO-2 code of a country name as OFAC or the UN spell it ("Korea,
 * North", "Iran (Islamic Republic of)"), or NULL.
 */
const char *ec__country_code(const char *name, size_t n);

/* Appends code to the "; "-separated list out unless it is there. */
int ec__country_list_add(ec__buf *out, const char *code);

/*
 * A stable id for a row of a list that publishes none: "ec-" and 40 hex
 * digits of the SHA-256 of fields [first, first + count), each ended by
 * 0x1f.  The same values always give the same id.
 */
void ec__derive_id(const ec__csv_row *row, size_t first, size_t count,
		   char id[48]);

/*
 * The short code of a CSL source name: the text in its first parentheses,
 * without a trailing " List" ("Entity List (EL) - ..." gives "EL").
 */
void ec__list_code(const char *source, char *code, size_t size);

/*
 * Calls fn for each part of a "; "-separated multi-value column, in order,
 * trimmed, skipping empty parts.
 */
int ec__split_multi(const char *s,
		    int (*fn)(void *ud, const char *part, size_t len),
		    void *ud);

/*
 * Writes the ISO-2 country codes found at the end of the "; "-separated
 * addresses to out ("CN; HK"), each once, in order of appearance.
 */
int ec__address_countries(const char *addresses, ec__buf *out);

#endif
