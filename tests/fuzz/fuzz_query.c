/*
 * fuzz_query.c: a name to normalize, search and compare.  The input is
 * "name1\nname2\ncountry\naddress\ndob\nnationality\nid\nid_type\ntype"
 * (missing parts are NULL); any bytes, including invalid UTF-8, since
 * screening must run on damaged data.  The identifying facts are parsed
 * by the library: a malformed one is EC_EINVAL, never a crash.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	char *f[9], *copy, small[8], *buf;
	ec_matches *m;
	ec_error err;
	long n, n2;
	size_t nf;
	int rc;

	if (size > 70000)
		return -1;
	nf = fz_split(data, size, '\n', f, 9, &copy);

	/* ec_normalize: the length, then the text, then truncated. */
	n = ec_normalize(NULL, 0, f[0]);
	FZ_CHECK(n >= 0, "normalize: %ld", n);
	buf = malloc((size_t)n + 1);
	if (!buf)
		abort();
	n2 = ec_normalize(buf, (size_t)n + 1, f[0]);
	FZ_CHECK(n2 == n && strlen(buf) == (size_t)n, "lengths %ld %ld", n, n2);
	n2 = ec_normalize(small, sizeof(small), f[0]);
	FZ_CHECK(n2 == n && strlen(small) < sizeof(small) &&
			 strncmp(small, buf, strlen(small)) == 0,
		 "truncated normalization");
	free(buf);

	o.min_score = 0.3;
	o.limit = 0;
	o.country = nf > 2 && strlen(f[2]) == 2 ? f[2] : NULL;
	o.address = nf > 3 ? f[3] : NULL;
	o.facts.date_of_birth = nf > 4 ? f[4] : NULL;
	o.facts.nationality = nf > 5 ? f[5] : NULL;
	o.facts.id_number = nf > 6 ? f[6] : NULL;
	o.facts.id_type = nf > 7 ? f[7] : NULL;
	o.facts.type = nf > 8 ? f[8] : NULL;
	rc = ec_search(&m, fz_sample(), f[0], &o, &err);
	FZ_CHECK(rc == 0 || rc == EC_ELIMIT || (rc == EC_EINVAL && nf > 4),
		 "search: %d %s", rc, err.text);
	if (rc == 0) {
		fz_check_matches(m);
		ec_matches_free(m);
	}
	if (nf > 1) {
		rc = ec_compare(&m, fz_sample(), f[0], f[1], &err);
		FZ_CHECK(rc == 0 || rc == EC_ELIMIT, "compare: %s", err.text);
		if (rc == 0) {
			FZ_CHECK(ec_matches_count(m) == 1, "compare count");
			fz_check_matches(m);
			ec_matches_free(m);
		}
		rc = ec_compare(&m, NULL, f[1], f[0], &err);
		FZ_CHECK(rc == 0 || rc == EC_ELIMIT, "compare: %s", err.text);
		if (rc == 0) {
			fz_check_matches(m);
			ec_matches_free(m);
		}
	}
	free(copy);
	return 0;
}
