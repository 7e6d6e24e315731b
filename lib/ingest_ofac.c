/*
 * ingest_ofac.c: OFAC's legacy CSV files (the SDN list and the consolidated
 * non-SDN list), joined by ent_num into one CSL-shaped record per entity.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "ingest.h"

/* The files of one set, in the order they are read. */
enum { F_PRIM, F_ADD, F_ALT, F_COMMENTS, F_NSET };

static const struct {
	const char *prefix; /* base name prefix, case-insensitive */
	const char *layout; /* recorded in the provenance */
	size_t nfields;
} kinds[2][F_NSET] = {
	{{"sdn", "ofac-sdn-12", 12},
	 {"add", "ofac-add-6", 6},
	 {"alt", "ofac-alt-5", 5},
	 {"sdn_comments", "ofac-comments-2", 2}},
	{{"cons_prim", "ofac-cons_prim-12", 12},
	 {"cons_add", "ofac-cons_add-6", 6},
	 {"cons_alt", "ofac-cons_alt-5", 5},
	 {NULL, NULL, 0}},
};

static const char *const sources[2] = {
	"Specially Designated Nationals (SDN) - Treasury Department",
	"Non-SDN Consolidated Sanctions List (CONS) - Treasury Department",
};

/* Column names, for the ids labels. */
static const char *const add_cols[6] = {
	"ent_num", "Add_num",	 "Address", "City/State/Province/Postal Code",
	"Country", "Add_remarks"};
static const char *const alt_cols[5] = {"ent_num", "alt_num", "alt_type",
					"alt_name", "alt_remarks"};

struct ent {
	long num;
	long line;
	char *store; /* the primary row's values, NUL-separated */
	const char *f[12];
	ec__buf addr, alts, ids, more, country;
};

struct key {
	long num;
	size_t i;
};

struct set {
	int which;	    /* 0: SDN, 1: consolidated non-SDN */
	char *path[F_NSET]; /* NULL when the folder has no such file */
	struct ent *v;
	size_t n, cap;
	struct key *by_num; /* v's ent_nums, sorted */
};

static int ieq_prefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if ((*s | 0x20) != (*prefix | 0x20))
			return 0;
	return 1;
}

static int iends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && ieq_prefix(s + n - k, suffix);
}

/*
 * Which file a directory entry is: OFAC's names with any suffix after the
 * prefix ("sdn-2021-07.csv", "SDN.CSV").  Returns 0 with *set and *kind,
 * or -1 when the name is none of them.
 */
static int classify(const char *name, int *set, int *kind)
{
	/* Longer prefixes first: "sdn_comments" before "sdn". */
	static const int order[][2] = {{0, F_COMMENTS}, {1, F_PRIM}, {1, F_ADD},
				       {1, F_ALT},	{0, F_PRIM}, {0, F_ADD},
				       {0, F_ALT}};
	size_t i;

	if (!iends(name, ".csv") && !iends(name, ".csv.gz"))
		return -1;
	for (i = 0; i < EC__ARRAY_LEN(order); i++) {
		const char *p = kinds[order[i][0]][order[i][1]].prefix;
		size_t n = strlen(p);

		if (ieq_prefix(name, p) &&
		    (name[n] == '.' || name[n] == '-' || name[n] == '_')) {
			*set = order[i][0];
			*kind = order[i][1];
			return 0;
		}
	}
	return -1;
}

static char *join_path(const char *dir, const char *name)
{
	ec__buf b = EC__BUF_INIT;
	size_t n = strlen(dir);

	if (ec__buf_puts(&b, dir) ||
	    (n && dir[n - 1] != '/' && ec__buf_putc(&b, '/')) ||
	    ec__buf_puts(&b, name)) {
		ec__buf_dispose(&b);
		return NULL;
	}
	return ec__buf_detach(&b);
}

static int find_files(const char *dir, struct set sets[2], ec_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0, s, k;

	if (!d)
		return ec__fail_at(err, EC_EIO, dir, 0, 0, -1,
				   "cannot open the OFAC folder");
	while ((de = readdir(d)) != NULL) {
		if (classify(de->d_name, &s, &k))
			continue;
		if (sets[s].path[k]) {
			rc = ec__fail_at(err, EC_EINVAL, dir, 0, 0, -1,
					 "two OFAC %s files in the folder: %s "
					 "and %s; keep one",
					 kinds[s][k].prefix,
					 ec__basename(sets[s].path[k]),
					 de->d_name);
			break;
		}
		if (!(sets[s].path[k] = join_path(dir, de->d_name))) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			break;
		}
	}
	closedir(d);
	if (rc)
		return rc;
	for (s = 0; s < 2; s++)
		for (k = F_ADD; k < F_NSET; k++)
			if (sets[s].path[k] && !sets[s].path[F_PRIM])
				return ec__fail_at(
					err, EC_EINVAL, sets[s].path[k], 0, 0,
					-1,
					"an OFAC %s file without its %s*.csv "
					"in the same folder",
					kinds[s][k].prefix,
					kinds[s][F_PRIM].prefix);
	if (!sets[0].path[F_PRIM] && !sets[1].path[F_PRIM])
		return ec__fail_at(err, EC_EINVAL, dir, 0, 0, -1,
				   "no OFAC files here: expected sdn*.csv "
				   "and/or cons_prim*.csv (with add, alt, "
				   "sdn_comments)");
	return 0;
}

/* OFAC writes "-0-" (unquoted, often with a trailing space) for empty. */
static const char *val(const char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		n--;
	return n == 3 && memcmp(s, "-0-", 3) == 0 ? "" : s;
}

static int parse_num(const char *s, long *out)
{
	long v = 0;
	int i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i == 9)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	*out = v;
	return 0;
}

static int add_entity(struct set *set, const ec__csv_row *row, long num)
{
	struct ent *e;
	size_t i, total = 0;
	char *p;

	if (ec__grow((void **)&set->v, &set->cap, set->n + 1, sizeof(*set->v)))
		return EC_ENOMEM;
	e = &set->v[set->n];
	memset(e, 0, sizeof(*e));
	for (i = 0; i < 12; i++)
		total += row->lens[i] + 1;
	if (!(e->store = ec__malloc(total)))
		return EC_ENOMEM;
	for (p = e->store, i = 0; i < 12; i++) {
		memcpy(p, row->fields[i], row->lens[i] + 1);
		e->f[i] = val(p);
		p += row->lens[i] + 1;
	}
	e->num = num;
	e->line = row->line;
	set->n++;
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Sorts the entities by ent_num; a repeated ent_num is an error. */
static int index_set(struct set *set, ec_error *err)
{
	size_t i;

	if (!set->n)
		return 0;
	if (!(set->by_num = ec__malloc(set->n * sizeof(*set->by_num))))
		return ec__fail(err, EC_ENOMEM, "out of memory");
	for (i = 0; i < set->n; i++) {
		set->by_num[i].num = set->v[i].num;
		set->by_num[i].i = i;
	}
	qsort(set->by_num, set->n, sizeof(*set->by_num), cmp_key);
	for (i = 1; i < set->n; i++) {
		const struct ent *a = &set->v[set->by_num[i - 1].i];
		const struct ent *b = &set->v[set->by_num[i].i];

		if (a->num == b->num)
			return ec__fail_at(
				err, EC_EPARSE, set->path[F_PRIM],
				b->line > a->line ? b->line : a->line, 1, -1,
				"ent_num %ld is listed twice (lines "
				"%ld and %ld)",
				b->num, a->line, b->line);
	}
	return 0;
}

static struct ent *find_ent(struct set *set, long num)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct key *k = &set->by_num[mid];

		if (k->num == num)
			return &set->v[k->i];
		if (k->num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int ids_item(ec__buf *ids, const char *file, const char *num,
		    const char *col, const char *value)
{
	char label[96];

	snprintf(label, sizeof(label), "%s %s%s%s", file, num, *col ? " " : "",
		 col);
	return ec__ids_add(ids, label, value, strlen(value));
}

/*
 * Keeps every non-empty value of an add or alt row from column 2 on
 * (cols names them) as an ids item of the row's entity.
 */
static int row_ids(struct ent *e, const ec__csv_row *row, const char *file,
		   const char *const *cols)
{
	size_t i;

	for (i = 2; i < row->nfields; i++)
		if (*val(row->fields[i]) &&
		    ids_item(&e->ids, file, row->fields[1], cols[i],
			     val(row->fields[i])))
			return EC_ENOMEM;
	return 0;
}

static int on_add(struct ent *e, const ec__csv_row *row, const char *file)
{
	const char *addr = val(row->fields[2]), *city = val(row->fields[3]);
	const char *country = val(row->fields[4]);
	const char *rem = val(row->fields[5]), *num = row->fields[1];
	const char *parts[3] = {addr, city, country}, *cc;
	size_t i, before = e->addr.len;
	int any = 0;

	if (e->addr.len && ec__buf_puts(&e->addr, "; "))
		return EC_ENOMEM;
	for (i = 0; i < 3; i++) {
		if (!*parts[i])
			continue;
		if ((any && ec__buf_puts(&e->addr, ", ")) ||
		    ec__buf_puts(&e->addr, parts[i]))
			return EC_ENOMEM;
		any = 1;
	}
	if (!any) {
		/* An address row with nothing in it adds no address. */
		e->addr.len = before;
		if (e->addr.ptr)
			e->addr.ptr[before] = '\0';
	}
	if ((cc = ec__country_code(country, strlen(country))) &&
	    ec__country_list_add(&e->country, cc))
		return EC_ENOMEM;
	if (row_ids(e, row, file, add_cols))
		return EC_ENOMEM;
	if (!any && !*rem && ids_item(&e->ids, file, num, "", ""))
		return EC_ENOMEM;
	return 0;
}

static int on_alt(struct ent *e, const ec__csv_row *row, const char *file)
{
	const char *name = val(row->fields[3]);

	if (*name && ((e->alts.len && ec__buf_puts(&e->alts, "; ")) ||
		      ec__buf_puts(&e->alts, name)))
		return EC_ENOMEM;
	return row_ids(e, row, file, alt_cols);
}

/* Reads one file of a set; the primary file must be read first. */
static int read_file(struct set *set, int kind, ec__prov *prov, ec_error *err)
{
	const char *path = set->path[kind];
	const char *short_name = kind == F_ADD ? "add" : "alt";
	size_t want = kinds[set->which][kind].nfields;
	char source[32];
	ec__csv *csv = NULL;
	ec__csv_row row;
	long long rows = 0;
	long num, num2;
	struct ent *e;
	int rc;

	memset(prov, 0, sizeof(*prov));
	snprintf(source, sizeof(source), "OFAC's %s file",
		 kinds[set->which][kind].prefix);
	if ((rc = ec__csv_open(&csv, path, ',', err)))
		return rc;
	while ((rc = ec__ingest_next(csv, &row, err)) > 0) {
		/*
		 * OFAC ends most of these files with a DOS end-of-file byte
		 * (0x1A) after the last line: accepted only as the very last
		 * thing in the file.
		 */
		if (row.nfields == 1 && strcmp(row.fields[0], "\x1a") == 0) {
			long line = row.line;

			rc = ec__ingest_next(csv, &row, err);
			if (rc == 0)
				break;
			if (rc > 0)
				rc = ec__fail_at(err, EC_EPARSE, path, line, 1,
						 -1,
						 "data after the end-of-file "
						 "mark (byte 0x1A)");
			goto done;
		}
		if ((rc = ec__ingest_count(csv, &row, want, source, err)))
			goto done;
		if (parse_num(row.fields[0], &num)) {
			rc = ec__fail_at(err, EC_EPARSE, path, row.line, 1,
					 row.offset,
					 "ent_num \"%.32s\" is not a number",
					 row.fields[0]);
			goto done;
		}
		if (kind == F_PRIM) {
			if (!*val(row.fields[1])) {
				rc = ec__fail_at(err, EC_EPARSE, path, row.line,
						 2, row.offset,
						 "an entity without a name");
				goto done;
			}
			if ((rc = add_entity(set, &row, num))) {
				rc = ec__fail(err, rc, "out of memory");
				goto done;
			}
			rows++;
			continue;
		}
		if (kind != F_COMMENTS && parse_num(row.fields[1], &num2)) {
			rc = ec__fail_at(err, EC_EPARSE, path, row.line, 2,
					 row.offset,
					 "%s \"%.32s\" is not a number",
					 kind == F_ADD ? "Add_num" : "alt_num",
					 row.fields[1]);
			goto done;
		}
		if (!(e = find_ent(set, num))) {
			rc = ec__fail_at(err, EC_EPARSE, path, row.line, 1,
					 row.offset, "ent_num %ld is not in %s",
					 num, ec__basename(set->path[F_PRIM]));
			goto done;
		}
		if (kind == F_COMMENTS)
			rc = ec__buf_puts(&e->more, val(row.fields[1]));
		else if (kind == F_ADD)
			rc = on_add(e, &row, short_name);
		else
			rc = on_alt(e, &row, short_name);
		if (rc) {
			rc = ec__fail(err, rc, "out of memory");
			goto done;
		}
		rows++;
	}
	if (rc)
		goto done;
	ec__prov_set(prov, "ofac", path, kinds[set->which][kind].layout, rows);
	ec__file_date(path, prov->date, sizeof(prov->date));
	ec__csv_sha256(csv, prov->sha256);
done:
	ec__csv_free(csv);
	return rc;
}

static const char *entity_type(const char *t)
{
	/* As the CSL writes OFAC's types. */
	if (!*t)
		return "Entity";
	if (strcmp(t, "individual") == 0)
		return "Individual";
	if (strcmp(t, "vessel") == 0)
		return "Vessel";
	if (strcmp(t, "aircraft") == 0)
		return "Aircraft";
	return t;
}

/* "A] [B" (the legacy file drops the outer brackets) becomes "A; B". */
static int programs(const char *s, ec__buf *out)
{
	const char *p;

	ec__buf_clear(out);
	while ((p = strstr(s, "] [")) != NULL) {
		if (ec__buf_put(out, s, (size_t)(p - s)) ||
		    ec__buf_puts(out, "; "))
			return EC_ENOMEM;
		s = p + 3;
	}
	return ec__buf_puts(out, s);
}

static const char *bstr(const ec__buf *b)
{
	return b->ptr ? b->ptr : "";
}

static int emit(struct set *set, int prov_index, ec__record_cb cb, void *ud,
		ec_error *err)
{
	ec__buf prog = EC__BUF_INIT, rem = EC__BUF_INIT;
	ec__record rec;
	size_t i;
	int rc = 0;

	for (i = 0; i < set->n && !rc; i++) {
		struct ent *e = &set->v[i];

		ec__record_init(&rec);
		ec__buf_clear(&rem);
		if (programs(e->f[3], &prog) || ec__buf_puts(&rem, e->f[11]) ||
		    ec__buf_puts(&rem, bstr(&e->more))) {
			rc = ec__fail(err, EC_ENOMEM, "out of memory");
			break;
		}
		rec.f[EC__F_ID] = e->f[0];
		rec.f[EC__F_ENTITY_NUMBER] = e->f[0];
		rec.f[EC__F_SOURCE] = sources[set->which];
		rec.f[EC__F_TYPE] = entity_type(e->f[2]);
		rec.f[EC__F_PROGRAMS] = bstr(&prog);
		rec.f[EC__F_NAME] = e->f[1];
		rec.f[EC__F_TITLE] = e->f[4];
		rec.f[EC__F_CALL_SIGN] = e->f[5];
		rec.f[EC__F_VESSEL_TYPE] = e->f[6];
		rec.f[EC__F_GROSS_TONNAGE] = e->f[7];
		rec.f[EC__F_GROSS_REGISTERED_TONNAGE] = e->f[8];
		rec.f[EC__F_VESSEL_FLAG] = e->f[9];
		rec.f[EC__F_VESSEL_OWNER] = e->f[10];
		rec.f[EC__F_REMARKS] = bstr(&rem);
		rec.f[EC__F_ADDRESSES] = bstr(&e->addr);
		rec.f[EC__F_ALT_NAMES] = bstr(&e->alts);
		rec.f[EC__F_IDS] = bstr(&e->ids);
		ec__list_code(sources[set->which], rec.list, sizeof(rec.list));
		rec.file = set->path[F_PRIM];
		rec.line = e->line;
		rec.country = bstr(&e->country);
		rec.source = prov_index;
		rc = cb(ud, &rec, err);
	}
	ec__buf_dispose(&prog);
	ec__buf_dispose(&rem);
	return rc;
}

static void set_dispose(struct set *set)
{
	size_t i;

	for (i = 0; i < F_NSET; i++)
		ec__free(set->path[i]);
	for (i = 0; i < set->n; i++) {
		struct ent *e = &set->v[i];

		ec__free(e->store);
		ec__buf_dispose(&e->addr);
		ec__buf_dispose(&e->alts);
		ec__buf_dispose(&e->ids);
		ec__buf_dispose(&e->more);
		ec__buf_dispose(&e->country);
	}
	ec__free(set->v);
	ec__free(set->by_num);
}

int ec__ingest_ofac(const char *dir, ec__record_cb cb, void *ud,
		    ec__prov prov[EC__OFAC_MAX_FILES], size_t *nprov,
		    ec_error *err)
{
	struct set sets[2];
	int s, k, rc = 0;

	*nprov = 0;
	memset(sets, 0, sizeof(sets));
	sets[1].which = 1;
	if ((rc = find_files(dir, sets, err)))
		goto done;
	for (s = 0; s < 2 && !rc; s++) {
		size_t prim = *nprov;

		if (!sets[s].path[F_PRIM])
			continue;
		for (k = 0; k < F_NSET && !rc; k++) {
			if (!sets[s].path[k])
				continue;
			if ((rc = read_file(&sets[s], k, &prov[*nprov], err)))
				break;
			(*nprov)++;
			if (k == F_PRIM)
				rc = index_set(&sets[s], err);
		}
		if (!rc)
			rc = emit(&sets[s], (int)prim, cb, ud, err);
	}
done:
	set_dispose(&sets[0]);
	set_dispose(&sets[1]);
	return rc;
}
