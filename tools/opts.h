/*
 * opts.h: table-driven option parsing for the entitycheck command, after
 * curl's aliases[]: one table per command says, for each option, its
 * names, its value, where the value goes and its help line.  opts_parse()
 * walks argv against the table and opts_help() prints --help from it, so
 * the usage errors, the synopsis and the option list cannot disagree.
 */
#ifndef EC_TOOL_OPTS_H
#define EC_TOOL_OPTS_H

#include <stddef.h>
#include <stdio.h>

/* What an option's value is, and what the parser stores at opt.off. */
enum opt_kind {
	OPT_FLAG,   /* no value: the int at off is set to 1 */
	OPT_STRING, /* const char * at off: the argument itself, not copied */
	OPT_CHOICE, /* one of the '|'-separated words of arg ("csv|jsonl"):
		       the int at off gets the word's index */
	OPT_INT,    /* a whole number in [lo, hi]: int at off */
	OPT_SIZE,   /* a whole number in [lo, hi]: size_t at off */
	OPT_DOUBLE, /* a number in [lo, hi]: double at off */
	OPT_CALL,   /* fn(ctx, value) does it (value NULL when arg is NULL) */
	OPT_HELP,   /* prints opts_help() to stdout; the parse ends (exit 0).
		       A table without one still takes --help */
	OPT_REST    /* positional that ends the parse, as the global options'
		       COMMAND: the int at off gets its index in argv */
};

enum opt_flag {
	OPT_REPEAT = 1 << 0,	 /* may be given again; otherwise "given twice"
				    (flags without a value may always repeat) */
	OPT_REQUIRED = 1 << 1,	 /* must be given; the synopsis shows no [] */
	OPT_ANCHOR = 1 << 2,	 /* starts a group, as --party does: the
				    OPT_FOLLOWS rows after it apply to it */
	OPT_FOLLOWS = 1 << 3,	 /* only after an OPT_ANCHOR option ("--role
				    must follow a --party"); once per anchor */
	OPT_NO_SYNOPSIS = 1 << 4 /* in the option lines, not the synopsis */
};

struct opts_cmd;

/* What an OPT_CALL function sees. */
struct opts_ctx {
	const struct opts_cmd *cmd;
	const struct opt *row; /* the option being applied */
	void *dst;	       /* the command's options (opts_parse's dst) */
	int nanchor;	       /* anchors so far: the latest is nanchor - 1 */
};

/*
 * An OPT_CALL function returns 0 to go on, OPTS_DONE to end the command
 * with exit 0, or an exit code after printing why (opts_bad() prints the
 * row's usage error).
 */
typedef int (*opts_fn)(const struct opts_ctx *c, const char *val);

/* One row of a command's table.  Rows with a NULL name are positional
 * arguments, filled in table order (OPT_STRING or OPT_REST). */
struct opt {
	const char *name; /* "--csl", or NULL for a positional */
	char short_name;  /* 'o' for -o, or 0 */
	enum opt_kind kind;
	unsigned flags;	  /* enum opt_flag */
	const char *arg;  /* the value's name in --help ("FILE"); NULL: takes
			     no value.  For a positional, its synopsis text */
	size_t off;	  /* where the value goes: offsetof() in dst's type */
	double lo, hi;	  /* the range of OPT_INT, OPT_SIZE and OPT_DOUBLE */
	const char *bad;  /* the usage error for a bad value, or for a missing
			     OPT_REQUIRED one; NULL: a generic text */
	opts_fn fn;	  /* OPT_CALL */
	const char *help; /* the option's line in --help (wrapped); NULL: not
			     listed */
};

/* A command: its table and the prose of its --help. */
struct opts_cmd {
	const char *name; /* "build"; NULL for the global options */
	int snapshot;	  /* synopsis starts [--snapshot PATH] */
	const struct opt *opts;
	size_t nopts;
	const char *about;	    /* --help: after the synopsis (or NULL) */
	void (*more_fn)(FILE *out); /* --help: after the option lines */
	const char *more;	    /* --help: last (exit codes...), or NULL */
	const char *extra;	    /* usage error for a positional too many;
				       NULL: "unexpected argument 'X'" */
};

/*
 * Rows of the common kinds, one call each (as curl's tables are one line a
 * row); a field a macro does not take is 0.  Rows of another shape (a
 * short name, flags on a string) are written out in full.
 */
#define OPTS_STRING(nm, ar, of, hp)                                            \
	{                                                                      \
		.name = nm, .kind = OPT_STRING, .arg = ar, .off = of,          \
		.help = hp                                                     \
	}
#define OPTS_FLAG(nm, of, hp)                                                  \
	{                                                                      \
		.name = nm, .kind = OPT_FLAG, .off = of, .help = hp            \
	}
/* OPT_CALL: fl are enum opt_flag, bd the usage error or NULL. */
#define OPTS_CALL(nm, fl, ar, f, bd, hp)                                       \
	{                                                                      \
		.name = nm, .kind = OPT_CALL, .flags = fl, .arg = ar, .fn = f, \
		.bad = bd, .help = hp                                          \
	}
/* OPT_INT, OPT_SIZE or OPT_DOUBLE (k) in [l, h]. */
#define OPTS_RANGE(k, nm, ar, of, l, h, bd, hp)                                \
	{                                                                      \
		.name = nm, .kind = k, .arg = ar, .off = of, .lo = l, .hi = h, \
		.bad = bd, .help = hp                                          \
	}
/* OPT_CHOICE: ar lists the words. */
#define OPTS_CHOICE(nm, ar, of, bd, hp)                                        \
	{                                                                      \
		.name = nm, .kind = OPT_CHOICE, .arg = ar, .off = of,          \
		.bad = bd, .help = hp                                          \
	}
/* A positional OPT_STRING. */
#define OPTS_ARG(fl, ar, of, bd, hp)                                           \
	{                                                                      \
		.kind = OPT_STRING, .flags = fl, .arg = ar, .off = of,         \
		.bad = bd, .help = hp                                          \
	}

#define OPTS_COUNT(table) (sizeof(table) / sizeof((table)[0]))
/* .opts and .nopts of a struct opts_cmd, from a table (an array). */
#define OPTS_TABLE(table) .opts = (table), .nopts = OPTS_COUNT(table)

/* opts_parse() and OPT_CALL: the command is done; exit 0. */
#define OPTS_DONE (-1)

/*
 * Parses argv[1..argc) (argv[0] is the command's name) into dst: "--name
 * VALUE", "--name=VALUE", "-s VALUE", flags, positionals; --help even when
 * the table has no row for it.  Returns 0 to go on; OPTS_DONE when --help
 * was printed or an OPT_CALL said so (exit 0); or, after printing the
 * usage error ("unknown option 'X'", "X needs a value", "X given twice",
 * the row's bad text, ...), the exit code (2, TOOL's TOOL_EXIT_USAGE).
 */
int opts_parse(const struct opts_cmd *cmd, int argc, char **argv, void *dst);

/* The exit code for a nonzero opts_parse() result. */
int opts_exit(int rc);

/* Prints the row's usage error (c->row->bad) and returns TOOL_EXIT_USAGE. */
int opts_bad(const struct opts_ctx *c);

/* Prints the command's --help: synopsis, about, option lines, more. */
void opts_help(const struct opts_cmd *cmd, FILE *out);

#endif
