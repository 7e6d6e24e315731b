/*
 * bench_common.h: timing, statistics and peak-memory helpers shared by the
 * benchmark programs (run by `meson test --benchmark`, never as tests).
 */
#ifndef EC_BENCH_COMMON_H
#define EC_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of v (sorted in place). */
static inline double quantile(double *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* Peak resident set of this process, in MiB. */
static inline double peak_rss_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/*
 * Runs fn in a fresh child process and returns the child's peak RSS in
 * MiB (so earlier work in the parent does not count), or -1.
 */
static inline double child_peak_rss(int (*fn)(void *), void *arg)
{
	int fds[2], status;
	double rss = -1;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		double r;

		close(fds[0]);
		if (fn(arg) != 0)
			_exit(1);
		r = peak_rss_mib();
		if (write(fds[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (pid > 0 && read(fds[0], &rss, sizeof(rss)) != (ssize_t)sizeof(rss))
		rss = -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return rss;
}

#endif
