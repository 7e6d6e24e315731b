/*
 * entitycheck.c: the command's entry point: global options and dispatch to
 * the commands (cmd_*.c files hold one command each).
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opts.h"
#include "tool.h"

#ifndef EC_INSTALLED_SNAPSHOT
#define EC_INSTALLED_SNAPSHOT ""
#endif
#ifndef EC_BUILD_SNAPSHOT
#define EC_BUILD_SNAPSHOT ""
#endif
#ifndef EC_BUILD_TOOL
#define EC_BUILD_TOOL ""
#endif
#ifndef EC_INSTALLED_RULES
#define EC_INSTALLED_RULES ""
#endif
#ifndef EC_SOURCE_RULES
#define EC_SOURCE_RULES ""
#endif

static const char about[] =
	"Screens parties against US restricted-party lists and explains the\n"
	"result.\n"
	"\n"
	"commands:\n"
	"  check --party NAME [--item ECCN] [--date D] [...] [--json]\n"
	"                                does this shipment need a license, "
	"and\n"
	"                                why? (see 'entitycheck check "
	"--help')\n"
	"  screen [FILE|-] [--format jsonl|csv] [--threads N]\n"
	"                                one decision per row of a CSV or "
	"JSON\n"
	"                                Lines file (see 'entitycheck screen "
	"--help')\n"
	"  clear --register FILE --reviewer WHO --reason TEXT [ROW]\n"
	"                                record a screen hit as a false "
	"positive\n"
	"                                (see 'entitycheck clear --help')\n"
	"  info [--json]                 what the snapshot holds\n"
	"  search NAME [--json] [--limit N] [--min-score S] [--country CC]\n"
	"              [--address TEXT] [--list CODE]\n"
	"                                screen a name against every name and "
	"alias\n"
	"  compare NAME1 NAME2 [--json]  score two names and explain the "
	"score\n"
	"  build [--csl FILE] [--ofac-dir DIR] [--dpl FILE] [--un FILE]\n"
	"        [--rules DIR] --output SNAPSHOT [--description TEXT]\n"
	"                                make a snapshot from the official "
	"lists\n"
	"  diff OLD NEW [--json]         what changed between two snapshots\n"
	"  update [--sources csl,ofac,dpl,un] [--force] [...]\n"
	"                                download the official lists and "
	"replace\n"
	"                                the snapshot safely (see 'update "
	"--help')\n"
	"  serve [--listen ADDR:PORT] [--threads N] [--token-file FILE]\n"
	"                                an HTTP service with hot reloads "
	"(see\n"
	"                                'serve --help' and doc/serve.md)\n";

static const char more[] =
	"The default snapshot holds the official lists entitycheck carries "
	"(the\n"
	"US Consolidated Screening List of May 2022, the UN list of February\n"
	"2026): old lists, so a check dated today needs review. For real\n"
	"screening keep a snapshot of your own up to date:\n"
	"  entitycheck --snapshot lists.ecsnap update --sources csl,un\n"
	"\n"
	"exit codes: 0 success, 2 usage error, 3 snapshot error, 4 malformed\n"
	"input file, 5 other failure (I/O, memory, a download); 6 update\n"
	"refused because a list shrank; check also returns 10, 11, 20, 30 by\n"
	"status (see 'entitycheck check --help').\n";

/* The global options, before the command. */
struct main_args {
	struct global g;
	int cmd; /* argv index of the command */
};

static int opt_version(const struct opts_ctx *c, const char *val)
{
	(void)c;
	(void)val;
	printf("entitycheck %s (library %s, snapshot format %d)\n", EC_VERSION,
	       ec_version(), EC_SNAPSHOT_FORMAT);
	return OPTS_DONE;
}

static const struct opt main_table[] = {
	OPTS_STRING("--snapshot", "PATH",
		    offsetof(struct main_args, g.snapshot),
		    "the snapshot to use; otherwise $ENTITYCHECK_SNAPSHOT, "
		    "otherwise the default snapshot"),
	{.name = "--help",
	 .short_name = 'h',
	 .kind = OPT_HELP,
	 .help = "this text; COMMAND --help for a command's"},
	OPTS_CALL("--version", OPT_NO_SYNOPSIS, NULL, opt_version, NULL,
		  "the tool and library versions"),
	{.kind = OPT_REST,
	 .flags = OPT_REQUIRED,
	 .arg = "COMMAND [ARGS]",
	 .off = offsetof(struct main_args, cmd),
	 .bad = "no command given"},
};

static const struct opts_cmd main_cmd = {
	OPTS_TABLE(main_table),
	.about = about,
	.more = more,
};

int tool_exit_for(int code)
{
	switch (code) {
	case EC_OK:
		return TOOL_EXIT_OK;
	case EC_EINVAL:
		return TOOL_EXIT_USAGE;
	case EC_EFORMAT:
	case EC_EVERSION:
	case EC_EDB:
		return TOOL_EXIT_SNAPSHOT;
	case EC_EPARSE:
	case EC_ELIMIT:
		return TOOL_EXIT_INPUT;
	}
	return TOOL_EXIT_FAILURE;
}

int tool_error(const char *what, int code, const ec_error *err)
{
	fprintf(stderr, "entitycheck: %s", what);
	if (err && err->file[0]) {
		fprintf(stderr, ": %s", err->file);
		if (err->line > 0)
			fprintf(stderr, ":%ld", err->line);
		if (err->column > 0)
			fprintf(stderr, ": field %ld", err->column);
	}
	fprintf(stderr, ": %s\n",
		err && err->text[0] ? err->text : ec_strerror(code));
	return tool_exit_for(code);
}

int tool_register_error(const char *what, int code, const ec_error *err)
{
	char head[64];
	int rc;

	snprintf(head, sizeof(head), "cannot read %s", what);
	rc = tool_error(head, code, err);
	if (err && strstr(err->text, "UTF-8"))
		fprintf(stderr,
			"entitycheck: a spreadsheet saved it in another "
			"encoding: name it with --register-encoding "
			"(windows-1252, iso-8859-1, utf-16)\n");
	return rc;
}

/*
 * Is this the tool of the build tree (not an installed copy)?  It then
 * uses the build tree's snapshot and the source tree's rules, even when
 * an older version is installed.
 */
static int in_build_tree(void)
{
	static const char build_tool[] = EC_BUILD_TOOL;
	static int known = -1;
	char self[4096], *real;
	ssize_t n;

	if (known >= 0)
		return known;
	known = 0;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0 && build_tool[0]) {
		self[n] = '\0';
		real = realpath(build_tool, NULL);
		known = real && strcmp(real, self) == 0;
		free(real);
	}
	return known;
}

/* The first of two candidate paths that exists, built tree first. */
static const char *pick(const char *installed, const char *built, int want_dir)
{
	const char *first = in_build_tree() ? built : installed;
	const char *second = in_build_tree() ? installed : built;
	struct stat st;

	if (first[0] && stat(first, &st) == 0 &&
	    (S_ISDIR(st.st_mode) != 0) == want_dir)
		return first;
	if (second[0] && stat(second, &st) == 0 &&
	    (S_ISDIR(st.st_mode) != 0) == want_dir)
		return second;
	return NULL;
}

const char *tool_default_snapshot(void)
{
	const char *p = pick(EC_INSTALLED_SNAPSHOT, EC_BUILD_SNAPSHOT, 0);

	if (p)
		return p;
	return EC_INSTALLED_SNAPSHOT[0] ? EC_INSTALLED_SNAPSHOT
					: EC_BUILD_SNAPSHOT;
}

const char *tool_default_rules(void)
{
	return pick(EC_INSTALLED_RULES, EC_SOURCE_RULES, 1);
}

int tool_open_snapshot(const struct global *g, ec_snapshot **out,
		       const char **path_used)
{
	ec_error err;
	const char *path = g->snapshot;
	int rc;

	if (path && !*path) {
		/* An empty path (an unset variable in a script) must not
		 * quietly mean the SAMPLE snapshot. */
		fprintf(stderr, "entitycheck: --snapshot was given an empty "
				"path\n");
		return TOOL_EXIT_USAGE;
	}
	if (!path)
		path = getenv("ENTITYCHECK_SNAPSHOT");
	if (!path || !*path)
		path = tool_default_snapshot();
	if (!path || !*path) {
		fprintf(stderr, "entitycheck: no snapshot: give --snapshot or "
				"set ENTITYCHECK_SNAPSHOT\n");
		return TOOL_EXIT_SNAPSHOT;
	}
	*path_used = path;
	rc = ec_snapshot_open(out, path, &err);
	if (rc) {
		tool_error("cannot open the snapshot", rc, &err);
		return TOOL_EXIT_SNAPSHOT;
	}
	return TOOL_EXIT_OK;
}

int tool_parse_open(const struct global *g, const struct opts_cmd *cmd,
		    int argc, char **argv, void *dst, ec_snapshot **out,
		    const char **path_used)
{
	const char *path;
	int rc;

	if ((rc = opts_parse(cmd, argc, argv, dst)))
		return opts_exit(rc);
	if ((rc = tool_open_snapshot(g, out, &path)))
		return rc;
	if (path_used)
		*path_used = path;
	return -1;
}

typedef int (*command_fn)(const struct global *g, int argc, char **argv);

static command_fn find_command(const char *name)
{
	static const struct {
		const char *name;
		command_fn fn;
	} commands[] = {
		{"info", cmd_info},	  {"search", cmd_search},
		{"compare", cmd_compare}, {"build", cmd_build},
		{"check", cmd_check},	  {"diff", cmd_diff},
		{"screen", cmd_screen},	  {"update", cmd_update},
		{"serve", cmd_serve},	  {"clear", cmd_clear},
	};
	size_t k;

	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(name, commands[k].name) == 0)
			return commands[k].fn;
	return NULL;
}

int main(int argc, char **argv)
{
	struct main_args m = {{NULL, argv[0]}, 0};
	command_fn cmd;
	int rc;

	if ((rc = opts_parse(&main_cmd, argc, argv, &m)))
		return opts_exit(rc);
	if (!(cmd = find_command(argv[m.cmd])))
		return tool_usage(NULL, "unknown command '%.64s'", argv[m.cmd]);
	rc = cmd(&m.g, argc - m.cmd, argv + m.cmd);
	/*
	 * An answer that did not reach standard output is no answer: for
	 * check, exit 0 would read as "no license required".
	 */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "entitycheck: cannot write the output: %s\n",
			strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	return rc;
}

const char tool_fact_help[] =
	"identifying facts (doc/scoring.md):\n"
	"  --dob YYYY[-MM[-DD]]   date of birth\n"
	"  --nationality C        ISO 3166 code or English country name\n"
	"  --id-number N          passport, national ID or registration "
	"number\n"
	"  --id-type T            what --id-number is (\"Passport\")\n"
	"  --type T               person or organization\n";
