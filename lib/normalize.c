/*
 * normalize.c: names to tokens.  The same function prepares listed names at
 * build time and queries at search time, so both sides always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "match.h"
#include "normalize.h"

/* Single words with a canonical legal form. */
static const ec__str_pair legal_words[] = {
	{"ab", "ab"},
	{"ag", "ag"},
	{"aktiengesellschaft", "ag"},
	{"ao", "jsc"},
	{"as", "as"},
	{"asa", "asa"},
	{"bhd", "bhd"},
	{"bv", "bv"},
	{"cia", "co"},
	{"cie", "co"},
	{"cjsc", "jsc"},
	{"co", "co"},
	{"comp", "co"},
	{"companhia", "co"},
	{"compania", "co"},
	{"company", "co"},
	{"corp", "corp"},
	{"corporation", "corp"},
	{"cv", "cv"},
	{"fzc", "fze"},
	{"fzco", "fze"},
	{"fze", "fze"},
	{"gmbh", "gmbh"},
	{"inc", "inc"},
	{"incorporated", "inc"},
	{"jsc", "jsc"},
	{"kg", "kg"},
	{"kk", "kk"},
	{"limited", "ltd"},
	{"llc", "llc"},
	{"llp", "llp"},
	{"lp", "lp"},
	{"ltd", "ltd"},
	{"ltda", "ltd"},
	{"nv", "nv"},
	{"oao", "jsc"},
	{"ojsc", "jsc"},
	{"ooo", "llc"},
	{"oy", "oy"},
	{"oyj", "oy"},
	{"pao", "jsc"},
	{"pjsc", "jsc"},
	{"plc", "plc"},
	{"pte", "pte"},
	{"pty", "pty"},
	{"pvt", "pvt"},
	{"sa", "sa"},
	{"sab", "sa"},
	{"sac", "sa"},
	{"sae", "sa"},
	{"sal", "sa"},
	{"sarl", "sarl"},
	{"sas", "sas"},
	{"sdn", "sdn"},
	{"sl", "sl"},
	{"spa", "spa"},
	{"srl", "srl"},
	{"tbk", "tbk"},
	{"tov", "llc"},
	{"zao", "jsc"},
};

/* Phrases, longest first, folded to one canonical legal form. */
static const ec__str_pair legal_phrases[] = {
	{"obshchestvo s ogranichennoy otvetstvennostiyu", "llc"},
	{"obshchestvo s ogranichennoy otvetstvennostyu", "llc"},
	{"obshchestvo s ogranichennoi otvetstvennostiu", "llc"},
	{"tovarystvo z obmezhenoyu vidpovidalnistyu", "llc"},
	{"spolka z ograniczona odpowiedzialnoscia", "spzoo"},
	{"gesellschaft mit beschrankter haftung", "gmbh"},
	{"societatea cu raspundere limitata", "srl"},
	{"public joint stock company", "jsc"},
	{"closed joint stock company", "jsc"},
	{"open joint stock company", "jsc"},
	{"limited liability partnership", "llp"},
	{"limited liability company", "llc"},
	{"public limited company", "plc"},
	{"joint stock company", "jsc"},
	{"aktsionernoye obshchestvo", "jsc"},
	{"aktsionernoe obshchestvo", "jsc"},
	{"sociedade anonima", "sa"},
	{"sociedad limitada", "sl"},
	{"sociedad anonima", "sa"},
	{"kabushiki kaisha", "kk"},
	{"societe anonyme", "sa"},
	{"private limited", "pvt ltd"},
	{"private ltd", "pvt ltd"},
	{"closed jsc", "jsc"},
	{"public jsc", "jsc"},
	{"open jsc", "jsc"},
	{"sp zoo", "spzoo"},
};

/* Stopwords, with titles and honorifics: neither says who a party is. */
static const char *const stopwords[] = {
	"al",	    "and",	  "bin",       "de",	    "del",    "della",
	"den",	    "der",	  "des",       "di",	    "dr",     "du",
	"el",	    "et",	  "for",       "haji",	    "hajji",  "ibn",
	"la",	    "le",	  "les",       "madame",    "miss",   "mme",
	"monsieur", "mr",	  "mrs",       "ms",	    "mullah", "mv",
	"of",	    "praesident", "prasident", "president", "prof",   "shaikh",
	"sheikh",   "sir",	  "the",       "und",	    "van",    "von",
	"y",
};

/* Business words so common that matching them says little. */
static const char *const generic_words[] = {
	"aerospace",	 "agency",	   "association",  "automation",
	"aviation",	 "bank",	   "branch",	   "center",
	"centre",	 "chemical",	   "chemicals",	   "commercial",
	"communication", "communications", "construction", "consulting",
	"design",	 "development",	   "device",	   "devices",
	"electric",	 "electrical",	   "electronic",   "electronics",
	"energy",	 "engineering",	   "enterprise",   "enterprises",
	"equipment",	 "export",	   "factory",	   "foundation",
	"general",	 "global",	   "group",	   "holding",
	"holdings",	 "import",	   "industrial",   "industries",
	"industry",	 "institute",	   "instruments",  "international",
	"intl",		 "investment",	   "investments",  "lab",
	"laboratory",	 "labs",	   "logistics",	   "machinery",
	"management",	 "manufacturing",  "marine",	   "maritime",
	"marketing",	 "materials",	   "metal",	   "metals",
	"national",	 "network",	   "networks",	   "office",
	"overseas",	 "plant",	   "power",	   "precision",
	"product",	 "products",	   "research",	   "resources",
	"sales",	 "science",	   "sciences",	   "scientific",
	"service",	 "services",	   "shipping",	   "software",
	"solutions",	 "steel",	   "supplies",	   "supply",
	"system",	 "systems",	   "tech",	   "technical",
	"technologies",	 "technology",	   "telecom",	   "telecommunications",
	"trade",	 "trading",	   "transport",	   "transportation",
	"world",	 "worldwide",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Binary search in a sorted table of words (tables above are sorted). */
static int in_table(const char *const *table, size_t n, const char *w)
{
	return bsearch(&w, table, n, sizeof(*table), cmp_str) != NULL;
}

int ec__is_generic(const char *tok, size_t len)
{
	char w[EC__TOK_MAX + 1];

	if (len > EC__TOK_MAX)
		return 0;
	memcpy(w, tok, len);
	w[len] = '\0';
	return in_table(generic_words, EC__ARRAY_LEN(generic_words), w);
}

static const char *legal_canon(const char *w)
{
	return ec__str_pair_find(legal_words, EC__ARRAY_LEN(legal_words), w);
}

void ec__tokens_init(ec__tokens *t)
{
	memset(t, 0, sizeof(*t));
}

void ec__tokens_dispose(ec__tokens *t)
{
	ec__buf_dispose(&t->text);
	t->n = 0;
}

/* A raw token during normalization: its text lives in a scratch buffer. */
struct raw {
	char text[EC__TOK_MAX + 1];
	uint8_t len;
	uint8_t kind;
	uint8_t role;
	uint8_t single; /* one letter */
	uint8_t hyph;	/* joined to the token before by a hyphen */
};

struct work {
	struct raw tok[EC__NAME_MAX_TOKENS];
	size_t n;
	int truncated;
	int hyph;      /* a hyphen came since the last token */
	long comma_at; /* tokens before the first comma, or -1 */
};

static void push_raw(struct work *w, const char *s, size_t len)
{
	struct raw *r;

	if (len == 0)
		return;
	if (w->n == EC__NAME_MAX_TOKENS) {
		w->truncated = 1;
		return;
	}
	if (len > EC__TOK_MAX)
		len = EC__TOK_MAX;
	r = &w->tok[w->n++];
	memcpy(r->text, s, len);
	r->text[len] = '\0';
	r->len = (uint8_t)len;
	r->kind = EC__TK_WORD;
	r->role = EC__TR_NONE;
	r->single = len == 1 && s[0] >= 'a' && s[0] <= 'z';
	r->hyph = (uint8_t)(w->hyph && w->n > 1);
	w->hyph = 0;
}

/* Most case changes inside one word that are looked at. */
#define CAMEL_MAX 8

/*
 * Pushes a word, split where a lowercase letter was followed by a capital
 * ("FridrichBuchenberg"): names run together, their case still showing
 * the seam.  Only into parts of three letters or more, so that "McDonald",
 * "DeVries" and "GmbH" stay whole; run-together names that do not split
 * still pair through joined tokens.
 */
static void push_word(struct work *w, const char *s, size_t len,
		      const size_t *camel, size_t ncamel)
{
	size_t start = 0, k;

	for (k = 0; k < ncamel; k++)
		if (camel[k] >= start + 3 && camel[k] + 3 <= len) {
			push_raw(w, s + start, camel[k] - start);
			start = camel[k];
		}
	push_raw(w, s + start, len - start);
}

/* Splits folded text into raw tokens, noting where the first comma was. */
static void tokenize(struct work *w, const char *s, size_t len)
{
	char cur[EC__TOK_MAX + 8];
	size_t cl = 0, i = 0, camel[CAMEL_MAX], ncamel = 0;
	int lower = 0; /* the last character was a lowercase ASCII letter */

	w->n = 0;
	w->truncated = 0;
	w->hyph = 0;
	w->comma_at = -1;
	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		char out[8];
		size_t outlen = 0, k;
		uint32_t cp;
		enum ec__fold_class cls;

		if (*p < 0x80) {
			cp = *p;
			k = 1;
		} else {
			k = ec__utf8_decode(p, len - i, &cp);
			if (k == 0) { /* invalid byte: a separator */
				k = 1;
				cp = ' ';
			}
		}
		i += k;
		if (cp == '&') {
			push_word(w, cur, cl, camel, ncamel);
			cl = ncamel = 0;
			lower = 0;
			push_raw(w, "and", 3);
			continue;
		}
		cls = ec__fold_cp(cp, out, &outlen);
		if (cls == EC__FOLD_LETTER || cls == EC__FOLD_OTHER) {
			if (cl + outlen <= EC__TOK_MAX) {
				if (lower && cp >= 'A' && cp <= 'Z' &&
				    ncamel < CAMEL_MAX)
					camel[ncamel++] = cl;
				memcpy(cur + cl, out, outlen);
				cl += outlen;
			}
			lower = cp >= 'a' && cp <= 'z';
		} else if (cls == EC__FOLD_SEP) {
			push_word(w, cur, cl, camel, ncamel);
			cl = ncamel = 0;
			lower = 0;
			w->hyph = cp == '-' && cl == 0 && w->n > 0 ? 1 : 0;
			if (cp == ',' && w->comma_at < 0)
				w->comma_at = (long)w->n;
		} else {
			lower = 0;
		}
	}
	push_word(w, cur, cl, camel, ncamel);
}

/*
 * "Ig0r Sech1n" -> "igor sechin": a lone digit between two letters of a
 * word is a letter written as a look-alike digit, a common way to dodge
 * screening.  Words of two letters or fewer ("H3C", "M4G") are codes and
 * are left alone, as are runs of digits ("N488RC").
 */
static void unleet(struct work *w)
{
	static const char look[] = "oi\0eas\0tbg"; /* for '0' .. '9' */
	size_t i, k;

	for (i = 0; i < w->n; i++) {
		struct raw *r = &w->tok[i];
		size_t letters = 0;

		for (k = 0; k < r->len; k++)
			letters += r->text[k] >= 'a' && r->text[k] <= 'z';
		if (letters < 3 || letters == r->len)
			continue;
		for (k = 1; k + 1 < r->len; k++) {
			char c = r->text[k], a = r->text[k - 1],
			     b = r->text[k + 1];

			if (c >= '0' && c <= '9' && look[c - '0'] && a >= 'a' &&
			    a <= 'z' && b >= 'a' && b <= 'z')
				r->text[k] = look[c - '0'];
		}
	}
}

/*
 * Legal forms written into the word before them, as customer files often
 * have them ("ASIALIMITED", "PETROPARS UKLIMITED"): only long or
 * unmistakable endings, which no ordinary word has, and only where a word
 * of two letters or more remains.
 */
static const char *const runin_suffixes[] = {
	"company", "corporation", "gmbh", "incorporated",
	"limited", "llc",	  "ltd",
};

/* Words that end like a legal form but are none (sorted). */
static const char *const runin_words[] = {
	"accompany",
	"incorporation",
	"unincorporated",
	"unlimited",
};

/* "S.A. DEC.V.", "S. DER.L.": Latin-American legal forms run together,
 * "de" joined to the next initial. */
static int de_initial(const struct work *w, size_t i)
{
	const struct raw *r = &w->tok[i];

	return r->len == 3 && r->text[0] == 'd' && r->text[1] == 'e' &&
	       (r->text[2] == 'c' || r->text[2] == 'r') && i + 1 < w->n &&
	       w->tok[i + 1].single &&
	       (w->tok[i + 1].text[0] == (r->text[2] == 'c' ? 'v' : 'l'));
}

/* Pushes r[from, from+len) as a raw token at out[*o]. */
static void put_part(struct raw *out, size_t *o, const struct raw *r,
		     size_t from, size_t len)
{
	struct raw *x = &out[(*o)++];

	*x = *r;
	memcpy(x->text, r->text + from, len);
	x->text[len] = '\0';
	x->len = (uint8_t)len;
	x->single = len == 1 && x->text[0] >= 'a' && x->text[0] <= 'z';
}

static void split_runins(struct work *w)
{
	struct raw out[EC__NAME_MAX_TOKENS];
	size_t i, o = 0, k;
	long comma = w->comma_at;

	for (i = 0; i < w->n; i++) {
		const struct raw *r = &w->tok[i];
		size_t cut = 0;

		if (o == EC__NAME_MAX_TOKENS) {
			w->truncated = 1;
			break;
		}
		if (o + 2 <= EC__NAME_MAX_TOKENS && de_initial(w, i))
			cut = 2;
		if (in_table(runin_words, EC__ARRAY_LEN(runin_words),
			     r->text)) {
			out[o++] = *r;
			continue;
		}
		for (k = 0; k < EC__ARRAY_LEN(runin_suffixes) && !cut &&
			    o + 2 <= EC__NAME_MAX_TOKENS;
		     k++) {
			size_t sl = strlen(runin_suffixes[k]);

			if (r->len >= sl + 2 &&
			    memcmp(r->text + r->len - sl, runin_suffixes[k],
				   sl) == 0)
				cut = r->len - sl;
		}
		if (!cut) {
			out[o++] = *r;
			continue;
		}
		put_part(out, &o, r, 0, cut);
		put_part(out, &o, r, cut, r->len - cut);
		if (comma > (long)i)
			comma++;
	}
	memcpy(w->tok, out, o * sizeof(*out));
	w->n = o;
	w->comma_at = comma;
}

/* Number words, cardinal and ordinal, with their values. */
static const struct {
	const char *word;
	uint8_t value, ordinal;
} number_words[] = {
	{"eight", 8, 0},       {"eighteen", 18, 0},   {"eighteenth", 18, 1},
	{"eighth", 8, 1},      {"eightieth", 80, 1},  {"eighty", 80, 0},
	{"eleven", 11, 0},     {"eleventh", 11, 1},   {"fifteen", 15, 0},
	{"fifteenth", 15, 1},  {"fifth", 5, 1},	      {"fiftieth", 50, 1},
	{"fifty", 50, 0},      {"first", 1, 1},	      {"five", 5, 0},
	{"fortieth", 40, 1},   {"forty", 40, 0},      {"four", 4, 0},
	{"fourteen", 14, 0},   {"fourteenth", 14, 1}, {"fourth", 4, 1},
	{"fourty", 40, 0},     {"nine", 9, 0},	      {"nineteen", 19, 0},
	{"nineteenth", 19, 1}, {"ninetieth", 90, 1},  {"ninety", 90, 0},
	{"ninth", 9, 1},       {"one", 1, 0},	      {"second", 2, 1},
	{"seven", 7, 0},       {"seventeen", 17, 0},  {"seventeenth", 17, 1},
	{"seventh", 7, 1},     {"seventieth", 70, 1}, {"seventy", 70, 0},
	{"six", 6, 0},	       {"sixteen", 16, 0},    {"sixteenth", 16, 1},
	{"sixth", 6, 1},       {"sixtieth", 60, 1},   {"sixty", 60, 0},
	{"ten", 10, 0},	       {"tenth", 10, 1},      {"third", 3, 1},
	{"thirteen", 13, 0},   {"thirteenth", 13, 1}, {"thirtieth", 30, 1},
	{"thirty", 30, 0},     {"three", 3, 0},	      {"twelfth", 12, 1},
	{"twelve", 12, 0},     {"twentieth", 20, 1},  {"twenty", 20, 0},
	{"two", 2, 0},	       {"zero", 0, 0},
};

/*
 * The value of a number token: a number word, a digit string of at most
 * three digits, or digits with an ordinal suffix ("1st", "4th").  Returns
 * 0 when r is no number.
 */
static int number_value(const struct raw *r, unsigned *value, int *ordinal)
{
	size_t lo = 0, hi = EC__ARRAY_LEN(number_words), k = 0;
	unsigned v = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->text, number_words[mid].word);

		if (c == 0) {
			*value = number_words[mid].value;
			*ordinal = number_words[mid].ordinal;
			return 1;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	while (k < r->len && k < 4 && r->text[k] >= '0' && r->text[k] <= '9')
		v = v * 10 + (unsigned)(r->text[k++] - '0');
	if (k == 0 || k > 3)
		return 0;
	*value = v;
	*ordinal = 0;
	if (k == r->len)
		return 1;
	if (k + 2 != r->len)
		return 0;
	if (strcmp(r->text + k, "st") && strcmp(r->text + k, "nd") &&
	    strcmp(r->text + k, "rd") && strcmp(r->text + k, "th"))
		return 0;
	*ordinal = 1;
	return 1;
}

/* Writes value as digits, with the English ordinal suffix if ordinal. */
static void set_number(struct raw *r, unsigned value, int ordinal)
{
	char s[16];
	size_t n = 0;
	unsigned d = 100;

	for (; d > 1 && value < d; d /= 10)
		;
	for (; d > 0; d /= 10)
		s[n++] = (char)('0' + value / d % 10);
	if (ordinal) {
		const char *suf = value % 100 / 10 == 1 ? "th"
				  : value % 10 == 1	? "st"
				  : value % 10 == 2	? "nd"
				  : value % 10 == 3	? "rd"
							: "th";

		s[n++] = suf[0];
		s[n++] = suf[1];
	}
	memcpy(r->text, s, n);
	r->text[n] = '\0';
	r->len = (uint8_t)n;
	r->single = 0;
}

/*
 * Numbers written out become digits, so that "Brigade Forty-Four",
 * "Brigade Forty 4" and "Brigade 44" agree, and so do "First", "1st" and
 * "1ST": "forty four" -> "44", "twenty-first" -> "21st", "third" -> "3rd".
 */
static void numbers(struct work *w)
{
	size_t i = 0, o = 0;

	while (i < w->n) {
		struct raw r = w->tok[i];
		unsigned v, u;
		int ord, uord;

		if (number_value(&r, &v, &ord)) {
			/* A tens word and a unit: one number, not two. */
			if (!ord && v >= 20 && v % 10 == 0 && v < 100 &&
			    r.text[0] >= 'a' && i + 1 < w->n &&
			    w->comma_at != (long)i + 1 &&
			    number_value(&w->tok[i + 1], &u, &uord) && u >= 1 &&
			    u <= 9) {
				v += u;
				ord = uord;
				if (w->comma_at > (long)i)
					w->comma_at--;
				i++;
			}
			if (ord || r.text[0] < '0' || r.text[0] > '9')
				set_number(&r, v, ord);
		}
		w->tok[o++] = r;
		i++;
	}
	w->n = o;
}

/* "a b c" -> "abc": runs of two or more single letters are acronyms. */
static void join_initials(struct work *w)
{
	size_t i = 0, o = 0;

	while (i < w->n) {
		size_t j = i;

		while (j < w->n && w->tok[j].single)
			j++;
		if (j - i >= 2) {
			struct raw r = w->tok[i];
			size_t k;

			for (k = i + 1; k < j; k++)
				r.text[r.len++] = w->tok[k].text[0];
			r.text[r.len] = '\0';
			r.single = 0;
			if (w->comma_at > (long)i)
				w->comma_at -=
					(long)(j - i - 1) <
							w->comma_at - (long)i
						? (long)(j - i - 1)
						: w->comma_at - (long)i - 1;
			w->tok[o++] = r;
			i = j;
		} else {
			w->tok[o++] = w->tok[i++];
		}
	}
	w->n = o;
}

/*
 * Can a and b (two letters or more each) be one edit apart?  One edit
 * leaves the first letter in place or moves the second there, or the
 * other way round: a cheap test that spares most words the distance.
 */
static int may_be_one_edit(const char *a, const char *b)
{
	return a[0] == b[0] || a[1] == b[1] || a[0] == b[1] || a[1] == b[0];
}

/* Is token r the word w, allowing one typo in words of five or more? */
static int word_is(const struct raw *r, const char *w, size_t len)
{
	if (r->len == len && memcmp(r->text, w, len) == 0)
		return 1;
	return len >= 5 && r->len >= 5 && may_be_one_edit(r->text, w) &&
	       ec__edit_distance(r->text, r->len, w, len, 1) <= 1;
}

/* Does the phrase (space-separated words) start at token i? */
static size_t phrase_at(const struct work *w, size_t i, const char *phrase)
{
	size_t n = 0;

	/* What word_is() needs of the first word, before measuring it. */
	if (i >= w->n || !may_be_one_edit(w->tok[i].text, phrase))
		return 0;
	while (*phrase) {
		const char *sp = strchr(phrase, ' ');
		size_t len = sp ? (size_t)(sp - phrase) : strlen(phrase);

		if (i + n >= w->n || !word_is(&w->tok[i + n], phrase, len))
			return 0;
		n++;
		phrase += len + (sp ? 1 : 0);
	}
	return n;
}

/*
 * Long legal words with a typo ("Comkany", "Lmiited") are still legal
 * forms; a misspelt "Company" must not weigh like a distinctive word.
 */
static const char *legal_canon_fuzzy(const struct raw *r)
{
	static const ec__str_pair longw[] = {{"company", "co"},
					     {"limited", "ltd"},
					     {"corporation", "corp"},
					     {"incorporated", "inc"},
					     {"aktiengesellschaft", "ag"},
					     {"gesellschaft", "gmbh"}};
	size_t i;
	int k = r->len >= 10 ? 2 : 1;

	if (r->len < 6)
		return NULL;
	for (i = 0; i < EC__ARRAY_LEN(longw); i++)
		if ((k > 1 || may_be_one_edit(r->text, longw[i].key)) &&
		    ec__edit_distance(r->text, r->len, longw[i].key,
				      strlen(longw[i].key), k) <= k)
			return longw[i].value;
	return NULL;
}

static void set_text(struct raw *r, const char *s, size_t len)
{
	memcpy(r->text, s, len);
	r->text[len] = '\0';
	r->len = (uint8_t)len;
}

/*
 * "Pti Ltd.", "Pvy Ltd": a short legal form with one letter wrong, where
 * it stands, after the name and before another legal form, is still a
 * legal form.  Only the trailing forms, and the first letter kept, so
 * that a name's own short words ("Kia") stay words.
 */
static const char *legal_canon_typo(const struct raw *r)
{
	static const char *const forms[] = {"bhd", "gmbh", "inc", "llc",
					    "ltd", "ltda", "plc", "pte",
					    "pty", "pvt"};
	char a[8], b[8];
	size_t i, k, diff, pass;

	/* A form that sounds the same first ("pti" is "pty", not "pte"). */
	ec__phonetic(r->text, r->len, a, sizeof(a));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < EC__ARRAY_LEN(forms); i++) {
			if (strlen(forms[i]) != r->len ||
			    forms[i][0] != r->text[0])
				continue;
			ec__phonetic(forms[i], r->len, b, sizeof(b));
			for (k = 1, diff = 0; k < r->len; k++)
				diff += forms[i][k] != r->text[k];
			if (diff == 1 && (pass || strcmp(a, b) == 0))
				return legal_canon(forms[i]);
		}
	return NULL;
}

static void legal_typos(struct raw *out, size_t o)
{
	size_t i;

	for (i = 1; i + 1 < o; i++) {
		const char *c;

		if (out[i].kind != EC__TK_WORD ||
		    out[i + 1].kind != EC__TK_LEGAL ||
		    out[i - 1].kind == EC__TK_LEGAL)
			continue;
		if ((c = legal_canon_typo(&out[i]))) {
			set_text(&out[i], c, strlen(c));
			out[i].kind = EC__TK_LEGAL;
		}
	}
}

/*
 * Abbreviations written out, and countries' short names, one spelling for
 * each: "Int'l" is "International", "U.S." is "United States".  Sorted:
 * they are looked up by ec__str_pair_find().
 */
static const ec__str_pair abbreviations[] = {
	{"assn", "association"},   {"bros", "brothers"},
	{"dept", "department"},	   {"hldgs", "holdings"},
	{"intl", "international"}, {"mfg", "manufacturing"},
	{"mgmt", "management"},	   {"natl", "national"},
	{"univ", "university"},	   {"us", "usa"},
};

static const ec__str_pair country_phrases[] = {
	{"united states of america", "usa"},
	{"united arab emirates", "uae"},
	{"united kingdom", "uk"},
	{"united states", "usa"},
};

static void expand_abbreviations(struct work *w)
{
	size_t i = 0, o = 0, p;

	while (i < w->n) {
		struct raw r = w->tok[i];
		const char *full;
		size_t used = 0;

		for (p = 0; p < EC__ARRAY_LEN(country_phrases) && !used; p++)
			used = phrase_at(w, i, country_phrases[p].key);
		/* Not across a comma: "SURNAME, Given" must keep its shape. */
		if (used && (w->comma_at <= (long)i ||
			     w->comma_at >= (long)(i + used))) {
			const char *c = country_phrases[p - 1].value;

			set_text(&r, c, strlen(c));
			if (w->comma_at > (long)i)
				w->comma_at -= (long)used - 1;
			w->tok[o++] = r;
			i += used;
			continue;
		}
		full = ec__str_pair_find(abbreviations,
					 EC__ARRAY_LEN(abbreviations), r.text);
		if (full)
			set_text(&r, full, strlen(full));
		w->tok[o++] = r;
		i++;
	}
	w->n = o;
}

/* Canonical legal forms and stopwords; kept as weak tokens. */
static void classify(struct work *w)
{
	struct raw out[EC__NAME_MAX_TOKENS];
	size_t i = 0, o = 0, p, strong = 0;
	long comma = w->comma_at;
	int personal;

	while (i < w->n) {
		size_t used = 0;

		for (p = 0; p < EC__ARRAY_LEN(legal_phrases); p++) {
			used = phrase_at(w, i, legal_phrases[p].key);
			if (used)
				break;
		}
		if (used) {
			const char *c = legal_phrases[p].value;
			const char *sp = strchr(c, ' ');
			size_t before = o;

			/* A canonical form may be two words ("pvt ltd"). */
			out[o] = w->tok[i];
			set_text(&out[o], c, sp ? (size_t)(sp - c) : strlen(c));
			out[o++].kind = EC__TK_LEGAL;
			if (sp && o < EC__NAME_MAX_TOKENS) {
				out[o] = w->tok[i];
				set_text(&out[o], sp + 1, strlen(sp + 1));
				out[o++].kind = EC__TK_LEGAL;
			}
			if (comma > (long)i)
				comma -= (long)(used - (o - before));
			i += used;
			continue;
		}
		out[o] = w->tok[i];
		{
			const char *c = legal_canon(out[o].text);

			if (!c && !ec__is_generic(out[o].text, out[o].len))
				c = legal_canon_fuzzy(&out[o]);
			if (c) {
				set_text(&out[o], c, strlen(c));
				out[o].kind = EC__TK_LEGAL;
			} else if (in_table(stopwords, EC__ARRAY_LEN(stopwords),
					    out[o].text)) {
				out[o].kind = EC__TK_STOP;
			} else if (out[o].single) {
				out[o].kind = EC__TK_INITIAL;
			} else if (ec__is_generic(out[o].text, out[o].len)) {
				out[o].kind = EC__TK_GENERIC;
			}
		}
		o++;
		i++;
	}
	legal_typos(out, o);
	/*
	 * "Ben" between two names is "son of" ("Noureddine Ben Ali"), a
	 * particle like "bin"; first in a name it is a given name ("Ben
	 * Smith").
	 */
	for (i = 1; i + 1 < o; i++)
		if (out[i].kind == EC__TK_WORD &&
		    out[i - 1].kind == EC__TK_WORD &&
		    out[i + 1].kind == EC__TK_WORD && comma != (long)i &&
		    comma != (long)i + 1 && strcmp(out[i].text, "ben") == 0)
			out[i].kind = EC__TK_STOP;
	for (i = 0; i < o; i++)
		if (out[i].kind == EC__TK_WORD || out[i].kind == EC__TK_GENERIC)
			strong++;
	if (strong == 0) {
		/* A name of only legal forms and stopwords ("Corp."): then
		 * those words are the name, and must count as such. */
		memcpy(out, w->tok, w->n * sizeof(*out));
		o = w->n;
		for (i = 0; i < o; i++)
			out[i].kind =
				out[i].single ? EC__TK_INITIAL : EC__TK_WORD;
		comma = w->comma_at;
	}
	/*
	 * A word repeated later in the same name ("Huawei Technologies Co.,
	 * Ltd. (Huawei)") is the same word again, not more of the name.  Not
	 * in a personal name, where a repeat is another name: "Mohamed
	 * Mohamed Caddow" is Mohamed son of Mohamed.
	 */
	personal = 1;
	for (i = 0; i < o; i++)
		if (out[i].kind == EC__TK_LEGAL ||
		    out[i].kind == EC__TK_GENERIC)
			personal = 0;
	for (i = 0, p = 0; i < o; i++) {
		size_t k;
		int dup = 0;

		if (!personal && (out[i].kind == EC__TK_WORD ||
				  out[i].kind == EC__TK_GENERIC))
			for (k = 0; k < p && !dup; k++)
				dup = out[k].len == out[i].len &&
				      memcmp(out[k].text, out[i].text,
					     out[i].len) == 0;
		if (dup) {
			if (comma > (long)p)
				comma--;
			continue;
		}
		out[p++] = out[i];
	}
	o = p;
	memcpy(w->tok, out, o * sizeof(*out));
	w->n = o;
	w->comma_at = comma;
}

/*
 * Personal names: "SURNAME, Given Middle" becomes "Given Middle Surname"
 * with roles; without a comma the last word is taken as the surname.
 */
static int assign_roles(struct work *w)
{
	struct raw out[EC__NAME_MAX_TOKENS];
	size_t i, o = 0, c, first_seen = 0;
	long last = -1;

	if (w->comma_at > 0 && (size_t)w->comma_at < w->n) {
		c = (size_t)w->comma_at;
		for (i = c; i < w->n; i++) {
			out[o] = w->tok[i];
			if (out[o].kind == EC__TK_WORD ||
			    out[o].kind == EC__TK_GENERIC) {
				out[o].role = first_seen ? EC__TR_MIDDLE
							 : EC__TR_FIRST;
				first_seen = 1;
			}
			o++;
		}
		for (i = 0; i < c; i++) {
			out[o] = w->tok[i];
			if (out[o].kind != EC__TK_STOP)
				out[o].role = EC__TR_SURNAME;
			o++;
		}
		memcpy(w->tok, out, o * sizeof(*out));
		return 1;
	}
	for (i = 0; i < w->n; i++)
		if (w->tok[i].kind == EC__TK_WORD)
			last = (long)i;
	/* "Garcia-Rodriguez": a double surname, both parts the surname. */
	while (last > 0 && w->tok[last].hyph &&
	       w->tok[last - 1].kind == EC__TK_WORD)
		last--;
	for (i = 0; i < w->n; i++) {
		if (w->tok[i].kind != EC__TK_WORD)
			continue;
		if ((long)i >= last)
			w->tok[i].role = EC__TR_SURNAME;
		else if (!first_seen) {
			w->tok[i].role = EC__TR_FIRST;
			first_seen = 1;
		} else
			w->tok[i].role = EC__TR_MIDDLE;
	}
	return 0;
}

int ec__normalize(ec__tokens *t, const char *s, size_t len, unsigned flags)
{
	struct work w;
	size_t i;

	tokenize(&w, s, len);
	unleet(&w);
	split_runins(&w);
	join_initials(&w);
	numbers(&w);
	expand_abbreviations(&w);
	classify(&w);
	t->reordered = 0;
	if (flags & EC__NORM_PERSON)
		t->reordered = assign_roles(&w);
	t->n = 0;
	t->truncated = w.truncated;
	ec__buf_clear(&t->text);
	for (i = 0; i < w.n; i++) {
		ec__token *k = &t->v[t->n++];

		k->off = (uint32_t)t->text.len;
		k->len = w.tok[i].len;
		k->kind = w.tok[i].kind;
		k->role = w.tok[i].role;
		if (ec__buf_put(&t->text, w.tok[i].text, w.tok[i].len + 1u))
			return EC_ENOMEM;
	}
	return 0;
}

int ec__looks_personal(const ec__tokens *t)
{
	size_t i, words = 0;

	for (i = 0; i < t->n; i++) {
		const char *x = ec__tok_text(t, i);

		if (t->v[i].kind == EC__TK_STOP)
			continue;
		if (t->v[i].kind != EC__TK_WORD &&
		    t->v[i].kind != EC__TK_INITIAL)
			return 0;
		for (; *x; x++)
			if (*x >= '0' && *x <= '9')
				return 0;
		if (t->v[i].kind == EC__TK_WORD) {
			/* A repeated name counts once. */
			size_t k;

			for (k = 0; k < i; k++)
				if (t->v[k].len == t->v[i].len &&
				    memcmp(ec__tok_text(t, k),
					   ec__tok_text(t, i),
					   t->v[i].len) == 0)
					break;
			words += k == i;
		}
	}
	return words >= 2 && words <= 5;
}

static int is_vowel_char(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	       c == 'y';
}

/*
 * One sound of a romanized name at tok[i]: what it is written as in the
 * key, and how many letters it takes.  The romanizations of one sound
 * (zh/j/dj/dzh, kh/h and ch after a vowel, q/k and an initial g, ks/x and
 * an initial Wade-Giles hs, ts/tz/c, ou/u, w/v, y/i) get one letter.
 */
static char phon_unit(const char *tok, size_t len, size_t i, size_t *used)
{
	char c = tok[i], n = i + 1 < len ? tok[i + 1] : '\0';
	char n2 = i + 2 < len ? tok[i + 2] : '\0';

	*used = 2;
	if (c == 'd' && n == 'z' && n2 == 'h') {
		*used = 3;
		return 'j';
	}
	if ((c == 'd' && n == 'j') || (c == 'z' && n == 'h'))
		return 'j';
	if (c == 'k' && n == 's')
		return 'x';
	if (c == 'h' && n == 's' && i == 0)
		return 'x';
	if (c == 'k' && n == 'h')
		return 'h';
	if (c == 'p' && n == 'h')
		return 'f';
	if (c == 'c' && n == 'h')
		return i > 0 && is_vowel_char(tok[i - 1]) ? 'h' : 'c';
	if (c == 't' && (n == 's' || n == 'z'))
		return 'c';
	if (c == 'c' && n == 'k')
		return 'k';
	if (c == 'o' && (n == 'u' || n == 'o'))
		return 'u';
	if (c == 'e' && n == 'e')
		return 'i';
	*used = 1;
	if (c == 'g' && i == 0 && n != 'h')
		return 'k';
	return c == 'y' ? 'i' : c == 'q' ? 'k' : c == 'w' ? 'v' : c;
}

size_t ec__phonetic(const char *tok, size_t len, char *out, size_t size)
{
	size_t i, o = 0, used;

	if (size == 0)
		return 0;
	for (i = 0; i < len && o + 1 < size; i += used) {
		char emit;

		if ((unsigned char)tok[i] >= 0x80) {
			/* Another script: no spelling rules apply. */
			emit = tok[i];
			used = 1;
		} else {
			emit = phon_unit(tok, len, i, &used);
		}
		/* Doubled letters are one. */
		if (o > 0 && out[o - 1] == emit)
			continue;
		out[o++] = emit;
	}
	out[o] = '\0';
	return o;
}

size_t ec__consonants(const char *phon, size_t len, char *out, size_t size)
{
	size_t i, o = 0;

	if (size == 0)
		return 0;
	for (i = 0; i < len && o + 1 < size; i++) {
		char c = phon[i];

		if (i > 0 &&
		    (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'))
			continue;
		if (o > 0 && out[o - 1] == c)
			continue;
		out[o++] = c;
	}
	out[o] = '\0';
	return o;
}
