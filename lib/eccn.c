/*
 * eccn.c: ECCN syntax.  An ECCN is a digit (category), a letter A-E
 * (product group) and three digits, optionally followed by paragraphs
 * (".a", ".b.1", ...).  EAR99 is the basket for items on no ECCN.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "eccn.h"

int ec__eccn_parse(const char *s, ec__eccn *out)
{
	size_t n, i;

	memset(out, 0, sizeof(*out));
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(out->text))
		return EC_EINVAL;
	if (n == 5 && strncasecmp(s, "EAR99", 5) == 0) {
		memcpy(out->text, "EAR99", 6);
		out->ear99 = 1;
		return 0;
	}
	if (n < 5 || !isdigit((unsigned char)s[0]) ||
	    !strchr("ABCDEabcde", s[1]) || !isdigit((unsigned char)s[2]) ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return EC_EINVAL;
	if (n > 5 && s[5] != '.')
		return EC_EINVAL;
	for (i = 5; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.')
			return EC_EINVAL;
	if (n > 5 && (s[n - 1] == '.' || strstr(s, "..")))
		return EC_EINVAL;
	for (i = 0; i < n; i++)
		out->text[i] = i == 1  ? (char)toupper((unsigned char)s[i])
			       : i > 4 ? (char)tolower((unsigned char)s[i])
				       : s[i];
	out->text[n] = '\0';
	out->category = out->text[0];
	out->group = out->text[1];
	return 0;
}

int ec__eccn_covers(const char *listed, const ec__eccn *item)
{
	ec__eccn l;
	size_t n;

	if (ec__eccn_parse(listed, &l))
		return 0;
	if (l.ear99 || item->ear99)
		return l.ear99 && item->ear99;
	n = strlen(l.text);
	return strncmp(l.text, item->text, n) == 0 &&
	       (item->text[n] == '\0' || item->text[n] == '.');
}

int ec__eccn_at_only(const ec__eccn *e)
{
	return !e->ear99 && e->text[2] == '9';
}

int ec__eccn_in_list(const char *list, const ec__eccn *item)
{
	char tok[32];

	while (*list) {
		size_t n = strcspn(list, " ,;\t");

		if (n > 0 && n < sizeof(tok)) {
			memcpy(tok, list, n);
			tok[n] = '\0';
			if (ec__eccn_covers(tok, item))
				return 1;
		}
		list += n;
		while (*list && strchr(" ,;\t", *list))
			list++;
	}
	return 0;
}
