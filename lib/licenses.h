/*
 * licenses.h: a supplier's register of specific licenses (read by
 * licenses.c, consulted by decide.c).
 */
#ifndef EC_LICENSES_H
#define EC_LICENSES_H

#include "common.h"
#include "csv.h"

typedef struct ec__license {
	const char *number, *holder, *consignee, *items;
	const char *valid_from, *valid_to, *notes;
	int all_items;
	long line;
} ec__license;

struct ec_license_register {
	ec__register reg; /* its records are ec__license */
};

#endif
