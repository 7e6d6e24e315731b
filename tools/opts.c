/*
 * opts.c: walks a command's argv against its option table (opts.h) and
 * prints the command's --help from the same table; also the usage error
 * and number parsers of tool.h, which the commands share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "tool.h"

/* Rows per table: the parser counts each row's uses in a fixed array. */
#define OPTS_MAX 64
#define WIDTH 79

/* The state of one parse. */
struct parse {
	struct opts_ctx c;
	int argc;
	char **argv;
	int i;	     /* the argument being parsed */
	size_t npos; /* positionals taken */
	unsigned short seen[OPTS_MAX];
};

int tool_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "entitycheck%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'entitycheck %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return TOOL_EXIT_USAGE;
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

int opts_exit(int rc)
{
	return rc == OPTS_DONE ? TOOL_EXIT_OK : rc;
}

int opts_bad(const struct opts_ctx *c)
{
	if (c->row->bad)
		return tool_usage(c->cmd->name, "%s", c->row->bad);
	if (c->row->name)
		return tool_usage(c->cmd->name, "bad value for %s",
				  c->row->name);
	return tool_usage(c->cmd->name, "%s is missing", c->row->arg);
}

/* The row named by a (up to len bytes: "--name=value"), or NULL. */
static const struct opt *find_row(const struct opts_cmd *cmd, const char *a,
				  size_t len)
{
	size_t k;

	for (k = 0; k < cmd->nopts; k++) {
		const struct opt *o = &cmd->opts[k];

		if (!o->name)
			continue;
		if (strlen(o->name) == len && strncmp(a, o->name, len) == 0)
			return o;
		if (o->short_name && len == 2 && a[0] == '-' &&
		    a[1] == o->short_name)
			return o;
	}
	return NULL;
}

/* The index of word in a '|'-separated list, or -1. */
static int choice_index(const char *list, const char *word)
{
	size_t wl = strlen(word);
	int k = 0;

	while (*list) {
		size_t len = strcspn(list, "|");

		if (len == wl && strncmp(list, word, len) == 0)
			return k;
		list += len;
		if (*list == '|')
			list++;
		k++;
	}
	return -1;
}

/* Stores val (NULL for a flag) as the row's kind says. */
static int store(const struct opts_ctx *c, const char *val)
{
	const struct opt *o = c->row;
	char *at = (char *)c->dst + o->off;
	size_t n;
	double d;
	int k;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)(void *)at = 1;
		return 0;
	case OPT_STRING:
		*(const char **)(void *)at = val;
		return 0;
	case OPT_CHOICE:
		if ((k = choice_index(o->arg, val)) < 0)
			return opts_bad(c);
		*(int *)(void *)at = k;
		return 0;
	case OPT_INT:
	case OPT_SIZE:
		if (tool_parse_size(val, &n) || (double)n < o->lo ||
		    (double)n > o->hi)
			return opts_bad(c);
		if (o->kind == OPT_INT)
			*(int *)(void *)at = (int)n;
		else
			*(size_t *)(void *)at = n;
		return 0;
	case OPT_DOUBLE:
		if (tool_parse_double(val, o->lo, o->hi, &d))
			return opts_bad(c);
		*(double *)(void *)at = d;
		return 0;
	case OPT_CALL:
		return o->fn(c, val);
	case OPT_HELP:
		opts_help(c->cmd, stdout);
		return OPTS_DONE;
	case OPT_REST:
		break;
	}
	return 0;
}

/* Before a row is applied: it follows an anchor, it is not repeated. */
static int check_use(struct parse *p, const struct opt *o)
{
	const struct opts_cmd *cmd = p->c.cmd;
	size_t k, at = (size_t)(o - cmd->opts);

	if ((o->flags & OPT_FOLLOWS) && p->c.nanchor == 0) {
		for (k = 0; k < cmd->nopts; k++)
			if (cmd->opts[k].flags & OPT_ANCHOR)
				break;
		return tool_usage(cmd->name, "%s must follow a %s", o->name,
				  k < cmd->nopts ? cmd->opts[k].name
						 : "another option");
	}
	if (p->seen[at] && o->arg && !(o->flags & OPT_REPEAT))
		return tool_usage(cmd->name, "%s given twice", o->name);
	if (p->seen[at] < 0xffff)
		p->seen[at]++;
	if (o->flags & OPT_ANCHOR) {
		p->c.nanchor++;
		/* A new group: its options may be given once more. */
		for (k = 0; k < cmd->nopts; k++)
			if (cmd->opts[k].flags & OPT_FOLLOWS)
				p->seen[k] = 0;
	}
	return 0;
}

/* argv[p->i], which starts with '-': an option and maybe its value. */
static int take_option(struct parse *p)
{
	const char *a = p->argv[p->i], *eq = NULL, *val = NULL;
	const struct opt *o;
	int rc;

	if (a[1] == '-')
		eq = strchr(a, '=');
	o = find_row(p->c.cmd, a, eq ? (size_t)(eq - a) : strlen(a));
	if (!o && strcmp(a, "--help") == 0) {
		opts_help(p->c.cmd, stdout);
		return OPTS_DONE;
	}
	if (!o)
		return tool_usage(p->c.cmd->name, "unknown option '%.64s'", a);
	if (eq && !o->arg)
		return tool_usage(p->c.cmd->name, "%s takes no value", o->name);
	if (eq) {
		val = eq + 1;
	} else if (o->arg) {
		if (p->i + 1 >= p->argc)
			return tool_usage(p->c.cmd->name, "%s needs a value",
					  o->name);
		val = p->argv[++p->i];
	}
	if ((rc = check_use(p, o)))
		return rc;
	p->c.row = o;
	return store(&p->c, val);
}

/* argv[p->i] as the next positional argument; 1: the parse ends here. */
static int take_positional(struct parse *p)
{
	const struct opts_cmd *cmd = p->c.cmd;
	size_t k, n = 0;
	char *at;

	for (k = 0; k < cmd->nopts; k++)
		if (!cmd->opts[k].name && n++ == p->npos)
			break;
	if (k == cmd->nopts) {
		if (cmd->extra)
			return tool_usage(cmd->name, "%s", cmd->extra);
		return tool_usage(cmd->name, "unexpected argument '%.64s'",
				  p->argv[p->i]);
	}
	p->npos++;
	p->seen[k]++;
	at = (char *)p->c.dst + cmd->opts[k].off;
	if (cmd->opts[k].kind == OPT_REST) {
		*(int *)(void *)at = p->i;
		return 1;
	}
	*(const char **)(void *)at = p->argv[p->i];
	return 0;
}

/* After the arguments: every OPT_REQUIRED row was given. */
static int check_required(struct parse *p)
{
	const struct opts_cmd *cmd = p->c.cmd;
	size_t k;

	for (k = 0; k < cmd->nopts; k++) {
		const struct opt *o = &cmd->opts[k];

		if (!(o->flags & OPT_REQUIRED) || p->seen[k])
			continue;
		if (!o->bad && o->name)
			return tool_usage(cmd->name, "%s is required", o->name);
		p->c.row = o;
		return opts_bad(&p->c);
	}
	return 0;
}

int opts_parse(const struct opts_cmd *cmd, int argc, char **argv, void *dst)
{
	struct parse p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.c.cmd = cmd;
	p.c.dst = dst;
	p.argc = argc;
	p.argv = argv;
	if (cmd->nopts > OPTS_MAX) {
		fprintf(stderr,
			"entitycheck: %s: too many options in the "
			"table\n",
			cmd->name ? cmd->name : "");
		return TOOL_EXIT_FAILURE;
	}
	for (p.i = 1; p.i < argc; p.i++) {
		const char *a = argv[p.i];

		if (a[0] == '-' && a[1])
			rc = take_option(&p);
		else
			rc = take_positional(&p);
		if (rc == 1)
			break;
		if (rc)
			return rc;
	}
	return check_required(&p);
}

/* -- --help ------------------------------------------------------------ */

/* Prints text at column indent (where the line is), wrapped at WIDTH. */
static void put_wrapped(FILE *out, const char *text, size_t indent)
{
	size_t col = indent;

	while (*text) {
		size_t len = strcspn(text, " ");

		if (col > indent && col + 1 + len > WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)len, text);
		col += len;
		text += len;
		while (*text == ' ')
			text++;
	}
}

/* Prints a synopsis item after a space, or on a new line if it does not
 * fit; returns the column reached. */
static size_t put_item(FILE *out, const char *item, size_t col, size_t indent)
{
	size_t len = strlen(item);

	if (col + 1 + len > WIDTH && col > indent) {
		fprintf(out, "\n%*s", (int)indent, "");
		col = indent;
	} else {
		fputc(' ', out);
		col++;
	}
	fputs(item, out);
	return col + len;
}

/* One synopsis item: "[--name ARG]", "--name ARG", "[--name ARG]...". */
static void synopsis_item(const struct opt *o, char *buf, size_t n)
{
	int req = (o->flags & OPT_REQUIRED) != 0;
	const char *dots = (o->flags & OPT_REPEAT) && !(o->flags & OPT_ANCHOR)
				   ? "..."
				   : "";

	if (!o->name)
		snprintf(buf, n, "%s%s%s", req ? "" : "[", o->arg,
			 req ? "" : "]");
	else
		snprintf(buf, n, "%s%s%s%s%s%s", req ? "" : "[", o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "",
			 req ? "" : "]", dots);
}

/* Whether row k ends a repeatable anchor's group: "--party NAME [--role
 * R] ...". */
static int group_repeats(const struct opts_cmd *cmd, size_t k)
{
	size_t a = k;

	if (!(cmd->opts[k].flags & (OPT_ANCHOR | OPT_FOLLOWS)))
		return 0;
	if (k + 1 < cmd->nopts && (cmd->opts[k + 1].flags & OPT_FOLLOWS))
		return 0;
	while (a > 0 && !(cmd->opts[a].flags & OPT_ANCHOR))
		a--;
	return (cmd->opts[a].flags & (OPT_ANCHOR | OPT_REPEAT)) ==
	       (OPT_ANCHOR | OPT_REPEAT);
}

static int in_synopsis(const struct opt *o)
{
	return o->kind != OPT_HELP && !(o->flags & OPT_NO_SYNOPSIS);
}

static void print_synopsis(const struct opts_cmd *cmd, FILE *out)
{
	char head[128], item[160];
	size_t k, col, indent;

	snprintf(head, sizeof(head), "usage: entitycheck%s%s%s",
		 cmd->snapshot ? " [--snapshot PATH]" : "",
		 cmd->name ? " " : "", cmd->name ? cmd->name : "");
	fputs(head, out);
	col = strlen(head);
	/* Continuation lines line up under the first item, or under the
	 * command's name when that is far right. */
	indent = col + 1 <= 40 ? col + 1 : strlen("usage: entitycheck ");
	for (k = 0; k < cmd->nopts; k++) {
		const struct opt *o = &cmd->opts[k];

		if (!in_synopsis(o))
			continue;
		synopsis_item(o, item, sizeof(item));
		col = put_item(out, item, col, indent);
		if (group_repeats(cmd, k))
			col = put_item(out, "...", col, indent);
	}
	fputc('\n', out);
}

/* "  -o, --output SNAPSHOT" */
static void option_left(const struct opt *o, char *buf, size_t n)
{
	if (!o->name)
		snprintf(buf, n, "  %s", o->arg);
	else if (o->short_name)
		snprintf(buf, n, "  -%c, %s%s%s", o->short_name, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(buf, n, "  %s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
}

static void print_options(const struct opts_cmd *cmd, FILE *out)
{
	char left[160];
	size_t k, w = strlen("  --help");
	int help_row = 0;

	for (k = 0; k < cmd->nopts; k++) {
		option_left(&cmd->opts[k], left, sizeof(left));
		if (cmd->opts[k].help && strlen(left) > w && strlen(left) <= 24)
			w = strlen(left);
		help_row |= cmd->opts[k].kind == OPT_HELP;
	}
	fputs("\noptions:\n", out);
	for (k = 0; k < cmd->nopts; k++) {
		const struct opt *o = &cmd->opts[k];
		size_t len;

		if (!o->help)
			continue;
		option_left(o, left, sizeof(left));
		fputs(left, out);
		len = strlen(left);
		/* A long left part puts the help on the next line. */
		if (len > w)
			fprintf(out, "\n%*s", (int)(w + 2), "");
		else
			fprintf(out, "%*s", (int)(w + 2 - len), "");
		put_wrapped(out, o->help, w + 2);
		fputc('\n', out);
	}
	if (!help_row)
		fprintf(out, "  %-*s%s\n", (int)w, "--help", "this text");
}

void opts_help(const struct opts_cmd *cmd, FILE *out)
{
	print_synopsis(cmd, out);
	if (cmd->about)
		fprintf(out, "\n%s", cmd->about);
	print_options(cmd, out);
	if (cmd->more_fn)
		cmd->more_fn(out);
	if (cmd->more)
		fprintf(out, "\n%s", cmd->more);
}
