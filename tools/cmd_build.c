/*
 * cmd_build.c: `entitycheck build`: a snapshot from the official list
 * files and the project's rules.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "tool.h"

#define MAX_AS_OF 8

/* What the command line sets: the library's options and ours. */
struct build_args {
	ec_build_opts o;
	ec_as_of as_of[MAX_AS_OF];
	char kinds[MAX_AS_OF][8];
	const char *created;
	int no_rules;
};

/* --as-of [SOURCE=]DATE into the next slot of as_of. */
static int add_as_of(const struct opts_ctx *c, const char *v)
{
	struct build_args *b = c->dst;
	ec_as_of *a = &b->as_of[b->o.nas_of];
	const char *eq = strchr(v, '=');

	if (b->o.nas_of == MAX_AS_OF)
		return tool_usage("build", "--as-of given more than %d times",
				  MAX_AS_OF);
	a->basis = "given";
	a->kind = NULL;
	a->date = v;
	if (eq) {
		if ((size_t)(eq - v) >= sizeof(b->kinds[0]))
			return tool_usage("build",
					  "--as-of %.32s: the sources "
					  "are csl, ofac, dpl and un",
					  v);
		snprintf(b->kinds[b->o.nas_of], sizeof(b->kinds[0]), "%.*s",
			 (int)(eq - v), v);
		a->kind = b->kinds[b->o.nas_of];
		a->date = eq + 1;
	}
	b->o.nas_of++;
	return 0;
}

#define B(field) offsetof(struct build_args, field)

static const struct opt build_table[] = {
	OPTS_STRING("--csl", "FILE", B(o.csl_path),
		    "the Consolidated Screening List CSV of trade.gov (plain "
		    "or .gz; the 29-column layout or the older 28-column one)"),
	OPTS_STRING("--ofac-dir", "DIR", B(o.ofac_dir),
		    "a folder of OFAC's legacy CSV files: sdn*.csv, "
		    "add*.csv, alt*.csv, sdn_comments*.csv and/or "
		    "cons_prim*.csv, cons_add*.csv, cons_alt*.csv (date "
		    "suffixes allowed)"),
	OPTS_STRING("--dpl", "FILE", B(o.dpl_path),
		    "BIS's Denied Persons List, dpl.txt"),
	OPTS_STRING("--un", "FILE", B(o.un_path),
		    "the UN Security Council Consolidated List XML"),
	OPTS_STRING("--rules", "DIR", B(o.rules_dir),
		    "compile the license rules of DIR (*.rules); default: "
		    "the installed rules (the source tree's data/rules for "
		    "the tool of the build tree), and it says which"),
	{.name = "--output",
	 .short_name = 'o',
	 .kind = OPT_STRING,
	 .flags = OPT_REQUIRED,
	 .arg = "SNAPSHOT",
	 .off = B(o.output_path),
	 .help = "the snapshot to write, through a temporary file renamed "
		 "only when the whole build succeeded: on any error the old "
		 "file is left as it was"},
	OPTS_STRING("--description", "TEXT", B(o.description),
		    "what the snapshot is, for `entitycheck info`"),
	OPTS_STRING("--created", "EPOCH", B(created),
		    "the creation time (seconds since the epoch), for "
		    "reproducible builds; SOURCE_DATE_EPOCH is honoured too"),
	OPTS_CALL("--as-of", OPT_REPEAT, "[SOURCE=]DATE", add_as_of, NULL,
		  "the date (YYYY-MM-DD or YYYY-MM) the lists are current as "
		  "of; SOURCE=DATE for one source (csl, ofac, dpl, un). "
		  "Without it a source takes the date its publisher wrote in "
		  "the file (the UN list's dateGenerated), else the newest "
		  "listing date in it, marked estimated"),
	OPTS_FLAG("--no-rules", B(no_rules),
		  "a snapshot without rules, on which every decision needs "
		  "review"),
};

static const struct opts_cmd build_cmd = {
	.name = "build",
	OPTS_TABLE(build_table),
	.about = "Reads the official lists as their publishers give them (any "
		 "of\n"
		 "--csl, --ofac-dir, --dpl and --un), compiles the license "
		 "rules and\n"
		 "writes a snapshot. An OFAC entity the CSL also carries (same "
		 "id) is\n"
		 "kept once, with both sources. A decision dated past a list's "
		 "\"as of\"\n"
		 "date (plus check's --max-list-age) needs review.\n",
};

int cmd_build(const struct global *g, int argc, char **argv)
{
	struct build_args b;
	ec_build_opts *o = &b.o;
	ec_error err;
	const char *epoch;
	int rc;

	(void)g;
	memset(&b, 0, sizeof(b));
	b.o = (ec_build_opts)EC_BUILD_OPTS_INIT;
	if ((rc = opts_parse(&build_cmd, argc, argv, &b)))
		return opts_exit(rc);
	o->as_of = b.as_of;
	if (!o->csl_path && !o->ofac_dir && !o->dpl_path && !o->un_path)
		return tool_usage("build", "no list to read: give --csl, "
					   "--ofac-dir, --dpl and/or --un");
	epoch = b.created ? b.created : getenv("SOURCE_DATE_EPOCH");
	if (b.no_rules && o->rules_dir)
		return tool_usage("build", "--no-rules and --rules conflict");
	if (epoch) {
		double v;

		if (tool_parse_double(epoch, 1, 4102444800.0, &v))
			return tool_usage("build", "--created must be seconds "
						   "since the epoch");
		o->created = (long long)v;
	}
	if (!o->rules_dir && !b.no_rules) {
		if (!(o->rules_dir = tool_default_rules())) {
			fprintf(stderr,
				"entitycheck: build: no rules found "
				"(installed or in the source tree): give "
				"--rules DIR, or --no-rules for a "
				"snapshot on which every decision needs "
				"review\n");
			return TOOL_EXIT_USAGE;
		}
		fprintf(stderr, "entitycheck: build: using the rules in %s\n",
			o->rules_dir);
	}
	if (b.no_rules)
		fprintf(stderr,
			"entitycheck: build: --no-rules: every decision "
			"on this snapshot will need review\n");
	rc = ec_build(o, &err);
	if (rc)
		return tool_error("build failed", rc, &err);
	return TOOL_EXIT_OK;
}
