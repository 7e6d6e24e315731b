/*
 * fuzz_serve_query.c: the request parsers of `entitycheck serve`.  The
 * first byte picks one: 'c' a POST /check body (then decided on the
 * sample snapshot), 'm' a POST /match body (then answered), 's' a
 * POST /screen CSV body, 'j' a JSON Lines body (read row by row as the
 * server streams them).
 */
#include "fuzz.h"

#include "json.h"
#include "rows.h"
#include "serve.h"

static void check_error(const sq_error *e)
{
	FZ_CHECK(e->status >= 400 && e->status < 600, "status %d", e->status);
	FZ_CHECK(e->code && e->code[0], "no error code");
	FZ_CHECK(e->message[0], "no error message");
}

/* Each identifying fact is absent or a string within the text limit. */
static void check_facts(const ec_party_facts *f)
{
	const char *v[] = {f->date_of_birth, f->nationality, f->id_number,
			   f->id_type, f->type};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		FZ_CHECK(!v[i] || strlen(v[i]) <= 1024, "fact %zu too long", i);
}

static void fuzz_check(const char *body, size_t len)
{
	sq_check c;
	sq_error e;
	size_t i;

	if (sq_check_parse(&c, body, len, 1024, &e)) {
		check_error(&e);
		FZ_CHECK(e.status == 400 || e.status == 413, "status %d",
			 e.status);
	} else {
		ec_decision *d = NULL;
		ec_error err;
		int rc;

		FZ_CHECK(c.q.nparties >= 1 && c.q.nparties <= SQ_MAX_PARTIES,
			 "%zu parties", c.q.nparties);
		FZ_CHECK(c.q.party_facts == c.facts, "facts not mapped");
		for (i = 0; i < c.q.nparties; i++) {
			FZ_CHECK(c.parties[i].name && c.parties[i].name[0] &&
					 strlen(c.parties[i].name) <= 1024,
				 "party %zu has no name", i);
			check_facts(&c.facts[i]);
		}
		if (!c.q.date)
			c.q.date = "2021-01-10"; /* reproducible runs */
		rc = ec_check(&d, fz_sample(), &c.q, &err);
		FZ_CHECK(rc == 0 || rc == EC_EINVAL || rc == EC_ELIMIT,
			 "check: %d %s", rc, err.text);
		ec_decision_free(d);
	}
	sq_check_clear(&c);
}

static void fuzz_match(const char *body, size_t len)
{
	sm_params p = {5, 0.8, 0.7, NULL, NULL, NULL, NULL, NULL};
	sq_match m;
	sq_error e;
	size_t i;

	if (sq_match_parse(&m, body, len, 16, 1024, &e)) {
		check_error(&e);
	} else {
		FILE *f = fopen("/dev/null", "w");
		json j;

		FZ_CHECK(m.nqueries >= 1 && m.nqueries <= 16, "%zu queries",
			 m.nqueries);
		for (i = 0; i < m.nqueries; i++) {
			const sq_match_query *q = &m.queries[i];

			FZ_CHECK(q->nnames >= 1 && q->nnames <= SQ_MAX_NAMES,
				 "query %zu: %zu names", i, q->nnames);
			FZ_CHECK(q->nids <= SQ_MAX_IDS, "query %zu: %zu ids", i,
				 q->nids);
			/* The ID numbers are set search by search. */
			FZ_CHECK(!q->facts.id_number, "query %zu: id_number",
				 i);
			FZ_CHECK(!q->facts.date_of_birth ||
					 q->facts.date_of_birth[0],
				 "query %zu: an empty birth date", i);
			check_facts(&q->facts);
		}
		if (f) {
			json_init(&j, f, 0);
			if (sm_match_json(&j, fz_sample(), &m, &p, &e))
				check_error(&e);
			fclose(f);
		}
	}
	sq_match_clear(&m);
}

static void fuzz_rows(const char *body, size_t len, int format)
{
	FILE *in = fmemopen((void *)body, len, "rb");
	rowsrc *src = NULL;
	char err[256];
	row r;
	int n = 0;

	if (!in)
		return;
	if (rows_open(&src, in, format, err, sizeof(err)) == 0) {
		while (n++ < 1000 && rows_next(src, &r) == 1) {
			FZ_CHECK(r.line >= 1, "row line %ld", r.line);
			row_clear(&r);
		}
		rows_close(src);
	} else {
		FZ_CHECK(err[0], "rows_open failed without a message");
	}
	fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data + 1;

	if (size < 1 || size > 70000)
		return -1;
	switch (data[0]) {
	case 'c':
		fuzz_check(body, size - 1);
		break;
	case 'm':
		fuzz_match(body, size - 1);
		break;
	case 's':
		fuzz_rows(body, size - 1, ROWS_CSV);
		break;
	case 'j':
		fuzz_rows(body, size - 1, ROWS_JSONL);
		break;
	default:
		return -1;
	}
	return 0;
}
