/*
 * cmd_info.c: `entitycheck info`: what a snapshot holds and where it came
 * from.
 */
#define _DEFAULT_SOURCE /* timegm */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "opts.h"
#include "tool.h"

struct info_opts {
	int json;
};

static const struct opt info_table[] = {
	OPTS_FLAG("--json", offsetof(struct info_opts, json),
		  "the same as one JSON object"),
};

static const struct opts_cmd info_cmd = {
	.name = "info",
	.snapshot = 1,
	OPTS_TABLE(info_table),
	.about = "Shows the snapshot's format, creation time, description, the "
		 "input\n"
		 "files it was built from (name, sha256, rows, the date each "
		 "is current\n"
		 "as of and how that date is known) and, per list, its "
		 "entries, names,\n"
		 "\"as of\" date and age in days.\n",
};

void tool_fmt_time(long long t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm))
		strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(buf, n, "%lld", t);
}

static int is_sample(const ec_snapshot_info *in)
{
	return strstr(in->description, "SAMPLE") != NULL;
}

/* Whole days from date (YYYY-MM-DD or YYYY-MM) to now, or -1. */
static long days_ago(const char *date)
{
	struct tm tm;
	int y, m, d = 1;

	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) < 2)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (long)(time(NULL) / 86400 - timegm(&tm) / 86400);
}

/* The oldest as-of date of the lists, or "" when one has none. */
static const char *oldest_as_of(const ec_snapshot_info *in)
{
	const char *o = NULL;
	size_t k;

	for (k = 0; k < in->nlists; k++) {
		if (!*in->lists[k].as_of)
			return "";
		if (!o || strcmp(in->lists[k].as_of, o) < 0)
			o = in->lists[k].as_of;
	}
	return o ? o : "";
}

static void source_fields(json *j, const void *item)
{
	const ec_source_info *x = item;

	json_str(j, "kind", x->kind);
	json_str(j, "file", x->file_name);
	json_str(j, "sha256", x->sha256);
	json_str(j, "layout", x->layout);
	json_int(j, "rows", x->rows);
	if (x->date && x->date[0])
		json_str(j, "date", x->date);
	if (strcmp(x->kind, "rules") != 0) {
		json_str(j, "as_of", x->as_of);
		json_str(j, "as_of_basis", x->as_of_basis);
	}
}

static void list_fields(json *j, const void *item)
{
	const ec_list_info *l = item;

	json_str(j, "code", l->code);
	json_str(j, "source", l->source);
	json_int(j, "entries", l->rows);
	json_int(j, "names", l->names);
	json_str(j, "newest_start_date", l->newest_start);
	json_str(j, "as_of", l->as_of);
	json_str(j, "as_of_basis", l->as_of_basis);
	json_int(j, "age_days", days_ago(l->as_of));
	json_int(j, "removed", l->removed);
}

/*
 * The members of `info --json` (the caller opens and closes the object, so
 * that `serve` can add its own to GET /info).
 */
void tool_info_fields(json *j, const ec_snapshot_info *in, const char *path)
{
	char when[64];

	tool_fmt_time(in->created, when, sizeof(when));
	json_str(j, "path", path);
	json_int(j, "format_version", in->format_version);
	json_str(j, "created", when);
	json_str(j, "description", in->description);
	json_bool(j, "sample", is_sample(in));
	json_int(j, "entries", in->entries);
	json_int(j, "names", in->names);
	json_int(j, "rules", in->rules);
	json_str(j, "as_of", oldest_as_of(in));
	json_int(j, "age_days", days_ago(oldest_as_of(in)));
	json_str(j, "history_since", in->history_since);
	json_objects(j, "sources", in->sources, in->nsources,
		     sizeof(*in->sources), source_fields);
	json_objects(j, "lists", in->lists, in->nlists, sizeof(*in->lists),
		     list_fields);
}

static void info_json(const ec_snapshot_info *in, const char *path)
{
	json j;

	json_init(&j, stdout, 1);
	json_obj_open(&j, NULL);
	tool_info_fields(&j, in, path);
	json_obj_close(&j);
	json_end(&j);
}

static void info_text_sources(const ec_snapshot_info *in)
{
	size_t k;

	printf("sources:\n");
	for (k = 0; k < in->nsources; k++) {
		const ec_source_info *x = &in->sources[k];

		printf("  %-6s %s  %lld rows  %s%s%s\n", x->kind, x->file_name,
		       x->rows, x->layout,
		       x->date && *x->date ? "  dated " : "",
		       x->date && *x->date ? x->date : "");
		if (strcmp(x->kind, "rules") != 0)
			printf("         as of %s (%s)\n",
			       *x->as_of ? x->as_of : "unknown",
			       *x->as_of_basis ? x->as_of_basis : "no date");
		printf("         sha256 %s\n", x->sha256);
	}
}

static void info_text_lists(const ec_snapshot_info *in)
{
	size_t k;

	printf("lists:\n");
	for (k = 0; k < in->nlists; k++) {
		const ec_list_info *l = &in->lists[k];

		printf("  %-7s %6lld entries %6lld names  as of %-10s  %s\n",
		       l->code, l->rows, l->names,
		       *l->as_of ? l->as_of : "unknown", l->source);
		if (l->removed)
			printf("          %lld entries kept as removed\n",
			       l->removed);
	}
}

static void info_text(const ec_snapshot_info *in, const char *path,
		      const char *when)
{
	const char *as_of = oldest_as_of(in);
	long age = days_ago(as_of);

	printf("snapshot:     %s\n", path);
	printf("format:       %u\n", in->format_version);
	printf("created:      %s\n", when);
	printf("description:  %s\n", in->description);
	printf("entries:      %lld (%lld names with aliases)\n", in->entries,
	       in->names);
	printf("rules:        %lld%s\n", in->rules,
	       in->rules ? ""
			 : " (built with --no-rules: every decision on this "
			   "snapshot needs review)");
	if (*as_of)
		printf("as of:        %s, %ld days ago (the oldest list)\n",
		       as_of, age);
	else
		printf("as of:        unknown for some lists: every decision "
		       "needs review\n");
	if (*in->history_since)
		printf("history:      removals recorded since %s\n",
		       in->history_since);
	info_text_sources(in);
	info_text_lists(in);
	if (*as_of && age > EC_DEFAULT_MAX_LIST_AGE)
		printf("\nThe lists are %ld days old: a check dated more than "
		       "%d days after a list's\n\"as of\" date needs review. "
		       "Run `entitycheck --snapshot PATH update` for\ncurrent "
		       "lists.\n",
		       age, EC_DEFAULT_MAX_LIST_AGE);
	if (is_sample(in))
		printf("\nThis is a SAMPLE snapshot for trying the tool, not "
		       "for real screening.\n");
}

int cmd_info(const struct global *g, int argc, char **argv)
{
	const ec_snapshot_info *in;
	ec_snapshot *snap = NULL;
	const char *path = NULL;
	struct info_opts o = {0};
	char when[64];
	int rc;

	if ((rc = tool_parse_open(g, &info_cmd, argc, argv, &o, &snap,
				  &path)) >= 0)
		return rc;
	in = ec_snapshot_info_get(snap);
	tool_fmt_time(in->created, when, sizeof(when));
	if (o.json)
		info_json(in, path);
	else
		info_text(in, path, when);
	ec_snapshot_free(snap);
	return TOOL_EXIT_OK;
}
