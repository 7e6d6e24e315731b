/*
 * search.c: screening a name against a snapshot, comparing two names, and
 * the result sets both return (with an explanation for every match).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "entryset.h"
#include "facts.h"
#include "snapshot.h"

/* Longest query accepted; a longer one is refused, not truncated. */
#define EC__QUERY_MAX_BYTES 65536
#define COUNTRY_BONUS 0.03
#define COUNTRY_PENALTY 0.05
#define ADDRESS_BONUS 0.03

struct ec_matches {
	size_t n;
	ec_match *v;
	uint32_t *eidx; /* each match's entry in the name index */
	ec_token_match *toks;
	ec_fact_match *facts;
	const char **addrs;
	ec__buf arena; /* strings; pointers fixed up when complete */
};

/* A query, normalized once, with its token views. */
struct query {
	ec__tokens toks;
	ec__tview v[EC__QUERY_MAX_TOKENS];
	char phon[EC__QUERY_MAX_TOKENS][EC__TOK_MAX + 1];
	char cons[EC__QUERY_MAX_TOKENS][EC__TOK_MAX + 1];
	ec__bitpat pat[EC__QUERY_MAX_TOKENS];
	size_t n;
};

static int query_init(struct query *q, const char *name, unsigned flags)
{
	size_t i;
	int rc;

	ec__tokens_init(&q->toks);
	if ((rc = ec__normalize(&q->toks, name, strlen(name), flags)))
		return rc;
	q->n = q->toks.n < EC__QUERY_MAX_TOKENS ? q->toks.n
						: EC__QUERY_MAX_TOKENS;
	for (i = 0; i < q->n; i++)
		ec__tview_fill(&q->v[i], ec__tok_text(&q->toks, i),
			       q->toks.v[i].len, q->toks.v[i].kind,
			       q->toks.v[i].role, q->phon[i], EC__TOK_MAX + 1,
			       q->cons[i], EC__TOK_MAX + 1);
	return 0;
}

/* Prepares the query's keys for fast edit distances (a search scores many
 * names against the same query). */
static void query_prepare(struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		ec__bitpat_init(&q->pat[i], q->v[i].phon, q->v[i].plen);
		q->v[i].pat = &q->pat[i];
	}
}

static void query_dispose(struct query *q)
{
	ec__tokens_dispose(&q->toks);
}

/* ------------------------------------------------------------------ */
/* Result sets                                                         */
/* ------------------------------------------------------------------ */

/* Before fix-up, string fields hold arena offsets cast to pointers. */
#define OFF(x) ((const char *)(uintptr_t)(x))

static int arena_str(ec__buf *a, const char *s, size_t *off)
{
	*off = a->len;
	if (ec__buf_puts(a, s) || ec__buf_putc(a, '\0'))
		return EC_ENOMEM;
	return 0;
}

static const char *pair_kind_name(unsigned kind)
{
	static const char *const names[] = {
		"exact",   "fuzzy",	      "joined",
		"initial", "unmatched-query", "unmatched-listed"};

	return kind < EC__ARRAY_LEN(names) ? names[kind] : "unknown";
}

/* Text of pair tokens: one token or two joined by '+'. */
static int pair_text(ec__buf *a, const ec__tview *v, int i, int j, size_t *off)
{
	*off = a->len;
	if (i >= 0 && ec__buf_put(a, v[i].text, v[i].len))
		return EC_ENOMEM;
	if (j >= 0 &&
	    (ec__buf_putc(a, '+') || ec__buf_put(a, v[j].text, v[j].len)))
		return EC_ENOMEM;
	return ec__buf_putc(a, '\0') ? EC_ENOMEM : 0;
}

struct pending {
	double score, name_score, cadj;
	size_t entry_id, list, source, name, matched, type, country, note;
	size_t tok_start, ntok, addr_start, naddr;
	size_t fact_start, nfact;
};

struct builder {
	ec_matches *m;
	struct pending *p;
	size_t np;
	ec_token_match *toks;
	size_t ntoks, cap_toks;
	size_t *addr_offs;
	size_t naddr, cap_addr;
	ec_fact_match *facts;
	size_t nfacts, cap_facts;
};

/* Records the explanation of one scored pair of names. */
static int add_explanation(struct builder *b, struct pending *pd,
			   const ec__tview *q, const ec__tview *l,
			   const ec__score *sc)
{
	double den = 0, raw = 0, scale = 1.0;
	size_t i;
	int rc;

	for (i = 0; i < sc->npairs; i++)
		den += sc->pairs[i].weight;
	for (i = 0; i < sc->npairs && den > 0; i++)
		raw += sc->pairs[i].sim * sc->pairs[i].weight / den;
	/* A score bounded by thin evidence: the pairs share the bound. */
	if (raw > sc->score && raw > 0)
		scale = sc->score / raw;
	pd->tok_start = b->ntoks;
	pd->ntok = sc->npairs;
	if ((rc = ec__grow((void **)&b->toks, &b->cap_toks,
			   b->ntoks + sc->npairs, sizeof(*b->toks))))
		return rc;
	for (i = 0; i < sc->npairs; i++) {
		const ec__pair *p = &sc->pairs[i];
		ec_token_match *t = &b->toks[b->ntoks++];
		size_t qo, lo;

		if ((rc = pair_text(&b->m->arena, q, p->q1, p->q2, &qo)) ||
		    (rc = pair_text(&b->m->arena, l, p->l1, p->l2, &lo)))
			return rc;
		t->query_token = OFF(qo);
		t->listed_token = OFF(lo);
		t->kind = pair_kind_name(p->kind);
		t->similarity = p->sim;
		t->weight = p->weight;
		t->contribution = den > 0 && sc->score > 0
					  ? scale * p->sim * p->weight / den
					  : 0;
	}
	return 0;
}

/*
 * Turns the arena offsets the builder kept (OFF()) into pointers, now
 * that the arena no longer moves.  Every offset is inside the arena.
 */
static int fixup(struct builder *b)
{
	ec_matches *m = b->m;
	const char *base = m->arena.ptr;
	size_t i, k, len = m->arena.len;
	int bad = 0;

#define AT(off) (bad |= (size_t)(off) >= len, base + (size_t)(off))
#define FIX(p) ((p) = AT((uintptr_t)(p)))
	m->toks = b->toks;
	b->toks = NULL;
	m->facts = b->facts;
	b->facts = NULL;
	for (i = 0; i < b->nfacts; i++)
		FIX(m->facts[i].note);
	for (i = 0; i < b->ntoks; i++) {
		FIX(m->toks[i].query_token);
		FIX(m->toks[i].listed_token);
	}
	for (i = 0; i < b->naddr; i++)
		m->addrs[i] = AT(b->addr_offs[i]);
	for (i = 0; i < m->n; i++) {
		ec_match *x = &m->v[i];
		struct pending *pd = &b->p[i];

		x->entry_id = AT(pd->entry_id);
		x->list = AT(pd->list);
		x->source = AT(pd->source);
		x->name = AT(pd->name);
		x->matched_name = AT(pd->matched);
		x->type = AT(pd->type);
		x->country = AT(pd->country);
		x->score = pd->score;
		x->naddresses = pd->naddr;
		x->addresses = m->addrs + pd->addr_start;
		x->explanation.name_score = pd->name_score;
		x->explanation.country_adjust = pd->cadj;
		x->explanation.country_note = AT(pd->note);
		x->explanation.ntokens = pd->ntok;
		/* No tokens: toks may be NULL, and NULL + 0 is undefined. */
		x->explanation.tokens =
			pd->ntok ? m->toks + pd->tok_start : NULL;
		x->explanation.nfacts = pd->nfact;
		x->explanation.facts =
			pd->nfact ? m->facts + pd->fact_start : NULL;
	}
	(void)k;
#undef FIX
#undef AT
	EC__ASSERT(!bad);
	return 0;
}

uint32_t ec__matches_entry(const ec_matches *m, size_t i)
{
	return m && m->eidx && i < m->n ? m->eidx[i] : 0;
}

size_t ec_matches_count(const ec_matches *m)
{
	return m ? m->n : 0;
}

const ec_match *ec_matches_get(const ec_matches *m, size_t i)
{
	return m && i < m->n ? &m->v[i] : NULL;
}

void ec_matches_free(ec_matches *m)
{
	if (!m)
		return;
	ec__free(m->v);
	ec__free(m->eidx);
	ec__free(m->toks);
	ec__free(m->facts);
	ec__free(m->addrs);
	ec__buf_dispose(&m->arena);
	ec__free(m);
}

/* ------------------------------------------------------------------ */
/* Country and address                                                 */
/* ------------------------------------------------------------------ */

static int country_in(const char *list, const char *cc)
{
	while (*list) {
		if (toupper((unsigned char)list[0]) ==
			    toupper((unsigned char)cc[0]) &&
		    toupper((unsigned char)list[1]) ==
			    toupper((unsigned char)cc[1]))
			return 1;
		list = strchr(list, ';');
		if (!list)
			break;
		list += 2;
	}
	return 0;
}

/*
 * Adjusts a name score for the query's country.  A different country
 * lowers the rank but never takes a match below the threshold: listed
 * parties are bound by name, addresses only identify them.  The reason
 * goes to note unless it is NULL.
 */
static double country_adjust(double name_score, const char *qcc,
			     const char *ecc, ec__buf *note, int *oom)
{
	double adj;

	if (note)
		ec__buf_clear(note);
	if (!qcc || !*qcc)
		return 0;
	if (!*ecc) {
		if (note && ec__buf_printf(note,
					   "the entry gives no country to "
					   "compare with %s",
					   qcc))
			*oom = 1;
		return 0;
	}
	if (country_in(ecc, qcc)) {
		adj = name_score + COUNTRY_BONUS > 1.0 ? 1.0 - name_score
						       : COUNTRY_BONUS;
		if (note &&
		    ec__buf_printf(note,
				   "query country %s matches the entry (%s)",
				   qcc, ecc))
			*oom = 1;
		return adj;
	}
	adj = -COUNTRY_PENALTY;
	if (name_score >= EC_DEFAULT_THRESHOLD &&
	    name_score + adj < EC_DEFAULT_THRESHOLD)
		adj = EC_DEFAULT_THRESHOLD - name_score;
	if (note &&
	    ec__buf_printf(note,
			   "query country %s differs from the entry (%s); a "
			   "name match stands, since listed parties are "
			   "bound by name",
			   qcc, ecc))
		*oom = 1;
	return adj;
}

/*
 * Share of the query address's words (qa, normalized once per search)
 * found in the entry's best address.
 */
static double address_overlap(const ec__tokens *qa, const char *addr,
			      uint32_t naddr, int *oom)
{
	ec__tokens ea;
	double best = 0;
	uint32_t k;
	size_t i, j, hits, words = 0;

	for (i = 0; i < qa->n; i++)
		words += qa->v[i].len > 1;
	ec__tokens_init(&ea);
	for (k = 0; k < naddr && words; k++) {
		if (ec__normalize(&ea, addr, strlen(addr), 0)) {
			*oom = 1;
			break;
		}
		for (i = 0, hits = 0; i < qa->n; i++) {
			if (qa->v[i].len <= 1)
				continue;
			for (j = 0; j < ea.n; j++)
				if (strcmp(ec__tok_text(qa, i),
					   ec__tok_text(&ea, j)) == 0) {
					hits++;
					break;
				}
		}
		if ((double)hits / (double)words > best)
			best = (double)hits / (double)words;
		addr += strlen(addr) + 1;
	}
	ec__tokens_dispose(&ea);
	return best;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

struct best {
	uint32_t entry, name;
	double score, name_score, cadj;
	const char *eid, *list; /* for a stable order, borrowed */
};

static int cmp_cand(const void *a, const void *b)
{
	const ec__cand *x = a, *y = b;

	if (x->bound != y->bound)
		return x->bound < y->bound ? 1 : -1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Best score first; ties by entry id and list, so output is stable. */
static int cmp_best(const void *a, const void *b)
{
	const struct best *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	c = strcmp(x->eid, y->eid);
	if (c)
		return c;
	c = strcmp(x->list, y->list);
	return c ? c : (x->entry < y->entry ? -1 : x->entry > y->entry);
}

/* Groups scored names by entry, best first within an entry. */
static int cmp_by_entry(const void *a, const void *b)
{
	const struct best *x = a, *y = b;

	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/*
 * Sorts the scored names best first, an entry once with its best name, and
 * a (list, id) the publisher repeated once; returns how many remain.
 */
static size_t dedupe(struct best *best, size_t nbest)
{
	size_t i, o = 0, k;

	if (!nbest)
		return 0;
	qsort(best, nbest, sizeof(*best), cmp_by_entry);
	for (i = 0; i < nbest; i++)
		if (o == 0 || best[o - 1].entry != best[i].entry)
			best[o++] = best[i];
	nbest = o;
	qsort(best, nbest, sizeof(*best), cmp_best);
	for (i = 0, o = 0; i < nbest; i++) {
		for (k = 0; k < o; k++)
			if (strcmp(best[k].eid, best[i].eid) == 0 &&
			    strcmp(best[k].list, best[i].list) == 0)
				break;
		if (k == o)
			best[o++] = best[i];
	}
	return o;
}

/*
 * What the facts need to know of listed name nm (l, nl), scored sc
 * against the query: EC__NAME_* flags.
 */
static unsigned name_flags(const ec__index *ix, const struct query *q,
			   uint32_t nm, const ec__tview *l, size_t nl,
			   const ec__score *sc)
{
	unsigned f = 0;
	size_t i;

	if (ec__index_name_is_person(ix, nm))
		f |= EC__NAME_PERSON;
	if (ec__score_partial(q->v, q->n, l, nl, sc))
		f |= EC__NAME_PARTIAL;
	for (i = 0; i < nl; i++)
		if (l[i].kind == EC__TK_LEGAL || l[i].kind == EC__TK_GENERIC)
			f |= EC__NAME_ORG;
	return f;
}

/* What scoring one listed name needs to know of the search. */
struct sctx {
	const ec__index *ix;
	const ec_search_opts *opts;
	const struct query *q;
	const ec__tokens *qaddr;
	const ec__qfacts *qf;
	double min_score;
};

/*
 * Scores listed name nm into *b: 1 when it reaches the minimum score, 0
 * when not, a negative EC_E* code on failure.  force: the entry lists the
 * query's ID number, so a name that shares nothing still counts.
 */
static int score_name(const struct sctx *c, uint32_t nm, int force,
		      struct best *b)
{
	const ec_search_opts *opts = c->opts;
	uint32_t e = ec__index_name_entry(c->ix, nm);
	ec__tview l[EC__NAME_MAX_TOKENS];
	ec__ix_entry_view ev;
	ec__fact facts[EC__MAX_FACTS];
	ec__score sc;
	double s, adj = 0, total;
	size_t nl, nf;
	int oom = 0;

	ec__index_entry(c->ix, e, &ev);
	if (opts->list && strcmp(ev.list, opts->list) != 0)
		return 0;
	nl = ec__index_name_views(c->ix, nm, l, EC__NAME_MAX_TOKENS);
	s = ec__score_names(c->q->v, c->q->n, l, nl, &sc);
	if (s <= 0 && !force)
		return 0;
	if (opts->country)
		adj = country_adjust(s, opts->country, ev.country, NULL,
				     &oom); /* notes: at emit */
	/* The address is read only where it can lift the name. */
	if (opts->address && *opts->address &&
	    s + adj + ADDRESS_BONUS + 1e-9 >= c->min_score)
		adj += ADDRESS_BONUS *
		       address_overlap(c->qaddr, ev.addr, ev.naddr, &oom);
	if (oom)
		return EC_ENOMEM; /* a score without its evidence is wrong */
	total = s + adj;
	if (c->qf->any)
		total = ec__facts_weigh(c->qf, &ev,
					name_flags(c->ix, c->q, nm, l, nl, &sc),
					total, facts, &nf);
	if (total > 1.0)
		total = 1.0;
	if (total < 0)
		total = 0;
	if (total + 1e-9 < c->min_score)
		return 0;
	b->entry = e;
	b->name = nm;
	b->score = total;
	b->name_score = s;
	b->cadj = adj;
	b->eid = ev.entry_id;
	b->list = ev.list;
	return 1;
}

/*
 * Entries that list the query's ID number, whatever their names: each
 * with its best name, appended to *best (grown as needed).
 */
static int id_entries(const struct sctx *c, struct best **best, size_t *n)
{
	uint32_t e, nm, ne = ec__index_nentries(c->ix);
	uint32_t nn = ec__index_nnames(c->ix);
	size_t cap = *n + 1;

	for (e = 0; e < ne; e++) {
		ec__ix_entry_view ev;
		struct best b, top;
		int found = 0, rc;

		ec__index_entry(c->ix, e, &ev);
		if (!ec__facts_id_listed(c->qf, ev.ids))
			continue;
		for (nm = 0; nm < nn; nm++) {
			if (ec__index_name_entry(c->ix, nm) != e)
				continue;
			if ((rc = score_name(c, nm, 1, &b)) < 0)
				return rc;
			if (rc && (!found || b.score > top.score)) {
				top = b;
				found = 1;
			}
		}
		if (!found)
			continue;
		if (ec__grow((void **)best, &cap, *n + 1, sizeof(**best)))
			return EC_ENOMEM;
		(*best)[(*n)++] = top;
	}
	return 0;
}

/* The best name of entry e into *b: 1, 0 if none reaches, or EC_E*. */
static int best_of_entry(const struct sctx *c, const struct ec__entry_map *m,
			 uint32_t e, struct best *top)
{
	ec__ix_entry_view ev;
	const uint32_t *names;
	struct best b;
	size_t n, i;
	int found = 0, rc, force;

	ec__index_entry(c->ix, e, &ev);
	force = ec__facts_id_listed(c->qf, ev.ids);
	ec__entry_map_names(m, e, &names, &n);
	for (i = 0; i < n; i++) {
		if ((rc = score_name(c, names[i], force, &b)) < 0)
			return rc;
		if (rc && (!found || b.score > top->score)) {
			*top = b;
			found = 1;
		}
	}
	return found;
}

/*
 * The entries opts->entries names, scored as a search scores the
 * candidates it looks up (with an ID number's entries among them), into
 * *best (allocated).
 */
static int given_entries(const struct sctx *c, const ec_snapshot *snap,
			 struct best **best, size_t *nbest)
{
	const struct ec__entry_map *m;
	uint32_t idx[8];
	size_t i, k, n, cap = 16;
	int rc;

	if ((rc = ec__entry_map_get(snap, &m)))
		return rc;
	if (!(*best = ec__malloc(cap * sizeof(**best))))
		return EC_ENOMEM;
	for (i = 0; i < c->opts->nentries; i++) {
		const ec_entry_ref *r = &c->opts->entries[i];

		if (!r->entry_id)
			return EC_EINVAL;
		n = ec__entry_map_find(m, r->list, r->entry_id, idx, 8);
		for (k = 0; k < n && k < 8; k++) {
			if (ec__grow((void **)best, &cap, *nbest + 1,
				     sizeof(**best)))
				return EC_ENOMEM;
			if ((rc = best_of_entry(c, m, idx[k],
						&(*best)[*nbest])) < 0)
				return rc;
			*nbest += (size_t)rc;
		}
	}
	return 0;
}

/* Adds the match for best b to the result set. */
/* Records the identifying facts weighed for best b, one line each. */
static int add_facts(struct builder *bl, struct pending *pd,
		     const ec__ix_entry_view *ev, const ec__qfacts *qf,
		     const struct best *b, unsigned name)
{
	ec__fact f[EC__MAX_FACTS];
	size_t nf = 0, i, off;
	int rc;

	pd->fact_start = bl->nfacts;
	pd->nfact = 0;
	if (!qf || !qf->any)
		return 0;
	ec__facts_weigh(qf, ev, name, b->name_score + b->cadj, f, &nf);
	if ((rc = ec__grow((void **)&bl->facts, &bl->cap_facts, bl->nfacts + nf,
			   sizeof(*bl->facts))))
		return rc;
	for (i = 0; i < nf; i++) {
		ec_fact_match *x = &bl->facts[bl->nfacts++];

		if ((rc = arena_str(&bl->m->arena, f[i].note, &off)))
			return rc;
		x->fact = f[i].fact;
		x->note = OFF(off);
		x->contribution = f[i].contribution;
	}
	pd->nfact = nf;
	return 0;
}

static int emit(struct builder *bl, const ec__index *ix, const struct query *q,
		const struct best *b, const char *note_text,
		const ec__qfacts *qf)
{
	ec_matches *m = bl->m;
	struct pending *pd = &bl->p[m->n];
	ec__ix_entry_view ev;
	ec__tview l[EC__NAME_MAX_TOKENS];
	ec__score sc;
	const char *a;
	size_t nl, k;
	int rc;

	ec__index_entry(ix, b->entry, &ev);
	memset(pd, 0, sizeof(*pd));
	pd->score = b->score;
	pd->name_score = b->name_score;
	pd->cadj = b->cadj;
	if ((rc = arena_str(&m->arena, ev.entry_id, &pd->entry_id)) ||
	    (rc = arena_str(&m->arena, ev.list, &pd->list)) ||
	    (rc = arena_str(&m->arena, ev.source, &pd->source)) ||
	    (rc = arena_str(&m->arena, ev.name, &pd->name)) ||
	    (rc = arena_str(&m->arena, ec__index_name_text(ix, b->name),
			    &pd->matched)) ||
	    (rc = arena_str(&m->arena, ev.type, &pd->type)) ||
	    (rc = arena_str(&m->arena, ev.country, &pd->country)) ||
	    (rc = arena_str(&m->arena, note_text, &pd->note)))
		return rc;
	pd->addr_start = bl->naddr;
	pd->naddr = ev.naddr;
	if ((rc = ec__grow((void **)&bl->addr_offs, &bl->cap_addr,
			   bl->naddr + ev.naddr, sizeof(size_t))))
		return rc;
	for (k = 0, a = ev.addr; k < ev.naddr; k++, a += strlen(a) + 1)
		if ((rc = arena_str(&m->arena, a, &bl->addr_offs[bl->naddr++])))
			return rc;
	nl = ec__index_name_views(ix, b->name, l, EC__NAME_MAX_TOKENS);
	ec__score_names(q->v, q->n, l, nl, &sc);
	if ((rc = add_explanation(bl, pd, q->v, l, &sc)) ||
	    (rc = add_facts(bl, pd, &ev, qf, b,
			    name_flags(ix, q, b->name, l, nl, &sc))))
		return rc;
	m->n++;
	return 0;
}

static int finish_matches(struct builder *bl)
{
	ec_matches *m = bl->m;

	m->addrs = ec__calloc(bl->naddr + 1, sizeof(*m->addrs));
	m->v = ec__calloc(m->n + 1, sizeof(*m->v));
	if (!m->addrs || !m->v)
		return EC_ENOMEM;
	if (!m->eidx && !(m->eidx = ec__calloc(m->n + 1, sizeof(*m->eidx))))
		return EC_ENOMEM;
	return fixup(bl);
}

static void builder_dispose(struct builder *bl)
{
	ec__free(bl->p);
	ec__free(bl->toks);
	ec__free(bl->facts);
	ec__free(bl->addr_offs);
}

/* The result set of the nbest best names, each with its explanation. */
static int emit_all(struct builder *bl, const struct sctx *c,
		    const struct best *best, size_t nbest)
{
	const ec_search_opts *opts = c->opts;
	ec__buf note = EC__BUF_INIT;
	size_t i;
	int rc = 0, oom = 0;

	bl->p = ec__calloc(nbest + 1, sizeof(*bl->p));
	bl->m->eidx = ec__calloc(nbest + 1, sizeof(*bl->m->eidx));
	if (!bl->p || !bl->m->eidx)
		return EC_ENOMEM;
	for (i = 0; i < nbest; i++)
		bl->m->eidx[i] = best[i].entry;
	for (i = 0; i < nbest && !rc; i++) {
		ec__ix_entry_view ev;

		ec__buf_clear(&note);
		ec__index_entry(c->ix, best[i].entry, &ev);
		if (opts->country)
			country_adjust(best[i].name_score, opts->country,
				       ev.country, &note, &oom);
		if (opts->address && *opts->address) {
			double ov = address_overlap(c->qaddr, ev.addr, ev.naddr,
						    &oom);

			if (ec__buf_printf(&note,
					   "%saddress words matched: %.0f%%",
					   note.len ? "; " : "", ov * 100.0))
				oom = 1;
		}
		rc = oom ? EC_ENOMEM
			 : emit(bl, c->ix, c->q, &best[i],
				note.ptr ? note.ptr : "", c->qf);
	}
	ec__buf_dispose(&note);
	return rc;
}

/* A caller's options of any version, as the current version reads them. */
static int upgrade_opts(ec_search_opts *o, const ec_search_opts *opts,
			ec_error *err)
{
	if (opts->version < 1 || opts->version > EC_SEARCH_OPTS_VERSION)
		return ec__fail(err, EC_EINVAL,
				"unknown search options "
				"version %u",
				opts->version);
	/* An older caller's struct ends before the facts (version 1) or
	 * the entries (version 2). */
	memset(o, 0, sizeof(*o));
	memcpy(o, opts,
	       opts->version == 1   ? offsetof(ec_search_opts, facts)
	       : opts->version == 2 ? offsetof(ec_search_opts, nentries)
				    : sizeof(*o));
	return 0;
}

int ec_search(ec_matches **out, const ec_snapshot *snap, const char *name,
	      const ec_search_opts *opts, ec_error *err)
{
	ec_search_opts def = EC_SEARCH_OPTS_INIT, o2;
	struct query q;
	struct sctx sc;
	ec__qfacts qf;
	ec__cand *cands = NULL;
	struct best *best = NULL;
	size_t ncands = 0, nbest = 0, i, limit;
	double min_score, prune;
	struct builder bl;
	ec__tokens qaddr;
	const ec__index *ix;
	int rc;

	ec__error_clear(err);
	ec__tokens_init(&qaddr);
	if (!out || !snap || !name)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if ((rc = upgrade_opts(&o2, opts ? opts : &def, err)))
		return rc;
	opts = &o2;
	if ((rc = ec__qfacts_parse(&qf, &opts->facts, err)))
		return rc;
	if (strlen(name) > EC__QUERY_MAX_BYTES)
		return ec__fail(err, EC_ELIMIT,
				"the query is longer than %d bytes",
				EC__QUERY_MAX_BYTES);
	if (opts->country && strlen(opts->country) != 2)
		return ec__fail(err, EC_EINVAL,
				"country \"%.16s\" is not an ISO 3166 "
				"two-letter code",
				opts->country);
	ix = snap->ix;
	min_score =
		opts->min_score < 0 ? EC_DEFAULT_THRESHOLD : opts->min_score;
	if (min_score > 1.0)
		min_score = 1.0;
	limit = opts->limit;
	memset(&bl, 0, sizeof(bl));
	bl.m = ec__calloc(1, sizeof(*bl.m));
	if (!bl.m)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	if ((rc = query_init(&q, name, 0))) {
		ec_matches_free(bl.m);
		query_dispose(&q);
		return ec__fail(err, rc, "out of memory");
	}
	ec__index_weigh(ix, q.v, q.n);
	query_prepare(&q);
	if (opts->address && *opts->address &&
	    (rc = ec__normalize(&qaddr, opts->address, strlen(opts->address),
				0)))
		goto fail;
	/* Country, address and facts can lift a name by at most their
	 * bonuses (an ID number is looked up apart). */
	prune = min_score - (opts->country ? COUNTRY_BONUS : 0) -
		(opts->address ? ADDRESS_BONUS : 0) - ec__qfacts_max_bonus(&qf);
	sc.ix = ix;
	sc.opts = opts;
	sc.q = &q;
	sc.qaddr = &qaddr;
	sc.qf = &qf;
	sc.min_score = min_score;
	if (opts->nentries) {
		if ((rc = given_entries(&sc, snap, &best, &nbest)))
			goto fail;
	} else if ((rc = ec__index_candidates(ix, q.v, q.n,
					      prune > 0 ? prune : 0, &cands,
					      &ncands)))
		goto fail;
	if (ncands) /* cands may be NULL, and qsort(NULL, 0) is undefined */
		qsort(cands, ncands, sizeof(*cands), cmp_cand);
	if (!best)
		best = ec__malloc((ncands + 1) * sizeof(*best));
	if (!best) {
		rc = EC_ENOMEM;
		goto fail;
	}
	for (i = 0; i < ncands; i++) {
		rc = score_name(&sc, cands[i].name, 0, &best[nbest]);
		if (rc < 0)
			goto fail;
		nbest += (size_t)rc;
	}
	if (qf.id[0] && !opts->nentries &&
	    (rc = id_entries(&sc, &best, &nbest)))
		goto fail;
	nbest = dedupe(best, nbest);
	if (limit && nbest > limit)
		nbest = limit;
	if ((rc = emit_all(&bl, &sc, best, nbest)) ||
	    (rc = finish_matches(&bl)))
		goto fail;
	*out = bl.m;
	bl.m = NULL;
	rc = 0;
fail:
	if (rc)
		ec__fail(err, rc, "%s",
			 rc == EC_ENOMEM ? "out of memory" : "search failed");
	builder_dispose(&bl);
	ec_matches_free(bl.m);
	query_dispose(&q);
	ec__free(cands);
	ec__free(best);
	ec__tokens_dispose(&qaddr);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Compare and normalize                                               */
/* ------------------------------------------------------------------ */

/*
 * A name given without its type is read as a person's when it looks like
 * one ("SURNAME, Given", or two to five plain words).
 */
static int guess_person(const char *name, unsigned *flags)
{
	ec__tokens t;
	int rc;

	*flags = 0;
	ec__tokens_init(&t);
	rc = ec__normalize(&t, name, strlen(name), 0);
	if (rc == 0 && ec__looks_personal(&t))
		*flags = EC__NORM_PERSON;
	ec__tokens_dispose(&t);
	return rc;
}

int ec_compare(ec_matches **out, const ec_snapshot *snap, const char *name1,
	       const char *name2, ec_error *err)
{
	struct query q, l;
	struct builder bl;
	struct pending *pd;
	ec__score sc;
	unsigned person;
	int rc;

	ec__error_clear(err);
	if (!out || !name1 || !name2)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if (strlen(name1) > EC__QUERY_MAX_BYTES ||
	    strlen(name2) > EC__QUERY_MAX_BYTES)
		return ec__fail(err, EC_ELIMIT,
				"a name is longer than %d bytes",
				EC__QUERY_MAX_BYTES);
	memset(&bl, 0, sizeof(bl));
	bl.m = ec__calloc(1, sizeof(*bl.m));
	bl.p = ec__calloc(1, sizeof(*bl.p));
	if (!bl.m || !bl.p) {
		builder_dispose(&bl);
		ec_matches_free(bl.m);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	rc = query_init(&q, name1, 0);
	if (!rc && !(rc = guess_person(name2, &person)))
		rc = query_init(&l, name2, person);
	else
		ec__tokens_init(&l.toks);
	if (rc)
		goto done;
	ec__index_weigh(snap ? snap->ix : NULL, q.v, q.n);
	ec__index_weigh(snap ? snap->ix : NULL, l.v, l.n);
	ec__score_names(q.v, q.n, l.v, l.n, &sc);
	pd = &bl.p[0];
	pd->score = pd->name_score = sc.score;
	if ((rc = arena_str(&bl.m->arena, "", &pd->entry_id)) ||
	    (rc = arena_str(&bl.m->arena, name2, &pd->name)))
		goto done;
	pd->list = pd->source = pd->type = pd->country = pd->note =
		pd->entry_id;
	pd->matched = pd->name;
	if ((rc = add_explanation(&bl, pd, q.v, l.v, &sc)))
		goto done;
	bl.m->n = 1;
	if ((rc = finish_matches(&bl)))
		goto done;
	*out = bl.m;
	bl.m = NULL;
done:
	if (rc)
		ec__fail(err, rc, "%s", ec_strerror(rc));
	builder_dispose(&bl);
	ec_matches_free(bl.m);
	query_dispose(&q);
	query_dispose(&l);
	return rc;
}

long ec_normalize(char *buf, size_t bufsize, const char *name)
{
	ec__tokens t;
	ec__buf b = EC__BUF_INIT;
	unsigned person;
	size_t i;
	long n;

	if (!name || (!buf && bufsize))
		return EC_EINVAL;
	ec__tokens_init(&t);
	if (guess_person(name, &person) ||
	    ec__normalize(&t, name, strlen(name), person)) {
		ec__tokens_dispose(&t);
		return EC_ENOMEM;
	}
	for (i = 0; i < t.n; i++)
		if ((i && ec__buf_putc(&b, ' ')) ||
		    ec__buf_puts(&b, ec__tok_text(&t, i))) {
			ec__tokens_dispose(&t);
			ec__buf_dispose(&b);
			return EC_ENOMEM;
		}
	n = (long)b.len;
	if (bufsize) {
		size_t c = b.len < bufsize - 1 ? b.len : bufsize - 1;

		if (c)
			memcpy(buf, b.ptr, c);
		buf[c] = '\0';
	}
	ec__tokens_dispose(&t);
	ec__buf_dispose(&b);
	return n;
}

long ec_phonetic(char *buf, size_t bufsize, const char *word)
{
	char key[EC__TOK_MAX + 1];
	size_t n;

	if (!word || (!buf && bufsize))
		return EC_EINVAL;
	n = ec__phonetic(word, strlen(word), key, sizeof(key));
	if (bufsize) {
		size_t c = n < bufsize - 1 ? n : bufsize - 1;

		memcpy(buf, key, c);
		buf[c] = '\0';
	}
	return (long)n;
}
