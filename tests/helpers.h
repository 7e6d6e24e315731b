/*
 * helpers.h: what the test programs share: temporary folders, the paths of
 * the repository's government lists and of the sample snapshot, file helpers.
 * Header-only so each test binary stays one file plus this.
 */
#ifndef EC_TEST_HELPERS_H
#define EC_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <entitycheck/entitycheck.h>

/* The 29 column names of the CSL's CSV files, as its header line. */
#define TH_CSL_HEADER                                                          \
	"_id,source,entity_number,type,programs,name,title,addresses,"         \
	"federal_register_notice,start_date,end_date,standard_order,"          \
	"license_requirement,license_policy,call_sign,vessel_type,"            \
	"gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,"     \
	"remarks,source_list_url,alt_names,citizenships,dates_of_birth,"       \
	"nationalities,places_of_birth,source_information_url,ids\n"

static char th_tmpdir[256];

/* A fresh temporary folder for this test program. */
static inline const char *th_tmp(void)
{
	if (!th_tmpdir[0]) {
		snprintf(th_tmpdir, sizeof(th_tmpdir), "/tmp/ec-test-XXXXXX");
		if (!mkdtemp(th_tmpdir))
			fail_msg("mkdtemp failed");
	}
	return th_tmpdir;
}

static inline void th_cleanup(void)
{
	char cmd[512];

	if (th_tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", th_tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", th_tmpdir);
	}
}

/*
 * Runs a group of tests, then removes the temporary folder whatever the
 * result, so that a failed test leaves nothing behind in /tmp.
 */
#define th_run_group(tests, setup, teardown)                                   \
	th_run_group_(#tests, tests, sizeof(tests) / sizeof((tests)[0]),       \
		      setup, teardown)

static inline int th_run_group_(const char *name,
				const struct CMUnitTest *tests, size_t n,
				CMFixtureFunction setup,
				CMFixtureFunction teardown)
{
	int rc = _cmocka_run_group_tests(name, tests, n, setup, teardown);

	th_cleanup();
	return rc;
}

/* path of a file in the temporary folder (static buffer rotation). */
static inline const char *th_path(const char *name)
{
	static char bufs[8][512];
	static int k;
	char *b = bufs[k++ & 7];

	snprintf(b, 512, "%s/%s", th_tmp(), name);
	return b;
}

/*
 * A file of the repository's copy of the government lists (data/lists),
 * which every clone has: a missing one fails the test, never skips it.
 */
static inline const char *th_list(const char *rel)
{
	static char bufs[4][1024];
	static int k;
	const char *root = getenv("EC_SOURCE_ROOT");
	char *b = bufs[k++ & 3];

	snprintf(b, 1024, "%s/data/lists/%s", root ? root : ".", rel);
	if (access(b, R_OK) != 0)
		fail_msg("%s is missing from the repository", b);
	return b;
}

static inline const char *th_source(const char *rel)
{
	static char buf[1024];
	const char *root = getenv("EC_SOURCE_ROOT");

	snprintf(buf, sizeof(buf), "%s/%s", root ? root : ".", rel);
	return buf;
}

static inline void th_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static inline unsigned char *th_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

static inline int th_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Builds a snapshot of csv with the repository's rules into name. */
static inline void th_build_csl_snapshot(const char *csv, const char *path,
					 const char *description)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_error err;
	char rules[1024], input[1024];

	/* th_source() returns a static buffer that csv may be too. */
	snprintf(input, sizeof(input), "%s", csv);
	snprintf(rules, sizeof(rules), "%s", th_source("data/rules"));
	o.csl_path = input;
	o.rules_dir = rules;
	o.output_path = path;
	o.description = description;
	if (ec_build(&o, &err) != 0)
		fail_msg("build failed: %s:%ld: %s", err.file, err.line,
			 err.text);
}

/* Builds a snapshot of the full 2022 CSL (once per program). */
static inline const char *th_csl2022_snapshot(void)
{
	static char path[512];
	const char *csl;

	if (path[0])
		return path;
	csl = th_list("csl/consolidated-2022-05.csv.gz");
	snprintf(path, sizeof(path), "%s", th_path("csl2022.ecsnap"));
	th_build_csl_snapshot(csl, path, "CSL 2022-05 (test)");
	return path;
}

/*
 * Builds a snapshot of the hand-written sample (data/sample), whatever
 * snapshot the build installs as its default (once per program).
 */
static inline const char *th_handsample_snapshot(void)
{
	static char path[512];

	if (path[0])
		return path;
	snprintf(path, sizeof(path), "%s", th_path("handsample.ecsnap"));
	th_build_csl_snapshot(th_source("data/sample/entity-list-sample.csv"),
			      path, "hand-written sample (test)");
	return path;
}

/* The snapshot at path, opened; a failure fails the test (caller frees). */
static inline ec_snapshot *th_open(const char *path)
{
	ec_snapshot *s = NULL;
	ec_error err;

	if (ec_snapshot_open(&s, path, &err))
		fail_msg("open %s: %s", path, err.text);
	return s;
}

/* The list code of a snapshot's info, or NULL when it has none. */
static inline const ec_list_info *th_list_info(const ec_snapshot_info *in,
					       const char *code)
{
	size_t i;

	for (i = 0; i < in->nlists; i++)
		if (strcmp(in->lists[i].code, code) == 0)
			return &in->lists[i];
	return NULL;
}

/*
 * A check of q that must be refused as invalid, with *out left NULL and
 * the detail naming fragment (when one is given).
 */
static inline void th_check_invalid(const ec_snapshot *s,
				    const ec_check_query *q,
				    const char *fragment)
{
	ec_decision *d = (ec_decision *)&d;
	ec_error err;

	assert_int_equal(ec_check(&d, s, q, &err), EC_EINVAL);
	assert_null(d);
	if (fragment && !strstr(err.text, fragment))
		fail_msg("\"%s\" lacks \"%s\"", err.text, fragment);
}

/* The status (EC_STATUS_*) of a check of q, which must succeed. */
static inline int th_check_status(const ec_snapshot *s, const ec_check_query *q)
{
	ec_decision *d = NULL;
	ec_error err;
	int status;

	if (ec_check(&d, s, q, &err))
		fail_msg("check: %s", err.text);
	status = d->status;
	ec_decision_free(d);
	return status;
}

/* The full 2022 CSL snapshot, opened (caller frees). */
static inline ec_snapshot *th_open_csl2022(void)
{
	return th_open(th_csl2022_snapshot());
}

/*
 * The decision on one party, an ultimate consignee, on date, with the rest
 * of q as the caller set it; a failed check fails the test (caller frees).
 */
static inline ec_decision *th_decide_party(const ec_snapshot *s,
					   ec_check_query q, const char *party,
					   const char *date)
{
	ec_party p = {party, EC_ROLE_ULTIMATE_CONSIGNEE, NULL, NULL};
	ec_decision *d = NULL;
	ec_error err;

	q.parties = &p;
	q.nparties = 1;
	q.date = date;
	if (ec_check(&d, s, &q, &err))
		fail_msg("check \"%s\" on %s: %s", party, date, err.text);
	return d;
}

/*
 * 1 when a search of name with opts (min_score and limit set here: the
 * review floor, no limit) reports the entry entry_id.
 */
static inline int th_search_finds(const ec_snapshot *snap, const char *name,
				  ec_search_opts o, const char *entry_id)
{
	ec_matches *m = NULL;
	ec_error err;
	size_t i;
	int hit = 0;

	o.min_score = 0.65; /* the review floor */
	o.limit = 0;
	if (ec_search(&m, snap, name, &o, &err))
		fail_msg("search \"%s\": %s", name, err.text);
	for (i = 0; i < ec_matches_count(m) && !hit; i++)
		hit = strcmp(ec_matches_get(m, i)->entry_id, entry_id) == 0;
	ec_matches_free(m);
	return hit;
}

static inline const char *th_sample_snapshot(void)
{
	const char *p = getenv("EC_SAMPLE_SNAPSHOT");

	if (!p || !th_exists(p))
		fail_msg(
			"the default snapshot is missing (EC_SAMPLE_SNAPSHOT)");
	return p;
}

/*
 * Group setups for tests that share one snapshot: the default one
 * (th_sample) or the full 2022 CSL (th_csl); one teardown for either.
 */
static ec_snapshot *th_sample, *th_csl;

static inline int th_sample_setup(void **state)
{
	ec_error err;

	(void)state;
	return ec_snapshot_open(&th_sample, th_sample_snapshot(), &err);
}

static inline int th_csl2022_setup(void **state)
{
	(void)state;
	th_csl = th_open_csl2022();
	return 0;
}

static inline int th_shared_teardown(void **state)
{
	(void)state;
	ec_snapshot_free(th_sample);
	ec_snapshot_free(th_csl);
	th_sample = th_csl = NULL;
	th_cleanup();
	return 0;
}

#endif
