/*
 * cmd_screen.c: `entitycheck screen`: a whole customer or order file,
 * one decision per row, in input order, with a pool of threads sharing one
 * snapshot (screen_pool.c).  Rows are read and written in fixed-size
 * batches, so memory stays flat whatever the file's size.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit_log.h"
#include "csvin.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "screen_delta.h"
#include "screen_pool.h"
#include "tool.h"

/* --help: after the synopsis, then after the option lines. */
static const char about[] =
	"Screens every row of FILE (or standard input) and writes one result\n"
	"per row, in input order. Input: CSV with a header, or JSON Lines, "
	"with\n"
	"the fields name (required), id, country, address, item, date, role,\n"
	"origin, us_content, activity (';'-separated tags), contract_date,\n"
	"device_date, supplier, facts (';'-separated: designed_by_party,\n"
	"food_medicine, advanced_node), owners (';'-separated NAME:PCT, the\n"
	"share after the last ':'; e.g. \"Huawei Technologies Co., "
	"Ltd.:100\";\n"
	"a name alone is an unknown share), and the party's identifying facts\n"
	"date_of_birth, nationality, id_number, id_type, type; other columns\n"
	"are ignored. An address-only Entity List entry matches a row on its\n"
	"address alone. --date is the default for rows without one (default:\n"
	"today).\n"
	"Spreadsheet exports: headers match whatever their case and spaces;\n"
	"--column maps a field to your own header (--column name=\"Company\n"
	"Name\"); the delimiter is found from the header line (, ; tab |);\n"
	"a UTF-8 or UTF-16 byte-order mark is honoured; --encoding reads\n"
	"Windows-1252 or ISO-8859-1 exports.\n"
	"--cleared reads a register of cleared hits (doc/workflow.md): a hit\n"
	"on it is listed under \"cleared\" and counts for nothing while the\n"
	"entry is unchanged; a changed entry reopens it, with a warning.\n"
	"--audit appends one JSON line per decided row to FILE (who, when,\n"
	"on which data, the row and the full answer), flushed to disk after\n"
	"each batch; rows are then all decided on their own (no cache).\n"
	"--since OLD.ecsnap rescreens against what changed since OLD: only\n"
	"rows whose answer changed are written, each with \"delta\" (the\n"
	"previous answer and why); when the rules changed, every row is\n"
	"screened in full, and the summary says so.\n"
	"--report writes a self-contained HTML review page: counts by\n"
	"status, the rows that need attention first (sortable) with their\n"
	"matches, score explanations, rules and citations, cleared hits,\n"
	"and the snapshot's provenance (rows are then decided one by one).\n"
	"Output: JSON Lines with the fields of `check --json` plus the row's\n"
	"line and id, or CSV with --format csv. A malformed row gets an error\n"
	"result naming its line and the batch goes on. A summary goes to\n"
	"stderr; a progress line too when stderr is a terminal. --output\n"
	"writes through a temporary file renamed at the end.\n"
	"--threads defaults to one per core; the output is the same whatever\n"
	"the number of threads. Rows with the same inputs are decided once\n"
	"(--no-cache decides every row).\n"
	"--max-list-age DAYS (default 7): as for check, a row dated more than\n"
	"DAYS after a list's \"as of\" date needs review; the summary counts\n"
	"those rows.\n";

static const char more[] =
	"exit codes: 0 all rows screened (whatever their status), 4 if some\n"
	"rows were malformed, 2 usage, 3 snapshot, 5 I/O failure.\n";

static const char csv_header[] =
	"line,id,name,status,needs_review,ofac_blocked,review_policy,"
	"matches,top_entry_id,top_list,top_name,top_score,rules,error\n";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(long long rows, double t0, long long done_bytes,
		     long long total_bytes)
{
	double el = now_s() - t0, rate = el > 0 ? (double)rows / el : 0;

	fprintf(stderr, "\r%lld rows, %.0f rows/s", rows, rate);
	if (total_bytes > 0 && done_bytes > 0) {
		double frac = (double)done_bytes / (double)total_bytes;
		double eta = frac > 0 ? el / frac - el : 0;

		fprintf(stderr, ", %3.0f%%, ETA %.0f s  ", frac * 100.0,
			eta > 0 ? eta : 0);
	}
	fflush(stderr);
}

/* What the command line asked for. */
struct screen_args {
	const char *input, *output, *date;
	int in_fmt, csv_out, nthreads, use_cache;
	int max_list_age;	     /* --max-list-age, or -1 */
	rows_opts rows;		     /* --column, --delimiter */
	const char *encoding;	     /* iconv's name, or NULL for UTF-8 */
	const char *cleared;	     /* --cleared FILE */
	ec_register_opts ropts;	     /* --register-encoding */
	const char *audit, *analyst; /* --audit FILE, --analyst NAME */
	const char *since;	     /* --since OLD.ecsnap */
	const char *report;	     /* --report FILE.html */
	int no_cache;		     /* --no-cache */
};

/* The open files and the counts of one run. */
struct screen_io {
	FILE *raw;	/* the input file as opened */
	FILE *in, *out; /* in: raw decoded to UTF-8 */
	csvin_state dec;
	ec_cleared_register *cleared;
	audit_log audit;
	delta delta;	     /* --since */
	report *report;	     /* --report */
	long long unchanged; /* --since: rows whose answer is the same */
	char *tmp;	     /* the temporary output, renamed at the end */
	rowsrc *src;
	ec_snapshot *snap;
	struct job *jobs[2];
	long long total_bytes;
	long long counts[6], errors, review, rows_done;
	long long outdated; /* needs review: dated past the lists */
};

#define SA(member) offsetof(struct screen_args, member)
#define STR_(x) #x
#define STR(x) STR_(x)

/* --encoding: how to read a spreadsheet export. */
static int opt_encoding(const struct opts_ctx *c, const char *v)
{
	struct screen_args *a = c->dst;

	if (!(a->encoding = csvin_encoding(v)))
		return opts_bad(c);
	return 0;
}

/* --register-encoding: the --cleared register saved by a spreadsheet. */
static int opt_register_encoding(const struct opts_ctx *c, const char *v)
{
	struct screen_args *a = c->dst;

	return (a->ropts.encoding = csvin_encoding(v)) ? 0 : opts_bad(c);
}

static int opt_delimiter(const struct opts_ctx *c, const char *v)
{
	struct screen_args *a = c->dst;

	a->rows.delimiter =
		!strcmp(v, "tab") || !strcmp(v, "\\t") ? '\t' : v[0];
	if (!v[0] || (v[1] && a->rows.delimiter != '\t') ||
	    !strchr(",;\t|", a->rows.delimiter))
		return opts_bad(c);
	return 0;
}

/* --column FIELD=HEADER: a field's own header. */
static int opt_column(const struct opts_ctx *c, const char *v)
{
	struct screen_args *a = c->dst;
	const char *eq = strchr(v, '=');
	char field[32];
	int f = -1;

	if (eq && (size_t)(eq - v) < sizeof(field)) {
		memcpy(field, v, (size_t)(eq - v));
		field[eq - v] = '\0';
		f = rows_field_parse(field);
	}
	if (f < 0 || !eq[1])
		return opts_bad(c);
	a->rows.column[f] = eq + 1;
	return 0;
}

/* OPT_CHOICE stores the word's index: "csv|jsonl" gives ROWS_CSV (0) and
 * ROWS_JSONL (1); "jsonl|csv" gives csv_out. */
static const struct opt screen_table[] = {
	OPTS_ARG(0, "FILE|-", SA(input), NULL,
		 "the rows (default: standard input)"),
	OPTS_CHOICE("--input-format", "csv|jsonl", SA(in_fmt),
		    "--input-format is csv or jsonl",
		    "CSV with a header (default) or JSON Lines"),
	OPTS_CHOICE("--format", "jsonl|csv", SA(csv_out),
		    "--format is jsonl or csv",
		    "the output (default JSON Lines)"),
	OPTS_RANGE(OPT_INT, "--threads", "N", SA(nthreads), 1, MAX_THREADS,
		   "--threads must be 1 to " STR(MAX_THREADS),
		   "worker threads (default: one per core)"),
	OPTS_STRING("--output", "FILE", SA(output),
		    "write there, through a temporary file (default: "
		    "standard output)"),
	OPTS_STRING("--date", "YYYY-MM-DD", SA(date),
		    "the date of rows without one"),
	OPTS_CALL("--column", OPT_REPEAT, "FIELD=HEADER", opt_column,
		  "--column is FIELD=HEADER, FIELD one of the input fields "
		  "(name, id, country, ...)",
		  "read FIELD from the column HEADER"),
	OPTS_CALL("--delimiter", 0, ", ; | tab", opt_delimiter,
		  "--delimiter is one of , ; | or tab",
		  "the CSV delimiter (default: found from the header line)"),
	OPTS_CALL("--encoding", 0, "utf-8|windows-1252|iso-8859-1|utf-16",
		  opt_encoding,
		  "--encoding is utf-8, windows-1252, iso-8859-1 or utf-16",
		  "the input's encoding (default UTF-8)"),
	OPTS_STRING("--cleared", "FILE", SA(cleared),
		    "a register of cleared hits"),
	OPTS_CALL("--register-encoding", 0,
		  "utf-8|windows-1252|iso-8859-1|utf-16", opt_register_encoding,
		  "--register-encoding is utf-8, windows-1252, iso-8859-1 or "
		  "utf-16",
		  "how the --cleared register is written (default UTF-8)"),
	OPTS_STRING("--audit", "FILE", SA(audit),
		    "append one audit record per row to FILE"),
	OPTS_STRING("--analyst", "NAME", SA(analyst),
		    "who asked, in the audit records (default: $USER)"),
	OPTS_STRING("--since", "OLD.ecsnap", SA(since),
		    "only the rows whose answer changed since OLD"),
	OPTS_STRING("--report", "FILE.html", SA(report), "an HTML review page"),
	OPTS_RANGE(OPT_INT, "--max-list-age", "DAYS", SA(max_list_age), 0,
		   36500, "--max-list-age is a number of days, 0 to 36500",
		   "rows dated more than DAYS (default 7) after a list's "
		   "\"as of\" date need review"),
	OPTS_FLAG("--no-cache", SA(no_cache),
		  "decide every row, even rows with the same inputs"),
};

static const struct opts_cmd screen_cmd = {
	.name = "screen",
	.snapshot = 1,
	OPTS_TABLE(screen_table),
	.about = about,
	.more = more,
	.extra = "one input file only",
};

/*
 * Parses the command line into a; returns -1 to go on, or the exit code
 * (TOOL_EXIT_OK after --help).
 */
static int parse_args(struct screen_args *a, int argc, char **argv)
{
	int rc;

	memset(a, 0, sizeof(*a));
	a->ropts.version = EC_REGISTER_OPTS_VERSION;
	a->in_fmt = ROWS_CSV;
	a->max_list_age = -1;
	if ((rc = opts_parse(&screen_cmd, argc, argv, a)))
		return opts_exit(rc);
	/* --audit records, and --report explains, every row's own
	 * decision. */
	a->use_cache = !a->no_cache && !a->audit && !a->report;
	if (a->since && a->csv_out)
		return tool_usage("screen", "--since writes JSON Lines (the "
					    "reasons do not fit CSV)");
	if (a->nthreads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		a->nthreads = n < 1		? 1
			      : n > MAX_THREADS ? MAX_THREADS
						: (int)n;
	}
	return -1;
}

/*
 * Opens the input, its rows, the snapshot and the output (last, so that a
 * failure before it leaves no temporary file behind).
 */
static int open_io(const struct global *g, const struct screen_args *a,
		   struct screen_io *io)
{
	const char *path;
	char err[256];
	int rc;

	if (a->input && strcmp(a->input, "-") != 0) {
		struct stat st;

		if (!(io->raw = fopen(a->input, "rb"))) {
			fprintf(stderr, "entitycheck: %s: %s\n", a->input,
				strerror(errno));
			return TOOL_EXIT_FAILURE;
		}
		if (fstat(fileno(io->raw), &st) == 0 && S_ISREG(st.st_mode))
			io->total_bytes = (long long)st.st_size;
	}
	if (!(io->in = csvin_open(io->raw, a->encoding, &io->dec))) {
		fprintf(stderr, "entitycheck: %s: %s\n",
			a->input ? a->input : "(stdin)", io->dec.error);
		return TOOL_EXIT_FAILURE;
	}
	if (rows_open_opts(&io->src, io->in, a->in_fmt, &a->rows, err,
			   sizeof(err))) {
		fprintf(stderr, "entitycheck: %s: line 1: %s\n",
			a->input ? a->input : "(stdin)", err);
		return TOOL_EXIT_INPUT;
	}
	if (a->cleared) {
		ec_error e;

		if ((rc = ec_cleared_register_load_opts(
			     &io->cleared, a->cleared, &a->ropts, &e)))
			return tool_register_error("the cleared-hits register",
						   rc, &e);
	}
	if ((rc = tool_open_snapshot(g, &io->snap, &path)))
		return rc;
	if ((rc = audit_open(&io->audit, a->audit, a->analyst)) != TOOL_EXIT_OK)
		return rc;
	if (a->since && (rc = delta_open(&io->delta, a->since, io->snap)))
		return rc;
	if (a->report && !(io->report = report_new(a->report))) {
		fprintf(stderr, "entitycheck: %s: %s\n", a->report,
			strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	io->audit.info.input = a->input ? a->input : "(stdin)";
	io->jobs[0] = calloc(BATCH, sizeof(struct job));
	io->jobs[1] = calloc(BATCH, sizeof(struct job));
	if (!io->jobs[0] || !io->jobs[1]) {
		fprintf(stderr, "entitycheck: out of memory\n");
		return TOOL_EXIT_FAILURE;
	}
	if (a->output) {
		size_t n = strlen(a->output) + 32;

		if (!(io->tmp = malloc(n)))
			return TOOL_EXIT_FAILURE;
		snprintf(io->tmp, n, "%s.tmp.%ld", a->output, (long)getpid());
		if (!(io->out = fopen(io->tmp, "wb"))) {
			fprintf(stderr, "entitycheck: %s: %s\n", io->tmp,
				strerror(errno));
			free(io->tmp);
			io->tmp = NULL;
			return TOOL_EXIT_FAILURE;
		}
	}
	return TOOL_EXIT_OK;
}

/* Writes a decided batch in input order and counts its answers. */
static void write_batch(struct pool *p, struct screen_io *io, struct job *jobs,
			size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		struct job *j = &jobs[k];

		if (j->skip) {
			io->unchanged++;
			row_clear(&j->r);
			memset(j, 0, sizeof(*j));
			continue;
		}
		if (j->out)
			fwrite(j->out, 1, j->outlen, io->out);
		else
			atomic_store(&p->failed, 1); /* a row lost */
		if (j->status < 0)
			io->errors++;
		else
			io->counts[j->status]++;
		io->review += (j->review & REVIEW_ANY) != 0;
		io->outdated += (j->review & REVIEW_LISTS_OUTDATED) != 0;
		if (j->audit)
			audit_add(&io->audit, j->audit);
		if (j->report)
			report_add(io->report, j->rbucket, j->report);
		free(j->report);
		ec_audit_record_free(j->audit);
		free(j->out);
		row_clear(&j->r);
		memset(j, 0, sizeof(*j));
	}
	io->rows_done += (long long)n;
	/* The records of a batch only once its results are written. */
	if (audit_flush(&io->audit))
		atomic_store(&p->failed, 1);
}

/*
 * Two batches: while the workers decide one, this thread reads the next,
 * then, once the next is handed to the workers, writes the first in input
 * order.
 */
static void run_batches(struct pool *p, struct screen_io *io, double t0)
{
	struct job *cur = io->jobs[0], *nxt = io->jobs[1], *t;
	size_t cur_n = pool_read(io->src, cur), next_n;
	int tty = isatty(fileno(stderr));
	double last = 0;

	if (cur_n)
		pool_run(p, cur, cur_n);
	while (cur_n) {
		next_n = pool_read(io->src, nxt);
		pool_wait(p);
		if (next_n)
			pool_run(p, nxt, next_n);
		write_batch(p, io, cur, cur_n);
		if (tty && now_s() - last > 0.2) {
			last = now_s();
			progress(io->rows_done, t0, rows_offset(io->src),
				 io->total_bytes);
		}
		t = cur;
		cur = nxt;
		nxt = t;
		cur_n = next_n;
	}
	if (tty)
		fputs("\r\033[K", stderr);
}

/* The summary on stderr; returns the exit code the counts call for. */
static int summary(const struct pool *p, const struct screen_io *io, double t0)
{
	double el = now_s() - t0;
	const long long *c = io->counts;

	fprintf(stderr,
		"screened %lld rows in %.2f s (%.0f rows/s, %d "
		"threads): NOT_SUBJECT %lld, NLR %lld, "
		"NLR_WITH_CONDITIONS %lld, LICENSED %lld, "
		"LICENSE_REQUIRED %lld, PROHIBITED %lld; needs review "
		"%lld (%lld dated past the lists' \"as of\" date); errors "
		"%lld; repeated rows answered from the cache %lld\n",
		io->rows_done, el, el > 0 ? (double)io->rows_done / el : 0,
		p->nthreads, c[0], c[1], c[2], c[3], c[4], c[5], io->review,
		io->outdated, io->errors, (long long)atomic_load(&p->hits));
	if (p->delta)
		fprintf(stderr,
			"since the old snapshot: %zu entries added, changed or "
			"removed, %zu others weigh a word differently; %lld "
			"rows decided again; %lld answers changed\n",
			p->delta->nentries, p->delta->ndrifting,
			(long long)atomic_load(&p->rescreened),
			io->rows_done - io->unchanged - io->errors);
	if (atomic_load(&p->failed)) {
		fprintf(stderr, "entitycheck: some rows could not be decided "
				"(out of memory or a database error)\n");
		return TOOL_EXIT_FAILURE;
	}
	return io->errors ? TOOL_EXIT_INPUT : TOOL_EXIT_OK;
}

/* Flushes the output and renames the temporary file over it. */
static int close_output(const struct screen_args *a, struct screen_io *io)
{
	int bad;

	if (!a->output)
		return fflush(stdout) ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
	/* ferror: a write that failed earlier, not only now. */
	bad = fflush(io->out) || ferror(io->out) || fsync(fileno(io->out));
	if (fclose(io->out))
		bad = 1;
	io->out = NULL;
	if (bad || rename(io->tmp, a->output)) {
		fprintf(stderr, "entitycheck: cannot write %s: %s\n", a->output,
			strerror(errno));
		unlink(io->tmp);
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}

/* Puts the review page together from the run's counts. */
static int finish_report(const struct screen_args *a, struct screen_io *io)
{
	report_totals t;
	char note[160];

	memset(&t, 0, sizeof(t));
	memcpy(t.counts, io->counts, sizeof(t.counts));
	t.errors = io->errors;
	t.review = io->review;
	t.rows = io->rows_done;
	t.input = a->input ? a->input : "(stdin)";
	if (a->since && !io->delta.rules_changed) {
		snprintf(note, sizeof(note),
			 "Rescreened since %.80s: only the %lld rows whose "
			 "answer changed are counted.",
			 a->since, io->rows_done - io->unchanged);
		t.note = note;
		t.rows = io->rows_done - io->unchanged;
	}
	return report_finish(io->report, io->snap, &t);
}

int cmd_screen(const struct global *g, int argc, char **argv)
{
	struct screen_args a;
	struct screen_io io;
	struct pool p;
	int rc, pool_up = 0;
	double t0;

	if ((rc = parse_args(&a, argc, argv)) >= 0)
		return rc;
	memset(&io, 0, sizeof(io));
	io.audit.fd = -1;
	io.raw = stdin;
	io.out = stdout;
	if ((rc = open_io(g, &a, &io)) != TOOL_EXIT_OK)
		goto done;
	pool_up = 1;
	if (pool_init(&p, io.snap, a.date, a.csv_out, a.nthreads,
		      a.use_cache)) {
		fprintf(stderr, "entitycheck: out of memory\n");
		rc = TOOL_EXIT_FAILURE;
		goto done;
	}
	p.max_list_age = a.max_list_age;
	p.cleared = io.cleared;
	p.audit = a.audit ? &io.audit.info : NULL;
	p.report = io.report != NULL;
	if (a.since && io.delta.rules_changed)
		fprintf(stderr,
			"entitycheck: the rules changed between %s and "
			"the current snapshot: every row is screened "
			"against every entry\n",
			a.since);
	else if (a.since)
		p.delta = &io.delta;
	if (p.delta && io.delta.all_rows)
		fprintf(stderr,
			"entitycheck: %s weighs the words otherwise (another "
			"list size, or an older snapshot): every row is "
			"decided again on both snapshots\n",
			a.since);
	if (a.csv_out)
		fputs(csv_header, io.out);
	t0 = now_s();
	run_batches(&p, &io, t0);
	pool_dispose(&p);
	pool_up = 0;
	rc = summary(&p, &io, t0);
	if (io.dec.nbad)
		fprintf(stderr,
			"entitycheck: %s: %lld bytes are not valid %s (the "
			"first at byte %lld); their rows got errors: name the "
			"file's encoding with --encoding\n",
			a.input ? a.input : "(stdin)", io.dec.nbad,
			io.dec.encoding, io.dec.bad_at);
	if (io.dec.error[0]) {
		/* The rows after the failure were never read. */
		fprintf(stderr, "entitycheck: %s: line %ld: %s (read as %s)\n",
			a.input ? a.input : "(stdin)", rows_line(io.src),
			io.dec.error, io.dec.encoding);
		rc = TOOL_EXIT_INPUT;
		if (a.output)
			goto done; /* no half-written output */
	}
	if (close_output(&a, &io) != TOOL_EXIT_OK)
		rc = TOOL_EXIT_FAILURE;
	if (io.report && finish_report(&a, &io))
		rc = TOOL_EXIT_FAILURE;
done:
	if (pool_up)
		pool_dispose(&p);
	if (io.out && io.out != stdout) {
		fclose(io.out);
		unlink(io.tmp);
	}
	free(io.tmp);
	free(io.jobs[0]);
	free(io.jobs[1]);
	rows_close(io.src);
	if (io.in)
		fclose(io.in);
	if (io.raw && io.raw != stdin)
		fclose(io.raw);
	ec_snapshot_free(io.snap);
	ec_cleared_register_free(io.cleared);
	delta_dispose(&io.delta);
	report_free(io.report);
	if (audit_close(&io.audit))
		rc = TOOL_EXIT_FAILURE;
	return rc;
}

/* The CSV header of `serve`'s /screen answers, the command's. */
const char *screen_rows_csv_header(void)
{
	return csv_header;
}
