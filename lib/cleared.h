/*
 * cleared.h: the register of cleared hits (accepted false positives), read
 * by cleared.c and consulted by decide.c for every match.
 */
#ifndef EC_CLEARED_H
#define EC_CLEARED_H

#include "common.h"
#include "csv.h"

struct ec_snapshot;

typedef struct ec__cleared {
	const char *party_id;	/* "" when the line names the party */
	const char *party_name; /* normalized, "" when party_id is set */
	const char *entry_id, *fingerprint, *reviewer, *date, *expires;
	const char *reason;
	long line;
} ec__cleared;

struct ec_cleared_register {
	ec__register reg; /* its records are ec__cleared */
};

/* What the register says about one hit. */
enum {
	EC__CLEARED_NONE = 0,	 /* no decision on this party and entry */
	EC__CLEARED_YES = 1,	 /* cleared: suppress the hit */
	EC__CLEARED_CHANGED = 2, /* cleared, but the entry changed since */
	EC__CLEARED_EXPIRED = 3	 /* cleared, but the decision expired */
};

/*
 * Looks up the hit of a party (id may be NULL; norm_name is the party's
 * normalized name) on entry_id with the entry's current fingerprint, on
 * date.  *found is the deciding line (the newest), or NULL.
 */
int ec__cleared_find(const ec_cleared_register *r, const char *party_id,
		     const char *norm_name, const char *entry_id,
		     const char *fingerprint, const char *date,
		     const ec__cleared **found);

/*
 * The statement that reads an entry for its fingerprint, prepared once
 * per snapshot and shared by threads under its lock.
 */
struct ec__fpreader;
struct ec__fpreader *ec__fpreader_new(void);
void ec__fpreader_free(struct ec__fpreader *r);

/*
 * The fingerprint of the entry stored at rowid in snap (hex, 64 digits).
 * Returns 0, EC_ENOMEM or EC_EDB.
 */
int ec__entry_fingerprint_at(const struct ec_snapshot *snap, int64_t rowid,
			     char hex[65]);
/*
 * As ec__entry_fingerprint_at(), for the entry at index idx, computed
 * once per snapshot and kept (any thread may call it).
 */
int ec__entry_fingerprint_cached(const struct ec_snapshot *snap, uint32_t idx,
				 int64_t rowid, char hex[65]);

#endif
