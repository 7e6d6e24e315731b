/*
 * entitycheck.c: the command's entry point: global options and dispatch to
 * the commands (cmd_*.c files hold one command each).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#ifndef EC_INSTALLED_SNAPSHOT
#define EC_INSTALLED_SNAPSHOT ""
#endif
#ifndef EC_BUILD_SNAPSHOT
#define EC_BUILD_SNAPSHOT ""
#endif

static const char usage[] =
	"usage: entitycheck [--snapshot PATH] COMMAND [ARGS]\n"
	"\n"
	"Screens parties against US restricted-party lists and explains the\n"
	"result.\n"
	"\n"
	"commands:\n"
	"  check --party NAME [--item ECCN] [--date D] [...] [--json]\n"
	"                                does this shipment need a license, and\n"
	"                                why? (see 'entitycheck check --help')\n"
	"  screen [FILE|-] [--format jsonl|csv] [--threads N]\n"
	"                                one decision per row of a CSV or JSON\n"
	"                                Lines file (see 'entitycheck screen --help')\n"
	"  clear --register FILE --reviewer WHO --reason TEXT [ROW]\n"
	"                                record a screen hit as a false positive\n"
	"                                (see 'entitycheck clear --help')\n"
	"  info [--json]                 what the snapshot holds\n"
	"  search NAME [--json] [--limit N] [--min-score S] [--country CC]\n"
	"              [--address TEXT] [--list CODE]\n"
	"                                screen a name against every name and alias\n"
	"  compare NAME1 NAME2 [--json]  score two names and explain the score\n"
	"  build [--csl FILE] [--ofac-dir DIR] [--dpl FILE] [--un FILE]\n"
	"        [--rules DIR] --output SNAPSHOT [--description TEXT]\n"
	"                                make a snapshot from the official lists\n"
	"  diff OLD NEW [--json]         what changed between two snapshots\n"
	"  update [--sources csl,ofac,dpl,un] [--force] [...]\n"
	"                                download the official lists and replace\n"
	"                                the snapshot safely (see 'update --help')\n"
	"\n"
	"options:\n"
	"  --snapshot PATH   the snapshot to use; otherwise $ENTITYCHECK_SNAPSHOT,\n"
	"                    otherwise the default snapshot\n"
	"  --help            this text; COMMAND --help for a command's\n"
	"  --version         the tool and library versions\n"
	"\n"
	"The default snapshot is a small dated SAMPLE of real Entity List and other\n"
	"entries, for trying the tool. For real screening build a snapshot from the\n"
	"current official Consolidated Screening List download\n"
	"(https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv):\n"
	"  entitycheck build --csl consolidated.csv --rules DATA/rules \\\n"
	"      --output csl.ecsnap\n"
	"\n"
	"exit codes: 0 success, 2 usage error, 3 snapshot error, 4 malformed\n"
	"input file, 5 other failure (I/O, memory, a download); 6 update\n"
	"refused because a list shrank; check also returns 10, 11, 20, 30 by\n"
	"status (see 'entitycheck check --help').\n";

int tool_exit_for(int code)
{
	switch (code) {
	case EC_OK:
		return EXIT_OK;
	case EC_EINVAL:
		return EXIT_USAGE;
	case EC_EFORMAT:
	case EC_EVERSION:
	case EC_EDB:
		return EXIT_SNAPSHOT;
	case EC_EPARSE:
	case EC_ELIMIT:
		return EXIT_INPUT;
	}
	return EXIT_FAILURE_;
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

int tool_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "entitycheck%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'entitycheck %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

int tool_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int tool_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v > 1000000000ULL)
		return -1;
	*out = (size_t)v;
	return 0;
}

const char *tool_default_snapshot(void)
{
	if (EC_INSTALLED_SNAPSHOT[0] && access(EC_INSTALLED_SNAPSHOT, R_OK) == 0)
		return EC_INSTALLED_SNAPSHOT;
	if (EC_BUILD_SNAPSHOT[0] && access(EC_BUILD_SNAPSHOT, R_OK) == 0)
		return EC_BUILD_SNAPSHOT;
	return EC_INSTALLED_SNAPSHOT[0] ? EC_INSTALLED_SNAPSHOT
					: EC_BUILD_SNAPSHOT;
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
		return EXIT_USAGE;
	}
	if (!path)
		path = getenv("ENTITYCHECK_SNAPSHOT");
	if (!path || !*path)
		path = tool_default_snapshot();
	if (!path || !*path) {
		fprintf(stderr, "entitycheck: no snapshot: give --snapshot or "
				"set ENTITYCHECK_SNAPSHOT\n");
		return EXIT_SNAPSHOT;
	}
	*path_used = path;
	rc = ec_snapshot_open(out, path, &err);
	if (rc) {
		tool_error("cannot open the snapshot", rc, &err);
		return EXIT_SNAPSHOT;
	}
	return EXIT_OK;
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
		{"clear", cmd_clear},
	};
	size_t k;

	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(name, commands[k].name) == 0)
			return commands[k].fn;
	return NULL;
}

int main(int argc, char **argv)
{
	struct global g = {NULL, argv[0]};
	command_fn cmd;
	int i = 1, rc;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("entitycheck %s (library %s, snapshot format %d)\n",
			       EC_VERSION, ec_version(), EC_SNAPSHOT_FORMAT);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--snapshot") == 0) {
			if (i + 1 >= argc)
				return tool_usage(NULL, "--snapshot needs a path");
			if (g.snapshot)
				return tool_usage(NULL,
						  "--snapshot given twice");
			g.snapshot = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--snapshot=", 11) == 0) {
			g.snapshot = argv[i] + 11;
			i++;
			continue;
		}
		return tool_usage(NULL, "unknown option '%.64s'", argv[i]);
	}
	if (i >= argc)
		return tool_usage(NULL, "no command given");
	if (!(cmd = find_command(argv[i])))
		return tool_usage(NULL, "unknown command '%.64s'", argv[i]);
	rc = cmd(&g, argc - i, argv + i);
	/*
	 * An answer that did not reach standard output is no answer: for
	 * check, exit 0 would read as "no license required".
	 */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "entitycheck: cannot write the output: %s\n",
			strerror(errno));
		return EXIT_FAILURE_;
	}
	return rc;
}
