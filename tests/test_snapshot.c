/*
 * test_snapshot.c: the snapshot container: a good snapshot opens, and
 * every kind of damage is refused with a clear error, never a crash.
 */
#include <zlib.h>

#include "helpers.h"
#include "le.h"

static unsigned char *good;
static size_t good_len;

/* Recomputes the header checksum, as a forger would. */
static void reseal(unsigned char *b)
{
	uint32_t crc = (uint32_t)crc32(0L, b, 52);

	crc = (uint32_t)crc32(crc, b + 56, le_rd32(b + 24));
	le_wr32(b + 52, crc);
}

static int open_bytes(const unsigned char *b, size_t n, ec_error *err)
{
	ec_snapshot *s = NULL;
	int rc = ec_snapshot_open_buffer(&s, b, n, "test.ecsnap", err);

	if (rc == 0)
		ec_snapshot_free(s);
	else
		assert_null(s);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	good = th_read(th_sample_snapshot(), &good_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(good);
	return 0;
}

static void test_good_opens(void **state)
{
	ec_snapshot *s = NULL;
	ec_error err;
	const ec_snapshot_info *in;

	(void)state;
	assert_int_equal(open_bytes(good, good_len, &err), 0);
	assert_int_equal(ec_snapshot_open(&s, th_sample_snapshot(), &err), 0);
	in = ec_snapshot_info_get(s);
	assert_int_equal(in->format_version, EC_SNAPSHOT_FORMAT);
	assert_int_equal(in->created, 1700000000);
	assert_non_null(strstr(in->description, "SAMPLE"));
	assert_true(in->entries > 0);
	assert_true(in->rules > 0);
	ec_snapshot_free(s);
	ec_snapshot_free(NULL);
	assert_int_equal(ec_snapshot_info_get(NULL)->entries, 0);
}

static void test_missing_file(void **state)
{
	ec_snapshot *s = (ec_snapshot *)1;
	ec_error err;

	(void)state;
	assert_int_equal(ec_snapshot_open(&s, th_path("nope.ecsnap"), &err),
			 EC_EIO);
	assert_null(s);
	assert_non_null(strstr(err.text, "cannot open"));
	assert_int_equal(ec_snapshot_open(&s, NULL, &err), EC_EINVAL);
}

static void test_truncated(void **state)
{
	size_t cuts[] = {0, 1, 8, 55, 56, 100, good_len / 2, good_len - 1};
	ec_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		assert_int_equal(open_bytes(good, cuts[i], &err), EC_EFORMAT);
		assert_non_null(strstr(err.text, "not a valid snapshot"));
	}
	/* Truncated on disk, through the file path too. */
	th_write(th_path("cut.ecsnap"), good, good_len - 10);
	{
		ec_snapshot *s;

		assert_int_equal(
			ec_snapshot_open(&s, th_path("cut.ecsnap"), &err),
			EC_EFORMAT);
		assert_non_null(strstr(err.text, "truncated"));
		assert_string_equal(err.file, th_path("cut.ecsnap"));
	}
}

static void test_flipped_bytes(void **state)
{
	unsigned char *b = malloc(good_len);
	ec_error err;
	size_t pos;
	int rc, tried = 0;

	(void)state;
	assert_non_null(b);
	for (pos = 0; pos < good_len; pos += pos < 64 ? 1 : 97) {
		memcpy(b, good, good_len);
		b[pos] ^= 0x40;
		rc = open_bytes(b, good_len, &err);
		if (rc != EC_EFORMAT && rc != EC_EVERSION)
			fail_msg("flip at %zu: rc %d", pos, rc);
		tried++;
	}
	assert_true(tried > 100);
	free(b);
}

/*
 * The good snapshot with one header field forged (width 4 or 8 bytes at
 * off) and the header checksum recomputed, as a forger would: opening it
 * must fail with want, the error saying fragment when one is given.
 */
static void expect_forged(size_t off, int width, uint64_t v, int want,
			  const char *fragment)
{
	unsigned char *b = malloc(good_len);
	ec_error err;

	assert_non_null(b);
	memcpy(b, good, good_len);
	if (width == 4)
		le_wr32(b + off, (uint32_t)v);
	else
		le_wr64(b + off, v);
	reseal(b);
	assert_int_equal(open_bytes(b, good_len, &err), want);
	if (fragment)
		assert_non_null(strstr(err.text, fragment));
	free(b);
}

static void test_magic_and_version(void **state)
{
	unsigned char *b = malloc(good_len);
	ec_error err;

	(void)state;
	memcpy(b, good, good_len);
	memcpy(b, "SQLite f", 8);
	assert_int_equal(open_bytes(b, good_len, &err), EC_EFORMAT);
	assert_non_null(strstr(err.text, "magic"));
	free(b);
	expect_forged(8, 4, EC_SNAPSHOT_FORMAT + 1, EC_EVERSION, "newer");
}

static void test_lying_sizes(void **state)
{
	(void)state;
	/* Declared inflated size smaller, larger, absurd. */
	expect_forged(40, 8, 4096, EC_EFORMAT, NULL);
	expect_forged(40, 8, (uint64_t)good_len * 900, EC_EFORMAT, NULL);
	expect_forged(40, 8, (uint64_t)1 << 40, EC_EFORMAT, "implausible");
	/* Declared payload length that disagrees with the file. */
	expect_forged(32, 8, good_len, EC_EFORMAT, NULL);
}

/* A valid container around a payload that is not our database. */
static void test_crafted_payload(void **state)
{
	unsigned char junk[65536], *z, *b;
	uLongf zlen = compressBound(sizeof(junk));
	size_t prov = 0, i, n;
	ec_error err;

	(void)state;
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 7 + (i >> 8));
	memcpy(junk, "SQLite format 3", 16); /* looks like SQLite, is not */
	z = malloc(zlen);
	assert_int_equal(compress2(z, &zlen, junk, sizeof(junk), 6), Z_OK);
	n = 56 + prov + zlen;
	b = calloc(1, n);
	memcpy(b, good, 56);
	le_wr32(b + 24, (uint32_t)prov);
	le_wr64(b + 32, zlen);
	le_wr64(b + 40, sizeof(junk));
	memcpy(b + 56 + prov, z, zlen);
	le_wr32(b + 48, (uint32_t)crc32(0L, z, (uInt)zlen));
	reseal(b);
	assert_int_equal(open_bytes(b, n, &err), EC_EFORMAT);
	free(z);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_opens),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_magic_and_version),
		cmocka_unit_test(test_lying_sizes),
		cmocka_unit_test(test_crafted_payload),
	};

	return th_run_group(tests, setup, teardown);
}
