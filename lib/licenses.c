/*
 * licenses.c: reading a license register.  The whole file is checked
 * before any of it is used, so a bad line can never leave a register half
 * applied.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "eccn.h"
#include "licenses.h"

/* A license names its number, holder and consignee: they are required. */
static const ec__register_column columns[] = {
	{"license_number", offsetof(ec__license, number), 1},
	{"holder", offsetof(ec__license, holder), 1},
	{"consignee", offsetof(ec__license, consignee), 1},
	{"items", offsetof(ec__license, items), 0},
	{"valid_from", offsetof(ec__license, valid_from), 0},
	{"valid_to", offsetof(ec__license, valid_to), 0},
	{"notes", offsetof(ec__license, notes), 0},
};

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

/* Completes one license line of the register (ctx) and checks it. */
static int check_license(ec__register *r, void *record, const char *path,
			 const ec__csv_row *row, ec_error *err)
{
	const ec__license *v = r->v;
	ec__license *l = record;
	char bad[64];
	size_t k;

	l->line = row->line;
	if (check_items(l->items, &l->all_items, bad, sizeof(bad)))
		return ec__fail_at(
			err, EC_EPARSE, path, row->line, 4, row->offset,
			"items must be ALL or ECCNs/EAR99; \"%s\" is "
			"neither",
			*l->items ? bad : "(empty)");
	if (!ec__valid_date(l->valid_from) ||
	    (*l->valid_to && !ec__valid_date(l->valid_to))) {
		int f = ec__valid_date(l->valid_from) ? 6 : 5;

		return ec__fail_at(err, EC_EPARSE, path, row->line, f,
				   row->offset,
				   "%s \"%.20s\" is not a YYYY-MM-DD date",
				   columns[f - 1].name,
				   f == 5 ? l->valid_from : l->valid_to);
	}
	if (*l->valid_to && strcmp(l->valid_to, l->valid_from) < 0)
		return ec__fail_at(err, EC_EPARSE, path, row->line, 6,
				   row->offset,
				   "valid_to %s is before valid_from %s",
				   l->valid_to, l->valid_from);
	for (k = 0; k < r->n; k++)
		if (strcmp(v[k].number, l->number) == 0)
			return ec__fail_at(err, EC_EPARSE, path, row->line, 1,
					   row->offset,
					   "license %s is already on line %ld",
					   l->number, v[k].line);
	return 0;
}

int ec_license_register_load(ec_license_register **out, const char *path,
			     ec_error *err)
{
	return ec_license_register_load_opts(out, path, NULL, err);
}

int ec_license_register_load_opts(ec_license_register **out, const char *path,
				  const ec_register_opts *opts, ec_error *err)
{
	static const ec__register_spec spec = {
		"license register", columns, EC__ARRAY_LEN(columns),
		sizeof(ec__license), check_license};

	return ec__register_load((void **)out, sizeof(**out), path, opts, &spec,
				 err);
}

const char *ec_license_register_sha256(const ec_license_register *r)
{
	return r ? r->reg.sha256 : "";
}

size_t ec_license_register_count(const ec_license_register *r)
{
	return r ? r->reg.n : 0;
}

void ec_license_register_free(ec_license_register *r)
{
	ec__register_free(r ? &r->reg : NULL);
}
