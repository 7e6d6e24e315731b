/*
 * fold.h: folding of Unicode code points into lowercase ASCII for name
 * matching (library-internal).
 */
#ifndef EC_FOLD_H
#define EC_FOLD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one UTF-8 sequence from s (n bytes available).  Returns the
 * number of bytes consumed (1..4) and stores the code point in *cp;
 * returns 0, leaving *cp alone, for an invalid, overlong, surrogate,
 * > U+10FFFF or truncated sequence, and when n is 0.  Never reads past
 * s[n - 1].
 */
size_t ec__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

enum ec__fold_class {
	/* token boundary: whitespace, punctuation, symbols, controls */
	EC__FOLD_SEP = 0,
	/* out holds 1..4 lowercase ASCII letters or digits */
	EC__FOLD_LETTER = 1,
	/*
	 * dropped without splitting the token: apostrophes (' ` U+2018
	 * U+2019 U+02BC U+02BB U+00B4 and the like), combining marks,
	 * Cyrillic hard and soft signs, the soft hyphen, and invisible
	 * characters (zero-width, bidi marks, variation selectors, U+FEFF)
	 */
	EC__FOLD_JOIN = 2,
	/*
	 * a letter of another script (Arabic, CJK, Hebrew, ...), or a code
	 * point the tables do not know: out holds its UTF-8 bytes, lowercased
	 * if the script has case
	 */
	EC__FOLD_OTHER = 3
};

/*
 * Classifies cp and writes its folded form to out (not NUL-terminated),
 * storing its length in *outlen: 1..4 for LETTER and OTHER, 0 for SEP and
 * JOIN.  Never writes more than 4 bytes.  Never fails: surrogates and
 * values above U+10FFFF are SEP.  Uses only constant tables, so it is
 * safe to call from any thread.
 */
enum ec__fold_class ec__fold_cp(uint32_t cp, char out[8], size_t *outlen);

#endif
