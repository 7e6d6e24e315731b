/*
 * ingest_csl.c: the Consolidated Screening List, as trade.gov publishes it.
 * Every column is kept verbatim; only the header layout, the column count
 * and the mandatory values are checked here (UTF-8 and quoting in csv.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "ingest.h"
#include "sha256.h"

const char *const ec__field_names[EC__NFIELDS] = {
	"_id",
	"source",
	"entity_number",
	"type",
	"programs",
	"name",
	"title",
	"addresses",
	"federal_register_notice",
	"start_date",
	"end_date",
	"standard_order",
	"license_requirement",
	"license_policy",
	"call_sign",
	"vessel_type",
	"gross_tonnage",
	"gross_registered_tonnage",
	"vessel_flag",
	"vessel_owner",
	"remarks",
	"source_list_url",
	"alt_names",
	"citizenships",
	"dates_of_birth",
	"nationalities",
	"places_of_birth",
	"source_information_url",
	"ids",
};

void ec__list_code(const char *source, char *code, size_t size)
{
	const char *open = strchr(source, '('), *close;
	size_t n;

	if (!size)
		return;
	if (!open || !(close = strchr(open, ')'))) {
		/* No code given: use the source name itself, bounded. */
		n = strlen(source);
		open = source - 1;
	} else {
		n = (size_t)(close - open - 1);
	}
	if (n > 5 && memcmp(open + 1 + n - 5, " List", 5) == 0)
		n -= 5;
	if (n >= size)
		n = size - 1;
	memcpy(code, open + 1, n);
	code[n] = '\0';
}

int ec__split_multi(const char *s, int (*fn)(void *, const char *, size_t),
		    void *ud)
{
	/*
	 * The CSL separates values with "; ", but a few official rows omit
	 * the space (";OJSC ..."), so split on ';' and trim.
	 */
	while (*s) {
		const char *end = strchr(s, ';');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		size_t a = 0, b = n;
		int rc;

		while (a < b && (s[a] == ' ' || s[a] == '\n'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
			b--;
		if (b > a && (rc = fn(ud, s + a, b - a)) != 0)
			return rc;
		if (!end)
			break;
		s = end + 1;
	}
	return 0;
}

static int add_country(void *ud, const char *part, size_t n)
{
	const char *cc;

	/* The CSL ends each address with ", XX"; an address may be "XX". */
	if (n == 2)
		cc = part;
	else if (n > 4 && part[n - 4] == ',' && part[n - 3] == ' ')
		cc = part + n - 2;
	else
		return 0;
	if (!isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1]))
		return 0;
	return ec__country_list_add(ud, cc);
}

int ec__address_countries(const char *addresses, ec__buf *out)
{
	ec__buf_clear(out);
	return ec__split_multi(addresses, add_country, out);
}

/* Returns 28 or 29 for a known header layout, 0 otherwise. */
static int header_layout(const ec__csv_row *row)
{
	size_t i, skip;

	if (row->nfields == EC__NFIELDS)
		skip = 0;
	else if (row->nfields == EC__NFIELDS - 1)
		skip = 1;
	else
		return 0;
	for (i = 0; i < row->nfields; i++)
		if (strcmp(row->fields[i], ec__field_names[i + skip]) != 0)
			return 0;
	return (int)row->nfields;
}

static int valid_date(const char *s)
{
	int i;

	if (!*s)
		return 1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return s[10] == '\0';
}

int ec__ingest_csl(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		   ec_error *err)
{
	ec__csv *csv = NULL;
	ec__csv_row row;
	ec__record rec;
	char id[48];
	int rc, layout, i, skip;
	long long rows = 0;

	memset(prov, 0, sizeof(*prov));
	if ((rc = ec__ingest_open(&csv, path, ',', "CSL header line", &row,
				  err)))
		goto done;
	layout = header_layout(&row);
	if (!layout) {
		rc = ec__fail_at(err, EC_EPARSE, path, row.line, 0, 0,
				 "not a Consolidated Screening List header: "
				 "expected the 29 official columns starting "
				 "\"_id,source,entity_number\" (or the older "
				 "28 without _id), found %zu columns starting "
				 "\"%.40s\"",
				 row.nfields, row.fields[0]);
		goto done;
	}
	skip = layout == EC__NFIELDS ? 0 : 1;
	while ((rc = ec__ingest_next(csv, &row, err)) > 0) {
		if ((rc = ec__ingest_count(csv, &row, (size_t)layout,
					   "the header", err)))
			goto done;
		memset(&rec, 0, sizeof(rec));
		for (i = 0; i < layout; i++)
			rec.f[i + skip] = row.fields[i];
		if (skip) {
			/* The old layout has no ids: a digest of all
			 * the row's values. */
			ec__derive_id(&row, 0, row.nfields, id);
			rec.f[EC__F_ID] = id;
			rec.derived_id = 1;
		}
		rec.file = path;
		rec.line = row.line;
		if (!rec.f[EC__F_ID][0] || !rec.f[EC__F_SOURCE][0] ||
		    !rec.f[EC__F_NAME][0]) {
			rc = ec__fail_at(err, EC_EPARSE, path, row.line, 0,
					 row.offset, "a record without %s",
					 !rec.f[EC__F_ID][0]	   ? "_id"
					 : !rec.f[EC__F_SOURCE][0] ? "source"
								   : "name");
			goto done;
		}
		if (!valid_date(rec.f[EC__F_START_DATE]) ||
		    !valid_date(rec.f[EC__F_END_DATE])) {
			int bad = valid_date(rec.f[EC__F_START_DATE])
					  ? EC__F_END_DATE
					  : EC__F_START_DATE;

			rc = ec__fail_at(
				err, EC_EPARSE, path, row.line, bad + 1 - skip,
				row.offset,
				"%s \"%.32s\" is not a YYYY-MM-DD date",
				ec__field_names[bad], rec.f[bad]);
			goto done;
		}
		ec__list_code(rec.f[EC__F_SOURCE], rec.list, sizeof(rec.list));
		if ((rc = cb(ud, &rec, err)) != 0)
			goto done;
		rows++;
	}
	if (rc)
		goto done;
	ec__prov_set(prov, "csl", path,
		     layout == EC__NFIELDS ? "csl-29" : "csl-28 (no _id)",
		     rows);
	ec__csv_sha256(csv, prov->sha256);
done:
	ec__csv_free(csv);
	return rc;
}
