/*
 * bench_snapshot.c: how long `build` of the full 2022 CSL takes, how long
 * opening its snapshot takes, and the peak memory of each.
 * usage: bench_snapshot CSL.csv.gz RULES_DIR OUT.ecsnap [RUNS]
 */
#include <entitycheck/entitycheck.h>

#include "bench_common.h"

struct args {
	const char *csl, *rules, *out;
};

static int do_build(void *p)
{
	struct args *a = p;
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_error err;

	o.csl_path = a->csl;
	o.rules_dir = a->rules;
	o.output_path = a->out;
	o.description = "benchmark";
	if (ec_build(&o, &err)) {
		fprintf(stderr, "build: %s: %s\n", err.file, err.text);
		return 1;
	}
	return 0;
}

static int do_open(void *p)
{
	struct args *a = p;
	ec_snapshot *s;
	ec_error err;

	if (ec_snapshot_open(&s, a->out, &err)) {
		fprintf(stderr, "open: %s\n", err.text);
		return 1;
	}
	ec_snapshot_free(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	int runs = argc > 4 ? atoi(argv[4]) : 5, i;
	double *bt, *ot, *brss, *orss;
	FILE *f;
	long size = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_snapshot CSL RULES OUT [RUNS]\n");
		return 2;
	}
	a.csl = argv[1];
	a.rules = argv[2];
	a.out = argv[3];
	if (runs < 1)
		runs = 1;
	bt = calloc((size_t)runs, sizeof(double));
	brss = calloc((size_t)runs, sizeof(double));
	ot = calloc((size_t)runs * 10, sizeof(double));
	orss = calloc((size_t)runs, sizeof(double));
	for (i = 0; i < runs; i++) {
		double t0 = now_s();

		brss[i] = child_peak_rss(do_build, &a);
		bt[i] = now_s() - t0;
		if (brss[i] < 0)
			return 1;
	}
	f = fopen(a.out, "rb");
	if (f) {
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
	}
	for (i = 0; i < runs * 10; i++) {
		double t0 = now_s();

		if (do_open(&a))
			return 1;
		ot[i] = now_s() - t0;
	}
	for (i = 0; i < runs; i++)
		orss[i] = child_peak_rss(do_open, &a);
	printf("snapshot: %s (%.1f MiB)\n", a.out, (double)size / 1048576.0);
	printf("build (full CSL):  median %.3f s over %d runs, peak RSS "
	       "median %.1f MiB\n",
	       quantile(bt, (size_t)runs, 0.5), runs,
	       quantile(brss, (size_t)runs, 0.5));
	printf("open:              median %.2f ms, p90 %.2f ms over %d runs "
	       "(target <= 30 ms)\n",
	       quantile(ot, (size_t)runs * 10, 0.5) * 1e3,
	       quantile(ot, (size_t)runs * 10, 0.9) * 1e3, runs * 10);
	printf("open peak RSS:     median %.1f MiB over %d processes "
	       "(target <= 64 MiB)\n",
	       quantile(orss, (size_t)runs, 0.5), runs);
	free(bt);
	free(brss);
	free(ot);
	free(orss);
	return 0;
}
