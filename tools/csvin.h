/*
 * csvin.h: spreadsheet-grade input for the tool: a FILE that turns what
 * Excel, LibreOffice and ERP exports write (Windows-1252, ISO-8859-1,
 * UTF-16 with a byte-order mark) into UTF-8, through glibc's iconv, and the
 * choice of a CSV delimiter from a header line.
 */
#ifndef EC_TOOL_CSVIN_H
#define EC_TOOL_CSVIN_H

#include <stdio.h>

/* What a decoding stream saw, for error messages. */
typedef struct csvin_state {
	char encoding[32]; /* the encoding read: "UTF-8", "UTF-16LE", ... */
	long long bad_at;  /* offset of the first undecodable byte, or -1 */
	long long nbad;	   /* undecodable bytes */
	char error[160];   /* why decoding stopped early, or "" */
} csvin_state;

/*
 * Checks an --encoding value (utf-8, windows-1252, cp1252, iso-8859-1,
 * latin1, utf-16); returns iconv's name for it, or NULL when unknown.
 */
const char *csvin_encoding(const char *name);

/*
 * A read-only stream of in (borrowed; the caller closes it after the
 * stream) decoded to UTF-8 from encoding (a csvin_encoding() name, or
 * NULL for UTF-8).  A UTF-16 byte-order mark is honoured whatever the
 * encoding says.  A byte that is not valid in the encoding becomes the
 * invalid UTF-8 byte 0xFF, so that its row is refused as malformed (never
 * decided on a guessed name); a read error or a file that ends inside a
 * character ends the stream, with st->error saying why.  st must
 * outlive the stream.  Returns NULL with st->error set on failure.
 */
FILE *csvin_open(FILE *in, const char *encoding, csvin_state *st);

/*
 * The delimiter a header line uses: the most frequent of , ; TAB and |
 * outside quotes (',' when there is none).
 */
char csvin_detect_delimiter(const char *line, size_t len);

#endif
