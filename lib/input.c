/*
 * input.c: plain or gzip input files, decompressed through zlib and hashed
 * as read, so one pass gives both the content and the provenance digest.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "input.h"

#define RAW_CHUNK 65536

struct ec__input {
	FILE *fp;
	char *path;
	int gzip;
	int eof_raw;	/* the raw file is exhausted */
	int stream_end; /* the gzip stream ended cleanly */
	z_stream zs;
	int zs_live;
	unsigned char raw[RAW_CHUNK];
	size_t raw_len, raw_pos;
	ec__sha256 sha;
	long long raw_total;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Reads the next raw chunk, hashing it.  Returns 0 or EC_EIO. */
static int fill_raw(ec__input *in, ec_error *err)
{
	size_t n;

	if (in->eof_raw)
		return 0;
	n = fread(in->raw, 1, sizeof(in->raw), in->fp);
	if (n < sizeof(in->raw)) {
		if (ferror(in->fp))
			return ec__fail_at(err, EC_EIO, in->path, 0, 0,
					   in->raw_total, "read error: %s",
					   strerror(errno));
		in->eof_raw = 1;
	}
	ec__sha256_update(&in->sha, in->raw, n);
	in->raw_total += (long long)n;
	in->raw_len = n;
	in->raw_pos = 0;
	return 0;
}

int ec__input_open(ec__input **out, const char *path, ec_error *err)
{
	ec__input *in;
	int rc;

	*out = NULL;
	in = ec__calloc(1, sizeof(*in));
	if (!in)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	in->path = ec__strdup(path);
	if (!in->path) {
		ec__free(in);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	ec__sha256_init(&in->sha);
	in->fp = fopen(path, "rb");
	if (!in->fp) {
		rc = ec__fail_at(err, EC_EIO, path, 0, 0, -1, "cannot open: %s",
				 strerror(errno));
		goto fail;
	}
	if ((rc = fill_raw(in, err)) != 0)
		goto fail;
	in->gzip = in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b;
	if (!in->gzip && ends_with(path, ".gz")) {
		rc = ec__fail_at(err, EC_EPARSE, path, 1, 0, 0,
				 "the file name says gzip but the content is "
				 "not gzip data (no gzip magic bytes)");
		goto fail;
	}
	if (in->gzip) {
		/* 16 + MAX_WBITS: expect a gzip wrapper, check its CRC. */
		if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK) {
			rc = ec__fail(err, EC_ENOMEM, "cannot start inflate");
			goto fail;
		}
		in->zs_live = 1;
	}
	*out = in;
	return 0;
fail:
	ec__input_free(in);
	return rc;
}

static long read_plain(ec__input *in, unsigned char *dst, size_t n,
		       ec_error *err)
{
	size_t done = 0;
	int rc;

	while (done < n) {
		size_t avail = in->raw_len - in->raw_pos, take;

		if (avail == 0) {
			if (in->eof_raw)
				break;
			if ((rc = fill_raw(in, err)) != 0)
				return rc;
			continue;
		}
		take = avail < n - done ? avail : n - done;
		memcpy(dst + done, in->raw + in->raw_pos, take);
		in->raw_pos += take;
		done += take;
	}
	return (long)done;
}

static long read_gzip(ec__input *in, unsigned char *dst, size_t n,
		      ec_error *err)
{
	int rc, zrc;

	in->zs.next_out = dst;
	in->zs.avail_out = (uInt)n;
	while (in->zs.avail_out > 0) {
		if (in->stream_end) {
			/* Skip padding; a further member continues the data. */
			while (in->raw_pos < in->raw_len &&
			       in->raw[in->raw_pos] == 0)
				in->raw_pos++;
			if (in->raw_pos == in->raw_len) {
				if (in->eof_raw)
					break;
				if ((rc = fill_raw(in, err)) != 0)
					return rc;
				continue;
			}
			inflateReset(&in->zs);
			in->stream_end = 0;
		}
		if (in->raw_pos == in->raw_len) {
			if (in->eof_raw)
				return ec__fail_at(
					err, EC_EPARSE, in->path, 0, 0,
					in->raw_total,
					"the gzip data ends early: the file "
					"is truncated (an incomplete "
					"download?)");
			if ((rc = fill_raw(in, err)) != 0)
				return rc;
		}
		in->zs.next_in = in->raw + in->raw_pos;
		in->zs.avail_in = (uInt)(in->raw_len - in->raw_pos);
		zrc = inflate(&in->zs, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->zs.avail_in;
		if (zrc == Z_STREAM_END) {
			in->stream_end = 1;
		} else if (zrc == Z_MEM_ERROR) {
			return ec__fail(err, EC_ENOMEM, "out of memory");
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			return ec__fail_at(err, EC_EPARSE, in->path, 0, 0,
					   in->raw_total,
					   "damaged gzip data: %s",
					   in->zs.msg ? in->zs.msg
						      : "inflate "
							"failed");
		}
	}
	return (long)(n - in->zs.avail_out);
}

long ec__input_read(ec__input *in, void *dst, size_t n, ec_error *err)
{
	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	return in->gzip ? read_gzip(in, dst, n, err)
			: read_plain(in, dst, n, err);
}

void ec__input_sha256(ec__input *in, char hex[65])
{
	ec__sha256 copy = in->sha;

	/* Hash any bytes not yet read so the digest covers the whole file. */
	while (!in->eof_raw) {
		size_t n = fread(in->raw, 1, sizeof(in->raw), in->fp);

		ec__sha256_update(&in->sha, in->raw, n);
		if (n < sizeof(in->raw))
			in->eof_raw = 1;
		in->raw_len = in->raw_pos = 0;
		copy = in->sha;
	}
	ec__sha256_final_hex(&copy, hex);
}

int ec__input_is_gzip(const ec__input *in)
{
	return in->gzip;
}

const char *ec__input_path(const ec__input *in)
{
	return in->path;
}

void ec__input_free(ec__input *in)
{
	if (!in)
		return;
	if (in->zs_live)
		inflateEnd(&in->zs);
	if (in->fp)
		fclose(in->fp);
	ec__free(in->path);
	ec__free(in);
}
