/*
 * alloc.c: the library's allocation hook, with per-thread failure injection
 * for the out-of-memory tests.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

static _Thread_local long fail_at;
static _Thread_local long count;

void ec__alloc_fail_at(long n)
{
	fail_at = n;
	count = 0;
}

long ec__alloc_count(void)
{
	return count;
}

/* Returns 1 when this allocation is the one the test asked to fail. */
static int inject_failure(void)
{
	count++;
	return fail_at > 0 && count == fail_at;
}

void *ec__malloc(size_t n)
{
	if (inject_failure())
		return NULL;
	return malloc(n ? n : 1);
}

void *ec__calloc(size_t n, size_t size)
{
	if (inject_failure())
		return NULL;
	if (n == 0 || size == 0)
		n = size = 1;
	return calloc(n, size);
}

void *ec__realloc(void *p, size_t n)
{
	if (inject_failure())
		return NULL;
	return realloc(p, n ? n : 1);
}

void ec__free(void *p)
{
	free(p);
}

void ec__free_all(void *const *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ec__free(p[i]);
}

char *ec__strndup(const char *s, size_t n)
{
	char *d = ec__malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *ec__strdup(const char *s)
{
	return ec__strndup(s, strlen(s));
}
