/*
 * query.h: the one place the tool turns the strings of `check` options
 * and `screen` columns (origin, role, facts, activities, owners, address)
 * into an ec_check_query, so both commands accept and refuse the same.
 */
#ifndef EC_TOOL_QUERY_H
#define EC_TOOL_QUERY_H

#include <stddef.h>

#include <entitycheck/entitycheck.h>

#define TQ_MAX_PARTIES 32
#define TQ_MAX_OWNERS 32
#define TQ_MAX_ACTIVITIES 16

typedef struct tool_query {
	ec_check_query q; /* parties/owners/activities point below */
	ec_party parties[TQ_MAX_PARTIES];
	ec_owner owners[TQ_MAX_OWNERS];
	ec_party_facts facts[TQ_MAX_PARTIES]; /* identifying facts, by party */
	const char *activities[TQ_MAX_ACTIVITIES];
	int origin_set; /* the origin was given explicitly */
	char msg[256];	/* why the last call failed */
} tool_query;

void tq_init(tool_query *t);

/*
 * Each call takes one string and returns 0, or -1 with t->msg saying
 * what was wrong.  role, country, address and owner apply to the last
 * party; share to the last owner.  Values are kept by pointer.
 */
int tq_party(tool_query *t, const char *name);
int tq_role(tool_query *t, const char *role);
int tq_country(tool_query *t, const char *cc);
int tq_address(tool_query *t, const char *address);
int tq_origin(tool_query *t, const char *origin);
int tq_us_content(tool_query *t, const char *pct);
int tq_fact(tool_query *t, const char *fact);
int tq_activity(tool_query *t, const char *tag);
int tq_owner(tool_query *t, const char *name);
int tq_share(tool_query *t, const char *pct);
/*
 * A list of owners of the last party, "NAME:PCT; NAME:PCT" (the share
 * after the last ':'; "NAME" alone is an unknown share).  Cuts s apart.
 */
int tq_owners(tool_query *t, char *s);
/* A ";"-separated list of facts or activities.  Cuts s apart. */
int tq_facts(tool_query *t, char *s);
int tq_activities(tool_query *t, char *s);

/*
 * Checks what single calls cannot (a US content share with a US origin)
 * and completes t->q.  Returns 0 or -1 with t->msg.
 */
int tq_finish(tool_query *t);

#endif
