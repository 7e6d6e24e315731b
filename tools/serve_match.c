/*
 * serve_match.c: the yente-compatible POST /match/{dataset}: each query's
 * names screened with ec_search(), answered in yente's response shape
 * (responses -> results with id, caption, schema, properties, score,
 * match, features, datasets), so that a client of yente can point here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "serve.h"

const char *sm_schema_for(const char *type)
{
	if (!strcmp(type, "Individual"))
		return "Person";
	if (!strcmp(type, "Entity"))
		return "Organization";
	if (!strcmp(type, "Vessel"))
		return "Vessel";
	if (!strcmp(type, "Aircraft"))
		return "Airplane";
	return "LegalEntity"; /* the lists that do not say */
}

/* Whether a result of schema r may answer a query of schema q. */
static int schema_compatible(const char *q, const char *r)
{
	static const char *const parties[] = {"LegalEntity",  "Person",
					      "Organization", "Company",
					      "PublicBody",   NULL};
	size_t i;
	int q_party = 0, r_party = 0;

	if (!strcmp(q, r) || !strcmp(q, "Thing") || !strcmp(r, "LegalEntity"))
		return 1;
	for (i = 0; parties[i]; i++) {
		q_party |= !strcmp(q, parties[i]);
		r_party |= !strcmp(r, parties[i]);
	}
	if (!strcmp(q, "LegalEntity"))
		return r_party;
	/* A company is an organization; a person is neither. */
	return q_party && r_party && strcmp(q, "Person") && strcmp(r, "Person");
}

struct cand {
	const ec_match *m;
	const char *schema;
};

static int by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c;

	if (x->m->score != y->m->score)
		return x->m->score < y->m->score ? 1 : -1;
	c = strcmp(x->m->list, y->m->list);
	return c ? c : strcmp(x->m->entry_id, y->m->entry_id);
}

/* "; "-separated values as a JSON array; lower case for country codes. */
static void values(json *j, const char *key, const char *s, int lower)
{
	char buf[512];

	if (!s || !*s)
		return;
	json_arr_open(j, key);
	while (*s) {
		const char *end = strstr(s, "; ");
		size_t n = end ? (size_t)(end - s) : strlen(s), k;

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		for (k = 0; lower && k < n; k++)
			buf[k] = (char)tolower((unsigned char)buf[k]);
		if (n)
			json_str(j, NULL, buf);
		s = end ? end + 2 : s + strlen(s);
	}
	json_arr_close(j);
}

static void properties(json *j, const ec_snapshot *snap, const ec_match *m)
{
	ec_entry *e = NULL;

	json_obj_open(j, "properties");
	json_arr_open(j, "name");
	json_str(j, NULL, m->name);
	json_arr_close(j);
	if (ec_entry_lookup(&e, snap, m->list, m->entry_id, NULL) == 0) {
		if (e->naliases)
			json_str_array(j, "alias", e->aliases, e->naliases);
		values(j, "country", e->country, 1);
		if (e->naddresses)
			json_str_array(j, "address", e->addresses,
				       e->naddresses);
		values(j, "birthDate", e->dates_of_birth, 0);
		values(j, "nationality", e->nationalities, 1);
		values(j, "program", e->programs, 0);
		values(j, "sourceUrl", e->source_list_url, 0);
	}
	ec_entry_free(e);
	json_obj_close(j);
}

/*
 * The identifying facts' lines of an explanation (doc/scoring.md), each
 * a feature of its own; the features add up to the score.
 */
static const char *const fact_features[] = {
	"type", "date_of_birth", "nationality", "id_number", "evidence"};
#define NFACT_FEATURES (sizeof(fact_features) / sizeof(fact_features[0]))

static void features(json *j, const ec_explanation *x)
{
	double sum[NFACT_FEATURES] = {0};
	size_t k, f;

	for (k = 0; k < x->nfacts; k++)
		for (f = 0; f < NFACT_FEATURES; f++)
			if (!strcmp(x->facts[k].fact, fact_features[f]))
				sum[f] += x->facts[k].contribution;
	json_obj_open(j, "features");
	json_num(j, "name_score", x->name_score);
	json_num(j, "country_adjust", x->country_adjust);
	for (f = 0; f < NFACT_FEATURES; f++)
		json_num(j, fact_features[f], sum[f]);
	json_obj_close(j);
}

static void result_json(json *j, const ec_snapshot *snap, const struct cand *c,
			double threshold)
{
	const ec_match *m = c->m;

	json_obj_open(j, NULL);
	json_str(j, "id", m->entry_id);
	json_str(j, "caption", m->name);
	json_str(j, "schema", c->schema);
	properties(j, snap, m);
	json_arr_open(j, "datasets");
	json_str(j, NULL, m->list);
	json_arr_close(j);
	json_arr_open(j, "referents");
	json_arr_close(j);
	json_bool(j, "target", 1);
	json_null(j, "first_seen");
	json_null(j, "last_seen");
	json_null(j, "last_change");
	json_num(j, "score", m->score);
	features(j, &m->explanation);
	json_bool(j, "match", m->score >= threshold);
	json_obj_close(j);
}

/* The query as yente echoes it: every property as an array. */
static void query_echo(json *j, const sq_match_query *q)
{
	json_t *props = json_object_get(q->example, "properties"), *v, *one;
	json_t *id = json_object_get(q->example, "id");
	const char *key;
	size_t i;

	json_obj_open(j, "query");
	if (json_is_string(id))
		json_str(j, "id", json_string_value(id));
	json_str(j, "schema", q->schema);
	json_obj_open(j, "properties");
	json_object_foreach(props, key, v)
	{
		json_arr_open(j, key);
		if (json_is_string(v))
			json_str(j, NULL, json_string_value(v));
		json_array_foreach(v, i, one) if (json_is_string(one))
			json_str(j, NULL, json_string_value(one));
		json_arr_close(j);
	}
	json_obj_close(j);
	json_obj_close(j);
}

/* Whether candidate c passes the request's filters. */
static int wanted(const struct cand *c, const sq_match_query *q,
		  const sm_params *p)
{
	if (!schema_compatible(q->schema, c->schema))
		return 0;
	if (p->exclude && !strcasecmp(p->exclude, c->m->list))
		return 0;
	if (p->exclude_schema && !strcmp(p->exclude_schema, c->schema))
		return 0;
	return !p->exclude_id || strcmp(p->exclude_id, c->m->entry_id);
}

/* The entries found for one query, each once, with its best score. */
struct cands {
	struct cand *c;
	size_t n, cap;
};

/* Adds the results r of one search of q to cs. */
static int merge(struct cands *cs, const ec_matches *r, const sq_match_query *q,
		 const sm_params *p, sq_error *e)
{
	size_t k, t;

	for (k = 0; k < ec_matches_count(r); k++) {
		struct cand x = {ec_matches_get(r, k), NULL};

		x.schema = sm_schema_for(x.m->type);
		for (t = 0; t < cs->n; t++)
			if (!strcmp(cs->c[t].m->entry_id, x.m->entry_id) &&
			    !strcmp(cs->c[t].m->list, x.m->list))
				break;
		if (t < cs->n) {
			if (x.m->score > cs->c[t].m->score)
				cs->c[t] = x;
			continue;
		}
		if (!wanted(&x, q, p))
			continue;
		if (cs->n == cs->cap) {
			size_t cap = cs->cap * 2 + 16;
			struct cand *b = realloc(cs->c, cap * sizeof(*b));

			if (!b)
				return sq_fail(e, 500, "no_memory",
					       "out of memory");
			cs->c = b;
			cs->cap = cap;
		}
		cs->c[cs->n++] = x;
	}
	return 0;
}

/* The response for q: its best results, the total, the query echoed. */
static void response_json(json *j, const ec_snapshot *snap,
			  const sq_match_query *q, const sm_params *p,
			  struct cands *cs)
{
	size_t t;

	if (cs->n) /* qsort(NULL, 0) is undefined */
		qsort(cs->c, cs->n, sizeof(*cs->c), by_score);
	json_obj_open(j, q->key);
	json_int(j, "status", 200);
	json_arr_open(j, "results");
	for (t = 0; t < cs->n && t < p->limit; t++)
		result_json(j, snap, &cs->c[t], p->threshold);
	json_arr_close(j);
	json_obj_open(j, "total");
	json_int(j, "value", (long long)cs->n);
	json_str(j, "relation", "eq");
	json_obj_close(j);
	query_echo(j, q);
	json_obj_close(j);
}

/*
 * Screens every name of q, once with each of its ID numbers (an ID finds
 * the entries that list it whatever their names), keeps each entry once
 * with its best score, then writes the response for q.
 */
static int match_one(json *j, const ec_snapshot *snap, const sq_match_query *q,
		     const sm_params *p, sq_error *e)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_matches *res[SQ_MAX_NAMES * SQ_MAX_IDS] = {NULL};
	struct cands cs = {NULL, 0, 0};
	size_t nids = q->nids ? q->nids : 1, i, k, n = 0;
	ec_error err;
	int rc = 0;

	o.min_score = p->cutoff;
	o.limit = p->limit + 50; /* room for the filters of merge() */
	o.country = q->country[0] ? q->country : NULL;
	o.address = q->address;
	o.list = p->include ? p->include : p->list;
	o.facts = q->facts;
	for (i = 0; i < q->nnames && !rc; i++)
		for (k = 0; k < nids && !rc; k++, n++) {
			o.facts.id_number = q->nids ? q->ids[k] : NULL;
			if (ec_search(&res[n], snap, q->names[i], &o, &err))
				rc = sq_fail(
					e,
					err.code == EC_EINVAL ||
							err.code == EC_ELIMIT
						? 400
						: 500,
					err.code == EC_EINVAL ? "bad_value"
							      : "search_failed",
					"query \"%.64s\": %s", q->key,
					err.text);
			else
				rc = merge(&cs, res[n], q, p, e);
		}
	if (!rc)
		response_json(j, snap, q, p, &cs);
	free(cs.c);
	for (i = 0; i < n; i++)
		ec_matches_free(res[i]);
	return rc;
}

static void feature_doc(json *j, const char *name, const char *text)
{
	json_obj_open(j, name);
	json_str(j, "description", text);
	json_num(j, "coefficient", 1.0);
	json_str(j, "url", "");
	json_obj_close(j);
}

int sm_match_json(json *j, const ec_snapshot *snap, const sq_match *m,
		  const sm_params *p, sq_error *e)
{
	size_t i;

	json_obj_open(j, NULL);
	json_obj_open(j, "responses");
	for (i = 0; i < m->nqueries; i++)
		if (match_one(j, snap, &m->queries[i], p, e))
			return -1;
	json_obj_close(j);
	json_obj_open(j, "matcher");
	feature_doc(j, "name_score",
		    "entitycheck's name score: weighted token pairs of the "
		    "query name and the best listed name or alias");
	feature_doc(j, "country_adjust",
		    "added for the query's country (country, jurisdiction, "
		    "citizenship) and address: positive when the entry's "
		    "country is the same");
	feature_doc(j, "type",
		    "the schema (Person; Organization, Company, PublicBody) "
		    "against the entry's type: negative when they differ");
	feature_doc(j, "date_of_birth",
		    "birthDate against the listed dates of birth: positive "
		    "when one agrees, negative when every one contradicts it");
	feature_doc(j, "nationality",
		    "nationality against the listed nationalities and "
		    "citizenships: positive when among them, negative when "
		    "not");
	feature_doc(j, "id_number",
		    "idNumber equal to a listed ID number: positive, and the "
		    "entry is found even when the names differ");
	feature_doc(
		j, "evidence",
		"rules of evidence that bounded the score (doc/scoring.md)");
	json_obj_close(j);
	json_int(j, "limit", (long long)p->limit);
	json_obj_close(j);
	return 0;
}
