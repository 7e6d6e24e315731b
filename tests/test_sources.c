/*
 * test_sources.c: OFAC's CSV files, BIS's dpl.txt and the UN XML; one
 * entity from two sources kept once; bad input refused; snapshot diffs.
 */
#include "common.h"
#include "helpers.h"

static const char *need(const char *rel)
{
	return th_list(rel);
}

/* The folder that holds a listed file (static buffer). */
static const char *list_dir(const char *rel)
{
	static char dir[1024];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", need(rel));
	slash = strrchr(dir, '/');
	assert_non_null(slash);
	*slash = '\0';
	return dir;
}

static void build_ok(ec_build_opts *o, const char *out)
{
	ec_error err;

	o->output_path = out;
	if (ec_build(o, &err) != 0)
		fail_msg("build %s: %s:%ld: %s", out, err.file, err.line,
			 err.text);
}

/* Builds o into the temporary file name and opens it (caller frees). */
static ec_snapshot *build_open(ec_build_opts *o, const char *name)
{
	build_ok(o, th_path(name));
	return th_open(th_path(name));
}

static const ec_list_info *list_info(const ec_snapshot_info *in,
				     const char *code)
{
	const ec_list_info *l = th_list_info(in, code);

	if (!l)
		fail_msg("no list %s", code);
	return l;
}

static const ec_source_info *source_info(const ec_snapshot_info *in,
					 const char *file)
{
	size_t i;

	for (i = 0; i < in->nsources; i++)
		if (strcmp(in->sources[i].file_name, file) == 0)
			return &in->sources[i];
	fail_msg("no source %s", file);
	return NULL;
}

static ec_entry *lookup(ec_snapshot *s, const char *list, const char *id)
{
	ec_entry *e = NULL;
	ec_error err;

	if (ec_entry_lookup(&e, s, list, id, &err))
		fail_msg("lookup %s %s: %s", list, id, err.text);
	return e;
}

/* ------------------------------------------------------------------ */
/* Record counts of every list file (data/lists/README.md)                */
/* ------------------------------------------------------------------ */

/* Rows read per file, and the lists they make, of OFAC's files alone. */
static void test_ofac_counts(void **state)
{
	static const struct {
		const char *file;
		long long rows;
		const char *layout;
	} want[] = {
		{"sdn-2021-07.csv.gz", 8976, "ofac-sdn-12"},
		{"add-2021-07.csv.gz", 13837, "ofac-add-6"},
		{"alt-2021-07.csv.gz", 11910, "ofac-alt-5"},
		{"sdn_comments-2021-07.csv.gz", 5, "ofac-comments-2"},
		{"cons_prim-2025-12.csv.gz", 442, "ofac-cons_prim-12"},
		{"cons_add-2025-12.csv.gz", 574, "ofac-cons_add-6"},
		{"cons_alt-2025-12.csv.gz", 1073, "ofac-cons_alt-5"},
	};
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	const ec_snapshot_info *in;
	ec_snapshot *s;
	ec_entry *e;
	size_t i;

	(void)state;
	o.ofac_dir = list_dir("ofac/sdn-2021-07.csv.gz");
	s = build_open(&o, "ofac.ecsnap");
	in = ec_snapshot_info_get(s);
	assert_int_equal(in->nsources, 7);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const ec_source_info *src = &in->sources[i];

		/* One provenance line per file, in reading order. */
		assert_string_equal(src->file_name, want[i].file);
		assert_string_equal(src->kind, "ofac");
		assert_int_equal(src->rows, want[i].rows);
		assert_string_equal(src->layout, want[i].layout);
		assert_int_equal(strlen(src->sha256), 64);
	}
	assert_string_equal(in->sources[0].date, "2021-07");
	assert_string_equal(in->sources[4].date, "2025-12");
	assert_int_equal(in->nlists, 2);
	assert_int_equal(list_info(in, "SDN")->rows, 8976);
	assert_int_equal(list_info(in, "SDN")->names, 8976 + 11910);
	assert_int_equal(list_info(in, "CONS")->rows, 442);
	assert_int_equal(list_info(in, "CONS")->names, 442 + 1073);
	assert_int_equal(in->entries, 8976 + 442);

	/* Columns filled as the CSL fills them; the rest kept in ids. */
	e = lookup(s, "SDN", "306");
	assert_string_equal(e->name, "BANCO NACIONAL DE CUBA");
	assert_string_equal(e->type, "Entity");
	assert_string_equal(e->programs, "CUBA");
	assert_string_equal(e->entity_number, "306");
	assert_string_equal(e->remarks, "a.k.a. 'BNC'.");
	assert_string_equal(e->country, "CH; ES; JP; PA");
	assert_int_equal(e->naddresses, 4);
	assert_string_equal(e->addresses[0],
			    "Zweierstrasse 35, Zurich CH-8022, Switzerland");
	assert_int_equal(e->naliases, 1);
	assert_string_equal(e->aliases[0], "NATIONAL BANK OF CUBA");
	assert_non_null(strstr(e->ids, "add 199 City/State/Province/Postal "
				       "Code: Zurich CH-8022"));
	assert_non_null(strstr(e->ids, "alt 220 alt_type: aka"));
	ec_entry_free(e);
	/* "-0-" is empty; a multi-program entry reads "A; B". */
	e = lookup(s, "CONS", "9647");
	assert_string_equal(e->programs, "SDGT; NS-PLC");
	assert_string_equal(e->title, "");
	assert_string_equal(e->type, "Individual");
	assert_string_equal(e->country, "PS");
	ec_entry_free(e);
	/* sdn_comments continues the 1000-character remarks. */
	e = lookup(s, "SDN", "28263");
	assert_true(strlen(e->remarks) > 1000);
	assert_non_null(strstr(e->remarks, "'snowsjohn'; Linked To: LAZARUS "
					   "GROUP."));
	ec_entry_free(e);
	e = lookup(s, "SDN", "4243");
	assert_string_equal(e->type, "Vessel");
	ec_entry_free(e);
	ec_snapshot_free(s);
}

/* Every list file in one build: the CSL, OFAC's files, DPL and UN. */
static const char *all_snapshot(void)
{
	static char path[512];
	ec_build_opts o = EC_BUILD_OPTS_INIT;

	if (path[0])
		return path;
	snprintf(path, sizeof(path), "%s", th_path("all.ecsnap"));
	o.csl_path = need("csl/consolidated-2022-05.csv.gz");
	o.ofac_dir = list_dir("ofac/sdn-2021-07.csv.gz");
	o.dpl_path = need("bis/dpl-2022-09.txt.gz");
#ifdef EC_HAVE_LIBXML2
	o.un_path = need("un/consolidated-2026-02.xml.gz");
#endif
	o.rules_dir = th_source("data/rules");
	o.description = "every list (test)";
	build_ok(&o, path);
	return path;
}

static void test_all_counts(void **state)
{
	ec_snapshot *s = th_open(all_snapshot());
	const ec_snapshot_info *in = ec_snapshot_info_get(s);
	long long un = 0;

	(void)state;
	assert_int_equal(source_info(in, "consolidated-2022-05.csv.gz")->rows,
			 14160);
	assert_int_equal(source_info(in, "sdn-2021-07.csv.gz")->rows, 8976);
	assert_int_equal(source_info(in, "add-2021-07.csv.gz")->rows, 13837);
	assert_int_equal(source_info(in, "alt-2021-07.csv.gz")->rows, 11910);
	assert_int_equal(source_info(in, "sdn_comments-2021-07.csv.gz")->rows,
			 5);
	assert_int_equal(source_info(in, "cons_prim-2025-12.csv.gz")->rows,
			 442);
	assert_int_equal(source_info(in, "cons_add-2025-12.csv.gz")->rows, 574);
	assert_int_equal(source_info(in, "cons_alt-2025-12.csv.gz")->rows,
			 1073);
	assert_int_equal(source_info(in, "dpl-2022-09.txt.gz")->rows, 581);
	assert_string_equal(source_info(in, "dpl-2022-09.txt.gz")->kind, "dpl");
	assert_string_equal(source_info(in, "dpl-2022-09.txt.gz")->date,
			    "2022-09");
	/* The CSL's own source line keeps the old six fields. */
	assert_string_equal(
		source_info(in, "consolidated-2022-05.csv.gz")->date, "");
#ifdef EC_HAVE_LIBXML2
	assert_int_equal(source_info(in, "consolidated-2026-02.xml.gz")->rows,
			 1003);
	assert_string_equal(
		source_info(in, "consolidated-2026-02.xml.gz")->date,
		"2026-02-27T00:00:09.554Z");
	assert_int_equal(list_info(in, "UN")->rows, 1003);
	un = 1003;
#endif
	/*
	 * 8,556 of OFAC's 8,976 SDN entities and 440 of its 442 non-SDN
	 * ones are in the 2022 CSL too, and are kept once; the DPL file has
	 * no id in common with the CSL's DPL rows, so both are kept.
	 */
	assert_int_equal(list_info(in, "SDN")->rows, 10026 + 420);
	assert_int_equal(list_info(in, "CONS")->rows, 2);
	assert_int_equal(list_info(in, "DPL")->rows, 462 + 581);
	assert_int_equal(in->entries, 14160 + 420 + 2 + 581 + un);
	ec_snapshot_free(s);
}

/* ------------------------------------------------------------------ */
/* The CSL and OFAC's files: one entity, two sources                   */
/* ------------------------------------------------------------------ */

static void test_merge(void **state)
{
	ec_snapshot *s = th_open(all_snapshot());
	ec_entry_iter *it = NULL;
	const ec_entry *e;
	ec_search_opts so = EC_SEARCH_OPTS_INIT;
	ec_matches *m = NULL;
	ec_entry *x;
	ec_error err;
	long long sdn = 0, cons = 0;
	int rc;

	(void)state;
	assert_int_equal(ec_entry_iter_new(&it, s, &err), 0);
	while ((rc = ec_entry_iter_next(it, &e, &err)) == 0) {
		const char *src =
			strstr(e->ids, "Sources: csl "
				       "consolidated-2022-05.csv.gz:");

		if (!src)
			continue;
		if (strcmp(e->list, "SDN") == 0)
			sdn += strstr(src, ", ofac sdn-2021-07.csv.gz:") !=
			       NULL;
		else
			cons += strstr(src,
				       ", ofac cons_prim-2025-12.csv.gz:") !=
				NULL;
	}
	assert_int_equal(rc, EC_EITEROVER);
	ec_entry_iter_free(it);
	assert_int_equal(sdn, 8556);
	/* A non-SDN entity on two CSL lists (CAP and SSI) is on both. */
	assert_int_equal(cons, 485);

	/* One hit, carrying both provenances. */
	so.limit = 0;
	assert_int_equal(ec_search(&m, s, "BANCO NACIONAL DE CUBA", &so, &err),
			 0);
	assert_int_equal(ec_matches_count(m), 1);
	assert_string_equal(ec_matches_get(m, 0)->list, "SDN");
	assert_string_equal(ec_matches_get(m, 0)->entry_id, "306");
	x = lookup(s, "SDN", "306");
	assert_non_null(strstr(x->ids,
			       "Sources: csl consolidated-2022-05."
			       "csv.gz:1948, ofac sdn-2021-07.csv.gz:3"));
	/* The CSL row is kept as published. */
	assert_string_equal(x->alt_names, "BNC; NATIONAL BANK OF CUBA");
	ec_entry_free(x);
	ec_matches_free(m);
	/* A name only OFAC's older file gives still finds the one entry. */
	assert_int_equal(ec_search(&m, s, "SAND SWAN", &so, &err), 0);
	assert_int_equal(ec_matches_count(m), 1);
	assert_string_equal(ec_matches_get(m, 0)->entry_id, "4243");
	assert_string_equal(ec_matches_get(m, 0)->matched_name, "SAND SWAN");
	ec_matches_free(m);
	ec_snapshot_free(s);
}

static void test_dpl(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_search_opts so = EC_SEARCH_OPTS_INIT;
	const ec_snapshot_info *in;
	ec_matches *m = NULL;
	ec_snapshot *s;
	ec_entry *e;
	ec_error err;

	(void)state;
	o.dpl_path = need("bis/dpl-2022-09.txt.gz");
	s = build_open(&o, "dpl.ecsnap");
	in = ec_snapshot_info_get(s);
	assert_int_equal(in->nsources, 1);
	assert_string_equal(in->sources[0].layout, "bis-dpl-12");
	assert_int_equal(list_info(in, "DPL")->rows, 581);
	assert_string_equal(list_info(in, "DPL")->newest_start, "2022-09-02");
	assert_int_equal(ec_search(&m, s, "ZIMO SHENG", &so, &err), 0);
	assert_true(ec_matches_count(m) >= 1);
	e = lookup(s, "DPL", ec_matches_get(m, 0)->entry_id);
	assert_string_equal(e->name, "ZIMO SHENG");
	assert_string_equal(e->start_date, "2020-03-16");
	assert_string_equal(e->end_date, "2028-12-13");
	assert_string_equal(e->addresses_raw,
			    "JINXIUYUAN 17-403, CHANGSHU, JIANGSU, 215500, CN");
	assert_string_equal(e->country, "CN");
	assert_string_equal(e->federal_register_notice,
			    "85 F.R. 16054 3/20/2020");
	assert_string_equal(e->remarks, "FR NOTICE ADDED");
	assert_non_null(strstr(e->ids, "Street_Address: JINXIUYUAN 17-403, "
				       "CHANGSHU; City: JIANGSU"));
	assert_non_null(strstr(e->ids, "Last_Update: 2020-03-20"));
	assert_int_equal(strncmp(e->entry_id, "ec-", 3), 0);
	ec_entry_free(e);
	ec_matches_free(m);
	ec_snapshot_free(s);
}

static void test_un(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	const ec_snapshot_info *in;
	ec_snapshot *s;
	ec_entry *e;
	ec_error err;
	int rc;

	(void)state;
	o.un_path = need("un/consolidated-2026-02.xml.gz");
	o.output_path = th_path("un.ecsnap");
	rc = ec_build(&o, &err);
#ifndef EC_HAVE_LIBXML2
	assert_int_equal(rc, EC_EUNSUPPORTED);
	assert_non_null(strstr(err.text, "libxml2"));
	assert_false(th_exists(th_path("un.ecsnap")));
	return;
#endif
	if (rc)
		fail_msg("build: %s:%ld: %s", err.file, err.line, err.text);
	s = th_open(th_path("un.ecsnap"));
	in = ec_snapshot_info_get(s);
	assert_string_equal(in->sources[0].kind, "un");
	assert_string_equal(in->sources[0].layout, "un-sc-xml");
	assert_int_equal(in->sources[0].rows, 1003);
	assert_int_equal(list_info(in, "UN")->rows, 1003);
	e = lookup(s, "UN", "CDi.003");
	assert_string_equal(e->name, "GASTON IYAMUREMYE");
	assert_string_equal(e->type, "Individual");
	assert_string_equal(e->programs, "DRC");
	assert_string_equal(e->entity_number, "6907995");
	assert_string_equal(e->start_date, "2010-12-01");
	assert_string_equal(e->nationalities, "Rwanda");
	assert_string_equal(e->dates_of_birth, "1948");
	assert_string_equal(e->country, "CD");
	assert_int_equal(e->naliases, 4);
	assert_non_null(strstr(e->ids, "INDIVIDUAL_ALIAS#1/QUALITY: Low"));
	assert_non_null(strstr(e->ids, "DESIGNATION#1/VALUE: FDLR-FOCA 1st "
				       "Vice-President"));
	ec_entry_free(e);
	/* A date with a time zone: the date in the column, all in ids. */
	e = lookup(s, "UN", "QDi.352");
	assert_string_equal(e->start_date, "2015-04-07");
	assert_non_null(strstr(e->ids, "LISTED_ON: 2015-04-07-04:00"));
	ec_entry_free(e);
	e = lookup(s, "UN", "CDe.001");
	assert_string_equal(e->type, "Entity");
	assert_string_equal(e->name, "ADF");
	assert_non_null(strstr(e->alt_names, "Allied Democratic Forces"));
	ec_entry_free(e);
	ec_snapshot_free(s);
}

/* ------------------------------------------------------------------ */
/* Bad input: EC_EPARSE with file and line, and nothing written        */
/* ------------------------------------------------------------------ */

static void expect_bad(ec_build_opts *o, const char *file, long line,
		       const char *fragment)
{
	char out[512];
	ec_error err;
	int rc;

	snprintf(out, sizeof(out), "%s", th_path("bad.ecsnap"));
	unlink(out);
	o->output_path = out;
	rc = ec_build(o, &err);
	if (rc != EC_EPARSE)
		fail_msg("%s: rc %d (%s), want EC_EPARSE", file, rc, err.text);
	assert_int_equal(err.code, EC_EPARSE);
	assert_string_equal(err.file, file);
	assert_int_equal(err.line, line);
	if (!strstr(err.text, fragment))
		fail_msg("%s: message \"%s\" lacks \"%s\"", file, err.text,
			 fragment);
	assert_false(th_exists(out));
}

static const char sdn_rows[] =
	"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,"
	"-0- ,-0- ,-0- \r\n"
	"173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,"
	"-0- ,-0- ,-0- ,-0- \r\n"
	"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,"
	"-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n";

/* A fresh folder for one OFAC case, holding sdn.csv with content. */
static const char *ofac_case(const char *name, const char *sdn, size_t n)
{
	static char dir[512];
	char file[600];

	snprintf(dir, sizeof(dir), "%s", th_path(name));
	if (mkdir(dir, 0700) != 0)
		fail_msg("mkdir %s", dir);
	snprintf(file, sizeof(file), "%s/sdn-2021-07.csv", dir);
	th_write(file, sdn, n);
	return dir;
}

static void test_bad_ofac(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char buf[2048], file[600];
	ec_error err;
	size_t n;

	(void)state;
	/* The real files' ending (CRLF, then 0x1A) is accepted. */
	n = (size_t)snprintf(buf, sizeof(buf), "%s\x1a", sdn_rows);
	o.ofac_dir = ofac_case("ofac-ok", buf, n);
	build_ok(&o, th_path("ofac-ok.ecsnap"));

	/* Cut inside the quoted remark of the third line. */
	n = strlen(sdn_rows) - 10;
	o.ofac_dir = ofac_case("ofac-cut", sdn_rows, n);
	snprintf(file, sizeof(file), "%s/sdn-2021-07.csv", o.ofac_dir);
	expect_bad(&o, file, 3, "unbalanced quote");

	/* Cut at a comma of the second line: a short row. */
	n = (size_t)(strstr(strstr(sdn_rows, "173,"), "\"CUBA\"") + 6 -
		     sdn_rows);
	memcpy(buf, sdn_rows, n);
	memcpy(buf + n, "\r\n", 2);
	o.ofac_dir = ofac_case("ofac-short", buf, n + 2);
	snprintf(file, sizeof(file), "%s/sdn-2021-07.csv", o.ofac_dir);
	expect_bad(&o, file, 2, "column count");

	/* Rows after the end-of-file byte. */
	n = (size_t)snprintf(buf, sizeof(buf), "%s\x1a\r\n%s", sdn_rows,
			     "99,\"X\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,"
			     "-0- ,-0- ,-0- \r\n");
	o.ofac_dir = ofac_case("ofac-1a", buf, n);
	snprintf(file, sizeof(file), "%s/sdn-2021-07.csv", o.ofac_dir);
	expect_bad(&o, file, 4, "0x1A");

	/* An alias of an entity the primary file does not have. */
	o.ofac_dir = ofac_case("ofac-orphan", sdn_rows, strlen(sdn_rows));
	snprintf(file, sizeof(file), "%s/alt-2021-07.csv", o.ofac_dir);
	{
		static const char alt[] =
			"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"
			"37,13,\"aka\",\"NOBODY\",-0- \r\n";

		th_write(file, alt, strlen(alt));
	}
	expect_bad(&o, file, 2, "not in sdn-2021-07.csv");

	/* A folder without OFAC's files is a usage error. */
	o.ofac_dir = th_tmp();
	o.output_path = th_path("none.ecsnap");
	assert_int_equal(ec_build(&o, &err), EC_EINVAL);
	assert_non_null(strstr(err.text, "sdn*.csv"));
	assert_false(th_exists(th_path("none.ecsnap")));
}

static const char dpl_header[] =
	"\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t"
	"\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t"
	"\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";
static const char dpl_row[] =
	"\"ZIMO SHENG\"\t\"JINXIUYUAN 17-403, CHANGSHU\"\t\"JIANGSU\"\t\"\"\t"
	"\"CN\"\t\"215500\"\t\"03/16/2020\"\t\"12/13/2028\"\t\"Y\"\t"
	"\"2020-03-20\"\t\"FR NOTICE ADDED\"\t\"85 F.R. 16054 3/20/2020\"\n";

static void test_bad_dpl(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char buf[2048], path[512];
	int n;

	(void)state;
	snprintf(path, sizeof(path), "%s", th_path("dpl-bad.txt"));
	o.dpl_path = path;
	/* The third line lacks its last field. */
	n = snprintf(buf, sizeof(buf), "%s%s%.*s\n", dpl_header, dpl_row,
		     (int)(strrchr(dpl_row, '\t') - dpl_row), dpl_row);
	th_write(path, buf, (size_t)n);
	expect_bad(&o, path, 3, "wrong field count");
	n = snprintf(buf, sizeof(buf), "%s%s", dpl_header, dpl_row);
	memcpy(strstr(buf, "03/16/2020"), "2020-03-16", 10);
	th_write(path, buf, (size_t)n);
	expect_bad(&o, path, 2, "MM/DD/YYYY");
	th_write(path, dpl_row, strlen(dpl_row));
	expect_bad(&o, path, 1, "header");
}

static void test_bad_xml(void **state)
{
	static const char unclosed[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<CONSOLIDATED_LIST dateGenerated=\"2026-02-27\">\n"
		"  <INDIVIDUALS>\n"
		"    <INDIVIDUAL>\n"
		"      <DATAID>1</DATAID>\n"
		"  </INDIVIDUALS>\n"
		"</CONSOLIDATED_LIST>\n";
	static const char entities[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CONSOLIDATED_LIST [\n"
		"  <!ENTITY a "
		"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		"  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		"]>\n"
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>"
		"<FIRST_NAME>&b;</FIRST_NAME>"
		"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
	static const char no_ref[] =
		"<?xml version=\"1.0\"?>\n"
		"<CONSOLIDATED_LIST>\n<ENTITIES>\n<ENTITY>\n"
		"<FIRST_NAME>X</FIRST_NAME>\n</ENTITY>\n</ENTITIES>\n"
		"</CONSOLIDATED_LIST>\n";
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char path[512];
	ec_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s", th_path("un-bad.xml"));
	o.un_path = path;
	th_write(path, unclosed, strlen(unclosed));
#ifndef EC_HAVE_LIBXML2
	o.output_path = th_path("bad.ecsnap");
	assert_int_equal(ec_build(&o, &err), EC_EUNSUPPORTED);
	return;
#endif
	expect_bad(&o, path, 6, "malformed XML");
	th_write(path, entities, strlen(entities));
	expect_bad(&o, path, 2, "DOCTYPE");
	th_write(path, no_ref, strlen(no_ref));
	expect_bad(&o, path, 4, "REFERENCE_NUMBER");
	th_write(path, "<list/>\n", 8);
	expect_bad(&o, path, 1, "CONSOLIDATED_LIST");
	(void)err;
}

/* ------------------------------------------------------------------ */
/* Diffs                                                               */
/* ------------------------------------------------------------------ */

static void count_kinds(const ec_diff *d, size_t n[3])
{
	size_t i;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; i < ec_diff_count(d); i++)
		n[ec_diff_get(d, i)->kind]++;
}

static void test_diff_layouts(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	ec_snapshot *a, *b;
	ec_diff *d = NULL;
	ec_error err;
	size_t n[3];

	(void)state;
	o.csl_path = need("csl/sample-2019-old-layout.csv.gz");
	a = build_open(&o, "old2019.ecsnap");
	b = th_open(th_csl2022_snapshot());
	assert_int_equal(ec_snapshot_diff(&d, a, b, &err), 0);
	count_kinds(d, n);
	/* The old layout has no _id: its rows are removed, 2022's added. */
	assert_int_equal(n[EC_DIFF_ADDED], 14160);
	assert_int_equal(n[EC_DIFF_REMOVED], 115);
	assert_int_equal(n[EC_DIFF_CHANGED], 0);
	assert_null(ec_diff_get(d, ec_diff_count(d)));
	ec_diff_free(d);
	/* A snapshot against itself: nothing. */
	assert_int_equal(ec_snapshot_diff(&d, b, b, &err), 0);
	assert_int_equal(ec_diff_count(d), 0);
	ec_diff_free(d);
	assert_int_equal(ec_snapshot_diff(&d, NULL, b, &err), EC_EINVAL);
	ec_diff_free(NULL);
	ec_snapshot_free(a);
	ec_snapshot_free(b);
}

static const char csl_header[] = TH_CSL_HEADER;

/* A 29-column row: id, name, addresses and remarks vary. */
static int csl_row(char *buf, size_t size, const char *id, const char *name,
		   const char *addr, const char *remarks)
{
	return snprintf(buf, size,
			"%s,Entity List (EL) - Bureau of Industry and Security,"
			",,,\"%s\",,\"%s\",,2020-01-02,,,For all items subject "
			"to the EAR.,Presumption of denial.,,,,,,,\"%s\",,,,,,"
			",,\n",
			id, name, addr, remarks);
}

static void test_diff_changed(void **state)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char buf[4096];
	ec_snapshot *a, *b;
	ec_diff *d = NULL;
	const ec_diff_item *it;
	ec_error err;
	size_t n[3];
	int len;

	(void)state;
	len = snprintf(buf, sizeof(buf), "%s", csl_header);
	len += csl_row(buf + len, sizeof(buf) - (size_t)len, "t-1",
		       "Example Trading Co., Ltd.", "1 Main St, Shenzhen, CN",
		       "");
	len += csl_row(buf + len, sizeof(buf) - (size_t)len, "t-2", "Gone Ltd.",
		       "Moscow, RU", "");
	th_write(th_path("v1.csv"), buf, (size_t)len);
	len = snprintf(buf, sizeof(buf), "%s", csl_header);
	len += csl_row(buf + len, sizeof(buf) - (size_t)len, "t-1",
		       "Example Trading Co., Ltd.", "1 Main St, Shenzhen, CN",
		       "Address corrected.");
	len += csl_row(buf + len, sizeof(buf) - (size_t)len, "t-3", "New Ltd.",
		       "Minsk, BY", "");
	th_write(th_path("v2.csv"), buf, (size_t)len);
	o.csl_path = th_path("v1.csv");
	build_ok(&o, th_path("v1.ecsnap"));
	o.csl_path = th_path("v2.csv");
	build_ok(&o, th_path("v2.ecsnap"));
	a = th_open(th_path("v1.ecsnap"));
	b = th_open(th_path("v2.ecsnap"));
	assert_int_equal(ec_snapshot_diff(&d, a, b, &err), 0);
	count_kinds(d, n);
	assert_int_equal(ec_diff_count(d), 3);
	assert_int_equal(n[EC_DIFF_ADDED], 1);
	assert_int_equal(n[EC_DIFF_REMOVED], 1);
	assert_int_equal(n[EC_DIFF_CHANGED], 1);
	/* (list, id) order: t-1 changed, t-2 removed, t-3 added. */
	it = ec_diff_get(d, 0);
	assert_int_equal(it->kind, EC_DIFF_CHANGED);
	assert_string_equal(it->list, "EL");
	assert_string_equal(it->entry_id, "t-1");
	assert_string_equal(it->name, "Example Trading Co., Ltd.");
	assert_int_equal(it->nfields, 1);
	assert_string_equal(it->fields[0], "remarks");
	it = ec_diff_get(d, 1);
	assert_int_equal(it->kind, EC_DIFF_REMOVED);
	assert_string_equal(it->entry_id, "t-2");
	assert_string_equal(it->name, "Gone Ltd.");
	assert_int_equal(it->nfields, 0);
	it = ec_diff_get(d, 2);
	assert_int_equal(it->kind, EC_DIFF_ADDED);
	assert_string_equal(it->entry_id, "t-3");
	ec_diff_free(d);
	ec_snapshot_free(a);
	ec_snapshot_free(b);
}

/* ------------------------------------------------------------------ */
/* Out of memory: each failed allocation unwinds, nothing is written   */
/* ------------------------------------------------------------------ */

static const char small_un[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n"
	"<INDIVIDUALS><INDIVIDUAL><DATAID>6907995</DATAID>"
	"<FIRST_NAME>GASTON</FIRST_NAME><SECOND_NAME>IYAMUREMYE</SECOND_NAME>"
	"<UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.003"
	"</REFERENCE_NUMBER><LISTED_ON>2010-12-01-04:00</LISTED_ON>"
	"<COMMENTS1>x</COMMENTS1><NATIONALITY><VALUE>Rwanda</VALUE>"
	"</NATIONALITY><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>"
	"<ALIAS_NAME>Rumuli</ALIAS_NAME></INDIVIDUAL_ALIAS>"
	"<INDIVIDUAL_ADDRESS><CITY>Goma</CITY><COUNTRY>Democratic Republic "
	"of the Congo</COUNTRY></INDIVIDUAL_ADDRESS>"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
	"<FROM_YEAR>1947</FROM_YEAR><TO_YEAR>1949</TO_YEAR>"
	"</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH><CITY>Ruhengeri"
	"</CITY><COUNTRY>Rwanda</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>"
	"</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n";

static void test_oom(void **state)
{
	static const char add[] =
		"306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\","
		"\"Switzerland\",-0- \r\n\x1a";
	static const char alt[] = "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n";
	static const char com[] = "306,\" continued.\"\r\n";
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	char csv[4096], dir[512], f[600], out[512], dpl[512], un[512];
	ec_snapshot *a, *b;
	ec_diff *d;
	ec_error err;
	long n, points = 0;
	int rc, len;

	(void)state;
	snprintf(dir, sizeof(dir), "%s",
		 ofac_case("oom-ofac", sdn_rows, strlen(sdn_rows)));
	snprintf(f, sizeof(f), "%s/add.csv", dir);
	th_write(f, add, strlen(add));
	snprintf(f, sizeof(f), "%s/alt.csv", dir);
	th_write(f, alt, strlen(alt));
	snprintf(f, sizeof(f), "%s/sdn_comments.csv", dir);
	th_write(f, com, strlen(com));
	len = snprintf(csv, sizeof(csv), "%s", csl_header);
	len += csl_row(csv + len, sizeof(csv) - (size_t)len, "t-1",
		       "Example Trading Co., Ltd.", "Shenzhen, CN", "");
	len += snprintf(csv + len, sizeof(csv) - (size_t)len,
			"36,Specially Designated Nationals (SDN) - Treasury "
			"Department,36,Entity,CUBA,AEROCARIBBEAN AIRLINES,,"
			"\"Havana, CU\",,,,,,,,,,,,,,,AERO-CARIBBEAN,,,,,,\n");
	th_write(th_path("oom.csv"), csv, (size_t)len);
	snprintf(dpl, sizeof(dpl), "%s", th_path("oom-dpl.txt"));
	len = snprintf(csv, sizeof(csv), "%s%s", dpl_header, dpl_row);
	th_write(dpl, csv, (size_t)len);
	snprintf(un, sizeof(un), "%s", th_path("oom-un.xml"));
	th_write(un, small_un, strlen(small_un));
	snprintf(out, sizeof(out), "%s", th_path("oom.ecsnap"));
	o.csl_path = th_path("oom.csv");
	o.ofac_dir = dir;
	o.dpl_path = dpl;
#ifdef EC_HAVE_LIBXML2
	o.un_path = un;
#endif
	o.output_path = out;
	for (n = 1;; n++) {
		unlink(out);
		ec__alloc_fail_at(n);
		rc = ec_build(&o, &err);
		if (ec__alloc_count() < n) {
			ec__alloc_fail_at(0);
			if (rc)
				fail_msg("build fails without injection: %s",
					 err.text);
			break;
		}
		ec__alloc_fail_at(0);
		points++;
		if (rc == 0)
			continue;
		if (rc != EC_ENOMEM)
			fail_msg("allocation %ld failed: %d (%s)", n, rc,
				 err.text);
		assert_false(th_exists(out));
	}
	assert_true(points > 100);
	a = th_open(out);
	{
		ec_entry *e = lookup(a, "SDN", "306");

		assert_string_equal(e->remarks, "a.k.a. 'BNC'. continued.");
		assert_string_equal(e->country, "CH");
		ec_entry_free(e);
#ifdef EC_HAVE_LIBXML2
		e = lookup(a, "UN", "CDi.003");
		assert_string_equal(e->dates_of_birth, "1947 to 1949");
		assert_string_equal(e->start_date, "2010-12-01");
		assert_string_equal(e->country, "CD");
		ec_entry_free(e);
#endif
	}
	b = th_open(th_csl2022_snapshot());
	for (n = 1;; n++) {
		d = NULL;
		ec__alloc_fail_at(n);
		rc = ec_snapshot_diff(&d, a, b, &err);
		if (ec__alloc_count() < n) {
			ec__alloc_fail_at(0);
			assert_int_equal(rc, 0);
			assert_true(ec_diff_count(d) > 14000);
			ec_diff_free(d);
			break;
		}
		ec__alloc_fail_at(0);
		if (rc == 0) {
			ec_diff_free(d);
			continue;
		}
		assert_int_equal(rc, EC_ENOMEM);
		assert_null(d);
		/* Every point of a 14,000-item diff would take minutes:
		 * the first hundred, then every 97th. */
		if (n > 100)
			n += 96;
	}
	ec_snapshot_free(a);
	ec_snapshot_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ofac_counts),
		cmocka_unit_test(test_all_counts),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_dpl),
		cmocka_unit_test(test_un),
		cmocka_unit_test(test_bad_ofac),
		cmocka_unit_test(test_bad_dpl),
		cmocka_unit_test(test_bad_xml),
		cmocka_unit_test(test_diff_layouts),
		cmocka_unit_test(test_diff_changed),
		cmocka_unit_test(test_oom),
	};

	return th_run_group(tests, NULL, NULL);
}
