/*
 * test_ingest.c: building snapshots from the official Consolidated
 * Screening List (real data, read in place) and refusing bad input.
 */
#include <zlib.h>

#include "helpers.h"

#define HUAWEI_ID "d05d55fa214aff19c1eb3270d54905e4e362d445"

static long long list_rows(const ec_snapshot_info *in, const char *code)
{
	const ec_list_info *l = th_list_info(in, code);

	return l ? l->rows : -1;
}

static void test_csl2022_counts(void **state)
{
	ec_snapshot *s = th_open(th_csl2022_snapshot());
	const ec_snapshot_info *in = ec_snapshot_info_get(s);
	/* Per-list record counts of the 2022-05 CSL (data/lists/README.md). */
	static const struct {
		const char *code;
		long long rows;
	} want[] = {{"SDN", 10026}, {"EL", 2001}, {"DTC", 727}, {"DPL", 462},
		    {"SSI", 290},   {"UVL", 201}, {"ISN", 163}, {"PLC", 78},
		    {"MEU", 71},    {"CMIC", 68}, {"CAP", 53},	{"NS-MBS", 17},
		    {"FSE", 3}};
	size_t i;

	(void)state;
	assert_int_equal(in->entries, 14160);
	assert_int_equal(in->names, 34171);
	assert_int_equal(in->nlists, 13);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(list_rows(in, want[i].code), want[i].rows);
	assert_int_equal(in->nsources, 2);
	assert_string_equal(in->sources[0].kind, "csl");
	assert_string_equal(in->sources[0].file_name,
			    "consolidated-2022-05.csv.gz");
	assert_string_equal(in->sources[0].sha256,
			    "f55c580c0eadaeef6f291d5cd3653b147650c2019f227c92"
			    "a93814aa5dc4364c");
	assert_int_equal(in->sources[0].rows, 14160);
	assert_string_equal(in->sources[0].layout, "csl-29");
	assert_non_null(th_list_info(in, "EL"));
	assert_string_equal(th_list_info(in, "EL")->newest_start, "2022-04-07");
	ec_snapshot_free(s);
}

/* Does any match of name carry entry id? Returns its score or -1. */
static double find(ec_snapshot *s, const char *name, const char *id)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m = NULL;
	ec_error err;
	double score = -1;
	size_t i;

	o.limit = 0;
	assert_int_equal(ec_search(&m, s, name, &o, &err), 0);
	for (i = 0; i < ec_matches_count(m); i++)
		if (strcmp(ec_matches_get(m, i)->entry_id, id) == 0)
			score = ec_matches_get(m, i)->score;
	ec_matches_free(m);
	return score;
}

static void test_huawei_found(void **state)
{
	ec_snapshot *s = th_open(th_csl2022_snapshot());
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *m = NULL;
	ec_error err;
	const ec_match *x = NULL;
	size_t i;

	(void)state;
	assert_true(find(s, "Huawei Technologies Co., Ltd. (Huawei)",
			 HUAWEI_ID) == 1.0);
	assert_true(find(s, "Shenzhen Huawei Technologies", HUAWEI_ID) == 1.0);
	/* Case, punctuation and spacing do not matter. */
	assert_true(find(s, "  HUAWEI technologies co ltd (huawei) ",
			 HUAWEI_ID) == 1.0);
	o.limit = 0;
	assert_int_equal(
		ec_search(&m, s, "Shenzhen Huawei Technologies", &o, &err), 0);
	for (i = 0; i < ec_matches_count(m); i++)
		if (strcmp(ec_matches_get(m, i)->entry_id, HUAWEI_ID) == 0)
			x = ec_matches_get(m, i);
	assert_non_null(x);
	assert_string_equal(x->list, "EL");
	assert_string_equal(x->name, "Huawei Technologies Co., Ltd. (Huawei)");
	assert_string_equal(x->matched_name, "Shenzhen Huawei Technologies");
	assert_string_equal(x->country, "CN");
	assert_true(x->naddresses >= 1);
	assert_non_null(strstr(x->addresses[0], "Shenzhen"));
	ec_matches_free(m);
	ec_snapshot_free(s);
}

/*
 * Reads record id's raw fields straight from the gzip file with a parser
 * independent of the library's, so the two must agree byte for byte.
 */
static int raw_fields(const char *gz, const char *id, char **fields, int max)
{
	gzFile f = gzopen(gz, "rb");
	static char buf[8 << 20];
	int n, nf = 0;
	char *p, *start, *o;

	assert_non_null(f);
	n = gzread(f, buf, sizeof(buf) - 1);
	gzclose(f);
	assert_true(n > 0 && n < (int)sizeof(buf) - 1);
	buf[n] = '\0';
	start = strstr(buf, "\n" HUAWEI_ID ",");
	assert_non_null(start);
	(void)id;
	p = start + 1;
	while (nf < max) {
		fields[nf++] = o = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (p[0] == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (p[0] == '"') {
					p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
		} else {
			while (*p != ',' && *p != '\n')
				*o++ = *p++;
		}
		if (*p == '\n') {
			*o = '\0';
			break;
		}
		assert_int_equal(*p, ',');
		p++;
		*o = '\0';
	}
	return nf;
}

static void test_huawei_text_verbatim(void **state)
{
	ec_snapshot *s = th_open(th_csl2022_snapshot());
	ec_entry *e = NULL;
	ec_error err;
	char *f[40];
	int nf;

	(void)state;
	nf = raw_fields(th_list("csl/consolidated-2022-05.csv.gz"), HUAWEI_ID,
			f, 40);
	assert_int_equal(nf, 29);
	assert_int_equal(ec_entry_lookup(&e, s, "EL", HUAWEI_ID, &err), 0);
	{
		/* The fields kept as published, and the CSV column of each. */
		const struct {
			const char *kept;
			int column;
		} raw[] = {{e->entry_id, 0},
			   {e->source, 1},
			   {e->name, 5},
			   {e->addresses_raw, 7},
			   {e->federal_register_notice, 8},
			   {e->start_date, 9},
			   {e->license_requirement, 12},
			   {e->license_policy, 13},
			   {e->remarks, 20},
			   {e->source_list_url, 21},
			   {e->alt_names, 22},
			   {e->source_information_url, 27}};
		size_t i;

		for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
			assert_string_equal(raw[i].kept, f[raw[i].column]);
	}
	assert_true(strlen(e->license_requirement) > 100);
	assert_non_null(strstr(e->federal_register_notice, "84 FR 22963"));
	assert_true(e->naliases >= 1);
	assert_string_equal(e->list, "EL");
	ec_entry_free(e);
	assert_int_equal(ec_entry_lookup(&e, s, "EL", "no-such-id", &err),
			 EC_ENOTFOUND);
	assert_null(e);
	ec_snapshot_free(s);
}

static void test_iterate(void **state)
{
	ec_snapshot *s = th_open(th_csl2022_snapshot());
	ec_entry_iter *it = NULL;
	const ec_entry *e;
	ec_error err;
	long n = 0, el = 0, aliases = 0;
	int rc;

	(void)state;
	assert_int_equal(ec_entry_iter_new(&it, s, &err), 0);
	while ((rc = ec_entry_iter_next(it, &e, &err)) == 0) {
		n++;
		aliases += (long)e->naliases;
		if (strcmp(e->list, "EL") == 0)
			el++;
		assert_true(e->name[0] != '\0');
	}
	assert_int_equal(rc, EC_EITEROVER);
	assert_int_equal(n, 14160);
	assert_int_equal(el, 2001);
	assert_int_equal(n + aliases, 34171);
	ec_entry_iter_free(it);
	ec_snapshot_free(s);
}

static int build_csl(const char *csl, const char *out, ec_error *err)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;

	o.csl_path = csl;
	o.output_path = out;
	return ec_build(&o, err);
}

static void test_samples_ingest(void **state)
{
	const char *s2025 = th_list("csl/sample-2025.csv.gz");
	const char *s2019 = th_list("csl/sample-2019-old-layout.csv.gz");
	ec_snapshot *a, *b;
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;
	char first[64];

	(void)state;
	assert_non_null(s2025);
	assert_non_null(s2019);
	assert_int_equal(build_csl(s2025, th_path("s2025.ecsnap"), &err), 0);
	a = th_open(th_path("s2025.ecsnap"));
	assert_int_equal(ec_snapshot_info_get(a)->entries, 13);
	assert_int_equal(ec_snapshot_info_get(a)->nlists, 10);
	ec_snapshot_free(a);

	/* The old layout has no _id: ids are derived, and stable. */
	assert_int_equal(build_csl(s2019, th_path("s2019a.ecsnap"), &err), 0);
	assert_int_equal(build_csl(s2019, th_path("s2019b.ecsnap"), &err), 0);
	a = th_open(th_path("s2019a.ecsnap"));
	b = th_open(th_path("s2019b.ecsnap"));
	assert_int_equal(ec_snapshot_info_get(a)->entries, 115);
	assert_string_equal(ec_snapshot_info_get(a)->sources[0].layout,
			    "csl-28 (no _id)");
	assert_int_equal(ec_entry_iter_new(&it, a, &err), 0);
	assert_int_equal(ec_entry_iter_next(it, &e, &err), 0);
	assert_int_equal(strncmp(e->entry_id, "ec-", 3), 0);
	assert_int_equal(strlen(e->entry_id), 43);
	snprintf(first, sizeof(first), "%s", e->entry_id);
	ec_entry_iter_free(it);
	assert_int_equal(ec_entry_iter_new(&it, b, &err), 0);
	assert_int_equal(ec_entry_iter_next(it, &e, &err), 0);
	assert_string_equal(e->entry_id, first);
	ec_entry_iter_free(it);
	ec_snapshot_free(a);
	ec_snapshot_free(b);
}

/* ------------------------------------------------------------------ */
/* Bad input: a clear error, and nothing written                       */
/* ------------------------------------------------------------------ */

static const char header[] = TH_CSL_HEADER;

static const char row1[] =
	"t-1,Entity List (EL) - Bureau of Industry and Security,,,,"
	"\"Example Trading Co., Ltd.\",,\"1 Main St, Shenzhen, CN\",,"
	"2020-01-02,,,For all items subject to the EAR.,Presumption of denial."
	",,,,,,,,,\"Example Alias; Other Alias\",,,,,,\n";

static void expect_bad(const char *name, const char *content, size_t n,
		       int code, long line, const char *fragment)
{
	char in[512], out[600];
	ec_error err;
	int rc;

	snprintf(in, sizeof(in), "%s", th_path(name));
	snprintf(out, sizeof(out), "%s.ecsnap", in);
	th_write(in, content, n);
	unlink(out);
	rc = build_csl(in, out, &err);
	if (rc != code)
		fail_msg("%s: rc %d (%s), want %d", name, rc, err.text, code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.file, in);
	if (line >= 0)
		assert_int_equal(err.line, line);
	if (!strstr(err.text, fragment))
		fail_msg("%s: message \"%s\" lacks \"%s\"", name, err.text,
			 fragment);
	assert_false(th_exists(out));
}

static void test_bad_csv(void **state)
{
	char buf[4096];
	int n;

	(void)state;
	expect_bad("empty.csv", "", 0, EC_EPARSE, 1, "empty");
	n = snprintf(buf, sizeof(buf), "%s%s%.20s", header, row1, row1);
	expect_bad("truncated.csv", buf, (size_t)n, EC_EPARSE, 3,
		   "column count");
	n = snprintf(buf, sizeof(buf), "%s%s%.70s", header, row1, row1);
	expect_bad("truncated-in-quote.csv", buf, (size_t)n, EC_EPARSE, 3,
		   "unbalanced quote");
	n = snprintf(buf, sizeof(buf), "%s\"t-2,%s", header, row1 + 4);
	expect_bad("quote.csv", buf, (size_t)n, EC_EPARSE, -1, "quote");
	n = snprintf(buf, sizeof(buf), "%sextra,%s", header, row1);
	expect_bad("columns.csv", buf, (size_t)n, EC_EPARSE, 2, "column count");
	expect_bad("notgzip.csv.gz", header, sizeof(header) - 1, EC_EPARSE, 1,
		   "not gzip");
	n = snprintf(buf, sizeof(buf), "%s%s", header, row1);
	buf[strlen(header) + 40] = (char)0xff;
	expect_bad("utf8.csv", buf, (size_t)n, EC_EPARSE, 2, "UTF-8");
	expect_bad("header.csv", "a,b,c\n1,2,3\n", 12, EC_EPARSE, 1, "header");
	n = snprintf(buf, sizeof(buf), "%s%s", header, row1);
	memcpy(strstr(buf, "2020-01-02"), "2020/01/02", 10);
	expect_bad("date.csv", buf, (size_t)n, EC_EPARSE, 2, "date");
}

static void test_truncated_gzip(void **state)
{
	char plain[4096], path[512], out[512];
	gzFile g;
	unsigned char *data;
	size_t n;
	ec_error err;
	int len, i;

	(void)state;
	len = snprintf(plain, sizeof(plain), "%s", header);
	for (i = 0; i < 3; i++)
		len += snprintf(plain + len, sizeof(plain) - (size_t)len, "%s",
				row1);
	snprintf(path, sizeof(path), "%s", th_path("full.csv.gz"));
	g = gzopen(path, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, plain, (unsigned)len), len);
	gzclose(g);
	snprintf(out, sizeof(out), "%s", th_path("gz.ecsnap"));
	/* Three identical rows are fine: the build succeeds. */
	assert_int_equal(build_csl(path, out, &err), 0);
	data = th_read(path, &n);
	th_write(th_path("cut.csv.gz"), data, n / 2);
	free(data);
	unlink(out);
	assert_int_equal(build_csl(th_path("cut.csv.gz"), out, &err),
			 EC_EPARSE);
	assert_non_null(strstr(err.text, "truncated"));
	assert_false(th_exists(out));
}

/* A failed build leaves an existing output untouched. */
static void test_failed_build_keeps_old(void **state)
{
	char out[512];
	unsigned char *before, *after;
	size_t nb, na;
	ec_error err;

	(void)state;
	snprintf(out, sizeof(out), "%s", th_path("keep.ecsnap"));
	th_write(th_path("good.csv"), header, strlen(header));
	{
		char buf[4096];
		int n = snprintf(buf, sizeof(buf), "%s%s", header, row1);

		th_write(th_path("good.csv"), buf, (size_t)n);
	}
	assert_int_equal(build_csl(th_path("good.csv"), out, &err), 0);
	before = th_read(out, &nb);
	th_write(th_path("bad.csv"), "x", 1);
	assert_int_equal(build_csl(th_path("bad.csv"), out, &err), EC_EPARSE);
	after = th_read(out, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csl2022_counts),
		cmocka_unit_test(test_huawei_found),
		cmocka_unit_test(test_huawei_text_verbatim),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_samples_ingest),
		cmocka_unit_test(test_bad_csv),
		cmocka_unit_test(test_truncated_gzip),
		cmocka_unit_test(test_failed_build_keeps_old),
	};

	return th_run_group(tests, NULL, NULL);
}
