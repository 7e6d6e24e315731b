/*
 * snapshot.h: the snapshot container (header, provenance, checksums and a
 * zlib-compressed SQLite image) and the open snapshot handle.
 */
#ifndef EC_SNAPSHOT_H
#define EC_SNAPSHOT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "index.h"

/* Fixed header: see doc/snapshot-format.md. */
#define EC__SNAP_HEADER 56
#define EC__SNAP_MAX_PROV ((size_t)1 << 20)
#define EC__SNAP_MAX_IMAGE ((uint64_t)1 << 31)

struct ec__rules; /* rules.h */

struct ec_snapshot {
	_Atomic long refs; /* references; freed when the last goes */
	sqlite3 *db;
	ec__index *ix;
	struct ec__rules *rules;
	char *prov; /* provenance text, parsed into info */
	ec_snapshot_info info;
	ec_source_info *sources;
	ec_list_info *lists;
	/*
	 * Entry texts classified on first use, per (list kind, text id):
	 * filled lock-free by whichever thread needs one first.
	 */
	_Atomic(struct ec__entrytext *) *tcache;
	size_t ntcache;
	/*
	 * Each entry's listing document in the rules, found on first use:
	 * 0 not looked up yet, 1 none, else the stanza's address.
	 */
	_Atomic uintptr_t *doccache;
	/* Entries kept as removed (history.c), by seq. */
	struct ec__removal *removed;
	size_t nremoved;
	/* The address-only Entity List entries, found on first use. */
	_Atomic(struct ec__addr_set *) addrset;
	/* Entries by list and id, and their names (entryset.c). */
	_Atomic(struct ec__entry_map *) entrymap;
	char sha256[65]; /* of the snapshot file's bytes (the audit's) */
	/*
	 * The digest costs as much as the rest of an open, and only an audit
	 * or a report asks for it: it is computed on the first
	 * ec_snapshot_info_get(), from the file kept open (fd) as it was
	 * opened, even if a newer file has been renamed over its path.
	 */
	int fd;		      /* the snapshot file, or -1 */
	_Atomic int sha_done; /* sha256 holds the digest (or "") */
	pthread_mutex_t sha_lock;
	/*
	 * Each entry's fingerprint (cleared.c), found on first use and
	 * kept lock-free like doccache: NULL until then.
	 */
	_Atomic(char *) *fpcache;
	struct ec__fpreader *fpreader; /* reads an entry for it (cleared.c) */
};

/* The entry index of match i of a result set from ec_search(). */
uint32_t ec__matches_entry(const ec_matches *m, size_t i);

/*
 * Serializes db, compresses it and writes the container to path through a
 * temporary file that is flushed and renamed only on success.
 */
int ec__snapshot_write(const char *path, sqlite3 *db, const char *prov,
		       long long created, ec_error *err);

/* Appends a provenance line of tab-separated values (tabs and newlines in
 * values become spaces). */
int ec__prov_line(ec__buf *b, const char *key, const char *const *vals,
		  size_t n);

#endif
