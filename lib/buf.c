/*
 * buf.c: a growable, always NUL-terminated byte buffer, the arena that
 * keeps a result's strings, and lookups in static tables of strings.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

int ec__buf_grow(ec__buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return EC_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = ec__realloc(b->ptr, cap);
	if (!p)
		return EC_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int ec__buf_put(ec__buf *b, const void *data, size_t n)
{
	if (ec__buf_grow(b, n))
		return EC_ENOMEM;
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int ec__buf_puts(ec__buf *b, const char *s)
{
	return ec__buf_put(b, s, strlen(s));
}

int ec__buf_putc(ec__buf *b, char c)
{
	return ec__buf_put(b, &c, 1);
}

int ec__buf_printf(ec__buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return EC_EINVAL;
	if (ec__buf_grow(b, (size_t)n))
		return EC_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void ec__buf_clear(ec__buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void ec__buf_dispose(ec__buf *b)
{
	ec__free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *ec__buf_detach(ec__buf *b)
{
	char *p;

	if (!b->ptr && ec__buf_grow(b, 0))
		return NULL;
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

int ec__grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			return EC_ENOMEM;
		c *= 2;
	}
	q = ec__realloc(*p, c * size);
	if (!q)
		return EC_ENOMEM;
	*p = q;
	*cap = c;
	return 0;
}

struct ec__arena_chunk {
	struct ec__arena_chunk *next;
	size_t used, cap;
	char data[];
};

static char *arena_alloc(ec__arena *a, size_t n)
{
	struct ec__arena_chunk *c = a->head;

	if (!c || c->cap - c->used < n) {
		size_t cap = n > 4000 ? n : 4000;

		c = ec__malloc(sizeof(*c) + cap);
		if (!c) {
			a->failed = 1;
			return NULL;
		}
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

const char *ec__arena_str(ec__arena *a, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return "";
	n = strlen(s) + 1;
	p = arena_alloc(a, n);
	if (!p)
		return "";
	memcpy(p, s, n);
	return p;
}

const char *ec__arena_printf(ec__arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return "";
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return "";
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void ec__arena_dispose(ec__arena *a)
{
	while (a->head) {
		struct ec__arena_chunk *next = a->head->next;

		ec__free(a->head);
		a->head = next;
	}
}

const char *ec__str_pair_find(const ec__str_pair *t, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, t[mid].key);

		if (c == 0)
			return t[mid].value;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
