/*
 * rules.c: the rules-as-data format.  A stanza is "[kind id]" followed by
 * "key = value" lines; '#' starts a comment line.  Parsing is strict, since
 * a silently dropped rule would change an answer: every problem is an error
 * naming the file and line.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "rules.h"
#include "sha256.h"
#include "store.h"

static const char *const date_keys[] = {"valid_from", "valid_to", "published",
					"effective", "date"};

static int valid_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-'
				     : !isdigit((unsigned char)s[i]))
			return 0;
	return s[10] == '\0';
}

static int valid_ident(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr("-._:", s[i]))
			return 0;
	return 1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

struct pstate {
	sqlite3_stmt *ins;
	char kind[64], id[128];
	long stanza_line;
	int have_citation, have_cfr, open;
	long long count, seq;
	const char *file;
};

static int close_stanza(struct pstate *ps, ec_error *err)
{
	if (!ps->open)
		return 0;
	ps->open = 0;
	if (strcmp(ps->kind, "fr_doc") != 0 &&
	    (!ps->have_citation || !ps->have_cfr))
		return ec__fail_at(err, EC_EPARSE, ps->file, ps->stanza_line, 1,
				   -1, "stanza [%s %s] lacks %s", ps->kind,
				   ps->id,
				   ps->have_citation ? "cfr =" : "citation =");
	ps->count++;
	return 0;
}

static int insert_kv(struct pstate *ps, sqlite3 *db, const char *key,
		     const char *value, long line, ec_error *err)
{
	sqlite3_stmt *st = ps->ins;

	sqlite3_reset(st);
	/* A failed bind (out of memory) would store NULL: check each. */
	if (sqlite3_bind_int64(st, 1, ps->seq++) ||
	    sqlite3_bind_text(st, 2, ps->kind, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 3, ps->id, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 4, key, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 5, value, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 6, ec__basename(ps->file), -1,
			      SQLITE_TRANSIENT) ||
	    sqlite3_bind_int64(st, 7, line))
		return ec__store_fail(db, err, "rules");
	if (sqlite3_step(st) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
			return ec__fail_at(err, EC_EPARSE, ps->file, line, 1,
					   -1, "duplicate stanza [%s %s]",
					   ps->kind, ps->id);
		return ec__store_fail(db, err, "rules");
	}
	return 0;
}

static int parse_file(struct pstate *ps, sqlite3 *db, const char *path,
		      ec_error *err)
{
	FILE *fp = fopen(path, "rb");
	char line[8192];
	long lineno = 0;
	int rc = 0;

	if (!fp)
		return ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				   "cannot open: %s", strerror(errno));
	ps->file = path;
	ps->open = 0;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strlen(line), bad;
		char *s, *eq;

		lineno++;
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			rc = ec__fail_at(err, EC_ELIMIT, path, lineno, 0, -1,
					 "line longer than %zu bytes",
					 sizeof(line) - 2);
			break;
		}
		if (!ec__utf8_valid(line, n, &bad)) {
			rc = ec__fail_at(err, EC_EPARSE, path, lineno,
					 (long)bad + 1, -1,
					 "invalid UTF-8 or NUL byte");
			break;
		}
		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']'), *sp;

			if ((rc = close_stanza(ps, err)))
				break;
			sp = close ? memchr(s, ' ', (size_t)(close - s)) : NULL;
			if (!close || close[1] != '\0' || !sp ||
			    !valid_ident(s + 1, (size_t)(sp - s - 1)) ||
			    !valid_ident(sp + 1, (size_t)(close - sp - 1)) ||
			    (size_t)(sp - s - 1) >= sizeof(ps->kind) ||
			    (size_t)(close - sp - 1) >= sizeof(ps->id)) {
				rc = ec__fail_at(err, EC_EPARSE, path, lineno,
						 1, -1,
						 "a stanza header must be "
						 "\"[kind id]\" with lowercase "
						 "letters, digits, '-', '.', "
						 "'_' or ':'");
				break;
			}
			memcpy(ps->kind, s + 1, (size_t)(sp - s - 1));
			ps->kind[sp - s - 1] = '\0';
			memcpy(ps->id, sp + 1, (size_t)(close - sp - 1));
			ps->id[close - sp - 1] = '\0';
			ps->stanza_line = lineno;
			ps->have_citation = ps->have_cfr = 0;
			ps->open = 1;
			/* The header itself is a row, so empty stanzas survive.
			 */
			if ((rc = insert_kv(ps, db, "", "", lineno, err)))
				break;
			continue;
		}
		eq = strchr(s, '=');
		if (!ps->open || !eq) {
			rc = ec__fail_at(err, EC_EPARSE, path, lineno, 1, -1,
					 ps->open ? "expected \"key = value\""
						  : "a key outside any stanza "
						    "(missing \"[kind id]\")");
			break;
		}
		*eq = '\0';
		{
			char *key = trim(s), *value = trim(eq + 1);
			size_t i;

			if (!valid_ident(key, strlen(key)) || !*value) {
				rc = ec__fail_at(err, EC_EPARSE, path, lineno,
						 1, -1,
						 "bad key or empty value");
				break;
			}
			for (i = 0; i < EC__ARRAY_LEN(date_keys); i++)
				if (strcmp(key, date_keys[i]) == 0 &&
				    !valid_date(value))
					break;
			if (i < EC__ARRAY_LEN(date_keys)) {
				rc = ec__fail_at(err, EC_EPARSE, path, lineno,
						 (long)(value - line) + 1, -1,
						 "%s \"%s\" is not a "
						 "YYYY-MM-DD date",
						 key, value);
				break;
			}
			if (strcmp(key, "citation") == 0)
				ps->have_citation = 1;
			if (strcmp(key, "cfr") == 0)
				ps->have_cfr = 1;
			if ((rc = insert_kv(ps, db, key, value, lineno, err)))
				break;
		}
	}
	if (!rc && ferror(fp))
		rc = ec__fail_at(err, EC_EIO, path, lineno, 0, -1,
				 "read error");
	if (!rc)
		rc = close_stanza(ps, err);
	fclose(fp);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a file's name and bytes to the digest of the rules folder. */
static int hash_file(ec__sha256 *sha, const char *path, const char *name,
		     ec_error *err)
{
	unsigned char buf[8192];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				   "cannot open: %s", strerror(errno));
	ec__sha256_update(sha, name, strlen(name) + 1);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		ec__sha256_update(sha, buf, n);
	fclose(fp);
	return 0;
}

int ec__rules_compile(sqlite3 *db, const char *dir, long long *count,
		      char sha256[65], ec_error *err)
{
	ec__sha256 sha;
	struct pstate ps;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	ec__buf path = EC__BUF_INIT;
	int rc = 0;

	memset(&ps, 0, sizeof(ps));
	*count = 0;
	ec__sha256_init(&sha);
	d = opendir(dir);
	if (!d)
		return ec__fail_at(err, EC_EIO, dir, 0, 0, -1,
				   "cannot open the rules folder: %s",
				   strerror(errno));
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 7 || strcmp(de->d_name + len - 6, ".rules") != 0)
			continue;
		if (n == cap) {
			char **x = ec__realloc(names, (cap ? cap * 2 : 16) *
							      sizeof(*names));

			if (!x) {
				rc = EC_ENOMEM;
				goto done;
			}
			names = x;
			cap = cap ? cap * 2 : 16;
		}
		if (!(names[n] = ec__strdup(de->d_name))) {
			rc = EC_ENOMEM;
			goto done;
		}
		n++;
	}
	if (n == 0) {
		rc = ec__fail_at(err, EC_EPARSE, dir, 0, 0, -1,
				 "no *.rules files in the rules folder");
		goto done;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO rule(seq, kind, id, key, value,"
			       " file, line) VALUES(?,?,?,?,?,?,?)",
			       -1, &ps.ins, NULL) != SQLITE_OK) {
		rc = ec__fail(err, EC_EDB, "rules: %s", sqlite3_errmsg(db));
		goto done;
	}
	for (i = 0; i < n && !rc; i++) {
		ec__buf_clear(&path);
		if (ec__buf_printf(&path, "%s/%s", dir, names[i])) {
			rc = EC_ENOMEM;
			break;
		}
		rc = parse_file(&ps, db, path.ptr, err);
		if (!rc)
			rc = hash_file(&sha, path.ptr, names[i], err);
	}
	*count = ps.count;
	ec__sha256_final_hex(&sha, sha256);
done:
	if (rc == EC_ENOMEM)
		ec__fail(err, rc, "out of memory");
	sqlite3_finalize(ps.ins);
	closedir(d);
	for (i = 0; i < n; i++)
		ec__free(names[i]);
	ec__free(names);
	ec__buf_dispose(&path);
	return rc;
}

int ec__rules_load(ec__rules **out, sqlite3 *db, ec_error *err)
{
	sqlite3_stmt *st = NULL;
	ec__rules *r;
	size_t nrows = 0, nst = 0, i, k;
	size_t *offs = NULL;
	int rc = 0;

	*out = NULL;
	r = ec__calloc(1, sizeof(*r));
	if (!r)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(db,
			       "SELECT kind, id, key, value, file, line FROM "
			       "rule ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite3_errcode(db) == SQLITE_NOMEM
			     ? EC_ENOMEM
			     : ec__fail(err, EC_EFORMAT,
					"not a valid snapshot: no rule table");
		goto fail;
	}
	/* One pass copies the text; offsets become pointers afterwards. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t *o;
		int c;

		o = ec__realloc(offs, (nrows + 1) * 6 * sizeof(*offs));
		if (!o) {
			rc = EC_ENOMEM;
			goto fail;
		}
		offs = o;
		for (c = 0; c < 6; c++) {
			const char *t =
				(const char *)sqlite3_column_text(st, c);

			if (!t && sqlite3_errcode(db) == SQLITE_NOMEM) {
				rc = EC_ENOMEM;
				goto fail;
			}
			offs[nrows * 6 + (size_t)c] = r->text.len;
			if (ec__buf_puts(&r->text, t ? t : "") ||
			    ec__buf_putc(&r->text, '\0')) {
				rc = EC_ENOMEM;
				goto fail;
			}
		}
		if (offs[nrows * 6 + 2] + 1 == offs[nrows * 6 + 3])
			nst++; /* an empty key marks a stanza header */
		nrows++;
	}
	if (rc != SQLITE_DONE) {
		rc = rc == SQLITE_NOMEM
			     ? EC_ENOMEM
			     : ec__fail(err, EC_EFORMAT,
					"not a valid snapshot: rules "
					"unreadable");
		goto fail;
	}
	rc = 0;
	r->v = ec__calloc(nst + 1, sizeof(*r->v));
	r->kvs = ec__calloc(nrows + 1, sizeof(*r->kvs));
	if (!r->v || !r->kvs) {
		rc = EC_ENOMEM;
		goto fail;
	}
	for (i = 0, k = 0; i < nrows; i++) {
		const char *t = r->text.ptr;
		size_t *o = offs + i * 6;

		if (t[o[2]] == '\0') {
			ec__stanza *s = &r->v[r->n++];

			s->kind = t + o[0];
			s->id = t + o[1];
			s->file = t + o[4];
			s->line = strtol(t + o[5], NULL, 10);
			s->kv = r->kvs + k;
			continue;
		}
		if (r->n == 0) {
			rc = ec__fail(err, EC_EFORMAT,
				      "not a valid snapshot: rule without "
				      "stanza");
			goto fail;
		}
		r->kvs[k].key = t + o[2];
		r->kvs[k].value = t + o[3];
		k++;
		r->v[r->n - 1].nkv++;
	}
	sqlite3_finalize(st);
	ec__free(offs);
	*out = r;
	return 0;
fail:
	if (rc == EC_ENOMEM)
		ec__fail(err, rc, "out of memory");
	sqlite3_finalize(st);
	ec__free(offs);
	ec__rules_free(r);
	return rc;
}

void ec__rules_free(ec__rules *r)
{
	if (!r)
		return;
	ec__free(r->v);
	ec__free(r->kvs);
	ec__buf_dispose(&r->text);
	ec__free(r);
}

const char *ec__stanza_get(const ec__stanza *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (strcmp(s->kv[i].key, key) == 0)
			return s->kv[i].value;
	return NULL;
}

const char *ec__stanza_str(const ec__stanza *s, const char *key)
{
	const char *v = ec__stanza_get(s, key);

	return v ? v : "";
}

int ec__stanza_in_window(const ec__stanza *s, const char *date)
{
	const char *from = ec__stanza_get(s, "valid_from");
	const char *to = ec__stanza_get(s, "valid_to");

	return (!from || strcmp(date, from) >= 0) &&
	       (!to || strcmp(date, to) <= 0);
}

int ec__stanza_has(const ec__stanza *s, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (strcmp(s->kv[i].key, key) == 0 &&
		    strcmp(s->kv[i].value, value) == 0)
			return 1;
	return 0;
}
