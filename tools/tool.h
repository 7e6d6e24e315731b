/*
 * tool.h: shared parts of the entitycheck command: exit codes, option
 * parsing helpers and error printing.  The tool uses the public API only.
 */
#ifndef EC_TOOL_H
#define EC_TOOL_H

#include <entitycheck/entitycheck.h>

/* Exit codes (documented in --help, the README and entitycheck(1)). */
enum {
	EXIT_OK = 0,            /* success; for check: no license required */
	EXIT_USAGE = 2,         /* bad command line */
	EXIT_SNAPSHOT = 3,      /* snapshot missing, damaged or too new */
	EXIT_INPUT = 4,         /* malformed input file (CSV, rules, ...) */
	EXIT_FAILURE_ = 5,      /* I/O error, out of memory, other failure;
				   for update: a download failed */
	EXIT_REFUSED = 6,       /* update: a list shrank too much */
	/* check only: the answer's status */
	EXIT_NLR_CONDITIONS = 10, /* NLR_WITH_CONDITIONS */
	EXIT_LICENSED = 11,       /* a license the supplier holds covers it */
	EXIT_LICENSE_REQUIRED = 20,
	EXIT_PROHIBITED = 30,
	EXIT_NEEDS_REVIEW_FLAG = 1 /* added to the status code */
};

struct global {
	const char *snapshot; /* --snapshot, or NULL */
	const char *prog;
};

/* Prints "entitycheck: <what>: <detail>" and returns the exit code. */
int tool_error(const char *what, int code, const ec_error *err);
/* Maps a library error code to an exit code. */
int tool_exit_for(int code);
/* Opens the snapshot chosen by --snapshot, the environment or default. */
int tool_open_snapshot(const struct global *g, ec_snapshot **out,
		       const char **path_used);
/* Says where the default snapshot is looked for. */
const char *tool_default_snapshot(void);

/* Usage error with a hint to --help; returns EXIT_USAGE. */
int tool_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Parses a number in [lo, hi]; returns 0 on success. */
int tool_parse_double(const char *s, double lo, double hi, double *out);
int tool_parse_size(const char *s, size_t *out);

struct json;
/* Writes decision d of query q as one JSON object. */
void tool_decision_json(struct json *j, const ec_decision *d,
			const ec_check_query *q);

int cmd_info(const struct global *g, int argc, char **argv);
int cmd_search(const struct global *g, int argc, char **argv);
int cmd_compare(const struct global *g, int argc, char **argv);
int cmd_build(const struct global *g, int argc, char **argv);
int cmd_check(const struct global *g, int argc, char **argv);
int cmd_diff(const struct global *g, int argc, char **argv);
int cmd_screen(const struct global *g, int argc, char **argv);
int cmd_update(const struct global *g, int argc, char **argv);
int cmd_clear(const struct global *g, int argc, char **argv);

#endif
