/*
 * test_wholelist.c: every Entity List, Denied Persons and SDN row of the
 * full 2022 CSL, decided one by one: the EL entry fires with the policy its
 * own text states (and not before it takes effect), every DPL row is
 * PROHIBITED while its order runs, every SDN row sets ofac_blocked.
 */
#include <ctype.h>

#include "helpers.h"

static ec_decision *decide(const char *name, const char *date)
{
	ec_check_query q = EC_CHECK_QUERY_INIT;

	q.item = "EAR99";
	return th_decide_party(th_csl, q, name, date);
}

static const ec_rule_fired *entry_rule(const ec_decision *d, const char *id,
				       const char *rule)
{
	size_t i;

	for (i = 0; i < d->nrules; i++)
		if (!strcmp(d->rules[i].entry_id, id) &&
		    !strcmp(d->rules[i].id, rule))
			return &d->rules[i];
	return NULL;
}

/*
 * An oracle independent of the engine: the policy words the entry's own
 * text uses.  The engine's policy must be one of them.
 */
static int text_has_policy(const char *text, int policy)
{
	char low[4096];
	size_t i, o = 0;

	for (i = 0; text[i] && o + 1 < sizeof(low); i++) {
		char ch = (char)tolower((unsigned char)text[i]);

		if (ch == ' ' && o && low[o - 1] == ' ')
			continue;
		low[o++] = ch;
	}
	low[o] = '\0';
	switch (policy) {
	case EC_POLICY_PRESUMPTION_DENIAL:
		return strstr(low, "presumption of denial") != NULL;
	case EC_POLICY_DENIAL:
		return strstr(low, "policy of denial") != NULL;
	case EC_POLICY_CASE_BY_CASE:
		return strstr(low, "case-by-case") ||
		       strstr(low, "case by case") ||
		       strstr(low, "casa-by-case");
	case EC_POLICY_APPROVAL:
		return strstr(low, "presumption of approval") != NULL;
	case EC_POLICY_SEE_REGULATION:
		return strstr(low, "see") != NULL;
	}
	return 0;
}

static void day_before(const char *date, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y = (int)strtol(date, NULL, 10);
	int m = (int)strtol(date + 5, NULL, 10);
	int d = (int)strtol(date + 8, NULL, 10) - 1;

	if (d == 0) {
		if (--m == 0) {
			m = 12;
			y--;
		}
		d = mdays[m - 1] +
		    (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Calls check on every row of list in the CSL; returns how many. */
static long each_row(const char *list,
		     void (*check)(const ec_entry *e, void *ctx), void *ctx)
{
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;
	long rows = 0;

	assert_int_equal(ec_entry_iter_new(&it, th_csl, &err), 0);
	while (ec_entry_iter_next(it, &e, &err) == 0) {
		if (strcmp(e->list, list) != 0)
			continue;
		rows++;
		check(e, ctx);
	}
	ec_entry_iter_free(it);
	return rows;
}

struct el_counts {
	long required, review, not_ear99, before;
};

static void check_entity_list(const ec_entry *e, void *ctx)
{
	struct el_counts *n = ctx;
	ec_decision *d;
	const ec_rule_fired *r;
	char eff[16] = "", prev[11];
	size_t i;

	d = decide(e->name, "2022-05-01");
	r = entry_rule(d, e->entry_id, "list:EL");
	if (!r)
		fail_msg("EL %s \"%s\": no rule fired", e->entry_id, e->name);
	for (i = 0; i < d->nmatches; i++)
		if (!strcmp(d->matches[i].entry_id, e->entry_id))
			snprintf(eff, sizeof(eff), "%s",
				 d->matches[i].effective);
	if (r->status == EC_STATUS_LICENSE_REQUIRED) {
		n->required++;
		if (r->policy == EC_POLICY_NONE)
			assert_true(d->needs_review);
		else if (!text_has_policy(e->license_policy, r->policy))
			fail_msg("EL %s: policy %s, text \"%s\"", e->entry_id,
				 ec_policy_name(r->policy), e->license_policy);
	} else {
		/* Only a scope that leaves EAR99 out says so. */
		if (r->status != EC_STATUS_NLR)
			fail_msg("EL %s: status %s", e->entry_id,
				 ec_status_name(r->status));
		n->not_ear99++;
	}
	n->review += d->needs_review;
	assert_true(d->status >= r->status);
	ec_decision_free(d);
	/* The day before it took effect, the entry does not fire. */
	if (*eff) {
		day_before(eff, prev);
		d = decide(e->name, prev);
		if (entry_rule(d, e->entry_id, "list:EL"))
			fail_msg("EL %s fired on %s, before %s", e->entry_id,
				 prev, eff);
		n->before++;
		ec_decision_free(d);
	}
}

static void test_entity_list(void **state)
{
	struct el_counts n = {0, 0, 0, 0};
	long rows;

	(void)state;
	rows = each_row("EL", check_entity_list, &n);
	printf("EL rows %ld: license required for EAR99 %ld, scope leaves "
	       "EAR99 out %ld, needs review %ld; checked the day before "
	       "%ld\n",
	       rows, n.required, n.not_ear99, n.review, n.before);
	assert_int_equal(rows, 2001);
	assert_int_equal(n.required + n.not_ear99, rows);
	assert_true(n.before > 1800);
}

static void check_denied_person(const ec_entry *e, void *ctx)
{
	ec_decision *d = decide(e->name, e->start_date[0] ? e->start_date
							  : "2022-05-01");
	const ec_rule_fired *r = entry_rule(d, e->entry_id, "list:DPL");

	(void)ctx;
	if (!r || r->status != EC_STATUS_PROHIBITED ||
	    d->status != EC_STATUS_PROHIBITED)
		fail_msg("DPL %s \"%s\": not prohibited", e->entry_id, e->name);
	ec_decision_free(d);
}

/* Checks every row of list, of which there must be want. */
static void check_all(const char *list, void (*check)(const ec_entry *, void *),
		      long want, const char *what)
{
	long rows = each_row(list, check, NULL);

	printf("%s rows %ld: %s\n", list, rows, what);
	assert_int_equal(rows, want);
}

static void test_denied_persons(void **state)
{
	(void)state;
	check_all("DPL", check_denied_person, 462,
		  "all PROHIBITED during their orders");
}

static void check_sdn(const ec_entry *e, void *ctx)
{
	ec_decision *d = decide(e->name, "2022-05-01");

	(void)ctx;
	if (!d->ofac_blocked || !entry_rule(d, e->entry_id, "list:SDN"))
		fail_msg("SDN %s \"%s\": not ofac_blocked", e->entry_id,
			 e->name);
	ec_decision_free(d);
}

static void test_sdn(void **state)
{
	(void)state;
	check_all("SDN", check_sdn, 10026, "all ofac_blocked");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entity_list),
		cmocka_unit_test(test_denied_persons),
		cmocka_unit_test(test_sdn),
	};

	return cmocka_run_group_tests(tests, th_csl2022_setup,
				      th_shared_teardown);
}
