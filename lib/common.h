/*
 * common.h: library-internal helpers shared by every module: the allocation
 * hook, error reporting and a growable byte buffer.
 */
#ifndef EC_COMMON_H
#define EC_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "entitycheck/entitycheck.h"

#define EC__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define EC__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define EC__PRINTF(f, a)
#endif

/*
 * Every allocation of the library goes through these, so that tests can
 * make the Nth allocation fail and check that each caller unwinds cleanly.
 */
void *ec__malloc(size_t n);
void *ec__calloc(size_t n, size_t size);
void *ec__realloc(void *p, size_t n);
void ec__free(void *p);
/* Frees each of the n pointers of p (an object's arrays, then itself). */
void ec__free_all(void *const *p, size_t n);
char *ec__strdup(const char *s);
char *ec__strndup(const char *s, size_t n);

/*
 * Test hook: the nth allocation from now fails (1 = the next one); 0 turns
 * failure injection off.  Per thread, so concurrent tests do not interfere.
 */
void ec__alloc_fail_at(long n);
/* Allocations made by this thread since the hook was last set. */
long ec__alloc_count(void);

/*
 * Records an error in err (which may be NULL) and returns code, so that a
 * failing path can say `return ec__fail(err, EC_EPARSE, ...)`.
 */
int ec__fail(ec_error *err, int code, const char *fmt, ...) EC__PRINTF(3, 4);
/* As ec__fail(), with the position in an input file. */
int ec__fail_at(ec_error *err, int code, const char *file, long line,
		long column, long long offset, const char *fmt, ...)
	EC__PRINTF(7, 8);
/* Resets err to "no error". */
void ec__error_clear(ec_error *err);

/* A growable byte buffer; ptr is always NUL-terminated when non-NULL. */
typedef struct ec__buf {
	char *ptr;
	size_t len;
	size_t cap;
} ec__buf;

#define EC__BUF_INIT                                                           \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

int ec__buf_grow(ec__buf *b, size_t extra);
int ec__buf_put(ec__buf *b, const void *data, size_t n);
int ec__buf_puts(ec__buf *b, const char *s);
int ec__buf_putc(ec__buf *b, char c);
int ec__buf_printf(ec__buf *b, const char *fmt, ...) EC__PRINTF(2, 3);
void ec__buf_clear(ec__buf *b);
void ec__buf_dispose(ec__buf *b);
/* Hands the buffer's memory to the caller (never NULL on success). */
char *ec__buf_detach(ec__buf *b);

/*
 * Grows the array *p of elements of size bytes so it holds at least need
 * elements, doubling *cap.  Returns 0 or EC_ENOMEM (*p is then unchanged).
 */
int ec__grow(void **p, size_t *cap, size_t need, size_t size);

/*
 * An arena of strings whose addresses never move: a result object copies
 * its strings here and frees them all at once.
 */
typedef struct ec__arena {
	struct ec__arena_chunk *head;
	int failed; /* an allocation failed: the caller reports EC_ENOMEM */
} ec__arena;

/* Copies s (NULL becomes ""); returns "" and sets failed on ENOMEM. */
const char *ec__arena_str(ec__arena *a, const char *s);
const char *ec__arena_printf(ec__arena *a, const char *fmt, ...)
	EC__PRINTF(2, 3);
void ec__arena_dispose(ec__arena *a);

/*
 * Invariants, after libgit2's assert_safe.h.  In debug, sanitizer and fuzz
 * builds (EC_DEBUG_ASSERTS) a broken invariant stops the program where it
 * broke; in a release build the function returns EC_EINTERNAL (or ret)
 * instead, so the library still never aborts its caller.
 */
#ifdef EC_DEBUG_ASSERTS
#include <assert.h>
#define EC__ASSERT_RET(expr, ret) assert(expr)
#else
#define EC__ASSERT_RET(expr, ret)                                              \
	do {                                                                   \
		if (!(expr))                                                   \
			return (ret);                                          \
	} while (0)
#endif
#define EC__ASSERT(expr) EC__ASSERT_RET(expr, EC_EINTERNAL)
/* In a function that returns nothing: a release build returns early. */
#ifdef EC_DEBUG_ASSERTS
#define EC__ASSERT_VOID(expr) assert(expr)
#else
#define EC__ASSERT_VOID(expr)                                                  \
	do {                                                                   \
		if (!(expr))                                                   \
			return;                                                \
	} while (0)
#endif

/*
 * A row of a static table of strings: a key and what it stands for (a
 * country name and its code, a legal form and its canonical spelling).
 */
typedef struct ec__str_pair {
	const char *key, *value;
} ec__str_pair;

/* The value of key in t[0..n), sorted by key (strcmp order), or NULL. */
const char *ec__str_pair_find(const ec__str_pair *t, size_t n, const char *key);

/* Returns 1 for a YYYY-MM-DD date with a plausible month and day. */
int ec__valid_date(const char *s);

/* Base name of a path, borrowed from path. */
const char *ec__basename(const char *path);

#endif
