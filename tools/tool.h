/*
 * tool.h: shared parts of the entitycheck command: exit codes, option
 * parsing helpers and error printing.  The tool uses the public API only.
 */
#ifndef EC_TOOL_H
#define EC_TOOL_H

#include <entitycheck/entitycheck.h>

/* Exit codes (documented in --help, the README and entitycheck(1)). */
enum {
	TOOL_EXIT_OK = 0,	/* success; for check: no license required */
	TOOL_EXIT_USAGE = 2,	/* bad command line */
	TOOL_EXIT_SNAPSHOT = 3, /* snapshot missing, damaged or too new */
	TOOL_EXIT_INPUT = 4,	/* malformed input file (CSV, rules, ...) */
	TOOL_EXIT_FAILURE = 5,	/* I/O error, out of memory, other failure;
			       for update: a download failed */
	TOOL_EXIT_REFUSED = 6,	/* update: a list shrank too much */
	/* check only: the answer's status */
	TOOL_EXIT_NLR_CONDITIONS = 10, /* NLR_WITH_CONDITIONS */
	TOOL_EXIT_LICENSED = 11, /* a license the supplier holds covers it */
	TOOL_EXIT_LICENSE_REQUIRED = 20,
	TOOL_EXIT_PROHIBITED = 30,
	TOOL_EXIT_NEEDS_REVIEW_FLAG = 1 /* added to the status code */
};

struct global {
	const char *snapshot; /* --snapshot, or NULL */
	const char *prog;
};

/* Prints "entitycheck: <what>: <detail>" and returns the exit code. */
int tool_error(const char *what, int code, const ec_error *err);
/*
 * Reports a register that could not be read (what: "the license
 * register"), with the way out when its bytes are not UTF-8; returns the
 * exit code.
 */
int tool_register_error(const char *what, int code, const ec_error *err);
/* Maps a library error code to an exit code. */
int tool_exit_for(int code);
/* Opens the snapshot chosen by --snapshot, the environment or default. */
int tool_open_snapshot(const struct global *g, ec_snapshot **out,
		       const char **path_used);
struct opts_cmd;
/*
 * The start of a command that reads the snapshot: parses argv against
 * cmd into dst (opts_parse), then opens the snapshot as
 * tool_open_snapshot() does (path_used may be NULL).  Returns -1 to go
 * on, with *out open; or the exit code, after --help or the error.
 */
int tool_parse_open(const struct global *g, const struct opts_cmd *cmd,
		    int argc, char **argv, void *dst, ec_snapshot **out,
		    const char **path_used);
/* Says where the default snapshot is looked for. */
const char *tool_default_snapshot(void);
/*
 * The default rules folder: the installed rules, or the source tree's
 * data/rules for the tool of the build tree; NULL when neither exists.
 */
const char *tool_default_rules(void);

/* Usage error with a hint to --help; returns TOOL_EXIT_USAGE. */
int tool_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Parses a number in [lo, hi]; returns 0 on success. */
int tool_parse_double(const char *s, double lo, double hi, double *out);
int tool_parse_size(const char *s, size_t *out);

/* Usage text of the identifying-fact options (--dob, --nationality,
 * --id-number, --id-type, --type), for the commands' --help. */
extern const char tool_fact_help[];
/*
 * The same options for a command's table: ROW(option, its value's name,
 * the member of ec_party_facts it sets), once each, with the commas.
 */
/* clang-format off */
#define TOOL_FACT_ROWS(ROW)                                                    \
	ROW("--dob", "D", date_of_birth),                                      \
	ROW("--nationality", "C", nationality),                                \
	ROW("--id-number", "N", id_number),                                    \
	ROW("--id-type", "T", id_type),                                        \
	ROW("--type", "T", type)
/* clang-format on */

struct json;
/* Writes decision d of query q as one JSON object. */
void tool_decision_json(struct json *j, const ec_decision *d,
			const ec_check_query *q);

/* ---- shared with `serve` (tools/serve_*.c) ---- */
/* The members of `info --json`, inside an object the caller opened. */
void tool_info_fields(struct json *j, const ec_snapshot_info *in,
		      const char *path);
/* t as YYYY-MM-DDTHH:MM:SSZ. */
void tool_fmt_time(long long t, char *buf, size_t n);
/* The object `search --json` writes. */
void tool_matches_json(struct json *j, const char *name,
		       const ec_search_opts *o, const ec_matches *m);

/* `screen`'s decisions one row at a time (cmd_screen.c). */
struct row;
typedef struct screen_rows screen_rows;
/* snap is borrowed; date is the default date of rows without one. */
int screen_rows_new(screen_rows **out, ec_snapshot *snap, const char *date,
		    int csv_out);
/*
 * Decides r (its fields are taken over) into *line (malloc'ed, the line
 * `screen` writes, or NULL); *status is EC_STATUS_* or -1 for an error
 * row.  Returns -1 when the failure is not the row's (memory, database).
 */
int screen_rows_decide(screen_rows *s, struct row *r, char **line, size_t *len,
		       int *status);
const char *screen_rows_csv_header(void);
void screen_rows_free(screen_rows *s);

int cmd_serve(const struct global *g, int argc, char **argv);

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
