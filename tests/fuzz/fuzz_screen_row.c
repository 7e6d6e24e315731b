/*
 * fuzz_screen_row.c: rows as the screen command hands them to ec_check,
 * one per line: "name<TAB>country<TAB>item<TAB>date" (missing fields are
 * NULL).  For now the rows are split here; the tool's CSV and JSON Lines
 * readers are the tool's own.
 */
#include "fuzz.h"

#define MAX_ROWS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rows[MAX_ROWS], *copy;
	size_t nrows, i;

	if (size > 70000)
		return -1;
	nrows = fz_split(data, size, '\n', rows, MAX_ROWS, &copy);
	for (i = 0; i < nrows; i++) {
		ec_check_query q = EC_CHECK_QUERY_INIT;
		ec_party p;
		ec_decision *d;
		ec_error err;
		char *f[4], *row;
		size_t nf = fz_split((const uint8_t *)rows[i], strlen(rows[i]),
				     '\t', f, 4, &row);
		int rc;

		memset(&p, 0, sizeof(p));
		p.name = f[0];
		p.role = EC_ROLE_ULTIMATE_CONSIGNEE;
		p.country = nf > 1 && *f[1] ? f[1] : NULL;
		q.nparties = 1;
		q.parties = &p;
		q.item = nf > 2 && *f[2] ? f[2] : NULL;
		/* No date would mean today: keep runs reproducible. */
		q.date = nf > 3 ? f[3] : "2021-01-10";
		rc = ec_check(&d, fz_sample(), &q, &err);
		if (rc == 0) {
			fz_check_decision(d, 1);
			ec_decision_free(d);
		} else {
			FZ_CHECK(rc == EC_EINVAL || rc == EC_ELIMIT,
				 "check: %d %s", rc, err.text);
			FZ_CHECK(err.text[0], "no error text");
		}
		free(row);
	}
	free(copy);
	return 0;
}
