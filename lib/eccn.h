/*
 * eccn.h: Export Control Classification Numbers: parsing, coverage
 * ("5A002" covers "5A002.a.1") and the anti-terrorism-only heuristic.
 */
#ifndef EC_ECCN_H
#define EC_ECCN_H

#include "common.h"

typedef struct ec__eccn {
	char text[32]; /* canonical: "5A002.a", "EAR99" */
	int ear99;
	char category; /* '0'..'9' */
	char group;    /* 'A'..'E': commodity, test, material, software,
			  technology */
} ec__eccn;

/* Parses s; returns 0, or EC_EINVAL when s is not an ECCN or EAR99. */
int ec__eccn_parse(const char *s, ec__eccn *out);
/* Does the listed ECCN (or "EAR99") cover item? */
int ec__eccn_covers(const char *listed, const ec__eccn *item);
/* Anti-terrorism-only controls: the x9xx ECCNs (5A991, 3A999, ...). */
int ec__eccn_at_only(const ec__eccn *e);
/* Is the item in a space-, comma- or semicolon-separated ECCN list? */
int ec__eccn_in_list(const char *list, const ec__eccn *item);

#endif
