/*
 * cmd_diff.c: `entitycheck diff`: what a list update added, removed and
 * changed, per list, before a new snapshot replaces the old one.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "opts.h"
#include "tool.h"

struct diff_opts {
	const char *old, *new;
	int json;
};

static const struct opt diff_table[] = {
	OPTS_ARG(OPT_REQUIRED, "OLD", offsetof(struct diff_opts, old),
		 "give two snapshots: OLD NEW", "the snapshot before"),
	OPTS_ARG(OPT_REQUIRED, "NEW", offsetof(struct diff_opts, new),
		 "give two snapshots: OLD NEW", "the snapshot after"),
	OPTS_FLAG("--json", offsetof(struct diff_opts, json),
		  "the counts and the entries as one JSON object"),
};

static const struct opts_cmd diff_cmd = {
	.name = "diff",
	OPTS_TABLE(diff_table),
	.about = "Compares the entries of two snapshots, keyed by list and "
		 "entry id, and\n"
		 "prints how many were added, removed and changed in each "
		 "list, then\n"
		 "each of them (for a changed entry, the columns that differ). "
		 "Entries\n"
		 "of the CSL's old 28-column layout have derived ids, so "
		 "against another\n"
		 "layout they show as removed and added.\n",
};

static const char *const kind_names[3] = {"added", "removed", "changed"};

struct list_count {
	const char *list;
	long long n[3];
};

/* Per-list counts, in the diff's (list) order; NULL on ENOMEM. */
static struct list_count *count_lists(const ec_diff *d, size_t *nout)
{
	size_t n = ec_diff_count(d), i, k = 0;
	struct list_count *c = calloc(n + 1, sizeof(*c));

	if (!c)
		return NULL;
	for (i = 0; i < n; i++) {
		const ec_diff_item *it = ec_diff_get(d, i);

		if (!k || strcmp(c[k - 1].list, it->list) != 0)
			c[k++].list = it->list;
		if (it->kind >= 0 && it->kind < 3)
			c[k - 1].n[it->kind]++;
	}
	*nout = k;
	return c;
}

static void print_json(const char *oldp, const char *newp, const ec_diff *d,
		       const struct list_count *c, size_t nc)
{
	long long tot[3] = {0, 0, 0};
	size_t i, k;
	json j;

	json_init(&j, stdout, 1);
	json_obj_open(&j, NULL);
	json_str(&j, "old", oldp);
	json_str(&j, "new", newp);
	json_arr_open(&j, "lists");
	for (i = 0; i < nc; i++) {
		json_obj_open(&j, NULL);
		json_str(&j, "list", c[i].list);
		for (k = 0; k < 3; k++) {
			json_int(&j, kind_names[k], c[i].n[k]);
			tot[k] += c[i].n[k];
		}
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_open(&j, "total");
	for (k = 0; k < 3; k++)
		json_int(&j, kind_names[k], tot[k]);
	json_obj_close(&j);
	json_arr_open(&j, "items");
	for (i = 0; i < ec_diff_count(d); i++) {
		const ec_diff_item *it = ec_diff_get(d, i);

		json_obj_open(&j, NULL);
		json_str(&j, "kind", kind_names[it->kind]);
		json_str(&j, "list", it->list);
		json_str(&j, "entry_id", it->entry_id);
		json_str(&j, "name", it->name);
		if (it->kind == EC_DIFF_CHANGED)
			json_str_array(&j, "fields", it->fields, it->nfields);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	json_end(&j);
}

static void print_text(const char *oldp, const char *newp, const ec_diff *d,
		       const struct list_count *c, size_t nc)
{
	long long tot[3] = {0, 0, 0};
	size_t i, k;
	int kind;

	printf("old: %s\nnew: %s\n\n", oldp, newp);
	printf("%-8s %8s %8s %8s\n", "list", "added", "removed", "changed");
	for (i = 0; i < nc; i++) {
		printf("%-8s %8lld %8lld %8lld\n", c[i].list, c[i].n[0],
		       c[i].n[1], c[i].n[2]);
		for (k = 0; k < 3; k++)
			tot[k] += c[i].n[k];
	}
	printf("%-8s %8lld %8lld %8lld\n", "total", tot[0], tot[1], tot[2]);
	for (kind = 0; kind < 3; kind++) {
		if (!tot[kind])
			continue;
		printf("\n%s:\n", kind_names[kind]);
		for (i = 0; i < ec_diff_count(d); i++) {
			const ec_diff_item *it = ec_diff_get(d, i);

			if (it->kind != kind)
				continue;
			printf("  %-7s %s  %s", it->list, it->entry_id,
			       it->name);
			for (k = 0; k < it->nfields; k++)
				printf("%s%s", k ? ", " : "  [", it->fields[k]);
			printf("%s\n", it->nfields ? "]" : "");
		}
	}
}

int cmd_diff(const struct global *g, int argc, char **argv)
{
	struct diff_opts o = {NULL, NULL, 0};
	const char *paths[2];
	ec_snapshot *snap[2] = {NULL, NULL};
	struct list_count *c;
	ec_diff *d = NULL;
	ec_error err;
	size_t nc = 0;
	int i, rc;

	(void)g;
	if ((rc = opts_parse(&diff_cmd, argc, argv, &o)))
		return opts_exit(rc);
	paths[0] = o.old;
	paths[1] = o.new;
	for (i = 0; i < 2; i++) {
		if ((rc = ec_snapshot_open(&snap[i], paths[i], &err))) {
			tool_error("cannot open the snapshot", rc, &err);
			rc = TOOL_EXIT_SNAPSHOT;
			goto done;
		}
	}
	if ((rc = ec_snapshot_diff(&d, snap[0], snap[1], &err))) {
		rc = tool_error("diff failed", rc, &err);
		goto done;
	}
	if (!(c = count_lists(d, &nc))) {
		rc = tool_error("diff failed", EC_ENOMEM, NULL);
		goto done;
	}
	if (o.json)
		print_json(paths[0], paths[1], d, c, nc);
	else
		print_text(paths[0], paths[1], d, c, nc);
	free(c);
	rc = TOOL_EXIT_OK;
done:
	ec_diff_free(d);
	ec_snapshot_free(snap[0]);
	ec_snapshot_free(snap[1]);
	return rc;
}
