/*
 * fuzz.h: what the libFuzzer targets share: a private temporary folder (in
 * /dev/shm when there is one, since a build fsyncs its output), the sample
 * snapshot opened once, input splitting and the checks of documented
 * invariants, which abort() so that libFuzzer records the input.
 */
#ifndef EC_FUZZ_H
#define EC_FUZZ_H

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <entitycheck/entitycheck.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef EC_FUZZ_SAMPLE
#define EC_FUZZ_SAMPLE "build/data/sample.ecsnap"
#endif
#ifndef EC_FUZZ_SOURCE_ROOT
#define EC_FUZZ_SOURCE_ROOT "."
#endif

/* Inputs above this are skipped: they only slow the search down. */
#define FZ_MAX_INPUT (1u << 20)

#define FZ_CHECK(cond, ...)                                                    \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz invariant failed: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			abort();                                               \
		}                                                              \
	} while (0)

static char fz_dir[256];

static inline void fz_remove_dir(void)
{
	DIR *d;
	struct dirent *e;
	char p[600];

	if (!fz_dir[0] || !(d = opendir(fz_dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", fz_dir, e->d_name);
		if (unlink(p) != 0) {
			/* A folder of its own (the rules target). */
			DIR *sub = opendir(p);
			struct dirent *f;
			char q[900];

			while (sub && (f = readdir(sub)) != NULL) {
				if (f->d_name[0] == '.')
					continue;
				snprintf(q, sizeof(q), "%s/%s", p, f->d_name);
				unlink(q);
			}
			if (sub)
				closedir(sub);
			rmdir(p);
		}
	}
	closedir(d);
	rmdir(fz_dir);
}

/* A path in this process's temporary folder. */
static inline const char *fz_path(const char *name)
{
	static char buf[4][600];
	static int k;
	char *b = buf[k++ & 3];

	if (!fz_dir[0]) {
		const char *base = getenv("EC_FUZZ_TMP");

		if (!base)
			base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
							     : "/tmp";
		snprintf(fz_dir, sizeof(fz_dir), "%s/ec-fuzz-XXXXXX", base);
		if (!mkdtemp(fz_dir)) {
			perror("mkdtemp");
			abort();
		}
		atexit(fz_remove_dir);
	}
	snprintf(b, 600, "%s/%s", fz_dir, name);
	return b;
}

static inline void fz_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/* The source tree file rel (for seeds the targets load themselves). */
static inline const char *fz_source(const char *rel)
{
	static char buf[1024];
	const char *root = getenv("EC_SOURCE_ROOT");

	snprintf(buf, sizeof(buf), "%s/%s", root ? root : EC_FUZZ_SOURCE_ROOT,
		 rel);
	return buf;
}

/* The sample snapshot, opened once and kept for the whole run. */
static inline const ec_snapshot *fz_sample(void)
{
	static ec_snapshot *snap;
	const char *path = getenv("EC_SAMPLE_SNAPSHOT");
	ec_error err;

	if (snap)
		return snap;
	if (!path)
		path = EC_FUZZ_SAMPLE;
	if (ec_snapshot_open(&snap, path, &err) != 0) {
		fprintf(stderr, "cannot open the sample snapshot %s: %s\n",
			path, err.text);
		abort();
	}
	return snap;
}

/*
 * Copies the input as text and splits it at sep into at most max fields
 * (the last keeps the rest).  Returns the count; *copy is to be freed.
 */
static inline size_t fz_split(const uint8_t *data, size_t size, char sep,
			      char **fields, size_t max, char **copy)
{
	char *s = malloc(size + 1), *p;
	size_t n = 0;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	*copy = s;
	p = s;
	while (n < max) {
		char *e = n + 1 < max ? strchr(p, sep) : NULL;

		fields[n++] = p;
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return n;
}

/*
 * The documented promises of a result set: scores in [0, 1], sorted
 * best first, token contributions that add up to the name score.
 */
static inline void fz_check_matches(const ec_matches *m)
{
	size_t i, k;

	for (i = 0; i < ec_matches_count(m); i++) {
		const ec_match *x = ec_matches_get(m, i);
		const ec_explanation *e = &x->explanation;
		double sum = 0;

		FZ_CHECK(x && x->entry_id && x->name && x->matched_name,
			 "match %zu", i);
		FZ_CHECK(x->score >= 0 && x->score <= 1, "score %f", x->score);
		FZ_CHECK(e->name_score >= 0 && e->name_score <= 1 + 1e-9,
			 "name score %f", e->name_score);
		if (i)
			FZ_CHECK(ec_matches_get(m, i - 1)->score >= x->score,
				 "not sorted at %zu", i);
		for (k = 0; k < e->ntokens; k++) {
			const ec_token_match *t = &e->tokens[k];

			FZ_CHECK(t->query_token && t->listed_token && t->kind,
				 "token %zu", k);
			FZ_CHECK(!isnan(t->contribution), "NaN contribution");
			sum += t->contribution;
		}
		FZ_CHECK(fabs(sum - e->name_score) < 1e-4,
			 "contributions sum to %.6f, name score %.6f", sum,
			 e->name_score);
		FZ_CHECK(ec_matches_get(m, ec_matches_count(m)) == NULL,
			 "out of range");
	}
}

/* The documented promises of a decision. */
static inline void fz_check_decision(const ec_decision *d, size_t nparties)
{
	size_t i;

	FZ_CHECK(d->status >= EC_STATUS_NOT_SUBJECT &&
			 d->status <= EC_STATUS_PROHIBITED,
		 "status %d", d->status);
	FZ_CHECK(d->review_policy >= EC_POLICY_NONE &&
			 d->review_policy <= EC_POLICY_DENIAL,
		 "policy %d", d->review_policy);
	FZ_CHECK(d->date && d->item, "date/item");
	for (i = 0; i < d->nmatches; i++) {
		const ec_party_match *m = &d->matches[i];

		FZ_CHECK(m->party < nparties, "match party %zu", m->party);
		FZ_CHECK(m->score >= 0 && m->score <= 1, "score %f", m->score);
		/*
		 * "A possible but uncertain match ... sets needs_review" (one
		 * whose listing is not in force on the date does not count).
		 */
		FZ_CHECK(m->certain || !m->in_force || d->needs_review,
			 "uncertain match %s in force without review",
			 m->entry_id);
	}
	for (i = 0; i < d->nrules; i++)
		FZ_CHECK(d->rules[i].party < nparties ||
				 d->rules[i].party == (size_t)-1,
			 "rule party %zu", d->rules[i].party);
	for (i = 0; i < d->nauthorizations; i++)
		FZ_CHECK(d->authorizations[i].id && d->authorizations[i].why,
			 "authorization %zu", i);
	for (i = 0; i < d->nobligations; i++)
		FZ_CHECK(d->obligations[i] != NULL, "obligation %zu", i);
	for (i = 0; i < d->nwarnings; i++)
		FZ_CHECK(d->warnings[i] != NULL, "warning %zu", i);
}

/* A register load that failed: a parse or limit error, *out left NULL. */
static inline void fz_check_refused(int rc, const void *out,
				    const ec_error *err)
{
	FZ_CHECK(rc == EC_EPARSE || rc == EC_ELIMIT, "register: %d %s", rc,
		 err->text);
	FZ_CHECK(out == NULL, "*out set on failure");
}

/*
 * Huawei Technologies (CN), the ultimate consignee, checked against the
 * sample with the rest of q as the caller set it (a loaded register): the
 * check must succeed and keep a decision's promises.  Caller frees.
 */
static inline ec_decision *fz_check_huawei(ec_check_query q)
{
	ec_party p = {"Huawei Technologies Co., Ltd.",
		      EC_ROLE_ULTIMATE_CONSIGNEE, "CN", NULL};
	ec_decision *d;
	ec_error err;
	int rc;

	q.nparties = 1;
	q.parties = &p;
	rc = ec_check(&d, fz_sample(), &q, &err);
	FZ_CHECK(rc == 0, "check with a loaded register: %s", err.text);
	fz_check_decision(d, 1);
	return d;
}

#endif
