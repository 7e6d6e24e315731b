/*
 * test_opts.c: the command's option parser (tools/opts.c) on a table with
 * every kind of row: the values it stores, each usage error and its text,
 * options that follow an anchor (--party), positionals, and --help.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "opts.h"
#include "tool.h"

#define MAXP 4

struct t_args {
	const char *names[MAXP], *roles[MAXP];
	const char *item, *in, *out;
	int fmt, threads, json;
	size_t limit;
	double score;
};

static int add_party(const struct opts_ctx *c, const char *val)
{
	struct t_args *t = c->dst;

	if (c->nanchor > MAXP)
		return tool_usage("t", "at most %d parties", MAXP);
	t->names[c->nanchor - 1] = val;
	return 0;
}

static int set_role(const struct opts_ctx *c, const char *val)
{
	struct t_args *t = c->dst;

	if (strcmp(val, "king") == 0)
		return opts_bad(c);
	t->roles[c->nanchor - 1] = val;
	return 0;
}

#define T(field) offsetof(struct t_args, field)

static const struct opt t_table[] = {
	{.kind = OPT_STRING, .arg = "IN", .off = T(in), .help = "input"},
	{.kind = OPT_STRING, .arg = "OUT", .off = T(out)},
	{.name = "--party",
	 .kind = OPT_CALL,
	 .flags = OPT_ANCHOR | OPT_REPEAT | OPT_REQUIRED,
	 .arg = "NAME",
	 .fn = add_party,
	 .help = "a party"},
	{.name = "--role",
	 .kind = OPT_CALL,
	 .flags = OPT_FOLLOWS,
	 .arg = "R",
	 .fn = set_role,
	 .bad = "unknown role",
	 .help = "its role"},
	{.name = "--item",
	 .kind = OPT_STRING,
	 .arg = "ECCN",
	 .off = T(item),
	 .help = "the item"},
	{.name = "--format",
	 .kind = OPT_CHOICE,
	 .arg = "csv|jsonl",
	 .off = T(fmt),
	 .bad = "--format is csv or jsonl"},
	{.name = "--threads",
	 .kind = OPT_INT,
	 .arg = "N",
	 .off = T(threads),
	 .lo = 1,
	 .hi = 64,
	 .bad = "--threads must be 1 to 64"},
	{.name = "--limit",
	 .kind = OPT_SIZE,
	 .arg = "N",
	 .off = T(limit),
	 .lo = 0,
	 .hi = 1000},
	{.name = "--min-score",
	 .kind = OPT_DOUBLE,
	 .arg = "S",
	 .off = T(score),
	 .lo = 0,
	 .hi = 1,
	 .bad = "--min-score is 0 to 1"},
	{.name = "--json",
	 .short_name = 'j',
	 .kind = OPT_FLAG,
	 .off = T(json),
	 .help = "words words words words words words words words words words "
		 "words words words words words words words words words"},
};

static const struct opts_cmd t_cmd = {
	.name = "t",
	.snapshot = 1,
	OPTS_TABLE(t_table),
	.about = "About t.\n",
	.more = "More.\n",
};

static char err_text[2048];

/* opts_parse() on the NULL-terminated arguments after "t", with what it
 * prints on stderr in err_text. */
static int parse(const struct opts_cmd *cmd, void *dst, ...)
{
	char *argv[32];
	int argc = 0, saved, rc;
	size_t n;
	FILE *tmp = tmpfile();
	va_list ap;

	assert_non_null(tmp);
	argv[argc++] = (char *)"t";
	va_start(ap, dst);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);
	rc = opts_parse(cmd, argc, argv, dst);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(err_text, 1, sizeof(err_text) - 1, tmp);
	err_text[n] = '\0';
	fclose(tmp);
	return rc;
}

/* A usage error: exit 2, the text, and the hint to --help. */
static void assert_usage(int rc, const char *text)
{
	assert_int_equal(rc, TOOL_EXIT_USAGE);
	if (!strstr(err_text, text))
		fail_msg("wanted \"%s\" in: %s", text, err_text);
	assert_non_null(strstr(err_text, "Try 'entitycheck t --help'."));
}

static void test_values(void **state)
{
	struct t_args t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(&t_cmd, &t, "in.csv", "--party", "A", "--role",
			       "end_user", "--party", "B", "--item=5A002",
			       "--format", "jsonl", "--threads", "8", "--limit",
			       "0", "--min-score", "0.5", "-j", "-", "--json",
			       NULL),
			 0);
	assert_string_equal(err_text, "");
	assert_string_equal(t.in, "in.csv");
	assert_string_equal(t.out, "-");
	assert_string_equal(t.names[0], "A");
	assert_string_equal(t.roles[0], "end_user");
	assert_string_equal(t.names[1], "B");
	assert_null(t.roles[1]);
	assert_string_equal(t.item, "5A002");
	assert_int_equal(t.fmt, 1);
	assert_int_equal(t.threads, 8);
	assert_int_equal(t.limit, 0);
	assert_true(t.score == 0.5);
	assert_int_equal(t.json, 1);
}

static void test_usage_errors(void **state)
{
	struct t_args t;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* --help without a row for it; the usage errors before it count. */
	assert_int_equal(parse(&t_cmd, &t, "--help", "--frob", NULL),
			 OPTS_DONE);
	assert_usage(parse(&t_cmd, &t, "--frob", "--help", NULL),
		     "unknown option '--frob'");
	assert_usage(parse(&t_cmd, &t, "--frob", NULL),
		     "entitycheck t: unknown option '--frob'");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--item", NULL),
		     "--item needs a value");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--item", "1", "--item",
			   "2", NULL),
		     "--item given twice");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--json=1", NULL),
		     "--json takes no value");
	assert_usage(parse(&t_cmd, &t, "--item", "1", NULL),
		     "--party is required");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "a", "b", "c", NULL),
		     "unexpected argument 'c'");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--format", "xml", NULL),
		     "--format is csv or jsonl");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--limit", "-1", NULL),
		     "bad value for --limit");
}

static void test_numbers(void **state)
{
	static const char *const bad_threads[] = {
		"0", "65", "x", "-1", "1e3", "99999999999999999999", ""};
	static const char *const bad_scores[] = {"nan", "-0.1",	     "1.5",
						 "inf", "0x1p-2000", "0.5x"};
	struct t_args t;
	size_t k;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (k = 0; k < sizeof(bad_threads) / sizeof(bad_threads[0]); k++)
		assert_usage(parse(&t_cmd, &t, "--party", "A", "--threads",
				   bad_threads[k], NULL),
			     "--threads must be 1 to 64");
	for (k = 0; k < sizeof(bad_scores) / sizeof(bad_scores[0]); k++)
		assert_usage(parse(&t_cmd, &t, "--party", "A", "--min-score",
				   bad_scores[k], NULL),
			     "--min-score is 0 to 1");
	assert_int_equal(parse(&t_cmd, &t, "--party", "A", "--threads", "64",
			       "--min-score", "1", NULL),
			 0);
	assert_int_equal(t.threads, 64);
}

/* --role applies to the --party before it, once per party. */
static void test_anchor(void **state)
{
	struct t_args t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_usage(
		parse(&t_cmd, &t, "--role", "end_user", "--party", "A", NULL),
		"--role must follow a --party");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--role", "x", "--role",
			   "y", NULL),
		     "--role given twice");
	assert_usage(parse(&t_cmd, &t, "--party", "A", "--role", "king", NULL),
		     "unknown role");
	memset(&t, 0, sizeof(t));
	assert_int_equal(parse(&t_cmd, &t, "--party", "A", "--role", "x",
			       "--party", "B", "--role", "y", NULL),
			 0);
	assert_string_equal(t.roles[0], "x");
	assert_string_equal(t.roles[1], "y");
	assert_usage(parse(&t_cmd, &t, "--party", "1", "--party", "2",
			   "--party", "3", "--party", "4", "--party", "5",
			   NULL),
		     "at most 4 parties");
}

struct g_args {
	const char *snapshot;
	int cmd;
};

static int g_version(const struct opts_ctx *c, const char *val)
{
	(void)c;
	(void)val;
	return OPTS_DONE;
}

static const struct opt g_table[] = {
	{.name = "--snapshot",
	 .kind = OPT_STRING,
	 .arg = "PATH",
	 .off = offsetof(struct g_args, snapshot),
	 .help = "the snapshot"},
	{.name = "--version",
	 .kind = OPT_CALL,
	 .flags = OPT_NO_SYNOPSIS,
	 .fn = g_version,
	 .help = "versions"},
	{.name = "--help",
	 .short_name = 'h',
	 .kind = OPT_HELP,
	 .help = "the help"},
	{.kind = OPT_REST,
	 .flags = OPT_REQUIRED,
	 .arg = "COMMAND [ARGS]",
	 .off = offsetof(struct g_args, cmd),
	 .bad = "no command given"},
};

static const struct opts_cmd g_cmd = {
	OPTS_TABLE(g_table),
};

/* The global options: the parse ends at the command. */
static void test_rest(void **state)
{
	struct g_args g = {NULL, 0};

	(void)state;
	assert_int_equal(parse(&g_cmd, &g, "--snapshot=s.ecsnap", "info",
			       "--frob", NULL),
			 0);
	assert_string_equal(g.snapshot, "s.ecsnap");
	assert_int_equal(g.cmd, 2);
	assert_int_equal(parse(&g_cmd, &g, NULL), TOOL_EXIT_USAGE);
	assert_non_null(strstr(err_text, "entitycheck: no command given"));
	assert_non_null(strstr(err_text, "Try 'entitycheck --help'."));
	assert_int_equal(parse(&g_cmd, &g, "--version", "info", NULL),
			 OPTS_DONE);
	assert_int_equal(parse(&g_cmd, &g, "-h", "info", NULL), OPTS_DONE);
	assert_int_equal(opts_exit(OPTS_DONE), TOOL_EXIT_OK);
	assert_int_equal(opts_exit(TOOL_EXIT_USAGE), TOOL_EXIT_USAGE);
}

/* What opts_help() prints for cmd, in out. */
static void help_text(const struct opts_cmd *cmd, char *out, size_t size)
{
	FILE *f = tmpfile();
	size_t n;

	assert_non_null(f);
	opts_help(cmd, f);
	rewind(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

static const struct opt a_table[] = {
	{.name = "--party",
	 .kind = OPT_CALL,
	 .flags = OPT_ANCHOR | OPT_REPEAT,
	 .arg = "NAME",
	 .fn = add_party},
};

static const struct opts_cmd a_cmd = {.name = "a", OPTS_TABLE(a_table)};

static void test_help(void **state)
{
	char out[4096], *line;

	(void)state;
	help_text(&a_cmd, out, sizeof(out));
	assert_non_null(
		strstr(out, "usage: entitycheck a [--party NAME] ...\n"));
	help_text(&t_cmd, out, sizeof(out));
	assert_non_null(strstr(out, "usage: entitycheck [--snapshot PATH] t "
				    "[IN] [OUT] --party NAME [--role R] ..."));
	assert_non_null(strstr(out, "[--format csv|jsonl]"));
	assert_non_null(strstr(out, "\nAbout t.\n\noptions:\n"));
	assert_non_null(strstr(out, "  IN "));
	assert_null(strstr(out, "  OUT ")); /* no help line: not listed */
	assert_non_null(strstr(out, "  -j, --json "));
	assert_non_null(strstr(out, "  --help "));
	assert_null(strstr(out, "[--help]"));
	assert_non_null(strstr(out, "\nMore.\n"));
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		if (strlen(line) > 79)
			fail_msg("line over 79 columns: %s", line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_anchor),
		cmocka_unit_test(test_rest),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
