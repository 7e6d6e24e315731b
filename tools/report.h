/*
 * report.h: `screen --report FILE.html`: a self-contained review page
 * (no external scripts, styles or fonts): counts by status as an inline
 * SVG chart, the rows that need attention first and sortable, each with
 * its matched entries, score explanations, rules and citations, cleared
 * and reopened hits, and the snapshot's provenance.
 */
#ifndef EC_TOOL_REPORT_H
#define EC_TOOL_REPORT_H

#include <stddef.h>

#include "tool.h"

/* The sections rows are sorted into, most urgent first. */
enum {
	REPORT_PROHIBITED,
	REPORT_LICENSE_REQUIRED,
	REPORT_NEEDS_REVIEW,
	REPORT_OFAC,
	REPORT_CLEARED,
	REPORT_NBUCKETS
};

typedef struct report report;

/* What the page's summary says. */
typedef struct report_totals {
	long long counts[6]; /* by EC_STATUS_* */
	long long errors, review, rows;
	const char *input; /* the screened file */
	const char *note;  /* e.g. the --since summary, or NULL */
} report_totals;

/*
 * The table row (HTML) of a decided row that needs attention, or NULL
 * when it needs none; *bucket is its section.  line and id name the row.
 * malloc'ed.  Thread-safe (workers call it).
 */
char *report_row(const ec_snapshot *snap, long line, const char *id,
		 const ec_check_query *q, const ec_decision *d, int *bucket);

/* Starts a report to be written to path; NULL with errno on failure. */
report *report_new(const char *path);
/* Keeps row html (from report_row()) in its section. */
void report_add(report *r, int bucket, const char *html);
/*
 * Writes the page through a temporary file renamed over the path.
 * Returns 0, or -1 with the reason on stderr.
 */
int report_finish(report *r, const ec_snapshot *snap, const report_totals *t);
void report_free(report *r);

#endif
