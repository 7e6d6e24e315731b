/*
 * test_normalize.c: the normalization rules that both listed names and
 * queries go through, pinned one by one.
 */
#include "helpers.h"

#include "match.h"
#include "normalize.h"

static void norm_is(const char *in, const char *want)
{
	char buf[512];
	long n = ec_normalize(buf, sizeof(buf), in);

	assert_true(n >= 0);
	if (strcmp(buf, want) != 0)
		fail_msg("normalize(\"%s\") = \"%s\", want \"%s\"", in, buf,
			 want);
	assert_int_equal((size_t)n, strlen(want));
}

/* Cases of ec_normalize(): the input and what it must give. */
struct norm_case {
	const char *in, *want;
};

#define NORM_ALL(cases) norm_all(cases, sizeof(cases) / sizeof(cases[0]))

static void norm_all(const struct norm_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		norm_is(c[i].in, c[i].want);
}

static void test_case_punct_space(void **state)
{
	static const struct norm_case cases[] = {
		{"HUAWEI   Technologies", "huawei technologies"},
		{"  huawei\ttechnologies\n", "huawei technologies"},
		{"Huawei-Technologies!!", "huawei technologies"},
		{"O'Brien Trading", "obrien trading"},
		{"Smith & Sons", "smith and sons"},
		{"...", ""},
		{"", ""},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_diacritics_and_scripts(void **state)
{
	static const struct norm_case cases[] = {
		{"Müller Straße", "muller strasse"},
		{"Société Générale", "societe generale"},
		{"Đorđević", "dordevic"},
		{"Ørsted", "orsted"},
		{"Şahin Çelik", "sahin celik"},
		{"Сергей Леонтьев", "sergey leontev"},
		{"ЛЕОНТЬЕВ", "leontev"},
		{"Ελλάδα", "ellada"},
		{"ＨＵＡＷＥＩ", "huawei"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_legal_forms(void **state)
{
	static const struct norm_case cases[] = {
		{"Huawei Technologies Co., Ltd.", "huawei technologies co ltd"},
		{"Huawei Technologies Company Limited",
		 "huawei technologies co ltd"},
		{"Acme L.L.C.", "acme llc"},
		{"Acme Limited Liability Company", "acme llc"},
		{"OOO Romashka", "llc romashka"},
		{"Joint Stock Company Izhmash", "jsc izhmash"},
		{"PJSC Aeroflot", "jsc aeroflot"},
		{"Acme Corporation", "acme corp"},
		{"Acme Incorporated", "acme inc"},
		{"Siemens Aktiengesellschaft", "siemens ag"},
		{"Acme Comkany Lmiited", "acme co ltd"},
		{"Acme Open JSC", "acme jsc"},
		{"Acme Joint Stokc Company", "acme jsc"},
		{"Dr. Rami Makhlouf", "dr rami makhlouf"},
		{"Gesellschaft mit beschränkter Haftung Test", "gmbh test"},
		/* A name of nothing but a legal form keeps its words. */
		{"Corp.", "corp"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_acronyms(void **state)
{
	static const struct norm_case cases[] = {
		{"A.B.C. Company", "abc co"},
		{"A-B-C Company", "abc co"},
		{"U.S.A. Trading", "usa trading"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_lookalike_digits(void **state)
{
	static const struct norm_case cases[] = {
		{"Ig0r Sech1n", "igor sechin"},
		{"I9or S3ch1n", "igor sechin"},
		{"Nitr0jen26", "nitrojen26"},
		/* Codes, runs of digits and digits at the edge stay digits. */
		{"H3C M4G", "h3c m4g"},
		{"N488RC", "n488rc"},
		{"Brigade 44 1st 4x4", "brigade 44 1st 4x4"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_numbers(void **state)
{
	static const struct norm_case cases[] = {
		{"Brigade Forty-Four", "brigade 44"},
		{"Brigade Fourty four", "brigade 44"},
		{"Brigade Forty 4", "brigade 44"},
		{"Three Percenters", "3 percenters"},
		{"First International Bank", "1st international bank"},
		{"1ST International Bank", "1st international bank"},
		{"Twenty-First Century", "21st century"},
		{"Eleventh Brigade 12TH 22th", "11th brigade 12th 22nd"},
		/* Two numbers side by side stay two; so do two across a comma.
		 */
		{"Route 20 4", "route 20 4"},
		{"Forty Fifty", "40 50"},
		{"Sixty, Four", "60 4"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_abbreviations(void **state)
{
	static const struct norm_case cases[] = {
		{"First Bank Int'l", "1st bank international"},
		{"U.S. Department of State", "usa department of state"},
		{"United States Department of State",
		 "usa department of state"},
		{"Bank of the United Arab Emirates", "bank of the uae"},
		{"Acme Mfg. Co.", "acme manufacturing co"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_run_together(void **state)
{
	static const struct norm_case cases[] = {
		{"FridrichBuchenberg", "fridrich buchenberg"},
		{"PetroChina ExxonMobil", "petro china exxon mobil"},
		/* Parts shorter than three letters are not split off. */
		{"McDonald DeVries GmbH iPhone",
		 "mcdonald devries gmbh iphone"},
		{"O'Brien", "obrien"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_repeated_words(void **state)
{
	ec__tokens t;
	const char *s = "Abdul Ghani Baradar Abdul Ahmad Turk";

	(void)state;
	/* A company's name said again is the same name ... */
	norm_is("Huawei Technologies Co., Ltd. (Huawei)",
		"huawei technologies co ltd");
	/* ... but in a person's name a repeat is another name. */
	norm_is("Abdullahi Mohamed Mohamed Caddow",
		"abdullahi mohamed mohamed caddow");
	/* Still five names, not six, when guessing a person. */
	ec__tokens_init(&t);
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.n, 6);
	assert_true(ec__looks_personal(&t));
	ec__tokens_dispose(&t);
}

static void test_person_reorder(void **state)
{
	static const struct norm_case cases[] = {
		{"LEONTYEV, Sergey Viktorovich", "sergey viktorovich leontyev"},
		{"AL-ZAROONI, Ahmed", "ahmed al zarooni"},
		/* Not a person: a comma before a legal form does not reorder.
		 */
		{"Example Trading, Ltd.", "example trading ltd"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void test_kinds_and_roles(void **state)
{
	ec__tokens t;
	const char *s = "DANIELS, Emma Jane";

	(void)state;
	ec__tokens_init(&t);
	assert_int_equal(ec__normalize(&t, s, strlen(s), EC__NORM_PERSON), 0);
	assert_int_equal(t.n, 3);
	assert_true(t.reordered);
	assert_string_equal(ec__tok_text(&t, 0), "emma");
	assert_int_equal(t.v[0].role, EC__TR_FIRST);
	assert_int_equal(t.v[1].role, EC__TR_MIDDLE);
	assert_string_equal(ec__tok_text(&t, 2), "daniels");
	assert_int_equal(t.v[2].role, EC__TR_SURNAME);

	s = "The Bank of Example Trading Co Ltd";
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.n, 7);
	assert_int_equal(t.v[0].kind, EC__TK_STOP);    /* the */
	assert_int_equal(t.v[1].kind, EC__TK_GENERIC); /* bank */
	assert_int_equal(t.v[2].kind, EC__TK_STOP);    /* of */
	assert_int_equal(t.v[3].kind, EC__TK_WORD);    /* example */
	assert_int_equal(t.v[4].kind, EC__TK_GENERIC); /* trading */
	assert_int_equal(t.v[5].kind, EC__TK_LEGAL);   /* co */
	assert_int_equal(t.v[6].kind, EC__TK_LEGAL);   /* ltd */

	/* Every single-word legal form is found, wherever it sorts. */
	{
		static const char *const forms[] = {
			"AB",	"AG",	"Aktiengesellschaft",
			"BV",	"Corp", "FZC",
			"FZCO", "FZE",	"GmbH",
			"Inc",	"JSC",	"KK",
			"LLC",	"Ltda", "OOO",
			"PJSC", "Pty",	"SA",
			"SpA"};
		char name[64];
		size_t k;

		for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
			snprintf(name, sizeof(name), "Zyxwv %s", forms[k]);
			assert_int_equal(
				ec__normalize(&t, name, strlen(name), 0), 0);
			assert_int_equal(t.n, 2);
			if (t.v[1].kind != EC__TK_LEGAL)
				fail_msg("\"%s\" is not a legal form",
					 forms[k]);
		}
	}

	/* "Ben" between two names is "son of"; first, a given name. */
	s = "Noureddine Ben Ali";
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.v[1].kind, EC__TK_STOP);
	s = "Ben Smith";
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.v[0].kind, EC__TK_WORD);
	s = "ALI, Ben Noureddine";
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.v[1].kind, EC__TK_WORD);

	s = "John F Kennedy";
	assert_int_equal(ec__normalize(&t, s, strlen(s), 0), 0);
	assert_int_equal(t.v[1].kind, EC__TK_INITIAL);
	ec__tokens_dispose(&t);
}

static void test_phonetic_keys(void **state)
{
	char a[64], b[64];

	(void)state;
	ec__phonetic("sergey", 6, a, sizeof(a));
	ec__phonetic("sergei", 6, b, sizeof(b));
	assert_string_equal(a, b);
	ec__phonetic("aleksey", 7, a, sizeof(a));
	ec__phonetic("alexei", 6, b, sizeof(b));
	assert_string_equal(a, b);
	ec__phonetic("leontyev", 8, a, sizeof(a));
	ec__phonetic("leontiev", 8, b, sizeof(b));
	assert_string_equal(a, b);
	ec__phonetic("mohammed", 8, a, sizeof(a));
	ec__consonants(a, strlen(a), b, sizeof(b));
	assert_string_equal(b, "mhmd");
	ec__phonetic("muhammad", 8, a, sizeof(a));
	ec__consonants(a, strlen(a), a, sizeof(a));
	assert_string_equal(a, "mhmd");
}

static void test_hostile_input(void **state)
{
	ec__tokens t;
	char *big = malloc(1 << 20);
	char buf[64];
	size_t i;

	(void)state;
	assert_non_null(big);
	/* Invalid UTF-8 bytes separate tokens; nothing crashes. */
	norm_is("abc\xff\xfe"
		"def\xc0\x80ghi",
		"abc def ghi");
	/* 10,000 tokens: bounded, the first ones kept. */
	for (i = 0; i < 20000; i += 2) {
		big[i] = (char)('a' + (i / 2) % 26);
		big[i + 1] = ' ';
	}
	big[20000] = '\0';
	ec__tokens_init(&t);
	assert_int_equal(ec__normalize(&t, big, 20000, 0), 0);
	assert_true(t.n <= EC__NAME_MAX_TOKENS);
	/* One 1 MB word. */
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	assert_int_equal(ec__normalize(&t, big, (1 << 20) - 1, 0), 0);
	assert_int_equal(t.n, 1);
	assert_true(t.v[0].len <= EC__TOK_MAX);
	assert_true(ec_normalize(buf, sizeof(buf), big) > 0);
	ec__tokens_dispose(&t);
	free(big);
}

/* Issue 13: legal forms run into the name or misspelt. */
static void test_runin_legal_forms(void **state)
{
	static const struct norm_case cases[] = {
		{"VEB ASIALIMITED", "veb asia ltd"},
		{"PETROPARS UKLIMITED", "petropars uk ltd"},
		{"Acme GMBH", "acme gmbh"},
		{"AcmeGmbH", "acme gmbh"},
		{"Cemex S.A. DEC.V.", "cemex sa de cv"},
		{"Cemex S.A. de C.V.", "cemex sa de cv"},
		{"Acme S. DER.L.", "acme s de rl"},
		{"Acme Pti Ltd.", "acme pty ltd"},
		{"Acme Limted", "acme ltd"},
		/* Words that only end like one stay whole. */
		{"Unlimited Horizons", "unlimited horizons"},
		{"Accompany Tours", "accompany tours"},
		/* A short word before a legal form keeps its own letters. */
		{"Kia Corp", "kia corp"},
	};

	(void)state;
	NORM_ALL(cases);
}

static void key_same(const char *a, const char *b)
{
	char x[EC__TOK_MAX + 1], y[EC__TOK_MAX + 1];

	ec__phonetic(a, strlen(a), x, sizeof(x));
	ec__phonetic(b, strlen(b), y, sizeof(y));
	if (strcmp(x, y) != 0)
		fail_msg("keys of %s (%s) and %s (%s) differ", a, x, b, y);
}

/* Issue 13: transliteration variants share a phonetic key. */
static void test_transliteration_keys(void **state)
{
	(void)state;
	key_same("zhejiang", "jejiang");
	key_same("ezhov", "ejov");
	key_same("dzhokhar", "jokhar");
	key_same("djamel", "jamel");
	key_same("mikhail", "michail");
	key_same("mikhail", "mihail");
	key_same("qaddafi", "gaddafi");
	key_same("qaddafi", "kaddafi");
	key_same("hsu", "xu");
	key_same("tsai", "cai");
	key_same("aleksei", "alexei");
	key_same("dmitrii", "dmitriy");
	key_same("dmitry", "dmitriy");
	key_same("youssef", "yusef");
	key_same("wolkov", "volkov");
}

/* The public key is the matcher's (the delta screen's filter uses it). */
static void test_public_phonetic(void **state)
{
	char a[80], b[80], small[4];
	char internal[EC__TOK_MAX + 1];

	(void)state;
	assert_true(ec_phonetic(a, sizeof(a), "sergey") > 0);
	assert_true(ec_phonetic(b, sizeof(b), "sergei") > 0);
	assert_string_equal(a, b);
	ec__phonetic("khristopher", 11, internal, sizeof(internal));
	assert_int_equal(ec_phonetic(a, sizeof(a), "khristopher"),
			 (long)strlen(internal));
	assert_string_equal(a, internal);
	/* Truncated like ec_normalize(): the full length is returned. */
	assert_int_equal(ec_phonetic(small, sizeof(small), "khristopher"),
			 (long)strlen(internal));
	assert_int_equal(strlen(small), 3);
	assert_int_equal(ec_phonetic(NULL, 0, "x"), 1);
	assert_int_equal(ec_phonetic(a, sizeof(a), NULL), EC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_punct_space),
		cmocka_unit_test(test_diacritics_and_scripts),
		cmocka_unit_test(test_legal_forms),
		cmocka_unit_test(test_acronyms),
		cmocka_unit_test(test_lookalike_digits),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_abbreviations),
		cmocka_unit_test(test_run_together),
		cmocka_unit_test(test_repeated_words),
		cmocka_unit_test(test_person_reorder),
		cmocka_unit_test(test_kinds_and_roles),
		cmocka_unit_test(test_phonetic_keys),
		cmocka_unit_test(test_public_phonetic),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_runin_legal_forms),
		cmocka_unit_test(test_transliteration_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
