/*
 * build.c: making a snapshot.  Ingest every input, store every record,
 * compile the rules and the name index, then write the container.  Nothing
 * is written to the output path unless every step succeeded.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "freshness.h"
#include "history.h"
#include "index.h"
#include "normalize.h"
#include "ingest.h"
#include "rules.h"
#include "snapshot.h"
#include "store.h"

#define MAX_LISTS 64
#define MAX_SOURCES 63 /* source seqs that a list_stat mask holds */

struct list_stat {
	char code[32];
	char *source;
	long long rows, names, removed;
	char newest[11];
	uint64_t sources; /* bit s: source_file s gave it entries */
};

/* The as-of date of each source file, by its seq. */
struct source_date {
	char as_of[11];
	const char *basis;
};

struct build {
	sqlite3 *db;
	ec__store_writer *w;
	ec__index_builder *ix;
	ec__buf country;
	struct list_stat lists[MAX_LISTS];
	size_t nlists;
	long long entries, names, source_seq;
	/* Merging OFAC's own files into the CSL's rows for the same entity
	 * (see merge_ofac()). */
	long long nsources; /* source_file rows written so far */
	long long csl_last; /* the last entry row read from the CSL */
	const char *kind;   /* the kind of source being read */
	sqlite3_stmt *merge_st, *ids_st;
	uint32_t *row_ix; /* name-index entry of each entry row */
	size_t row_ix_cap;
	char src_newest[11]; /* newest start_date of the source read */
	int carrying;	     /* storing entries the lists dropped */
	int64_t last_rowid;  /* the row on_record stored last */
	char history_since[11];
	struct source_date dates[MAX_SOURCES + 1];
};

struct name_ctx {
	struct build *b;
	uint32_t idx;
	int person;
	long long count;
};

static int add_alias(void *ud, const char *s, size_t n)
{
	struct name_ctx *c = ud;
	char *copy = ec__strndup(s, n);
	int rc;

	if (!copy)
		return EC_ENOMEM;
	rc = ec__index_add_name(c->b->ix, c->idx, copy, c->person, 1);
	ec__free(copy);
	c->count++;
	return rc;
}

static struct list_stat *list_for(struct build *b, const ec__record *rec)
{
	size_t i;

	for (i = 0; i < b->nlists; i++)
		if (strcmp(b->lists[i].code, rec->list) == 0)
			return &b->lists[i];
	if (b->nlists == MAX_LISTS)
		return NULL;
	snprintf(b->lists[i].code, sizeof(b->lists[i].code), "%s", rec->list);
	b->lists[i].source = ec__strdup(rec->f[EC__F_SOURCE]);
	if (!b->lists[i].source)
		return NULL;
	b->nlists++;
	return &b->lists[i];
}

/* Does name equal (ignoring ASCII case) one of the entry's names? */
static int known_name(const char *name, size_t n, const char *primary,
		      const char *alts)
{
	const char *s = primary;
	int pass;

	for (pass = 0; pass < 2; pass++, s = alts) {
		while (*s) {
			const char *end = pass ? strchr(s, ';') : NULL;
			size_t len = end ? (size_t)(end - s) : strlen(s), k;

			while (len && *s == ' ') {
				s++;
				len--;
			}
			while (len && s[len - 1] == ' ')
				len--;
			for (k = 0; k < n && len == n; k++)
				if (tolower((unsigned char)s[k]) !=
				    tolower((unsigned char)name[k]))
					break;
			if (len == n && k == n)
				return 1;
			if (!end)
				break;
			s = end + 1;
		}
	}
	return 0;
}

struct merge_ctx {
	struct name_ctx nc;	 /* the CSL row's entry; count: names added */
	const char *name, *alts; /* the CSL row's names */
};

/* An OFAC name the CSL row lacks becomes one of its aliases. */
static int merge_name(void *ud, const char *s, size_t n)
{
	struct merge_ctx *m = ud;

	if (known_name(s, n, m->name, m->alts))
		return 0;
	return add_alias(&m->nc, s, n);
}

/*
 * OFAC's own files and the CSL publish the same Treasury entities under
 * the same id (the CSL's _id is OFAC's ent_num): a record of OFAC's files
 * whose entity the CSL already gave is not stored again.  The CSL row is
 * kept as published; OFAC's names that it lacks become aliases of it in
 * the name index, and its ids column ends with a "Sources" item naming
 * both files and lines, so a search finds the entity once, under every
 * name either source gives.  Returns 1 when rec matched no CSL row.
 */
static int merge_ofac(struct build *b, const ec__record *rec, ec_error *err)
{
	static const char sql[] =
		"SELECT e.seq, e.name, e.alt_names, e.ids, e.type, e.line,"
		" f.kind, f.file_name FROM entry e JOIN source_file f"
		" ON f.seq = e.source_file WHERE e._id = ?1 AND e.seq <= ?2"
		" AND ((?3 = 'SDN' AND e.list = 'SDN') OR (?3 <> 'SDN' AND"
		" e.list <> 'SDN' AND e.source LIKE '% - Treasury Department'))"
		" ORDER BY e.seq";
	sqlite3_stmt *st;
	ec__buf ids = EC__BUF_INIT;
	int rc, found = 0;

	if (!b->merge_st &&
	    sqlite3_prepare_v2(b->db, sql, -1, &b->merge_st, NULL) != SQLITE_OK)
		return ec__store_fail(b->db, err, "prepare merge");
	st = b->merge_st;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, rec->f[EC__F_ID], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, b->csl_last);
	sqlite3_bind_text(st, 3, rec->list, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct merge_ctx m;
		long long seq = sqlite3_column_int64(st, 0);
		const char *old_ids = (const char *)sqlite3_column_text(st, 3);

		m.nc.b = b;
		m.nc.idx = b->row_ix[seq];
		m.name = (const char *)sqlite3_column_text(st, 1);
		m.alts = (const char *)sqlite3_column_text(st, 2);
		m.nc.person = sqlite3_column_text(st, 4) &&
			      strcmp((const char *)sqlite3_column_text(st, 4),
				     "Individual") == 0;
		m.nc.count = 0;
		if (!m.name)
			m.name = "";
		if (!m.alts)
			m.alts = "";
		if (!old_ids)
			old_ids = "";
		/*
		 * A row is merged at most once: ent_num is unique within
		 * sdn and within cons_prim, which merge into different rows.
		 */
		ec__buf_clear(&ids);
		if (ec__buf_printf(&ids, "%s%sSources: %s %s:%lld, %s %s:%ld",
				   old_ids, *old_ids ? "; " : "",
				   (const char *)sqlite3_column_text(st, 6),
				   (const char *)sqlite3_column_text(st, 7),
				   (long long)sqlite3_column_int64(st, 5),
				   b->kind, ec__basename(rec->file),
				   rec->line)) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			goto done;
		}
		if ((rc = merge_name(&m, rec->f[EC__F_NAME],
				     strlen(rec->f[EC__F_NAME]))) ||
		    (rc = ec__split_multi(rec->f[EC__F_ALT_NAMES], merge_name,
					  &m))) {
			rc = rc == EC_ENOMEM
				     ? ec__fail(err, rc, "out of memory")
				     : ec__fail_at(err, rc, rec->file,
						   rec->line, 0, -1,
						   "cannot index the names");
			goto done;
		}
		if (!b->ids_st &&
		    sqlite3_prepare_v2(
			    b->db, "UPDATE entry SET ids = ?1 WHERE seq = ?2",
			    -1, &b->ids_st, NULL) != SQLITE_OK) {
			rc = ec__store_fail(b->db, err, "prepare merge");
			goto done;
		}
		sqlite3_bind_text(b->ids_st, 1, ids.ptr, (int)ids.len,
				  SQLITE_STATIC);
		sqlite3_bind_int64(b->ids_st, 2, seq);
		rc = sqlite3_step(b->ids_st);
		if (rc != SQLITE_DONE)
			rc = ec__store_fail(b->db, err, "merge");
		sqlite3_reset(b->ids_st);
		if (rc != SQLITE_DONE)
			goto done;
		b->names += m.nc.count;
		found = 1;
	}
	rc = rc == SQLITE_DONE ? 0 : ec__store_fail(b->db, err, "merge");
done:
	sqlite3_reset(st);
	ec__buf_dispose(&ids);
	return rc ? rc : !found;
}

static int on_record(void *ud, const ec__record *rec, ec_error *err)
{
	struct build *b = ud;
	struct list_stat *ls;
	struct name_ctx nc;
	ec__ix_entry_in in;
	int64_t rowid;
	int rc;

	if (b->csl_last && strcmp(b->kind, "ofac") == 0 &&
	    (rc = merge_ofac(b, rec, err)) != 1)
		return rc;
	if (rec->country) {
		ec__buf_clear(&b->country);
		if (ec__buf_puts(&b->country, rec->country))
			return ec__fail(err, EC_ENOMEM, "out of memory");
	} else if (ec__address_countries(rec->f[EC__F_ADDRESSES],
					 &b->country)) {
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	if ((rc = ec__store_insert(b->w, rec,
				   b->country.ptr ? b->country.ptr : "",
				   b->source_seq + rec->source, &rowid, err)))
		return rc;
	ls = list_for(b, rec);
	if (!ls && b->nlists < MAX_LISTS)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if (!ls)
		return ec__fail_at(err, EC_ELIMIT, rec->file, rec->line, 2, -1,
				   "more than %d source lists", MAX_LISTS);
	in.entry_id = rec->f[EC__F_ID];
	in.list = rec->list;
	in.source = rec->f[EC__F_SOURCE];
	in.name = rec->f[EC__F_NAME];
	in.type = rec->f[EC__F_TYPE];
	in.country = b->country.ptr ? b->country.ptr : "";
	in.addresses = rec->f[EC__F_ADDRESSES];
	in.rowid = rowid;
	in.license_requirement = rec->f[EC__F_LICENSE_REQUIREMENT];
	in.license_policy = rec->f[EC__F_LICENSE_POLICY];
	in.federal_register_notice = rec->f[EC__F_FR_NOTICE];
	in.start_date = rec->f[EC__F_START_DATE];
	in.end_date = rec->f[EC__F_END_DATE];
	in.programs = rec->f[EC__F_PROGRAMS];
	in.dates_of_birth = rec->f[EC__F_DATES_OF_BIRTH];
	in.nationalities = rec->f[EC__F_NATIONALITIES];
	in.citizenships = rec->f[EC__F_CITIZENSHIPS];
	in.ids = rec->f[EC__F_IDS];
	nc.b = b;
	nc.person = strcmp(rec->f[EC__F_TYPE], "Individual") == 0;
	/* Lists without a type column (DPL, DTC, ...): read the name. */
	if (!rec->f[EC__F_TYPE][0] && !nc.person) {
		ec__tokens t;

		ec__tokens_init(&t);
		if (ec__normalize(&t, rec->f[EC__F_NAME],
				  strlen(rec->f[EC__F_NAME]), 0)) {
			ec__tokens_dispose(&t);
			return ec__fail(err, EC_ENOMEM, "out of memory");
		}
		nc.person = ec__looks_personal(&t);
		ec__tokens_dispose(&t);
	}
	nc.count = 1;
	if ((rc = ec__grow((void **)&b->row_ix, &b->row_ix_cap,
			   (size_t)rowid + 1, sizeof(*b->row_ix))))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	rc = ec__index_add_entry(b->ix, &in, &nc.idx);
	if (!rc)
		b->row_ix[rowid] = nc.idx;
	if (rc ||
	    (rc = ec__index_add_name(b->ix, nc.idx, rec->f[EC__F_NAME],
				     nc.person, 0)) ||
	    (rc = ec__split_multi(rec->f[EC__F_ALT_NAMES], add_alias, &nc)))
		return rc == EC_ENOMEM
			       ? ec__fail(err, rc, "out of memory")
			       : ec__fail_at(err, rc, rec->file, rec->line, 0,
					     -1, "cannot index the names");
	b->last_rowid = rowid;
	b->entries++;
	b->names += nc.count;
	if (b->carrying)
		return 0; /* a removed entry: not counted as listed */
	ls->rows++;
	ls->names += nc.count;
	if (b->source_seq + rec->source <= MAX_SOURCES)
		ls->sources |= (uint64_t)1 << (b->source_seq + rec->source);
	if (ec__valid_date(rec->f[EC__F_START_DATE]) &&
	    strcmp(rec->f[EC__F_START_DATE], b->src_newest) > 0)
		memcpy(b->src_newest, rec->f[EC__F_START_DATE], 11);
	if (strcmp(rec->f[EC__F_START_DATE], ls->newest) > 0)
		snprintf(ls->newest, sizeof(ls->newest), "%s",
			 rec->f[EC__F_START_DATE]);
	return 0;
}

/*
 * Records one source file with the date its data is current as of (the
 * rules are not a list and have none).
 */
static int record_source(struct build *b, const ec_build_opts *o,
			 const ec__prov *p, ec__buf *prov, ec_error *err)
{
	struct source_date sd = {"", ""};
	char rows[32];
	const char *vals[8];

	if (strcmp(p->kind, "rules") != 0)
		ec__asof_choose(o, p->kind,
				strcmp(p->kind, "un") == 0 ? p->date : "",
				b->src_newest, sd.as_of, &sd.basis);
	snprintf(rows, sizeof(rows), "%lld", p->rows);
	vals[0] = p->kind;
	vals[1] = p->file_name;
	vals[2] = p->sha256;
	vals[3] = p->layout;
	vals[4] = rows;
	vals[5] = p->date;
	vals[6] = sd.as_of;
	vals[7] = sd.basis;
	if (ec__prov_line(prov, "source", vals, 8))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	b->nsources++;
	if (b->nsources <= MAX_SOURCES)
		b->dates[b->nsources] = sd;
	return ec__store_exec(b->db, err,
			      "INSERT INTO source_file(kind, file_name, sha256,"
			      " layout, rows) VALUES(?,?,?,?,?)",
			      p->kind, p->file_name, p->sha256, p->layout, rows,
			      (const char *)NULL);
}

/* A list is as current as the newest source that gave it entries. */
static const struct source_date *list_date(const struct build *b,
					   const struct list_stat *l)
{
	static const struct source_date none = {"", ""};
	const struct source_date *best = &none;
	int s;

	for (s = 1; s <= MAX_SOURCES; s++)
		if ((l->sources >> s & 1) &&
		    strcmp(b->dates[s].as_of, best->as_of) > 0)
			best = &b->dates[s];
	return best;
}

/* Stores an entry the new inputs dropped, marked removed (history.c). */
static int on_carried(void *ud, const ec__record *rec, const char *removed_on,
		      ec_error *err)
{
	struct build *b = ud;
	struct list_stat *ls = NULL;
	char seq[32];
	size_t i;
	int rc;

	for (i = 0; i < b->nlists && !ls; i++)
		if (strcmp(b->lists[i].code, rec->list) == 0)
			ls = &b->lists[i];
	if (!ls)
		return 0; /* history.c passes only lists the build has */
	/* Dropped by this download: removed as of the list's date. */
	if (!*removed_on)
		removed_on = list_date(b, ls)->as_of;
	b->carrying = 1;
	rc = on_record(b, rec, err);
	b->carrying = 0;
	if (rc)
		return rc;
	ls->removed++;
	snprintf(seq, sizeof(seq), "%lld", (long long)b->last_rowid);
	return ec__store_exec(
		b->db, err, "INSERT INTO removal(seq, removed_on) VALUES(?, ?)",
		seq, removed_on, (const char *)NULL);
}

/* Keeps the previous snapshot's entries that the inputs dropped. */
static int carry_history(struct build *b, const char *old_path, ec__buf *prov,
			 ec_error *err)
{
	const char *v = b->history_since;
	int rc;

	b->kind = "history";
	b->source_seq = 0;
	if ((rc = ec__history_carry(old_path, b->db, b->entries, on_carried, b,
				    b->history_since, err)))
		return rc;
	if (*v && ec__prov_line(prov, "history", &v, 1))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	return 0;
}

static int finish(struct build *b, const ec_build_opts *o, ec__buf *prov,
		  long long nrules, long long created, ec_error *err)
{
	unsigned char *blob = NULL;
	size_t blob_len = 0, i;
	sqlite3_stmt *st = NULL;
	char num[3][32];
	const char *v[8];
	int rc;

	snprintf(num[0], sizeof(num[0]), "%lld", b->entries);
	snprintf(num[1], sizeof(num[1]), "%lld", b->names);
	snprintf(num[2], sizeof(num[2]), "%lld", nrules);
	v[0] = num[0];
	if (ec__prov_line(prov, "entries", v, 1))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	v[0] = num[1];
	if (ec__prov_line(prov, "names", v, 1))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	v[0] = num[2];
	if (ec__prov_line(prov, "rules", v, 1))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	/* The list size the index weighs words with (index_build.c). */
	snprintf(num[0], sizeof(num[0]), "%zu",
		 ec__weight_basis((size_t)b->entries));
	v[0] = num[0];
	if (ec__prov_line(prov, "weights", v, 1))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	for (i = 0; i < b->nlists; i++) {
		struct list_stat *l = &b->lists[i];
		const struct source_date *sd = list_date(b, l);
		char r[32], n[32];

		snprintf(r, sizeof(r), "%lld", l->rows);
		snprintf(n, sizeof(n), "%lld", l->names);
		v[0] = l->code;
		v[1] = l->source;
		v[2] = r;
		v[3] = n;
		v[4] = l->newest;
		v[5] = sd->as_of;
		v[6] = sd->basis;
		snprintf(num[0], sizeof(num[0]), "%lld", l->removed);
		v[7] = num[0];
		if (ec__prov_line(prov, "list", v, 8))
			return ec__fail(err, EC_ENOMEM, "out of memory");
		if ((rc = ec__store_exec(b->db, err,
					 "INSERT INTO list(code, source, rows,"
					 " names, newest_start) VALUES"
					 "(?,?,?,?,?)",
					 l->code, l->source, r, n, l->newest,
					 (const char *)NULL)))
			return rc;
	}
	if ((rc = ec__index_serialize(b->ix, &blob, &blob_len)))
		return ec__fail(err, rc, "cannot serialize the name index");
	if (sqlite3_prepare_v2(
		    b->db, "INSERT INTO blob(name, data) VALUES('names', ?)",
		    -1, &st, NULL) != SQLITE_OK) {
		ec__free(blob);
		return ec__store_fail(b->db, err, "store the name index");
	}
	sqlite3_bind_blob64(st, 1, blob, blob_len, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE
		     ? 0
		     : ec__store_fail(b->db, err, "store the name index");
	sqlite3_finalize(st);
	ec__free(blob);
	if (rc)
		return rc;
	if ((rc = ec__store_exec(b->db, err, "COMMIT", (const char *)NULL)) ||
	    (rc = ec__store_exec(b->db, err, "VACUUM", (const char *)NULL)))
		return rc;
	return ec__snapshot_write(o->output_path, b->db, prov->ptr, created,
				  err);
}

/* Checks the options, upgrading a version 1 caller's into *full. */
static int check_opts(const ec_build_opts **o, ec_build_opts *full,
		      ec_error *err)
{
	const ec_build_opts *x = *o;
	size_t i;

	if (x && x->version == 1) {
		memset(full, 0, sizeof(*full));
		memcpy(full, x, offsetof(ec_build_opts, nas_of));
		full->version = EC_BUILD_OPTS_VERSION;
		*o = x = full;
	}
	if (!x || x->version != EC_BUILD_OPTS_VERSION || !x->output_path ||
	    (!x->csl_path && !x->rules_dir && !x->ofac_dir && !x->dpl_path &&
	     !x->un_path))
		return ec__fail(err, EC_EINVAL,
				"build needs an output path and at least one "
				"input");
	for (i = 0; i < x->nas_of; i++) {
		const ec_as_of *a = &x->as_of[i];

		if (!ec__asof_valid(a->date))
			return ec__fail(err, EC_EINVAL,
					"as-of date \"%.16s\" is not "
					"YYYY-MM-DD or YYYY-MM",
					a->date ? a->date : "(null)");
		if (a->kind && strcmp(a->kind, "csl") != 0 &&
		    strcmp(a->kind, "ofac") != 0 &&
		    strcmp(a->kind, "dpl") != 0 && strcmp(a->kind, "un") != 0)
			return ec__fail(err, EC_EINVAL,
					"as-of date for \"%.16s\": the sources "
					"are csl, ofac, dpl and un",
					a->kind);
	}
	return 0;
}

/* The entries that follow come from a new source of this kind. */
static void begin_source(struct build *b, const char *kind)
{
	b->source_seq = b->nsources + 1;
	b->src_newest[0] = '\0';
	b->kind = kind;
}

/* A source of one file: its entries, then its provenance line. */
static int add_source(struct build *b, const ec_build_opts *o, const char *kind,
		      int (*ingest)(const char *path, ec__record_cb cb,
				    void *ud, ec__prov *prov, ec_error *err),
		      const char *path, ec__buf *prov, ec_error *err)
{
	ec__prov p;
	int rc;

	begin_source(b, kind);
	if ((rc = ingest(path, on_record, b, &p, err)))
		return rc;
	return record_source(b, o, &p, prov, err);
}

int ec_build(const ec_build_opts *o, ec_error *err)
{
	struct build b;
	ec_build_opts full;
	ec__buf prov = EC__BUF_INIT;
	ec__prov p;
	long long nrules = 0, created;
	char stamp[32];
	size_t i;
	int rc;

	ec__error_clear(err);
	if ((rc = check_opts(&o, &full, err)))
		return rc;
	memset(&b, 0, sizeof(b));
	memset(&p, 0, sizeof(p));
	created = o->created ? o->created : (long long)time(NULL);
	snprintf(stamp, sizeof(stamp), "%lld", created);
	if ((rc = ec__store_create(&b.db, err)))
		return rc;
	if ((rc = ec__store_exec(b.db, err, "BEGIN", (const char *)NULL)) ||
	    (rc = ec__store_exec(b.db, err,
				 "INSERT INTO meta VALUES('schema_version', ?),"
				 " ('created', ?), ('description', ?),"
				 " ('library_version', ?)",
				 "1", stamp,
				 o->description ? o->description : "",
				 EC_VERSION, (const char *)NULL)))
		goto done;
	{
		const char *d = o->description ? o->description : "";

		if (ec__prov_line(&prov, "description", &d, 1)) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			goto done;
		}
	}
	if ((rc = ec__store_writer_new(&b.w, b.db, err)))
		goto done;
	if ((rc = ec__index_builder_new(&b.ix))) {
		ec__fail(err, rc, "out of memory");
		goto done;
	}
	if (o->csl_path) {
		if ((rc = add_source(&b, o, "csl", ec__ingest_csl, o->csl_path,
				     &prov, err)))
			goto done;
		b.csl_last = b.entries;
	}
	if (o->ofac_dir) {
		ec__prov op[EC__OFAC_MAX_FILES];
		size_t n = 0, k;

		begin_source(&b, "ofac");
		if ((rc = ec__ingest_ofac(o->ofac_dir, on_record, &b, op, &n,
					  err)))
			goto done;
		for (k = 0; k < n; k++)
			if ((rc = record_source(&b, o, &op[k], &prov, err)))
				goto done;
	}
	if ((o->dpl_path && (rc = add_source(&b, o, "dpl", ec__ingest_dpl,
					     o->dpl_path, &prov, err))) ||
	    (o->un_path && (rc = add_source(&b, o, "un", ec__ingest_un,
					    o->un_path, &prov, err))))
		goto done;
	if (o->history_from &&
	    (rc = carry_history(&b, o->history_from, &prov, err)))
		goto done;
	if (o->rules_dir) {
		if ((rc = ec__rules_compile(b.db, o->rules_dir, &nrules,
					    p.sha256, err)))
			goto done;
		snprintf(p.kind, sizeof(p.kind), "rules");
		snprintf(p.file_name, sizeof(p.file_name), "%s",
			 ec__basename(o->rules_dir));
		snprintf(p.layout, sizeof(p.layout), "entitycheck-rules-1");
		p.rows = nrules;
		p.date[0] = '\0';
		if ((rc = record_source(&b, o, &p, &prov, err)))
			goto done;
	}
	/* No statement may be pending when the database is vacuumed. */
	ec__store_writer_free(b.w);
	b.w = NULL;
	sqlite3_finalize(b.merge_st);
	sqlite3_finalize(b.ids_st);
	b.merge_st = b.ids_st = NULL;
	rc = finish(&b, o, &prov, nrules, created, err);
done:
	ec__store_writer_free(b.w);
	sqlite3_finalize(b.merge_st);
	sqlite3_finalize(b.ids_st);
	ec__free(b.row_ix);
	ec__index_builder_free(b.ix);
	ec__buf_dispose(&b.country);
	ec__buf_dispose(&prov);
	for (i = 0; i < b.nlists; i++)
		ec__free(b.lists[i].source);
	sqlite3_close(b.db);
	return rc;
}
