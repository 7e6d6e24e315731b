/*
 * error.c: error codes, their text, and filling in the caller's ec_error.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

const char *ec_strerror(int code)
{
	switch (code) {
	case EC_OK:
		return "success";
	case EC_ENOMEM:
		return "out of memory";
	case EC_EIO:
		return "input/output error";
	case EC_EINVAL:
		return "invalid argument";
	case EC_EPARSE:
		return "malformed input";
	case EC_EFORMAT:
		return "not a valid snapshot";
	case EC_EVERSION:
		return "snapshot format too new for this library";
	case EC_EDB:
		return "embedded database error";
	case EC_ENOTFOUND:
		return "not found";
	case EC_EITEROVER:
		return "no more items";
	case EC_ELIMIT:
		return "input exceeds a size limit";
	case EC_EINTERNAL:
		return "internal error (a bug in entitycheck)";
	case EC_EUNSUPPORTED:
		return "not supported";
	}
	return "unknown error";
}

void ec__error_clear(ec_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->offset = -1;
}

static void vfill(ec_error *err, int code, const char *file, long line,
		  long column, long long offset, const char *fmt, va_list ap)
	EC__PRINTF(7, 0);

static void vfill(ec_error *err, int code, const char *file, long line,
		  long column, long long offset, const char *fmt, va_list ap)
{
	ec__error_clear(err);
	err->code = code;
	if (file)
		snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	err->column = column;
	err->offset = offset;
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
}

int ec__fail(ec_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vfill(err, code, NULL, 0, 0, -1, fmt, ap);
	va_end(ap);
	return code;
}

int ec__fail_at(ec_error *err, int code, const char *file, long line,
		long column, long long offset, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vfill(err, code, file, line, column, offset, fmt, ap);
	va_end(ap);
	return code;
}

int ec__valid_date(const char *s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};
	int i, y, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10])
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	/* 2021-02-29 is not a date; 2000-02-29 and 2020-02-29 are. */
	return m != 2 || d < 29 ||
	       (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

const char *ec__basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
