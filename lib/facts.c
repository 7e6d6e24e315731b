/*
 * facts.c: identifying facts as evidence beside the name: dates of birth,
 * nationalities, ID numbers and party type (doc/scoring.md).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "country.h"
#include "facts.h"

/* Reads n digits at s into *v; returns 1 when they are all digits. */
static int digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD"; returns 0 when malformed. */
static int parse_date(const char *s, size_t len, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	if ((len != 4 && len != 7 && len != 10) || !digits(s, 4, y) || *y < 1)
		return 0;
	if (len >= 7 &&
	    (s[4] != '-' || !digits(s + 5, 2, m) || *m < 1 || *m > 12))
		return 0;
	if (len == 10 &&
	    (s[7] != '-' || !digits(s + 8, 2, d) || *d < 1 || *d > 31))
		return 0;
	return 1;
}

static int parse_type(const char *s)
{
	static const char *const person[] = {"person", "individual"};
	static const char *const org[] = {"organization", "organisation",
					  "entity", "company"};
	size_t i;

	for (i = 0; i < EC__ARRAY_LEN(person); i++)
		if (strcasecmp(s, person[i]) == 0)
			return 1;
	for (i = 0; i < EC__ARRAY_LEN(org); i++)
		if (strcasecmp(s, org[i]) == 0)
			return 2;
	return 0;
}

/* Upper-case letters and digits of s[0..n); 0 when it does not fit. */
static size_t id_key(const char *s, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) || c >= 0x80)
			continue;
		if (o + 1 >= size)
			return 0;
		out[o++] = (char)toupper(c);
	}
	out[o] = '\0';
	return o;
}

int ec__qfacts_parse(ec__qfacts *f, const ec_party_facts *in, ec_error *err)
{
	memset(f, 0, sizeof(*f));
	if (in->date_of_birth && *in->date_of_birth &&
	    !parse_date(in->date_of_birth, strlen(in->date_of_birth), &f->year,
			&f->month, &f->day))
		return ec__fail(err, EC_EINVAL,
				"date of birth \"%.32s\" is not YYYY, YYYY-MM "
				"or YYYY-MM-DD",
				in->date_of_birth);
	if (in->nationality && *in->nationality) {
		const char *cc = ec__nationality_code(in->nationality,
						      strlen(in->nationality));

		if (!cc)
			return ec__fail(err, EC_EINVAL,
					"nationality \"%.48s\" is neither an "
					"ISO 3166 code nor a country name",
					in->nationality);
		memcpy(f->nat, cc, 3);
	}
	if (in->id_number && *in->id_number) {
		if (!id_key(in->id_number, strlen(in->id_number), f->id,
			    sizeof(f->id)) ||
		    !strpbrk(f->id, "0123456789"))
			return ec__fail(err, EC_EINVAL,
					"ID number \"%.48s\" has no digits or "
					"is longer than 63 characters",
					in->id_number);
		if (in->id_type)
			snprintf(f->id_type, sizeof(f->id_type), "%s",
				 in->id_type);
	}
	if (in->type && *in->type && !(f->type = parse_type(in->type)))
		return ec__fail(err, EC_EINVAL,
				"type \"%.32s\" is neither person nor "
				"organization",
				in->type);
	/* Only a person has a date of birth. */
	if (!f->type && f->year)
		f->type = 1;
	f->any = f->year || f->nat[0] || f->id[0] || f->type;
	return 0;
}

double ec__qfacts_max_bonus(const ec__qfacts *f)
{
	return (f->year ? EC__DOB_BONUS : 0) + (f->nat[0] ? EC__NAT_BONUS : 0);
}

/* Length of the "; "-separated item at s, and where the next starts. */
static size_t item(const char *s, const char **next)
{
	const char *e = strstr(s, "; ");

	*next = e ? e + 2 : s + strlen(s);
	return e ? (size_t)(e - s) : strlen(s);
}

int ec__facts_id_listed(const ec__qfacts *f, const char *ids)
{
	const char *s = ids, *next;

	if (!f->id[0])
		return 0;
	/* Items read "CC, NUMBER, Type" or "NUMBER, Type": each field but
	 * the last (the type) may be the number. */
	for (; *s; s = next) {
		size_t n = item(s, &next), k = 0;

		while (k < n) {
			const char *c = memchr(s + k, ',', n - k);
			size_t fl = c ? (size_t)(c - (s + k)) : n - k;
			char key[64];

			if (!c)
				break; /* the type */
			/* Issue and expiry dates stand beside the number. */
			while (fl && s[k] == ' ') {
				k++;
				fl--;
			}
			if (fl == 10 && s[k + 4] == '-' && s[k + 7] == '-') {
				k += fl + 1;
				continue;
			}
			if (id_key(s + k, fl, key, sizeof(key)) &&
			    strcmp(key, f->id) == 0)
				return 1;
			k += fl + 1;
		}
	}
	return 0;
}

/* A listed date of birth: exact (full date or year), circa or a range. */
struct ldob {
	int y, m, d, y2, exact;
};

static int parse_ldob(const char *s, size_t n, struct ldob *l)
{
	memset(l, 0, sizeof(*l));
	if (n > 6 && strncmp(s, "circa ", 6) == 0 && n == 10 &&
	    digits(s + 6, 4, &l->y)) {
		l->y2 = l->y + EC__DOB_CIRCA_YEARS;
		l->y -= EC__DOB_CIRCA_YEARS;
		return 1;
	}
	if (n == 12 && strncmp(s + 4, " to ", 4) == 0 && digits(s, 4, &l->y) &&
	    digits(s + 8, 4, &l->y2))
		return 1;
	if (!parse_date(s, n, &l->y, &l->m, &l->d))
		return 0;
	l->y2 = l->y;
	l->exact = 1;
	return 1;
}

/* 1: agrees; 0: contradicts.  *full: both give the same full date. */
static int dob_agrees(const ec__qfacts *f, const struct ldob *l, int *full)
{
	*full = 0;
	if (f->year < l->y || f->year > l->y2)
		return 0;
	if (!l->exact)
		return 1;
	if (f->month && l->m && f->month != l->m)
		return 0;
	if (f->day && l->d && f->day != l->d)
		return 0;
	*full = f->day && l->d;
	return 1;
}

/*
 * The date of birth against the listed ones: returns the contribution
 * and sets *certain when every listed date is exact and contradicted.
 */
static double weigh_dob(const ec__qfacts *f, const char *dobs, char *note,
			size_t size, int *certain)
{
	const char *s = dobs, *next;
	int nlisted = 0, all_exact = 1, agree = 0, full = 0;

	*certain = 0;
	for (; *s; s = next) {
		size_t n = item(s, &next);
		struct ldob l;
		int fl;

		if (!parse_ldob(s, n, &l))
			continue;
		nlisted++;
		all_exact &= l.exact;
		if (dob_agrees(f, &l, &fl)) {
			agree = 1;
			full |= fl;
		}
	}
	if (!nlisted)
		return 0;
	if (agree) {
		snprintf(note, size, "date of birth agrees with the listed %s",
			 dobs);
		return full ? EC__DOB_BONUS : EC__DOB_YEAR_BONUS;
	}
	*certain = all_exact;
	snprintf(note, size, "date of birth differs from every listed one (%s)",
		 dobs);
	return -EC__DOB_PENALTY;
}

/* Is cc among the "; "-separated codes of list? */
static int code_in(const char *list, const char *cc)
{
	const char *s = list, *next;

	for (; *s; s = next) {
		size_t n = item(s, &next);

		if (n == 2 && toupper((unsigned char)s[0]) == cc[0] &&
		    toupper((unsigned char)s[1]) == cc[1])
			return 1;
	}
	return 0;
}

static double weigh_nat(const ec__qfacts *f, const ec__ix_entry_view *e,
			char *note, size_t size)
{
	if (!*e->nationalities && !*e->citizenships) {
		/* Where the list gives no nationality, the countries of the
		 * person's addresses are the nearest thing to one. */
		if (!*e->country)
			return 0;
		if (code_in(e->country, f->nat)) {
			snprintf(note, size,
				 "nationality %s is the country of "
				 "a listed address",
				 f->nat);
			return EC__NAT_ADDR_BONUS;
		}
		snprintf(note, size,
			 "nationality %s; the entry gives none, and "
			 "its addresses are in %s",
			 f->nat, e->country);
		return -EC__NAT_ADDR_PENALTY;
	}
	if (code_in(e->nationalities, f->nat) ||
	    code_in(e->citizenships, f->nat)) {
		snprintf(note, size, "nationality %s is listed", f->nat);
		return EC__NAT_BONUS;
	}
	snprintf(note, size, "nationality %s is not among the listed %s%s%s",
		 f->nat, e->nationalities,
		 *e->nationalities && *e->citizenships ? "; " : "",
		 e->citizenships);
	return -EC__NAT_PENALTY;
}

/* The listed type: 1 person, 2 organization, vessel or aircraft, 0. */
static int listed_type(const char *type)
{
	if (strcmp(type, "Individual") == 0)
		return 1;
	return *type ? 2 : 0;
}

/* Appends a fact line; returns the new score. */
static double add_fact(ec__fact *out, size_t *n, const char *fact,
		       double before, double after)
{
	if (after > 1.0)
		after = before > 1.0 ? before : 1.0;
	out[*n].fact = fact;
	out[*n].contribution = after - before;
	(*n)++;
	return after;
}

/*
 * A contradiction lowers the score; one that is not certain never takes a
 * score at or above the review floor below it.
 */
static double lower(double score, double pen, int certain)
{
	double s = score + pen;

	if (certain)
		return s < EC__CAP_BELOW_REVIEW ? s : EC__CAP_BELOW_REVIEW;
	if (score >= EC__REVIEW_FLOOR && s < EC__REVIEW_FLOOR)
		s = EC__REVIEW_FLOOR;
	return s < 0 ? 0 : s;
}

/*
 * A partial name (ec__score_partial()) of a person whose date of birth the
 * query gives and no listed one confirms: such a name alone is held below
 * the match threshold, never below review.
 */
static double hold_unconfirmed(double score, int dob_agrees, ec__fact *out,
			       size_t *n)
{
	if (score <= EC__CAP_BELOW_MATCH)
		return score;
	snprintf(out[*n].note, sizeof(out[*n].note),
		 "a name of at most %d words, not the same on both sides, "
		 "%s",
		 EC__UNCONFIRMED_WORDS,
		 dob_agrees ? "and another fact contradicts the entry"
			    : "and no listed date of birth agrees");
	return add_fact(out, n, "evidence", score, EC__CAP_BELOW_MATCH);
}

double ec__facts_weigh(const ec__qfacts *f, const ec__ix_entry_view *e,
		       unsigned name, double score, ec__fact *out, size_t *n)
{
	int lt = listed_type(e->type), certain = 0, out_of_review = 0;
	int person = (name & EC__NAME_PERSON) != 0, dob_agrees = 0;
	int contradicted = 0;
	double c;

	*n = 0;
	/* An entry the list does not type is read by its name. */
	if (!lt && (name & EC__NAME_ORG))
		lt = 2;
	if (f->type && lt && f->type != lt) {
		snprintf(out[*n].note, sizeof(out[*n].note),
			 "the query is %s, the entry %s%s",
			 f->type == 1 ? "a person" : "an organization",
			 lt == 1 ? "a person" : "not a person",
			 *e->type ? ""
				  : " (by its name; the list gives no type)");
		/* A person and an organization share a name by chance: the
		 * name alone no longer makes a certain match. */
		c = lower(score, -EC__TYPE_PENALTY, 0);
		score = add_fact(out, n, "type", score,
				 c > EC__CAP_BELOW_MATCH ? EC__CAP_BELOW_MATCH
							 : c);
		contradicted = 1;
	}
	if (person && f->year &&
	    (c = weigh_dob(f, e->dates_of_birth, out[*n].note,
			   sizeof(out[*n].note), &certain)) != 0) {
		score = add_fact(out, n, "date_of_birth", score,
				 c > 0 ? score + c : lower(score, c, certain));
		out_of_review = c < 0 && certain;
		dob_agrees = c > 0;
		contradicted |= c < 0;
	}
	/* After a certain contradiction no bonus brings a hit back. */
	if (person && f->nat[0] && !out_of_review &&
	    (c = weigh_nat(f, e, out[*n].note, sizeof(out[*n].note))) != 0) {
		score = add_fact(out, n, "nationality", score,
				 c > 0 ? score + c : lower(score, c, 0));
		contradicted |= c < 0;
	}
	/* A nationality is shared by a whole people: only a date of birth
	 * confirms who a partial name is. */
	if (person && (name & EC__NAME_PARTIAL) && f->year &&
	    (!dob_agrees || contradicted))
		score = hold_unconfirmed(score, dob_agrees, out, n);
	if (ec__facts_id_listed(f, e->ids)) {
		double s = score + EC__ID_BONUS;

		if (s < EC_DEFAULT_THRESHOLD)
			s = EC_DEFAULT_THRESHOLD;
		snprintf(out[*n].note, sizeof(out[*n].note),
			 "%s%sID number %s is listed for the entry", f->id_type,
			 f->id_type[0] ? " " : "", f->id);
		score = add_fact(out, n, "id_number", score, s);
	}
	return score;
}
