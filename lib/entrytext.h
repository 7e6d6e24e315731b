/*
 * entrytext.h: reading the free-text license requirement and license
 * review policy of Entity List and MEU entries (library-internal).
 */
#ifndef EC_ENTRYTEXT_H
#define EC_ENTRYTEXT_H

#include "common.h"

/* What the license requirement covers. */
enum ec__scope_kind {
	EC__SCOPE_UNKNOWN = 0,
	EC__SCOPE_ALL,	      /* all items subject to the EAR */
	EC__SCOPE_ALL_EXCEPT, /* all items, minus the EC__EXC_* carve-outs */
	EC__SCOPE_ECCN_SET,   /* only the ECCNs in eccns */
	EC__SCOPE_SUPP2,      /* items listed in Supp. No. 2 to part 744 */
	EC__SCOPE_CONDITIONAL /* all items, when the EC__COND_* facts hold */
};

/* carve-outs of ALL_EXCEPT (bit flags) */
/* EAR99 or AT-only technology released to a standards organization for a
 * standard */
#define EC__EXC_STANDARDS 1u
/* food or medicine designated EAR99 */
#define EC__EXC_FOOD_MEDICINE 2u
/* items designated EAR99 (e.g. "other than EAR99") */
#define EC__EXC_EAR99 4u

/* conditions of CONDITIONAL (the requirement applies only when a fact holds) */
/* "when used in projects specified in §746.5" */
#define EC__COND_746_5_PROJECTS 1u

enum ec__policy_kind {
	EC__POL_UNKNOWN = 0,
	EC__POL_APPROVAL = 1,
	EC__POL_CASE_BY_CASE = 2,
	EC__POL_PRESUMPTION_DENIAL = 3,
	EC__POL_DENIAL = 4,
	/* the policy is given by a cited section, e.g. §746.5(b), §744.2(d) */
	EC__POL_SEE_REGULATION = 5
};

/* Which items a policy part applies to. */
enum ec__item_pred {
	EC__PRED_ANY = 0,
	EC__PRED_EAR99,
	EC__PRED_CCL,	/* on the CCL, not EAR99 */
	EC__PRED_ECCNS, /* the listed ECCNs */
	EC__PRED_FOOD_MEDICINE,
	EC__PRED_ADVANCED_NODE, /* uniquely required for ≤10 nm / EUV
				   production */
	EC__PRED_HUMANITARIAN,	/* items to detect/identify/treat infectious
				   disease etc. */
	EC__PRED_OTHERS		/* "all other items": the rest */
};

/*
 * One clause of a review policy.  A text that is understood has either a
 * single part with pred EC__PRED_ANY, or parts with specific predicates
 * (at most one EC__PRED_OTHERS, meaning the items no other part names):
 * never ANY beside others.
 *
 * eccns (pred EC__PRED_ECCNS) holds ECCNs as published, canonical case
 * ("1A004.c 1A995 2E983").  A token that does not start with a digit
 * names a described class of items that an ECCN alone cannot decide:
 * "note-1A995-EAR99" is "EAR99 items described in the Note to ECCN
 * 1A995".
 */
typedef struct ec__policy_part {
	uint8_t policy;	 /* enum ec__policy_kind */
	uint8_t pred;	 /* enum ec__item_pred */
	char eccns[256]; /* "1A004.c 1A004.d ..." when pred == EC__PRED_ECCNS */
} ec__policy_part;

typedef struct ec__entrytext {
	uint8_t scope;	     /* enum ec__scope_kind */
	unsigned exceptions; /* EC__EXC_* for ALL_EXCEPT */
	unsigned conditions; /* EC__COND_* for CONDITIONAL */
	char eccns[256];     /* ECCN_SET: space-separated ECCNs */
	/*
	 * 0, or 1 (§736.2(b)(3)(vi) / §734.9(e)(1) Huawei FDP), 3 (§734.9(g)
	 * Russia/Belarus MEU FDP), 4 (§734.9(e)(2)) when the text cites it
	 */
	uint8_t fdp_footnote;
	size_t nparts; /* policy parts, in text order */
	ec__policy_part parts[6];
	/*
	 * for EC__POL_SEE_REGULATION: a static string naming the section,
	 * e.g. "15 CFR 746.5(b)"; NULL otherwise
	 */
	const char *cited_policy;
	/* 1 when every clause of the requirement text was recognised */
	int requirement_understood;
	/* 1 when every clause of the policy text was recognised */
	int policy_understood;
} ec__entrytext;

/*
 * Classifies an EL or MEU entry's texts (either may be "" or NULL).  list
 * is "EL" or "MEU".  Never fails and never allocates; thread-safe.
 *
 * Matching ignores case, whitespace, punctuation, quote styles and a few
 * known misspellings, but every word of a text must belong to a
 * recognised clause: one unrecognised word (a carve-out, a condition, a
 * citation of an unexpected section, an unlisted character) makes the
 * text not understood.  Then:
 *  - requirement: scope is EC__SCOPE_UNKNOWN (EC__SCOPE_SUPP2 for an MEU
 *    entry, per § 744.21), exceptions, conditions and eccns are empty, and
 *    requirement_understood is 0.  fdp_footnote still reports a
 *    footnote the text cites.
 *  - policy: nparts is 0 (parts[0].policy is EC__POL_UNKNOWN) and
 *    policy_understood is 0.
 * An empty policy text is not understood unless the requirement text
 * itself states a policy ("For all items subject to the EAR, with
 * case-by-case basis for items listed on the CCL"); such parts come
 * first, then those of the policy text.  A list of ECCNs too long for the
 * fixed buffers is never truncated silently: the text is then not
 * understood.
 */
void ec__entrytext_classify(ec__entrytext *out, const char *list,
			    const char *requirement, const char *policy);

/*
 * Static names for reports: "all_items", "all_items_except", "eccn_set",
 * "supp2_items", "conditional", "unknown"; and "presumption_of_approval",
 * "case_by_case", "presumption_of_denial", "denial", "see_regulation",
 * "unknown".  Out-of-range values give "unknown".
 */
const char *ec__scope_name(unsigned scope);
const char *ec__policy_name(unsigned policy);

#endif
