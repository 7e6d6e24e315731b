/*
 * licenses.c: reading a license register.  The whole file is checked
 * before any of it is used, so a bad line can never leave a register half
 * applied.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "eccn.h"
#include "licenses.h"

static const char *const columns[] = {
	"license_number", "holder",   "consignee", "items",
	"valid_from",	  "valid_to", "notes"};

static const char *trim(ec__arena *a, const char *s)
{
	char buf[4096];
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return ec__arena_str(a, buf);
}

/* Checks the items field: ALL, or ECCNs / EAR99 separated by ; , or space. */
static int check_items(const char *items, int *all, char *bad, size_t nbad)
{
	char tok[64];
	const char *p = items;

	*all = 0;
	if (strcasecmp(items, "ALL") == 0) {
		*all = 1;
		return 0;
	}
	if (!*p)
		return -1;
	while (*p) {
		size_t n = strcspn(p, " ,;");
		ec__eccn e;

		if (n) {
			if (n >= sizeof(tok)) {
				snprintf(bad, nbad, "%.32s...", p);
				return -1;
			}
			memcpy(tok, p, n);
			tok[n] = '\0';
			if (ec__eccn_parse(tok, &e)) {
				snprintf(bad, nbad, "%s", tok);
				return -1;
			}
		}
		p += n;
		while (*p && strchr(" ,;", *p))
			p++;
	}
	return 0;
}

/* The header line: the seven columns, in their order. */
static int check_header(const char *path, const ec__csv_row *row, ec_error *err)
{
	size_t i;

	if (row->nfields != EC__ARRAY_LEN(columns))
		return ec__fail_at(err, EC_EPARSE, path, row->line, 0, 0,
				   "the header must be the %zu columns "
				   "license_number,holder,consignee,items,"
				   "valid_from,valid_to,notes (found %zu)",
				   EC__ARRAY_LEN(columns), row->nfields);
	for (i = 0; i < row->nfields; i++)
		if (!ec__csv_header_is(row->fields[i], columns[i]))
			return ec__fail_at(err, EC_EPARSE, path, row->line,
					   (long)i + 1, 0,
					   "header column %zu is \"%.40s\", "
					   "expected \"%s\"",
					   i + 1, row->fields[i], columns[i]);
	return 0;
}

/* What a license line must hold, beyond its columns' count. */
static int check_license(const ec_license_register *r, ec__license *l,
			 const char *path, const ec__csv_row *row,
			 ec_error *err)
{
	char bad[64];
	size_t k;

	if (!*l->number || !*l->holder || !*l->consignee)
		return ec__fail_at(err, EC_EPARSE, path, row->line,
				   !*l->number	 ? 1
				   : !*l->holder ? 2
						 : 3,
				   row->offset, "empty %s",
				   columns[!*l->number	 ? 0
					   : !*l->holder ? 1
							 : 2]);
	if (check_items(l->items, &l->all_items, bad, sizeof(bad)))
		return ec__fail_at(
			err, EC_EPARSE, path, row->line, 4, row->offset,
			"items must be ALL or ECCNs/EAR99; \"%s\" is "
			"neither",
			*l->items ? bad : "(empty)");
	if (!ec__valid_date(l->valid_from) ||
	    (*l->valid_to && !ec__valid_date(l->valid_to))) {
		int f = ec__valid_date(l->valid_from) ? 6 : 5;

		return ec__fail_at(
			err, EC_EPARSE, path, row->line, f, row->offset,
			"%s \"%.20s\" is not a YYYY-MM-DD date", columns[f - 1],
			f == 5 ? l->valid_from : l->valid_to);
	}
	if (*l->valid_to && strcmp(l->valid_to, l->valid_from) < 0)
		return ec__fail_at(err, EC_EPARSE, path, row->line, 6,
				   row->offset,
				   "valid_to %s is before valid_from %s",
				   l->valid_to, l->valid_from);
	for (k = 0; k < r->n; k++)
		if (strcmp(r->v[k].number, l->number) == 0)
			return ec__fail_at(err, EC_EPARSE, path, row->line, 1,
					   row->offset,
					   "license %s is already on line %ld",
					   l->number, r->v[k].line);
	return 0;
}

/* One license line into r. */
static int add_license(ec_license_register *r, size_t *cap, const char *path,
		       const ec__csv_row *row, ec_error *err)
{
	ec__license *l;
	int rc;

	if (row->nfields != EC__ARRAY_LEN(columns))
		return ec__fail_at(err, EC_EPARSE, path, row->line,
				   (long)row->nfields, row->offset,
				   "%zu fields, expected %zu", row->nfields,
				   EC__ARRAY_LEN(columns));
	if (ec__grow((void **)&r->v, cap, r->n + 1, sizeof(*r->v)))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	l = &r->v[r->n];
	memset(l, 0, sizeof(*l));
	l->line = row->line;
	l->number = trim(&r->arena, row->fields[0]);
	l->holder = trim(&r->arena, row->fields[1]);
	l->consignee = trim(&r->arena, row->fields[2]);
	l->items = trim(&r->arena, row->fields[3]);
	l->valid_from = trim(&r->arena, row->fields[4]);
	l->valid_to = trim(&r->arena, row->fields[5]);
	l->notes = trim(&r->arena, row->fields[6]);
	if (r->arena.failed)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if ((rc = check_license(r, l, path, row, err)))
		return rc;
	r->n++;
	return 0;
}

int ec_license_register_load(ec_license_register **out, const char *path,
			     ec_error *err)
{
	ec_license_register *r;
	ec__csv *csv = NULL;
	ec__csv_row row;
	size_t cap = 0;
	int rc;

	ec__error_clear(err);
	if (!out || !path)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	r = ec__calloc(1, sizeof(*r));
	if (!r)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	rc = ec__csv_open_header(&csv, path, &row, err);
	if (rc == EC_EITEROVER)
		rc = ec__fail_at(err, EC_EPARSE, path, 1, 0, 0,
				 "the license register is empty: it needs the "
				 "header line");
	if (rc || (rc = check_header(path, &row, err)))
		goto fail;
	while ((rc = ec__csv_next(csv, &row, err)) == 0)
		if ((rc = add_license(r, &cap, path, &row, err)))
			goto fail;
	if (rc != EC_EITEROVER)
		goto fail;
	ec__csv_sha256(csv, r->sha256);
	ec__csv_free(csv);
	*out = r;
	return 0;
fail:
	ec__csv_free(csv);
	ec_license_register_free(r);
	return rc;
}

const char *ec_license_register_sha256(const ec_license_register *r)
{
	return r ? r->sha256 : "";
}

size_t ec_license_register_count(const ec_license_register *r)
{
	return r ? r->n : 0;
}

void ec_license_register_free(ec_license_register *r)
{
	if (!r)
		return;
	ec__arena_dispose(&r->arena);
	ec__free(r->v);
	ec__free(r);
}
