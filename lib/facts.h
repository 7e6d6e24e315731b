/*
 * facts.h: a party's identifying facts (date of birth, nationality, ID
 * number, type) weighed against a listed entry's, as evidence beside the
 * name (doc/scoring.md).
 */
#ifndef EC_FACTS_H
#define EC_FACTS_H

#include "index.h"

/* A query's facts, parsed once per search. */
typedef struct ec__qfacts {
	int year, month, day; /* 0 when not given */
	char nat[3];	      /* ISO-2, or "" */
	char id[64];	      /* upper-case letters and digits, or "" */
	char id_type[32];     /* as given, for the explanation */
	int type;	      /* 0 unknown, 1 person, 2 organization */
	int any;	      /* at least one fact given */
} ec__qfacts;

/* Parses the facts; EC_EINVAL (with the reason in err) when malformed. */
int ec__qfacts_parse(ec__qfacts *f, const ec_party_facts *in, ec_error *err);

/* What facts can add to a name score at most (the search prunes by it). */
double ec__qfacts_max_bonus(const ec__qfacts *f);

/* 1 when the entry's published ids include the query's ID number. */
int ec__facts_id_listed(const ec__qfacts *f, const char *ids);

/* One weighed fact: an explanation line. */
typedef struct ec__fact {
	const char *fact;
	char note[192];
	double contribution;
} ec__fact;

#define EC__MAX_FACTS 5

/* What the search knows of the listed name, for ec__facts_weigh(). */
#define EC__NAME_PERSON 1u  /* the name is a person's */
#define EC__NAME_PARTIAL 2u /* ec__score_partial() of the query and it */
#define EC__NAME_ORG 4u	    /* it holds a legal form or business word */

/*
 * Weighs the facts against entry e, whose matched name is described by
 * name (EC__NAME_*), and returns the adjusted score; fills out[0..*n).
 * Fail-safe: a contradiction that is not certain never takes a score that
 * was at or above the review floor below it.
 */
double ec__facts_weigh(const ec__qfacts *f, const ec__ix_entry_view *e,
		       unsigned name, double score, ec__fact *out, size_t *n);

#endif
