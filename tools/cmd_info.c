/*
 * cmd_info.c: `entitycheck info`: what a snapshot holds and where it came
 * from.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "tool.h"

static const char help[] =
	"usage: entitycheck [--snapshot PATH] info [--json]\n"
	"\n"
	"Shows the snapshot's format, creation time, description, the input\n"
	"files it was built from (name, sha256, rows) and, per list, its entries,\n"
	"names and newest start date.\n";

static void fmt_time(long long t, char *buf, size_t n)
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

int cmd_info(const struct global *g, int argc, char **argv)
{
	const ec_snapshot_info *in;
	ec_snapshot *snap = NULL;
	const char *path = NULL;
	char when[64];
	int as_json = 0, i, rc;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = 1;
		else if (strcmp(argv[i], "--help") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		} else
			return tool_usage("info", "unexpected argument '%.64s'",
					  argv[i]);
	}
	if ((rc = tool_open_snapshot(g, &snap, &path)))
		return rc;
	in = ec_snapshot_info_get(snap);
	fmt_time(in->created, when, sizeof(when));
	if (as_json) {
		json j;

		json_init(&j, stdout, 1);
		json_obj_open(&j, NULL);
		json_str(&j, "path", path);
		json_int(&j, "format_version", in->format_version);
		json_str(&j, "created", when);
		json_str(&j, "description", in->description);
		json_bool(&j, "sample", is_sample(in));
		json_int(&j, "entries", in->entries);
		json_int(&j, "names", in->names);
		json_int(&j, "rules", in->rules);
		json_arr_open(&j, "sources");
		for (k = 0; k < in->nsources; k++) {
			json_obj_open(&j, NULL);
			json_str(&j, "kind", in->sources[k].kind);
			json_str(&j, "file", in->sources[k].file_name);
			json_str(&j, "sha256", in->sources[k].sha256);
			json_str(&j, "layout", in->sources[k].layout);
			json_int(&j, "rows", in->sources[k].rows);
			if (in->sources[k].date && in->sources[k].date[0])
				json_str(&j, "date", in->sources[k].date);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_arr_open(&j, "lists");
		for (k = 0; k < in->nlists; k++) {
			json_obj_open(&j, NULL);
			json_str(&j, "code", in->lists[k].code);
			json_str(&j, "source", in->lists[k].source);
			json_int(&j, "entries", in->lists[k].rows);
			json_int(&j, "names", in->lists[k].names);
			json_str(&j, "newest_start_date",
				 in->lists[k].newest_start);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("snapshot:     %s\n", path);
		printf("format:       %u\n", in->format_version);
		printf("created:      %s\n", when);
		printf("description:  %s\n", in->description);
		printf("entries:      %lld (%lld names with aliases)\n",
		       in->entries, in->names);
		printf("rules:        %lld\n", in->rules);
		printf("sources:\n");
		for (k = 0; k < in->nsources; k++) {
			const char *date = in->sources[k].date;

			printf("  %-6s %s  %lld rows  %s%s%s\n         sha256 "
			       "%s\n",
			       in->sources[k].kind, in->sources[k].file_name,
			       in->sources[k].rows, in->sources[k].layout,
			       date && *date ? "  dated " : "",
			       date && *date ? date : "",
			       in->sources[k].sha256);
		}
		printf("lists:\n");
		for (k = 0; k < in->nlists; k++)
			printf("  %-7s %6lld entries %6lld names  newest %s  %s\n",
			       in->lists[k].code, in->lists[k].rows,
			       in->lists[k].names,
			       in->lists[k].newest_start[0]
				       ? in->lists[k].newest_start
				       : "-",
			       in->lists[k].source);
		if (is_sample(in))
			printf("\nThis is a SAMPLE snapshot for trying the tool, "
			       "not for real screening.\nBuild one from the "
			       "current official CSL download:\n  entitycheck "
			       "build --csl consolidated.csv --rules "
			       "data/rules --output csl.ecsnap\n");
	}
	ec_snapshot_free(snap);
	return EXIT_OK;
}
