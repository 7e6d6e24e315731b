/*
 * cmd_search.c: `entitycheck search` and `entitycheck compare`: name
 * screening with an explanation of every score.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "opts.h"
#include "tool.h"

/* What `search` takes from its command line. */
struct search_args {
	ec_search_opts o;
	const char *name;
	int json;
};

#define SA(member) offsetof(struct search_args, member)

static int opt_country(const struct opts_ctx *c, const char *v)
{
	if (strlen(v) != 2)
		return opts_bad(c);
	((struct search_args *)c->dst)->o.country = v;
	return 0;
}

static void search_more(FILE *out)
{
	fputs("\n", out);
	fputs(tool_fact_help, out);
}

/* The identifying facts: in the synopsis; tool_fact_help lists them. */
#define FACT_ROW(opt, argname, field)                                          \
	OPTS_STRING(opt, argname, SA(o.facts.field), NULL)

static const struct opt search_table[] = {
	OPTS_ARG(OPT_REQUIRED, "NAME", SA(name), "no NAME given",
		 "the name to screen"),
	OPTS_FLAG("--json", SA(json), "the matches as one JSON object"),
	OPTS_RANGE(OPT_SIZE, "--limit", "N", SA(o.limit), 0, 1e9,
		   "--limit must be a whole number",
		   "at most N matches (default 10; 0: all)"),
	OPTS_RANGE(OPT_DOUBLE, "--min-score", "S", SA(o.min_score), 0.0, 1.0,
		   "--min-score must be between 0 and 1",
		   "show matches from S on (default 0.80)"),
	OPTS_CALL("--country", 0, "CC", opt_country,
		  "--country takes an ISO 3166 two-letter code",
		  "the party's country (ISO-2): adjusts the score a little"),
	OPTS_STRING("--address", "TEXT", SA(o.address),
		    "the party's address: adjusts the score a little"),
	OPTS_STRING("--list", "CODE", SA(o.list),
		    "only the entries of this list"),
	TOOL_FACT_ROWS(FACT_ROW),
};

static const struct opts_cmd search_cmd = {
	.name = "search",
	.snapshot = 1,
	OPTS_TABLE(search_table),
	.about =
		"Screens NAME against every primary name and alias of the "
		"snapshot and\n"
		"prints the matching entries, best first, with how each score "
		"was\n"
		"reached. Only matches at or above the default threshold "
		"(0.80) are\n"
		"shown unless --min-score lowers it. --limit defaults to 10 "
		"(0: all).\n"
		"--country (ISO-2) and --address adjust the score a little; a "
		"different\n"
		"country never hides a name match.  The identifying facts "
		"below weigh\n"
		"as evidence, each shown as its own line of the explanation.\n",
	.more_fn = search_more,
	.extra = "one NAME only (quote a name with spaces)",
};

/* What `compare` takes from its command line. */
struct compare_args {
	const char *n1, *n2;
	int json;
};

static const struct opt compare_table[] = {
	OPTS_ARG(OPT_REQUIRED, "NAME1", offsetof(struct compare_args, n1),
		 "two names are needed", "the query"),
	OPTS_ARG(OPT_REQUIRED, "NAME2", offsetof(struct compare_args, n2),
		 "two names are needed", "the listed name"),
	OPTS_FLAG("--json", offsetof(struct compare_args, json),
		  "the score and its explanation as one JSON object"),
};

static const struct opts_cmd compare_cmd = {
	.name = "compare",
	.snapshot = 1,
	OPTS_TABLE(compare_table),
	.about = "Scores NAME1 (as a query) against NAME2 (as a listed name) "
		 "with the\n"
		 "snapshot's token weights, and explains the score. \"match\" "
		 "is true\n"
		 "when the score reaches the default threshold.\n",
	.extra = "two names only",
};

static void token_fields(json *j, const void *item)
{
	const ec_token_match *t = item;

	json_str(j, "query", t->query_token);
	json_str(j, "listed", t->listed_token);
	json_str(j, "kind", t->kind);
	json_num(j, "similarity", t->similarity);
	json_num(j, "weight", t->weight);
	json_num(j, "contribution", t->contribution);
}

static void fact_fields(json *j, const void *item)
{
	const ec_fact_match *f = item;

	json_str(j, "fact", f->fact);
	json_str(j, "note", f->note);
	json_num(j, "contribution", f->contribution);
}

static void json_explanation(json *j, const ec_explanation *x)
{
	json_obj_open(j, "explanation");
	json_num(j, "name_score", x->name_score);
	json_num(j, "country_adjust", x->country_adjust);
	json_str(j, "note", x->country_note);
	json_objects(j, "tokens", x->tokens, x->ntokens, sizeof(*x->tokens),
		     token_fields);
	json_objects(j, "facts", x->facts, x->nfacts, sizeof(*x->facts),
		     fact_fields);
	json_obj_close(j);
}

static void text_explanation(const ec_explanation *x)
{
	size_t k;

	printf("     why:");
	for (k = 0; k < x->ntokens; k++) {
		const ec_token_match *t = &x->tokens[k];

		if (strncmp(t->kind, "unmatched", 9) == 0)
			printf(" [%s %s w%.2f]",
			       t->query_token[0] ? t->query_token
						 : t->listed_token,
			       t->query_token[0] ? "not in listed name"
						 : "not in query",
			       t->weight);
		else
			printf(" [%s=%s %s %.2f w%.2f +%.3f]", t->query_token,
			       t->listed_token, t->kind, t->similarity,
			       t->weight, t->contribution);
	}
	printf("\n");
	if (x->country_note[0])
		printf("     country: %s (%+.3f)\n", x->country_note,
		       x->country_adjust);
	for (k = 0; k < x->nfacts; k++)
		printf("     %s: %s (%+.3f)\n", x->facts[k].fact,
		       x->facts[k].note, x->facts[k].contribution);
}

/* A search's answer as one JSON object (search --json, GET /search). */
void tool_matches_json(json *j, const char *name, const ec_search_opts *o,
		       const ec_matches *m)
{
	size_t k;

	json_obj_open(j, NULL);
	json_str(j, "query", name);
	json_num(j, "threshold", EC_DEFAULT_THRESHOLD);
	json_num(j, "min_score",
		 o->min_score < 0 ? EC_DEFAULT_THRESHOLD : o->min_score);
	json_arr_open(j, "matches");
	for (k = 0; k < ec_matches_count(m); k++) {
		const ec_match *x = ec_matches_get(m, k);

		json_obj_open(j, NULL);
		json_str(j, "entry_id", x->entry_id);
		json_str(j, "list", x->list);
		json_str(j, "source", x->source);
		json_str(j, "name", x->name);
		json_str(j, "matched_name", x->matched_name);
		json_str(j, "type", x->type);
		json_num(j, "score", x->score);
		json_str(j, "country", x->country);
		json_str_array(j, "addresses", x->addresses, x->naddresses);
		json_explanation(j, &x->explanation);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

/* The matches of a search for an analyst. */
static void print_matches(const char *name, const ec_search_opts *o,
			  const ec_matches *m)
{
	size_t k, a;

	printf("%zu match%s for \"%s\" (min score %.2f)\n", ec_matches_count(m),
	       ec_matches_count(m) == 1 ? "" : "es", name,
	       o->min_score < 0 ? EC_DEFAULT_THRESHOLD : o->min_score);
	for (k = 0; k < ec_matches_count(m); k++) {
		const ec_match *x = ec_matches_get(m, k);

		printf("%2zu. %.3f  %-5s %s  %s\n", k + 1, x->score, x->list,
		       x->entry_id, x->name);
		if (strcmp(x->matched_name, x->name) != 0)
			printf("     matched alias: %s\n", x->matched_name);
		if (x->country[0])
			printf("     country: %s\n", x->country);
		for (a = 0; a < x->naddresses && a < 3; a++)
			printf("     address: %s\n", x->addresses[a]);
		if (x->naddresses > 3)
			printf("     (%zu more addresses)\n",
			       x->naddresses - 3);
		text_explanation(&x->explanation);
	}
}

int cmd_search(const struct global *g, int argc, char **argv)
{
	struct search_args sa = {EC_SEARCH_OPTS_INIT, NULL, 0};
	ec_snapshot *snap = NULL;
	ec_matches *m = NULL;
	ec_error err;
	int rc;

	if ((rc = tool_parse_open(g, &search_cmd, argc, argv, &sa, &snap,
				  NULL)) >= 0)
		return rc;
	rc = ec_search(&m, snap, sa.name, &sa.o, &err);
	if (rc) {
		ec_snapshot_free(snap);
		return tool_error("search failed", rc, &err);
	}
	if (sa.json) {
		json j;

		json_init(&j, stdout, 1);
		tool_matches_json(&j, sa.name, &sa.o, m);
		json_end(&j);
	} else {
		print_matches(sa.name, &sa.o, m);
	}
	ec_matches_free(m);
	ec_snapshot_free(snap);
	return TOOL_EXIT_OK;
}

int cmd_compare(const struct global *g, int argc, char **argv)
{
	struct compare_args ca = {NULL, NULL, 0};
	ec_snapshot *snap = NULL;
	ec_matches *m = NULL;
	ec_error err;
	const ec_match *x;
	int rc;

	if ((rc = tool_parse_open(g, &compare_cmd, argc, argv, &ca, &snap,
				  NULL)) >= 0)
		return rc;
	rc = ec_compare(&m, snap, ca.n1, ca.n2, &err);
	if (rc) {
		ec_snapshot_free(snap);
		return tool_error("compare failed", rc, &err);
	}
	x = ec_matches_get(m, 0);
	if (ca.json) {
		json j;

		json_init(&j, stdout, 1);
		json_obj_open(&j, NULL);
		json_str(&j, "name1", ca.n1);
		json_str(&j, "name2", ca.n2);
		json_num(&j, "score", x->score);
		json_num(&j, "threshold", EC_DEFAULT_THRESHOLD);
		json_bool(&j, "match", x->score >= EC_DEFAULT_THRESHOLD);
		json_explanation(&j, &x->explanation);
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("%.3f  %s  (threshold %.2f)\n", x->score,
		       x->score >= EC_DEFAULT_THRESHOLD ? "MATCH" : "no match",
		       EC_DEFAULT_THRESHOLD);
		text_explanation(&x->explanation);
	}
	ec_matches_free(m);
	ec_snapshot_free(snap);
	return TOOL_EXIT_OK;
}
