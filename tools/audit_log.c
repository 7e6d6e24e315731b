/*
 * audit_log.c: appending audit records.  A batch's records go out in one
 * write() on an O_APPEND descriptor, then to disk, so a run killed at any
 * point leaves whole lines (at worst one torn last line, which readers
 * skip and the next run closes off).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_log.h"

/* Closes a torn last line left by a killed run with a newline. */
static int seal(int fd)
{
	struct stat st;
	char last;

	if (fstat(fd, &st) || st.st_size == 0)
		return 0;
	if (pread(fd, &last, 1, st.st_size - 1) != 1)
		return -1;
	return last == '\n' || write(fd, "\n", 1) == 1 ? 0 : -1;
}

int audit_open(audit_log *a, const char *path, const char *analyst)
{
	ec_audit_info init = EC_AUDIT_INFO_INIT;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	a->path = path;
	a->info = init;
	snprintf(a->tool, sizeof(a->tool), "entitycheck %s", EC_VERSION);
	a->info.tool = a->tool;
	a->info.analyst = analyst ? analyst : getenv("USER");
	if (!path)
		return TOOL_EXIT_OK;
	a->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (a->fd < 0 || seal(a->fd)) {
		fprintf(stderr, "entitycheck: audit log %s: %s\n", path,
			strerror(errno));
		if (a->fd >= 0)
			close(a->fd);
		a->fd = -1;
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}

void audit_add(audit_log *a, const char *line)
{
	size_t n = strlen(line);

	if (a->fd < 0 || a->failed)
		return;
	if (a->len + n > a->cap) {
		size_t cap = (a->len + n) * 2;
		char *b = realloc(a->buf, cap);

		if (!b) {
			a->failed = 1;
			return;
		}
		a->buf = b;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, line, n);
	a->len += n;
}

int audit_flush(audit_log *a)
{
	size_t off = 0;

	if (a->fd < 0)
		return 0;
	while (!a->failed && off < a->len) {
		ssize_t w = write(a->fd, a->buf + off, a->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			a->failed = 1;
		else
			off += (size_t)w;
	}
	a->len = 0;
	if (!a->failed && fdatasync(a->fd))
		a->failed = 1;
	if (a->failed == 1) {
		fprintf(stderr,
			"entitycheck: audit log %s: %s: records are "
			"missing\n",
			a->path, strerror(errno ? errno : ENOMEM));
		a->failed = 2; /* said once */
	}
	return a->failed ? -1 : 0;
}

int audit_close(audit_log *a)
{
	int rc = audit_flush(a);

	if (a->fd >= 0 && close(a->fd))
		rc = -1;
	a->fd = -1;
	free(a->buf);
	a->buf = NULL;
	return rc;
}
