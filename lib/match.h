/*
 * match.h: scoring one query name against one listed name: token
 * alignment, per-token similarity and weights, with an explanation.
 */
#ifndef EC_MATCH_H
#define EC_MATCH_H

#include "normalize.h"

/* Query tokens considered; the rest of a very long query is ignored. */
#define EC__QUERY_MAX_TOKENS 32

/* Fixed weights of weak tokens; words get theirs from the lists. */
#define EC__W_LEGAL 0.05
#define EC__W_STOP 0.10
#define EC__W_INITIAL 0.20
#define EC__W_UNKNOWN 1.00 /* a word the lists never use */
#define EC__W_GENERIC_FACTOR 0.30
/* Share of an unmatched middle name's weight that counts against. */
#define EC__MIDDLE_PENALTY 0.20
/*
 * Share of an unmatched query word's weight that counts against a
 * person's name: an extra given name or patronymic ("Vladimir
 * Vladimirovich Putin" for "PUTIN, Vladimir").
 */
#define EC__EXTRA_GIVEN_PENALTY 0.35
/*
 * Weight of an unmatched initial when the other name has a different
 * middle name or initial in its place: half a word, not a bare letter.
 */
#define EC__CONFLICT_INITIAL 0.50
/*
 * Similarity of two words one vowel apart ("Osama", "Usama"): as much as
 * two spellings of one phonetic key.
 */
#define EC__VOWEL_SIM 0.95
/* Share of their similarity that father and son names swapped keep. */
#define EC__FILIAL_SWAP 0.50
/* Share of an unmatched stopword's or title's weight that counts. */
#define EC__STOP_PENALTY 0.25

/*
 * Thin evidence (doc/scoring.md, "Thin evidence"): what one pair of words
 * alone can score.  A single pair of different spellings of a word of at
 * most EC__THIN_SHORT_LEN letters stays below the review floor; of at most
 * EC__THIN_MEDIUM_LEN letters, below the match threshold.  Longer words
 * with a small edit are strong enough on their own.
 */
#define EC__THIN_SHORT_LEN 5
#define EC__THIN_MEDIUM_LEN 7
/*
 * Two spellings of one sound (similarity at least EC__VOWEL_SIM) are held
 * to less: below the review floor up to EC__THIN_ALIKE_SHORT_LEN letters,
 * below the match threshold under EC__THIN_SHORT_LEN.
 */
#define EC__THIN_ALIKE_SHORT_LEN 3
/*
 * A different spelling (not of one sound) of a word of at most
 * EC__SHORT_FUZZY_LEN letters, with another first letter, keeps
 * EC__SHORT_FUZZY_FACTOR of its similarity: most such pairs are two
 * different words ("Bing", "Ting").
 */
#define EC__SHORT_FUZZY_LEN 4
#define EC__SHORT_FUZZY_FACTOR 0.60
/* Just below the review floor, and just below the match threshold. */
#define EC__CAP_BELOW_REVIEW (EC__REVIEW_FLOOR - 0.01)
#define EC__CAP_BELOW_MATCH (EC_DEFAULT_THRESHOLD - 0.01)

/* Matches below the threshold but at or above this are "possible". */
#define EC__REVIEW_FLOOR 0.65

/*
 * Identifying facts (doc/scoring.md, "Identifying facts").  A listed ID
 * number equal to the query's adds EC__ID_BONUS and lifts the score to
 * the match threshold at least.  A date of birth agreeing with a listed
 * one adds EC__DOB_BONUS (the full date) or EC__DOB_YEAR_BONUS (the year);
 * contradicting every one subtracts EC__DOB_PENALTY.  A nationality among
 * the listed nationalities and citizenships adds EC__NAT_BONUS; none of
 * them, EC__NAT_PENALTY.  A person for an organization or the other way
 * round subtracts EC__TYPE_PENALTY.  A "circa" year agrees within
 * EC__DOB_CIRCA_YEARS.
 */
#define EC__ID_BONUS 0.20
#define EC__DOB_BONUS 0.05
#define EC__DOB_YEAR_BONUS 0.02
#define EC__DOB_PENALTY 0.15
#define EC__DOB_CIRCA_YEARS 2
#define EC__NAT_BONUS 0.03
#define EC__NAT_PENALTY 0.10
/*
 * Where the entry lists no nationality, the countries of its addresses
 * stand in, as weaker evidence: EC__NAT_ADDR_BONUS when the nationality
 * is one of them, EC__NAT_ADDR_PENALTY when not.
 */
#define EC__NAT_ADDR_BONUS 0.01
#define EC__NAT_ADDR_PENALTY 0.10
#define EC__TYPE_PENALTY 0.15

/*
 * A person's name resting on at most EC__UNCONFIRMED_WORDS pairs of words
 * that are not the same on both sides (a pair spelt differently, or a word
 * left unpaired) stays below the match threshold when the query gives a
 * date of birth or nationality that no listed one confirms
 * (doc/scoring.md, "Identifying facts"): a given name and a surname meet
 * by chance among many people.
 */
#define EC__UNCONFIRMED_WORDS 2

/* ec__tview.flags: a word the lists use as a given name, or a country. */
#define EC__TV_BARE 1u

/* A token prepared for bit-parallel edit distances (at most 64 bytes). */
typedef struct ec__bitpat {
	uint64_t peq[256];
	size_t m;
} ec__bitpat;

void ec__bitpat_init(ec__bitpat *p, const char *s, size_t m);
/*
 * Optimal-string-alignment distance between the prepared pattern and t
 * (Myers' bit-parallel algorithm with Hyyrö's transpositions), or k+1 when
 * it exceeds k.  Same result as ec__edit_distance().
 */
int ec__edit_distance_bp(const ec__bitpat *p, const char *t, size_t n, int k);

/* A token as the scorer sees it, on either side. */
typedef struct ec__tview {
	const char *text, *phon, *cons;
	uint8_t len, plen, clen;
	uint8_t kind;  /* enum ec__tok_kind */
	uint8_t role;  /* enum ec__tok_role */
	uint8_t flags; /* EC__TV_* */
	float weight;
	const struct ec__bitpat *pat; /* phon prepared, or NULL */
} ec__tview;

enum ec__pair_kind {
	EC__PK_EXACT,
	EC__PK_FUZZY,
	EC__PK_JOINED,
	EC__PK_INITIAL,
	EC__PK_UNMATCHED_QUERY,
	EC__PK_UNMATCHED_LISTED
};

typedef struct ec__pair {
	int8_t q1, q2; /* query token(s); q2 >= 0 for a joined pair */
	int8_t l1, l2; /* listed token(s); l2 >= 0 for a joined pair */
	uint8_t kind;  /* enum ec__pair_kind */
	float sim;
	float weight; /* weight in the denominator */
} ec__pair;

typedef struct ec__score {
	double score;
	size_t npairs;
	ec__pair pairs[2 * EC__NAME_MAX_TOKENS + EC__QUERY_MAX_TOKENS];
} ec__score;

/* The largest number of edits tolerated in a token of this length. */
static inline int ec__edit_budget(size_t len)
{
	return len < 4 ? 0 : len < 10 ? 1 : 2;
}

/*
 * 1 when a and b are three letters, the last two swapped ("sko", "sok"):
 * the one edit a three-letter word is allowed (the first letter is rarely
 * the one mistyped).
 */
int ec__swapped3(const char *a, size_t la, const char *b, size_t lb);
/* The similarity of such a pair: one edit in three letters. */
#define EC__SWAP3_SIM 0.85

double ec__jaro_winkler(const char *a, size_t la, const char *b, size_t lb);
/* Optimal-string-alignment distance, or k+1 when it exceeds k. */
int ec__edit_distance(const char *a, size_t la, const char *b, size_t lb,
		      int k);

/*
 * Similarity of a query token to a listed token, 0 when they are not
 * close enough to pair (the gate that candidate generation mirrors).
 */
double ec__token_sim(const ec__tview *q, const ec__tview *l, int *kind);

/*
 * Scores q (nq tokens) against l (nl tokens).  Fills out (may be NULL)
 * with the alignment.  Returns the score in [0, 1].
 */
double ec__score_names(const ec__tview *q, size_t nq, const ec__tview *l,
		       size_t nl, ec__score *out);

/*
 * 1 when the score sc of q against l rests on at most
 * EC__UNCONFIRMED_WORDS pairs of words and the names are not the same
 * words: a pair is spelt differently, or a word or initial on either side
 * is left unpaired.  Such a name needs a fact to be a certain match.
 */
int ec__score_partial(const ec__tview *q, size_t nq, const ec__tview *l,
		      size_t nl, const ec__score *sc);

/* Fills views for normalized tokens, with weight from a lookup or 1. */
void ec__tview_fill(ec__tview *v, const char *text, size_t len, uint8_t kind,
		    uint8_t role, char *phon, size_t phon_size, char *cons,
		    size_t cons_size);

/* The weight a token of this kind gets when the lists do not know it. */
double ec__default_weight(unsigned kind);

#endif
