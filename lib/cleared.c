/*
 * cleared.c: the register of cleared hits, the "good-guy list" a team
 * keeps of the false positives it reviewed, and the entry fingerprints
 * that reopen a decision when the listing it was made on changes.  As a
 * license register, it is checked whole before any of it is used.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cleared.h"
#include "csv.h"
#include "sha256.h"
#include "snapshot.h"
#include "store.h"

/* None is "required": check_line() says what each one needs, in order. */
static const ec__register_column columns[] = {
	{"party_id", offsetof(ec__cleared, party_id), 0},
	{"party_name", offsetof(ec__cleared, party_name), 0},
	{"entry_id", offsetof(ec__cleared, entry_id), 0},
	{"entry_fingerprint", offsetof(ec__cleared, fingerprint), 0},
	{"reviewer", offsetof(ec__cleared, reviewer), 0},
	{"date", offsetof(ec__cleared, date), 0},
	{"expires", offsetof(ec__cleared, expires), 0},
	{"reason", offsetof(ec__cleared, reason), 0},
};

/* ------------------------------------------------------------------ */
/* Fingerprints                                                        */
/* ------------------------------------------------------------------ */

static void put_field(ec__sha256 *s, const char *tag, const char *v)
{
	char len[32];

	v = v ? v : "";
	/* Tagged and length-prefixed: no two contents hash the same bytes. */
	snprintf(len, sizeof(len), "%s:%zu:", tag, strlen(v));
	ec__sha256_update(s, len, strlen(len));
	ec__sha256_update(s, v, strlen(v));
}

/*
 * What a fingerprint covers, tag and field, in this order (after the
 * version, "v" "1"): any change here changes every fingerprint, and so
 * reopens every cleared hit.
 */
static const struct {
	const char *tag;
	size_t offset; /* of the ec_entry's const char * */
} fingerprinted[] = {
	{"list", offsetof(ec_entry, list)},
	{"id", offsetof(ec_entry, entry_id)},
	{"type", offsetof(ec_entry, type)},
	{"name", offsetof(ec_entry, name)},
	{"alt_names", offsetof(ec_entry, alt_names)},
	{"addresses", offsetof(ec_entry, addresses_raw)},
	{"ids", offsetof(ec_entry, ids)},
	{"license_requirement", offsetof(ec_entry, license_requirement)},
	{"license_policy", offsetof(ec_entry, license_policy)},
	{"federal_register_notice",
	 offsetof(ec_entry, federal_register_notice)},
	{"start_date", offsetof(ec_entry, start_date)},
	{"end_date", offsetof(ec_entry, end_date)},
	{"dates_of_birth", offsetof(ec_entry, dates_of_birth)},
	{"programs", offsetof(ec_entry, programs)},
};

void ec_entry_fingerprint(const ec_entry *e, char hex[65])
{
	ec__sha256 s;
	size_t i;

	ec__sha256_init(&s);
	put_field(&s, "v", "1");
	for (i = 0; i < EC__ARRAY_LEN(fingerprinted); i++)
		put_field(&s, fingerprinted[i].tag,
			  *(const char *const *)((const char *)e +
						 fingerprinted[i].offset));
	ec__sha256_final_hex(&s, hex);
}

struct ec__fpreader {
	pthread_mutex_t lock;
	sqlite3_stmt *st;
};

struct ec__fpreader *ec__fpreader_new(void)
{
	struct ec__fpreader *r = ec__calloc(1, sizeof(*r));

	if (r && pthread_mutex_init(&r->lock, NULL)) {
		ec__free(r);
		return NULL;
	}
	return r;
}

void ec__fpreader_free(struct ec__fpreader *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	pthread_mutex_destroy(&r->lock);
	ec__free(r);
}

/* Reads the entry at rowid; the caller holds r->lock. */
static int read_entry(const ec_snapshot *snap, struct ec__fpreader *r,
		      int64_t rowid, ec_entry **e)
{
	int rc;

	if (!r->st && (rc = ec__store_entry_query(snap->db, "WHERE rowid = ?1",
						  &r->st, "fingerprint", NULL)))
		return rc;
	sqlite3_bind_int64(r->st, 1, rowid);
	rc = ec__store_entry_step(r->st, e, "fingerprint", NULL);
	sqlite3_reset(r->st);
	/* The index names only rows the snapshot holds. */
	return rc == EC_ENOTFOUND ? EC_EDB : rc;
}

int ec__entry_fingerprint_at(const ec_snapshot *snap, int64_t rowid,
			     char hex[65])
{
	struct ec__fpreader *r = snap->fpreader;
	ec_entry *e = NULL;
	int rc;

	pthread_mutex_lock(&r->lock);
	rc = read_entry(snap, r, rowid, &e);
	pthread_mutex_unlock(&r->lock);
	if (rc)
		return rc;
	ec_entry_fingerprint(e, hex);
	ec_entry_free(e);
	return 0;
}

int ec__entry_fingerprint_cached(const ec_snapshot *snap, uint32_t idx,
				 int64_t rowid, char hex[65])
{
	_Atomic(char *) *slot = &snap->fpcache[idx];
	char *v = atomic_load(slot), *mine, *none = NULL;
	int rc;

	if (v) {
		memcpy(hex, v, 65);
		return 0;
	}
	if ((rc = ec__entry_fingerprint_at(snap, rowid, hex)))
		return rc;
	/* Without memory the answer stands; only the next is slower. */
	if (!(mine = ec__malloc(65)))
		return 0;
	memcpy(mine, hex, 65);
	/* Every thread computes the same digest: the first one stays. */
	if (!atomic_compare_exchange_strong(slot, &none, mine))
		ec__free(mine);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The register                                                        */
/* ------------------------------------------------------------------ */

static const char *normalized(ec__arena *a, const char *name)
{
	char small[512], *big = NULL;
	long n = ec_normalize(small, sizeof(small), name);
	const char *r;

	if (n < 0) {
		a->failed = 1;
		return "";
	}
	if ((size_t)n < sizeof(small))
		return ec__arena_str(a, small);
	if (!(big = ec__malloc((size_t)n + 1)) ||
	    ec_normalize(big, (size_t)n + 1, name) < 0) {
		ec__free(big);
		a->failed = 1;
		return "";
	}
	r = ec__arena_str(a, big);
	ec__free(big);
	return r;
}

static int is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* Checks one line's values; 0, or EC_EPARSE with the column in err. */
static int check_line(const ec__cleared *c, const char *path, long line,
		      long long off, ec_error *err)
{
	if (!*c->party_id && !*c->party_name)
		return ec__fail_at(err, EC_EPARSE, path, line, 1, off,
				   "party_id or party_name is needed");
	if (!*c->entry_id)
		return ec__fail_at(err, EC_EPARSE, path, line, 3, off,
				   "empty entry_id");
	if (!is_hex64(c->fingerprint))
		return ec__fail_at(err, EC_EPARSE, path, line, 4, off,
				   "entry_fingerprint must be the 64 hex "
				   "digits a screen result gives");
	if (!*c->reviewer)
		return ec__fail_at(err, EC_EPARSE, path, line, 5, off,
				   "empty reviewer");
	if (!ec__valid_date(c->date))
		return ec__fail_at(err, EC_EPARSE, path, line, 6, off,
				   "date \"%.20s\" is not YYYY-MM-DD", c->date);
	if (*c->expires &&
	    (!ec__valid_date(c->expires) || strcmp(c->expires, c->date) < 0))
		return ec__fail_at(err, EC_EPARSE, path, line, 7, off,
				   "expires \"%.20s\" is not a YYYY-MM-DD date "
				   "on or after the decision's date",
				   c->expires);
	if (!*c->reason)
		return ec__fail_at(err, EC_EPARSE, path, line, 8, off,
				   "empty reason: say why the hit is cleared");
	return 0;
}

/*
 * Completes one line of the register (ctx): the line number and the
 * normalized party name, then checks it.
 */
static int check_record(ec__register *r, void *record, const char *path,
			const ec__csv_row *row, ec_error *err)
{
	ec__cleared *c = record;

	c->line = row->line;
	c->party_name =
		*c->party_id ? "" : normalized(&r->arena, row->fields[1]);
	if (r->arena.failed)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if (!*c->party_id && !*c->party_name && *row->fields[1])
		return ec__fail_at(err, EC_EPARSE, path, row->line, 2,
				   row->offset,
				   "party_name \"%.40s\" has no word to match",
				   row->fields[1]);
	return check_line(c, path, row->line, row->offset, err);
}

int ec_cleared_register_load(ec_cleared_register **out, const char *path,
			     ec_error *err)
{
	return ec_cleared_register_load_opts(out, path, NULL, err);
}

int ec_cleared_register_load_opts(ec_cleared_register **out, const char *path,
				  const ec_register_opts *opts, ec_error *err)
{
	static const ec__register_spec spec = {
		"cleared-hits register", columns, EC__ARRAY_LEN(columns),
		sizeof(ec__cleared), check_record};

	return ec__register_load((void **)out, sizeof(**out), path, opts, &spec,
				 err);
}

int ec__cleared_find(const ec_cleared_register *r, const char *party_id,
		     const char *norm_name, const char *entry_id,
		     const char *fingerprint, const char *date,
		     const ec__cleared **found)
{
	const ec__cleared *v = r ? r->reg.v : NULL, *best = NULL, *stale = NULL;
	size_t i;

	*found = NULL;
	for (i = 0; r && i < r->reg.n; i++) {
		const ec__cleared *c = &v[i];

		if (strcmp(c->entry_id, entry_id) != 0)
			continue;
		if (*c->party_id ? !party_id || strcmp(c->party_id, party_id)
				 : strcmp(c->party_name, norm_name))
			continue;
		if (strcmp(c->fingerprint, fingerprint) != 0) {
			if (!stale || strcmp(c->date, stale->date) >= 0)
				stale = c;
			continue;
		}
		/* The newest decision on the same content decides. */
		if (!best || strcmp(c->date, best->date) >= 0)
			best = c;
	}
	if (best) {
		*found = best;
		return *best->expires && strcmp(date, best->expires) > 0
			       ? EC__CLEARED_EXPIRED
			       : EC__CLEARED_YES;
	}
	*found = stale;
	return stale ? EC__CLEARED_CHANGED : EC__CLEARED_NONE;
}

size_t ec_cleared_register_count(const ec_cleared_register *r)
{
	return r ? r->reg.n : 0;
}

const char *ec_cleared_register_sha256(const ec_cleared_register *r)
{
	return r ? r->reg.sha256 : "";
}

void ec_cleared_register_free(ec_cleared_register *r)
{
	ec__register_free(r ? &r->reg : NULL);
}
