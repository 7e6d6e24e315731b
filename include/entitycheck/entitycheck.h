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
#define EC_VERSION_MINOR 4
#define EC_VERSION_PATCH 0
#define EC_VERSION "0.4.0"
#define EC_VERSION_NUMBER                                                      \
	((EC_VERSION_MAJOR * 10000) + (EC_VERSION_MINOR * 100) +               \
	 EC_VERSION_PATCH)

/* The newest snapshot container format this library reads and writes. */
#define EC_SNAPSHOT_FORMAT 2

/* Returns the library's version string, e.g. "0.3.0".  Static storage. */
EC_EXTERN const char *ec_version(void);

/*
 * Error codes.  Stable: a value is never renumbered or reused.
 */
enum {
	EC_OK = 0,
	EC_ENOMEM = -1,	  /* out of memory */
	EC_EIO = -2,	  /* a file could not be opened, read or written */
	EC_EINVAL = -3,	  /* an argument is invalid (NULL, out of range) */
	EC_EPARSE = -4,	  /* an input file is malformed (see ec_error) */
	EC_EFORMAT = -5,  /* not a snapshot, or a damaged one */
	EC_EVERSION = -6, /* the snapshot's format is newer than this library */
	EC_EDB = -7,	  /* the embedded database failed */
	EC_ENOTFOUND = -8, /* no such entry, list or rule */
	EC_EITEROVER = -9, /* an iterator has no more items (not a failure) */
	EC_ELIMIT = -10,   /* an input exceeds a documented size limit */
	EC_EUNSUPPORTED = -11, /* a feature this build or snapshot lacks */
	EC_EINTERNAL = -12     /* an internal invariant failed: a bug in
				  the library (please report it) */
};

/* Returns static text describing code; never NULL. */
EC_EXTERN const char *ec_strerror(int code);

/* Detail about a failure, filled in when the caller passes one. */
typedef struct ec_error {
	int code;	  /* the EC_E* code that was returned */
	char file[256];	  /* input file involved, or "" */
	long line;	  /* 1-based line in file, or 0 */
	long column;	  /* 1-based column (field number for CSV), or 0 */
	long long offset; /* byte offset in file, or -1 */
	char text[512];	  /* a sentence saying what was wrong */
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

/*
 * Releases a reference to a snapshot; the snapshot is freed with its last
 * reference.  NULL does nothing.
 */
EC_EXTERN void ec_snapshot_free(ec_snapshot *snap);

/*
 * Takes one more reference to snap (released with ec_snapshot_free()),
 * so a reader can keep using a snapshot that a holder has replaced.
 * Thread-safe.  Returns snap.
 */
EC_EXTERN ec_snapshot *ec_snapshot_retain(ec_snapshot *snap);

/*
 * A holder lets a long-running service replace its snapshot while other
 * threads keep querying: readers take the current snapshot with
 * ec_holder_acquire() and release it with ec_snapshot_free(); a writer
 * swaps in a new one with ec_holder_replace().  A reader never sees a
 * half-swapped state, and the old snapshot is freed when its last reader
 * releases it.
 */
typedef struct ec_holder ec_holder;

/* Creates a holder owning snap's reference (snap may be NULL). */
EC_EXTERN int ec_holder_new(ec_holder **out, ec_snapshot *snap);
/* The current snapshot, with a reference for the caller, or NULL. */
EC_EXTERN ec_snapshot *ec_holder_acquire(ec_holder *h);
/* Makes next current (taking its reference); the old one is released. */
EC_EXTERN void ec_holder_replace(ec_holder *h, ec_snapshot *next);
/* Releases the holder and its reference.  NULL does nothing. */
EC_EXTERN void ec_holder_free(ec_holder *h);

/* One input file a snapshot was built from. */
typedef struct ec_source_info {
	const char *kind;	 /* "csl", "rules", ... */
	const char *file_name;	 /* base name of the input file */
	const char *sha256;	 /* hex digest of the file's bytes as read */
	const char *layout;	 /* e.g. "csl-29" or "csl-28 (no _id)" */
	long long rows;		 /* records read from it */
	const char *date;	 /* the file's own date when known (the UN
				    list's dateGenerated, or the YYYY-MM[-DD]
				    in the file name), or "" */
	const char *as_of;	 /* YYYY-MM-DD (or YYYY-MM) the data is
				    current as of, or "" when unknown */
	const char *as_of_basis; /* where as_of came from: "given" (the
				  builder said so), "publisher" (a date
				  the publisher wrote in the file),
				  "last-modified" (the server's, for
				  update), "downloaded" (the download
				  time, for update), "estimated" (the
				  newest listing date in the data), or "" */
} ec_source_info;

/* One restricted-party list inside a snapshot. */
typedef struct ec_list_info {
	const char *code;	  /* short code: "EL", "SDN", "DPL", ... */
	const char *source;	  /* the publisher's full list name */
	long long rows;		  /* entries */
	long long names;	  /* primary names plus aliases */
	const char *newest_start; /* newest start_date (YYYY-MM-DD) or "" */
	const char *as_of;	  /* the newest as_of of the sources that
				     gave the list entries, or "" */
	const char *as_of_basis;  /* that source's as_of_basis */
	long long removed;	  /* entries kept as removed (see
				     ec_snapshot_info.history_since) */
} ec_list_info;

typedef struct ec_snapshot_info {
	unsigned format_version; /* container format */
	long long created;	 /* creation time, seconds since the epoch */
	const char *description; /* what the snapshot is, from its builder */
	long long entries;	 /* all entries, all lists */
	long long names;	 /* all names, primary plus aliases */
	long long rules;	 /* license rules compiled in */
	size_t nsources;
	const ec_source_info *sources;
	size_t nlists;
	const ec_list_info *lists;
	const char *history_since; /* entries removed from the lists since
				      this date are kept, marked removed
				      (carried forward by update), so a
				      decision dated from then on sees them;
				      "" when the snapshot has no history */
	const char *sha256;	   /* of the snapshot file's bytes, 64 hex
				      digits: what an audit record names;
				      computed by the first
				      ec_snapshot_info_get() from the file
				      as opened ("" if it cannot be read) */
	long long weight_basis;	   /* the list size the words' weights are
				      computed with: the entry count, rounded
				      up above 1,024 entries to about 2%.  Two
				      snapshots with the same basis weigh a
				      word alike unless the word's own
				      frequency changed (screen --since); 0
				      when the snapshot does not record it
				      (an older entitycheck built it) */
} ec_snapshot_info;

/*
 * The decision date a list may outrun: past its as_of date plus this many
 * days, an answer needs review (see ec_check_query.max_list_age_days).
 */
#define EC_DEFAULT_MAX_LIST_AGE 7

/* Counts, dates and provenance of snap.  Borrowed from snap; never NULL. */
EC_EXTERN const ec_snapshot_info *ec_snapshot_info_get(const ec_snapshot *snap);

/* ------------------------------------------------------------------ */
/* Building a snapshot                                                 */
/* ------------------------------------------------------------------ */

#define EC_BUILD_OPTS_VERSION 2

/* The date one kind of source (or every source) is current as of. */
typedef struct ec_as_of {
	const char *kind;  /* "csl", "ofac", "dpl", "un", or NULL for every
			      source */
	const char *date;  /* YYYY-MM-DD or YYYY-MM */
	const char *basis; /* "given" (NULL means it too): the builder says
			      so, before any date in the file; any other
			      text ("last-modified", "downloaded") names
			      how a download dated it, after a date the
			      publisher wrote in the file */
} ec_as_of;

typedef struct ec_build_opts {
	unsigned version;	 /* EC_BUILD_OPTS_VERSION */
	const char *csl_path;	 /* Consolidated Screening List CSV (.csv or
				    .csv.gz), or NULL */
	const char *rules_dir;	 /* folder of *.rules files, or NULL */
	const char *output_path; /* snapshot to write (required) */
	const char *description; /* stored in the snapshot, or NULL */
	long long created;	 /* creation time; 0 means now */
	const char *ofac_dir;	 /* folder of OFAC's legacy CSV files
				    (sdn.csv, add.csv, alt.csv,
				    sdn_comments.csv and/or cons_prim.csv,
				    cons_add.csv, cons_alt.csv), or NULL */
	const char *dpl_path;	 /* BIS Denied Persons List dpl.txt, or NULL */
	const char *un_path;	 /* UN Security Council Consolidated List
				    XML, or NULL */
	/* Version 2: */
	size_t nas_of;		  /* dates the inputs are current as of; */
	const ec_as_of *as_of;	  /* a source without one takes the date its
				     publisher wrote in it, else the newest
				     listing date in it ("estimated") */
	const char *history_from; /* a previous snapshot, or NULL: its
				    entries that the new inputs no longer
				    carry are kept, marked removed as of
				    the new list's as_of date */
} ec_build_opts;

#define EC_BUILD_OPTS_INIT                                                     \
	{                                                                      \
		EC_BUILD_OPTS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL,  \
			NULL, 0, NULL, NULL                                    \
	}

/*
 * Reads the inputs named in opts, validates them and writes a snapshot to
 * opts->output_path.  The snapshot is written to a temporary file beside the
 * output, flushed to disk and renamed over the output only when everything
 * succeeded: on failure the output path is left as it was.  Malformed input
 * returns EC_EPARSE with file, line and column in err.  Values of OFAC's,
 * BIS's and the UN's files without a CSL column are kept in the entry's ids
 * (doc/snapshot-format.md, "Other sources"); an OFAC entity the CSL also
 * carries (same id) is stored once, its ids naming both sources.  un_path
 * returns EC_EUNSUPPORTED when the library was built without libxml2; an
 * ofac_dir without OFAC's files returns EC_EINVAL.
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
	const char *entry_id; /* the source's id (CSL _id) or a derived id */
	const char *list;     /* short list code, e.g. "EL" */
	const char *source;   /* full source list name */
	const char *entity_number;
	const char *type; /* "Individual", "Entity", "Vessel", ... */
	const char *programs;
	const char *name; /* primary name */
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
	const char *alt_names;	   /* as published, "; "-separated */
	const char *addresses_raw; /* as published, "; "-separated */
	const char *citizenships;
	const char *dates_of_birth;
	const char *nationalities;
	const char *places_of_birth;
	const char *source_information_url;
	const char *ids;
	const char *country; /* ISO-2 codes from the addresses, "; " */
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
	const char *kind;	  /* "exact", "fuzzy", "joined", "initial",
				     "unmatched-query", "unmatched-listed" */
	double similarity;	  /* 0..1 */
	double weight;		  /* the pair's weight in the score */
	double contribution;	  /* what the pair adds to the score; the
				     contributions sum to the name score */
} ec_token_match;

/*
 * An identifying fact of the query weighed against the entry, or a rule
 * of evidence that bounded the score (doc/scoring.md): one explanation
 * line each.
 */
typedef struct ec_fact_match {
	const char *fact;    /* "date_of_birth", "nationality",
				"id_number", "type" or "evidence" */
	const char *note;    /* what was compared and found */
	double contribution; /* what it added to the score (may be <0) */
} ec_fact_match;

typedef struct ec_explanation {
	double name_score;	  /* the score of the names alone */
	double country_adjust;	  /* added for the query country (may be <0) */
	const char *country_note; /* e.g. "query country CN matches entry" */
	size_t ntokens;
	const ec_token_match *tokens;
	/* Since 0.5: the identifying facts and evidence rules; score is
	 * name_score + country_adjust + the sum of their contributions. */
	size_t nfacts;
	const ec_fact_match *facts;
} ec_explanation;

typedef struct ec_match {
	const char *entry_id;
	const char *list;	  /* short list code */
	const char *source;	  /* full list name */
	const char *name;	  /* the entry's primary name */
	const char *matched_name; /* the name or alias that matched */
	const char *type;
	const char *country; /* "; "-separated ISO-2 codes or "" */
	double score;
	size_t naddresses;
	const char *const *addresses;
	ec_explanation explanation;
} ec_match;

/* Version 1 ends at list; version 2 adds the identifying facts. */
#define EC_SEARCH_OPTS_VERSION 3

/*
 * Identifying facts of a party (each NULL when unknown), weighed as
 * doc/scoring.md describes.  EC_EINVAL for a malformed one.
 */
typedef struct ec_party_facts {
	const char *date_of_birth; /* YYYY, YYYY-MM or YYYY-MM-DD */
	const char *nationality;   /* ISO 3166 two-letter code or English
				      country name ("Iran", "Iranian") */
	const char *id_number;	   /* passport, national ID or registration
				      number; spaces and punctuation ignored */
	const char *id_type;	   /* what id_number is ("Passport"), or NULL */
	const char *type;	   /* "person" or "organization" */
} ec_party_facts;

/* An entry named by its list and id (entry_id as ec_entry.entry_id). */
typedef struct ec_entry_ref {
	const char *list; /* or NULL: the id in any list */
	const char *entry_id;
} ec_entry_ref;

typedef struct ec_search_opts {
	unsigned version;     /* EC_SEARCH_OPTS_VERSION */
	double min_score;     /* report matches at or above; <0: default */
	size_t limit;	      /* at most this many matches; 0: no limit */
	const char *country;  /* ISO-2 country of the party, or NULL */
	const char *address;  /* free-text address of the party, or NULL */
	const char *list;     /* only this list code, or NULL for all */
	ec_party_facts facts; /* version 2 */
	/*
	 * Version 3: only these entries (an id the snapshot lacks is
	 * skipped), each scored as a full search would score it: what a
	 * party scores against a few known entries, without looking up
	 * the rest.  nentries 0: every entry.
	 */
	size_t nentries;
	const ec_entry_ref *entries;
} ec_search_opts;

#define EC_SEARCH_OPTS_INIT                                                    \
	{                                                                      \
		EC_SEARCH_OPTS_VERSION, -1.0, 10, NULL, NULL, NULL,            \
			{NULL, NULL, NULL, NULL, NULL}, 0, NULL                \
	}

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
			 const char *name1, const char *name2, ec_error *err);

/*
 * Normalizes a name the way screening does and writes the space-separated
 * tokens to buf (always NUL-terminated when bufsize > 0).  Returns the
 * length the full result needs, excluding the NUL, or a negative code.
 */
EC_EXTERN long ec_normalize(char *buf, size_t bufsize, const char *name);

/*
 * The phonetic key the matcher compares two words of normalized names by
 * (words whose keys are equal, or within the edit budget, pair): for a
 * word from ec_normalize().  Writes it to buf as ec_normalize() does and
 * returns its length (keys are at most 64 bytes), or a negative code.
 */
EC_EXTERN long ec_phonetic(char *buf, size_t bufsize, const char *word);

/* ------------------------------------------------------------------ */
/* Differences between snapshots                                       */
/* ------------------------------------------------------------------ */

enum { EC_DIFF_ADDED = 0, EC_DIFF_REMOVED = 1, EC_DIFF_CHANGED = 2 };

typedef struct ec_diff_item {
	int kind;	  /* EC_DIFF_* */
	const char *list; /* short list code */
	const char *entry_id;
	const char *name; /* primary name (new one when changed) */
	size_t nfields;	  /* for CHANGED: the columns that differ */
	const char *const *fields;
} ec_diff_item;

typedef struct ec_diff ec_diff;

/*
 * Compares the entries of two snapshots, keyed by (list, entry id):
 * entries added, removed and changed (with the columns that changed, by
 * their CSL names: "addresses", "alt_names", ...).  Items come in (list,
 * entry id) order; an id repeated within a list is paired in snapshot
 * order.  Entries of the CSL's old 28-column layout have derived ids, so
 * against another layout they show as removed and added.  Both snapshots
 * may be in use by other threads.  *out is caller-owned (ec_diff_free());
 * EC_EINVAL for a NULL argument, EC_ENOMEM, EC_EDB.
 */
EC_EXTERN int ec_snapshot_diff(ec_diff **out, const ec_snapshot *old_snap,
			       const ec_snapshot *new_snap, ec_error *err);
/* The number of items; 0 for NULL. */
EC_EXTERN size_t ec_diff_count(const ec_diff *d);
/* Item i, borrowed from d, or NULL when out of range. */
EC_EXTERN const ec_diff_item *ec_diff_get(const ec_diff *d, size_t i);
/* Releases a diff.  NULL does nothing. */
EC_EXTERN void ec_diff_free(ec_diff *d);

/* ------------------------------------------------------------------ */
/* License registers                                                   */
/* ------------------------------------------------------------------ */

/*
 * A supplier's register of the specific licenses it holds: a CSV file with
 * the header "license_number,holder,consignee,items,valid_from,valid_to,
 * notes".  consignee is a party name or a snapshot entry id; items is
 * "ALL" or ECCNs and EAR99 separated by ';' or spaces; dates are
 * YYYY-MM-DD (valid_to may be empty: no end).
 */
typedef struct ec_license_register ec_license_register;

#define EC_REGISTER_OPTS_VERSION 1

/* How a register file is written (version 1). */
typedef struct ec_register_opts {
	unsigned version;     /* EC_REGISTER_OPTS_VERSION */
	const char *encoding; /* iconv's name of the file's encoding
				 ("WINDOWS-1252", "ISO-8859-1", "UTF-16"),
				 or NULL for UTF-8; a UTF-16 byte-order
				 mark is read as UTF-16 whatever it says */
} ec_register_opts;

/*
 * Reads and checks the whole register.  Any malformed line fails the whole
 * load with EC_EPARSE, the line number and the field in err: a register is
 * never half applied.  *out is caller-owned (ec_license_register_free()).
 */
EC_EXTERN int ec_license_register_load(ec_license_register **out,
				       const char *path, ec_error *err);
/*
 * The same for a register in another encoding (a spreadsheet's export);
 * opts may be NULL.  Bytes the encoding does not have fail the load with
 * their offset.
 */
EC_EXTERN int ec_license_register_load_opts(ec_license_register **out,
					    const char *path,
					    const ec_register_opts *opts,
					    ec_error *err);
EC_EXTERN size_t ec_license_register_count(const ec_license_register *r);
EC_EXTERN void ec_license_register_free(ec_license_register *r);

/* ------------------------------------------------------------------ */
/* Cleared hits                                                        */
/* ------------------------------------------------------------------ */

/*
 * The fingerprint of an entry's content: the SHA-256 (64 lowercase hex
 * digits and a NUL, in hex) of its list, id, type, names, addresses,
 * identifiers, license requirement and policy, Federal Register notices,
 * dates and programs.  Any change to these reopens a cleared hit.
 */
EC_EXTERN void ec_entry_fingerprint(const ec_entry *e, char hex[65]);

typedef struct ec_cleared_register ec_cleared_register;

/*
 * A register of cleared hits (false positives an analyst reviewed): a CSV
 * file with the header "party_id,party_name,entry_id,entry_fingerprint,
 * reviewer,date,expires,reason" (doc/workflow.md).  A line names the party
 * by its id (matched against ec_check_query.party_ids) or, when party_id
 * is empty, by its name (compared normalized).  ec_check() suppresses a
 * hit while the party, the entry id and the entry's fingerprint are those
 * of a line and the check's date is not after its expiry; otherwise the
 * hit stays, with ec_party_match.reopened and a warning saying why.
 * Any malformed line fails the whole load with EC_EPARSE, the line and the
 * column in err.  *out is caller-owned (ec_cleared_register_free()); it is
 * read-only and may be shared by threads.
 */
EC_EXTERN int ec_cleared_register_load(ec_cleared_register **out,
				       const char *path, ec_error *err);
/* The same for a register in another encoding (ec_register_opts). */
EC_EXTERN int ec_cleared_register_load_opts(ec_cleared_register **out,
					    const char *path,
					    const ec_register_opts *opts,
					    ec_error *err);
EC_EXTERN size_t ec_cleared_register_count(const ec_cleared_register *r);
/* The SHA-256 of the register file as read (64 hex digits); static. */
EC_EXTERN const char *ec_cleared_register_sha256(const ec_cleared_register *r);
EC_EXTERN void ec_cleared_register_free(ec_cleared_register *r);
/* The SHA-256 of a license register file as read; "" for NULL. */
EC_EXTERN const char *ec_license_register_sha256(const ec_license_register *r);

/* ------------------------------------------------------------------ */
/* License decisions                                                   */
/* ------------------------------------------------------------------ */

/* Answer status, from least to most restrictive.  Stable values. */
enum {
	EC_STATUS_NOT_SUBJECT = 0, /* the item is not subject to the EAR */
	EC_STATUS_NLR = 1,	   /* no license required */
	EC_STATUS_NLR_WITH_CONDITIONS = 2, /* no license, but duties apply */
	EC_STATUS_LICENSED = 3, /* required, and a held license covers it */
	EC_STATUS_LICENSE_REQUIRED = 4,
	EC_STATUS_PROHIBITED = 5
};

/* License review policy, from least to most restrictive. */
enum {
	EC_POLICY_NONE = 0,
	EC_POLICY_APPROVAL = 1, /* presumption of approval */
	EC_POLICY_CASE_BY_CASE = 2,
	EC_POLICY_SEE_REGULATION = 3, /* stated by a cited section */
	EC_POLICY_PRESUMPTION_DENIAL = 4,
	EC_POLICY_DENIAL = 5 /* policy of denial */
};

/* A party's role in the transaction (15 CFR 748.5(c)-(f)). */
enum {
	EC_ROLE_PURCHASER = 0,
	EC_ROLE_INTERMEDIATE_CONSIGNEE = 1,
	EC_ROLE_ULTIMATE_CONSIGNEE = 2,
	EC_ROLE_END_USER = 3
};

/* Where the item comes from. */
enum {
	EC_ORIGIN_US = 0,	     /* US-origin, wherever located */
	EC_ORIGIN_FOREIGN = 1,	     /* foreign-made, with us_content_pct */
	EC_ORIGIN_DIRECT_PRODUCT = 2 /* foreign direct product of US
					technology or software */
};

typedef struct ec_party {
	const char *name;    /* required */
	int role;	     /* EC_ROLE_* */
	const char *country; /* ISO-2, or NULL */
	const char *address; /* free text, or NULL */
} ec_party;

/*
 * A holder of shares in a party (ownership rules: OFAC's 50% rule and the
 * BIS Affiliates rule).  Owners are screened like parties; their shares in
 * the same party add up.
 */
typedef struct ec_owner {
	size_t party;	     /* index of the owned party in parties */
	const char *name;    /* required */
	double share_pct;    /* direct or indirect share, 0-100; <0 unknown */
	const char *country; /* ISO-2, or NULL */
} ec_owner;

/*
 * Version 2 added max_list_age_days, 3 nowners/owners, 4 party_facts,
 * 5 cleared/party_ids; older versions are still accepted.
 */
#define EC_CHECK_QUERY_VERSION 5

/* Fact flags of a check query. */
#define EC_FACT_PARTY_DESIGNED                                                 \
	1u			 /* the item was designed or produced          \
				    by a listed party (May 2020 FDP) */
#define EC_FACT_FOOD_MEDICINE 2u /* the item is food or medicine */
#define EC_FACT_ADVANCED_NODE                                                  \
	4u /* uniquely required for production at                              \
	      10 nm and below */

typedef struct ec_check_query {
	unsigned version; /* EC_CHECK_QUERY_VERSION */
	size_t nparties;
	const ec_party *parties;
	const char *supplier;		     /* the exporter, or NULL */
	const ec_license_register *licenses; /* held licenses, or NULL */
	const char *item;      /* ECCN ("5A002", "3A001.a") or "EAR99";
				  NULL means EAR99 */
	int origin;	       /* EC_ORIGIN_* */
	double us_content_pct; /* controlled US content, percent; <0
				  when unknown (foreign origin only) */
	const char *date;      /* YYYY-MM-DD, or NULL for today (UTC) */
	size_t nactivities;
	const char *const *activities; /* see ec_check_activities() */
	const char *contract_date;     /* YYYY-MM-DD, or NULL */
	const char *device_date;       /* first public availability, or NULL */
	unsigned facts;		       /* EC_FACT_* */
	/* Version 2: */
	int max_list_age_days; /* a decision dated more than this many
				  days after a list's as_of date needs
				  review (the list cannot know what was
				  listed since); <0 (the default) means
				  EC_DEFAULT_MAX_LIST_AGE */
	/* Version 3: */
	size_t nowners;
	const ec_owner *owners; /* owners of the parties, or NULL */
	/* Version 4: NULL, or nparties identifying facts, one per party. */
	const ec_party_facts *party_facts;
	/* Version 5: cleared hits (see ec_cleared_register_load()). */
	const ec_cleared_register *cleared; /* or NULL */
	const char *const *party_ids; /* nparties ids (an entry may be NULL),
					 or NULL: the parties' own ids in
					 the caller's records */
} ec_check_query;

#define EC_CHECK_QUERY_INIT                                                    \
	{                                                                      \
		EC_CHECK_QUERY_VERSION, 0, NULL, NULL, NULL, NULL,             \
			EC_ORIGIN_US, -1.0, NULL, 0, NULL, NULL, NULL, 0, -1,  \
			0, NULL, NULL, NULL, NULL                              \
	}

/* A rule that took part in the answer, with its authority. */
typedef struct ec_rule_fired {
	const char *id;		/* rule id, e.g. "list:EL" or "huawei-tgl-1" */
	const char *effect;	/* what it did, in words */
	const char *citation;	/* Federal Register or other source */
	const char *cfr;	/* CFR reference */
	const char *valid_from; /* YYYY-MM-DD or "" */
	const char *valid_to;	/* YYYY-MM-DD or "" */
	size_t party;		/* index of the party it concerns, or
				   (size_t)-1 */
	int status;		/* the status it leads to (EC_STATUS_*) */
	const char *entry_id;	/* the listed entry it concerns, or "" */
	int policy;		/* review policy it states (EC_POLICY_*) */
} ec_rule_fired;

/* A listed entry a party matched. */
typedef struct ec_party_match {
	size_t party;
	const char *entry_id, *list, *name, *matched_name;
	double score;
	int certain;	       /* 1: at or above the threshold; 0: possible */
	int in_force;	       /* 1: the listing applies on the date */
	const char *effective; /* date the listing takes effect */
	const char *license_requirement; /* verbatim, for EL/MEU */
	const char *license_policy;	 /* verbatim */
	int scope_understood; /* 0: the entry's text was not understood */
	/* Added in 0.5: how the party reached the entry. */
	const char *owner;	       /* the owner's name when an owner of the
					  party matched the entry, else NULL */
	int by_address;		       /* 1: the party's address matched an
					  address-only entry (15 CFR 744.16(a)) */
	const char *entry_fingerprint; /* ec_entry_fingerprint() of the entry */
	const char *reopened; /* "" or why a cleared hit is back: "cleared
				 on DATE by WHO; the entry changed since"
				 (or "the decision expired") */
} ec_party_match;

/* A hit the cleared-hits register suppressed (query version 5). */
typedef struct ec_cleared_hit {
	size_t party;
	const char *entry_id, *list, *name, *matched_name;
	double score;
	const char *entry_fingerprint;
	const char *reviewer, *date, *expires, *reason; /* the decision */
	long line; /* its line in the register */
} ec_cleared_hit;

typedef struct ec_authorization {
	const char *id;	  /* license number or rule id */
	const char *kind; /* "specific_license", "general_license",
			     "authorization", "carveout" */
	const char *name;
	const char *citation;
	const char *why; /* why it applies */
} ec_authorization;

typedef struct ec_decision {
	int status;	   /* EC_STATUS_* */
	int ofac_blocked;  /* a party is on OFAC's SDN list */
	int ofac_listed;   /* a party is on any Treasury list */
	int needs_review;  /* a match is only possible, or an entry's
			      text was not understood */
	int review_policy; /* EC_POLICY_*, most restrictive */
	const char *date;  /* the date decided for */
	const char *item;
	size_t nrules;
	const ec_rule_fired *rules;
	size_t nmatches;
	const ec_party_match *matches;
	size_t nauthorizations;
	const ec_authorization *authorizations;
	size_t nobligations;
	const char *const *obligations;
	size_t nwarnings;
	const char *const *warnings;
	int lists_outdated; /* the date is past a list's as_of date plus
			       max_list_age_days, or a list has none:
			       needs_review is set, and a warning names
			       the lists and their dates */
	/* Hits the cleared-hits register suppressed: they are not in
	 * matches and count toward neither the status nor needs_review. */
	size_t ncleared;
	const ec_cleared_hit *cleared;
} ec_decision;

/*
 * Decides whether the shipment described by q needs a license, and why,
 * with the lists and rules of snap as in force on q->date.  Party names
 * are screened as ec_search() does; a possible but uncertain match, or an
 * entry text the engine does not understand, sets needs_review and never
 * yields "no license required" for that party.  *out is caller-owned
 * (ec_decision_free()).  EC_EINVAL for a malformed query (bad date, ECCN,
 * role or activity tag).
 */
EC_EXTERN int ec_check(ec_decision **out, const ec_snapshot *snap,
		       const ec_check_query *q, ec_error *err);
EC_EXTERN void ec_decision_free(ec_decision *d);

/* "NOT_SUBJECT", "NLR", ...; static text. */
EC_EXTERN const char *ec_status_name(int status);
/* "none", "presumption_of_approval", "case_by_case", ...; static text. */
EC_EXTERN const char *ec_policy_name(int policy);
/* "purchaser", ...; static text. */
EC_EXTERN const char *ec_role_name(int role);
/* Parses a role name; returns EC_ROLE_* or -1. */
EC_EXTERN int ec_role_parse(const char *name);
/* Parses "us", "foreign" or "direct-product"; returns EC_ORIGIN_* or -1. */
EC_EXTERN int ec_origin_parse(const char *name);
/*
 * Parses a fact name ("designed_by_party", "food_medicine",
 * "advanced_node"); returns its EC_FACT_* flag, or 0 for an unknown name.
 */
EC_EXTERN unsigned ec_fact_parse(const char *name);
/*
 * The activity tags ec_check() accepts, NULL-terminated, with a one-line
 * description each in descriptions (may be NULL).  Static.
 */
EC_EXTERN const char *const *
ec_check_activities(const char *const **descriptions);

/* ------------------------------------------------------------------ */
/* Audit records                                                       */
/* ------------------------------------------------------------------ */

#define EC_AUDIT_INFO_VERSION 1

/* Who asked, with what, when: the parts of a record the library cannot
 * know. */
typedef struct ec_audit_info {
	unsigned version;    /* EC_AUDIT_INFO_VERSION */
	long long time;	     /* seconds since the epoch; 0 means now */
	const char *tool;    /* the calling program and version, or NULL */
	const char *analyst; /* who asked, or NULL */
	const char *input;   /* the file the query came from, or NULL */
	long line;	     /* its line in input, or 0 */
} ec_audit_info;

#define EC_AUDIT_INFO_INIT                                                     \
	{                                                                      \
		EC_AUDIT_INFO_VERSION, 0, NULL, NULL, NULL, 0                  \
	}

/*
 * The audit record of decision d, made by ec_check() for q on snap: one
 * line of JSON ending in "\n" (doc/workflow.md), with the time, the
 * tool, library and analyst, the snapshot's SHA-256, its sources with
 * their digests and dates, its lists, the rules' digest, the license and
 * cleared-hits registers' digests, the query and the full answer.  Valid
 * UTF-8 whatever the query held.  info may be NULL.  *out is caller-owned
 * (ec_audit_record_free()).  Thread-safe for a shared snap.
 */
EC_EXTERN int ec_audit_record(char **out, const ec_snapshot *snap,
			      const ec_check_query *q, const ec_decision *d,
			      const ec_audit_info *info, ec_error *err);
EC_EXTERN void ec_audit_record_free(char *line);

#ifdef __cplusplus
}
#endif

#endif /* ENTITYCHECK_H */
