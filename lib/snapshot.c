/*
 * snapshot.c: the snapshot file.  A fixed little-endian header with magic,
 * format version, creation time and lengths; a provenance block; then a
 * zlib stream of the SQLite database image.  Both the header (with the
 * provenance) and the payload carry a CRC-32, checked before anything is
 * inflated, and the inflated size is declared and enforced, so a damaged
 * or hostile file is refused in bounded memory and time.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef EC_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "address.h"
#include "cleared.h"
#include "entryset.h"
#include "history.h"
#include "rules.h"
#include "sha256.h"
#include "snapshot.h"
#include "store.h"

static const unsigned char magic[8] = {0x89, 'E', 'C', 'S',
				       'N',  'A', 'P', '\n'};

static void le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void le64(unsigned char *p, uint64_t v)
{
	le32(p, (uint32_t)v);
	le32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/*
 * Where the image is cut in two for two zlib streams: a page boundary near
 * the middle, or 0 (one stream) for a small image.  Writer and reader
 * compute it alike.
 */
static uint64_t split_point(uint64_t image_len)
{
	return image_len < 65536 ? 0 : (image_len / 2) & ~(uint64_t)4095;
}

int ec__prov_line(ec__buf *b, const char *key, const char *const *vals,
		  size_t n)
{
	size_t i;
	const char *s;

	if (ec__buf_puts(b, key))
		return EC_ENOMEM;
	for (i = 0; i < n; i++) {
		if (ec__buf_putc(b, '\t'))
			return EC_ENOMEM;
		for (s = vals[i]; *s; s++)
			if (ec__buf_putc(b,
					 *s == '\t' || *s == '\n' || *s == '\r'
						 ? ' '
						 : *s))
				return EC_ENOMEM;
	}
	return ec__buf_putc(b, '\n') ? EC_ENOMEM : 0;
}

/* Writes all of buf to fd. */
static int write_all(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Makes the rename durable: flush the directory that holds path. */
static void sync_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash) {
		dir[0] = '.';
		dir[1] = '\0';
	} else {
		size_t n = (size_t)(slash - path);

		if (n == 0)
			n = 1;
		if (n >= sizeof(dir))
			return;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int ec__snapshot_write(const char *path, sqlite3 *db, const char *prov,
		       long long created, ec_error *err)
{
	unsigned char head[EC__SNAP_HEADER], *image = NULL, *z = NULL;
	sqlite3_int64 image_len = 0;
	uLongf zlen;
	size_t prov_len = strlen(prov);
	ec__buf tmp = EC__BUF_INIT;
	uLongf z1 = 0, z2;
	uint64_t half;
	uint32_t crc;
	int fd = -1, rc = 0;

	if (prov_len > EC__SNAP_MAX_PROV)
		return ec__fail(err, EC_ELIMIT, "provenance block too large");
	image = sqlite3_serialize(db, "main", &image_len, 0);
	if (!image)
		return ec__fail(err, EC_ENOMEM,
				"cannot serialize the database");
	if ((uint64_t)image_len > EC__SNAP_MAX_IMAGE) {
		rc = ec__fail(err, EC_ELIMIT, "database image too large");
		goto done;
	}
	/*
	 * Two zlib streams, one per half of the image, so that a reader can
	 * inflate them on two cores at once.
	 */
	half = split_point((uint64_t)image_len);
	zlen = compressBound((uLong)half) +
	       compressBound((uLong)(image_len - (sqlite3_int64)half));
	z = ec__malloc(zlen);
	if (!z) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto done;
	}
	z1 = compressBound((uLong)half);
	if (half && compress2(z, &z1, image, (uLong)half, 9) != Z_OK) {
		rc = ec__fail(err, EC_ENOMEM, "compression failed");
		goto done;
	}
	if (!half)
		z1 = 0;
	z2 = zlen - z1;
	if (compress2(z + z1, &z2, image + half,
		      (uLong)((uint64_t)image_len - half), 9) != Z_OK) {
		rc = ec__fail(err, EC_ENOMEM, "compression failed");
		goto done;
	}
	zlen = z1 + z2;
	memset(head, 0, sizeof(head));
	memcpy(head, magic, 8);
	le32(head + 8, EC_SNAPSHOT_FORMAT);
	le32(head + 12, half ? 1u : 0u); /* flags: split payload */
	le64(head + 16, (uint64_t)created);
	le32(head + 24, (uint32_t)prov_len);
	le32(head + 28, (uint32_t)z1); /* first stream's length */
	le64(head + 32, (uint64_t)zlen);
	le64(head + 40, (uint64_t)image_len);
	le32(head + 48, (uint32_t)crc32(0L, z, (uInt)zlen));
	crc = (uint32_t)crc32(0L, head, 52);
	crc = (uint32_t)crc32(crc, (const unsigned char *)prov, (uInt)prov_len);
	le32(head + 52, crc);

	if (ec__buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid())) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto done;
	}
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				 "cannot create %s: %s", tmp.ptr,
				 strerror(errno));
		goto done;
	}
	if (write_all(fd, head, sizeof(head)) ||
	    write_all(fd, prov, prov_len) || write_all(fd, z, zlen) ||
	    fsync(fd)) {
		rc = ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				 "cannot write %s: %s", tmp.ptr,
				 strerror(errno));
		goto done;
	}
	if (close(fd)) {
		fd = -1;
		rc = ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				 "cannot write %s: %s", tmp.ptr,
				 strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path)) {
		rc = ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				 "cannot rename %s over the output: %s",
				 tmp.ptr, strerror(errno));
		goto done;
	}
	sync_dir(path);
done:
	if (fd >= 0)
		close(fd);
	if (rc && tmp.ptr)
		unlink(tmp.ptr);
	ec__buf_dispose(&tmp);
	ec__free(z);
	sqlite3_free(image);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static int bad(ec_error *err, const char *name, const char *what)
{
	return ec__fail_at(err, EC_EFORMAT, name, 0, 0, -1,
			   "not a valid snapshot: %s", what);
}

/* Splits the provenance text into info, sources and lists. */
static int parse_prov(ec_snapshot *s, const char *name, ec_error *err)
{
	size_t nsrc = 0, nlist = 0, i;
	char *p, *line;

	for (p = s->prov; *p; p++)
		if (*p == '\n') {
			if (strncmp(p + 1, "source\t", 7) == 0)
				nsrc++;
			if (strncmp(p + 1, "list\t", 5) == 0)
				nlist++;
		}
	if (strncmp(s->prov, "source\t", 7) == 0)
		nsrc++;
	if (strncmp(s->prov, "list\t", 5) == 0)
		nlist++;
	s->sources = ec__calloc(nsrc + 1, sizeof(*s->sources));
	s->lists = ec__calloc(nlist + 1, sizeof(*s->lists));
	if (!s->sources || !s->lists)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	s->info.description = "";
	s->info.history_since = "";
	for (line = s->prov; *line;) {
		char *end = strchr(line, '\n'), *f[10];
		size_t nf = 0;

		if (!end)
			return bad(err, name, "unterminated provenance line");
		*end = '\0';
		f[nf++] = line;
		for (p = line; *p && nf < EC__ARRAY_LEN(f); p++)
			if (*p == '\t') {
				*p = '\0';
				f[nf++] = p + 1;
			}
		if (strcmp(f[0], "description") == 0 && nf == 2) {
			s->info.description = f[1];
		} else if (strcmp(f[0], "entries") == 0 && nf == 2) {
			s->info.entries = strtoll(f[1], NULL, 10);
		} else if (strcmp(f[0], "names") == 0 && nf == 2) {
			s->info.names = strtoll(f[1], NULL, 10);
		} else if (strcmp(f[0], "rules") == 0 && nf == 2) {
			s->info.rules = strtoll(f[1], NULL, 10);
		} else if (strcmp(f[0], "source") == 0 &&
			   (nf == 6 || nf == 7 || nf == 9)) {
			ec_source_info *x = &s->sources[s->info.nsources++];

			x->kind = f[1];
			x->file_name = f[2];
			x->sha256 = f[3];
			x->layout = f[4];
			x->rows = strtoll(f[5], NULL, 10);
			x->date = nf >= 7 ? f[6] : "";
			x->as_of = nf == 9 ? f[7] : "";
			x->as_of_basis = nf == 9 ? f[8] : "";
		} else if (strcmp(f[0], "list") == 0 && (nf == 6 || nf == 9)) {
			ec_list_info *x = &s->lists[s->info.nlists++];

			x->code = f[1];
			x->source = f[2];
			x->rows = strtoll(f[3], NULL, 10);
			x->names = strtoll(f[4], NULL, 10);
			x->newest_start = f[5];
			x->as_of = nf == 9 ? f[6] : "";
			x->as_of_basis = nf == 9 ? f[7] : "";
			x->removed = nf == 9 ? strtoll(f[8], NULL, 10) : 0;
		} else if (strcmp(f[0], "history") == 0 && nf == 2) {
			s->info.history_since = f[1];
		} else if (strcmp(f[0], "weights") == 0 && nf == 2) {
			s->info.weight_basis = strtoll(f[1], NULL, 10);
		} else {
			return bad(err, name, "unknown provenance line");
		}
		line = end + 1;
	}
	for (i = 0; i < s->info.nsources; i++)
		if (s->sources[i].rows < 0)
			return bad(err, name, "negative row count");
	s->info.sources = s->sources;
	s->info.lists = s->lists;
	return 0;
}

/* Outcome of inflating one stream. */
enum { INF_OK = 0, INF_NOMEM, INF_DAMAGED, INF_SIZE };

#ifdef EC_HAVE_LIBDEFLATE
/*
 * libdeflate inflates the same zlib stream about twice as fast as zlib,
 * which is most of what opening a snapshot costs.
 */
static int inflate_into(const unsigned char *z, size_t zlen, unsigned char *dst,
			size_t want)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	enum libdeflate_result r;
	size_t in_used = 0, got = 0;

	if (!d)
		return INF_NOMEM;
	r = libdeflate_zlib_decompress_ex(d, z, zlen, dst, want, &in_used,
					  &got);
	libdeflate_free_decompressor(d);
	if (r != LIBDEFLATE_SUCCESS)
		return INF_DAMAGED;
	return got != want || in_used != zlen ? INF_SIZE : INF_OK;
}
#else
static int inflate_into(const unsigned char *z, size_t zlen, unsigned char *dst,
			size_t want)
{
	z_stream zs;
	int zrc;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return INF_NOMEM;
	zs.next_in = (unsigned char *)z;
	zs.avail_in = (uInt)zlen;
	zs.next_out = dst;
	zs.avail_out = (uInt)want;
	zrc = inflate(&zs, Z_FINISH);
	inflateEnd(&zs);
	if (zrc == Z_MEM_ERROR)
		return INF_NOMEM;
	if (zrc != Z_STREAM_END)
		return INF_DAMAGED;
	return zs.avail_out != 0 || zs.avail_in != 0 ? INF_SIZE : INF_OK;
}
#endif

/* One of the payload's streams, checked and inflated on its own thread. */
struct part {
	const unsigned char *z;
	size_t zlen;
	unsigned char *dst;
	size_t want;
	uint32_t crc;
	int result;
};

static void *run_part(void *arg)
{
	struct part *p = arg;

	p->crc = (uint32_t)crc32(0L, p->z, (uInt)p->zlen);
	p->result = p->zlen ? inflate_into(p->z, p->zlen, p->dst, p->want)
			    : (p->want ? INF_SIZE : INF_OK);
	return NULL;
}

/*
 * Checks the payload's CRC and inflates its one or two streams (the two
 * halves at once on two threads) into a SQLite-owned buffer of exactly
 * want bytes.
 */
static int inflate_image(const unsigned char *z, size_t zlen, size_t z1,
			 uint64_t want, uint32_t crc, unsigned char **out,
			 const char *name, ec_error *err)
{
	uint64_t half = z1 ? split_point(want) : 0;
	struct part a, b;
	unsigned char *img;
	pthread_t t;
	int threaded, result;

	*out = NULL;
	if (z1 > zlen || (z1 && !half))
		return bad(err, name,
			   "the payload's streams are not as "
			   "declared");
	img = sqlite3_malloc64(want ? want : 1);
	if (!img)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	a.z = z;
	a.zlen = z1;
	a.dst = img;
	a.want = (size_t)half;
	b.z = z + z1;
	b.zlen = zlen - z1;
	b.dst = img + half;
	b.want = (size_t)(want - half);
	threaded = z1 && pthread_create(&t, NULL, run_part, &b) == 0;
	if (z1)
		run_part(&a);
	else
		a.crc = 0, a.result = INF_OK;
	if (threaded)
		pthread_join(t, NULL);
	else
		run_part(&b);
	if ((uint32_t)crc32_combine(a.crc, b.crc, (z_off_t)b.zlen) != crc) {
		sqlite3_free(img);
		return bad(err, name,
			   "payload checksum mismatch (damaged file)");
	}
	result = a.result != INF_OK ? a.result : b.result;
	if (result != INF_OK) {
		sqlite3_free(img);
		if (result == INF_NOMEM)
			return ec__fail(err, EC_ENOMEM, "out of memory");
		return bad(err, name,
			   result == INF_SIZE
				   ? "the payload is not the declared size"
				   : "the compressed payload is damaged or "
				     "larger than declared");
	}
	*out = img;
	return 0;
}

/* A statement on the image failed: SQLite out of memory, or damage. */
static int db_bad(sqlite3 *db, ec_error *err, const char *name,
		  const char *what)
{
	if (sqlite3_errcode(db) == SQLITE_NOMEM)
		return ec__fail(err, EC_ENOMEM, "out of memory (%s)", what);
	return bad(err, name, what);
}

static int load_db(ec_snapshot *s, unsigned char *img, uint64_t len,
		   const char *name, ec_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_open_v2(":memory:", &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		sqlite3_free(img);
		return ec__store_fail(s->db, err, "cannot open the database");
	}
	/* A crafted image must not be able to do more than fail. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	rc = sqlite3_deserialize(
		s->db, "main", img, (sqlite3_int64)len, (sqlite3_int64)len,
		SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE);
	if (rc != SQLITE_OK)
		return ec__store_fail(s->db, err, "cannot load the database");
	rc = sqlite3_prepare_v2(s->db,
				"SELECT value FROM meta WHERE key = "
				"'schema_version'",
				-1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_int(st, 0) != EC__SCHEMA_VERSION) {
		rc = db_bad(s->db, err, name,
			    "the database has no known schema");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(s->db,
				"SELECT rowid, length(data) FROM blob WHERE "
				"name = 'names'",
				-1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		rc = db_bad(s->db, err, name, "the database has no name index");
		sqlite3_finalize(st);
		return rc;
	}
	{
		/* Read the index straight into its own buffer: one copy. */
		sqlite3_int64 row = sqlite3_column_int64(st, 0);
		int blen = sqlite3_column_int(st, 1);
		sqlite3_blob *b = NULL;
		unsigned char *buf;

		sqlite3_finalize(st);
		if (blen < 0 ||
		    sqlite3_blob_open(s->db, "main", "blob", "data", row, 0,
				      &b) != SQLITE_OK ||
		    sqlite3_blob_bytes(b) != blen) {
			sqlite3_blob_close(b);
			return db_bad(s->db, err, name,
				      "the name index cannot be read");
		}
		buf = ec__malloc(blen ? (size_t)blen : 1);
		if (!buf) {
			sqlite3_blob_close(b);
			return ec__fail(err, EC_ENOMEM, "out of memory");
		}
		rc = sqlite3_blob_read(b, buf, blen, 0);
		sqlite3_blob_close(b);
		if (rc != SQLITE_OK) {
			ec__free(buf);
			return db_bad(s->db, err, name,
				      "the name index cannot be read");
		}
		rc = ec__index_adopt(&s->ix, buf, (size_t)blen, err);
		if (rc)
			return rc;
	}
	rc = ec__rules_load(&s->rules, s->db, err);
	if (rc)
		return rc;
	return ec__history_load(s, err);
}

/* SHA-256 of len bytes at p as hex into s->sha256. */
static void hash_bytes(ec_snapshot *s, const void *p, size_t len)
{
	ec__sha256 h;

	ec__sha256_init(&h);
	ec__sha256_update(&h, p, len);
	ec__sha256_final_hex(&h, s->sha256);
}

/* The digest of the file kept open, read in blocks; "" if it fails. */
static void hash_file(ec_snapshot *s)
{
	unsigned char block[65536];
	ec__sha256 h;
	off_t at = 0;
	ssize_t n;

	ec__sha256_init(&h);
	while ((n = pread(s->fd, block, sizeof(block), at)) > 0) {
		ec__sha256_update(&h, block, (size_t)n);
		at += n;
	}
	if (n < 0)
		s->sha256[0] = '\0';
	else
		ec__sha256_final_hex(&h, s->sha256);
}

/*
 * Opens len bytes at p; hash_now: their digest now (a caller's buffer),
 * else later from the file the caller gives the snapshot (fd).
 */
static int open_mem(ec_snapshot **out, const void *data, size_t len,
		    const char *name, int hash_now, ec_error *err)
{
	const unsigned char *p = data;
	ec_snapshot *s;
	uint32_t version, prov_len;
	uint64_t zlen, image_len;
	unsigned char *img = NULL;
	int rc;

	ec__error_clear(err);
	if (!out || (!data && len))
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	if (!name)
		name = "(buffer)";
	if (len < EC__SNAP_HEADER)
		return bad(err, name,
			   len == 0 ? "the file is empty"
				    : "the file is shorter than the header "
				      "(truncated?)");
	if (memcmp(p, magic, 8) != 0)
		return bad(err, name,
			   "wrong magic number (not an "
			   "entitycheck snapshot)");
	version = rd32(p + 8);
	prov_len = rd32(p + 24);
	zlen = rd64(p + 32);
	image_len = rd64(p + 40);
	if (version > EC_SNAPSHOT_FORMAT)
		return ec__fail_at(err, EC_EVERSION, name, 0, 0, 8,
				   "snapshot format %u is newer than this "
				   "library reads (%d): upgrade entitycheck",
				   version, EC_SNAPSHOT_FORMAT);
	if (version == 0)
		return bad(err, name, "format version 0");
	if (prov_len > EC__SNAP_MAX_PROV ||
	    (uint64_t)len - EC__SNAP_HEADER < prov_len ||
	    (uint64_t)len - EC__SNAP_HEADER - prov_len != zlen)
		return bad(err, name,
			   (uint64_t)len - EC__SNAP_HEADER < prov_len + zlen
				   ? "the file is shorter than its header "
				     "declares (truncated?)"
				   : "the file size does not match its header");
	{
		uint32_t crc = (uint32_t)crc32(0L, p, 52);

		crc = (uint32_t)crc32(crc, p + EC__SNAP_HEADER, prov_len);
		if (crc != rd32(p + 52))
			return bad(err, name,
				   "header checksum mismatch (damaged file)");
	}
	/* deflate cannot expand by more than ~1032x: larger is a lie. */
	if (image_len > EC__SNAP_MAX_IMAGE || image_len > zlen * 1032u ||
	    image_len < 512)
		return bad(err, name, "implausible declared database size");
	s = ec__calloc(1, sizeof(*s));
	if (!s)
		return ec__fail(err, EC_ENOMEM, "out of memory");
	atomic_init(&s->refs, 1);
	s->fd = -1;
	pthread_mutex_init(&s->sha_lock, NULL);
	s->info.sha256 = s->sha256;
	s->prov = ec__strndup((const char *)p + EC__SNAP_HEADER, prov_len);
	if (!s->prov) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto fail;
	}
	if (strlen(s->prov) != prov_len) {
		rc = bad(err, name, "NUL byte in the provenance block");
		goto fail;
	}
	s->info.format_version = version;
	s->info.created = (long long)rd64(p + 16);
	if (hash_now) {
		hash_bytes(s, p, len);
		atomic_store(&s->sha_done, 1);
	}
	if ((rc = parse_prov(s, name, err)))
		goto fail;
	rc = inflate_image(p + EC__SNAP_HEADER + prov_len, (size_t)zlen,
			   (rd32(p + 12) & 1u) ? rd32(p + 28) : 0, image_len,
			   rd32(p + 48), &img, name, err);
	if (rc)
		goto fail;
	if ((rc = load_db(s, img, image_len, name, err)))
		goto fail;
	if ((long long)ec__index_nentries(s->ix) != s->info.entries) {
		rc = bad(err, name, "entry counts disagree");
		goto fail;
	}
	s->ntcache = 2 * (size_t)ec__index_ntexts(s->ix);
	s->tcache = ec__calloc(s->ntcache ? s->ntcache : 1, sizeof(*s->tcache));
	s->doccache =
		ec__calloc((size_t)s->info.entries + 1, sizeof(*s->doccache));
	s->fpcache =
		ec__calloc((size_t)s->info.entries + 1, sizeof(*s->fpcache));
	s->fpreader = ec__fpreader_new();
	if (!s->tcache || !s->doccache || !s->fpcache || !s->fpreader) {
		rc = ec__fail(err, EC_ENOMEM, "out of memory");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (err && !err->file[0])
		snprintf(err->file, sizeof(err->file), "%s", name);
	ec_snapshot_free(s);
	return rc;
}

int ec_snapshot_open(ec_snapshot **out, const char *path, ec_error *err)
{
	FILE *fp;
	struct stat stbuf;
	unsigned char *buf;
	size_t n;
	int rc, fd;

	ec__error_clear(err);
	if (!out || !path)
		return ec__fail(err, EC_EINVAL, "invalid argument");
	*out = NULL;
	fp = fopen(path, "rb");
	if (!fp)
		return ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				   "cannot open snapshot: %s", strerror(errno));
	if (fstat(fileno(fp), &stbuf) || !S_ISREG(stbuf.st_mode)) {
		fclose(fp);
		return ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				   "not a regular file");
	}
	if ((uint64_t)stbuf.st_size >
	    EC__SNAP_MAX_IMAGE + EC__SNAP_MAX_PROV + EC__SNAP_HEADER) {
		fclose(fp);
		return ec__fail_at(err, EC_EFORMAT, path, 0, 0, -1,
				   "not a valid snapshot: too large");
	}
	buf = ec__malloc((size_t)stbuf.st_size + 1);
	if (!buf) {
		fclose(fp);
		return ec__fail(err, EC_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, (size_t)stbuf.st_size + 1, fp);
	if (ferror(fp)) {
		fclose(fp);
		ec__free(buf);
		return ec__fail_at(err, EC_EIO, path, 0, 0, -1,
				   "read error: %s", strerror(errno));
	}
	/* Kept open for the digest, hashed on demand (snapshot.h). */
	fd = dup(fileno(fp));
	fclose(fp);
	rc = open_mem(out, buf, n, path, fd < 0, err);
	ec__free(buf);
	if (rc == 0 && fd >= 0)
		(*out)->fd = fd;
	else if (fd >= 0)
		close(fd);
	return rc;
}

int ec_snapshot_open_buffer(ec_snapshot **out, const void *data, size_t len,
			    const char *name, ec_error *err)
{
	return open_mem(out, data, len, name, 1, err);
}

ec_snapshot *ec_snapshot_retain(ec_snapshot *s)
{
	if (s)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void ec_snapshot_free(ec_snapshot *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	for (size_t i = 0; s->tcache && i < s->ntcache; i++)
		ec__free(atomic_load(&s->tcache[i]));
	ec__free((void *)s->tcache);
	ec__free((void *)s->doccache);
	ec__address_set_free(atomic_load(&s->addrset));
	ec__entry_map_free(atomic_load(&s->entrymap));
	for (size_t i = 0; s->fpcache && i <= (size_t)s->info.entries; i++)
		ec__free(atomic_load(&s->fpcache[i]));
	ec__free((void *)s->fpcache);
	ec__fpreader_free(s->fpreader); /* before the database it reads */
	ec__rules_free(s->rules);
	ec__index_free(s->ix);
	sqlite3_close(s->db);
	if (s->fd >= 0)
		close(s->fd);
	pthread_mutex_destroy(&s->sha_lock);
	ec__free(s->prov);
	ec__free(s->removed);
	ec__free(s->sources);
	ec__free(s->lists);
	ec__free(s);
}

const ec_snapshot_info *ec_snapshot_info_get(const ec_snapshot *snap)
{
	static const ec_snapshot_info empty = {
		.description = "", .history_since = "", .sha256 = ""};
	/* Only the digest is filled late; the rest never changes. */
	ec_snapshot *s = (ec_snapshot *)snap;

	if (!snap)
		return &empty;
	if (!atomic_load(&s->sha_done)) {
		pthread_mutex_lock(&s->sha_lock);
		if (!atomic_load(&s->sha_done)) {
			hash_file(s);
			atomic_store(&s->sha_done, 1);
		}
		pthread_mutex_unlock(&s->sha_lock);
	}
	return &snap->info;
}

const char *ec_version(void)
{
	return EC_VERSION;
}
