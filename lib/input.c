/*
 * input.c: plain or gzip input files, decompressed through zlib and hashed
 * as read, so one pass gives both the content and the provenance digest.
 * A file in another encoding (a spreadsheet's Windows-1252, or UTF-16 with
 * its byte-order mark) is turned into UTF-8 through iconv as it is read.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
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
	/* Transcoding to UTF-8: cd is (iconv_t)-1 when the file is UTF-8. */
	iconv_t cd;
	char *encoding;
	unsigned char *pend; /* bytes read, not yet converted */
	size_t npend;
	long long converted; /* source bytes converted so far */
	int src_end;
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

/*
 * Starts converting from encoding (NULL: UTF-8) to UTF-8; a UTF-16
 * byte-order mark at the start of a plain file says UTF-16 whatever the
 * caller said.
 */
static int start_iconv(ec__input *in, const char *encoding, ec_error *err)
{
	if (!in->gzip && in->raw_len >= 2 &&
	    ((in->raw[0] == 0xff && in->raw[1] == 0xfe) ||
	     (in->raw[0] == 0xfe && in->raw[1] == 0xff)))
		encoding = "UTF-16";
	if (!encoding || !strcasecmp(encoding, "UTF-8") ||
	    !strcasecmp(encoding, "UTF8"))
		return 0;
	if (!(in->encoding = ec__strdup(encoding)) ||
	    !(in->pend = ec__malloc(RAW_CHUNK)))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	in->cd = iconv_open("UTF-8", encoding);
	if (in->cd == (iconv_t)-1)
		return ec__fail_at(err, EC_EINVAL, in->path, 0, 0, -1,
				   "unknown encoding \"%.40s\"", encoding);
	return 0;
}

int ec__input_open(ec__input **out, const char *path, ec_error *err)
{
	return ec__input_open_enc(out, path, NULL, err);
}

int ec__input_open_enc(ec__input **out, const char *path, const char *encoding,
		       ec_error *err)
{
	ec__input *in;
	int rc;

	*out = NULL;
	in = ec__calloc(1, sizeof(*in));
	if (!in)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	in->cd = (iconv_t)-1;
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
	if ((rc = start_iconv(in, encoding, err)))
		goto fail;
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

static long read_bytes(ec__input *in, void *dst, size_t n, ec_error *err)
{
	return in->gzip ? read_gzip(in, dst, n, err)
			: read_plain(in, dst, n, err);
}

/* A conversion error, at the source byte it stopped on. */
static int bad_bytes(ec__input *in, const char *what, ec_error *err)
{
	return ec__fail_at(err, EC_EPARSE, in->path, 0, 0, in->converted,
			   "%s %s at byte %lld: is the file in that encoding?",
			   what, in->encoding, in->converted);
}

/* Reads up to n bytes of UTF-8 converted from the file's encoding. */
static long read_converted(ec__input *in, char *dst, size_t n, ec_error *err)
{
	char *out = dst, *src;
	size_t left = n, avail;
	long got;

	while (left == n) { /* until something is written */
		if (!in->src_end && in->npend < RAW_CHUNK / 2) {
			got = read_bytes(in, in->pend + in->npend,
					 RAW_CHUNK - in->npend, err);
			if (got < 0)
				return got;
			in->src_end = got == 0;
			in->npend += (size_t)got;
		}
		if (!in->npend)
			return 0;
		src = (char *)in->pend;
		avail = in->npend;
		/* An incomplete character waits for the next bytes, unless
		 * the file ends there. */
		if (iconv(in->cd, &src, &avail, &out, &left) == (size_t)-1 &&
		    (errno == EILSEQ ||
		     (errno == EINVAL && avail == in->npend &&
		      (in->src_end || in->npend >= RAW_CHUNK / 2)))) {
			in->converted += (long long)(in->npend - avail);
			return bad_bytes(in,
					 errno == EILSEQ
						 ? "a byte sequence not "
						   "valid in"
						 : "a character cut "
						   "short in",
					 err);
		}
		in->converted += (long long)(in->npend - avail);
		memmove(in->pend, src, avail);
		in->npend = avail;
	}
	return (long)(n - left);
}

long ec__input_read(ec__input *in, void *dst, size_t n, ec_error *err)
{
	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	/* Room for one converted character (at most 4 bytes of UTF-8). */
	if (in->cd != (iconv_t)-1 && n >= 4)
		return read_converted(in, dst, n, err);
	return read_bytes(in, dst, n, err);
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
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	ec__free(in->pend);
	ec__free(in->encoding);
	ec__free(in->path);
	ec__free(in);
}
