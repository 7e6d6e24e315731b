/*
 * input.h: reading an input file as a byte stream, plain or gzip, while
 * hashing its raw bytes for the snapshot's provenance.
 */
#ifndef EC_INPUT_H
#define EC_INPUT_H

#include <stdio.h>

#include "common.h"
#include "sha256.h"

typedef struct ec__input ec__input;

/*
 * Opens path; gzip is recognised by its magic bytes, UTF-16 by its
 * byte-order mark (the bytes read are then UTF-8).
 */
int ec__input_open(ec__input **out, const char *path, ec_error *err);
/*
 * The same, for a file in encoding (iconv's name; NULL is UTF-8): what
 * ec__input_read() returns is UTF-8.  An unknown encoding is EC_EINVAL;
 * bytes the encoding does not have, EC_EPARSE with their offset.
 */
int ec__input_open_enc(ec__input **out, const char *path, const char *encoding,
		       ec_error *err);
/*
 * Reads up to n decompressed bytes.  Returns the count (0 at the end), or a
 * negative code with err filled in (a damaged or truncated gzip stream).
 */
long ec__input_read(ec__input *in, void *dst, size_t n, ec_error *err);
/* The sha256 of the raw file bytes; valid once the end was reached. */
void ec__input_sha256(ec__input *in, char hex[65]);
int ec__input_is_gzip(const ec__input *in);
const char *ec__input_path(const ec__input *in);
void ec__input_free(ec__input *in);

#endif
