/*
 * ownership.c: OFAC's 50% rule and the BIS Affiliates rule, as dated
 * `ownership` stanzas of data/rules (ownership.rules): thresholds, windows,
 * suspension, savings clause and temporary general license come from the
 * data; this file adds up the shares and says which stanza applies.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownership.h"

static void say(ec__own_warn warn, void *arg, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void say(ec__own_warn warn, void *arg, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	warn(arg, text);
}

/*
 * Aggregate share of the owners of a kind; *unknown is set when a
 * matching owner's share is not given (it could reach any threshold).
 */
static double aggregate(const ec__owner_hits *o, size_t n, unsigned kind,
			int *unknown, int *possible, const char **names,
			char *buf, size_t size)
{
	double sum = 0;
	size_t i, w = 0;

	*unknown = *possible = 0;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(o[i].kinds & kind))
			continue;
		if (o[i].share < 0)
			*unknown = 1;
		else
			sum += o[i].share;
		if (o[i].kinds & EC__OWN_POSSIBLE)
			*possible = 1;
		if (w < size)
			w += (size_t)snprintf(buf + w, size - w, "%s%s",
					      w ? ", " : "", o[i].name);
	}
	*names = buf;
	return sum;
}

/* The stanza of a given effect in force on date, or NULL. */
static const ec__stanza *stanza_for(const ec__rules *r, const char *date,
				    const char *effect)
{
	size_t i;

	for (i = 0; r && i < r->n; i++) {
		const ec__stanza *s = &r->v[i];

		if (strcmp(s->kind, "ownership") == 0 &&
		    strcmp(ec__stanza_str(s, "effect"), effect) == 0 &&
		    ec__stanza_in_window(s, date))
			return s;
	}
	return NULL;
}

static void judge_ofac(const ec__rules *r, const char *date, const char *party,
		       const ec__owner_hits *o, size_t n, ec__own_result *res,
		       ec__own_warn warn, void *arg)
{
	const ec__stanza *s = stanza_for(r, date, "ofac_blocked");
	char names[512];
	const char *who;
	int unknown, possible;
	double sum = aggregate(o, n, EC__OWN_SDN, &unknown, &possible, &who,
			       names, sizeof(names));

	res->sdn_share = sum;
	if (!who[0] || !s)
		return;
	if (sum >= strtod(ec__stanza_str(s, "threshold"), NULL)) {
		res->ofac = s;
		/* Blocked on the owners' shares the caller gave: review them.
		 */
		res->review = 1;
		say(warn, arg,
		    "%s is blocked by operation of law, not by name: owner(s) "
		    "%s on the SDN list hold %.0f%% in aggregate (%s); verify "
		    "the "
		    "ownership chain, and deal only under an OFAC license",
		    party, who, sum, ec__stanza_str(s, "citation"));
		return;
	}
	if (unknown) {
		res->review = 1;
		say(warn, arg,
		    "%s: owner(s) %s on the SDN list with a share not given: "
		    "blocked if blocked persons own %s%% or more in aggregate "
		    "(%s)",
		    party, who, ec__stanza_str(s, "threshold"),
		    ec__stanza_str(s, "citation"));
		return;
	}
	say(warn, arg,
	    "red flag: %s is %.0f%% owned by blocked person(s) %s, below "
	    "OFAC's %s%% rule (%s); OFAC advises caution with such entities",
	    party, sum, who, ec__stanza_str(s, "threshold"),
	    ec__stanza_str(s, "citation"));
}

/* The Affiliates rule in force: savings clause and TGL conditions. */
static void affiliates_conditions(const ec__stanza *s, const char *date,
				  const char *party_country,
				  ec__own_result *res, ec__own_warn warn,
				  void *arg)
{
	const char *savings = ec__stanza_get(s, "savings_until");
	const char *tgl_to = ec__stanza_get(s, "tgl_valid_to");

	if (savings && strcmp(date, savings) <= 0) {
		res->review = 1;
		say(warn, arg, "%s: savings clause to %s: %s", s->id, savings,
		    ec__stanza_str(s, "savings_note"));
	}
	if (tgl_to && strcmp(date, tgl_to) <= 0 &&
	    !(party_country &&
	      ec__stanza_has(s, "tgl_not_in", party_country))) {
		res->review = 1;
		say(warn, arg,
		    "%s: %s (to %s): check whether it authorizes "
		    "the transaction",
		    s->id, ec__stanza_str(s, "tgl_note"), tgl_to);
	}
	if (strcmp(ec__stanza_str(s, "review"), "yes") == 0) {
		res->review = 1;
		say(warn, arg, "%s", ec__stanza_str(s, "review_note"));
	}
}

static void judge_affiliates(const ec__rules *r, const char *date,
			     const char *party, const char *party_country,
			     const ec__owner_hits *o, size_t n,
			     ec__own_result *res, ec__own_warn warn, void *arg)
{
	const ec__stanza *on = stanza_for(r, date, "owner_requirement");
	const ec__stanza *off = stanza_for(r, date, "suspended");
	const ec__stanza *s = on ? on : off;
	char names[512];
	const char *who;
	int unknown, possible;
	double sum = aggregate(o, n, EC__OWN_AFFILIATE, &unknown, &possible,
			       &who, names, sizeof(names));

	res->aff_share = sum;
	if (!who[0])
		return;
	if (!s) {
		say(warn, arg,
		    "red flag: %s is %s%.0f%% owned by listed party(ies) %s; "
		    "no "
		    "EAR ownership rule in force on %s extends their listing "
		    "to "
		    "it (the Affiliates rule, 90 FR 47201, applies from "
		    "2025-09-29): know your customer",
		    party, unknown ? "at least " : "", sum, who, date);
		return;
	}
	if (sum < strtod(ec__stanza_str(s, "threshold"), NULL) && !unknown) {
		say(warn, arg,
		    "red flag: %s is %.0f%% owned by listed party(ies) %s, "
		    "below the %s%% of the Affiliates rule (%s); %s",
		    party, sum, who, ec__stanza_str(s, "threshold"),
		    ec__stanza_str(s, "citation"),
		    ec__stanza_str(s, "red_flag"));
		return;
	}
	if (off) {
		say(warn, arg,
		    "%s owned %s%.0f%% by listed party(ies) %s: the Affiliates "
		    "rule (%s) is suspended %s to %s (%s), so it adds no "
		    "requirement on %s",
		    party, unknown ? "an unknown share, at least " : "", sum,
		    who, ec__stanza_str(off, "rule_citation"),
		    ec__stanza_str(off, "valid_from"),
		    ec__stanza_str(off, "valid_to"),
		    ec__stanza_str(off, "citation"), date);
		return;
	}
	if (unknown) {
		res->review = 1;
		say(warn, arg,
		    "%s: owner(s) %s are listed and a share is not given: the "
		    "Affiliates rule (%s) reaches entities %s%% or more owned "
		    "in aggregate",
		    party, who, ec__stanza_str(on, "citation"),
		    ec__stanza_str(on, "threshold"));
		if (sum < strtod(ec__stanza_str(on, "threshold"), NULL))
			return;
	}
	res->affiliates = on;
	res->review |= possible;
	affiliates_conditions(on, date, party_country, res, warn, arg);
}

void ec__ownership_judge(const ec__rules *r, const char *date,
			 const char *party, const char *party_country,
			 const ec__owner_hits *o, size_t n, ec__own_result *res,
			 ec__own_warn warn, void *arg)
{
	size_t i;

	memset(res, 0, sizeof(*res));
	judge_ofac(r, date, party, o, n, res, warn, arg);
	judge_affiliates(r, date, party, party_country, o, n, res, warn, arg);
	for (i = 0; i < n; i++)
		if ((o[i].kinds & EC__OWN_UVL) &&
		    !(o[i].kinds & (EC__OWN_AFFILIATE | EC__OWN_SDN)))
			say(warn, arg,
			    "owner %s is on the Unverified List; the ownership "
			    "rules do not extend the UVL to %s",
			    o[i].name, party);
}
