/*
 * fuzz_snapshot.c: hostile snapshots.  The input is opened as it is; and,
 * since checksums stop almost every mutation at the door, three more ways
 * reach further in: a container whose lengths and CRCs are recomputed, a
 * bare SQLite image (starting "SQLite format 3") wrapped in a valid
 * container, and a bare name index (starting "ECIX") put into the sample's
 * database.  Whatever opens is searched, iterated and checked: a snapshot
 * that opens must never crash a reader.
 */
#include <sqlite3.h>
#include <zlib.h>

#include "../le.h"
#include "fuzz.h"

static const unsigned char magic[8] = {0x89, 'E', 'C', 'S',
				       'N',  'A', 'P', '\n'};

/* Inflates one or more concatenated zlib streams into exactly out_len. */
static void inflate_all(const unsigned char *z, size_t zlen, unsigned char *out,
			size_t out_len)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		abort();
	zs.next_in = (unsigned char *)z;
	zs.avail_in = (uInt)zlen;
	zs.next_out = out;
	zs.avail_out = (uInt)out_len;
	while ((rc = inflate(&zs, Z_FINISH)) == Z_STREAM_END && zs.avail_in)
		inflateReset(&zs);
	if (rc != Z_STREAM_END || zs.avail_out)
		abort();
	inflateEnd(&zs);
}

/* The sample's provenance text and inflated database image. */
static char *sample_prov;
static size_t sample_prov_len;
static unsigned char *sample_img;
static size_t sample_img_len;

static void load_sample(void)
{
	const char *path = getenv("EC_SAMPLE_SNAPSHOT");
	unsigned char *b;
	long n;
	FILE *f;

	if (sample_img)
		return;
	f = fopen(path ? path : EC_FUZZ_SAMPLE, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 56)
		abort();
	rewind(f);
	b = malloc((size_t)n);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	sample_prov_len = le_rd32(b + 24);
	sample_prov = malloc(sample_prov_len);
	sample_img_len = le_rd32(b + 40) | (size_t)le_rd32(b + 44) << 32;
	sample_img = malloc(sample_img_len);
	if (!sample_prov || !sample_img)
		abort();
	memcpy(sample_prov, b + 56, sample_prov_len);
	inflate_all(b + 56 + sample_prov_len, (size_t)n - 56 - sample_prov_len,
		    sample_img, sample_img_len);
	free(b);
}

static void exercise(const ec_snapshot *s)
{
	static const char *const names[] = {"Huawei Technologies Co., Ltd.",
					    "Sergei", "a b c", ""};
	const ec_snapshot_info *info = ec_snapshot_info_get(s);
	char first[256] = "";
	ec_entry_iter *it;
	const ec_entry *e;
	ec_matches *m;
	ec_error err;
	size_t i;
	int n = 0;

	for (i = 0; i < info->nsources; i++)
		FZ_CHECK(strlen(info->sources[i].kind) +
					 strlen(info->sources[i].sha256) <
				 (1u << 21),
			 "source");
	for (i = 0; i < info->nlists; i++)
		FZ_CHECK(strlen(info->lists[i].code) < (1u << 21), "list");
	if (ec_entry_iter_new(&it, s, &err) == 0) {
		while (n++ < 32 && ec_entry_iter_next(it, &e, &err) == 0) {
			ec_entry *x;

			if (!first[0])
				snprintf(first, sizeof(first), "%s", e->name);
			for (i = 0; i < e->naliases; i++)
				FZ_CHECK(e->aliases[i] != NULL, "alias");
			if (ec_entry_lookup(&x, s, e->list, e->entry_id,
					    &err) == 0)
				ec_entry_free(x);
		}
		ec_entry_iter_free(it);
	}
	for (i = 0; i <= sizeof(names) / sizeof(*names); i++) {
		ec_search_opts o = EC_SEARCH_OPTS_INIT;
		const char *q =
			i < sizeof(names) / sizeof(*names) ? names[i] : first;
		ec_check_query cq = EC_CHECK_QUERY_INIT;
		ec_party p = {q[0] ? q : "x", EC_ROLE_END_USER, "CN", NULL};
		ec_decision *d;

		o.min_score = 0.5;
		o.limit = 0;
		o.country = "CN";
		o.address = "Shenzhen";
		if (ec_search(&m, s, q, &o, &err) == 0) {
			fz_check_matches(m);
			ec_matches_free(m);
		}
		if (ec_compare(&m, s, q, "Huawei Technologies", &err) == 0)
			ec_matches_free(m);
		cq.nparties = 1;
		cq.parties = &p;
		cq.date = "2020-09-15";
		cq.item = i % 2 ? "3A991" : "EAR99";
		cq.origin = (int)(i % 3);
		if (ec_check(&d, s, &cq, &err) == 0) {
			fz_check_decision(d, 1);
			ec_decision_free(d);
		}
	}
}

static void try_open(const unsigned char *p, size_t n)
{
	ec_snapshot *s = (ec_snapshot *)&s;
	ec_error err;
	int rc = ec_snapshot_open_buffer(&s, p, n, "fuzz", &err);

	if (rc) {
		/* The documented codes: damaged, newer, or too large. */
		FZ_CHECK(rc == EC_EFORMAT || rc == EC_EVERSION ||
				 rc == EC_EUNSUPPORTED,
			 "open: %d %s", rc, err.text);
		FZ_CHECK(s == NULL, "*out set on failure");
		return;
	}
	exercise(s);
	ec_snapshot_free(s);
}

/* A container with the input's header and honest lengths and CRCs. */
static void try_fixed(const uint8_t *data, size_t size)
{
	unsigned char *c;
	uint32_t plen, crc;

	if (size < 56 || memcmp(data, magic, 8) != 0)
		return;
	plen = le_rd32(data + 24);
	if (plen > size - 56)
		return;
	c = malloc(size);
	if (!c)
		abort();
	memcpy(c, data, size);
	le_wr64(c + 32, (uint64_t)(size - 56 - plen));
	le_wr32(c + 48,
		(uint32_t)crc32(0L, c + 56 + plen, (uInt)(size - 56 - plen)));
	crc = (uint32_t)crc32(0L, c, 52);
	crc = (uint32_t)crc32(crc, c + 56, plen);
	le_wr32(c + 52, crc);
	try_open(c, size);
	free(c);
}

/*
 * A valid container around a database image, with the sample's
 * provenance, cut into two zlib streams where the writer cuts (a page
 * boundary near the middle, for an image of 64 KiB or more).
 */
static void try_image(const unsigned char *img, size_t len)
{
	size_t half = len < 65536 ? 0 : (len / 2) & ~(size_t)4095;
	uLongf z1 = compressBound((uLong)half), z2;
	uLongf zlen = z1 + compressBound((uLong)(len - half));
	unsigned char *c = malloc(56 + sample_prov_len + zlen), *z;
	uint32_t crc;

	if (!c)
		abort();
	z = c + 56 + sample_prov_len;
	if (half && compress2(z, &z1, img, (uLong)half, 1) != Z_OK)
		abort();
	if (!half)
		z1 = 0;
	z2 = zlen - z1;
	if (compress2(z + z1, &z2, img + half, (uLong)(len - half), 1) != Z_OK)
		abort();
	zlen = z1 + z2;
	memset(c, 0, 56);
	memcpy(c, magic, 8);
	le_wr32(c + 8, EC_SNAPSHOT_FORMAT);
	le_wr32(c + 12, half ? 1u : 0u);
	le_wr64(c + 16, 1700000000);
	le_wr32(c + 28, (uint32_t)z1);
	le_wr32(c + 24, (uint32_t)sample_prov_len);
	le_wr64(c + 32, zlen);
	le_wr64(c + 40, len);
	memcpy(c + 56, sample_prov, sample_prov_len);
	le_wr32(c + 48,
		(uint32_t)crc32(0L, c + 56 + sample_prov_len, (uInt)zlen));
	crc = (uint32_t)crc32(0L, c, 52);
	crc = (uint32_t)crc32(crc, c + 56, (uInt)sample_prov_len);
	le_wr32(c + 52, crc);
	try_open(c, 56 + sample_prov_len + zlen);
	free(c);
}

/* The sample's database with its name index replaced by blob. */
static void try_index(const uint8_t *blob, size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy, *img;
	sqlite3_int64 ilen = 0;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	copy = sqlite3_malloc64(sample_img_len);
	if (!copy)
		abort();
	memcpy(copy, sample_img, sample_img_len);
	if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)sample_img_len,
				(sqlite3_int64)sample_img_len,
				SQLITE_DESERIALIZE_FREEONCLOSE |
					SQLITE_DESERIALIZE_RESIZEABLE) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "UPDATE blob SET data = ?1 WHERE name = 'names'",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_blob64(st, 1, blob, len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		abort();
	sqlite3_finalize(st);
	img = sqlite3_serialize(db, "main", &ilen, 0);
	if (!img)
		abort();
	sqlite3_close(db);
	try_image(img, (size_t)ilen);
	sqlite3_free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FZ_MAX_INPUT)
		return -1;
	load_sample();
	try_open(data, size);
	try_fixed(data, size);
	if (size >= 16 && memcmp(data, "SQLite format 3", 16) == 0)
		try_image(data, size);
	if (size >= 4 && memcmp(data, "ECIX", 4) == 0)
		try_index(data, size);
	return 0;
}
