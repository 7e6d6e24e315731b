/*
 * freshness.c: the date each source is current as of, and what a decision
 * dated past it (or well before it) can and cannot know.  An official list
 * carries only its current entries: a snapshot cannot know what was listed
 * after its as-of date, nor (without the history `update` keeps) what was
 * removed before it.
 */
#include <stdio.h>
#include <string.h>

#include "freshness.h"
#include "snapshot.h"

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int ec__asof_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char full[11];

	if (n == 7 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2)) {
		snprintf(full, sizeof(full), "%s-01", s);
		return ec__valid_date(full);
	}
	return n == 10 && ec__valid_date(s);
}

/*
 * The date o gives for kind: one said by the builder (basis "given"), or
 * one a download gave (any other basis); a kind's own before every kind's.
 */
static const ec_as_of *find_as_of(const ec_build_opts *o, const char *kind,
				  int want_given)
{
	const ec_as_of *any = NULL;
	size_t i;

	for (i = 0; o && i < o->nas_of; i++) {
		const ec_as_of *a = &o->as_of[i];
		int given = !a->basis || strcmp(a->basis, "given") == 0;

		if (given != want_given)
			continue;
		if (a->kind && strcmp(a->kind, kind) == 0)
			return a;
		if (!a->kind && !any)
			any = a;
	}
	return any;
}

void ec__asof_choose(const ec_build_opts *o, const char *kind,
		     const char *publisher_date, const char *newest,
		     char as_of[11], const char **basis)
{
	const ec_as_of *given = find_as_of(o, kind, 1);
	const ec_as_of *fetched = find_as_of(o, kind, 0);
	char pub[11];

	/* The UN's dateGenerated is a timestamp: its day is the date. */
	snprintf(pub, sizeof(pub), "%s", publisher_date ? publisher_date : "");
	if (given) {
		snprintf(as_of, 11, "%s", given->date);
		*basis = "given";
	} else if (ec__valid_date(pub)) {
		memcpy(as_of, pub, 11);
		*basis = "publisher";
	} else if (fetched) {
		snprintf(as_of, 11, "%s", fetched->date);
		*basis = fetched->basis;
	} else if (newest && ec__valid_date(newest)) {
		snprintf(as_of, 11, "%s", newest);
		*basis = "estimated";
	} else {
		as_of[0] = '\0';
		*basis = "";
	}
}

/* Days since 1970-01-01 of a YYYY-MM-DD or YYYY-MM (its first day). */
static long days(const char *s)
{
	long y = 0, m = 1, d = 1, era, yoe, doy, doe;
	int k;

	for (k = 0; k < 4; k++)
		y = y * 10 + (s[k] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (s[7] == '-')
		d = (s[8] - '0') * 10 + (s[9] - '0');
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * The codes of the lists with the same as-of date and basis as list i,
 * each list once (lists before i with the same date were named already:
 * returns 0 then).
 */
static int group(const ec_snapshot_info *in, size_t i, ec__buf *codes)
{
	const ec_list_info *l = &in->lists[i];
	size_t k;

	for (k = 0; k < i; k++)
		if (strcmp(in->lists[k].as_of, l->as_of) == 0 &&
		    strcmp(in->lists[k].as_of_basis, l->as_of_basis) == 0)
			return 0;
	ec__buf_clear(codes);
	for (k = i; k < in->nlists; k++)
		if (strcmp(in->lists[k].as_of, l->as_of) == 0 &&
		    strcmp(in->lists[k].as_of_basis, l->as_of_basis) == 0 &&
		    ec__buf_printf(codes, "%s%s", codes->len ? ", " : "",
				   in->lists[k].code))
			return -1;
	return 1;
}

static int say(ec__buf *text, ec__warn_fn warn, void *ud)
{
	if (!text->ptr)
		return -1;
	warn(ud, text->ptr);
	return 0;
}

/* Warns of each group of lists that date outruns; 1 when any does. */
static int outrun(const ec_snapshot_info *in, const char *date, int max_age,
		  ec__warn_fn warn, void *ud)
{
	ec__buf codes = EC__BUF_INIT, text = EC__BUF_INIT;
	int review = 0, g = 0, plural;
	size_t i;

	for (i = 0; i < in->nlists && g >= 0; i++) {
		const ec_list_info *l = &in->lists[i];
		long late = *l->as_of ? days(date) - days(l->as_of) : -1;

		if (*l->as_of && late <= max_age)
			continue;
		if ((g = group(in, i, &codes)) <= 0)
			continue;
		review = 1;
		plural = strchr(codes.ptr, ',') != NULL;
		ec__buf_clear(&text);
		if (!*l->as_of)
			ec__buf_printf(&text,
				       "%s %s %s no \"as of\" date, so "
				       "this snapshot cannot tell whether they "
				       "are current on %s: the answer needs "
				       "review (rebuild them with --as-of, or "
				       "run `entitycheck update`)",
				       plural ? "lists" : "list", codes.ptr,
				       plural ? "have" : "has", date);
		else
			ec__buf_printf(&text,
				       "%s %s %s as of %s (%s), %ld days "
				       "before %s, more than the %d days "
				       "allowed: parties listed since are "
				       "unknown to this snapshot, so the "
				       "answer needs review (run `entitycheck "
				       "update` for current lists)",
				       plural ? "lists" : "list", codes.ptr,
				       plural ? "are" : "is", l->as_of,
				       l->as_of_basis, late, date, max_age);
		g = say(&text, warn, ud);
	}
	ec__buf_dispose(&codes);
	ec__buf_dispose(&text);
	return g < 0 ? -1 : review;
}

/*
 * Warns of each group of lists whose as-of date is well after date when
 * the snapshot cannot know the entries removed in between.
 */
static int too_early(const ec_snapshot_info *in, const char *date, int max_age,
		     ec__warn_fn warn, void *ud)
{
	ec__buf codes = EC__BUF_INIT, text = EC__BUF_INIT;
	size_t i;
	int g = 0;

	if (*in->history_since && strcmp(date, in->history_since) >= 0)
		return 0;
	for (i = 0; i < in->nlists && g >= 0; i++) {
		const ec_list_info *l = &in->lists[i];

		if (!*l->as_of || days(l->as_of) - days(date) <= max_age ||
		    (g = group(in, i, &codes)) <= 0)
			continue;
		ec__buf_clear(&text);
		ec__buf_printf(
			&text,
			"%s %s %s as of %s and carr%s only the entries "
			"current then: a party listed on %s but "
			"removed before %s is not in this snapshot",
			strchr(codes.ptr, ',') ? "lists" : "list", codes.ptr,
			strchr(codes.ptr, ',') ? "are" : "is", l->as_of,
			strchr(codes.ptr, ',') ? "y" : "ies", date,
			*in->history_since ? in->history_since : l->as_of);
		g = say(&text, warn, ud);
	}
	ec__buf_dispose(&codes);
	ec__buf_dispose(&text);
	return g < 0 ? -1 : 0;
}

int ec__freshness_judge(const ec_snapshot *snap, const char *date, int max_age,
			int *outdated, ec__warn_fn warn, void *ud)
{
	/* Not ec_snapshot_info_get(): a decision needs no file digest. */
	const ec_snapshot_info *in = &snap->info;
	int review = 0, rc;

	*outdated = 0;
	if (in->rules == 0) {
		warn(ud, "the snapshot has no license rules (it was built "
			 "with --no-rules): the answer needs review");
		review = 1;
	}
	if (max_age < 0)
		max_age = EC_DEFAULT_MAX_LIST_AGE;
	if ((rc = outrun(in, date, max_age, warn, ud)) < 0)
		return -1;
	*outdated = rc;
	review |= rc;
	if (too_early(in, date, max_age, warn, ud) < 0)
		return -1;
	return review;
}
