/*
 * json.h: a small streaming JSON writer for the tool's --json output.
 */
#ifndef EC_TOOL_JSON_H
#define EC_TOOL_JSON_H

#include <stddef.h>
#include <stdio.h>

typedef struct json {
	FILE *out;
	int depth;
	int first[64]; /* no comma needed yet at this depth */
	int pretty;
} json;

void json_init(json *j, FILE *out, int pretty);
void json_obj_open(json *j, const char *key);
void json_obj_close(json *j);
void json_arr_open(json *j, const char *key);
void json_arr_close(json *j);
void json_str(json *j, const char *key, const char *value);
void json_num(json *j, const char *key, double value);
void json_int(json *j, const char *key, long long value);
void json_bool(json *j, const char *key, int value);
void json_null(json *j, const char *key);
/* "key": [v[0], ..., v[n - 1]]; an empty array when n is 0. */
void json_str_array(json *j, const char *key, const char *const *v, size_t n);
/*
 * "key": [{...}, ...], n objects whose members fill(j, item) writes, for
 * the items of size bytes each from items on.
 */
void json_objects(json *j, const char *key, const void *items, size_t n,
		  size_t size, void (*fill)(json *j, const void *item));
/* Ends the document with a newline. */
void json_end(json *j);

#endif
