/*
 * ingest_common.c: what the non-CSL readers share: the ids items that keep
 * source values without a CSL column, file dates, and country names.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ingest.h"
#include "sha256.h"

int ec__ids_add(ec__buf *ids, const char *label, const char *value, size_t n)
{
	size_t i;

	if ((ids->len && ec__buf_puts(ids, "; ")) || ec__buf_puts(ids, label) ||
	    ec__buf_puts(ids, ": "))
		return EC_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((value[i] == '\\' || value[i] == ';') &&
		    ec__buf_putc(ids, '\\'))
			return EC_ENOMEM;
		if (ec__buf_putc(ids, value[i]))
			return EC_ENOMEM;
	}
	return 0;
}

static int digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

void ec__file_date(const char *path, char *date, size_t size)
{
	const char *s = ec__basename(path), *p;
	size_t n;

	if (!size)
		return;
	date[0] = '\0';
	for (p = s; *p; p++) {
		if (p > s && isdigit((unsigned char)p[-1]))
			continue;
		if (!digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) ||
		    isdigit((unsigned char)p[7]))
			continue;
		n = 7;
		if (p[7] == '-' && digits(p + 8, 2) &&
		    !isdigit((unsigned char)p[10]))
			n = 10;
		if (n >= size)
			return;
		memcpy(date, p, n);
		date[n] = '\0';
		return;
	}
}

/*
 * Country names as OFAC's legacy files and the UN list spell them.  A name
 * that is not here leaves the entry without that country code; the address
 * itself is kept as published either way.
 */
static const ec__str_pair countries[] = {
	{"Afghanistan", "AF"},
	{"Albania", "AL"},
	{"Algeria", "DZ"},
	{"Andorra", "AD"},
	{"Angola", "AO"},
	{"Antigua and Barbuda", "AG"},
	{"Argentina", "AR"},
	{"Armenia", "AM"},
	{"Aruba", "AW"},
	{"Australia", "AU"},
	{"Austria", "AT"},
	{"Azerbaijan", "AZ"},
	{"Bahamas", "BS"},
	{"Bahamas, The", "BS"},
	{"Bahrain", "BH"},
	{"Bangladesh", "BD"},
	{"Barbados", "BB"},
	{"Belarus", "BY"},
	{"Belgium", "BE"},
	{"Belize", "BZ"},
	{"Benin", "BJ"},
	{"Bermuda", "BM"},
	{"Bhutan", "BT"},
	{"Bolivia", "BO"},
	{"Bolivia (Plurinational State of)", "BO"},
	{"Bosnia and Herzegovina", "BA"},
	{"Botswana", "BW"},
	{"Brazil", "BR"},
	{"British Virgin Islands", "VG"},
	{"Brunei", "BN"},
	{"Brunei Darussalam", "BN"},
	{"Bulgaria", "BG"},
	{"Burkina Faso", "BF"},
	{"Burma", "MM"},
	{"Burundi", "BI"},
	{"Cabo Verde", "CV"},
	{"Cambodia", "KH"},
	{"Cameroon", "CM"},
	{"Canada", "CA"},
	{"Cape Verde", "CV"},
	{"Cayman Islands", "KY"},
	{"Central African Republic", "CF"},
	{"Chad", "TD"},
	{"Chile", "CL"},
	{"China", "CN"},
	{"China, Hong Kong Special Administrative Region", "HK"},
	{"China, Macao Special Administrative Region", "MO"},
	{"Colombia", "CO"},
	{"Comoros", "KM"},
	{"Congo", "CG"},
	{"Congo, Democratic Republic of the", "CD"},
	{"Congo, Republic of the", "CG"},
	{"Costa Rica", "CR"},
	{"Cote d Ivoire", "CI"},
	{"Cote d'Ivoire", "CI"},
	{"C\xc3\xb4te d'Ivoire", "CI"},
	{"Croatia", "HR"},
	{"Cuba", "CU"},
	{"Curacao", "CW"},
	{"Cyprus", "CY"},
	{"Czech Republic", "CZ"},
	{"Czechia", "CZ"},
	{"Democratic People's Republic of Korea", "KP"},
	{"Democratic Republic of the Congo", "CD"},
	{"Denmark", "DK"},
	{"Djibouti", "DJ"},
	{"Dominica", "DM"},
	{"Dominican Republic", "DO"},
	{"Ecuador", "EC"},
	{"Egypt", "EG"},
	{"El Salvador", "SV"},
	{"Equatorial Guinea", "GQ"},
	{"Eritrea", "ER"},
	{"Estonia", "EE"},
	{"Eswatini", "SZ"},
	{"Ethiopia", "ET"},
	{"Fiji", "FJ"},
	{"Finland", "FI"},
	{"France", "FR"},
	{"Gabon", "GA"},
	{"Gambia", "GM"},
	{"Gambia, The", "GM"},
	{"Georgia", "GE"},
	{"Germany", "DE"},
	{"Ghana", "GH"},
	{"Gibraltar", "GI"},
	{"Greece", "GR"},
	{"Grenada", "GD"},
	{"Guatemala", "GT"},
	{"Guernsey", "GG"},
	{"Guinea", "GN"},
	{"Guinea-Bissau", "GW"},
	{"Guyana", "GY"},
	{"Haiti", "HT"},
	{"Honduras", "HN"},
	{"Hong Kong", "HK"},
	{"Hungary", "HU"},
	{"Iceland", "IS"},
	{"India", "IN"},
	{"Indonesia", "ID"},
	{"Iran", "IR"},
	{"Iran (Islamic Republic of)", "IR"},
	{"Iraq", "IQ"},
	{"Ireland", "IE"},
	{"Isle of Man", "IM"},
	{"Israel", "IL"},
	{"Italy", "IT"},
	{"Jamaica", "JM"},
	{"Japan", "JP"},
	{"Jersey", "JE"},
	{"Jordan", "JO"},
	{"Kazakhstan", "KZ"},
	{"Kenya", "KE"},
	{"Kiribati", "KI"},
	{"Korea, North", "KP"},
	{"Korea, South", "KR"},
	{"Kosovo", "XK"},
	{"Kuwait", "KW"},
	{"Kyrgyzstan", "KG"},
	{"Lao People's Democratic Republic", "LA"},
	{"Laos", "LA"},
	{"Latvia", "LV"},
	{"Lebanon", "LB"},
	{"Lesotho", "LS"},
	{"Liberia", "LR"},
	{"Libya", "LY"},
	{"Liechtenstein", "LI"},
	{"Lithuania", "LT"},
	{"Luxembourg", "LU"},
	{"Macau", "MO"},
	{"Macao", "MO"},
	{"Madagascar", "MG"},
	{"Malawi", "MW"},
	{"Malaysia", "MY"},
	{"Maldives", "MV"},
	{"Mali", "ML"},
	{"Malta", "MT"},
	{"Marshall Islands", "MH"},
	{"Mauritania", "MR"},
	{"Mauritius", "MU"},
	{"Mexico", "MX"},
	{"Micronesia, Federated States of", "FM"},
	{"Moldova", "MD"},
	{"Monaco", "MC"},
	{"Mongolia", "MN"},
	{"Montenegro", "ME"},
	{"Morocco", "MA"},
	{"Mozambique", "MZ"},
	{"Myanmar", "MM"},
	{"Namibia", "NA"},
	{"Nepal", "NP"},
	{"Netherlands", "NL"},
	{"Netherlands Antilles", "AN"},
	{"New Zealand", "NZ"},
	{"Nicaragua", "NI"},
	{"Niger", "NE"},
	{"Nigeria", "NG"},
	{"North Korea", "KP"},
	{"North Macedonia", "MK"},
	{"Norway", "NO"},
	{"Oman", "OM"},
	{"Pakistan", "PK"},
	{"Palau", "PW"},
	{"Palestinian", "PS"},
	{"Panama", "PA"},
	{"Papua New Guinea", "PG"},
	{"Paraguay", "PY"},
	{"Peru", "PE"},
	{"Philippines", "PH"},
	{"Poland", "PL"},
	{"Portugal", "PT"},
	{"Qatar", "QA"},
	{"Region: Crimea", "UA"},
	{"Region: Gaza", "PS"},
	{"Region: Kafia Kingi", "SD"},
	{"Region: Northern Mali", "ML"},
	{"Republic of Korea", "KR"},
	{"Republic of Moldova", "MD"},
	{"Romania", "RO"},
	{"Russia", "RU"},
	{"Russian Federation", "RU"},
	{"Rwanda", "RW"},
	{"Saint Kitts and Nevis", "KN"},
	{"Saint Lucia", "LC"},
	{"Saint Vincent and the Grenadines", "VC"},
	{"Samoa", "WS"},
	{"San Marino", "SM"},
	{"Saudi Arabia", "SA"},
	{"Senegal", "SN"},
	{"Serbia", "RS"},
	{"Seychelles", "SC"},
	{"Sierra Leone", "SL"},
	{"Singapore", "SG"},
	{"Slovakia", "SK"},
	{"Slovenia", "SI"},
	{"Somalia", "SO"},
	{"South Africa", "ZA"},
	{"South Korea", "KR"},
	{"South Sudan", "SS"},
	{"Spain", "ES"},
	{"Sri Lanka", "LK"},
	{"State of Palestine", "PS"},
	{"Sudan", "SD"},
	{"Suriname", "SR"},
	{"Sweden", "SE"},
	{"Switzerland", "CH"},
	{"Syria", "SY"},
	{"Syrian Arab Republic", "SY"},
	{"Taiwan", "TW"},
	{"Tajikistan", "TJ"},
	{"Tanzania", "TZ"},
	{"Thailand", "TH"},
	{"The Gambia", "GM"},
	{"Timor-Leste", "TL"},
	{"Togo", "TG"},
	{"Trinidad and Tobago", "TT"},
	{"Tunisia", "TN"},
	{"Turkey", "TR"},
	{"Turkmenistan", "TM"},
	{"T\xc3\xbcrkiye", "TR"},
	{"Uganda", "UG"},
	{"Ukraine", "UA"},
	{"United Arab Emirates", "AE"},
	{"United Kingdom", "GB"},
	{"United Kingdom of Great Britain and Northern Ireland", "GB"},
	{"United Republic of Tanzania", "TZ"},
	{"United States", "US"},
	{"United States of America", "US"},
	{"Uruguay", "UY"},
	{"Uzbekistan", "UZ"},
	{"Vanuatu", "VU"},
	{"Venezuela", "VE"},
	{"Venezuela (Bolivarian Republic of)", "VE"},
	{"Viet Nam", "VN"},
	{"Vietnam", "VN"},
	{"Virgin Islands, British", "VG"},
	{"West Bank", "PS"},
	{"Yemen", "YE"},
	{"Zambia", "ZM"},
	{"Zimbabwe", "ZW"},
};

const char *ec__country_code(const char *name, size_t n)
{
	size_t i;

	while (n && isspace((unsigned char)*name)) {
		name++;
		n--;
	}
	while (n && isspace((unsigned char)name[n - 1]))
		n--;
	for (i = 0; i < EC__ARRAY_LEN(countries); i++) {
		const char *c = countries[i].key;
		size_t k;

		if (strlen(c) != n)
			continue;
		for (k = 0; k < n; k++)
			if (tolower((unsigned char)c[k]) !=
			    tolower((unsigned char)name[k]))
				break;
		if (k == n)
			return countries[i].value;
	}
	return NULL;
}

void ec__prov_set(ec__prov *prov, const char *kind, const char *path,
		  const char *layout, long long rows)
{
	snprintf(prov->kind, sizeof(prov->kind), "%s", kind);
	snprintf(prov->file_name, sizeof(prov->file_name), "%s",
		 ec__basename(path));
	snprintf(prov->layout, sizeof(prov->layout), "%s", layout);
	prov->rows = rows;
}

void ec__record_init(ec__record *rec)
{
	size_t i;

	memset(rec, 0, sizeof(*rec));
	for (i = 0; i < EC__NFIELDS; i++)
		rec->f[i] = "";
}

void ec__derive_id(const ec__csv_row *row, size_t first, size_t count,
		   char id[48])
{
	ec__sha256 sha;
	char hex[65];
	size_t i;

	ec__sha256_init(&sha);
	for (i = first; i < first + count && i < row->nfields; i++) {
		ec__sha256_update(&sha, row->fields[i], row->lens[i]);
		ec__sha256_update(&sha, "\x1f", 1);
	}
	ec__sha256_final_hex(&sha, hex);
	memcpy(id, "ec-", 3);
	memcpy(id + 3, hex, 40);
	id[43] = '\0';
}

int ec__country_list_add(ec__buf *out, const char *code)
{
	size_t i;

	for (i = 0; out->ptr && i + 2 <= out->len; i += 4)
		if (memcmp(out->ptr + i, code, 2) == 0)
			return 0;
	if (out->len && ec__buf_puts(out, "; "))
		return EC_ENOMEM;
	return ec__buf_put(out, code, 2);
}

int ec__ingest_open(ec__csv **csv, const char *path, char sep, const char *what,
		    ec__csv_row *row, ec_error *err)
{
	int rc;

	if ((rc = ec__csv_open(csv, path, sep, err)))
		return rc;
	rc = ec__csv_next(*csv, row, err);
	if (rc == EC_EITEROVER)
		rc = ec__fail_at(err, EC_EPARSE, path, 1, 0, 0,
				 "the file is empty: no %s", what);
	return rc;
}

int ec__ingest_next(ec__csv *csv, ec__csv_row *row, ec_error *err)
{
	int rc = ec__csv_next(csv, row, err);

	return rc == EC_EITEROVER ? 0 : rc ? rc : 1;
}

int ec__ingest_count(const ec__csv *csv, const ec__csv_row *row, size_t want,
		     const char *source, ec_error *err)
{
	/* What most often splits a record wrong, by separator. */
	int tab = ec__csv_sep(csv) == '\t';
	const char *unit = tab ? "field" : "column";

	if (row->nfields == want)
		return 0;
	return ec__fail_at(err, EC_EPARSE, ec__csv_path(csv), row->line,
			   (long)row->nfields, row->offset,
			   "wrong %s count: %zu %ss, %s has %zu (%s)", unit,
			   row->nfields, unit, source, want,
			   tab ? "a truncated line or a tab inside a value?"
			       : "a truncated file or an unquoted comma?");
}
