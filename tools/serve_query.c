/*
 * serve_query.c: `serve`'s JSON request bodies (parsed by jansson) mapped
 * to the library's queries.  Strict: an unknown field, a wrong type or a
 * value out of range is a 400 naming the field, never a silent guess.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

int sq_fail(sq_error *e, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return -1;
}

json_t *sq_parse_object(const char *body, size_t len, sq_error *e)
{
	json_error_t je;
	json_t *root;

	/* Duplicate keys are refused: which one counts would be a guess. */
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		sq_fail(e, 400, "bad_json",
			"invalid JSON at line %d, column %d: "
			"%s",
			je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		sq_fail(e, 400, "bad_json", "the body must be a JSON object");
		return NULL;
	}
	return root;
}

const char **sq_fact_slot(ec_party_facts *f, const char *key)
{
	if (!strcmp(key, "dob"))
		return &f->date_of_birth;
	if (!strcmp(key, "nationality"))
		return &f->nationality;
	if (!strcmp(key, "id_number"))
		return &f->id_number;
	if (!strcmp(key, "id_type"))
		return &f->id_type;
	if (!strcmp(key, "type"))
		return &f->type;
	return NULL;
}

/* A string member (null: absent) no longer than max_text bytes. */
static int str_field(json_t *v, const char *where, const char *key,
		     size_t max_text, const char **out, sq_error *e)
{
	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return sq_fail(e, 400, "bad_field", "%s\"%s\" must be a string",
			       where, key);
	if (json_string_length(v) > max_text)
		return sq_fail(e, 400, "too_long",
			       "%s\"%s\" is longer than %zu bytes", where, key,
			       max_text);
	*out = json_string_value(v);
	return 0;
}

/* A member the object (at where: "parties[0].") does not have. */
static int unknown_field(const char *where, const char *key, sq_error *e)
{
	return sq_fail(e, 400, "unknown_field", "unknown field \"%s%.64s\"",
		       where, key);
}

/* The checks a party and an owner share: a name, a two-letter country. */
static int need_name(const char *name, const char *where, sq_error *e)
{
	if (!name || !*name)
		return sq_fail(e, 400, "bad_field", "%sname is required",
			       where);
	return 0;
}

static int check_country(const char *cc, const char *where, sq_error *e)
{
	if (cc && strlen(cc) != 2)
		return sq_fail(e, 400, "bad_value",
			       "%scountry takes an ISO 3166 two-letter code",
			       where);
	return 0;
}

/* One of a party's "owners": {"name", "share" (percent), "country"}. */
static int owner_from_json(sq_check *c, json_t *o, size_t pi, size_t k,
			   size_t max_text, sq_error *e)
{
	char where[64];
	const char *key;
	ec_owner *w;
	json_t *v;

	snprintf(where, sizeof(where), "parties[%zu].owners[%zu].", pi, k);
	if (!json_is_object(o))
		return sq_fail(e, 400, "bad_field", "%.50s must be an object",
			       where);
	if (c->q.nowners == SQ_MAX_OWNERS)
		return sq_fail(e, 400, "too_many", "at most %d owners",
			       SQ_MAX_OWNERS);
	w = &c->owners[c->q.nowners++];
	memset(w, 0, sizeof(*w));
	w->party = pi;
	w->share_pct = -1; /* unknown unless given */
	json_object_foreach(o, key, v)
	{
		if (!strcmp(key, "name") || !strcmp(key, "country")) {
			if (str_field(v, where, key, max_text,
				      key[0] == 'n' ? &w->name : &w->country,
				      e))
				return -1;
		} else if (!strcmp(key, "share")) {
			w->share_pct = json_number_value(v);
			if (!json_is_number(v) ||
			    !(w->share_pct >= 0 && w->share_pct <= 100))
				return sq_fail(e, 400, "bad_value",
					       "%sshare is a percentage 0-100",
					       where);
		} else {
			return unknown_field(where, key, e);
		}
	}
	if (need_name(w->name, where, e) || check_country(w->country, where, e))
		return -1;
	return 0;
}

static int owners_from_json(sq_check *c, json_t *arr, size_t pi,
			    size_t max_text, sq_error *e)
{
	size_t k;
	json_t *v;

	if (!json_is_array(arr))
		return sq_fail(e, 400, "bad_field",
			       "parties[%zu].owners must be an array", pi);
	json_array_foreach(arr, k, v)
	{
		if (owner_from_json(c, v, pi, k, max_text, e))
			return -1;
	}
	return 0;
}

static int party_from_json(sq_check *c, json_t *o, size_t i, ec_party *p,
			   size_t max_text, sq_error *e)
{
	char where[48];
	const char *key, *s, **fact;
	json_t *v;

	snprintf(where, sizeof(where), "parties[%zu].", i);
	if (!json_is_object(o))
		return sq_fail(e, 400, "bad_field",
			       "parties[%zu] must be an object", i);
	p->role = EC_ROLE_ULTIMATE_CONSIGNEE;
	json_object_foreach(o, key, v)
	{
		if (!strcmp(key, "name")) {
			if (str_field(v, where, key, max_text, &p->name, e))
				return -1;
		} else if (!strcmp(key, "role")) {
			if (str_field(v, where, key, max_text, &s, e))
				return -1;
			if (s && (p->role = ec_role_parse(s)) < 0)
				return sq_fail(e, 400, "bad_value",
					       "%srole: unknown role \"%.40s\" "
					       "(purchaser, intermediate_"
					       "consignee, ultimate_consignee, "
					       "end_user)",
					       where, s);
			if (!s)
				p->role = EC_ROLE_ULTIMATE_CONSIGNEE;
		} else if (!strcmp(key, "country")) {
			if (str_field(v, where, key, max_text, &p->country,
				      e) ||
			    check_country(p->country, where, e))
				return -1;
		} else if (!strcmp(key, "address")) {
			if (str_field(v, where, key, max_text, &p->address, e))
				return -1;
		} else if (!strcmp(key, "owners")) {
			if (owners_from_json(c, v, i, max_text, e))
				return -1;
		} else if ((fact = sq_fact_slot(&c->facts[i], key))) {
			/* Their values are the library's to judge, as for
			 * `check --dob ...`: ec_check() refuses a bad one. */
			if (str_field(v, where, key, max_text, fact, e))
				return -1;
		} else {
			return unknown_field(where, key, e);
		}
	}
	return need_name(p->name, where, e);
}

/* CSV-quotes s into f, as the register reader expects. */
static void csv_put(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\n" : "\",", f);
}

static const char *const license_cols[] = {
	"license_number", "holder",   "consignee", "items",
	"valid_from",	  "valid_to", "notes"};
#define NCOLS (sizeof(license_cols) / sizeof(license_cols[0]))

/* One inline license object as a register CSV line. */
static int license_line(FILE *f, json_t *o, size_t i, size_t max_text,
			sq_error *e)
{
	const char *vals[NCOLS] = {NULL}, *key;
	char where[48];
	json_t *v;
	size_t k;

	snprintf(where, sizeof(where), "licenses[%zu].", i);
	if (!json_is_object(o))
		return sq_fail(e, 400, "bad_field",
			       "licenses[%zu] must be an object", i);
	json_object_foreach(o, key, v)
	{
		for (k = 0; k < NCOLS; k++)
			if (!strcmp(key, license_cols[k]))
				break;
		if (k == NCOLS)
			return unknown_field(where, key, e);
		if (str_field(v, where, key, max_text, &vals[k], e))
			return -1;
	}
	for (k = 0; k < NCOLS; k++)
		csv_put(f, vals[k], k + 1 == NCOLS);
	return 0;
}

/* "licenses": [objects] becomes the CSV text of a register. */
static int licenses_inline(sq_check *c, json_t *arr, size_t max_text,
			   sq_error *e)
{
	FILE *f = open_memstream(&c->license_csv, &c->license_csv_len);
	size_t i, k;
	json_t *v;
	int rc = 0;

	if (!f)
		return sq_fail(e, 500, "no_memory", "out of memory");
	for (k = 0; k < NCOLS; k++)
		fprintf(f, "%s%s", license_cols[k], k + 1 < NCOLS ? "," : "\n");
	json_array_foreach(arr, i, v)
	{
		if ((rc = license_line(f, v, i, max_text, e)))
			break;
	}
	if (fclose(f) && !rc)
		rc = sq_fail(e, 500, "no_memory", "out of memory");
	return rc;
}

/* A list of known words ("activities", "facts") into c. */
static int word_list(sq_check *c, json_t *arr, const char *key, size_t max_text,
		     sq_error *e)
{
	int is_facts = !strcmp(key, "facts");
	unsigned flag;
	size_t i;
	json_t *v;
	const char *s;

	if (!json_is_array(arr))
		return sq_fail(e, 400, "bad_field",
			       "\"%s\" must be an array of strings", key);
	json_array_foreach(arr, i, v)
	{
		if (str_field(v, "", key, max_text, &s, e))
			return -1;
		if (!s)
			return sq_fail(e, 400, "bad_field",
				       "\"%s\" holds a null", key);
		if (!is_facts) {
			if (c->q.nactivities == SQ_MAX_ACTIVITIES)
				return sq_fail(e, 400, "too_many",
					       "at most %d activities",
					       SQ_MAX_ACTIVITIES);
			c->activities[c->q.nactivities++] = s;
			continue;
		}
		if (!(flag = ec_fact_parse(s)))
			return sq_fail(e, 400, "bad_value",
				       "unknown fact \"%.40s\" (designed_by_"
				       "party, food_medicine, advanced_node)",
				       s);
		c->q.facts |= flag;
	}
	return 0;
}

static int parties_from_json(sq_check *c, json_t *arr, size_t max_text,
			     sq_error *e)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return sq_fail(e, 400, "bad_field",
			       "\"parties\" must be a non-empty array");
	if (json_array_size(arr) > SQ_MAX_PARTIES)
		return sq_fail(e, 400, "too_many", "at most %d parties",
			       SQ_MAX_PARTIES);
	json_array_foreach(arr, i, v)
	{
		if (party_from_json(c, v, i, &c->parties[i], max_text, e))
			return -1;
	}
	c->q.owners = c->owners;
	c->q.parties = c->parties;
	c->q.party_facts = c->facts;
	c->q.nparties = json_array_size(arr);
	return 0;
}

/*
 * The one place a JSON check query becomes an ec_check_query: every field
 * of the query is mapped here (the parties in party_from_json), so that a
 * new field of the library's query is added in one place.
 */
static int check_from_json(sq_check *c, json_t *root, size_t max_text,
			   sq_error *e)
{
	static const struct {
		const char *name;
		size_t off;
	} strs[] = {{"supplier", offsetof(ec_check_query, supplier)},
		    {"item", offsetof(ec_check_query, item)},
		    {"date", offsetof(ec_check_query, date)},
		    {"contract_date", offsetof(ec_check_query, contract_date)},
		    {"device_date", offsetof(ec_check_query, device_date)}};
	const char *key, *s;
	int origin_set = 0;
	size_t k;
	json_t *v;

	json_object_foreach(root, key, v)
	{
		for (k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
			if (!strcmp(key, strs[k].name))
				break;
		if (k < sizeof(strs) / sizeof(strs[0])) {
			if (str_field(v, "", key, max_text,
				      (const char **)((char *)&c->q +
						      strs[k].off),
				      e))
				return -1;
		} else if (!strcmp(key, "parties")) {
			if (parties_from_json(c, v, max_text, e))
				return -1;
		} else if (!strcmp(key, "origin")) {
			if (str_field(v, "", key, max_text, &s, e))
				return -1;
			if (s && (c->q.origin = ec_origin_parse(s)) < 0)
				return sq_fail(e, 400, "bad_value",
					       "\"origin\" is us, foreign or "
					       "direct-product");
			origin_set = s != NULL;
		} else if (!strcmp(key, "us_content")) {
			double pct = json_number_value(v);

			if (!json_is_number(v) || !(pct >= 0 && pct <= 100))
				return sq_fail(e, 400, "bad_value",
					       "\"us_content\" is a percentage "
					       "0-100");
			c->q.us_content_pct = pct;
		} else if (!strcmp(key, "activities") ||
			   !strcmp(key, "facts")) {
			if (word_list(c, v, key, max_text, e))
				return -1;
		} else if (!strcmp(key, "licenses")) {
			if (json_is_array(v)) {
				if (licenses_inline(c, v, max_text, e))
					return -1;
			} else if (str_field(v, "", key, max_text,
					     &c->license_ref, e)) {
				return -1;
			}
		} else {
			return unknown_field("", key, e);
		}
	}
	if (!c->q.nparties)
		return sq_fail(e, 400, "bad_field", "\"parties\" is required");
	if (c->q.us_content_pct >= 0 && c->q.origin == EC_ORIGIN_US) {
		if (origin_set)
			return sq_fail(e, 400, "bad_value",
				       "\"us_content\" is for foreign-made "
				       "items (\"origin\": \"foreign\")");
		c->q.origin = EC_ORIGIN_FOREIGN;
	}
	c->q.activities = c->activities;
	return 0;
}

int sq_check_parse(sq_check *c, const char *body, size_t len, size_t max_text,
		   sq_error *e)
{
	ec_check_query init = EC_CHECK_QUERY_INIT;

	memset(c, 0, sizeof(*c));
	c->q = init;
	if (!(c->root = sq_parse_object(body, len, e)))
		return -1;
	return check_from_json(c, c->root, max_text, e);
}

void sq_check_clear(sq_check *c)
{
	json_decref(c->root);
	free(c->license_csv);
	c->root = NULL;
	c->license_csv = NULL;
}

/* ------------------------------------------------------------------ */
/* yente's match query                                                 */
/* ------------------------------------------------------------------ */

/* The schemas a query may name: the FollowTheMoney parties. */
static const char *const schemas[] = {
	"Thing",	"LegalEntity", "Person",
	"Organization", "Company",     "PublicBody",
	"Vessel",	"Airplane",    NULL};

/*
 * Properties read for matching, and others accepted but not scored.
 * birthDate, nationality and idNumber are the identifying facts
 * (doc/scoring.md); citizenship stays a country, as before.
 */
enum { P_NAME, P_PART, P_COUNTRY, P_ADDRESS, P_DOB, P_NAT, P_ID, P_IGNORED };
static const struct {
	const char *name;
	int use;
} props[] = {{"name", P_NAME},
	     {"alias", P_NAME},
	     {"previousName", P_NAME},
	     {"weakAlias", P_NAME},
	     {"firstName", P_PART},
	     {"middleName", P_PART},
	     {"fatherName", P_PART},
	     {"lastName", P_PART},
	     {"nationality", P_NAT},
	     {"country", P_COUNTRY},
	     {"jurisdiction", P_COUNTRY},
	     {"citizenship", P_COUNTRY},
	     {"address", P_ADDRESS},
	     {"birthDate", P_DOB},
	     {"birthPlace", P_IGNORED},
	     {"idNumber", P_ID},
	     {"passportNumber", P_IGNORED},
	     {"registrationNumber", P_IGNORED},
	     {"taxNumber", P_IGNORED},
	     {"incorporationDate", P_IGNORED},
	     {"leiCode", P_IGNORED},
	     {"imoNumber", P_IGNORED},
	     {"gender", P_IGNORED},
	     {"position", P_IGNORED},
	     {"email", P_IGNORED},
	     {"phone", P_IGNORED},
	     {"website", P_IGNORED},
	     {"notes", P_IGNORED},
	     {"topics", P_IGNORED}};

/*
 * A fact that takes one value: a second, different one makes it unknown
 * ("" until the query is read, then NULL), since which of the two to hold
 * against the entry would be a guess, and a wrong guess lowers the score.
 */
static const char ambiguous[] = "";

static void one_fact(const char **slot, const char *s)
{
	if (!*slot)
		*slot = s;
	else if (*slot != ambiguous && strcasecmp(*slot, s))
		*slot = ambiguous;
}

static int has_id(const sq_match_query *q, const char *s)
{
	size_t i;

	for (i = 0; i < q->nids; i++)
		if (!strcmp(q->ids[i], s))
			return 1;
	return 0;
}

/* The type a FollowTheMoney schema says, or NULL (either, or neither). */
static const char *schema_type(const char *schema)
{
	if (!strcmp(schema, "Person"))
		return "person";
	if (!strcmp(schema, "Organization") || !strcmp(schema, "Company") ||
	    !strcmp(schema, "PublicBody"))
		return "organization";
	return NULL; /* LegalEntity is either; Thing, Vessel, Airplane none */
}

/* Adds the values of one property (a string or an array of them). */
static int prop_values(sq_match_query *q, const char *key, int use, json_t *v,
		       size_t max_text, sq_error *e)
{
	json_t *one = v;
	size_t i = 0, n = json_is_array(v) ? json_array_size(v) : 1;
	const char *s;

	for (i = 0; i < n; i++) {
		if (json_is_array(v))
			one = json_array_get(v, i);
		if (str_field(one, "properties.", key, max_text, &s, e))
			return -1;
		if (!s || !*s)
			continue;
		if (use == P_NAME) {
			if (q->nnames == SQ_MAX_NAMES - 1)
				return sq_fail(e, 400, "too_many",
					       "query \"%.64s\": at most %d "
					       "names",
					       q->key, SQ_MAX_NAMES - 1);
			q->names[q->nnames++] = s;
		} else if (use == P_PART && i == 0) {
			size_t have = strlen(q->joined);

			snprintf(q->joined + have, sizeof(q->joined) - have,
				 "%s%s", have ? " " : "", s);
		} else if (use == P_COUNTRY && !q->country[0] &&
			   strlen(s) == 2 && isalpha((unsigned char)s[0]) &&
			   isalpha((unsigned char)s[1])) {
			q->country[0] = (char)toupper((unsigned char)s[0]);
			q->country[1] = (char)toupper((unsigned char)s[1]);
		} else if (use == P_ADDRESS && !q->address) {
			q->address = s;
		} else if (use == P_DOB || use == P_NAT) {
			one_fact(use == P_DOB ? &q->facts.date_of_birth
					      : &q->facts.nationality,
				 s);
		} else if (use == P_ID && !has_id(q, s)) {
			if (q->nids == SQ_MAX_IDS)
				return sq_fail(e, 400, "too_many",
					       "query \"%.64s\": at most %d "
					       "idNumber values",
					       q->key, SQ_MAX_IDS);
			q->ids[q->nids++] = s;
		}
	}
	return 0;
}

static int match_query_from_json(sq_match_query *q, json_t *ex, size_t max_text,
				 sq_error *e)
{
	json_t *v, *properties = NULL;
	const char *key;
	size_t k;

	if (!json_is_object(ex))
		return sq_fail(e, 400, "bad_field",
			       "query \"%.64s\" must be an object", q->key);
	json_object_foreach(ex, key, v)
	{
		if (!strcmp(key, "schema")) {
			if (str_field(v, "", key, max_text, &q->schema, e))
				return -1;
		} else if (!strcmp(key, "properties") && json_is_object(v)) {
			properties = v;
		} else if (!strcmp(key, "id") &&
			   (json_is_string(v) || json_is_null(v))) {
			continue;
		} else {
			return sq_fail(e, 400, "unknown_field",
				       "query \"%.64s\": unknown or mistyped "
				       "field \"%.64s\"",
				       q->key, key);
		}
	}
	for (k = 0; q->schema && schemas[k]; k++)
		if (!strcmp(q->schema, schemas[k]))
			break;
	if (!q->schema || !schemas[k])
		return sq_fail(e, 400, "bad_value",
			       "query \"%.64s\": \"schema\" must be one of "
			       "Thing, LegalEntity, Person, Organization, "
			       "Company, PublicBody, Vessel, Airplane",
			       q->key);
	if (!properties)
		return sq_fail(e, 400, "bad_field",
			       "query \"%.64s\" needs \"properties\"", q->key);
	json_object_foreach(properties, key, v)
	{
		for (k = 0; k < sizeof(props) / sizeof(props[0]); k++)
			if (!strcmp(key, props[k].name))
				break;
		if (k == sizeof(props) / sizeof(props[0]))
			return sq_fail(e, 400, "unknown_field",
				       "query \"%.64s\": unknown property "
				       "\"%.64s\"",
				       q->key, key);
		if (prop_values(q, key, props[k].use, v, max_text, e))
			return -1;
	}
	if (q->facts.date_of_birth == ambiguous)
		q->facts.date_of_birth = NULL;
	if (q->facts.nationality == ambiguous)
		q->facts.nationality = NULL;
	q->facts.type = schema_type(q->schema);
	if (q->joined[0])
		q->names[q->nnames++] = q->joined;
	if (!q->nnames)
		return sq_fail(e, 400, "bad_field",
			       "query \"%.64s\" has no name (name, alias or "
			       "firstName/lastName)",
			       q->key);
	q->example = ex;
	return 0;
}

int sq_match_parse(sq_match *m, const char *body, size_t len,
		   size_t max_queries, size_t max_text, sq_error *e)
{
	json_t *v, *queries = NULL;
	const char *key;
	size_t i = 0;

	memset(m, 0, sizeof(*m));
	if (!(m->root = sq_parse_object(body, len, e)))
		return -1;
	json_object_foreach(m->root, key, v)
	{
		if (!strcmp(key, "queries") && json_is_object(v))
			queries = v;
		else if ((strcmp(key, "weights") && strcmp(key, "config")) ||
			 !json_is_object(v))
			return sq_fail(e, 400, "unknown_field",
				       "unknown or mistyped field \"%.64s\"",
				       key);
	}
	if (!queries || json_object_size(queries) == 0)
		return sq_fail(e, 400, "bad_field", "No queries provided.");
	if (json_object_size(queries) > max_queries)
		return sq_fail(e, 413, "too_many_rows",
			       "Too many queries in one batch (limit: %zu)",
			       max_queries);
	m->queries = calloc(json_object_size(queries), sizeof(*m->queries));
	if (!m->queries)
		return sq_fail(e, 500, "no_memory", "out of memory");
	json_object_foreach(queries, key, v)
	{
		m->queries[i].key = key;
		if (match_query_from_json(&m->queries[i], v, max_text, e))
			return -1;
		m->nqueries = ++i;
	}
	return 0;
}

void sq_match_clear(sq_match *m)
{
	free(m->queries);
	json_decref(m->root);
	m->queries = NULL;
	m->root = NULL;
}
