/*
 * query.c: option and column strings to a check query, shared by `check`
 * and `screen` (one parser, so a row and a command line agree).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "tool.h"

static int bad(tool_query *t, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int bad(tool_query *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void tq_init(tool_query *t)
{
	ec_check_query init = EC_CHECK_QUERY_INIT;

	memset(t, 0, sizeof(*t));
	t->q = init;
	t->q.parties = t->parties;
	t->q.owners = t->owners;
	t->q.activities = t->activities;
	t->q.party_facts = t->facts;
}

int tq_party(tool_query *t, const char *name)
{
	ec_party *p;

	if (t->q.nparties == TQ_MAX_PARTIES)
		return bad(t, "at most %d parties", TQ_MAX_PARTIES);
	p = &t->parties[t->q.nparties++];
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->role = EC_ROLE_ULTIMATE_CONSIGNEE;
	return 0;
}

static ec_party *last_party(tool_query *t, const char *what)
{
	if (t->q.nparties == 0) {
		bad(t, "%s must follow a party", what);
		return NULL;
	}
	return &t->parties[t->q.nparties - 1];
}

int tq_role(tool_query *t, const char *role)
{
	ec_party *p = last_party(t, "a role");

	if (!p)
		return -1;
	if ((p->role = ec_role_parse(role)) < 0)
		return bad(t,
			   "unknown role \"%.40s\" (purchaser, "
			   "intermediate_consignee, ultimate_consignee, "
			   "end_user)",
			   role);
	return 0;
}

int tq_country(tool_query *t, const char *cc)
{
	ec_party *p = last_party(t, "a country");

	if (!p)
		return -1;
	if (strlen(cc) != 2)
		return bad(t,
			   "country \"%.16s\" is not an ISO 3166 two-letter "
			   "code",
			   cc);
	p->country = cc;
	return 0;
}

int tq_address(tool_query *t, const char *address)
{
	ec_party *p = last_party(t, "an address");

	if (!p)
		return -1;
	p->address = address;
	return 0;
}

int tq_origin(tool_query *t, const char *origin)
{
	int o = ec_origin_parse(origin);

	if (o < 0)
		return bad(t,
			   "origin is us, foreign or direct-product, not "
			   "\"%.32s\"",
			   origin);
	if (t->origin_set && t->q.origin != o)
		return bad(t,
			   "conflicting origins: %s conflicts with the one "
			   "given before",
			   origin);
	t->q.origin = o;
	t->origin_set = 1;
	return 0;
}

int tq_us_content(tool_query *t, const char *pct)
{
	if (tool_parse_double(pct, 0, 100, &t->q.us_content_pct))
		return bad(t, "US content is a percentage 0-100");
	return 0;
}

int tq_fact(tool_query *t, const char *fact)
{
	unsigned f = ec_fact_parse(fact);

	if (!f)
		return bad(t,
			   "unknown fact \"%.40s\" (designed_by_party, "
			   "food_medicine, advanced_node)",
			   fact);
	t->q.facts |= f;
	return 0;
}

int tq_activity(tool_query *t, const char *tag)
{
	if (t->q.nactivities == TQ_MAX_ACTIVITIES)
		return bad(t, "at most %d activities", TQ_MAX_ACTIVITIES);
	t->activities[t->q.nactivities++] = tag;
	return 0;
}

int tq_owner(tool_query *t, const char *name)
{
	ec_owner *o;

	if (!last_party(t, "an owner"))
		return -1;
	if (!name || !*name)
		return bad(t, "an owner needs a name");
	if (t->q.nowners == TQ_MAX_OWNERS)
		return bad(t, "at most %d owners", TQ_MAX_OWNERS);
	o = &t->owners[t->q.nowners++];
	memset(o, 0, sizeof(*o));
	o->party = t->q.nparties - 1;
	o->name = name;
	o->share_pct = -1; /* unknown until a share is given */
	return 0;
}

int tq_share(tool_query *t, const char *pct)
{
	ec_owner *o;

	if (t->q.nowners == 0 ||
	    t->owners[t->q.nowners - 1].party != t->q.nparties - 1)
		return bad(t, "a share must follow the owner it belongs to");
	o = &t->owners[t->q.nowners - 1];
	if (o->share_pct >= 0)
		return bad(t, "owner \"%.60s\" has two shares", o->name);
	if (tool_parse_double(pct, 0, 100, &o->share_pct))
		return bad(t, "share \"%.16s\" is not a percentage 0-100", pct);
	return 0;
}

/* Calls fn on each non-empty ";"-separated item of s. */
static int each_item(tool_query *t, char *s,
		     int (*fn)(tool_query *t, char *item))
{
	char *tok, *save = NULL;

	for (tok = strtok_r(s, ";", &save); tok;
	     tok = strtok_r(NULL, ";", &save)) {
		char *end;

		while (*tok == ' ')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && end[-1] == ' ')
			*--end = '\0';
		if (*tok && fn(t, tok))
			return -1;
	}
	return 0;
}

static int one_owner(tool_query *t, char *item)
{
	char *colon = strrchr(item, ':');
	char *name_end = colon;

	if (colon) {
		*colon = '\0';
		while (name_end > item && name_end[-1] == ' ')
			*--name_end = '\0';
	}
	if (tq_owner(t, item))
		return -1;
	return colon ? tq_share(t, colon + 1 + strspn(colon + 1, " ")) : 0;
}

static int one_fact(tool_query *t, char *item)
{
	return tq_fact(t, item);
}

static int one_activity(tool_query *t, char *item)
{
	return tq_activity(t, item);
}

int tq_owners(tool_query *t, char *s)
{
	return each_item(t, s, one_owner);
}

/* Non-empty ";"-separated items of s. */
static size_t count_items(const char *s)
{
	size_t n = 0;
	int in_item = 0;

	for (; *s; s++) {
		if (*s == ';')
			in_item = 0;
		else if (*s != ' ' && !in_item) {
			in_item = 1;
			n++;
		}
	}
	return n;
}

/* More facts than there are flags is a malformed list, whatever they say. */
#define TQ_MAX_FACTS 8

int tq_facts(tool_query *t, char *s)
{
	if (count_items(s) > TQ_MAX_FACTS)
		return bad(t, "too many facts (at most %d)", TQ_MAX_FACTS);
	return each_item(t, s, one_fact);
}

int tq_activities(tool_query *t, char *s)
{
	if (count_items(s) + t->q.nactivities > TQ_MAX_ACTIVITIES)
		return bad(t, "too many activities (at most %d)",
			   TQ_MAX_ACTIVITIES);
	return each_item(t, s, one_activity);
}

int tq_finish(tool_query *t)
{
	if (t->q.nparties == 0)
		return bad(t, "at least one party is needed");
	if (t->q.us_content_pct >= 0 && t->q.origin == EC_ORIGIN_US) {
		if (t->origin_set)
			return bad(t, "a US content share is for foreign-made "
				      "items (origin foreign), not origin us");
		t->q.origin = EC_ORIGIN_FOREIGN;
	}
	return 0;
}
