/*
 * audit_log.h: the tool's audit trail (--audit FILE): records from
 * ec_audit_record() appended to a file, whole lines at a time.
 */
#ifndef EC_TOOL_AUDIT_LOG_H
#define EC_TOOL_AUDIT_LOG_H

#include <stddef.h>

#include "tool.h"

typedef struct audit_log {
	int fd; /* -1 when no log is kept */
	const char *path;
	char *buf; /* records waiting for the next flush */
	size_t len, cap;
	int failed;
	ec_audit_info info; /* tool and analyst filled in */
	char tool[64];
} audit_log;

/*
 * Opens path for appending (created when missing).  analyst NULL means
 * $USER.  A torn line a killed run left at the end is closed with a
 * newline first, so that no new record is glued to it.  Returns TOOL_EXIT_OK
 * or an exit code, with the reason on stderr.
 */
int audit_open(audit_log *a, const char *path, const char *analyst);
/* Queues one record (a whole line) for the next flush. */
void audit_add(audit_log *a, const char *line);
/*
 * Writes the queued records in one write() and syncs them to disk; 0, or
 * -1 (reported on stderr once).
 */
int audit_flush(audit_log *a);
/* Flushes and closes; returns what audit_flush() returned. */
int audit_close(audit_log *a);

#endif
