/*
 * address.h: address-only Entity List entries (15 CFR 744.16(a), since
 * 89 FR 51644): an entry whose party is an address reaches any party
 * that uses that address, whatever its name.
 */
#ifndef EC_ADDRESS_H
#define EC_ADDRESS_H

#include "common.h"

struct ec_snapshot;
struct ec__addr_set;

/*
 * The snapshot's address-only entries (indexes into its name index),
 * found once on first use; EC_ENOMEM when out of memory.
 */
int ec__address_entries(const struct ec_snapshot *s, const uint32_t **idx,
			size_t *n);
void ec__address_set_free(struct ec__addr_set *set);

/*
 * How a party's address compares with a listed address: 2 when every
 * word and number of the listed address appears in the party's address
 * in order (the party uses it); 1 when every number does and two thirds
 * of the words (possibly the same address, written otherwise); else 0.
 * The listed address's trailing ISO-2 country code is not needed.
 */
int ec__address_match(const char *party, const char *listed);

#endif
