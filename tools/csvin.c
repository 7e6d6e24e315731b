/*
 * csvin.c: reading what spreadsheets and ERP systems export.  Files are
 * decoded to UTF-8 on the fly (fopencookie + iconv), so a million-row
 * Windows-1252 export streams in flat memory like a UTF-8 one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"

#define INBUF 65536

struct dec {
	FILE *in;
	iconv_t cd; /* (iconv_t)-1: pass the bytes through */
	char buf[INBUF];
	size_t len, pos;    /* undecoded bytes in buf[pos..len) */
	long long consumed; /* input bytes decoded so far */
	int eof, failed;
	csvin_state *st;
};

static const struct {
	const char *name, *iconv;
} encodings[] = {
	{"utf-8", "UTF-8"},
	{"utf8", "UTF-8"},
	{"windows-1252", "WINDOWS-1252"},
	{"cp1252", "WINDOWS-1252"},
	{"iso-8859-1", "ISO-8859-1"},
	{"latin1", "ISO-8859-1"},
	{"latin-1", "ISO-8859-1"},
	{"utf-16", "UTF-16"},
	{"utf-16le", "UTF-16LE"},
	{"utf-16be", "UTF-16BE"},
};

const char *csvin_encoding(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		if (strcasecmp(name, encodings[i].name) == 0)
			return encodings[i].iconv;
	return NULL;
}

static int refill(struct dec *d)
{
	size_t n;

	if (d->pos > 0) {
		memmove(d->buf, d->buf + d->pos, d->len - d->pos);
		d->len -= d->pos;
		d->pos = 0;
	}
	if (d->eof)
		return 0;
	n = fread(d->buf + d->len, 1, sizeof(d->buf) - d->len, d->in);
	if (n == 0)
		d->eof = 1;
	d->len += n;
	return ferror(d->in) ? -1 : 0;
}

/* Records why decoding stopped; the stream ends there. */
static ssize_t stop(struct dec *d, const char *why, ssize_t done)
{
	d->failed = 1;
	snprintf(d->st->error, sizeof(d->st->error), "%s", why);
	return done;
}

static ssize_t dec_read(void *cookie, char *out, size_t size)
{
	struct dec *d = cookie;
	size_t left = size;

	while (left > 0 && !d->failed) {
		char *ip, *op = out + (size - left);
		size_t il, before;

		if (d->pos == d->len ||
		    (d->cd != (iconv_t)-1 && !d->eof && d->len - d->pos < 4)) {
			if (refill(d))
				return stop(d, "read error",
					    (ssize_t)(size - left));
			if (d->pos == d->len)
				break;
		}
		if (d->cd == (iconv_t)-1) {
			size_t n =
				d->len - d->pos < left ? d->len - d->pos : left;

			memcpy(op, d->buf + d->pos, n);
			d->pos += n;
			d->consumed += (long long)n;
			left -= n;
			continue;
		}
		ip = d->buf + d->pos;
		il = before = d->len - d->pos;
		errno = 0;
		if (iconv(d->cd, &ip, &il, &op, &left) != (size_t)-1)
			errno = 0;
		d->consumed += (long long)(before - il);
		d->pos = d->len - il;
		if (errno == E2BIG)
			break; /* the caller's buffer is full */
		if (errno == EINVAL && !d->eof)
			continue; /* a character split across reads */
		if (errno == EILSEQ) {
			/*
			 * An invalid UTF-8 byte in its place: the row fails
			 * as malformed, and the rows after it still read.
			 */
			if (d->st->bad_at < 0)
				d->st->bad_at = d->consumed;
			d->st->nbad++;
			*op = (char)0xff;
			left--;
			d->pos++;
			d->consumed++;
			continue;
		}
		if (errno == EINVAL)
			return stop(d, "the file ends inside a character",
				    (ssize_t)(size - left));
	}
	return (ssize_t)(size - left);
}

static int dec_close(void *cookie)
{
	struct dec *d = cookie;

	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d);
	return 0;
}

/* Picks the encoding from a UTF-16 byte-order mark, else from the caller. */
static const char *choose(struct dec *d, const char *encoding)
{
	const unsigned char *b = (const unsigned char *)d->buf;

	if (d->len >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
			    (b[0] == 0xfe && b[1] == 0xff))) {
		/* iconv's "UTF-16" reads the mark and drops it. */
		return "UTF-16";
	}
	return encoding;
}

FILE *csvin_open(FILE *in, const char *encoding, csvin_state *st)
{
	static const cookie_io_functions_t io = {dec_read, NULL, NULL,
						 dec_close};
	struct dec *d = calloc(1, sizeof(*d));
	const char *enc;
	FILE *f;

	memset(st, 0, sizeof(*st));
	st->bad_at = -1;
	if (!d) {
		snprintf(st->error, sizeof(st->error), "out of memory");
		return NULL;
	}
	d->in = in;
	d->st = st;
	d->cd = (iconv_t)-1;
	if (refill(d)) {
		snprintf(st->error, sizeof(st->error), "read error");
		free(d);
		return NULL;
	}
	enc = choose(d, encoding);
	snprintf(st->encoding, sizeof(st->encoding), "%s", enc ? enc : "UTF-8");
	if (enc && strcmp(enc, "UTF-8") != 0 &&
	    (d->cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		snprintf(st->error, sizeof(st->error),
			 "this system's iconv cannot read %s", enc);
		free(d);
		return NULL;
	}
	if (!(f = fopencookie(d, "r", io))) {
		dec_close(d);
		snprintf(st->error, sizeof(st->error), "out of memory");
	}
	return f;
}

char csvin_detect_delimiter(const char *line, size_t len)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0}, i, k, best = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		for (k = 0; k < 4; k++)
			count[k] += line[i] == cand[k];
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}
