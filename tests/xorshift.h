/*
 * xorshift.h: deterministic pseudo-random numbers (Marsaglia's xorshift32)
 * for the tests and benchmarks that must pick the same inputs every run.
 */
#ifndef EC_TEST_XORSHIFT_H
#define EC_TEST_XORSHIFT_H

#include <stdint.h>

/* The next number of the sequence kept in *state (never 0). */
static inline uint32_t xorshift32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

#endif
