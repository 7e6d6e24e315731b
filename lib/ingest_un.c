/*
 * ingest_un.c: the UN Security Council Consolidated List (XML), read with
 * libxml2 into CSL-shaped records that keep every element.
 */
#include <stdio.h>
#include <string.h>

#include "ingest.h"

#ifndef EC_HAVE_LIBXML2

int ec__ingest_un(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		  ec_error *err)
{
	(void)cb;
	(void)ud;
	memset(prov, 0, sizeof(*prov));
	return ec__fail_at(err, EC_EUNSUPPORTED, path, 0, 0, -1,
			   "this entitycheck was built without libxml2, so it "
			   "cannot read the UN list (XML); rebuild with "
			   "libxml2-dev installed (meson -Dun_xml=enabled)");
}

#else

#include <pthread.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "input.h"

/* Far above the real list (2 MB), and within libxml2's int sizes. */
#define MAX_XML ((size_t)512 << 20)

static const char un_source[] =
	"UN Security Council Consolidated List (UN) - United Nations "
	"Security Council";

struct xml_err {
	int seen;
	long line;
	char text[256];
};

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ud, const xmlError *e)
#else
static void on_xml_error(void *ud, xmlErrorPtr e)
#endif
{
	struct xml_err *x = ud;
	size_t n;

	if (x->seen || !e || e->level < XML_ERR_ERROR)
		return;
	x->seen = 1;
	x->line = e->line;
	snprintf(x->text, sizeof(x->text), "%s",
		 e->message ? e->message : "malformed XML");
	n = strlen(x->text);
	while (n && (x->text[n - 1] == '\n' || x->text[n - 1] == ' '))
		x->text[--n] = '\0';
}

/* One record's columns, reused from record to record. */
struct un_rec {
	ec__buf name, alts, addr, title, nat, dob, pob, ids, country, label;
	ec__buf part;
	char *ref, *dataid, *listed, *comments, *program;
};

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       xmlStrEqual(n->name, (const xmlChar *)name);
}

static int has_elements(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The text t, trimmed: s and n point into t. */
static void trimmed(const char *t, const char **s, size_t *n)
{
	size_t a = 0, b = strlen(t);

	while (a < b &&
	       (t[a] == ' ' || t[a] == '\n' || t[a] == '\r' || t[a] == '\t'))
		a++;
	while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\n' ||
			 t[b - 1] == '\r' || t[b - 1] == '\t'))
		b--;
	*s = t + a;
	*n = b - a;
}

/* Appends the trimmed text of n to out after sep (when out is not empty). */
static int put_text(ec__buf *out, const char *sep, const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	const char *s;
	size_t len;
	int rc = 0;

	if (!t)
		return EC_ENOMEM;
	trimmed((const char *)t, &s, &len);
	if (len &&
	    ((out->len && ec__buf_puts(out, sep)) || ec__buf_put(out, s, len)))
		rc = EC_ENOMEM;
	xmlFree(t);
	return rc;
}

/* The trimmed text of the first child element called name, or "". */
static int child_text(const xmlNode *n, const char *name, ec__buf *out)
{
	const xmlNode *c;

	ec__buf_clear(out);
	for (c = n->children; c; c = c->next)
		if (is(c, name))
			return put_text(out, "", c);
	return 0;
}

/* "STREET, CITY, ..." of the listed children of a group, into out. */
static int join_group(struct un_rec *r, const xmlNode *g,
		      const char *const *names, ec__buf *out,
		      const char *country_child)
{
	size_t i, before = out->len;
	int any = 0;

	if (out->len && ec__buf_puts(out, "; "))
		return EC_ENOMEM;
	for (i = 0; names[i]; i++) {
		if (child_text(g, names[i], &r->part))
			return EC_ENOMEM;
		if (!r->part.len)
			continue;
		if ((any && ec__buf_puts(out, ", ")) ||
		    ec__buf_puts(out, r->part.ptr))
			return EC_ENOMEM;
		any = 1;
		if (country_child && strcmp(names[i], country_child) == 0) {
			const char *cc =
				ec__country_code(r->part.ptr, r->part.len);

			if (cc && ec__country_list_add(&r->country, cc))
				return EC_ENOMEM;
		}
	}
	if (!any) {
		out->len = before;
		if (out->ptr)
			out->ptr[before] = '\0';
	}
	return 0;
}

/* Elements copied verbatim into a column, so not repeated in ids. */
static int in_column(const xmlNode *n)
{
	return is(n, "DATAID") || is(n, "REFERENCE_NUMBER") ||
	       is(n, "LISTED_ON") || is(n, "COMMENTS1") ||
	       is(n, "UN_LIST_TYPE");
}

/*
 * Every element with text (and every attribute) below n goes into ids as
 * "PATH: text", PATH being the element names from the record down with
 * the 1-based position of each group ("INDIVIDUAL_ALIAS#2/QUALITY").
 */
static int walk_ids(struct un_rec *r, const xmlNode *n, size_t path_len,
		    int top)
{
	const xmlNode *c, *s;
	const xmlAttr *a;
	int rc;

	for (c = n->children; c; c = c->next) {
		size_t pos = 1;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		r->label.len = path_len;
		if (r->label.ptr)
			r->label.ptr[path_len] = '\0';
		if ((path_len && ec__buf_putc(&r->label, '/')) ||
		    ec__buf_puts(&r->label, (const char *)c->name))
			return EC_ENOMEM;
		if (has_elements(c)) {
			for (s = n->children; s != c; s = s->next)
				if (s->type == XML_ELEMENT_NODE &&
				    xmlStrEqual(s->name, c->name))
					pos++;
			if (ec__buf_printf(&r->label, "#%zu", pos))
				return EC_ENOMEM;
		}
		for (a = c->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
			size_t keep = r->label.len;

			if (!v)
				return EC_ENOMEM;
			rc = ec__buf_printf(&r->label, "@%s", a->name) ||
			     ec__ids_add(&r->ids, r->label.ptr, (const char *)v,
					 strlen((const char *)v));
			xmlFree(v);
			if (rc)
				return EC_ENOMEM;
			r->label.len = keep;
			r->label.ptr[keep] = '\0';
		}
		if (has_elements(c)) {
			if ((rc = walk_ids(r, c, r->label.len, 0)))
				return rc;
		} else {
			xmlChar *t = xmlNodeGetContent(c);
			const char *ts;
			size_t tn;

			if (!t)
				return EC_ENOMEM;
			trimmed((const char *)t, &ts, &tn);
			/* A mapped value is in its column, unless trimming
			 * it there lost something. */
			rc = 0;
			if (*t && !(top && in_column(c) &&
				    tn == strlen((const char *)t) &&
				    !(is(c, "LISTED_ON") && tn != 10)))
				rc = ec__ids_add(&r->ids, r->label.ptr,
						 (const char *)t,
						 strlen((const char *)t));
			xmlFree(t);
			if (rc)
				return EC_ENOMEM;
		}
	}
	return 0;
}

static char *dup_text(const xmlNode *rec, const char *name)
{
	const xmlNode *c;
	xmlChar *t;
	const char *s;
	size_t n;
	char *out;

	for (c = rec->children; c; c = c->next)
		if (is(c, name))
			break;
	if (!c)
		return ec__strdup("");
	if (!(t = xmlNodeGetContent(c)))
		return NULL;
	/* Free text (COMMENTS1) is kept exactly; codes are trimmed. */
	if (strcmp(name, "COMMENTS1") == 0) {
		s = (const char *)t;
		n = strlen(s);
	} else {
		trimmed((const char *)t, &s, &n);
	}
	out = ec__strndup(s, n);
	xmlFree(t);
	return out;
}

static void rec_reset(struct un_rec *r)
{
	ec__buf *b[] = {&r->name, &r->alts, &r->addr, &r->title,  &r->nat,
			&r->dob,  &r->pob,  &r->ids,  &r->country};
	size_t i;

	for (i = 0; i < EC__ARRAY_LEN(b); i++)
		ec__buf_clear(b[i]);
	ec__free(r->ref);
	ec__free(r->dataid);
	ec__free(r->listed);
	ec__free(r->comments);
	ec__free(r->program);
	r->ref = r->dataid = r->listed = r->comments = r->program = NULL;
}

static void rec_dispose(struct un_rec *r)
{
	rec_reset(r);
	ec__buf_dispose(&r->name);
	ec__buf_dispose(&r->alts);
	ec__buf_dispose(&r->addr);
	ec__buf_dispose(&r->title);
	ec__buf_dispose(&r->nat);
	ec__buf_dispose(&r->dob);
	ec__buf_dispose(&r->pob);
	ec__buf_dispose(&r->ids);
	ec__buf_dispose(&r->country);
	ec__buf_dispose(&r->label);
	ec__buf_dispose(&r->part);
}

static int date_of_birth(struct un_rec *r, const xmlNode *g)
{
	static const char *const one[] = {"DATE", "YEAR", NULL};
	size_t i;

	for (i = 0; one[i]; i++) {
		if (child_text(g, one[i], &r->part))
			return EC_ENOMEM;
		if (r->part.len)
			return (r->dob.len && ec__buf_puts(&r->dob, "; ")) ||
					       ec__buf_puts(&r->dob,
							    r->part.ptr)
				       ? EC_ENOMEM
				       : 0;
	}
	if (child_text(g, "FROM_YEAR", &r->part))
		return EC_ENOMEM;
	if (!r->part.len)
		return 0;
	if ((r->dob.len && ec__buf_puts(&r->dob, "; ")) ||
	    ec__buf_puts(&r->dob, r->part.ptr) ||
	    child_text(g, "TO_YEAR", &r->part) ||
	    (r->part.len && (ec__buf_puts(&r->dob, " to ") ||
			     ec__buf_puts(&r->dob, r->part.ptr))))
		return EC_ENOMEM;
	return 0;
}

/* Fills r from one INDIVIDUAL or ENTITY element. */
static int read_record(struct un_rec *r, const xmlNode *rec)
{
	static const char *const names[] = {"FIRST_NAME", "SECOND_NAME",
					    "THIRD_NAME", "FOURTH_NAME", NULL};
	static const char *const addr[] = {"STREET",	     "CITY",
					   "STATE_PROVINCE", "ZIP_CODE",
					   "COUNTRY",	     NULL};
	static const char *const pob[] = {"STREET", "CITY", "STATE_PROVINCE",
					  "COUNTRY", NULL};
	const xmlNode *c, *v;
	size_t i;

	rec_reset(r);
	for (i = 0; names[i]; i++) {
		if (child_text(rec, names[i], &r->part))
			return EC_ENOMEM;
		if (r->part.len &&
		    ((r->name.len && ec__buf_putc(&r->name, ' ')) ||
		     ec__buf_puts(&r->name, r->part.ptr)))
			return EC_ENOMEM;
	}
	if (!(r->ref = dup_text(rec, "REFERENCE_NUMBER")) ||
	    !(r->dataid = dup_text(rec, "DATAID")) ||
	    !(r->listed = dup_text(rec, "LISTED_ON")) ||
	    !(r->comments = dup_text(rec, "COMMENTS1")) ||
	    !(r->program = dup_text(rec, "UN_LIST_TYPE")))
		return EC_ENOMEM;
	for (c = rec->children; c; c = c->next) {
		int rc = 0;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "INDIVIDUAL_ALIAS") || is(c, "ENTITY_ALIAS")) {
			for (v = c->children; v && !rc; v = v->next)
				if (is(v, "ALIAS_NAME"))
					rc = put_text(&r->alts, "; ", v);
		} else if (is(c, "NAME_ORIGINAL_SCRIPT")) {
			rc = put_text(&r->alts, "; ", c);
		} else if (is(c, "INDIVIDUAL_ADDRESS") ||
			   is(c, "ENTITY_ADDRESS")) {
			rc = join_group(r, c, addr, &r->addr, "COUNTRY");
		} else if (is(c, "INDIVIDUAL_PLACE_OF_BIRTH")) {
			rc = join_group(r, c, pob, &r->pob, NULL);
		} else if (is(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
			rc = date_of_birth(r, c);
		} else if (is(c, "TITLE") || is(c, "NATIONALITY")) {
			for (v = c->children; v && !rc; v = v->next)
				if (is(v, "VALUE"))
					rc = put_text(is(c, "TITLE") ? &r->title
								     : &r->nat,
						      "; ", v);
		}
		if (rc)
			return rc;
	}
	ec__buf_clear(&r->label);
	return walk_ids(r, rec, 0, 1);
}

static const char *bstr(const ec__buf *b)
{
	return b->ptr ? b->ptr : "";
}

/* An XML Schema date: YYYY-MM-DD, maybe with a zone ("Z", "-04:00"). */
static int xs_date(const char *s)
{
	char d[11];
	const char *z = s + 10;

	if (strlen(s) < 10)
		return 0;
	memcpy(d, s, 10);
	d[10] = '\0';
	if (!ec__valid_date(d))
		return 0;
	if (!*z || (z[0] == 'Z' && !z[1]))
		return 1;
	return (z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[1] >= '0' &&
	       z[1] <= '9' && z[2] >= '0' && z[2] <= '9' && z[3] == ':' &&
	       z[4] >= '0' && z[4] <= '9' && z[5] >= '0' && z[5] <= '9';
}

static int emit(struct un_rec *r, const xmlNode *node, const char *path,
		ec__record_cb cb, void *ud, ec_error *err)
{
	ec__record rec;
	long line = xmlGetLineNo(node);

	if (!*r->ref || !r->name.len)
		return ec__fail_at(
			err, EC_EPARSE, path, line, 0, -1, "a UN %s without %s",
			(const char *)node->name,
			!*r->ref ? "REFERENCE_NUMBER" : "FIRST_NAME");
	if (*r->listed && !xs_date(r->listed))
		return ec__fail_at(err, EC_EPARSE, path, line, 0, -1,
				   "LISTED_ON \"%.32s\" of %s is not a "
				   "YYYY-MM-DD date",
				   r->listed, r->ref);
	/* The column holds the date; a time zone stays in ids. */
	r->listed[*r->listed ? 10 : 0] = '\0';
	ec__record_init(&rec);
	rec.f[EC__F_ID] = r->ref;
	rec.f[EC__F_ENTITY_NUMBER] = r->dataid;
	rec.f[EC__F_SOURCE] = un_source;
	rec.f[EC__F_TYPE] = is(node, "INDIVIDUAL") ? "Individual" : "Entity";
	rec.f[EC__F_PROGRAMS] = r->program;
	rec.f[EC__F_NAME] = bstr(&r->name);
	rec.f[EC__F_TITLE] = bstr(&r->title);
	rec.f[EC__F_ADDRESSES] = bstr(&r->addr);
	rec.f[EC__F_START_DATE] = r->listed;
	rec.f[EC__F_REMARKS] = r->comments;
	rec.f[EC__F_ALT_NAMES] = bstr(&r->alts);
	rec.f[EC__F_NATIONALITIES] = bstr(&r->nat);
	rec.f[EC__F_DATES_OF_BIRTH] = bstr(&r->dob);
	rec.f[EC__F_PLACES_OF_BIRTH] = bstr(&r->pob);
	rec.f[EC__F_IDS] = bstr(&r->ids);
	ec__list_code(un_source, rec.list, sizeof(rec.list));
	rec.file = path;
	rec.line = line;
	rec.country = bstr(&r->country);
	return cb(ud, &rec, err);
}

/* Reads the whole file (plain or gzip), hashing it for the provenance. */
static int slurp(const char *path, ec__buf *out, char sha[65], ec_error *err)
{
	ec__input *in = NULL;
	int rc;

	if ((rc = ec__input_open(&in, path, err)))
		return rc;
	for (;;) {
		long n;

		if (ec__buf_grow(out, 65536)) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			break;
		}
		n = ec__input_read(in, out->ptr + out->len, 65536, err);
		if (n < 0) {
			rc = (int)n; /* the error code */
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (out->len > MAX_XML) {
			rc = ec__fail_at(err, EC_ELIMIT, path, 0, 0, -1,
					 "the XML file is larger than %zu MiB",
					 MAX_XML >> 20);
			break;
		}
	}
	if (!rc)
		ec__input_sha256(in, sha);
	ec__input_free(in);
	return rc;
}

/* The line of the first needle in the buffer, or fallback. */
static long line_of(const ec__buf *b, const char *needle, long fallback)
{
	size_t i, k = strlen(needle);
	long line = 1;

	for (i = 0; i + k <= b->len; i++) {
		if (memcmp(b->ptr + i, needle, k) == 0)
			return line;
		line += b->ptr[i] == '\n';
	}
	return fallback;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

static int xml_fail(ec_error *err, const char *path, xmlTextReaderPtr rd,
		    const struct xml_err *xe)
{
	if (xe->seen)
		return ec__fail_at(err, EC_EPARSE, path, xe->line, 0, -1,
				   "malformed XML: %s", xe->text);
	return ec__fail_at(err, EC_EPARSE, path,
			   rd ? xmlTextReaderGetParserLineNumber(rd) : 0, 0, -1,
			   "malformed XML");
}

/* One reading of the list. */
struct un_reader {
	xmlTextReaderPtr rd;
	const char *path;
	ec__buf data;
	struct un_rec r;
	struct xml_err xe;
	ec__prov *prov;
	ec__record_cb cb;
	void *ud;
	ec_error *err;
	char group[16];
	long long rows;
	int seen_root;
};

/* <CONSOLIDATED_LIST dateGenerated="...">. */
static int on_root(struct un_reader *u, const char *name, long line)
{
	xmlChar *d;

	if (strcmp(name, "CONSOLIDATED_LIST") != 0)
		return ec__fail_at(u->err, EC_EPARSE, u->path, line, 0, -1,
				   "not the UN Consolidated List: the root "
				   "element is <%.40s>, not "
				   "<CONSOLIDATED_LIST>",
				   name);
	u->seen_root = 1;
	d = xmlTextReaderGetAttribute(u->rd, (const xmlChar *)"dateGenerated");
	if (d) {
		snprintf(u->prov->date, sizeof(u->prov->date), "%s",
			 (const char *)d);
		xmlFree(d);
	}
	return 0;
}

/* <INDIVIDUALS> or <ENTITIES>. */
static int on_group(struct un_reader *u, const char *name, long line)
{
	if (strcmp(name, "INDIVIDUALS") != 0 && strcmp(name, "ENTITIES") != 0)
		return ec__fail_at(u->err, EC_EPARSE, u->path, line, 0, -1,
				   "unexpected element <%.40s>: the list "
				   "holds INDIVIDUALS and ENTITIES",
				   name);
	snprintf(u->group, sizeof(u->group), "%s", name);
	return 0;
}

/* <INDIVIDUAL> or <ENTITY>: one record, read whole. */
static int on_entry(struct un_reader *u, const char *name, long line)
{
	int want_ind = strcmp(u->group, "INDIVIDUALS") == 0;
	xmlNodePtr node;
	int rc;

	if (strcmp(name, want_ind ? "INDIVIDUAL" : "ENTITY"))
		return ec__fail_at(u->err, EC_EPARSE, u->path, line, 0, -1,
				   "unexpected element <%.40s> in <%s>", name,
				   u->group);
	node = xmlTextReaderExpand(u->rd);
	if (!node)
		return xml_fail(u->err, u->path, u->rd, &u->xe);
	if ((rc = read_record(&u->r, node)))
		return ec__fail(u->err, rc, "out of memory");
	if ((rc = emit(&u->r, node, u->path, u->cb, u->ud, u->err)))
		return rc;
	u->rows++;
	return 0;
}

/* Refuses what the list never holds and entities would expand from. */
static int refuse_dtd(struct un_reader *u, int type, long line)
{
	/* The reader is past the DTD: name its own line. */
	if (type == XML_READER_TYPE_DOCUMENT_TYPE)
		line = line_of(&u->data, "<!DOCTYPE", line);
	return ec__fail_at(u->err, EC_EPARSE, u->path, line, 0, -1,
			   "a DOCTYPE or entity reference: the UN list has "
			   "none, and entities are not expanded");
}

/* Walks the document, element by element, to its end. */
static int read_all(struct un_reader *u)
{
	int ret = xmlTextReaderRead(u->rd), rc;

	while (ret == 1) {
		int type = xmlTextReaderNodeType(u->rd);
		int depth = xmlTextReaderDepth(u->rd);
		const char *name = (const char *)xmlTextReaderConstName(u->rd);
		long line = xmlTextReaderGetParserLineNumber(u->rd);
		xmlNodePtr cur;

		if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
		    type == XML_READER_TYPE_ENTITY_REFERENCE)
			return refuse_dtd(u, type, line);
		if (type != XML_READER_TYPE_ELEMENT || depth > 2) {
			ret = xmlTextReaderRead(u->rd);
			continue;
		}
		cur = xmlTextReaderCurrentNode(u->rd);
		if (cur && xmlGetLineNo(cur) > 0)
			line = xmlGetLineNo(cur);
		rc = depth == 0	  ? on_root(u, name, line)
		     : depth == 1 ? on_group(u, name, line)
				  : on_entry(u, name, line);
		if (rc)
			return rc;
		ret = depth == 2 ? xmlTextReaderNext(u->rd)
				 : xmlTextReaderRead(u->rd);
	}
	if (ret < 0 || u->xe.seen)
		return xml_fail(u->err, u->path, u->rd, &u->xe);
	if (!u->seen_root)
		return ec__fail_at(u->err, EC_EPARSE, u->path, 1, 0, -1,
				   "no XML element in the file");
	return 0;
}

int ec__ingest_un(const char *path, ec__record_cb cb, void *ud, ec__prov *prov,
		  ec_error *err)
{
	struct un_reader u = {
		.path = path, .prov = prov, .cb = cb, .ud = ud, .err = err};
	char sha[65];
	int rc;

	memset(prov, 0, sizeof(*prov));
	if ((rc = slurp(path, &u.data, sha, err)))
		goto done;
	pthread_once(&xml_once, xml_init);
	/*
	 * No network, no external DTD, no entity substitution: the list has
	 * no DOCTYPE, and one is refused, so no entity can expand.
	 */
	u.rd = xmlReaderForMemory(u.data.ptr ? u.data.ptr : "", (int)u.data.len,
				  path, NULL,
				  XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (!u.rd) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(u.rd, on_xml_error, &u.xe);
	if ((rc = read_all(&u)))
		goto done;
	ec__prov_set(prov, "un", path, "un-sc-xml", u.rows);
	memcpy(prov->sha256, sha, sizeof(prov->sha256));
	if (!prov->date[0])
		ec__file_date(path, prov->date, sizeof(prov->date));
done:
	if (u.rd)
		xmlFreeTextReader(u.rd);
	rec_dispose(&u.r);
	ec__buf_dispose(&u.data);
	return rc;
}

#endif
