/*
 * json.c: a small streaming JSON writer (RFC 8259 string escaping; invalid
 * UTF-8 is written as U+FFFD so the output is always valid JSON).  A
 * writer and its stream belong to one thread, so characters are put
 * without taking the stream's lock each time.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "json.h"

void json_init(json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
	j->first[0] = 1;
}

static void indent(json *j)
{
	int i;

	if (!j->pretty)
		return;
	putc_unlocked('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/*
 * Length of the valid UTF-8 sequence at p, or 0: no overlong forms, no
 * surrogates, nothing above U+10FFFF (RFC 3629), so the output is always
 * valid UTF-8 whatever bytes the caller gave.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3
									 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
				       (p[3] & 0xc0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

static void write_string(json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	putc_unlocked('"', j->out);
	while (*p) {
		unsigned char c = *p;
		size_t n;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			p++; /* plain ASCII: written in runs */
			continue;
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), j->out);
		if (c == '"' || c == '\\') {
			putc_unlocked('\\', j->out);
			putc_unlocked(c, j->out);
			run = ++p;
			continue;
		}
		if (c < 0x20) {
			const char *esc = c == '\n'   ? "\\n"
					  : c == '\t' ? "\\t"
					  : c == '\r' ? "\\r"
						      : NULL;

			if (esc)
				fputs(esc, j->out);
			else
				fprintf(j->out, "\\u%04x", c);
			run = ++p;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", j->out); /* invalid UTF-8 */
			run = ++p;
			continue;
		}
		fwrite(p, 1, n, j->out);
		p += n;
		run = p;
	}
	if (p > run)
		fwrite(run, 1, (size_t)(p - run), j->out);
	putc_unlocked('"', j->out);
}

static void member(json *j, const char *key)
{
	if (!j->first[j->depth])
		putc_unlocked(',', j->out);
	j->first[j->depth] = 0;
	if (j->depth > 0)
		indent(j);
	if (key) {
		write_string(j, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

static void open_(json *j, const char *key, char c)
{
	member(j, key);
	putc_unlocked(c, j->out);
	if (j->depth < 63)
		j->depth++;
	j->first[j->depth] = 1;
}

static void close_(json *j, char c)
{
	int empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		indent(j);
	putc_unlocked(c, j->out);
}

void json_obj_open(json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_close(json *j)
{
	close_(j, '}');
}

void json_arr_open(json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_close(json *j)
{
	close_(j, ']');
}

void json_str(json *j, const char *key, const char *value)
{
	member(j, key);
	write_string(j, value ? value : "");
}

/*
 * Writes |value| < 1e4 as "%.4f" would, without printf's float conversion
 * (the writer's slowest part; scores and percentages are all such).
 * Returns 0 when value is near a rounding tie, where printf decides.
 */
static int fixed4(json *j, double value)
{
	double scaled = fabs(value) * 10000.0, fl, frac;
	char buf[24], *p = buf + sizeof(buf);
	long long n;
	int k;

	if (!(fabs(value) < 1e4))
		return 0;
	fl = floor(scaled);
	frac = scaled - fl;
	/* The product's error is below 2e-8 here: away from .5 it cannot
	 * change the rounding. */
	if (fabs(frac - 0.5) < 1e-6)
		return 0;
	n = (long long)fl + (frac > 0.5);
	for (k = 0; k < 4; k++, n /= 10)
		*--p = (char)('0' + n % 10);
	*--p = '.';
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (signbit(value))
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof(buf) - p), j->out);
	return 1;
}

void json_num(json *j, const char *key, double value)
{
	member(j, key);
	if (!isfinite(value))
		fputs("null", j->out);
	else if (!fixed4(j, value))
		fprintf(j->out, "%.4f", value);
}

void json_int(json *j, const char *key, long long value)
{
	member(j, key);
	fprintf(j->out, "%lld", value);
}

void json_bool(json *j, const char *key, int value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->out);
}

void json_null(json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_end(json *j)
{
	putc_unlocked('\n', j->out);
}

void json_str_array(json *j, const char *key, const char *const *v, size_t n)
{
	size_t i;

	json_arr_open(j, key);
	for (i = 0; i < n; i++)
		json_str(j, NULL, v[i]);
	json_arr_close(j);
}

void json_objects(json *j, const char *key, const void *items, size_t n,
		  size_t size, void (*fill)(json *j, const void *item))
{
	size_t i;

	json_arr_open(j, key);
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		fill(j, (const char *)items + i * size);
		json_obj_close(j);
	}
	json_arr_close(j);
}
