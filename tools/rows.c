/*
 * rows.c: `screen` input.  Unlike the list ingest, a customer file is read
 * forgivingly: a bad row is reported as that row's result and the batch
 * goes on, because one typo must not stop a night's screening.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "rows.h"

const char *const row_field_names[F_COUNT] = {
	"name",		 "id",		"country",   "address",	   "item",
	"date",		 "role",	"origin",    "us_content", "activity",
	"contract_date", "device_date", "supplier",  "facts",	   "owners",
	"date_of_birth", "nationality", "id_number", "id_type",	   "type"};

struct rowsrc {
	FILE *in;
	int format;
	long line;
	long long offset;
	long rec_line; /* line where the last CSV record started */
	int map[256];  /* CSV column -> field, or -1 */
	size_t ncols;
	char *buf; /* one record */
	size_t len, cap;
	int eof;
	char delim; /* the CSV delimiter */
	char *pre;  /* the header line, read ahead to find delim */
	size_t prelen, prepos;
};

/* Only the reading thread touches the input: no lock per byte. */
static int next_char(rowsrc *r)
{
	int c = r->prepos < r->prelen ? (unsigned char)r->pre[r->prepos++]
				      : getc_unlocked(r->in);

	if (c != EOF)
		r->offset++;
	if (c == '\n')
		r->line++;
	return c;
}

static int put(rowsrc *r, int c)
{
	if (r->len + 2 > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4096;
		char *b;

		if (cap > ROWS_MAX_RECORD + 16)
			return -1;
		b = realloc(r->buf, cap);
		if (!b)
			return -1;
		r->buf = b;
		r->cap = cap;
	}
	r->buf[r->len++] = (char)c;
	r->buf[r->len] = '\0';
	return 0;
}

/* Skips to the start of the next line (after an error). */
static void skip_line(rowsrc *r, int c)
{
	while (c != '\n' && c != EOF)
		c = next_char(r);
}

static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		size_t n, i;
		unsigned cp;

		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			n = 1, cp = *s & 0x1f;
		else if ((*s & 0xf0) == 0xe0)
			n = 2, cp = *s & 0x0f;
		else if ((*s & 0xf8) == 0xf0)
			n = 3, cp = *s & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

/*
 * Reads one CSV record into r->buf as NUL-separated fields; returns the
 * field count, 0 at the end, or -1 with err set (the line is skipped).
 */
static int csv_record(rowsrc *r, char *err, size_t errsz)
{
	int c = EOF, nf = 1, quoted = 0, start = 1;

	r->len = 0;
	if (put(r, '\0')) /* keep buf non-NULL */
		goto toolong;
	r->len = 0;
	c = next_char(r);
	while (c == '\r' || c == '\n')
		c = next_char(r);
	r->rec_line = r->line;
	if (c == EOF)
		return 0;
	for (;;) {
		if (c == EOF) {
			if (quoted) {
				snprintf(err, errsz,
					 "unbalanced quote: a quoted field "
					 "never closes");
				return -1;
			}
			break;
		}
		if (quoted) {
			if (c == '"') {
				c = next_char(r);
				if (c == '"') {
					if (put(r, '"'))
						goto toolong;
					c = next_char(r);
					continue;
				}
				quoted = 0;
				if (c != r->delim && c != '\n' && c != '\r' &&
				    c != EOF) {
					snprintf(err, errsz,
						 "unexpected character after a "
						 "closing quote");
					skip_line(r, c);
					return -1;
				}
				continue;
			}
			if (put(r, c))
				goto toolong;
			c = next_char(r);
			continue;
		}
		if (c == '"' && start) {
			quoted = 1;
			start = 0;
			c = next_char(r);
			continue;
		}
		if (c == '"') {
			snprintf(err, errsz,
				 "a quote inside an unquoted field");
			skip_line(r, c);
			return -1;
		}
		if (c == r->delim) {
			if (put(r, '\0'))
				goto toolong;
			nf++;
			start = 1;
			c = next_char(r);
			continue;
		}
		if (c == '\r') {
			c = next_char(r);
			continue;
		}
		if (c == '\n')
			break;
		if (put(r, c))
			goto toolong;
		start = 0;
		c = next_char(r);
	}
	return nf;
toolong:
	snprintf(err, errsz, "record longer than %u bytes", ROWS_MAX_RECORD);
	skip_line(r, c);
	return -1;
}

static int field_index(const char *name)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (strcmp(name, row_field_names[i]) == 0)
			return i;
	return -1;
}

int rows_field_parse(const char *name)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (strcasecmp(name, row_field_names[i]) == 0)
			return i;
	return -1;
}

/* Whether header h names want, ignoring case and surrounding spaces. */
static int header_is(const char *h, const char *want)
{
	size_t n;

	while (*h == ' ' || *h == '\t')
		h++;
	n = strlen(h);
	while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	return strlen(want) == n && strncasecmp(h, want, n) == 0;
}

/*
 * Reads the first line ahead (it is parsed again as the header) to choose
 * the delimiter; a UTF-8 byte-order mark before it is dropped.
 */
static int peek_header(rowsrc *r, char delim)
{
	size_t cap = 0;
	int c;

	while ((c = getc_unlocked(r->in)) != EOF) {
		if (r->prelen + 1 >= cap) {
			char *b;

			cap = cap ? cap * 2 : 1024;
			if (cap > ROWS_MAX_RECORD ||
			    !(b = realloc(r->pre, cap)))
				return -1;
			r->pre = b;
		}
		r->pre[r->prelen++] = (char)c;
		if (c == '\n')
			break;
	}
	if (r->prelen >= 3 && memcmp(r->pre, "\xef\xbb\xbf", 3) == 0) {
		r->prepos = 3;
		r->offset = 3; /* next_char never returns them */
	}
	/* An empty input has no buffer: NULL + 0 is undefined. */
	r->delim =
		delim ? delim
		      : csvin_detect_delimiter(r->pre ? r->pre + r->prepos : "",
					       r->prelen - r->prepos);
	return 0;
}

/* Maps the header's columns to fields; 0, or -1 with err set. */
static int map_header(rowsrc *r, int nf, const rows_opts *o, char *err,
		      size_t errsz)
{
	const char *p;
	int i, k, have_name = 0, found[F_COUNT] = {0};

	for (i = 0, p = r->buf; i < nf; i++, p += strlen(p) + 1) {
		r->map[i] = -1;
		for (k = 0; k < F_COUNT && r->map[i] < 0; k++) {
			const char *want = o && o->column[k]
						   ? o->column[k]
						   : row_field_names[k];

			if (header_is(p, want) && !found[k]) {
				r->map[i] = k;
				found[k] = 1;
			}
		}
		have_name |= r->map[i] == F_NAME;
	}
	for (k = 0; o && k < F_COUNT; k++)
		if (o->column[k] && !found[k]) {
			snprintf(err, errsz,
				 "--column %s=\"%.60s\": the header has no "
				 "such column",
				 row_field_names[k], o->column[k]);
			return -1;
		}
	if (!have_name) {
		snprintf(err, errsz,
			 "the CSV header has no \"name\" column (map one "
			 "with --column name=HEADER)");
		return -1;
	}
	return 0;
}

int rows_open(rowsrc **out, FILE *in, int format, char *err, size_t errsz)
{
	return rows_open_opts(out, in, format, NULL, err, errsz);
}

int rows_open_opts(rowsrc **out, FILE *in, int format, const rows_opts *o,
		   char *err, size_t errsz)
{
	rowsrc *r = calloc(1, sizeof(*r));
	int nf;

	*out = NULL;
	if (!r) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	r->in = in;
	r->format = format;
	r->line = 1;
	r->delim = ',';
	/* The first line read ahead: a byte-order mark is dropped (JSON
	 * Lines too: spreadsheet and ERP exports write one). */
	if (peek_header(r, format != ROWS_CSV ? ',' : o ? o->delimiter : 0)) {
		snprintf(err, errsz, "the first line is too long");
		rows_close(r);
		return -1;
	}
	if (format == ROWS_CSV) {
		if (r->prelen > r->prepos && r->pre[r->prepos] == '{') {
			snprintf(err, errsz,
				 "the input looks like JSON Lines, not CSV "
				 "(--input-format jsonl)");
			rows_close(r);
			return -1;
		}
		nf = csv_record(r, err, errsz);
		if (nf <= 0) {
			if (nf == 0)
				snprintf(err, errsz,
					 "empty input: a CSV header naming "
					 "a \"name\" column is needed");
			rows_close(r);
			return -1;
		}
		if (nf > 256) {
			snprintf(err, errsz, "more than 256 columns");
			rows_close(r);
			return -1;
		}
		r->ncols = (size_t)nf;
		if (map_header(r, nf, o, err, errsz)) {
			rows_close(r);
			return -1;
		}
	}
	*out = r;
	return 0;
}

/* ------------------------------------------------------------------ */
/* JSON Lines: one flat object per line                                */
/* ------------------------------------------------------------------ */

struct jp {
	const char *s;
	char *err;
	size_t errsz;
};

static void ws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\r')
		p->s++;
}

static int hex4(const char *s, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Writes code point cp (not a surrogate) as UTF-8 at o; its length. */
static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Parses a JSON string at p->s into a malloc'ed UTF-8 string. */
static char *jstring(struct jp *p)
{
	/* The one-letter escapes and what each stands for. */
	static const char escapes[] = "\"\\/bfnrt",
			  escaped[] = "\"\\/\b\f\n\r\t";
	size_t cap = 64, n = 0;
	char *o = malloc(cap);
	const char *e;

	if (!o || *p->s != '"') {
		free(o);
		snprintf(p->err, p->errsz, "expected a string");
		return NULL;
	}
	p->s++;
	for (;;) {
		unsigned cp;
		char c = *p->s++;

		if (n + 8 > cap) {
			char *b = realloc(o, cap *= 2);

			if (!b) {
				free(o);
				return NULL;
			}
			o = b;
		}
		if (c == '"')
			break;
		if (c == '\0' || (unsigned char)c < 0x20) {
			snprintf(p->err, p->errsz, "unterminated string");
			free(o);
			return NULL;
		}
		if (c != '\\') {
			o[n++] = c;
			continue;
		}
		c = *p->s++;
		if (c && (e = strchr(escapes, c))) {
			o[n++] = escaped[e - escapes];
			continue;
		}
		if (c != 'u' || hex4(p->s, &cp))
			goto bad;
		p->s += 4;
		if (cp >= 0xd800 && cp < 0xdc00 && p->s[0] == '\\' &&
		    p->s[1] == 'u') {
			unsigned lo;

			if (hex4(p->s + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
				goto bad;
			p->s += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xd800 && cp <= 0xdfff) {
			goto bad;
		}
		n += put_utf8(o + n, cp);
	}
	o[n] = '\0';
	return o;
bad:
	snprintf(p->err, p->errsz, "bad escape in a string");
	free(o);
	return NULL;
}

/* A JSON value as text: strings, numbers, or an array of strings. */
static char *jvalue(struct jp *p)
{
	ws(p);
	if (*p->s == '"')
		return jstring(p);
	if (*p->s == '[') {
		char *acc = NULL;
		size_t n = 0;

		p->s++;
		ws(p);
		if (*p->s == ']') {
			p->s++;
			return strdup("");
		}
		for (;;) {
			char *v, *b;
			size_t k;

			ws(p);
			v = jstring(p);
			if (!v) {
				free(acc);
				return NULL;
			}
			k = strlen(v);
			b = realloc(acc, n + k + 2);
			if (!b) {
				free(acc);
				free(v);
				return NULL;
			}
			acc = b;
			if (n)
				acc[n++] = ';';
			memcpy(acc + n, v, k + 1);
			n += k;
			free(v);
			ws(p);
			if (*p->s == ',') {
				p->s++;
				continue;
			}
			if (*p->s == ']') {
				p->s++;
				return acc;
			}
			free(acc);
			snprintf(p->err, p->errsz,
				 "expected , or ] in an array");
			return NULL;
		}
	}
	if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9')) {
		const char *b = p->s;

		while (*p->s && strchr("+-0123456789.eE", *p->s))
			p->s++;
		return strndup(b, (size_t)(p->s - b));
	}
	if (strncmp(p->s, "null", 4) == 0) {
		p->s += 4;
		return strdup("");
	}
	snprintf(p->err, p->errsz, "expected a string, number or array");
	return NULL;
}

static int jsonl_row(rowsrc *r, row *out)
{
	struct jp p = {r->buf, out->error, sizeof(out->error)};

	ws(&p);
	if (*p.s++ != '{') {
		snprintf(out->error, sizeof(out->error),
			 "a JSON Lines row must be an object");
		return 1;
	}
	ws(&p);
	if (*p.s == '}')
		return 1;
	for (;;) {
		char *k, *v;
		int f;

		ws(&p);
		k = jstring(&p);
		if (!k)
			return 1;
		ws(&p);
		if (*p.s++ != ':') {
			free(k);
			snprintf(out->error, sizeof(out->error), "expected :");
			return 1;
		}
		v = jvalue(&p);
		if (!v) {
			free(k);
			return 1;
		}
		f = field_index(k);
		free(k);
		if (f >= 0 && !out->f[f])
			out->f[f] = v;
		else
			free(v);
		ws(&p);
		if (*p.s == ',') {
			p.s++;
			continue;
		}
		if (*p.s == '}')
			break;
		snprintf(out->error, sizeof(out->error), "expected , or }");
		return 1;
	}
	p.s++;
	ws(&p);
	if (*p.s)
		snprintf(out->error, sizeof(out->error),
			 "text after the object");
	return 1;
}

int rows_next(rowsrc *r, row *out)
{
	int c;

	memset(out, 0, sizeof(*out));
	if (r->format == ROWS_JSONL) {
		r->len = 0;
		if (put(r, '\0'))
			return 0;
		r->len = 0;
		do {
			/* A blank line read before is dropped, so that one
			 * at the very end (no newline) ends the input. */
			r->len = 0;
			out->line = r->line;
			c = next_char(r);
			while (c != '\n' && c != EOF) {
				if (put(r, c)) {
					snprintf(out->error, sizeof(out->error),
						 "line longer than %u bytes",
						 ROWS_MAX_RECORD);
					skip_line(r, c);
					return 1;
				}
				c = next_char(r);
			}
			if (c == EOF && r->len == 0)
				return 0;
		} while (r->len == 0 || strspn(r->buf, " \t\r") == r->len);
		if (!valid_utf8((const unsigned char *)r->buf)) {
			snprintf(out->error, sizeof(out->error),
				 "invalid UTF-8");
			return 1;
		}
		return jsonl_row(r, out);
	}
	{
		int nf, i;
		const char *p;

		nf = csv_record(r, out->error, sizeof(out->error));
		out->line = r->rec_line;
		if (nf == 0)
			return 0;
		if (nf < 0)
			return 1;
		if ((size_t)nf != r->ncols)
			snprintf(out->error, sizeof(out->error),
				 "%d fields, the header has %zu", nf, r->ncols);
		/* Fields are kept even for a bad row, so its id is echoed. */
		for (i = 0, p = r->buf; i < nf && (size_t)i < r->ncols;
		     i++, p += strlen(p) + 1) {
			if (!valid_utf8((const unsigned char *)p)) {
				snprintf(out->error, sizeof(out->error),
					 "line %ld: field %d is not valid "
					 "UTF-8; if the file is not UTF-8, "
					 "name its encoding with --encoding "
					 "(windows-1252, iso-8859-1, utf-16)",
					 out->line, i + 1);
				row_clear(out);
				return 1;
			}
			if (r->map[i] >= 0 && *p && !out->f[r->map[i]])
				out->f[r->map[i]] = strdup(p);
		}
	}
	return 1;
}

long rows_line(const rowsrc *r)
{
	return r ? r->line : 0;
}

long long rows_offset(const rowsrc *r)
{
	return r->offset;
}

void row_clear(row *r)
{
	int i;

	for (i = 0; i < F_COUNT; i++) {
		free(r->f[i]);
		r->f[i] = NULL;
	}
}

void rows_close(rowsrc *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->pre);
	free(r);
}
