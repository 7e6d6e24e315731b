/*
 * cmd_clear.c: `entitycheck clear`: an analyst's decision that a hit is a
 * false positive, appended to a cleared-hits register from the screen (or
 * check --json) result row the analyst reviewed, so that nobody types an
 * entry fingerprint by hand.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jread.h"
#include "opts.h"
#include "tool.h"

static const char header[] = "party_id,party_name,entry_id,"
			     "entry_fingerprint,reviewer,date,expires,reason\n";

struct clear_args {
	const char *reg, *reviewer, *reason, *entry, *expires, *date, *row;
	int by_name;
};

static void csv_put(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		/* One physical line per decision. */
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

/* The whole row file as one string; NULL with errno on failure. */
static char *slurp(const char *path)
{
	FILE *f = !path || !strcmp(path, "-") ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 > cap) {
			char *b = realloc(buf, cap = cap * 2 + 8192);

			if (!b || cap > (1u << 24)) {
				free(b ? b : buf);
				buf = NULL;
				errno = b ? EFBIG : ENOMEM;
				break;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	if (buf)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

/* The match of row to clear: --entry's, or the only one. */
static const jr_value *pick_match(const jr_value *row, const char *entry)
{
	const jr_value *ms = jr_get(row, "matches");
	size_t i;

	if (!ms || ms->type != JR_ARR)
		return NULL;
	if (!entry)
		return ms->n == 1 ? ms->items[0] : NULL;
	for (i = 0; i < ms->n; i++) {
		const char *id = jr_str(ms->items[i], "entry_id");

		if (id && !strcmp(id, entry))
			return ms->items[i];
	}
	return NULL;
}

/* Whether s is a YYYY-MM-DD date (the register refuses anything else). */
static int is_date(const char *s)
{
	int y, m, d, n = 0;

	return strlen(s) == 10 &&
	       sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

#define CA(member) offsetof(struct clear_args, member)

/* A value that goes into the register: an empty one is none. */
static int opt_value(const struct opts_ctx *c, const char *v)
{
	if (!*v)
		return tool_usage("clear", "%s needs a value", c->row->name);
	*(const char **)(void *)((char *)c->dst + c->row->off) = v;
	return 0;
}

#define NEEDED "--register, --reviewer and --reason are needed"

/* A value for the register, which opt_value() stores at of. */
#define VALUE_ROW(nm, fl, ar, of, bd, hp)                                      \
	{                                                                      \
		.name = nm, .kind = OPT_CALL, .flags = fl, .arg = ar,          \
		.off = of, .fn = opt_value, .bad = bd, .help = hp              \
	}

static const struct opt clear_table[] = {
	VALUE_ROW("--register", OPT_REQUIRED, "FILE", CA(reg), NEEDED,
		  "the cleared-hits register (created when missing)"),
	VALUE_ROW("--reviewer", OPT_REQUIRED, "WHO", CA(reviewer), NEEDED,
		  "who decided"),
	VALUE_ROW("--reason", OPT_REQUIRED, "TEXT", CA(reason), NEEDED,
		  "why the hit is a false positive"),
	VALUE_ROW("--entry", 0, "ENTRY_ID", CA(entry), NULL,
		  "the entry of the hit (not needed when the row has one "
		  "match)"),
	VALUE_ROW("--expires", 0, "YYYY-MM-DD", CA(expires), NULL,
		  "when the decision lapses"),
	VALUE_ROW("--date", 0, "YYYY-MM-DD", CA(date), NULL,
		  "the date of the decision (default today)"),
	OPTS_FLAG("--by-name", CA(by_name),
		  "the party is the row's normalized name, even when it has "
		  "an id"),
	OPTS_ARG(0, "ROW_FILE|-", CA(row), NULL,
		 "the result row (one JSON line; default: standard input)"),
};

static const struct opts_cmd clear_cmd = {
	.name = "clear",
	OPTS_TABLE(clear_table),
	.about =
		"Appends to the cleared-hits register FILE (created with its "
		"header\n"
		"when missing) the decision that the hit of one result row of\n"
		"`screen` (or of `check --json`) on ENTRY_ID is a false "
		"positive. The\n"
		"row is read from ROW_FILE or standard input (one JSON line); "
		"--entry\n"
		"may be left out when the row has one match. The party is the "
		"row's\n"
		"id, or its normalized name when the row has no id or with "
		"--by-name.\n"
		"The entry's fingerprint comes from the row: the decision "
		"holds while\n"
		"the entry stays as the analyst saw it. --date defaults to "
		"today.\n",
	.more = "exit codes: 0 appended, 2 usage, 4 the row or the register "
		"is\n"
		"malformed, 5 I/O failure.\n",
	.extra = "one row file only",
};

static int parse_args(struct clear_args *a, int argc, char **argv)
{
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = opts_parse(&clear_cmd, argc, argv, a)))
		return opts_exit(rc);
	/* A bad line would fail the whole register at its next use. */
	if ((a->date && !is_date(a->date)) ||
	    (a->expires && !is_date(a->expires)))
		return tool_usage("clear", "dates are YYYY-MM-DD");
	if (a->expires && a->date && strcmp(a->expires, a->date) < 0)
		return tool_usage("clear", "--expires is before --date");
	return -1;
}

/* Checks the register as it is, or creates it with its header. */
static int open_register(const char *path, FILE **out)
{
	ec_cleared_register *r;
	ec_error err;
	int rc, exists = access(path, F_OK) == 0;

	if (exists && (rc = ec_cleared_register_load(&r, path, &err)))
		return tool_error("the register is malformed; nothing was "
				  "appended",
				  rc, &err);
	if (exists)
		ec_cleared_register_free(r);
	if (!(*out = fopen(path, "a"))) {
		fprintf(stderr, "entitycheck: %s: %s\n", path, strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	if (!exists)
		fputs(header, *out);
	return TOOL_EXIT_OK;
}

/* Appends the decision on match m of row; returns the exit code. */
static int append(const struct clear_args *a, const jr_value *row,
		  const jr_value *m)
{
	const jr_value *ps = jr_get(row, "parties");
	const char *id = a->by_name ? NULL : jr_str(row, "id");
	const char *name = ps && ps->type == JR_ARR && ps->n
				   ? jr_str(ps->items[0], "name")
				   : NULL;
	const char *fp = jr_str(m, "entry_fingerprint");
	char today[11], norm[1024];
	time_t t = time(NULL);
	struct tm tm;
	FILE *f = NULL;
	int rc;

	if (!fp || (!id && !name)) {
		fprintf(stderr, "entitycheck: clear: the row has no %s\n",
			!fp ? "entry_fingerprint (screen it with this version)"
			    : "party id or name");
		return TOOL_EXIT_INPUT;
	}
	if (!id && ec_normalize(norm, sizeof(norm), name) < 0)
		return TOOL_EXIT_FAILURE;
	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (a->expires && strcmp(a->expires, a->date ? a->date : today) < 0) {
		fprintf(stderr,
			"entitycheck: clear: --expires %s is before the "
			"decision's date\n",
			a->expires);
		return TOOL_EXIT_USAGE;
	}
	if ((rc = open_register(a->reg, &f)) != TOOL_EXIT_OK)
		return rc;
	csv_put(f, id ? id : "", 0);
	csv_put(f, id ? "" : norm, 0);
	csv_put(f, jr_str(m, "entry_id"), 0);
	csv_put(f, fp, 0);
	csv_put(f, a->reviewer, 0);
	csv_put(f, a->date ? a->date : today, 0);
	csv_put(f, a->expires ? a->expires : "", 0);
	csv_put(f, a->reason, 1);
	rc = fflush(f) || fsync(fileno(f));
	if (fclose(f) || rc) {
		fprintf(stderr, "entitycheck: %s: %s\n", a->reg,
			strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}

int cmd_clear(const struct global *g, int argc, char **argv)
{
	struct clear_args a;
	const jr_value *m;
	jr_value *row = NULL;
	char *text, err[160];
	int rc;

	(void)g;
	if ((rc = parse_args(&a, argc, argv)) >= 0)
		return rc;
	if (!(text = slurp(a.row))) {
		fprintf(stderr, "entitycheck: %s: %s\n",
			a.row ? a.row : "(stdin)", strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	if (!(row = jr_parse(text, err, sizeof(err))) || row->type != JR_OBJ) {
		fprintf(stderr,
			"entitycheck: clear: the input is not one "
			"result row (a JSON object): %s\n",
			row ? "not an object" : err);
		rc = TOOL_EXIT_INPUT;
	} else if (!(m = pick_match(row, a.entry))) {
		fprintf(stderr, "entitycheck: clear: %s\n",
			a.entry ? "the row has no match on that --entry"
				: "the row has no match, or several: name one "
				  "with --entry");
		rc = TOOL_EXIT_INPUT;
	} else {
		rc = append(&a, row, m);
	}
	jr_free(row);
	free(text);
	return rc;
}
