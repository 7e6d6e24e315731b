/*
 * jread.h: a small JSON reader for the tool's own output read back (a
 * screen result row given to `clear`): a whole document into a tree.
 */
#ifndef EC_TOOL_JREAD_H
#define EC_TOOL_JREAD_H

#include <stddef.h>

enum { JR_NULL, JR_BOOL, JR_NUM, JR_STR, JR_ARR, JR_OBJ };

typedef struct jr_value {
	int type;
	char *str; /* JR_STR: the text; JR_NUM: as written */
	int boolean;
	size_t n;    /* JR_ARR, JR_OBJ: members */
	char **keys; /* JR_OBJ */
	struct jr_value **items;
} jr_value;

/* Parses text (NUL-terminated); NULL with a message in err on failure. */
jr_value *jr_parse(const char *text, char *err, size_t errsz);
/* The member key of object o, or NULL. */
const jr_value *jr_get(const jr_value *o, const char *key);
/* The string member key of o, or NULL when absent or not a string. */
const char *jr_str(const jr_value *o, const char *key);
void jr_free(jr_value *v);

#endif
