/*
 * sha256.h: SHA-256 (FIPS 180-4), for the provenance digests of input files.
 */
#ifndef EC_SHA256_H
#define EC_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ec__sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char block[64];
	size_t used;
} ec__sha256;

void ec__sha256_init(ec__sha256 *s);
void ec__sha256_update(ec__sha256 *s, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL to hex. */
void ec__sha256_final_hex(ec__sha256 *s, char hex[65]);

#endif
