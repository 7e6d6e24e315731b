/*
 * test_oom.c: out-of-memory behaviour.  For each public call, fail its
 * 1st, 2nd, 3rd, ... allocation until it runs through without reaching
 * the injected failure; every failing call must return EC_ENOMEM with *out
 * NULL (and, for a build, no output or temporary file), and under
 * AddressSanitizer LeakSanitizer checks that nothing leaked.  A call that
 * recovers from a failed allocation must give the same answer as a run
 * without one.  SQLite's own allocations do not go through the library's
 * hook; a second pass fails them through SQLite's allocator interface
 * (SQLITE_CONFIG_MALLOC), where EC_EDB is also an acceptable answer but a
 * claim that the file is damaged is not.
 */
#include <dirent.h>
#include <sqlite3.h>

#include "common.h"
#include "helpers.h"
#include "results.h"

/* Every failure point tested, summed over the whole program. */
static long total_points, total_sqlite_points;

/* ------------------------------------------------------------------ */
/* Failing SQLite's allocations                                        */
/* ------------------------------------------------------------------ */

static sqlite3_mem_methods sq_default;
static _Thread_local long sq_fail_at, sq_count;

static int sq_inject(void)
{
	sq_count++;
	return sq_fail_at > 0 && sq_count == sq_fail_at;
}

static void *sq_malloc(int n)
{
	return sq_inject() ? NULL : sq_default.xMalloc(n);
}

static void *sq_realloc(void *p, int n)
{
	return sq_inject() ? NULL : sq_default.xRealloc(p, n);
}

/* Routes SQLite's allocations through sq_malloc; before any other use. */
static void sq_install(void)
{
	static sqlite3_mem_methods m;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sq_default) != SQLITE_OK)
		abort();
	m = sq_default;
	m.xMalloc = sq_malloc;
	m.xRealloc = sq_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
		abort();
}

/* Which allocator the loops fail: ours (0) or SQLite's (1). */
static int failing_sqlite;

static void fail_at(long n)
{
	if (failing_sqlite) {
		sq_fail_at = n;
		sq_count = 0;
	} else {
		ec__alloc_fail_at(n);
	}
}

static long fail_count(void)
{
	return failing_sqlite ? sq_count : ec__alloc_count();
}

/*
 * One call under test: runs it, checks and releases what it made, and
 * returns its result code.  On success *text receives a malloc'ed
 * rendering of the result (or NULL when there is nothing to compare).
 * before and after (optional) run around each call with injection off;
 * after gets the answer of the run without injection.
 */
struct oom_case {
	const char *label;
	int (*run)(void *ctx, ec_error *err, char **text);
	void (*before)(void *ctx);
	void (*after)(void *ctx, const char *want);
	void *ctx;
};

static int run_once(const struct oom_case *c, long at, long *used,
		    ec_error *err, char **text, const char *want)
{
	int rc;

	*text = NULL;
	if (c->before)
		c->before(c->ctx);
	fail_at(at);
	rc = c->run(c->ctx, err, text);
	*used = fail_count();
	fail_at(0);
	if (c->after)
		c->after(c->ctx, want ? want : *text);
	return rc;
}

/*
 * Fails allocation 1, 2, 3, ... of the call until it completes without
 * reaching the injected failure, and checks each failure.  Returns the
 * number of failure points.
 */
static long oom_loop(const struct oom_case *c)
{
	char *want = NULL, *got;
	long n, used, recovered = 0;
	ec_error err;
	int rc;

	/* The answer without injected failures, to compare recoveries. */
	rc = run_once(c, 0, &used, &err, &want, NULL);
	if (rc)
		fail_msg("%s: fails without injection: %d %s", c->label, rc,
			 err.text);
	for (n = 1;; n++) {
		rc = run_once(c, n, &used, &err, &got, want);
		if (used < n) {
			/* Ran through: every allocation point was tried. */
			if (rc)
				fail_msg("%s: fails without injection: %d",
					 c->label, rc);
			free(got);
			break;
		}
		if (rc == 0) {
			/* It survived a failed allocation: same answer? */
			recovered++;
			if (want && (!got || strcmp(want, got) != 0)) {
				fprintf(stderr, "%s\n---- expected:\n%s\n",
					got ? got : "(none)", want);
				fail_msg("%s: allocation %ld failed and the "
					 "call succeeded with a different "
					 "result (above)",
					 c->label, n);
			}
			free(got);
			continue;
		}
		free(got);
		if (failing_sqlite && rc == EC_EDB)
			continue; /* "the embedded database failed" */
		if (rc != EC_ENOMEM)
			fail_msg("%s: allocation %ld failed: returned %d (%s), "
				 "not EC_ENOMEM: %s",
				 c->label, n, rc, ec_strerror(rc), err.text);
		if (err.code != rc || !err.text[0])
			fail_msg("%s: allocation %ld: no error detail",
				 c->label, n);
	}
	free(want);
	printf("[   OOM    ] %-44s %6ld %s allocation-failure points"
	       " (%ld recovered)\n",
	       c->label, n - 1, failing_sqlite ? "SQLite" : "library",
	       recovered);
	if (failing_sqlite)
		total_sqlite_points += n - 1;
	else
		total_points += n - 1;
	return n - 1;
}

/*
 * Runs the case, labelled by the printf format fmt, and asserts it had at
 * least one allocation to fail.
 */
static void oom(int (*run)(void *, ec_error *, char **), void *ctx,
		const char *fmt, ...) EC__PRINTF(3, 4);

static void oom(int (*run)(void *, ec_error *, char **), void *ctx,
		const char *fmt, ...)
{
	char label[128];
	struct oom_case c = {label, run, NULL, NULL, ctx};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(label, sizeof(label), fmt, ap);
	va_end(ap);
	assert_true(oom_loop(&c) > 0 || failing_sqlite);
}

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

static int call_open(void *ctx, ec_error *err, char **text)
{
	ec_snapshot *s = (ec_snapshot *)&s; /* must be reset to NULL */
	int rc = ec_snapshot_open(&s, ctx, err);

	(void)text;
	if (rc) {
		assert_null(s);
		return rc;
	}
	assert_non_null(s);
	assert_true(ec_snapshot_info_get(s)->entries > 0);
	ec_snapshot_free(s);
	return 0;
}

static void test_snapshot_open(void **state)
{
	(void)state;
	oom(call_open, (void *)th_sample_snapshot(),
	    "ec_snapshot_open (sample)");
}

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

/* 1 when dir holds a file whose name starts with prefix. */
static int dir_has_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			found = 1;
	closedir(d);
	return found;
}

static int call_build(void *ctx, ec_error *err, char **text)
{
	ec_build_opts *o = ctx;
	int rc;

	(void)text;
	unlink(o->output_path);
	rc = ec_build(o, err);
	if (rc) {
		/* Neither the output nor its temporary file may remain. */
		if (dir_has_prefix(th_tmp(), "oom-build.ecsnap"))
			fail_msg("a failed build left %s or its temporary "
				 "file behind",
				 o->output_path);
		return rc;
	}
	assert_true(th_exists(o->output_path));
	return 0;
}

static void test_build(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char csv[1024], rules[1024];
	ec_snapshot *s;
	ec_error err;

	(void)state;
	snprintf(csv, sizeof(csv), "%s",
		 th_source("data/sample/entity-list-sample.csv"));
	if (failing_sqlite) {
		/*
		 * Every SQLite allocation of a build with all the rules is
		 * some 14000 points (minutes under the sanitizers); two
		 * small rule files exercise the same statements.
		 */
		static const char *const few[] = {"country-groups.rules",
						  "zte.rules"};
		size_t i, n;
		unsigned char *b;

		snprintf(rules, sizeof(rules), "%s", th_path("few-rules"));
		mkdir(rules, 0755);
		for (i = 0; i < EC__ARRAY_LEN(few); i++) {
			char src[128], dst[1100];

			snprintf(src, sizeof(src), "data/rules/%s", few[i]);
			b = th_read(th_source(src), &n);
			snprintf(dst, sizeof(dst), "%s/%s", rules, few[i]);
			th_write(dst, b, n);
			free(b);
		}
	} else {
		snprintf(rules, sizeof(rules), "%s", th_source("data/rules"));
	}
	o.csl_path = csv;
	o.rules_dir = rules;
	o.output_path = th_path("oom-build.ecsnap");
	o.description = "oom test";
	o.created = 1700000000;
	oom(call_build, &o, "%s",
	    failing_sqlite ? "ec_build (sample CSV + 2 rule files)"
			   : "ec_build (sample CSV + rules)");
	/* What the last, complete build wrote opens. */
	assert_int_equal(ec_snapshot_open(&s, o.output_path, &err), 0);
	ec_snapshot_free(s);
	unlink(o.output_path);
	if (!failing_sqlite) {
		/* An update's build: a newer list, dated, keeping what the
		 * sample's lists dropped as removed entries. */
		ec_as_of a = {"csl", "2025-06-30", "last-modified"};
		size_t removed = 0, i;

		snprintf(csv, sizeof(csv), "%s",
			 th_source("data/lists/csl/sample-2025.csv.gz"));
		o.history_from = th_sample_snapshot();
		o.nas_of = 1;
		o.as_of = &a;
		oom(call_build, &o, "ec_build (with history)");
		assert_int_equal(ec_snapshot_open(&s, o.output_path, &err), 0);
		for (i = 0; i < ec_snapshot_info_get(s)->nlists; i++)
			removed += (size_t)ec_snapshot_info_get(s)
					   ->lists[i]
					   .removed;
		assert_true(removed > 0);
		ec_snapshot_free(s);
		unlink(o.output_path);
	}
}

/* ------------------------------------------------------------------ */
/* Screening                                                           */
/* ------------------------------------------------------------------ */

struct search_ctx {
	const ec_snapshot *snap;
	const char *name, *name2;
	ec_search_opts opts;
};

static int call_search(void *ctx, ec_error *err, char **text)
{
	struct search_ctx *c = ctx;
	ec_matches *m = (ec_matches *)&m;
	int rc = ec_search(&m, c->snap, c->name, &c->opts, err);

	if (rc) {
		assert_null(m);
		return rc;
	}
	*text = tr_matches_str(m);
	ec_matches_free(m);
	return 0;
}

static int call_compare(void *ctx, ec_error *err, char **text)
{
	struct search_ctx *c = ctx;
	ec_matches *m = (ec_matches *)&m;
	int rc = ec_compare(&m, c->snap, c->name, c->name2, err);

	if (rc) {
		assert_null(m);
		return rc;
	}
	assert_int_equal(ec_matches_count(m), 1);
	*text = tr_matches_str(m);
	ec_matches_free(m);
	return 0;
}

static const char *const search_queries[] = {
	"Huawei Technologies Co., Ltd.",
	"Huawey Technolgies",
	"SURNAME, Given Middle",
	"A.B.C. Trading Company Limited",
	"Юрий Гагарин",
	"Shenzhen",
};

static void test_search(void **state)
{
	ec_snapshot *snap = th_open(th_sample_snapshot());
	size_t i;

	(void)state;
	for (i = 0; i < EC__ARRAY_LEN(search_queries); i++) {
		struct search_ctx c;
		ec_search_opts init = EC_SEARCH_OPTS_INIT;

		c.snap = snap;
		c.name = search_queries[i];
		c.name2 = NULL;
		c.opts = init;
		c.opts.min_score = 0.3;
		c.opts.limit = 0;
		c.opts.country = i % 2 ? "CN" : NULL;
		c.opts.address = i == 0 ? "Shenzhen, Guangdong" : NULL;
		if (i == 2) { /* the identifying facts, an ID looked up apart */
			c.opts.facts.date_of_birth = "1970-01-02";
			c.opts.facts.nationality = "China";
			c.opts.facts.id_number = "91440300192203821F";
			c.opts.facts.type = "person";
		}
		oom(call_search, &c, "ec_search \"%.24s\"", c.name);
	}
	ec_snapshot_free(snap);
}

/* A search restricted to given entries, on a fresh snapshot (its map of
 * entries is built by the first search). */
static void test_search_entries(void **state)
{
	static const ec_entry_ref refs[] = {{"EL", "ecs-el-0001"},
					    {NULL, "ecs-el-0013"},
					    {"EL", "no-such-entry"}};
	ec_search_opts init = EC_SEARCH_OPTS_INIT;
	struct search_ctx c;

	(void)state;
	c.snap = th_open(th_sample_snapshot());
	c.name = "Huawei Cloud Berlin";
	c.name2 = NULL;
	c.opts = init;
	c.opts.min_score = 0.3;
	c.opts.nentries = EC__ARRAY_LEN(refs);
	c.opts.entries = refs;
	oom(call_search, &c, "ec_search entries \"%.24s\"", c.name);
	ec_snapshot_free((ec_snapshot *)c.snap);
}

static void test_compare(void **state)
{
	static const char *const pairs[][2] = {
		{"Given Middle Surname", "SURNAME, Given Middle"},
		{"Huawei Technologies Co., Ltd.",
		 "Huawei Technologies Company Limited"},
		{"A.B.C. GmbH", "ABC Gesellschaft mit beschränkter Haftung"},
	};
	ec_snapshot *snap = th_open(th_sample_snapshot());
	size_t i;

	(void)state;
	for (i = 0; i < EC__ARRAY_LEN(pairs); i++) {
		struct search_ctx c;

		memset(&c, 0, sizeof(c));
		c.name = pairs[i][0];
		c.name2 = pairs[i][1];
		c.snap = snap;
		oom(call_compare, &c, "ec_compare \"%.20s\"", c.name);
		c.snap = NULL;
		oom(call_compare, &c, "ec_compare \"%.20s\" (no snapshot)",
		    c.name);
	}
	ec_snapshot_free(snap);
}

/* ------------------------------------------------------------------ */
/* Decisions and license registers                                     */
/* ------------------------------------------------------------------ */

/* A license register or a register of cleared hits, two rows each. */
struct register_ctx {
	char path[1024];
	int cleared;
	ec_register_opts opts;
};

static int call_register(void *ctx, ec_error *err, char **text)
{
	const struct register_ctx *c = ctx;
	ec_license_register *lr = NULL;
	ec_cleared_register *cr = NULL;
	size_t rows = 0;
	int rc;

	(void)text;
	if (c->cleared) {
		cr = (ec_cleared_register *)&cr; /* must be reset to NULL */
		rc = ec_cleared_register_load_opts(&cr, c->path, &c->opts, err);
		rows = rc ? 0 : ec_cleared_register_count(cr);
	} else {
		lr = (ec_license_register *)&lr;
		rc = ec_license_register_load_opts(&lr, c->path, &c->opts, err);
		rows = rc ? 0 : ec_license_register_count(lr);
	}
	if (rc) {
		assert_null(c->cleared ? (void *)cr : (void *)lr);
		return rc;
	}
	assert_int_equal(rows, 2);
	ec_cleared_register_free(cr);
	ec_license_register_free(lr);
	return 0;
}

static void oom_register(const char *label, const char *rel, int cleared)
{
	struct register_ctx c;

	snprintf(c.path, sizeof(c.path), "%s", th_source(rel));
	c.cleared = cleared;
	c.opts.version = EC_REGISTER_OPTS_VERSION;
	c.opts.encoding = NULL;
	oom(call_register, &c, "%s", label);
}

/* A register a spreadsheet saved in Windows-1252, read through iconv. */
static void test_register_encoded(void **state)
{
	static const char text[] =
		"license_number;holder;consignee;items;valid_from;valid_to;"
		"notes\r\nD1;Beispiel Bauteile GmbH;Huawei Technologies Co. "
		"Ltd.;EAR99;2019-01-01;;f\xfcr M\xfcller\r\nD2;Beispiel "
		"Bauteile GmbH;Other Ltd;ALL;2019-01-01;;\r\n";
	struct register_ctx c;

	(void)state;
	snprintf(c.path, sizeof(c.path), "%s", th_path("cp1252.csv"));
	th_write(c.path, text, sizeof(text) - 1);
	c.cleared = 0;
	c.opts.version = EC_REGISTER_OPTS_VERSION;
	c.opts.encoding = "WINDOWS-1252";
	oom(call_register, &c, "ec_license_register_load_opts (cp1252)");
}

static void test_license_register(void **state)
{
	(void)state;
	oom_register("ec_license_register_load",
		     "tests/scenarios/licenses/register.csv", 0);
}

static void test_cleared_register(void **state)
{
	(void)state;
	oom_register("ec_cleared_register_load", "tests/cleared/register.csv",
		     1);
}

/* The audit record of a decision made outside the loop. */
struct audit_ctx {
	ec_snapshot *snap;
	ec_check_query q;
	ec_decision *d;
};

static int call_audit(void *ctx, ec_error *err, char **text)
{
	struct audit_ctx *c = ctx;
	char *line = (char *)&line;
	int rc = ec_audit_record(&line, c->snap, &c->q, c->d, NULL, err);

	if (rc) {
		assert_null(line);
		return rc;
	}
	/* The time is not part of the result compared. */
	*text = strdup(strstr(line, "\"tool\""));
	ec_audit_record_free(line);
	return 0;
}

static void test_audit_record(void **state)
{
	struct audit_ctx c;
	ec_check_query init = EC_CHECK_QUERY_INIT;
	ec_party p = {"Huawei Technologies Co., Ltd.", EC_ROLE_END_USER, "CN",
		      NULL};
	ec_error err;

	(void)state;
	c.q = init;
	c.q.nparties = 1;
	c.q.parties = &p;
	c.q.date = "2019-06-01";
	assert_int_equal(ec_snapshot_open(&c.snap, th_sample_snapshot(), &err),
			 0);
	assert_int_equal(ec_check(&c.d, c.snap, &c.q, &err), 0);
	oom(call_audit, &c, "ec_audit_record");
	ec_decision_free(c.d);
	ec_snapshot_free(c.snap);
}

struct check_ctx {
	const char *snap_path;
	ec_snapshot *snap;
	int cold; /* a fresh snapshot for every call (cold caches) */
	ec_check_query q;
};

static int call_check(void *ctx, ec_error *err, char **text)
{
	struct check_ctx *c = ctx;
	ec_decision *d = (ec_decision *)&d;
	int rc = ec_check(&d, c->snap, &c->q, err);

	if (rc) {
		assert_null(d);
		return rc;
	}
	*text = tr_decision_str(d);
	ec_decision_free(d);
	return 0;
}

static void check_open_cold(void *ctx)
{
	struct check_ctx *c = ctx;
	ec_error err;

	if (ec_snapshot_open(&c->snap, c->snap_path, &err))
		fail_msg("%s", err.text);
}

/*
 * After a cold check, whatever the failed one left in the snapshot's
 * caches must be sound: a second check on it gives the right answer.
 */
static void check_close_cold(void *ctx, const char *want)
{
	struct check_ctx *c = ctx;
	ec_decision *d;
	char *got;

	assert_int_equal(ec_check(&d, c->snap, &c->q, NULL), 0);
	got = tr_decision_str(d);
	if (want && strcmp(got, want) != 0)
		fail_msg("a check after a failed one differs:\n%s\n----\n%s",
			 got, want);
	free(got);
	ec_decision_free(d);
	ec_snapshot_free(c->snap);
	c->snap = NULL;
}

struct check_def {
	const char *party, *country, *item, *date, *activity;
	int origin, role;
	double us_content;
	unsigned facts;
	int licenses;
	const char *owner, *address; /* ownership and address rules */
	double share;
};

static const struct check_def checks[] = {
	{"Huawei Technologies Co., Ltd.", "CN", "EAR99", "2019-11-25", NULL,
	 EC_ORIGIN_US, EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 1, NULL, NULL, 0},
	{"Huawei Technologies Co., Ltd.", "CN", "EAR99", "2019-07-01",
	 "existing_network_support", EC_ORIGIN_US, EC_ROLE_END_USER, -1, 0, 0,
	 NULL, NULL, 0},
	{"Huawei Technologies Co., Ltd.", NULL, "3A991", "2021-03-01", NULL,
	 EC_ORIGIN_DIRECT_PRODUCT, EC_ROLE_ULTIMATE_CONSIGNEE, -1,
	 EC_FACT_PARTY_DESIGNED, 0, NULL, NULL, 0},
	{"ZTE Kangxun Telecommunications Ltd.", "CN", "5A002", "2017-04-01",
	 NULL, EC_ORIGIN_FOREIGN, EC_ROLE_PURCHASER, 30, 0, 0, NULL, NULL, 0},
	{"Huawei Clouds Brazil Partner Network", "BR", "EAR99", "2021-01-10",
	 NULL, EC_ORIGIN_US, EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 0, NULL, NULL,
	 0},
	{"Example Importer GmbH", "DE", "EAR99", "2022-01-10", NULL,
	 EC_ORIGIN_US, EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 1, NULL, NULL, 0},
	{"Shenzhen Example Components Co., Ltd.", "CN", "EAR99", "2026-12-03",
	 NULL, EC_ORIGIN_US, EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 0,
	 "Huawei Technologies Co., Ltd.", NULL, 60},
	{"Example Trading (HK) Limited", "HK", "3A991", "2024-07-01", NULL,
	 EC_ORIGIN_US, EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 0, NULL,
	 "Room 1318-19, 13F, Hollywood Plaza, 610 Nathan Road, Mong Kok, "
	 "Kowloon, Hong Kong",
	 0},
	/* A hit the cleared-hits register suppresses. */
	{"Huawei Cloud Berlin", "DE", "EAR99", "2021-01-10", NULL, EC_ORIGIN_US,
	 EC_ROLE_ULTIMATE_CONSIGNEE, -1, 0, 0, NULL, NULL, 0},
};

static void test_check(void **state)
{
	char reg_path[1024], label[128];
	ec_license_register *reg;
	ec_cleared_register *creg;
	ec_snapshot *warm;
	ec_error err;
	size_t i;

	(void)state;
	snprintf(reg_path, sizeof(reg_path), "%s",
		 th_source("tests/scenarios/licenses/register.csv"));
	assert_int_equal(ec_license_register_load(&reg, reg_path, &err), 0);
	assert_int_equal(
		ec_cleared_register_load(
			&creg, th_source("tests/cleared/register.csv"), &err),
		0);
	assert_int_equal(ec_snapshot_open(&warm, th_sample_snapshot(), &err),
			 0);
	for (i = 0; i < EC__ARRAY_LEN(checks); i++) {
		const struct check_def *k = &checks[i];
		ec_check_query init = EC_CHECK_QUERY_INIT;
		const char *acts[1];
		ec_party party;
		ec_owner owner;
		struct check_ctx c;
		struct oom_case oc;
		int cold;

		memset(&party, 0, sizeof(party));
		party.name = k->party;
		party.country = k->country;
		party.role = k->role;
		party.address = k->address;
		memset(&owner, 0, sizeof(owner));
		owner.name = k->owner;
		owner.share_pct = k->share;
		acts[0] = k->activity;
		memset(&c, 0, sizeof(c));
		c.snap_path = th_sample_snapshot();
		c.q = init;
		c.q.nparties = 1;
		c.q.parties = &party;
		c.q.item = k->item;
		c.q.date = k->date;
		c.q.origin = k->origin;
		c.q.us_content_pct = k->us_content;
		c.q.facts = k->facts;
		c.q.cleared = creg;
		c.q.nactivities = k->activity ? 1 : 0;
		c.q.activities = acts;
		c.q.nowners = k->owner ? 1 : 0;
		c.q.owners = &owner;
		if (k->licenses) {
			c.q.licenses = reg;
			c.q.supplier = "Example Components Inc.";
		}
		for (cold = 0; cold < 2; cold++) {
			snprintf(label, sizeof(label), "ec_check %s%.20s %s%s",
				 k->licenses ? "(licenses) " : "", k->party,
				 k->item, cold ? " cold" : "");
			oc.label = label;
			oc.run = call_check;
			oc.ctx = &c;
			oc.before = cold ? check_open_cold : NULL;
			oc.after = cold ? check_close_cold : NULL;
			c.snap = cold ? NULL : warm;
			assert_true(oom_loop(&oc) > 0 || failing_sqlite);
		}
	}
	ec_snapshot_free(warm);
	ec_license_register_free(reg);
	ec_cleared_register_free(creg);
}

/* ------------------------------------------------------------------ */
/* Entries and holders                                                 */
/* ------------------------------------------------------------------ */

static int call_lookup(void *ctx, ec_error *err, char **text)
{
	ec_entry *e = (ec_entry *)&e;
	ec_entry_iter *it = (ec_entry_iter *)&it;
	const ec_entry *x;
	long n = 0;
	int rc = ec_entry_iter_new(&it, ctx, err);

	(void)text;
	if (rc) {
		assert_null(it);
		return rc;
	}
	while ((rc = ec_entry_iter_next(it, &x, err)) == 0) {
		n++;
		rc = ec_entry_lookup(&e, ctx, x->list, x->entry_id, err);
		if (rc) {
			assert_null(e);
			break;
		}
		assert_string_equal(e->entry_id, x->entry_id);
		ec_entry_free(e);
	}
	ec_entry_iter_free(it);
	if (rc != EC_EITEROVER)
		return rc;
	assert_true(n > 0);
	return 0;
}

static int call_holder(void *ctx, ec_error *err, char **text)
{
	ec_holder *h = (ec_holder *)&h;
	ec_snapshot *s = ec_snapshot_retain(ctx);
	int rc = ec_holder_new(&h, s);

	(void)text;
	if (rc) {
		assert_null(h);
		ec_snapshot_free(s);
		return ec__fail(err, rc, "holder");
	}
	s = ec_holder_acquire(h);
	assert_ptr_equal(s, ctx);
	ec_snapshot_free(s);
	ec_holder_free(h);
	return 0;
}

static void test_entries(void **state)
{
	ec_snapshot *snap;
	ec_error err;

	(void)state;
	assert_int_equal(ec_snapshot_open(&snap, th_sample_snapshot(), &err),
			 0);
	oom(call_lookup, snap, "ec_entry_iter + ec_entry_lookup (all)");
	oom(call_holder, snap, "ec_holder_new");
	ec_snapshot_free(snap);
}

/*
 * The calls that use SQLite, with SQLite's allocations failing instead of
 * ours (searches and checks read the in-memory index and rules only).
 */
static void test_sqlite(void **state)
{
	failing_sqlite = 1;
	test_snapshot_open(state);
	test_entries(state);
	test_build(state);
	failing_sqlite = 0;
}

static int teardown(void **state)
{
	(void)state;
	printf("[   OOM    ] %ld library and %ld SQLite allocation-failure "
	       "points in all\n",
	       total_points, total_sqlite_points);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_open),
		cmocka_unit_test(test_license_register),
		cmocka_unit_test(test_cleared_register),
		cmocka_unit_test(test_register_encoded),
		cmocka_unit_test(test_audit_record),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_entries),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_sqlite),
	};

	sq_install();
	return th_run_group(tests, NULL, teardown);
}
