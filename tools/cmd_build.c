/*
 * cmd_build.c: `entitycheck build`: a snapshot from the official list
 * files and the project's rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char help[] =
	"usage: entitycheck build [--csl FILE] [--ofac-dir DIR] [--dpl FILE]\n"
	"                         [--un FILE] [--rules DIR] --output SNAPSHOT\n"
	"                         [--description TEXT] [--created EPOCH]\n"
	"                         [--as-of [SOURCE=]DATE]... [--no-rules]\n"
	"\n"
	"Reads the official lists as their publishers give them, any of:\n"
	"  --csl       the Consolidated Screening List CSV of trade.gov (plain\n"
	"              or .gz; the 29-column layout or the older 28-column one)\n"
	"  --ofac-dir  a folder of OFAC's legacy CSV files: sdn*.csv, add*.csv,\n"
	"              alt*.csv, sdn_comments*.csv and/or cons_prim*.csv,\n"
	"              cons_add*.csv, cons_alt*.csv (date suffixes allowed)\n"
	"  --dpl       BIS's Denied Persons List, dpl.txt\n"
	"  --un        the UN Security Council Consolidated List XML\n"
	"An OFAC entity the CSL also carries (same id) is kept once, with both\n"
	"sources. Compiles the license rules of DIR (*.rules) and writes a\n"
	"snapshot. Without --rules it uses the installed rules (the source\n"
	"tree's data/rules for the tool of the build tree) and says which;\n"
	"--no-rules makes a snapshot without rules, on which every decision\n"
	"needs review.\n"
	"--as-of DATE (YYYY-MM-DD or YYYY-MM) says the date the lists are\n"
	"current as of; SOURCE=DATE for one source (csl, ofac, dpl, un);\n"
	"repeatable. Without it a source takes the date its publisher wrote\n"
	"in the file (the UN list's dateGenerated), else the newest listing\n"
	"date in it, marked estimated. A decision dated past a list's date\n"
	"(plus --max-list-age) needs review.\n"
	"The output is written to a temporary file and renamed only when the\n"
	"whole build succeeded: on any error the old file is left as it was.\n"
	"--created fixes the creation time (seconds since the epoch) for\n"
	"reproducible builds; SOURCE_DATE_EPOCH is honoured too.\n";

/* --as-of [SOURCE=]DATE into the next slot of as_of. */
static int add_as_of(ec_as_of *as_of, size_t *n, const char *v)
{
	const char *eq = strchr(v, '=');
	static char kinds[8][8];

	if (*n == 8)
		return tool_usage("build", "--as-of given more than 8 times");
	as_of[*n].basis = "given";
	as_of[*n].kind = NULL;
	as_of[*n].date = v;
	if (eq) {
		if ((size_t)(eq - v) >= sizeof(kinds[0]))
			return tool_usage("build", "--as-of %.32s: the sources "
						   "are csl, ofac, dpl and un",
					  v);
		snprintf(kinds[*n], sizeof(kinds[0]), "%.*s", (int)(eq - v),
			 v);
		as_of[*n].kind = kinds[*n];
		as_of[*n].date = eq + 1;
	}
	(*n)++;
	return 0;
}

int cmd_build(const struct global *g, int argc, char **argv)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_as_of as_of[8];
	ec_error err;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	int i, rc, no_rules = 0;

	(void)g;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;

		if (strcmp(a, "--help") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--no-rules") == 0) {
			no_rules = 1;
			continue;
		}
		if (strcmp(a, "--csl") == 0)
			dst = &o.csl_path;
		else if (strcmp(a, "--ofac-dir") == 0)
			dst = &o.ofac_dir;
		else if (strcmp(a, "--dpl") == 0)
			dst = &o.dpl_path;
		else if (strcmp(a, "--un") == 0)
			dst = &o.un_path;
		else if (strcmp(a, "--rules") == 0)
			dst = &o.rules_dir;
		else if (strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0)
			dst = &o.output_path;
		else if (strcmp(a, "--description") == 0)
			dst = &o.description;
		else if (strcmp(a, "--created") == 0)
			dst = &epoch;
		else if (strcmp(a, "--as-of") != 0)
			return tool_usage("build", "unexpected argument '%.64s'",
					  a);
		if (i + 1 >= argc)
			return tool_usage("build", "%s needs a value", a);
		if (!dst) {
			if ((rc = add_as_of(as_of, &o.nas_of, argv[++i])))
				return rc;
			continue;
		}
		if (*dst && dst != &epoch)
			return tool_usage("build", "%s given twice", a);
		*dst = argv[++i];
	}
	o.as_of = as_of;
	if (!o.output_path)
		return tool_usage("build", "--output is required");
	if (!o.csl_path && !o.ofac_dir && !o.dpl_path && !o.un_path)
		return tool_usage("build", "no list to read: give --csl, "
					   "--ofac-dir, --dpl and/or --un");
	if (no_rules && o.rules_dir)
		return tool_usage("build", "--no-rules and --rules conflict");
	if (epoch) {
		double v;

		if (tool_parse_double(epoch, 1, 4102444800.0, &v))
			return tool_usage("build", "--created must be seconds "
						   "since the epoch");
		o.created = (long long)v;
	}
	if (!o.rules_dir && !no_rules) {
		if (!(o.rules_dir = tool_default_rules())) {
			fprintf(stderr, "entitycheck: build: no rules found "
					"(installed or in the source tree): give "
					"--rules DIR, or --no-rules for a "
					"snapshot on which every decision needs "
					"review\n");
			return EXIT_USAGE;
		}
		fprintf(stderr, "entitycheck: build: using the rules in %s\n",
			o.rules_dir);
	}
	if (no_rules)
		fprintf(stderr, "entitycheck: build: --no-rules: every decision "
				"on this snapshot will need review\n");
	rc = ec_build(&o, &err);
	if (rc)
		return tool_error("build failed", rc, &err);
	return EXIT_OK;
}
