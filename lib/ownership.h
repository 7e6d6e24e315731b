/*
 * ownership.h: the ownership rules (OFAC's 50% rule, the BIS Affiliates
 * rule and its suspension, the red flag below 50%), judged from what each
 * owner of a party matched.  The screening itself is decide.c's.
 */
#ifndef EC_OWNERSHIP_H
#define EC_OWNERSHIP_H

#include "rules.h"

/* What an owner's listings are, for the ownership rules. */
enum {
	EC__OWN_SDN = 1,       /* blocked by OFAC (SDN) */
	EC__OWN_AFFILIATE = 2, /* Entity List, MEU, or an SDN under a program
				  of the EAR's SDN rule (Affiliates rule) */
	EC__OWN_UVL = 4,       /* Unverified List: not an Affiliates owner */
	EC__OWN_OTHER = 8,     /* another list (reported only) */
	EC__OWN_POSSIBLE = 16  /* only a possible match */
};

typedef struct ec__owner_hits {
	const char *name;
	double share;	/* percent; <0 unknown */
	unsigned kinds; /* EC__OWN_* */
} ec__owner_hits;

typedef struct ec__own_result {
	const ec__stanza *ofac;	      /* OFAC 50% rule applies: its stanza */
	double sdn_share;	      /* aggregate share of SDN owners */
	const ec__stanza *affiliates; /* the owners' requirement applies */
	double aff_share;	      /* aggregate share of affiliate owners */
	int review;		      /* needs review */
} ec__own_result;

typedef void (*ec__own_warn)(void *arg, const char *text);

/*
 * Judges the ownership stanzas of r in force on date for a party whose
 * owners matched as o[0..n).  Warnings (suspension, savings clause, red
 * flags, unknown shares) go to warn(arg, text).
 */
void ec__ownership_judge(const ec__rules *r, const char *date,
			 const char *party, const char *party_country,
			 const ec__owner_hits *o, size_t n, ec__own_result *res,
			 ec__own_warn warn, void *arg);

#endif
