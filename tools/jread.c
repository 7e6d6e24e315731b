/*
 * jread.c: reading a JSON document into a tree.  Only for small documents
 * the tool wrote itself (a screen result row); depth is bounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"

#define MAX_DEPTH 32

struct rd {
	const char *s;
	char *err;
	size_t errsz;
};

static void ws(struct rd *r)
{
	r->s += strspn(r->s, " \t\r\n");
}

static jr_value *fail(struct rd *r, const char *what)
{
	if (!r->err[0])
		snprintf(r->err, r->errsz, "%s", what);
	return NULL;
}

static void put_utf8(char *o, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		o[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*n)++] = (char)(0xc0 | cp >> 6);
		o[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		o[(*n)++] = (char)(0xe0 | cp >> 12);
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[(*n)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* A string at r->s (after its quote); malloc'ed, or NULL. */
static char *str(struct rd *r)
{
	size_t cap = strlen(r->s) + 1, n = 0;
	char *o = malloc(cap), c;
	unsigned cp;

	if (!o)
		return NULL;
	while ((c = *r->s++) != '"') {
		if (c == '\0' || (unsigned char)c < 0x20) {
			free(o);
			return (char *)fail(r, "unterminated string");
		}
		if (c != '\\') {
			o[n++] = c;
			continue;
		}
		c = *r->s++;
		if (c == 'u' && sscanf(r->s, "%4x", &cp) == 1 &&
		    strspn(r->s, "0123456789abcdefABCDEF") >= 4) {
			r->s += 4;
			put_utf8(o, &n, cp); /* the tool writes no surrogates */
			continue;
		}
		o[n++] = c == 'n'   ? '\n'
			 : c == 't' ? '\t'
			 : c == 'r' ? '\r'
			 : c == 'b' ? '\b'
			 : c == 'f' ? '\f'
				    : c;
		if (!strchr("\"\\/ntrbf", c)) {
			free(o);
			return (char *)fail(r, "bad escape in a string");
		}
	}
	o[n] = '\0';
	return o;
}

static jr_value *value(struct rd *r, int depth);

/* The members of an array or object, after its opening bracket. */
static jr_value *members(struct rd *r, jr_value *v, char close, int depth)
{
	ws(r);
	if (*r->s == close) {
		r->s++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		jr_value *m;

		ws(r);
		if (close == '}') {
			if (*r->s++ != '"' || !(key = str(r)))
				return fail(r, "expected a key");
			ws(r);
			if (*r->s++ != ':') {
				free(key);
				return fail(r, "expected :");
			}
		}
		m = value(r, depth + 1);
		if (!m ||
		    !(v->items = realloc(v->items,
					 (v->n + 1) * sizeof(*v->items))) ||
		    !(v->keys =
			      realloc(v->keys, (v->n + 1) * sizeof(char *)))) {
			free(key);
			jr_free(m);
			return fail(r, "out of memory");
		}
		v->keys[v->n] = key;
		v->items[v->n++] = m;
		ws(r);
		if (*r->s == ',') {
			r->s++;
			continue;
		}
		if (*r->s++ == close)
			return v;
		return fail(r, "expected , or a closing bracket");
	}
}

static jr_value *value(struct rd *r, int depth)
{
	jr_value *v = calloc(1, sizeof(*v));

	if (!v || depth > MAX_DEPTH) {
		free(v);
		return fail(r, depth > MAX_DEPTH ? "nested too deeply"
						 : "out of memory");
	}
	ws(r);
	if (*r->s == '"') {
		r->s++;
		v->type = JR_STR;
		if ((v->str = str(r)))
			return v;
	} else if (*r->s == '[' || *r->s == '{') {
		v->type = *r->s == '[' ? JR_ARR : JR_OBJ;
		r->s++;
		if (members(r, v, v->type == JR_ARR ? ']' : '}', depth))
			return v;
	} else if (!strncmp(r->s, "true", 4) || !strncmp(r->s, "false", 5)) {
		v->type = JR_BOOL;
		v->boolean = *r->s == 't';
		r->s += v->boolean ? 4 : 5;
		return v;
	} else if (!strncmp(r->s, "null", 4)) {
		r->s += 4;
		return v;
	} else if (*r->s == '-' || (*r->s >= '0' && *r->s <= '9')) {
		size_t n = strspn(r->s, "+-0123456789.eE");

		v->type = JR_NUM;
		v->str = strndup(r->s, n);
		r->s += n;
		if (v->str)
			return v;
	} else {
		fail(r, "expected a JSON value");
	}
	jr_free(v);
	return NULL;
}

jr_value *jr_parse(const char *text, char *err, size_t errsz)
{
	struct rd r = {text, err, errsz};
	jr_value *v;

	err[0] = '\0';
	if (!(v = value(&r, 0)))
		return NULL;
	ws(&r);
	if (*r.s) {
		jr_free(v);
		return fail(&r, "text after the JSON value");
	}
	return v;
}

const jr_value *jr_get(const jr_value *o, const char *key)
{
	size_t i;

	for (i = 0; o && o->type == JR_OBJ && i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i];
	return NULL;
}

const char *jr_str(const jr_value *o, const char *key)
{
	const jr_value *v = jr_get(o, key);

	return v && v->type == JR_STR ? v->str : NULL;
}

void jr_free(jr_value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->keys ? v->keys[i] : NULL);
		jr_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->str);
	free(v);
}
