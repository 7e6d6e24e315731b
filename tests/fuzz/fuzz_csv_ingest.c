/*
 * fuzz_csv_ingest.c: a Consolidated Screening List CSV (plain or gzip, as
 * the first bytes say) built into a snapshot.  Whatever the build accepts
 * must give a snapshot that opens, whose entries read back and whose
 * names can be searched.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_build_opts o = EC_BUILD_OPTS_INIT;
	const char *in = fz_path("in.csv"), *out = fz_path("out.ecsnap");
	ec_snapshot *snap;
	ec_entry_iter *it;
	const ec_entry *e;
	ec_error err;
	int rc, n = 0;

	if (size > FZ_MAX_INPUT)
		return -1;
	fz_write(in, data, size);
	unlink(out);
	o.csl_path = in;
	o.output_path = out;
	o.created = 1700000000;
	rc = ec_build(&o, &err);
	if (rc) {
		FZ_CHECK(rc == EC_EPARSE || rc == EC_ELIMIT, "build: %d %s", rc,
			 err.text);
		FZ_CHECK(access(out, F_OK) != 0, "a failed build wrote %s",
			 out);
		return 0;
	}
	rc = ec_snapshot_open(&snap, out, &err);
	FZ_CHECK(rc == 0, "what the build wrote does not open: %s", err.text);
	FZ_CHECK(ec_entry_iter_new(&it, snap, &err) == 0, "%s", err.text);
	while (n < 16 && (rc = ec_entry_iter_next(it, &e, &err)) == 0) {
		ec_matches *m;
		ec_entry *x;

		FZ_CHECK(ec_entry_lookup(&x, snap, e->list, e->entry_id,
					 &err) == 0,
			 "entry %s/%s does not look up", e->list, e->entry_id);
		ec_entry_free(x);
		if (ec_search(&m, snap, e->name, NULL, &err) == 0) {
			fz_check_matches(m);
			ec_matches_free(m);
		}
		n++;
	}
	FZ_CHECK(n == 16 || rc == EC_EITEROVER, "iteration: %s", err.text);
	ec_entry_iter_free(it);
	ec_snapshot_free(snap);
	return 0;
}
