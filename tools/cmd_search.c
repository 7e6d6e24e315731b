/*
 * cmd_search.c: `entitycheck search` and `entitycheck compare`: name
 * screening with an explanation of every score.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "tool.h"

static const char search_help[] =
	"usage: entitycheck [--snapshot PATH] search NAME [--json] [--limit N]\n"
	"                   [--min-score S] [--country CC] [--address TEXT]\n"
	"                   [--list CODE] [--dob D] [--nationality C]\n"
	"                   [--id-number N [--id-type T]] [--type T]\n"
	"\n"
	"Screens NAME against every primary name and alias of the snapshot and\n"
	"prints the matching entries, best first, with how each score was\n"
	"reached. Only matches at or above the default threshold (0.80) are\n"
	"shown unless --min-score lowers it. --limit defaults to 10 (0: all).\n"
	"--country (ISO-2) and --address adjust the score a little; a different\n"
	"country never hides a name match.  The identifying facts below weigh\n"
	"as evidence, each shown as its own line of the explanation.\n"
	"\n";

static const char compare_help[] =
	"usage: entitycheck [--snapshot PATH] compare NAME1 NAME2 [--json]\n"
	"\n"
	"Scores NAME1 (as a query) against NAME2 (as a listed name) with the\n"
	"snapshot's token weights, and explains the score. \"match\" is true\n"
	"when the score reaches the default threshold.\n";

static void json_explanation(json *j, const ec_explanation *x)
{
	size_t k;

	json_obj_open(j, "explanation");
	json_num(j, "name_score", x->name_score);
	json_num(j, "country_adjust", x->country_adjust);
	json_str(j, "note", x->country_note);
	json_arr_open(j, "tokens");
	for (k = 0; k < x->ntokens; k++) {
		const ec_token_match *t = &x->tokens[k];

		json_obj_open(j, NULL);
		json_str(j, "query", t->query_token);
		json_str(j, "listed", t->listed_token);
		json_str(j, "kind", t->kind);
		json_num(j, "similarity", t->similarity);
		json_num(j, "weight", t->weight);
		json_num(j, "contribution", t->contribution);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "facts");
	for (k = 0; k < x->nfacts; k++) {
		json_obj_open(j, NULL);
		json_str(j, "fact", x->facts[k].fact);
		json_str(j, "note", x->facts[k].note);
		json_num(j, "contribution", x->facts[k].contribution);
		json_obj_close(j);
	}
	json_arr_close(j);
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
	size_t k, a;

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
		json_arr_open(j, "addresses");
		for (a = 0; a < x->naddresses; a++)
			json_str(j, NULL, x->addresses[a]);
		json_arr_close(j);
		json_explanation(j, &x->explanation);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

int cmd_search(const struct global *g, int argc, char **argv)
{
	ec_search_opts o = EC_SEARCH_OPTS_INIT;
	ec_snapshot *snap = NULL;
	ec_matches *m = NULL;
	ec_error err;
	const char *name = NULL, *path;
	int as_json = 0, i, rc;
	size_t k, a;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--help") == 0) {
			fputs(search_help, stdout);
			fputs(tool_fact_help, stdout);
			return EXIT_OK;
		} else if (i + 1 < argc &&
			   tool_fact_option(arg, argv[i + 1], &o.facts)) {
			i++;
		} else if (strcmp(arg, "--json") == 0) {
			as_json = 1;
		} else if (strcmp(arg, "--limit") == 0 ||
			   strcmp(arg, "--min-score") == 0 ||
			   strcmp(arg, "--country") == 0 ||
			   strcmp(arg, "--address") == 0 ||
			   strcmp(arg, "--list") == 0) {
			const char *v;

			if (i + 1 >= argc)
				return tool_usage("search", "%s needs a value",
						  arg);
			v = argv[++i];
			if (strcmp(arg, "--limit") == 0) {
				if (tool_parse_size(v, &o.limit))
					return tool_usage(
						"search",
						"--limit must be a whole number");
			} else if (strcmp(arg, "--min-score") == 0) {
				if (tool_parse_double(v, 0.0, 1.0,
						      &o.min_score))
					return tool_usage(
						"search",
						"--min-score must be between 0 "
						"and 1");
			} else if (strcmp(arg, "--country") == 0) {
				if (strlen(v) != 2)
					return tool_usage(
						"search",
						"--country takes an ISO "
						"3166 two-letter code");
				o.country = v;
			} else if (strcmp(arg, "--address") == 0) {
				o.address = v;
			} else {
				o.list = v;
			}
		} else if (arg[0] == '-' && arg[1] == '-') {
			return tool_usage("search", "unknown option '%.64s'",
					  arg);
		} else if (!name) {
			name = arg;
		} else {
			return tool_usage("search",
					  "one NAME only (quote a name with "
					  "spaces)");
		}
	}
	if (!name)
		return tool_usage("search", "no NAME given");
	if ((rc = tool_open_snapshot(g, &snap, &path)))
		return rc;
	rc = ec_search(&m, snap, name, &o, &err);
	if (rc) {
		ec_snapshot_free(snap);
		return tool_error("search failed", rc, &err);
	}
	if (as_json) {
		json j;

		json_init(&j, stdout, 1);
		tool_matches_json(&j, name, &o, m);
		json_end(&j);
	} else {
		printf("%zu match%s for \"%s\" (min score %.2f)\n",
		       ec_matches_count(m), ec_matches_count(m) == 1 ? "" : "es",
		       name, o.min_score < 0 ? EC_DEFAULT_THRESHOLD : o.min_score);
		for (k = 0; k < ec_matches_count(m); k++) {
			const ec_match *x = ec_matches_get(m, k);

			printf("%2zu. %.3f  %-5s %s  %s\n", k + 1, x->score,
			       x->list, x->entry_id, x->name);
			if (strcmp(x->matched_name, x->name) != 0)
				printf("     matched alias: %s\n",
				       x->matched_name);
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
	ec_matches_free(m);
	ec_snapshot_free(snap);
	return EXIT_OK;
}

int cmd_compare(const struct global *g, int argc, char **argv)
{
	ec_snapshot *snap = NULL;
	ec_matches *m = NULL;
	ec_error err;
	const char *n1 = NULL, *n2 = NULL, *path;
	const ec_match *x;
	int as_json = 0, i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(compare_help, stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = 1;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return tool_usage("compare", "unknown option '%.64s'",
					  argv[i]);
		} else if (!n1) {
			n1 = argv[i];
		} else if (!n2) {
			n2 = argv[i];
		} else {
			return tool_usage("compare", "two names only");
		}
	}
	if (!n1 || !n2)
		return tool_usage("compare", "two names are needed");
	if ((rc = tool_open_snapshot(g, &snap, &path)))
		return rc;
	rc = ec_compare(&m, snap, n1, n2, &err);
	if (rc) {
		ec_snapshot_free(snap);
		return tool_error("compare failed", rc, &err);
	}
	x = ec_matches_get(m, 0);
	if (as_json) {
		json j;

		json_init(&j, stdout, 1);
		json_obj_open(&j, NULL);
		json_str(&j, "name1", n1);
		json_str(&j, "name2", n2);
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
	return EXIT_OK;
}
