/*
 * test_fold.c: tests of lib/fold.c, the UTF-8 decoder and the tables that
 * fold each code point to lowercase ASCII for name matching.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fold.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum {
	SEP = EC__FOLD_SEP,
	LET = EC__FOLD_LETTER,
	JOIN = EC__FOLD_JOIN,
	OTH = EC__FOLD_OTHER
};

static const char *class_name(int cls)
{
	switch (cls) {
	case SEP:
		return "SEP";
	case LET:
		return "LETTER";
	case JOIN:
		return "JOIN";
	case OTH:
		return "OTHER";
	}
	return "?";
}

/*
 * Checks one code point; reports a mismatch and returns 1 rather than
 * failing at once, so that a table test lists every wrong entry in one run.
 * want_out is the expected output for LETTER and OTHER, ignored otherwise.
 */
static int check_cp(uint32_t cp, int want, const char *want_out)
{
	char out[8];
	size_t len = 99;
	int cls = (int)ec__fold_cp(cp, out, &len);
	size_t want_len = want_out ? strlen(want_out) : 0;
	int shown = len <= sizeof(out) ? (int)len : 0;

	if (want != LET && want != OTH)
		want_len = 0;
	if (cls != want || len != want_len ||
	    (want_len && memcmp(out, want_out, want_len) != 0)) {
		print_error("U+%04X: got %s \"%.*s\", want %s \"%s\"\n",
			    (unsigned)cp, class_name(cls), shown, out,
			    class_name(want), want_len ? want_out : "");
		return 1;
	}
	return 0;
}

/*
 * Folds a whole string the way a tokenizer would: LETTER and OTHER output
 * concatenated, JOIN dropped, each run of SEP one space, no space at the
 * ends.  Invalid UTF-8 counts as SEP, one byte at a time.
 */
static void fold_str(const char *in, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), len = 0, used, flen;
	int pending_space = 0;
	uint32_t cp;
	char buf[8];
	int cls;

	while (n > 0) {
		used = ec__utf8_decode(s, n, &cp);
		flen = 0;
		if (used == 0) {
			cls = SEP;
			used = 1;
		} else {
			cls = (int)ec__fold_cp(cp, buf, &flen);
		}
		s += used;
		n -= used;
		if (cls == SEP) {
			pending_space = len > 0;
			continue;
		}
		if (cls == JOIN)
			continue;
		assert_true(len + flen + 2 < size);
		if (pending_space)
			out[len++] = ' ';
		pending_space = 0;
		memcpy(out + len, buf, flen);
		len += flen;
	}
	out[len] = '\0';
}

static void test_decode_valid(void **state)
{
	/* clang-format off */
	static const struct {
		const char *bytes;
		size_t len;
		uint32_t cp;
	} cases[] = {
		{"A", 1, 0x41},
		{"\x7F", 1, 0x7F},
		{"\xC2\x80", 2, 0x80},
		{"\xC3\xA9", 2, 0xE9},
		{"\xDF\xBF", 2, 0x7FF},
		{"\xE0\xA0\x80", 3, 0x800},
		{"\xE2\x82\xAC", 3, 0x20AC},
		{"\xED\x9F\xBF", 3, 0xD7FF},
		{"\xEE\x80\x80", 3, 0xE000},
		{"\xEF\xBF\xBF", 3, 0xFFFF},
		{"\xF0\x90\x80\x80", 4, 0x10000},
		{"\xF0\x9F\x98\x80", 4, 0x1F600},
		{"\xF4\x8F\xBF\xBF", 4, 0x10FFFF},
	};
	/* clang-format on */
	static const unsigned char e_acute_x[] = {0xC3, 0xA9, 'x'};
	const unsigned char *b;
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		b = (const unsigned char *)cases[i].bytes;
		cp = 0xFFFFFFFF;
		assert_int_equal(ec__utf8_decode(b, cases[i].len, &cp),
				 cases[i].len);
		assert_int_equal(cp, cases[i].cp);
	}
	/* only the first sequence is consumed when more bytes follow */
	assert_int_equal(ec__utf8_decode(e_acute_x, 3, &cp), 2);
	assert_int_equal(cp, 0xE9);
	/* NUL is a code point like any other */
	assert_int_equal(ec__utf8_decode((const unsigned char *)"", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

static void test_decode_invalid(void **state)
{
	/* clang-format off */
	static const struct {
		const char *bytes;
		size_t n;
	} cases[] = {
		{"\xC0\x80", 2},         /* overlong NUL */
		{"\xC1\xBF", 2},         /* overlong 2-byte */
		{"\xE0\x80\x80", 3},     /* overlong 3-byte */
		{"\xE0\x9F\xBF", 3},     /* overlong U+07FF */
		{"\xF0\x80\x80\x80", 4}, /* overlong 4-byte */
		{"\xF0\x8F\xBF\xBF", 4}, /* overlong U+FFFF */
		{"\xED\xA0\x80", 3},     /* surrogate U+D800 */
		{"\xED\xBF\xBF", 3},     /* surrogate U+DFFF */
		{"\xF4\x90\x80\x80", 4}, /* U+110000 */
		{"\xF5\x80\x80\x80", 4}, /* lead byte past U+10FFFF */
		{"\xF8\x88\x80\x80\x80", 5},
		{"\xFE", 1},
		{"\xFF", 1},
		{"\x80", 1}, /* lone continuation bytes */
		{"\xBF", 1},
		{"\xE2\x82", 2}, /* truncated */
		{"\xC3", 1},
		{"\xF0\x9F\x98", 3},
		{"\xE2\x82\xAC", 2}, /* complete, but n says truncated */
		{"\xC3\x28", 2},     /* bad continuation bytes */
		{"\xE2\x28\xA1", 3},
		{"\xE2\x82\x28", 3},
		{"\xF0\x9F\x98\x28", 4},
		{"\xC3\xC3\xA9", 3},
	};
	/* clang-format on */
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		cp = 0x12345;
		if (ec__utf8_decode((const unsigned char *)cases[i].bytes,
				    cases[i].n, &cp) != 0)
			fail_msg("case %zu was accepted", i);
		assert_int_equal(cp, 0x12345);
	}
	assert_int_equal(ec__utf8_decode((const unsigned char *)"A", 0, &cp),
			 0);
}

/*
 * A reference encoder, so the decoder can be checked on every scalar;
 * written from the table of RFC 3629 (a length, then six bits a
 * continuation byte) rather than as the library writes it.
 */
static size_t encode(uint32_t cp, unsigned char *o)
{
	static const uint32_t below[3] = {0x80, 0x800, 0x10000};
	static const unsigned char lead[4] = {0x00, 0xC0, 0xE0, 0xF0};
	size_t n = 1, i;

	while (n < 4 && cp >= below[n - 1])
		n++;
	for (i = n - 1; i > 0; i--, cp >>= 6)
		o[i] = (unsigned char)(0x80 | (cp & 0x3F));
	o[0] = (unsigned char)(lead[n - 1] | cp);
	return n;
}

static void test_decode_roundtrip(void **state)
{
	unsigned char buf[4];
	uint32_t cp, got;
	size_t len;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		len = encode(cp, buf);
		got = 0xFFFFFFFF;
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(ec__utf8_decode(buf, len, &got), 0);
			continue;
		}
		if (ec__utf8_decode(buf, len, &got) != len || got != cp)
			fail_msg("U+%04X does not round-trip", (unsigned)cp);
		/* every proper prefix is a truncated sequence */
		while (--len > 0)
			assert_int_equal(ec__utf8_decode(buf, len, &got), 0);
	}
}

static void test_ascii(void **state)
{
	char want[2] = {0, 0};
	int failures = 0;
	uint32_t c;

	(void)state;
	for (c = 0; c < 0x80; c++) {
		if (c >= 'A' && c <= 'Z') {
			want[0] = (char)(c - 'A' + 'a');
			failures += check_cp(c, LET, want);
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			want[0] = (char)c;
			failures += check_cp(c, LET, want);
		} else if (c == '\'' || c == '`') {
			failures += check_cp(c, JOIN, NULL);
		} else {
			failures += check_cp(c, SEP, NULL);
		}
	}
	assert_int_equal(failures, 0);
}

struct cp_case {
	uint32_t cp;
	int cls;
	const char *out;
};

static void check_cases(const struct cp_case *cases, size_t n)
{
	int failures = 0;
	size_t i;

	for (i = 0; i < n; i++)
		failures += check_cp(cases[i].cp, cases[i].cls, cases[i].out);
	assert_int_equal(failures, 0);
}

static void test_latin(void **state)
{
	/* clang-format off */
	static const struct cp_case cases[] = {
		/* diacritics stripped */
		{0x00E9, LET, "e"}, {0x00C9, LET, "e"}, {0x00F1, LET, "n"},
		{0x00D1, LET, "n"}, {0x00FC, LET, "u"}, {0x00DC, LET, "u"},
		{0x00E5, LET, "a"}, {0x00E7, LET, "c"}, {0x00FF, LET, "y"},
		{0x010D, LET, "c"}, {0x0161, LET, "s"}, {0x017E, LET, "z"},
		{0x0159, LET, "r"}, {0x0151, LET, "o"}, {0x0171, LET, "u"},
		{0x0105, LET, "a"}, {0x0119, LET, "e"}, {0x017C, LET, "z"},
		{0x0103, LET, "a"}, {0x00E2, LET, "a"}, {0x00EE, LET, "i"},
		/* Turkish, Azerbaijani, Romanian */
		{0x015F, LET, "s"}, {0x015E, LET, "s"}, {0x0219, LET, "s"},
		{0x0218, LET, "s"}, {0x0163, LET, "t"}, {0x0162, LET, "t"},
		{0x021B, LET, "t"}, {0x021A, LET, "t"}, {0x011F, LET, "g"},
		{0x011E, LET, "g"}, {0x0131, LET, "i"}, {0x0130, LET, "i"},
		{0x0259, LET, "e"}, {0x018F, LET, "e"},
		/* ligatures and special letters */
		{0x00DF, LET, "ss"}, {0x1E9E, LET, "ss"}, {0x00E6, LET, "ae"},
		{0x00C6, LET, "ae"}, {0x0153, LET, "oe"}, {0x0152, LET, "oe"},
		{0x00F8, LET, "o"}, {0x00D8, LET, "o"}, {0x0142, LET, "l"},
		{0x0141, LET, "l"}, {0x0111, LET, "d"}, {0x0110, LET, "d"},
		{0x00F0, LET, "d"}, {0x00D0, LET, "d"}, {0x00FE, LET, "th"},
		{0x00DE, LET, "th"}, {0x0133, LET, "ij"}, {0x0132, LET, "ij"},
		{0x0149, LET, "n"}, {0x017F, LET, "s"}, {0x014B, LET, "ng"},
		{0x01C4, LET, "dz"}, {0x01C5, LET, "dz"}, {0x01C6, LET, "dz"},
		{0x01C9, LET, "lj"}, {0x01CC, LET, "nj"}, {0x0127, LET, "h"},
		/* Vietnamese */
		{0x01B0, LET, "u"}, {0x01AF, LET, "u"}, {0x01A1, LET, "o"},
		{0x01A0, LET, "o"}, {0x1EA1, LET, "a"}, {0x1EA7, LET, "a"},
		{0x1EDF, LET, "o"}, {0x1EEF, LET, "u"}, {0x1EC7, LET, "e"},
		{0x1EF9, LET, "y"}, {0x1EB7, LET, "a"},
		/* Pinyin tone marks */
		{0x0101, LET, "a"}, {0x01CE, LET, "a"}, {0x01DA, LET, "u"},
		{0x01DC, LET, "u"}, {0x01D2, LET, "o"},
		/* Latin-1 signs */
		{0x00D7, SEP, NULL}, {0x00F7, SEP, NULL}, {0x00A9, SEP, NULL},
		{0x00BF, SEP, NULL}, {0x00AB, SEP, NULL}, {0x00BB, SEP, NULL},
		{0x00B7, SEP, NULL}, {0x00BC, SEP, NULL}, {0x00AA, LET, "a"},
		{0x00BA, LET, "o"}, {0x00B2, LET, "2"}, {0x00B5, LET, "m"},
	};
	/* clang-format on */

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

/*
 * Checks each code point of the UTF-8 string s against expected, one entry
 * per code point; NULL means JOIN.
 */
static void check_alphabet(const char *s, const char *const *expected,
			   size_t count)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), used, i = 0;
	int failures = 0;
	uint32_t cp;

	while (n > 0) {
		used = ec__utf8_decode(p, n, &cp);
		assert_true(used > 0);
		assert_true(i < count);
		if (expected[i])
			failures += check_cp(cp, LET, expected[i]);
		else
			failures += check_cp(cp, JOIN, NULL);
		p += used;
		n -= used;
		i++;
	}
	assert_int_equal(i, count);
	assert_int_equal(failures, 0);
}

static void test_cyrillic_russian(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y",
		"k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
		"kh", "ts", "ch", "sh", "shch", NULL, "y", NULL, "e", "yu",
		"ya",
	};
	/* clang-format on */

	(void)state;
	check_alphabet("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", want,
		       ARRAY_LEN(want));
	check_alphabet("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", want,
		       ARRAY_LEN(want));
}

static void test_cyrillic_other(void **state)
{
	/* clang-format off */
	static const struct cp_case cases[] = {
		/* Ukrainian */
		{0x0454, LET, "ye"}, {0x0404, LET, "ye"}, {0x0456, LET, "i"},
		{0x0406, LET, "i"}, {0x0457, LET, "yi"}, {0x0407, LET, "yi"},
		{0x0491, LET, "g"}, {0x0490, LET, "g"},
		/* Belarusian */
		{0x045E, LET, "u"}, {0x040E, LET, "u"},
		/* Serbian and Macedonian */
		{0x0452, LET, "dj"}, {0x0402, LET, "dj"}, {0x0458, LET, "j"},
		{0x0408, LET, "j"}, {0x0459, LET, "lj"}, {0x0409, LET, "lj"},
		{0x045A, LET, "nj"}, {0x040A, LET, "nj"}, {0x045B, LET, "c"},
		{0x040B, LET, "c"}, {0x045F, LET, "dz"}, {0x040F, LET, "dz"},
		{0x0453, LET, "g"}, {0x0403, LET, "g"}, {0x045C, LET, "k"},
		{0x040C, LET, "k"}, {0x0455, LET, "dz"}, {0x0405, LET, "dz"},
		/* Kazakh, Kyrgyz, Tatar */
		{0x04D9, LET, "a"}, {0x04D8, LET, "a"}, {0x0493, LET, "g"},
		{0x0492, LET, "g"}, {0x049B, LET, "k"}, {0x049A, LET, "k"},
		{0x04A3, LET, "n"}, {0x04A2, LET, "n"}, {0x04E9, LET, "o"},
		{0x04E8, LET, "o"}, {0x04B1, LET, "u"}, {0x04B0, LET, "u"},
		{0x04AF, LET, "u"}, {0x04AE, LET, "u"}, {0x04BB, LET, "h"},
		{0x04BA, LET, "h"},
		/* signs and titlo */
		{0x044A, JOIN, NULL}, {0x042A, JOIN, NULL},
		{0x044C, JOIN, NULL}, {0x042C, JOIN, NULL},
		{0x0483, JOIN, NULL}, {0x0482, SEP, NULL},
		/* Cyrillic Supplement has no table: kept, lowercased */
		{0x0500, OTH, "\xD4\x81"}, {0x0501, OTH, "\xD4\x81"},
	};
	/* clang-format on */

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_greek(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m",
		"n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps",
		"o",
	};
	static const struct cp_case cases[] = {
		/* tonos and dialytika */
		{0x03AC, LET, "a"}, {0x0386, LET, "a"}, {0x03AD, LET, "e"},
		{0x03AE, LET, "i"}, {0x03AF, LET, "i"}, {0x03CC, LET, "o"},
		{0x03CD, LET, "y"}, {0x03CE, LET, "o"}, {0x038F, LET, "o"},
		{0x03CA, LET, "i"}, {0x03CB, LET, "y"}, {0x0390, LET, "i"},
		{0x03B0, LET, "y"},
		/* polytonic */
		{0x1F00, LET, "a"}, {0x1F08, LET, "a"}, {0x1FC6, LET, "i"},
		{0x1FB3, LET, "a"}, {0x1F66, LET, "o"}, {0x1FEC, LET, "r"},
		{0x1F51, LET, "y"}, {0x1FE5, LET, "r"},
		/* symbol variants */
		{0x03D0, LET, "v"}, {0x03D1, LET, "th"}, {0x03D5, LET, "f"},
		{0x03F2, LET, "s"}, {0x03F9, LET, "s"},
		/* punctuation and spacing accents */
		{0x037E, SEP, NULL}, {0x0387, SEP, NULL}, {0x0384, JOIN, NULL},
		{0x1FEF, JOIN, NULL}, {0x1FBD, JOIN, NULL},
		/* Coptic letters in the Greek block: kept, lowercased */
		{0x03E2, OTH, "\xCF\xA3"}, {0x03E3, OTH, "\xCF\xA3"},
	};
	/* clang-format on */

	(void)state;
	check_alphabet("αβγδεζηθικλμνξοπρσςτυφχψω", want, ARRAY_LEN(want));
	check_alphabet("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΣΤΥΦΧΨΩ", want, ARRAY_LEN(want));
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_armenian(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i",
		"l", "kh", "ts", "k", "h", "dz", "gh", "ch", "m", "y", "n",
		"sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts",
		"u", "p", "k", "o", "f",
	};
	static const struct cp_case cases[] = {
		{0x0587, LET, "ev"}, {0x0560, LET, "a"}, {0x0588, LET, "y"},
		{0xFB13, LET, "mn"}, {0xFB17, LET, "mkh"}, /* ligatures */
		{0x0559, JOIN, NULL}, {0x055B, JOIN, NULL},
		{0x055D, SEP, NULL}, {0x0589, SEP, NULL}, {0x058A, SEP, NULL},
		{0x0557, OTH, "\xD5\x97"}, /* unassigned */
	};
	/* clang-format on */

	(void)state;
	check_alphabet("աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ", want,
		       ARRAY_LEN(want));
	check_alphabet("ԱԲԳԴԵԶԷԸԹԺԻԼԽԾԿՀՁՂՃՄՅՆՇՈՉՊՋՌՍՎՏՐՑՒՓՔՕՖ", want,
		       ARRAY_LEN(want));
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_georgian(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		"a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m",
		"n", "o", "p", "zh", "r", "s", "t", "u", "p", "k", "gh", "q",
		"sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h",
	};
	static const struct cp_case cases[] = {
		/* archaic and extension letters */
		{0x10F1, LET, "e"}, {0x10F3, LET, "w"}, {0x10F6, LET, "f"},
		{0x10FA, JOIN, NULL}, {0x10FD, LET, "e"}, {0x1CBD, LET, "e"},
		{0x1CBA, JOIN, NULL}, {0x10FE, JOIN, NULL},
		{0x1CBF, JOIN, NULL},
		{0x10FB, SEP, NULL},
		{0x1CBB, OTH, "\xE1\xB2\xBB"}, /* unassigned */
	};
	/* clang-format on */

	(void)state;
	check_alphabet("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", want,
		       ARRAY_LEN(want));
	/* Mtavruli capitals */
	check_alphabet("ᲐᲑᲒᲓᲔᲕᲖᲗᲘᲙᲚᲛᲜᲝᲞᲟᲠᲡ"
		       "ᲢᲣᲤᲥᲦᲧᲨᲩᲪᲫᲬᲭᲮᲯᲰ",
		       want, ARRAY_LEN(want));
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_kana(void **state)
{
	/* clang-format off */
	static const struct cp_case cases[] = {
		/* Hepburn */
		{0x30D0, LET, "ba"}, {0x30E9, LET, "ra"}, {0x30AF, LET, "ku"},
		{0x30AA, LET, "o"}, {0x30DE, LET, "ma"}, {0x3057, LET, "shi"},
		{0x3061, LET, "chi"}, {0x3064, LET, "tsu"}, {0x3075, LET, "fu"},
		{0x3058, LET, "ji"}, {0x3062, LET, "ji"}, {0x3065, LET, "zu"},
		{0x3092, LET, "o"}, {0x3093, LET, "n"}, {0x30F3, LET, "n"},
		{0x3090, LET, "i"}, {0x3091, LET, "e"}, {0x30F4, LET, "vu"},
		{0x30F7, LET, "va"}, {0x30FA, LET, "vo"},
		/* small kana: the best a single code point can do */
		{0x3083, LET, "ya"}, {0x30E3, LET, "ya"}, {0x30E5, LET, "yu"},
		{0x30E7, LET, "yo"}, {0x30A1, LET, "a"}, {0x30A3, LET, "i"},
		{0x30F5, LET, "ka"}, {0x3063, JOIN, NULL}, {0x30C3, JOIN, NULL},
		/* digraphs */
		{0x309F, LET, "yori"}, {0x30FF, LET, "koto"},
		/* marks */
		{0x30FC, JOIN, NULL}, {0x30FB, SEP, NULL}, {0x30A0, SEP, NULL},
		{0x3099, JOIN, NULL}, {0x309A, JOIN, NULL},
		{0x309B, JOIN, NULL}, {0x309D, JOIN, NULL},
		{0x30FE, JOIN, NULL},
		{0x3040, OTH, "\xE3\x81\x80"}, /* unassigned */
		/* halfwidth katakana */
		{0xFF71, LET, "a"}, {0xFF8A, LET, "ha"}, {0xFF7C, LET, "shi"},
		{0xFF66, LET, "o"}, {0xFF6C, LET, "ya"}, {0xFF9D, LET, "n"},
		{0xFF6F, JOIN, NULL}, {0xFF70, JOIN, NULL},
		{0xFF9E, JOIN, NULL}, {0xFF9F, JOIN, NULL},
		{0xFF65, SEP, NULL},
	};
	/* clang-format on */
	char a[8], b[8];
	size_t alen, blen;
	int failures = 0, ca, cb;
	uint32_t cp;

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
	/* Hiragana and Katakana fold alike */
	for (cp = 0x3041; cp <= 0x3096; cp++) {
		ca = (int)ec__fold_cp(cp, a, &alen);
		cb = (int)ec__fold_cp(cp + 0x60, b, &blen);
		if (ca != LET && cp != 0x3063)
			failures++;
		if (ca != cb || alen != blen || memcmp(a, b, alen) != 0) {
			print_error("U+%04X and U+%04X differ\n", (unsigned)cp,
				    (unsigned)(cp + 0x60));
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void test_arabic(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		/* ء آ أ ؤ إ ئ ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ */
		NULL, "a", "a", "u", "a", "i", "a", "b", "a", "t", "th", "j",
		"h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z",
		"a", "gh",
		/* ف ق ك ل م ن ه و ى ي */
		"f", "q", "k", "l", "m", "n", "h", "u", "a", "i",
	};
	static const struct cp_case cases[] = {
		/* Persian, Urdu, Pashto, Kurdish */
		{0x067E, LET, "p"}, {0x0686, LET, "ch"}, {0x0698, LET, "zh"},
		{0x06AF, LET, "g"}, {0x06A9, LET, "k"}, {0x06CC, LET, "i"},
		{0x06D5, LET, "e"}, {0x06D2, LET, "e"}, {0x0679, LET, "t"},
		{0x0688, LET, "d"}, {0x0691, LET, "r"}, {0x06BA, LET, "n"},
		{0x06BE, LET, "h"}, {0x06C1, LET, "h"}, {0x06A4, LET, "v"},
		{0x0685, LET, "ts"}, {0x0671, LET, "a"}, {0x06C6, LET, "o"},
		/* harakat, tatweel, small high signs, punctuation, digits */
		{0x064E, JOIN, NULL}, {0x0651, JOIN, NULL},
		{0x0670, JOIN, NULL}, {0x0640, JOIN, NULL},
		{0x06E5, JOIN, NULL}, {0x060C, SEP, NULL},
		{0x06D4, SEP, NULL}, {0x066B, SEP, NULL},
		{0x0663, LET, "3"}, {0x06F7, LET, "7"},
		/* presentation forms fold like their letters */
		{0xFE8D, LET, "a"}, {0xFEE3, LET, "m"}, {0xFEA4, LET, "h"},
		{0xFEAA, LET, "d"}, {0xFECB, LET, "a"}, {0xFEFB, LET, "la"},
		{0xFB58, LET, "p"}, {0xFB8E, LET, "k"}, {0xFBFC, LET, "i"},
		{0xFC0B, LET, "tj"}, {0xFDF2, LET, "allh"},
		{0xFDF4, LET, "mhmd"}, {0xFE76, JOIN, NULL},
		{0xFC60, JOIN, NULL}, {0xFEFF, JOIN, NULL},
		{0xFD3E, SEP, NULL}, {0xFDFC, SEP, NULL}, {0xFBB2, SEP, NULL},
		/* longer than four letters: kept */
		{0xFD6A, OTH, "\xEF\xB5\xAA"}, {0xFDFA, OTH, "\xEF\xB7\xBA"},
	};
	/* clang-format on */

	(void)state;
	check_alphabet("ءآأؤإئابةتثجحخدذرزسشصضطظعغ"
		       "فقكلمنهوىي",
		       want, ARRAY_LEN(want));
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_hebrew(void **state)
{
	/* clang-format off */
	static const char *const want[] = {
		NULL, "b", "g", "d", "h", "v", "z", "kh", "t", "y", "k", "k",
		"l", "m", "m", "n", "n", "s", NULL, "p", "p", "ts", "ts", "k",
		"r", "sh", "t",
	};
	static const struct cp_case cases[] = {
		{0x05F0, LET, "v"}, {0x05F1, LET, "oy"}, {0x05F2, LET, "ey"},
		{0x05EF, LET, "y"},
		/* points and punctuation */
		{0x05B4, JOIN, NULL}, {0x05BC, JOIN, NULL},
		{0x05C1, JOIN, NULL}, {0x05F3, JOIN, NULL},
		{0x05F4, JOIN, NULL}, {0x05BE, SEP, NULL},
		{0x05C3, SEP, NULL},
		/* presentation forms */
		{0xFB2A, LET, "sh"}, {0xFB31, LET, "b"}, {0xFB4B, LET, "v"},
		{0xFB2E, JOIN, NULL}, {0xFB4F, LET, "l"}, {0xFB1E, JOIN, NULL},
		{0xFB29, SEP, NULL},
	};
	/* clang-format on */

	(void)state;
	check_alphabet("אבגדהוזחטיךכלםמןנסעףפץצקרשת", want, ARRAY_LEN(want));
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_fullwidth(void **state)
{
	char a[8], b[8];
	size_t alen, blen;
	uint32_t c;
	int ca, cb;

	(void)state;
	for (c = 0x21; c <= 0x7E; c++) {
		ca = (int)ec__fold_cp(c, a, &alen);
		cb = (int)ec__fold_cp(c - 0x21 + 0xFF01, b, &blen);
		assert_int_equal(ca, cb);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
	}
	assert_int_equal(check_cp(0xFF21, LET, "a"), 0);
	assert_int_equal(check_cp(0xFF5A, LET, "z"), 0);
	assert_int_equal(check_cp(0xFF10, LET, "0"), 0);
	assert_int_equal(check_cp(0xFF07, JOIN, NULL), 0);
	assert_int_equal(check_cp(0xFF0C, SEP, NULL), 0);
	/* halfwidth punctuation next to the block */
	assert_int_equal(check_cp(0xFF61, SEP, NULL), 0);
	assert_int_equal(check_cp(0xFF65, SEP, NULL), 0);
}

static void test_separators(void **state)
{
	/* clang-format off */
	static const uint32_t seps[] = {
		0x00A0, 0x3000, 0x2000, 0x2009, 0x200A, 0x202F, 0x205F,
		0x1680, 0x2028, 0x2029,
		/* dashes */
		0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212,
		0xFE58, 0x301C,
		/* quotes, brackets, bullets, dots */
		0x201C, 0x201D, 0x201E, 0x201A, 0x2039, 0x203A, 0x00AB,
		0x2022, 0x2023, 0x2043, 0x2026, 0x2044, 0x25CF, 0x2027,
		0x300C, 0x300D, 0xFF62,
		/* other scripts' punctuation */
		0x3001, 0x3002, 0x30FB, 0x060C, 0x061B, 0x061F, 0x06D4,
		0x05BE, 0x0589, 0x0964, 0x0E5A, 0x1361, 0x1362, 0x104B,
		/* symbols */
		0x20AC, 0x00A3, 0x20BD, 0x2122, 0x2116, 0x00AE, 0x2665,
		0x2713, 0x1F600, 0x1F1F7, 0x1F3FB, 0xFFFD, 0x2190, 0x221E,
	};
	/* clang-format on */
	int failures = 0;
	size_t i;
	uint32_t c;

	(void)state;
	for (i = 0; i < ARRAY_LEN(seps); i++)
		failures += check_cp(seps[i], SEP, NULL);
	/* C0 and C1 controls */
	for (c = 0; c < 0x20; c++)
		failures += check_cp(c, SEP, NULL);
	for (c = 0x7F; c < 0xA0; c++)
		failures += check_cp(c, SEP, NULL);
	assert_int_equal(failures, 0);
}

static void test_joiners(void **state)
{
	/* clang-format off */
	static const uint32_t joins[] = {
		/* apostrophes and their look-alikes */
		0x0027, 0x0060, 0x2019, 0x2018, 0x201B, 0x02BC, 0x02BB,
		0x00B4, 0x02B9, 0x02BA, 0x2032, 0x2033, 0xFF07, 0xFF40,
		0x05F3, 0x055A,
		/* spacing diacritics */
		0x00A8, 0x00AF, 0x00B8, 0x02C6, 0x02DC,
		/* invisible characters */
		0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD, 0x2060, 0x200E,
		0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0x034F, 0x061C,
		0x180E, 0xFE00, 0xFE0F, 0xE0001, 0xE0041, 0xE01EF, 0x3164,
		/* Arabic harakat and tatweel, Hebrew points */
		0x064B, 0x064E, 0x0651, 0x0652, 0x0670, 0x0640, 0x05B4,
		0x05BC,
	};
	static const uint32_t marks[][2] = {
		{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
		{0x20D0, 0x20FF}, {0xFE20, 0xFE2F},
	};
	/* clang-format on */
	int failures = 0;
	size_t i;
	uint32_t c;

	(void)state;
	for (i = 0; i < ARRAY_LEN(joins); i++)
		failures += check_cp(joins[i], JOIN, NULL);
	for (i = 0; i < ARRAY_LEN(marks); i++)
		for (c = marks[i][0]; c <= marks[i][1]; c++)
			failures += check_cp(c, JOIN, NULL);
	assert_int_equal(failures, 0);
}

static void test_other_scripts(void **state)
{
	/* clang-format off */
	static const struct cp_case cases[] = {
		{0x0710, OTH, "ܐ"},   /* Syriac alaph */
		{0x0780, OTH, "ހ"},   /* Thaana */
		{0x0750, OTH, "ݐ"},   /* Arabic Supplement has no table */
		{0x4E60, OTH, "习"},  /* CJK */
		{0x3105, OTH, "ㄅ"},  /* Bopomofo */
		{0xD55C, OTH, "한"},  /* Hangul */
		{0x0915, OTH, "क"},   /* Devanagari ka */
		{0x093F, OTH, "ि"},   /* a vowel sign belongs to its word */
		{0x0E01, OTH, "ก"},   /* Thai */
		{0x20000, OTH, "𠀀"}, /* CJK Extension B */
		/* cased scripts come out lowercase */
		{0x10A0, OTH, "ⴀ"}, {0x2D00, OTH, "ⴀ"},  /* Asomtavruli */
		{0x2C00, OTH, "ⰰ"},                      /* Glagolitic */
		{0x2C80, OTH, "ⲁ"},                      /* Coptic */
		{0x10400, OTH, "𐐨"}, {0x1E900, OTH, "𞤢"}, /* Deseret, Adlam */
		{0x13A0, OTH, "ꭰ"},                      /* Cherokee */
		/* unassigned, private use and noncharacters are kept */
		{0x0378, OTH, "\xCD\xB8"}, {0xE000, OTH, "\xEE\x80\x80"},
		{0xFFFF, OTH, "\xEF\xBF\xBF"},
		{0x50000, OTH, "\xF1\x90\x80\x80"},
		{0x10FFFF, OTH, "\xF4\x8F\xBF\xBF"},
		/* digits of other scripts are digits */
		{0x0660, LET, "0"}, {0x0669, LET, "9"}, {0x06F4, LET, "4"},
		{0x0966, LET, "0"}, {0x0E59, LET, "9"}, {0x1040, LET, "0"},
		{0x104A9, LET, "9"},
	};
	/* clang-format on */

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

/* Styled and compatibility letters, often used to slip past a filter. */
static void test_compatibility_forms(void **state)
{
	/* clang-format off */
	static const struct cp_case cases[] = {
		{0xFB00, LET, "ff"}, {0xFB01, LET, "fi"}, {0xFB03, LET, "ffi"},
		{0xFB06, LET, "st"},
		{0x1D400, LET, "a"}, {0x1D41A, LET, "a"}, {0x1D6A3, LET, "z"},
		{0x1D6A4, LET, "i"}, {0x1D6A5, LET, "j"}, {0x1D6A8, LET, "a"},
		{0x1D6C1, SEP, NULL}, {0x1D7C9, LET, "p"}, {0x1D7CE, LET, "0"},
		{0x1D7FF, LET, "9"},
		{0x24B6, LET, "a"}, {0x24D0, LET, "a"}, {0x24E9, LET, "z"},
		{0x2460, LET, "1"}, {0x2473, LET, "20"}, {0x1F130, LET, "a"},
		{0x1F189, LET, "z"}, {0x1F110, LET, "a"},
		{0x1D00, LET, "a"}, {0x0299, LET, "b"}, {0x0262, LET, "g"},
		{0x026A, LET, "i"}, {0x0274, LET, "n"}, {0xA731, LET, "s"},
		{0x2160, LET, "i"}, {0x2167, LET, "viii"}, {0x216B, LET, "xii"},
		{0x212A, LET, "k"}, {0x212B, LET, "a"}, {0x2126, LET, "o"},
		{0x2070, LET, "0"}, {0x2081, LET, "1"}, {0x207F, LET, "n"},
		{0x1D43, LET, "a"}, {0x02B0, LET, "h"},
		{0x2153, SEP, NULL}, {0x2122, SEP, NULL}, {0x2103, SEP, NULL},
	};
	/* clang-format on */

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_not_characters(void **state)
{
	/* clang-format off */
	static const uint32_t cps[] = {
		0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0x7FFFFFFF,
		0xFFFFFFFF,
	};
	/* clang-format on */
	int failures = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cps); i++)
		failures += check_cp(cps[i], SEP, NULL);
	assert_int_equal(failures, 0);
}

static void test_words(void **state)
{
	/* clang-format off */
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"Müller", "muller"},
		{"Mu\u0308ller", "muller"}, /* decomposed */
		{"Straße", "strasse"},
		{"STRASSE", "strasse"},
		{"Đorđević", "dordevic"},
		{"Ørsted", "orsted"},
		{"Þórður Ægisson", "thordur aegisson"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Recep Tayyip Erdoğan", "recep tayyip erdogan"},
		{"İlham Əliyev", "ilham eliyev"},
		{"Nicolae Ceaușescu", "nicolae ceausescu"},
		{"Ţiriac", "tiriac"},
		{"Nguyễn Tấn Dũng", "nguyen tan dung"},
		{"Xí Jìnpíng", "xi jinping"},
		{"Lǚ Bù", "lu bu"},
		{"Ёлкин", "elkin"},
		{"Леонтьев", "leontev"},
		{"Сергей", "sergey"},
		{"Хрущёв", "khrushchev"},
		{"Щукин", "shchukin"},
		{"Объединение", "obedinenie"},
		{"Ротенберг Аркадий", "rotenberg arkadiy"},
		{"ООО «Ромашка»", "ooo romashka"},
		{"Володимир Зеленський", "volodimir zelenskiy"},
		{"Євген", "yevgen"},
		{"Ґалаґан", "galagan"},
		{"Ўладзімір", "uladzimir"},
		{"Ђоковић", "djokovic"},
		{"Његош", "njegosh"},
		{"Џаја", "dzaja"},
		{"Ѓорѓи", "gorgi"},
		{"Қасым-Жомарт Тоқаев", "kasym zhomart tokaev"},
		{"Әлихан Бөкейхан", "alikhan bokeykhan"},
		{"Ελλάδα", "ellada"},
		{"Αθήνα", "athina"},
		{"Κυριάκος Μητσοτάκης", "kyriakos mitsotakis"},
		{"ΣΩΚΡΑΤΗΣ", "sokratis"},
		{"Ψυχή", "psychi"},
		{"Ἀθῆναι", "athinai"},
		{"ＡＢＣ", "abc"},
		{"Ｈｕａｗｅｉ\u3000Ｔｅｃｈ", "huawei tech"},
		{"O’Brien", "obrien"},
		{"D'Artagnan", "dartagnan"},
		{"Oʻzbekiston", "ozbekiston"},
		{"Ma\u00ADdu\u00ADro", "maduro"},
		{"Pu\u200Btin", "putin"},
		{"Pu\u200Etin", "putin"},
		{"Pu\u2060tin\uFE0F", "putin"},
		{"Jean\u2010Pierre", "jean pierre"},
		{"  Jean-Pierre\u00A0Dupont, Jr.  ", "jean pierre dupont jr"},
		{"Rostec \u2116 1", "rostec 1"},
		{"\xF0\x9D\x90\x8F\xF0\x9D\x90\xAE\xF0\x9D\x90\xAD"
		 "\xF0\x9D\x90\xA2\xF0\x9D\x90\xA7", "putin"}, /* math bold */
		{"ⓅⓊⓉⒾⓃ", "putin"},
		{"ᴘᴜᴛɪɴ", "putin"},
		{"ﬁnance", "finance"},
		/* Arabic script */
		{"محمد بن سلمان", "mhmd bn slman"},
		{"مُحَمَّد", "mhmd"},
		{"بشار الأسد", "bshar alasd"},
		{"أسامة بن لادن", "asama bn ladn"},
		{"عيسى", "aisa"},
		{"عبد العزيز", "abd alaziz"},
		{"ﻣﺤﻤﺪ ﷴ", "mhmd mhmd"}, /* presentation forms */
		{"باراک اوباما", "barak aubama"},
		{"حسن روحانی", "hsn ruhani"},
		{"علی خامنه‌ای", "ali khamnhai"},
		{"پاکستان", "pakstan"},
		/* Hebrew */
		{"בנימין נתניהו", "bnymyn ntnyhv"},
		{"אֵהוּד בָּרָק", "hvd brk"},
		/* Japanese */
		{"バラク・オバマ", "baraku obama"},
		{"ウラジーミル・プーチン", "urajimiru puchin"},
		{"ホッカイドウ", "hokaidou"},
		{"とうきょう", "toukiyou"},
		{"ｶﾀｶﾅ", "katakana"},
		{"贝拉克·奥巴马", "贝拉克 奥巴马"},
		/* Armenian */
		{"Բարակ Օբամա", "barak obama"},
		{"Ռոբերտ Քոչարյան", "robert kocharyan"},
		{"ՆԻԿՈԼ ՓԱՇԻՆՅԱՆ", "nikol pashinyan"},
		{"Հարությունյան", "haroutyounyan"},
		{"Երևան", "erevan"},
		/* Georgian */
		{"ბარაკ ობამა", "barak obama"},
		{"მიხეილ სააკაშვილი", "mikheil saakashvili"},
		{"ბიძინა ივანიშვილი", "bidzina ivanishvili"},
		{"წყალტუბო", "tsqaltubo"},
		{"ᲗᲑᲘᲚᲘᲡᲘ", "tbilisi"},
		{"ប៉ុល ពត", "ប៉ុល ពត"},
		{"ООО АЯС 2000", "ooo ayas 2000"},
		{"٢٠٢٤", "2024"},
		{"bad\xC0\x80" "byte", "bad byte"},
	};
	/* clang-format on */
	char out[256];
	int failures = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		fold_str(cases[i].in, out, sizeof(out));
		if (strcmp(out, cases[i].want) != 0) {
			print_error("\"%s\": got \"%s\", want \"%s\"\n",
				    cases[i].in, out, cases[i].want);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * Upper and lower case of a letter must fold alike, or a name typed in
 * capitals (as sanctions lists often are) would not match.
 */
static void test_case_pairs(void **state)
{
	/* clang-format off */
	static const struct {
		uint32_t first, last, delta, step;
	} pairs[] = {
		{0x00C0, 0x00DE, 0x20, 1},   /* Latin-1 */
		{0x0100, 0x012F, 1, 2},      /* Latin Extended-A */
		{0x0132, 0x0137, 1, 2},
		{0x0139, 0x0148, 1, 2},
		{0x014A, 0x0177, 1, 2},
		{0x0179, 0x017E, 1, 2},
		{0x01CD, 0x01DC, 1, 2},      /* Pinyin */
		{0x0218, 0x021B, 1, 2},      /* Romanian comma below */
		{0x0391, 0x03A9, 0x20, 1},   /* Greek */
		{0x0410, 0x042F, 0x20, 1},   /* Cyrillic */
		{0x0400, 0x040F, 0x50, 1},
		{0x0460, 0x0481, 1, 2},
		{0x048A, 0x04BF, 1, 2},
		{0x04C1, 0x04CE, 1, 2},
		{0x04D0, 0x04FF, 1, 2},
		{0x1E00, 0x1E95, 1, 2},      /* Latin Extended Additional */
		{0x1EA0, 0x1EFF, 1, 2},
		{0x1F08, 0x1F0F, -8u, 1},    /* Greek Extended */
		{0x1F28, 0x1F2F, -8u, 1},
		{0x0531, 0x0556, 0x30, 1},   /* Armenian */
		{0x1C90, 0x1CBA, -0xBC0u, 1}, /* Georgian Mtavruli */
		{0x1CBD, 0x1CBF, -0xBC0u, 1},
		{0xFF21, 0xFF3A, 0x20, 1},   /* fullwidth */
		{0x24B6, 0x24CF, 0x1A, 1},   /* circled */
		{0x2160, 0x216F, 0x10, 1},   /* Roman numerals */
	};
	/* clang-format on */
	char a[8], b[8];
	size_t alen, blen, i;
	int failures = 0, ca, cb;
	uint32_t cp;

	(void)state;
	for (i = 0; i < ARRAY_LEN(pairs); i++) {
		for (cp = pairs[i].first; cp <= pairs[i].last;
		     cp += pairs[i].step) {
			if (cp == 0x00D7 || cp == 0x03A2)
				continue; /* × and a hole, not letters */
			ca = (int)ec__fold_cp(cp, a, &alen);
			cb = (int)ec__fold_cp(cp + pairs[i].delta, b, &blen);
			if (ca != cb || alen != blen ||
			    memcmp(a, b, alen) != 0) {
				print_error("U+%04X and U+%04X differ\n",
					    (unsigned)cp,
					    (unsigned)(cp + pairs[i].delta));
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * Every code point, and some values beyond: the class is one of the four,
 * nothing is written past *outlen (at most 4, so never past 8), LETTER is
 * [a-z0-9] only, and OTHER is one valid UTF-8 character that folds to
 * itself, so that folding twice changes nothing.
 */
static void test_all_code_points(void **state)
{
	unsigned char out[16], again[16];
	size_t len, len2, i;
	uint32_t cp, back;
	int cls;

	(void)state;
	for (cp = 0; cp <= 0x110010; cp++) {
		memset(out, 0xA5, sizeof(out));
		len = 99;
		cls = (int)ec__fold_cp(cp, (char *)out, &len);
		if (len > 4)
			fail_msg("U+%04X: length %zu", (unsigned)cp, len);
		for (i = len; i < sizeof(out); i++)
			if (out[i] != 0xA5)
				fail_msg("U+%04X: wrote byte %zu of %zu",
					 (unsigned)cp, i, len);
		switch (cls) {
		case SEP:
		case JOIN:
			if (len != 0)
				fail_msg("U+%04X: output for %s", (unsigned)cp,
					 class_name(cls));
			break;
		case LET:
			if (len == 0)
				fail_msg("U+%04X: empty LETTER", (unsigned)cp);
			for (i = 0; i < len; i++)
				if (!((out[i] >= 'a' && out[i] <= 'z') ||
				      (out[i] >= '0' && out[i] <= '9')))
					fail_msg("U+%04X: byte 0x%02X",
						 (unsigned)cp, out[i]);
			break;
		case OTH:
			if (cp < 0x80)
				fail_msg("U+%04X: ASCII as OTHER",
					 (unsigned)cp);
			if (len == 0 || ec__utf8_decode(out, len, &back) != len)
				fail_msg("U+%04X: not one character",
					 (unsigned)cp);
			cls = (int)ec__fold_cp(back, (char *)again, &len2);
			if (cls != OTH || len2 != len ||
			    memcmp(out, again, len) != 0)
				fail_msg("U+%04X: not a fixed point",
					 (unsigned)cp);
			break;
		default:
			fail_msg("U+%04X: class %d", (unsigned)cp, cls);
		}
		if (cp > 0x10FFFF && cls != SEP)
			fail_msg("U+%04X: beyond Unicode but not SEP",
				 (unsigned)cp);
	}
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_decode_roundtrip),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_latin),
		cmocka_unit_test(test_cyrillic_russian),
		cmocka_unit_test(test_cyrillic_other),
		cmocka_unit_test(test_greek),
		cmocka_unit_test(test_armenian),
		cmocka_unit_test(test_georgian),
		cmocka_unit_test(test_kana),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_hebrew),
		cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_joiners),
		cmocka_unit_test(test_other_scripts),
		cmocka_unit_test(test_compatibility_forms),
		cmocka_unit_test(test_not_characters),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_case_pairs),
		cmocka_unit_test(test_all_code_points),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
