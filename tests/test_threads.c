/*
 * test_threads.c: an open snapshot is shared by threads.  Eight threads
 * search and check one snapshot (the full 2022 CSL, and the sample) at
 * once and must get exactly the serial answers; readers keep searching
 * through an ec_holder while a writer swaps freshly opened snapshots in,
 * and none may see a failure or a freed snapshot.  Run it under
 * ThreadSanitizer too (see README.md, "Reliability").
 */
#include <pthread.h>
#include <stdatomic.h>

#include "helpers.h"
#include "results.h"

#define NTHREADS 8
#define NQUERIES 48

/* Worker threads must not call cmocka's asserts: they count instead. */
static atomic_long failures;
static char first_failure[512];
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;

static void failure(const char *what, const char *detail)
{
	if (atomic_fetch_add(&failures, 1) == 0) {
		pthread_mutex_lock(&failure_lock);
		snprintf(first_failure, sizeof(first_failure), "%s: %.400s",
			 what, detail);
		pthread_mutex_unlock(&failure_lock);
	}
}

static void check_no_failures(void)
{
	if (atomic_load(&failures))
		fail_msg("%ld failures in threads; first: %s",
			 atomic_load(&failures), first_failure);
}

/* ------------------------------------------------------------------ */
/* The queries                                                         */
/* ------------------------------------------------------------------ */

struct query {
	char name[256];
	const char *country; /* for search and for the check's party */
	const char *item;
	const char *date;
};

static const char *const hand_written[] = {
	"Huawei Technologies Co., Ltd.",
	"Huawey Technolgies",
	"ZTE Corporation",
	"Semiconductor Manufacturing International Corp",
	"SURNAME, Given Middle",
	"Sergei Leontiev",
	"Rosoboronexport",
	"Bank Melli Iran",
	"Юрий Гагарин",
	"Shenzhen",
	"A.B.C. Trading Company Limited",
	"Example Importer GmbH",
};

static const char *const countries[] = {NULL, "CN", "RU", "IR"};
static const char *const items[] = {"EAR99", "3A991", "5A002", "3A001.a"};
static const char *const dates[] = {"2019-07-01", "2020-09-15", "2021-01-10",
				    "2022-05-01"};

/*
 * A fixed list: the hand-written names, then primary names spread evenly
 * over the snapshot's entries (the same snapshot gives the same list).
 */
static size_t make_queries(const ec_snapshot *snap, struct query *q, size_t max)
{
	long long total = ec_snapshot_info_get(snap)->entries, k = 0;
	size_t n = 0, i;
	long long step;
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;

	for (i = 0; i < sizeof(hand_written) / sizeof(*hand_written) && n < max;
	     i++)
		snprintf(q[n++].name, sizeof(q->name), "%s", hand_written[i]);
	step = total / (long long)(max - n);
	if (step < 1)
		step = 1;
	assert_int_equal(ec_entry_iter_new(&it, snap, &err), 0);
	while (n < max && ec_entry_iter_next(it, &e, &err) == 0)
		if (k++ % step == 0)
			snprintf(q[n++].name, sizeof(q->name), "%s", e->name);
	ec_entry_iter_free(it);
	for (i = 0; i < n; i++) {
		q[i].country = countries[i % 4];
		q[i].item = items[(i / 4) % 4];
		q[i].date = dates[(i / 3) % 4];
	}
	return n;
}

/* Runs one query (search, then check); returns the answer as text. */
static char *answer(const ec_snapshot *snap, const struct query *x, int *rc_out)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_check_query cq = EC_CHECK_QUERY_INIT;
	ec_party party;
	ec_owner owner;
	ec_matches *m = NULL;
	ec_decision *d = NULL;
	ec_error err;
	struct tr_text t;
	FILE *f;
	int rc;

	o.min_score = 0.7;
	o.limit = 10;
	o.country = x->country;
	memset(&party, 0, sizeof(party));
	party.name = x->name;
	party.country = x->country;
	party.role = EC_ROLE_ULTIMATE_CONSIGNEE;
	/*
	 * Every party also gives an address and an owner, so threads race
	 * for the snapshot's address-only entries (found on first use) and
	 * screen owners at the same time.
	 */
	party.address = "Room 1318-19, 13F, Hollywood Plaza, 610 Nathan Road, "
			"Mong Kok, Kowloon, Hong Kong";
	memset(&owner, 0, sizeof(owner));
	owner.name = x->name;
	owner.share_pct = 50;
	cq.nowners = 1;
	cq.owners = &owner;
	cq.nparties = 1;
	cq.parties = &party;
	cq.item = x->item;
	cq.date = x->date;
	f = tr_open(&t);
	rc = ec_search(&m, snap, x->name, &o, &err);
	if (rc == 0) {
		tr_matches(f, m);
		ec_matches_free(m);
		rc = ec_check(&d, snap, &cq, &err);
	}
	if (rc == 0) {
		tr_decision(f, d);
		ec_decision_free(d);
	} else {
		fprintf(f, "error %d %s\n", rc, err.text);
	}
	*rc_out = rc;
	return tr_close(&t);
}

/* ------------------------------------------------------------------ */
/* Many threads, one snapshot                                          */
/* ------------------------------------------------------------------ */

struct shared_run {
	const ec_snapshot *snap;
	const struct query *q;
	char *const *want;
	size_t n;
	int rounds;
};

struct worker {
	pthread_t t;
	const struct shared_run *run;
	size_t start; /* threads begin at different queries */
	long done;
};

static void *shared_worker(void *arg)
{
	struct worker *w = arg;
	const struct shared_run *r = w->run;
	int round;
	size_t k;

	for (round = 0; round < r->rounds; round++)
		for (k = 0; k < r->n; k++) {
			size_t i = (w->start + k) % r->n;
			int rc;
			char *got = answer(r->snap, &r->q[i], &rc);

			if (rc)
				failure("a query failed in a thread", got);
			else if (strcmp(got, r->want[i]) != 0)
				failure("a thread's answer differs from the "
					"serial one for",
					r->q[i].name);
			free(got);
			w->done++;
		}
	return NULL;
}

static void shared_snapshot(const char *path, int rounds)
{
	static struct query q[NQUERIES];
	char *want[NQUERIES];
	struct worker w[NTHREADS];
	struct shared_run run;
	ec_snapshot *serial, *snap;
	ec_error err;
	size_t n, i;
	long total = 0;
	int rc;

	assert_int_equal(ec_snapshot_open(&serial, path, &err), 0);
	n = make_queries(serial, q, NQUERIES);
	for (i = 0; i < n; i++) {
		want[i] = answer(serial, &q[i], &rc);
		assert_int_equal(rc, 0);
	}
	ec_snapshot_free(serial);
	/*
	 * A fresh snapshot, so the threads also race to fill its lazily
	 * built caches.
	 */
	assert_int_equal(ec_snapshot_open(&snap, path, &err), 0);
	run.snap = snap;
	run.q = q;
	run.want = want;
	run.n = n;
	run.rounds = rounds;
	for (i = 0; i < NTHREADS; i++) {
		w[i].run = &run;
		w[i].start = i * n / NTHREADS;
		w[i].done = 0;
		assert_int_equal(
			pthread_create(&w[i].t, NULL, shared_worker, &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(w[i].t, NULL), 0);
		total += w[i].done;
	}
	ec_snapshot_free(snap);
	for (i = 0; i < n; i++)
		free(want[i]);
	printf("[  THREADS ] %s: %d threads, %ld queries (search + check), "
	       "all equal to the serial answers\n",
	       strrchr(path, '/') ? strrchr(path, '/') + 1 : path, NTHREADS,
	       total);
	check_no_failures();
}

static void test_shared_csl(void **state)
{
	(void)state;
	shared_snapshot(th_csl2022_snapshot(), 1);
}

static void test_shared_sample(void **state)
{
	(void)state;
	shared_snapshot(th_sample_snapshot(), 3);
}

/* ------------------------------------------------------------------ */
/* Replacing the snapshot under live readers                           */
/* ------------------------------------------------------------------ */

#define NREADERS 6
#define NREPLACE 60

struct swap_run {
	ec_holder *h;
	atomic_int stop;
	/* The answer for each snapshot, told apart by its entry count. */
	long long entries[2];
	char *want[2];
	const char *name;
};

struct reader {
	pthread_t t;
	struct swap_run *run;
	long reads;
};

static void *reader_thread(void *arg)
{
	struct reader *rd = arg;
	struct swap_run *r = rd->run;
	struct query x;

	memset(&x, 0, sizeof(x));
	snprintf(x.name, sizeof(x.name), "%s", r->name);
	x.item = "EAR99";
	x.date = "2021-01-10";
	x.country = "CN";
	while (!atomic_load(&r->stop) || rd->reads < 10) {
		ec_snapshot *s = ec_holder_acquire(r->h);
		long long entries;
		char *got;
		int rc, k;

		if (!s) {
			failure("ec_holder_acquire", "returned NULL");
			break;
		}
		entries = ec_snapshot_info_get(s)->entries;
		k = entries == r->entries[0]   ? 0
		    : entries == r->entries[1] ? 1
					       : -1;
		got = answer(s, &x, &rc);
		if (rc || k < 0)
			failure("a reader failed", got);
		else if (strcmp(got, r->want[k]) != 0)
			failure("a reader's answer differs", got);
		free(got);
		/* Released while the writer may be replacing it. */
		ec_snapshot_free(s);
		rd->reads++;
	}
	return NULL;
}

static void test_holder_replace(void **state)
{
	const char *paths[2];
	struct reader rd[NREADERS];
	struct swap_run run;
	ec_snapshot *s;
	ec_error err;
	long reads = 0;
	int i, rc;

	(void)state;
	paths[0] = th_sample_snapshot();
	paths[1] = th_csl2022_snapshot();
	memset(&run, 0, sizeof(run));
	run.name = "Huawei Technologies Co., Ltd.";
	for (i = 0; i < 2; i++) {
		struct query x;

		memset(&x, 0, sizeof(x));
		snprintf(x.name, sizeof(x.name), "%s", run.name);
		x.item = "EAR99";
		x.date = "2021-01-10";
		x.country = "CN";
		assert_int_equal(ec_snapshot_open(&s, paths[i], &err), 0);
		run.entries[i] = ec_snapshot_info_get(s)->entries;
		run.want[i] = answer(s, &x, &rc);
		assert_int_equal(rc, 0);
		ec_snapshot_free(s);
	}
	assert_true(run.entries[0] != run.entries[1]);
	assert_int_equal(ec_snapshot_open(&s, paths[0], &err), 0);
	assert_int_equal(ec_holder_new(&run.h, s), 0);
	for (i = 0; i < NREADERS; i++) {
		rd[i].run = &run;
		rd[i].reads = 0;
		assert_int_equal(
			pthread_create(&rd[i].t, NULL, reader_thread, &rd[i]),
			0);
	}
	/* The writer: fresh snapshots, alternately the sample and the CSL. */
	for (i = 1; i <= NREPLACE; i++) {
		assert_int_equal(ec_snapshot_open(&s, paths[i % 2], &err), 0);
		ec_holder_replace(run.h, s);
	}
	atomic_store(&run.stop, 1);
	for (i = 0; i < NREADERS; i++) {
		assert_int_equal(pthread_join(rd[i].t, NULL), 0);
		reads += rd[i].reads;
	}
	ec_holder_free(run.h);
	free(run.want[0]);
	free(run.want[1]);
	printf("[  THREADS ] holder: %d replacements under %d readers, %ld "
	       "reads, none failed\n",
	       NREPLACE, NREADERS, reads);
	check_no_failures();
}

/* ------------------------------------------------------------------ */
/* Builds at once                                                      */
/* ------------------------------------------------------------------ */

#define NBUILDERS 6

struct builder {
	pthread_t t;
	char out[512];
	ec_build_opts o;
	int rc;
	char text[512];
};

/* Different lists, so a builder that read another's data would show. */
static char build_csv[3][1024], build_rules[1024];
static size_t nbuild_csv;

/* Main thread only: th_source() and th_path() use static buffers. */
static void build_opts(ec_build_opts *o, size_t input, const char *out)
{
	ec_build_opts init = EC_BUILD_OPTS_INIT;
	const char *shared[2] = {th_list("csl/sample-2025.csv.gz"),
				 th_list("csl/sample-2019-old-layout.csv.gz")};
	size_t i;

	nbuild_csv = 0;
	snprintf(build_csv[nbuild_csv++], sizeof(build_csv[0]), "%s",
		 th_source("data/sample/entity-list-sample.csv"));
	for (i = 0; i < 2; i++)
		if (shared[i])
			snprintf(build_csv[nbuild_csv++], sizeof(build_csv[0]),
				 "%s", shared[i]);
	snprintf(build_rules, sizeof(build_rules), "%s",
		 th_source("data/rules"));
	*o = init;
	o->csl_path = build_csv[input % nbuild_csv];
	o->rules_dir = build_rules;
	o->output_path = out;
	o->description = "threads";
	o->created = 1700000000;
}

static void *builder_thread(void *arg)
{
	struct builder *b = arg;
	ec_error err;

	b->rc = ec_build(&b->o, &err);
	if (b->rc)
		snprintf(b->text, sizeof(b->text), "%s", err.text);
	return NULL;
}

/*
 * Independent builds of different lists in several threads write the
 * same bytes as each alone (the index builder once sorted through a
 * global variable).
 */
static void test_concurrent_builds(void **state)
{
	struct builder b[NBUILDERS];
	unsigned char *want[3], *got;
	size_t nwant[3], ngot, k;
	ec_build_opts o;
	ec_error err;
	int i, round;
	char name[32];

	(void)state;
	for (k = 0; k < 3; k++) {
		snprintf(name, sizeof(name), "serial-%zu.ecsnap", k);
		build_opts(&o, k, th_path(name));
		if (k >= nbuild_csv)
			break;
		assert_int_equal(ec_build(&o, &err), 0);
		want[k] = th_read(o.output_path, &nwant[k]);
	}
	for (round = 0; round < 5; round++) {
		for (i = 0; i < NBUILDERS; i++) {
			snprintf(name, sizeof(name), "parallel-%d.ecsnap", i);
			snprintf(b[i].out, sizeof(b[i].out), "%s",
				 th_path(name));
			build_opts(&b[i].o, (size_t)i, b[i].out);
			b[i].rc = -1;
			b[i].text[0] = '\0';
		}
		for (i = 0; i < NBUILDERS; i++)
			assert_int_equal(pthread_create(&b[i].t, NULL,
							builder_thread, &b[i]),
					 0);
		for (i = 0; i < NBUILDERS; i++)
			assert_int_equal(pthread_join(b[i].t, NULL), 0);
		for (i = 0; i < NBUILDERS; i++) {
			k = (size_t)i % nbuild_csv;
			if (b[i].rc)
				fail_msg("build %d failed: %s", i, b[i].text);
			got = th_read(b[i].out, &ngot);
			assert_int_equal(ngot, nwant[k]);
			assert_memory_equal(got, want[k], nwant[k]);
			free(got);
		}
	}
	for (k = 0; k < nbuild_csv; k++)
		free(want[k]);
	printf("[  THREADS ] %d builds of %zu lists at once, 5 times: the "
	       "same bytes as each alone\n",
	       NBUILDERS, nbuild_csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_sample),
		cmocka_unit_test(test_shared_csl),
		cmocka_unit_test(test_holder_replace),
		cmocka_unit_test(test_concurrent_builds),
	};

	return th_run_group(tests, NULL, NULL);
}
