/*
 * ingest_dpl.c: the Bureau of Industry and Security's Denied Persons List
 * (dpl.txt: tab-separated, quoted, with a header), as CSL-shaped records.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "ingest.h"
#include "sha256.h"

enum {
	D_NAME,
	D_STREET,
	D_CITY,
	D_STATE,
	D_COUNTRY,
	D_POSTAL,
	D_EFFECTIVE,
	D_EXPIRATION,
	D_STANDARD_ORDER,
	D_LAST_UPDATE,
	D_ACTION,
	D_FR_CITATION,
	D_NFIELDS
};

static const char *const dpl_cols[D_NFIELDS] = {
	"Name",		  "Street_Address", "City",	      "State",
	"Country",	  "Postal_Code",    "Effective_Date", "Expiration_Date",
	"Standard_Order", "Last_Update",    "Action",	      "FR_Citation"};

/* The CSL's source name for the same list, so both read as one list. */
static const char dpl_source[] =
	"Denied Persons List (DPL) - Bureau of Industry and Security";

/* MM/DD/YYYY to YYYY-MM-DD; "" stays "".  Returns 0, or -1 when malformed. */
static int us_date(const char *s, char out[11])
{
	static const int pos[8] = {6, 7, 8, 9, 0, 1, 3, 4};
	int i;

	out[0] = '\0';
	if (!*s)
		return 0;
	if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
		return -1;
	for (i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[pos[i]]))
			return -1;
	memcpy(out, s + 6, 4);
	out[4] = '-';
	memcpy(out + 5, s, 2);
	out[7] = '-';
	memcpy(out + 8, s + 3, 2);
	out[10] = '\0';
	return ec__valid_date(out) ? 0 : -1;
}

static int build_row(const ec__csv_row *row, ec__buf *addr, ec__buf *ids)
{
	/* The CSL's order: street, city, state, postal code, country. */
	static const int parts[5] = {D_STREET, D_CITY, D_STATE, D_POSTAL,
				     D_COUNTRY};
	static const int extra[6] = {D_STREET,	D_CITY,	  D_STATE,
				     D_COUNTRY, D_POSTAL, D_LAST_UPDATE};
	int i, any = 0;

	ec__buf_clear(addr);
	ec__buf_clear(ids);
	for (i = 0; i < 5; i++) {
		const char *v = row->fields[parts[i]];

		if (!*v)
			continue;
		if ((any && ec__buf_puts(addr, ", ")) || ec__buf_puts(addr, v))
			return EC_ENOMEM;
		any = 1;
	}
	/* The joined address loses where its parts end: keep them. */
	for (i = 0; i < 6; i++)
		if (row->lens[extra[i]] &&
		    ec__ids_add(ids, dpl_cols[extra[i]], row->fields[extra[i]],
				row->lens[extra[i]]))
			return EC_ENOMEM;
	return 0;
}

int ec__ingest_dpl(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		   ec_error *err)
{
	ec__buf addr = EC__BUF_INIT, ids = EC__BUF_INIT;
	ec__csv *csv = NULL;
	ec__csv_row row;
	ec__record rec;
	char id[48], start[11], end[11];
	long long rows = 0;
	int rc, i;

	memset(prov, 0, sizeof(*prov));
	if ((rc = ec__ingest_open(&csv, path, '\t', "header line", &row, err)))
		goto done;
	for (i = 0; i < D_NFIELDS && row.nfields == D_NFIELDS; i++)
		if (strcmp(row.fields[i], dpl_cols[i]) != 0)
			break;
	if (row.nfields != D_NFIELDS || i != D_NFIELDS) {
		rc = ec__fail_at(err, EC_EPARSE, path, row.line, 0, 0,
				 "not a Denied Persons List header: expected "
				 "the 12 tab-separated columns \"Name\", "
				 "\"Street_Address\", ... \"FR_Citation\", "
				 "found %zu starting \"%.40s\"",
				 row.nfields, row.fields[0]);
		goto done;
	}
	while ((rc = ec__ingest_next(csv, &row, err)) > 0) {
		if ((rc = ec__ingest_count(csv, &row, D_NFIELDS, "the header",
					   err)))
			goto done;
		if (!row.lens[D_NAME]) {
			rc = ec__fail_at(err, EC_EPARSE, path, row.line, 1,
					 row.offset, "a record without Name");
			goto done;
		}
		if (us_date(row.fields[D_EFFECTIVE], start) ||
		    us_date(row.fields[D_EXPIRATION], end)) {
			int bad = us_date(row.fields[D_EFFECTIVE], start)
					  ? D_EFFECTIVE
					  : D_EXPIRATION;

			rc = ec__fail_at(err, EC_EPARSE, path, row.line,
					 bad + 1, row.offset,
					 "%s \"%.32s\" is not an MM/DD/YYYY "
					 "date",
					 dpl_cols[bad], row.fields[bad]);
			goto done;
		}
		if (build_row(&row, &addr, &ids)) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			goto done;
		}
		ec__record_init(&rec);
		/*
		 * The list publishes no id: one is derived from the values
		 * that identify a denial (name, address, effective date), so
		 * that a later list which only updates the citation or the
		 * expiration shows the entry as changed.
		 */
		ec__derive_id(&row, D_NAME, D_EFFECTIVE - D_NAME + 1, id);
		rec.f[EC__F_ID] = id;
		rec.derived_id = 1;
		rec.f[EC__F_SOURCE] = dpl_source;
		rec.f[EC__F_NAME] = row.fields[D_NAME];
		rec.f[EC__F_ADDRESSES] = addr.ptr ? addr.ptr : "";
		rec.f[EC__F_FR_NOTICE] = row.fields[D_FR_CITATION];
		rec.f[EC__F_START_DATE] = start;
		rec.f[EC__F_END_DATE] = end;
		rec.f[EC__F_STANDARD_ORDER] = row.fields[D_STANDARD_ORDER];
		rec.f[EC__F_REMARKS] = row.fields[D_ACTION];
		rec.f[EC__F_IDS] = ids.ptr ? ids.ptr : "";
		ec__list_code(dpl_source, rec.list, sizeof(rec.list));
		rec.file = path;
		rec.line = row.line;
		if ((rc = cb(ud, &rec, err)) != 0)
			goto done;
		rows++;
	}
	if (rc)
		goto done;
	ec__prov_set(prov, "dpl", path, "bis-dpl-12", rows);
	ec__file_date(path, prov->date, sizeof(prov->date));
	ec__csv_sha256(csv, prov->sha256);
done:
	ec__csv_free(csv);
	ec__buf_dispose(&addr);
	ec__buf_dispose(&ids);
	return rc;
}
