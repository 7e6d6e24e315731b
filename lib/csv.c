/*
 * csv.c: a strict, streaming RFC 4180 reader.  It never guesses: a stray
 * quote, an unterminated quoted field or invalid UTF-8 is an error naming
 * the line and field, because a silently mis-split row in a sanctions list
 * is a wrong answer later.  Registers (a person's spreadsheet of licenses
 * or cleared hits) are read whole through it, header and all.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "fold.h"

#define CHUNK 65536

struct ec__csv {
	ec__input *in;
	char sep;
	unsigned char chunk[CHUNK];
	size_t chunk_len, chunk_pos;
	int eof;
	long line;	  /* current physical line (1-based) */
	long long offset; /* bytes consumed */
	int first;	  /* at the start of the file (BOM check) */
	ec__buf data;	  /* field bytes, each NUL-terminated */
	size_t *starts;	  /* field start offsets in data */
	size_t *lens;
	char **fields;
	size_t cap;
	size_t fields_cap;
};

int ec__utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (p[i] == 0) {
			*bad = i;
			return 0;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = ec__utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

int ec__csv_open(ec__csv **out, const char *path, char sep, ec_error *err)
{
	return ec__csv_open_enc(out, path, sep, NULL, err);
}

int ec__csv_open_enc(ec__csv **out, const char *path, char sep,
		     const char *encoding, ec_error *err)
{
	ec__csv *c;
	int rc;

	*out = NULL;
	c = ec__calloc(1, sizeof(*c));
	if (!c)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	rc = ec__input_open_enc(&c->in, path, encoding, err);
	if (rc) {
		ec__free(c);
		return rc;
	}
	c->sep = sep;
	c->line = 1;
	c->first = 1;
	*out = c;
	return 0;
}

/* Whether header cell h names want, whatever its case and spaces. */
static int header_is(const char *h, const char *want)
{
	size_t n = strlen(want);

	h += strspn(h, " \t");
	return strncasecmp(h, want, n) == 0 && h[n + strspn(h + n, " \t")] == 0;
}

/*
 * Opens a register and reads its header into *header, with the separator
 * the header shows.  Returns as ec__csv_next(); on failure *out may still
 * need ec__csv_free().
 */
static int open_header(ec__csv **out, const char *path, const char *encoding,
		       ec__csv_row *header, ec_error *err)
{
	static const char seps[] = ";\t|";
	size_t best = 0, count[3] = {0}, k;
	const char *h;
	int rc;

	if ((rc = ec__csv_open_enc(out, path, ',', encoding, err)) ||
	    (rc = ec__csv_next(*out, header, err)))
		return rc;
	if (header->nfields != 1)
		return 0;
	/* One column: a spreadsheet that writes another separator. */
	for (h = header->fields[0]; *h; h++)
		for (k = 0; k < 3; k++)
			count[k] += *h == seps[k];
	for (k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	if (!count[best])
		return 0;
	ec__csv_free(*out);
	if ((rc = ec__csv_open_enc(out, path, seps[best], encoding, err)) ||
	    (rc = ec__csv_next(*out, header, err)))
		return rc;
	return 0;
}

/* Returns the next byte, -1 at the end, or -2 on error (err set). */
static int next_byte(ec__csv *c, ec_error *err)
{
	if (c->chunk_pos == c->chunk_len) {
		long n;

		if (c->eof)
			return -1;
		n = ec__input_read(c->in, c->chunk, sizeof(c->chunk), err);
		if (n < 0)
			return -2;
		if (n == 0) {
			c->eof = 1;
			return -1;
		}
		c->chunk_len = (size_t)n;
		c->chunk_pos = 0;
	}
	c->offset++;
	return c->chunk[c->chunk_pos++];
}

static int peek_byte(ec__csv *c, ec_error *err)
{
	int ch = next_byte(c, err);

	if (ch >= 0) {
		c->chunk_pos--;
		c->offset--;
	}
	return ch;
}

static int end_field(ec__csv *c, size_t *nfields, size_t start, long line,
		     ec_error *err)
{
	if (*nfields == EC__CSV_MAX_FIELDS)
		return ec__fail_at(err, EC_ELIMIT, ec__input_path(c->in), line,
				   (long)*nfields, -1,
				   "more than %d fields in one record",
				   EC__CSV_MAX_FIELDS);
	if (*nfields == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		size_t *s = ec__realloc(c->starts, cap * sizeof(*s));

		if (!s)
			return ec__fail(err, EC_ENOMEM, "out of memory");
		c->starts = s;
		s = ec__realloc(c->lens, cap * sizeof(*s));
		if (!s)
			return ec__fail(err, EC_ENOMEM, "out of memory");
		c->lens = s;
		c->cap = cap;
	}
	c->starts[*nfields] = start;
	c->lens[*nfields] = c->data.len - start;
	(*nfields)++;
	if (ec__buf_putc(&c->data, '\0'))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	return 0;
}

static int too_long(ec__csv *c, long line, size_t field, ec_error *err)
{
	return ec__fail_at(err, EC_ELIMIT, ec__input_path(c->in), line,
			   (long)field + 1, c->offset,
			   "field %zu is longer than %zu bytes", field + 1,
			   (size_t)EC__CSV_MAX_FIELD);
}

/* One record's position, for its errors. */
struct rec {
	const char *path;
	long line;
	long long offset;
	size_t nfields;
};

/* A read error of next_byte(): its code. */
static int read_failed(ec_error *err)
{
	return err ? err->code : EC_EPARSE;
}

/*
 * The first byte of the next record in *ch, past a byte-order mark and
 * blank lines, and where the record starts in *offset: 0, EC_EITEROVER
 * at the end, or an error.
 */
static int record_start(ec__csv *c, int *ch, long long *offset, ec_error *err)
{
	const char *path = ec__input_path(c->in);

	for (;;) {
		*offset = c->offset;
		*ch = next_byte(c, err);
		if (*ch == -2)
			return read_failed(err);
		if (c->first) {
			c->first = 0;
			if (*ch == -1)
				return ec__fail_at(err, EC_EPARSE, path, 1, 0,
						   0, "the file is empty");
			/* A UTF-8 byte-order mark is allowed, and skipped. */
			if (*ch == 0xef && peek_byte(c, err) == 0xbb) {
				next_byte(c, err);
				if (next_byte(c, err) != 0xbf)
					return ec__fail_at(
						err, EC_EPARSE, path, 1, 1, 0,
						"invalid UTF-8 at the start "
						"of the file");
				*ch = next_byte(c, err);
			}
		}
		if (*ch == -1)
			return EC_EITEROVER;
		if (*ch != '\n' && (*ch != '\r' || peek_byte(c, err) != '\n'))
			return 0;
		if (*ch == '\r')
			next_byte(c, err);
		c->line++; /* a blank line */
	}
}

/* A quoted field from its opening quote; *ch gets the byte after it. */
static int quoted_field(ec__csv *c, int *ch, const struct rec *r, size_t start,
			ec_error *err)
{
	long qline = c->line;

	for (;;) {
		*ch = next_byte(c, err);
		if (*ch == -2)
			return read_failed(err);
		if (*ch == -1)
			return ec__fail_at(err, EC_EPARSE, r->path, qline,
					   (long)r->nfields + 1, r->offset,
					   "unbalanced quote: the quoted field "
					   "%zu that opens on line %ld never "
					   "closes before the end of the file",
					   r->nfields + 1, qline);
		if (*ch == '"') {
			if (peek_byte(c, err) != '"')
				break;
			next_byte(c, err);
		} else if (*ch == '\n') {
			c->line++;
		}
		if (c->data.len - start >= EC__CSV_MAX_FIELD)
			return too_long(c, r->line, r->nfields, err);
		if (ec__buf_putc(&c->data, (char)*ch))
			return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	*ch = next_byte(c, err);
	if (*ch == '\r' && peek_byte(c, err) == '\n')
		*ch = next_byte(c, err);
	if (*ch == c->sep || *ch == '\n' || *ch == -1)
		return 0;
	if (*ch == -2)
		return read_failed(err);
	return ec__fail_at(err, EC_EPARSE, r->path, c->line,
			   (long)r->nfields + 1, c->offset - 1,
			   "unexpected character after the closing quote of "
			   "field %zu",
			   r->nfields + 1);
}

/* An unquoted field from its first byte *ch to the byte after it. */
static int plain_field(ec__csv *c, int *ch, const struct rec *r, size_t start,
		       ec_error *err)
{
	while (*ch != c->sep && *ch != '\n' && *ch != -1) {
		if (*ch == -2)
			return read_failed(err);
		if (*ch == '"')
			return ec__fail_at(err, EC_EPARSE, r->path, c->line,
					   (long)r->nfields + 1, c->offset - 1,
					   "a quote inside unquoted field %zu "
					   "(the field must be quoted and its "
					   "quotes doubled)",
					   r->nfields + 1);
		if (*ch == '\r' && peek_byte(c, err) == '\n') {
			*ch = next_byte(c, err);
			break;
		}
		if (c->data.len - start >= EC__CSV_MAX_FIELD)
			return too_long(c, r->line, r->nfields, err);
		if (ec__buf_putc(&c->data, (char)*ch))
			return ec__fail(err, EC_ENOMEM, "out of memory");
		*ch = next_byte(c, err);
	}
	return 0;
}

/* Reads the fields of a record whose first byte is ch. */
static int read_fields(ec__csv *c, int ch, struct rec *r, ec_error *err)
{
	int rc;

	for (;;) {
		size_t start = c->data.len;

		rc = ch == '"' ? quoted_field(c, &ch, r, start, err)
			       : plain_field(c, &ch, r, start, err);
		if (rc || (rc = end_field(c, &r->nfields, start, r->line, err)))
			return rc;
		if (ch != c->sep)
			break;
		ch = next_byte(c, err);
		if (ch == -2)
			return read_failed(err);
		if (ch == '\n' || ch == -1) {
			/* A trailing separator: one more empty field. */
			if ((rc = end_field(c, &r->nfields, c->data.len,
					    r->line, err)))
				return rc;
			break;
		}
	}
	if (ch == '\n')
		c->line++;
	return 0;
}

/* Hands the record's fields to row, each checked to be UTF-8. */
static int row_out(ec__csv *c, const struct rec *r, ec__csv_row *row,
		   ec_error *err)
{
	size_t i, bad;

	if (r->nfields > c->cap || !c->data.ptr)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if (c->fields_cap < c->cap) {
		char **f = ec__realloc(c->fields, c->cap * sizeof(*f));

		if (!f)
			return ec__fail(err, EC_ENOMEM, "out of memory");
		c->fields = f;
		c->fields_cap = c->cap;
	}
	for (i = 0; i < r->nfields; i++) {
		c->fields[i] = c->data.ptr + c->starts[i];
		if (!ec__utf8_valid(c->fields[i], c->lens[i], &bad))
			return ec__fail_at(
				err, EC_EPARSE, r->path, r->line, (long)i + 1,
				r->offset,
				"field %zu is not valid UTF-8 (byte 0x%02x at "
				"offset %zu of the field)",
				i + 1, (unsigned char)c->fields[i][bad], bad);
	}
	row->nfields = r->nfields;
	row->fields = (const char *const *)c->fields;
	row->lens = c->lens;
	row->line = r->line;
	row->offset = r->offset;
	return 0;
}

int ec__csv_next(ec__csv *c, ec__csv_row *row, ec_error *err)
{
	struct rec r;
	int ch, rc;

	ec__buf_clear(&c->data);
	if ((rc = record_start(c, &ch, &r.offset, err)))
		return rc;
	r.path = ec__input_path(c->in);
	r.line = c->line;
	r.nfields = 0;
	if ((rc = read_fields(c, ch, &r, err)))
		return rc;
	return row_out(c, &r, row, err);
}

void ec__csv_sha256(ec__csv *c, char hex[65])
{
	ec__input_sha256(c->in, hex);
}

const char *ec__csv_path(const ec__csv *c)
{
	return ec__input_path(c->in);
}

char ec__csv_sep(const ec__csv *c)
{
	return c->sep;
}

void ec__csv_free(ec__csv *c)
{
	if (!c)
		return;
	ec__input_free(c->in);
	ec__buf_dispose(&c->data);
	ec__free(c->starts);
	ec__free(c->lens);
	ec__free(c->fields);
	ec__free(c);
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

/* A copy of s without its leading and trailing spaces and tabs. */
static const char *trimmed(ec__arena *a, const char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ec__arena_printf(a, "%.*s", (int)n, s);
}

/* The header line: the spec's columns, in their order. */
static int check_header(const char *path, const ec__register_spec *spec,
			const ec__csv_row *row, ec_error *err)
{
	char names[512];
	size_t i, len = 0;

	if (row->nfields != spec->ncolumns) {
		names[0] = '\0';
		for (i = 0; i < spec->ncolumns && len < sizeof(names); i++)
			len += (size_t)snprintf(
				names + len, sizeof(names) - len, "%s%s",
				i ? "," : "", spec->columns[i].name);
		return ec__fail_at(err, EC_EPARSE, path, row->line, 0, 0,
				   "the header must be the %zu columns %s "
				   "(found %zu)",
				   spec->ncolumns, names, row->nfields);
	}
	for (i = 0; i < spec->ncolumns; i++)
		if (!header_is(row->fields[i], spec->columns[i].name))
			return ec__fail_at(
				err, EC_EPARSE, path, row->line, (long)i + 1, 0,
				"header column %zu is \"%.40s\", "
				"expected \"%s\"",
				i + 1, row->fields[i], spec->columns[i].name);
	return 0;
}

/* One record at the end of r: its field count, columns and checks. */
static int add_record(ec__register *r, size_t *cap, const char *path,
		      const ec__register_spec *spec, const ec__csv_row *row,
		      ec_error *err)
{
	char *rec;
	size_t i;
	int rc;

	if (row->nfields != spec->ncolumns)
		return ec__fail_at(err, EC_EPARSE, path, row->line,
				   (long)row->nfields, row->offset,
				   "%zu fields, expected %zu", row->nfields,
				   spec->ncolumns);
	if (ec__grow(&r->v, cap, r->n + 1, spec->record_size))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	rec = (char *)r->v + r->n * spec->record_size;
	memset(rec, 0, spec->record_size);
	for (i = 0; i < spec->ncolumns; i++) {
		const char *s = trimmed(&r->arena, row->fields[i]);

		memcpy(rec + spec->columns[i].offset, &s, sizeof(s));
	}
	if (r->arena.failed)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	for (i = 0; i < spec->ncolumns; i++) {
		const char *s;

		memcpy(&s, rec + spec->columns[i].offset, sizeof(s));
		if (spec->columns[i].required && !*s)
			return ec__fail_at(err, EC_EPARSE, path, row->line,
					   (long)i + 1, row->offset, "empty %s",
					   spec->columns[i].name);
	}
	if ((rc = spec->check(r, rec, path, row, err)))
		return rc;
	r->n++;
	return 0;
}

/* Reads the header, then every record, into r. */
static int read_register(ec__register *r, const char *path,
			 const char *encoding, const ec__register_spec *spec,
			 ec_error *err)
{
	ec__csv *csv = NULL;
	ec__csv_row row;
	size_t cap = 0;
	int rc;

	rc = open_header(&csv, path, encoding, &row, err);
	if (rc == EC_EITEROVER)
		rc = ec__fail_at(err, EC_EPARSE, path, 1, 0, 0,
				 "the %s is empty: it needs the header line",
				 spec->what);
	if (rc || (rc = check_header(path, spec, &row, err)))
		goto done;
	while ((rc = ec__csv_next(csv, &row, err)) == 0)
		if ((rc = add_record(r, &cap, path, spec, &row, err)))
			goto done;
	if (rc == EC_EITEROVER) {
		ec__csv_sha256(csv, r->sha256);
		rc = 0;
	}
done:
	ec__csv_free(csv);
	return rc;
}

void ec__register_free(ec__register *r)
{
	if (!r)
		return;
	ec__arena_dispose(&r->arena);
	ec__free(r->v);
	ec__free(r);
}

int ec__register_load(void **out, size_t size, const char *path,
		      const ec_register_opts *opts,
		      const ec__register_spec *spec, ec_error *err)
{
	const char *encoding = NULL;

	ec__register *r;
	int rc;

	ec__error_clear(err);
	if (!out || !path)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if (opts && opts->version != EC_REGISTER_OPTS_VERSION)
		return ec__fail(err, EC_EINVAL,
				"unknown register options version %u",
				opts->version);
	if (opts)
		encoding = opts->encoding;
	if (!(r = ec__calloc(1, size)))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if ((rc = read_register(r, path, encoding, spec, err))) {
		ec__register_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
