/*
 * bench_search.c: the time of one ec_search on a snapshot (single thread):
 * median and 99th percentile over listed names, their variants and
 * unlisted names; and what the name index adds to opening a snapshot.
 * usage: bench_search SNAPSHOT [QUERIES]
 */
#include "bench_common.h"

#include "snapshot.h"
#include "../xorshift.h"

/* Deterministic pseudo-random numbers (xorshift). */
static uint32_t rng = 2463534242u;

static uint32_t next(void)
{
	return xorshift32(&rng);
}

/* A variant of name: as is, lowercased, a token dropped, or a typo. */
static void variant(const char *name, char *out, size_t n)
{
	size_t len, i;

	snprintf(out, n, "%s", name);
	len = strlen(out);
	switch (next() % 4) {
	case 1:
		for (i = 0; i < len; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] - 'A' + 'a');
		break;
	case 2: {
		char *sp = strrchr(out, ' ');

		if (sp && sp != out)
			*sp = '\0';
		break;
	}
	case 3:
		if (len > 6) {
			i = 2 + next() % (len - 4);
			char c = out[i];

			out[i] = out[i + 1];
			out[i + 1] = c;
		}
		break;
	}
}

static const char *const syl[] = {"ka",	 "ro",	"mi", "tan", "vel", "son",
				  "lee", "dra", "po", "nis", "ber", "qua"};

static void unlisted(char *out, size_t n)
{
	size_t i, k = 2 + next() % 2, o = 0;

	for (i = 0; i < k && o + 12 < n; i++) {
		size_t s = 2 + next() % 2, j;

		for (j = 0; j < s; j++)
			o += (size_t)snprintf(out + o, n - o, "%s",
					      syl[next() % 12]);
		out[o++] = ' ';
	}
	out[o ? o - 1 : 0] = '\0';
}

int main(int argc, char **argv)
{
	ec_snapshot *s;
	ec_error err;
	size_t nq = argc > 2 ? (size_t)atol(argv[2]) : 20000, i, found = 0;
	char **queries;
	double *t, t0, total = 0;
	ec_entry_iter *it;
	const ec_entry *e;
	uint32_t nent;
	size_t k = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_search SNAPSHOT [QUERIES]\n");
		return 2;
	}
	if (ec_snapshot_open(&s, argv[1], &err)) {
		fprintf(stderr, "%s\n", err.text);
		return 1;
	}
	queries = calloc(nq, sizeof(*queries));
	t = calloc(nq, sizeof(*t));
	nent = ec__index_nentries(s->ix);
	/* Listed names and variants (3/4 of the queries), unlisted (1/4). */
	if (ec_entry_iter_new(&it, s, &err))
		return 1;
	while (k < nq && ec_entry_iter_next(it, &e, &err) == 0) {
		char buf[512];

		if (next() % (nent / (nq * 3 / 4) + 1))
			continue;
		variant(e->name, buf, sizeof(buf));
		queries[k++] = strdup(buf);
	}
	ec_entry_iter_free(it);
	while (k < nq) {
		char buf[128];

		unlisted(buf, sizeof(buf));
		queries[k++] = strdup(buf);
	}
	/* Shuffle so listed and unlisted names interleave. */
	for (i = nq - 1; i > 0; i--) {
		size_t j = next() % (i + 1);
		char *x = queries[i];

		queries[i] = queries[j];
		queries[j] = x;
	}
	/*
	 * Twice: as a batch or a service runs (the search memory remembers
	 * the words of earlier queries), and cold (forgotten before each).
	 */
	for (int cold = 0; cold < 2; cold++) {
		found = 0;
		total = 0;
		for (i = 0; i < nq; i++) {
			ec_matches *m;

			if (cold)
				ec__index_forget(s->ix);
			t0 = now_s();
			if (ec_search(&m, s, queries[i], NULL, &err)) {
				fprintf(stderr, "search \"%s\": %s\n",
					queries[i], err.text);
				return 1;
			}
			t[i] = now_s() - t0;
			total += t[i];
			found += ec_matches_count(m) > 0;
			ec_matches_free(m);
		}
		if (!cold)
			printf("search: %zu queries (%zu with a match at the "
			       "default threshold), %.0f queries/s\n",
			       nq, found, (double)nq / total);
		printf("search time%s: median %.1f us, p90 %.1f us, p99 %.1f "
		       "us, max %.1f us (targets: median <= 20, p99 <= "
		       "200)\n",
		       cold ? ", cold (nothing remembered)" : "",
		       quantile(t, nq, 0.5) * 1e6, quantile(t, nq, 0.9) * 1e6,
		       quantile(t, nq, 0.99) * 1e6, quantile(t, nq, 1.0) * 1e6);
	}
	{
		/* What the index adds to open: load it again, alone. */
		sqlite3_stmt *st;
		double lt[21];
		int r;

		sqlite3_prepare_v2(s->db,
				   "SELECT data FROM blob WHERE name='names'",
				   -1, &st, NULL);
		sqlite3_step(st);
		for (r = 0; r < 21; r++) {
			ec__index *ix;

			t0 = now_s();
			if (ec__index_load(&ix, sqlite3_column_blob(st, 0),
					   (size_t)sqlite3_column_bytes(st, 0),
					   &err))
				return 1;
			lt[r] = now_s() - t0;
			ec__index_free(ix);
		}
		sqlite3_finalize(st);
		printf("name index: %.1f MiB in memory, loading and checking "
		       "it adds %.2f ms (median of 21) to open\n",
		       (double)ec__index_memory(s->ix) / 1048576.0,
		       quantile(lt, 21, 0.5) * 1e3);
	}
	for (i = 0; i < nq; i++)
		free(queries[i]);
	free(queries);
	free(t);
	ec_snapshot_free(s);
	return 0;
}
