/*
 * normalize.h: turning a name into the tokens that matching compares:
 * Unicode folding and transliteration, punctuation and spacing rules,
 * canonical legal forms, stopwords and personal-name roles.
 */
#ifndef EC_NORMALIZE_H
#define EC_NORMALIZE_H

#include "common.h"

/* What a token is; legal forms and stopwords are kept, but weigh little. */
enum ec__tok_kind {
	EC__TK_WORD = 0,
	EC__TK_LEGAL = 1,   /* canonical legal form: "co", "ltd", "llc", ... */
	EC__TK_STOP = 2,    /* "the", "of", "al", ... */
	EC__TK_INITIAL = 3, /* a single letter */
	EC__TK_GENERIC = 4  /* a common business word: "trading", ... */
};

/* Role of a token in a personal name, when it is known. */
enum ec__tok_role {
	EC__TR_NONE = 0,
	EC__TR_SURNAME = 1,
	EC__TR_FIRST = 2,
	EC__TR_MIDDLE = 3
};

/* Longest token kept; longer runs are cut (they cannot be names). */
#define EC__TOK_MAX 64
/* Most tokens kept per name; more cannot be aligned in bounded time. */
#define EC__NAME_MAX_TOKENS 48

typedef struct ec__token {
	uint32_t off; /* offset of the text in ec__tokens.text */
	uint8_t len;
	uint8_t kind; /* enum ec__tok_kind */
	uint8_t role; /* enum ec__tok_role */
} ec__token;

typedef struct ec__tokens {
	ec__token v[EC__NAME_MAX_TOKENS];
	size_t n;
	int truncated; /* more tokens than EC__NAME_MAX_TOKENS */
	int reordered; /* "SURNAME, Given" was recognised */
	ec__buf text;  /* token texts, each NUL-terminated */
} ec__tokens;

#define EC__NORM_PERSON 1u /* the name is a person's (listed type) */

void ec__tokens_init(ec__tokens *t);
void ec__tokens_dispose(ec__tokens *t);
static inline const char *ec__tok_text(const ec__tokens *t, size_t i)
{
	return t->text.ptr + t->v[i].off;
}

/*
 * Normalizes s[0..len) into t (previous content replaced).  Invalid UTF-8
 * bytes act as separators.  Returns 0 or EC_ENOMEM.
 */
int ec__normalize(ec__tokens *t, const char *s, size_t len, unsigned flags);

/*
 * Phonetic key of an ASCII token, for spelling variants of transliterated
 * names (y/i, ks/x, kh/h, doubled letters, ...).  Writes at most size-1
 * bytes and a NUL; returns the length.
 */
size_t ec__phonetic(const char *tok, size_t len, char *out, size_t size);

/* Consonant skeleton of a phonetic key (vowels after the first dropped). */
size_t ec__consonants(const char *phon, size_t len, char *out, size_t size);

/*
 * Returns 1 when normalized tokens read like a person's name: two to five
 * words, no legal form, business word or digit.  Used where the list does
 * not say whether a party is a person.
 */
int ec__looks_personal(const ec__tokens *t);

/* Returns 1 for a business word so common it says little ("trading"). */
int ec__is_generic(const char *tok, size_t len);

#endif
