/*
 * le.h: the little-endian fields of the snapshot container read and
 * written byte by byte, for the tests and fuzz targets that forge one.
 */
#ifndef EC_TEST_LE_H
#define EC_TEST_LE_H

#include <stdint.h>

static inline uint32_t le_rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void le_wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void le_wr64(unsigned char *p, uint64_t v)
{
	le_wr32(p, (uint32_t)v);
	le_wr32(p + 4, (uint32_t)(v >> 32));
}

#endif
