/*
 * country.h: countries by ISO 3166-1 code or English name, for the
 * nationality a query gives and for place words in listed names.
 */
#ifndef EC_COUNTRY_H
#define EC_COUNTRY_H

#include <stddef.h>

/*
 * The ISO-2 code (upper case, static) of a country given as a code ("ir",
 * "IR") or an English name or adjective ("Iran", "Iranian", "United
 * States"), case and accents as folded by ec__normalize; NULL when unknown.
 */
const char *ec__nationality_code(const char *s, size_t len);

/* 1 when the folded word is a country's one-word English name. */
int ec__is_country_word(const char *w, size_t len);

#endif
