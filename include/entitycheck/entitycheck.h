/*
 * entitycheck.h: the public contract of libentitycheck, a restricted-party
 * screening and export-license decision library.
 *
 * Conventions (shared by every function below):
 *  - Fallible functions return int: 0 (EC_OK) on success, a negative EC_E*
 *    code on failure.  ec_strerror() gives static text for a code.  When the
 *    caller passes a non-NULL ec_error, it receives the detail (file, line,
 *    column, byte offset, message); the library keeps no global error state.
 *  - Handles are opaque.  Objects returned through an out-parameter are
 *    caller-owned and are released with the matching *_free(); *_free(NULL)
 *    does nothing.  Pointers inside a returned struct are borrowed: they stay
 *    valid until the object that owns them is freed.  Callers never free()
 *    library memory.
 *  - Strings are UTF-8 and NUL-terminated.  An absent value is "" (never
 *    NULL) in returned structs.
 *  - Thread safety: an ec_snapshot is read-only once opened; any number of
 *    threads may search and look up in one snapshot at once.  Result objects
 *    (ec_matches, ec_entry, ...) belong to the thread that made them.
 *  - The library never aborts or exits the caller's process.
 */
#ifndef ENTITYCHECK_H
#define ENTITYCHECK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define EC_EXTERN
#elif defined(__GNUC__)
#define EC_EXTERN __attribute__((visibility("default")))
#else
#define EC_EXTERN
#endif

/* Compile-time version; ec_version() gives the library's at run time. */
#define EC_VERSION_MAJOR 0
#define EC_VERSION_MINOR 3
#define EC_VERSION_PATCH 0
#define EC_VERSION "0.3.0"
#define EC_VERSION_NUMBER                                                      \
	((EC_VERSION_MAJOR * 10000) + (EC_VERSION_MINOR * 100) + EC_VERSION_PATCH)

/* The newest snapshot container format this library reads and writes. */
#define EC_SNAPSHOT_FORMAT 1

/* Returns the library's version string, e.g. "0.3.0".  Static storage. */
EC_EXTERN const char *ec_version(void);

/*
 * Error codes.  Stable: a value is never renumbered or reused.
 */
enum {
	EC_OK = 0,
	EC_ENOMEM = -1,    /* out of memory */
	EC_EIO = -2,       /* a file could not be opened, read or written */
	EC_EINVAL = -3,    /* an argument is invalid (NULL, out of range) */
	EC_EPARSE = -4,    /* an input file is malformed (see ec_error) */
	EC_EFORMAT = -5,   /* not a snapshot, or a damaged one */
	EC_EVERSION = -6,  /* the snapshot's format is newer than this library */
	EC_EDB = -7,       /* the embedded database failed */
	EC_ENOTFOUND = -8, /* no such entry, list or rule */
	EC_EITEROVER = -9, /* an iterator has no more items (not a failure) */
	EC_ELIMIT = -10,   /* an input exceeds a documented size limit */
	EC_EUNSUPPORTED = -11 /* a feature this build or snapshot lacks */
};

/* Returns static text describing code; never NULL. */
EC_EXTERN const char *ec_strerror(int code);

/* Detail about a failure, filled in when the caller passes one. */
typedef struct ec_error {
	int code;           /* the EC_E* code that was returned */
	char file[256];     /* input file involved, or "" */
	long line;          /* 1-based line in file, or 0 */
	long column;        /* 1-based column (field number for CSV), or 0 */
	long long offset;   /* byte offset in file, or -1 */
	char text[512];     /* a sentence saying what was wrong */
} ec_error;

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

typedef struct ec_snapshot ec_snapshot;

/*
 * Opens the snapshot file at path.  The file is read whole, its header and
 * checksum are verified, the payload is inflated in memory and attached
 * read-only; no temporary file is made and nothing is written.
 * Returns EC_EIO, EC_EFORMAT (bad magic, truncated, checksum mismatch,
 * damaged database), EC_EVERSION (written by a newer format) or EC_ENOMEM.
 * On success *out is caller-owned: release it with ec_snapshot_free().
 */
EC_EXTERN int ec_snapshot_open(ec_snapshot **out, const char *path,
			       ec_error *err);

/*
 * As ec_snapshot_open(), from len bytes at data (copied as needed; the
 * caller keeps ownership of data).  name is used in error messages.
 */
EC_EXTERN int ec_snapshot_open_buffer(ec_snapshot **out, const void *data,
				      size_t len, const char *name,
				      ec_error *err);

/* Releases a snapshot.  NULL does nothing. */
EC_EXTERN void ec_snapshot_free(ec_snapshot *snap);

/* One input file a snapshot was built from. */
typedef struct ec_source_info {
	const char *kind;      /* "csl", "rules", ... */
	const char *file_name; /* base name of the input file */
	const char *sha256;    /* hex digest of the file's bytes as read */
	const char *layout;    /* e.g. "csl-29" or "csl-28 (no _id)" */
	long long rows;        /* records read from it */
} ec_source_info;

/* One restricted-party list inside a snapshot. */
typedef struct ec_list_info {
	const char *code;         /* short code: "EL", "SDN", "DPL", ... */
	const char *source;       /* the publisher's full list name */
	long long rows;           /* entries */
	long long names;          /* primary names plus aliases */
	const char *newest_start; /* newest start_date (YYYY-MM-DD) or "" */
} ec_list_info;

typedef struct ec_snapshot_info {
	unsigned format_version;  /* container format */
	long long created;        /* creation time, seconds since the epoch */
	const char *description;  /* what the snapshot is, from its builder */
	long long entries;        /* all entries, all lists */
	long long names;          /* all names, primary plus aliases */
	long long rules;          /* license rules compiled in */
	size_t nsources;
	const ec_source_info *sources;
	size_t nlists;
	const ec_list_info *lists;
} ec_snapshot_info;

/* Counts, dates and provenance of snap.  Borrowed from snap; never NULL. */
EC_EXTERN const ec_snapshot_info *ec_snapshot_info_get(const ec_snapshot *snap);

/* ------------------------------------------------------------------ */
/* Building a snapshot                                                 */
/* ------------------------------------------------------------------ */

#define EC_BUILD_OPTS_VERSION 1

typedef struct ec_build_opts {
	unsigned version;        /* EC_BUILD_OPTS_VERSION */
	const char *csl_path;    /* Consolidated Screening List CSV (.csv or
				    .csv.gz), or NULL */
	const char *rules_dir;   /* folder of *.rules files, or NULL */
	const char *output_path; /* snapshot to write (required) */
	const char *description; /* stored in the snapshot, or NULL */
	long long created;       /* creation time; 0 means now */
} ec_build_opts;

#define EC_BUILD_OPTS_INIT {EC_BUILD_OPTS_VERSION, NULL, NULL, NULL, NULL, 0}

/*
 * Reads the inputs named in opts, validates them and writes a snapshot to
 * opts->output_path.  The snapshot is written to a temporary file beside the
 * output, flushed to disk and renamed over the output only when everything
 * succeeded: on failure the output path is left as it was.  Malformed input
 * returns EC_EPARSE with file, line and column in err.
 */
EC_EXTERN int ec_build(const ec_build_opts *opts, ec_error *err);

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/*
 * One listed entry, with every column of its source.  All strings are ""
 * when the source left the value empty.  Multi-valued columns are also
 * given split (names, addresses).
 */
typedef struct ec_entry {
	const char *entry_id;     /* the source's id (CSL _id) or a derived id */
	const char *list;         /* short list code, e.g. "EL" */
	const char *source;       /* full source list name */
	const char *entity_number;
	const char *type;         /* "Individual", "Entity", "Vessel", ... */
	const char *programs;
	const char *name;         /* primary name */
	const char *title;
	const char *federal_register_notice;
	const char *start_date;
	const char *end_date;
	const char *standard_order;
	const char *license_requirement;
	const char *license_policy;
	const char *call_sign;
	const char *vessel_type;
	const char *gross_tonnage;
	const char *gross_registered_tonnage;
	const char *vessel_flag;
	const char *vessel_owner;
	const char *remarks;
	const char *source_list_url;
	const char *alt_names;    /* as published, "; "-separated */
	const char *addresses_raw;/* as published, "; "-separated */
	const char *citizenships;
	const char *dates_of_birth;
	const char *nationalities;
	const char *places_of_birth;
	const char *source_information_url;
	const char *ids;
	const char *country;      /* ISO-2 codes from the addresses, "; " */
	size_t naliases;
	const char *const *aliases;
	size_t naddresses;
	const char *const *addresses;
} ec_entry;

/*
 * Looks up the entry with the given id in the given list (a short code such
 * as "SDN"), or in any list when list is NULL.  Ids are unique within a
 * list only: OFAC publishes one entity under one id on several lists; with
 * list NULL the first in snapshot order is returned.  *out is caller-owned
 * (free with ec_entry_free()).  Returns EC_ENOTFOUND when there is none.
 */
EC_EXTERN int ec_entry_lookup(ec_entry **out, const ec_snapshot *snap,
			      const char *list, const char *entry_id,
			      ec_error *err);

/* Releases an entry.  NULL does nothing. */
EC_EXTERN void ec_entry_free(ec_entry *entry);

typedef struct ec_entry_iter ec_entry_iter;

/* Starts an iteration over every entry, in snapshot order. */
EC_EXTERN int ec_entry_iter_new(ec_entry_iter **out, const ec_snapshot *snap,
				ec_error *err);

/*
 * Advances the iterator.  On success *out is borrowed from the iterator and
 * valid until the next call or ec_entry_iter_free().  Returns EC_EITEROVER
 * after the last entry.
 */
EC_EXTERN int ec_entry_iter_next(ec_entry_iter *it, const ec_entry **out,
				 ec_error *err);

/* Releases an iterator.  NULL does nothing. */
EC_EXTERN void ec_entry_iter_free(ec_entry_iter *it);

/* ------------------------------------------------------------------ */
/* Name screening                                                      */
/* ------------------------------------------------------------------ */

/*
 * Scores are in [0, 1].  1.0 means the normalized names are the same.  A
 * score at or above EC_DEFAULT_THRESHOLD is a match the engine stands
 * behind; below it, a name is not reported unless the caller lowers
 * min_score.  See README.md, "What a score means".
 */
#define EC_DEFAULT_THRESHOLD 0.80

/* Query-token to listed-token pairing in an explanation. */
typedef struct ec_token_match {
	const char *query_token;  /* normalized query token, or "" */
	const char *listed_token; /* normalized listed token, or "" */
	const char *kind;         /* "exact", "fuzzy", "joined", "initial",
				     "unmatched-query", "unmatched-listed" */
	double similarity;        /* 0..1 */
	double weight;            /* the pair's weight in the score */
	double contribution;      /* what the pair adds to the score; the
				     contributions sum to the name score */
} ec_token_match;

typedef struct ec_explanation {
	double name_score;        /* the score of the names alone */
	double country_adjust;    /* added for the query country (may be <0) */
	const char *country_note; /* e.g. "query country CN matches entry" */
	size_t ntokens;
	const ec_token_match *tokens;
} ec_explanation;

typedef struct ec_match {
	const char *entry_id;
	const char *list;         /* short list code */
	const char *source;       /* full list name */
	const char *name;         /* the entry's primary name */
	const char *matched_name; /* the name or alias that matched */
	const char *type;
	const char *country;      /* "; "-separated ISO-2 codes or "" */
	double score;
	size_t naddresses;
	const char *const *addresses;
	ec_explanation explanation;
} ec_match;

#define EC_SEARCH_OPTS_VERSION 1

typedef struct ec_search_opts {
	unsigned version;      /* EC_SEARCH_OPTS_VERSION */
	double min_score;      /* report matches at or above; <0: default */
	size_t limit;          /* at most this many matches; 0: no limit */
	const char *country;   /* ISO-2 country of the party, or NULL */
	const char *address;   /* free-text address of the party, or NULL */
	const char *list;      /* only this list code, or NULL for all */
} ec_search_opts;

#define EC_SEARCH_OPTS_INIT {EC_SEARCH_OPTS_VERSION, -1.0, 10, NULL, NULL, NULL}

typedef struct ec_matches ec_matches;

/*
 * Screens name against every primary name and alias in snap.  Matches are
 * sorted by descending score, then entry id; an entry appears once, with its
 * best-scoring name.  opts may be NULL for the defaults.  *out is
 * caller-owned (ec_matches_free()); it may hold zero matches.
 * Queries longer than 65536 bytes return EC_ELIMIT (only the first 32 tokens
 * of a long query are matched); invalid UTF-8 in name is
 * replaced, not rejected, since screening must still run on damaged data.
 */
EC_EXTERN int ec_search(ec_matches **out, const ec_snapshot *snap,
			const char *name, const ec_search_opts *opts,
			ec_error *err);

EC_EXTERN size_t ec_matches_count(const ec_matches *m);

/* Match i (0-based), borrowed from m; NULL when i is out of range. */
EC_EXTERN const ec_match *ec_matches_get(const ec_matches *m, size_t i);

/* Releases a result set.  NULL does nothing. */
EC_EXTERN void ec_matches_free(ec_matches *m);

/*
 * Scores name1 (as a query) against name2 (as a listed name) with the
 * token weights of snap (snap may be NULL: every token then weighs the
 * same, except legal forms and stopwords).  *out is caller-owned and holds
 * exactly one match whose explanation tells how the score was reached.
 */
EC_EXTERN int ec_compare(ec_matches **out, const ec_snapshot *snap,
			 const char *name1, const char *name2,
			 ec_error *err);

/*
 * Normalizes a name the way screening does and writes the space-separated
 * tokens to buf (always NUL-terminated when bufsize > 0).  Returns the
 * length the full result needs, excluding the NUL, or a negative code.
 */
EC_EXTERN long ec_normalize(char *buf, size_t bufsize, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* ENTITYCHECK_H */
