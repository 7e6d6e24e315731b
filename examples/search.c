/*
 * search.c: screens a name against every list of a snapshot and prints
 * each match with its score.  usage: search SNAPSHOT NAME [CC]
 * Built and run against the installed library by tests/install.
 */
#include <stdio.h>

#include <entitycheck/entitycheck.h>

int main(int argc, char **argv)
{
	ec_snapshot *snap;
	ec_matches *m;
	ec_search_opts opts = EC_SEARCH_OPTS_INIT;
	ec_error err;
	size_t i;

	if (argc < 3) {
		fprintf(stderr, "usage: search SNAPSHOT NAME [CC]\n");
		return 2;
	}
	if (ec_snapshot_open(&snap, argv[1], &err) != 0) {
		fprintf(stderr, "%s: %s\n", err.file, err.text);
		return 1;
	}
	opts.country = argc > 3 ? argv[3] : NULL;
	if (ec_search(&m, snap, argv[2], &opts, &err) != 0) {
		fprintf(stderr, "search: %s\n", err.text);
		ec_snapshot_free(snap);
		return 1;
	}
	for (i = 0; i < ec_matches_count(m); i++) {
		const ec_match *x = ec_matches_get(m, i);

		printf("%.3f %s %s %s\n", x->score, x->list, x->entry_id,
		       x->name);
	}
	ec_matches_free(m);
	ec_snapshot_free(snap);
	return 0;
}
