/*
 * build.c: making a snapshot.  Ingest every input, store every record,
 * compile the rules and the name index, then write the container.  Nothing
 * is written to the output path unless every step succeeded.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "index.h"
#include "normalize.h"
#include "ingest.h"
#include "rules.h"
#include "snapshot.h"
#include "store.h"

#define MAX_LISTS 64

struct list_stat {
	char code[32];
	char *source;
	long long rows, names;
	char newest[11];
};

struct build {
	sqlite3 *db;
	ec__store_writer *w;
	ec__index_builder *ix;
	ec__buf country;
	struct list_stat lists[MAX_LISTS];
	size_t nlists;
	long long entries, names, source_seq;
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

static int on_record(void *ud, const ec__record *rec, ec_error *err)
{
	struct build *b = ud;
	struct list_stat *ls;
	struct name_ctx nc;
	ec__ix_entry_in in;
	int64_t rowid;
	int rc;

	if (ec__address_countries(rec->f[EC__F_ADDRESSES], &b->country))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if ((rc = ec__store_insert(b->w, rec,
				   b->country.ptr ? b->country.ptr : "",
				   b->source_seq, &rowid, err)))
		return rc;
	ls = list_for(b, rec);
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
	if ((rc = ec__index_add_entry(b->ix, &in, &nc.idx)) ||
	    (rc = ec__index_add_name(b->ix, nc.idx, rec->f[EC__F_NAME],
				     nc.person, 0)) ||
	    (rc = ec__split_multi(rec->f[EC__F_ALT_NAMES], add_alias, &nc)))
		return rc == EC_ENOMEM ? ec__fail(err, rc, "out of memory")
				       : ec__fail_at(err, rc, rec->file,
						     rec->line, 0, -1,
						     "cannot index the names");
	ls->rows++;
	ls->names += nc.count;
	if (strcmp(rec->f[EC__F_START_DATE], ls->newest) > 0)
		snprintf(ls->newest, sizeof(ls->newest), "%s",
			 rec->f[EC__F_START_DATE]);
	b->entries++;
	b->names += nc.count;
	return 0;
}

static int record_source(struct build *b, const ec__prov *p, ec__buf *prov,
			 ec_error *err)
{
	char rows[32];
	const char *vals[5];

	snprintf(rows, sizeof(rows), "%lld", p->rows);
	vals[0] = p->kind;
	vals[1] = p->file_name;
	vals[2] = p->sha256;
	vals[3] = p->layout;
	vals[4] = rows;
	if (ec__prov_line(prov, "source", vals, 5))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	return ec__store_exec(b->db, err,
			      "INSERT INTO source_file(kind, file_name, sha256,"
			      " layout, rows) VALUES(?,?,?,?,?)",
			      p->kind, p->file_name, p->sha256, p->layout, rows,
			      (const char *)NULL);
}

static int finish(struct build *b, const ec_build_opts *o, ec__buf *prov,
		  long long nrules, long long created, ec_error *err)
{
	unsigned char *blob = NULL;
	size_t blob_len = 0, i;
	sqlite3_stmt *st = NULL;
	char num[3][32];
	const char *v[5];
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
	for (i = 0; i < b->nlists; i++) {
		struct list_stat *l = &b->lists[i];
		char r[32], n[32];

		snprintf(r, sizeof(r), "%lld", l->rows);
		snprintf(n, sizeof(n), "%lld", l->names);
		v[0] = l->code;
		v[1] = l->source;
		v[2] = r;
		v[3] = n;
		v[4] = l->newest;
		if (ec__prov_line(prov, "list", v, 5))
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
	if (sqlite3_prepare_v2(b->db,
			       "INSERT INTO blob(name, data) VALUES('names', ?)",
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

int ec_build(const ec_build_opts *o, ec_error *err)
{
	struct build b;
	ec__buf prov = EC__BUF_INIT;
	ec__prov p;
	long long nrules = 0, created;
	char stamp[32];
	size_t i;
	int rc;

	ec__error_clear(err);
	if (!o || o->version != EC_BUILD_OPTS_VERSION || !o->output_path ||
	    (!o->csl_path && !o->rules_dir))
		return ec__fail(err, EC_EINVAL,
				"build needs an output path and at least one "
				"input");
	memset(&b, 0, sizeof(b));
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
		b.source_seq = 1;
		if ((rc = ec__ingest_csl(o->csl_path, on_record, &b, &p, err)) ||
		    (rc = record_source(&b, &p, &prov, err)))
			goto done;
	}
	if (o->rules_dir) {
		if ((rc = ec__rules_compile(b.db, o->rules_dir, &nrules,
					    p.sha256, err)))
			goto done;
		snprintf(p.kind, sizeof(p.kind), "rules");
		snprintf(p.file_name, sizeof(p.file_name), "%s",
			 ec__basename(o->rules_dir));
		snprintf(p.layout, sizeof(p.layout), "entitycheck-rules-1");
		p.rows = nrules;
		if ((rc = record_source(&b, &p, &prov, err)))
			goto done;
	}
	/* No statement may be pending when the database is vacuumed. */
	ec__store_writer_free(b.w);
	b.w = NULL;
	rc = finish(&b, o, &prov, nrules, created, err);
done:
	ec__store_writer_free(b.w);
	ec__index_builder_free(b.ix);
	ec__buf_dispose(&b.country);
	ec__buf_dispose(&prov);
	for (i = 0; i < b.nlists; i++)
		ec__free(b.lists[i].source);
	sqlite3_close(b.db);
	return rc;
}
