// SPDX-License-Identifier: GPL-2.0
/*
 * The drivers' accounting matches exactly what the test did: the fdinfo
 * fields of the test's own file, its row in debugfs gntdev/files or
 * gntalloc/files, the change in the row of the peer domain in
 * gntdev/domains or gntalloc/domains, the sysfs summaries and the
 * hypercall totals. The grants are self-grants (this domain is the peer),
 * so the domain rows move only with what the test does: each test reads
 * them before and after. Denied (EPERM) and refused (ENOSPC) requests are
 * counted, and nothing else.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "restrict_util.h"
#include "restrict_stats.h"

#define BAD_REF 0x7ffffff0u

/* The gntdev counters of one file and of one domain row. */
static const char *const gntdev_fields[] = {
	"reserved", "mapped", "maps", "map_failures", "unmaps", "copies",
	"copy_failures", "notifies", "refused", "denied",
};
#define NR_GNTDEV ARRAY_SIZE(gntdev_fields)

static const char *const gntalloc_fields[] = {
	"granted", "grants", "grant_failures", "ungrants", "notifies",
	"refused", "denied",
};
#define NR_GNTALLOC ARRAY_SIZE(gntalloc_fields)

/* fdinfo spells the debugfs column names with '-': "gntdev-map-failures". */
static long fd_field(int fd, const char *module, const char *field)
{
	char name[64];
	char *c;

	snprintf(name, sizeof(name), "%s-%s", module, field);
	for (c = name; *c; c++)
		if (*c == '_')
			*c = '-';
	return fdinfo_long(fd, name);
}

struct snap {
	long file[16], dom[16];
};

static void take(struct snap *s, int fd, const char *module, int domid)
{
	const char *const *fields = strcmp(module, "gntdev") ?
				    gntalloc_fields : gntdev_fields;
	size_t i, n = strcmp(module, "gntdev") ? NR_GNTALLOC : NR_GNTDEV;

	for (i = 0; i < n; i++) {
		s->file[i] = fd_field(fd, module, fields[i]);
		s->dom[i] = domain_long(module, domid, fields[i]);
	}
}

/*
 * The file's fdinfo reads exactly @want (field order as gntdev_fields or
 * gntalloc_fields), its files row the same, and the domain row moved by
 * exactly @want minus what the file held at @before.
 */
#define EXPECT_COUNTS(module, fd, domid, before, ...)                         \
	do {                                                                  \
		const long want_[] = { __VA_ARGS__ };                          \
		const char *const *f_ = strcmp(module, "gntdev") ?              \
				       gntalloc_fields : gntdev_fields;        \
		struct snap now_;                                              \
		size_t i_;                                                     \
		take(&now_, fd, module, domid);                                \
		for (i_ = 0; i_ < ARRAY_SIZE(want_); i_++) {                   \
			EXPECT_EQ(want_[i_], now_.file[i_])                     \
				TH_LOG("fdinfo %s-%s", module, f_[i_]);         \
			EXPECT_EQ(want_[i_], file_long(module, f_[i_]))         \
				TH_LOG("files row %s", f_[i_]);                 \
			EXPECT_EQ(want_[i_] - (before)->file[i_],               \
				  now_.dom[i_] - (before)->dom[i_])             \
				TH_LOG("domains row %ld: %s", (long)(domid),    \
				       f_[i_]);                                 \
		}                                                              \
	} while (0)

FIXTURE(acct) {
	int self_domid, other_domid;
	struct rs_grant g;	/* 2 pages granted to ourselves */
};

FIXTURE_SETUP(acct)
{
	int ret;

	self->self_domid = rs_self();
	self->other_domid = rs_other();
	if (self->self_domid < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	if (access(DEBUGFS "/gntdev/files", R_OK))
		SKIP(return, "no " DEBUGFS "/gntdev/files");
	ret = rs_grant(&self->g, self->self_domid, 2);
	ASSERT_EQ(0, ret) TH_LOG("self-grant: %s", strerror(-ret));
}

FIXTURE_TEARDOWN(acct)
{
	rs_grant_free(&self->g);
}

TEST_F(acct, gntdev_fresh_file)
{
	struct snap before;
	char buf[64];
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	memset(&before, 0, sizeof(before));
	take(&before, fd, "gntdev", self->self_domid);
	memset(before.file, 0, sizeof(before.file));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_STREQ("none", fdinfo_str(fd, "gntdev-restricted", buf, sizeof(buf)));
	EXPECT_EQ(-1, file_long("gntdev", "restricted"));
	ASSERT_EQ(0, rs_restrict(fd, self->self_domid));
	snprintf(buf, sizeof(buf), "%d", self->self_domid);
	EXPECT_EQ(self->self_domid, fdinfo_long(fd, "gntdev-restricted"));
	EXPECT_EQ(self->self_domid, file_long("gntdev", "restricted"));
	close(fd);
}

/* Reserve, mmap (map hypercall), munmap (unmap), release. */
TEST_F(acct, gntdev_map_cycle)
{
	long sys_reserved, sys_mapped, hc_map, hc_unmap;
	uint32_t domids[2] = { self->self_domid, self->self_domid };
	struct snap before;
	unsigned char *p;
	uint64_t index;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	take(&before, fd, "gntdev", self->self_domid);
	memset(before.file, 0, sizeof(before.file));
	sys_reserved = param_long("gntdev", "reserved");
	sys_mapped = param_long("gntdev", "mapped");
	hc_map = hypercalls("map");
	hc_unmap = hypercalls("unmap");

	ASSERT_EQ(0, rs_map(fd, 2, domids, self->g.refs, &index));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(sys_reserved + 2, param_long("gntdev", "reserved"));
	EXPECT_EQ(sys_mapped, param_long("gntdev", "mapped"));

	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0xa1, p[PAGE]);	/* faulted in if mapped lazily */
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      2, 2, 2, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(sys_mapped + 2, param_long("gntdev", "mapped"));
	EXPECT_LT(hc_map, hypercalls("map"));

	/*
	 * No kernel code took the pages: the user mappings were the grants'
	 * only ones (Documentation/admin-guide/gntdev.rst), so they end here.
	 */
	EXPECT_EQ(0, munmap(p, 2 * PAGE));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      2, 0, 2, 0, 2, 0, 0, 0, 0, 0);
	EXPECT_EQ(sys_mapped, param_long("gntdev", "mapped"));
	EXPECT_LT(hc_unmap, hypercalls("unmap"));

	EXPECT_EQ(0, rs_unmap(fd, index, 2));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      0, 0, 2, 0, 2, 0, 0, 0, 0, 0);
	EXPECT_EQ(sys_reserved, param_long("gntdev", "reserved"));
	close(fd);
}

/*
 * One grant of three cannot be mapped: one map failure, two maps, ended
 * again with the failed mmap.
 */
TEST_F(acct, gntdev_map_failure)
{
	uint32_t domids[3] = { self->self_domid, self->self_domid,
			       self->self_domid };
	uint32_t refs[3] = { self->g.refs[0], BAD_REF, self->g.refs[1] };
	unsigned char *p;
	uint64_t index;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_map(fd, 3, domids, refs, &index));
	p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, index);
	if (p != MAP_FAILED) {
		/* Lazily mapped: the bad page faults; the good ones read. */
		EXPECT_EQ(0xa0, p[0]);
		munmap(p, 3 * PAGE);
	}
	EXPECT_EQ(1, fd_field(fd, "gntdev", "map_failures"));
	EXPECT_EQ(1, file_long("gntdev", "map_failures"));
	EXPECT_EQ(2, fd_field(fd, "gntdev", "maps"));
	EXPECT_EQ(3, fd_field(fd, "gntdev", "reserved"));
	EXPECT_EQ(0, rs_unmap(fd, index, 3));
	EXPECT_EQ(0, fd_field(fd, "gntdev", "reserved"));
	EXPECT_EQ(0, fd_field(fd, "gntdev", "mapped"));
	close(fd);
}

/* Three segments, one with a bad ref: two done, one failed. */
TEST_F(acct, gntdev_copies)
{
	struct gntdev_grant_copy_segment segs[3];
	unsigned char a[16], b[16], c[16];
	struct snap before;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	take(&before, fd, "gntdev", self->self_domid);
	memset(before.file, 0, sizeof(before.file));
	rs_seg_from(&segs[0], self->self_domid, self->g.refs[0], a, sizeof(a));
	rs_seg_to(&segs[1], self->self_domid, self->g.refs[1], b, sizeof(b));
	rs_seg_from(&segs[2], self->self_domid, BAD_REF, c, sizeof(c));
	ASSERT_EQ(0, rs_copy(fd, segs, 3));
	EXPECT_EQ(GNTST_okay, segs[0].status);
	EXPECT_NE(GNTST_okay, segs[2].status);
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      0, 0, 0, 0, 0, 2, 1, 0, 0, 0);
	close(fd);
}

TEST_F(acct, gntdev_notify_fired)
{
	unsigned char *p;
	uint64_t index;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_map1(fd, self->self_domid, self->g.refs[0], &index));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, rs_notify(fd, index + 3, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, fd_field(fd, "gntdev", "notifies"));
	munmap(p, PAGE);
	EXPECT_EQ(0, rs_unmap(fd, index, 1));
	EXPECT_EQ(0, self->g.mem[3]);
	EXPECT_EQ(1, fd_field(fd, "gntdev", "notifies"));
	EXPECT_EQ(1, file_long("gntdev", "notifies"));
	close(fd);
}

/* Each refused request counts once, whatever its size. */
TEST_F(acct, gntdev_denied_and_refused)
{
	struct ioctl_gntdev_set_max_grants max = { .count = 1 };
	uint32_t domids[2] = { self->self_domid, self->self_domid };
	struct gntdev_grant_copy_segment seg;
	unsigned char buf[16];
	struct snap before;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	take(&before, fd, "gntdev", self->self_domid);
	memset(before.file, 0, sizeof(before.file));
	if (ioctl(fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max))
		SKIP(return, "no SET_MAX_GRANTS");
	EXPECT_EQ(-ENOSPC, rs_map(fd, 2, domids, self->g.refs, NULL));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
	ASSERT_EQ(0, rs_restrict(fd, self->other_domid));
	EXPECT_EQ(-EPERM, rs_map(fd, 2, domids, self->g.refs, NULL));
	EXPECT_EQ(-EPERM, rs_map1(fd, self->self_domid, self->g.refs[0], NULL));
	EXPECT_COUNTS("gntdev", fd, self->self_domid, &before,
		      0, 0, 0, 0, 0, 0, 0, 0, 1, 2);
	rs_seg_from(&seg, self->self_domid, self->g.refs[0], buf, sizeof(buf));
	EXPECT_EQ(-EPERM, rs_copy(fd, &seg, 1));
	EXPECT_EQ(3, fd_field(fd, "gntdev", "denied"));
	EXPECT_EQ(3, file_long("gntdev", "denied"));
	EXPECT_EQ(0, fd_field(fd, "gntdev", "copies"));
	EXPECT_EQ(0, fd_field(fd, "gntdev", "copy_failures"));
	close(fd);
}

TEST_F(acct, gntalloc_grant_cycle)
{
	long sys_granted = param_long("gntalloc", "granted");
	struct snap before;
	unsigned char *p;
	uint64_t index;
	char buf[64];
	int fd = rs_gntalloc();

	ASSERT_GE(fd, 0);
	take(&before, fd, "gntalloc", self->other_domid);
	memset(before.file, 0, sizeof(before.file));
	EXPECT_STREQ("none", fdinfo_str(fd, "gntalloc-restricted", buf,
					 sizeof(buf)));
	ASSERT_EQ(0, rs_alloc(fd, self->other_domid, 3, &index, NULL));
	EXPECT_COUNTS("gntalloc", fd, self->other_domid, &before,
		      3, 3, 0, 0, 0, 0, 0);
	EXPECT_EQ(sys_granted + 3, param_long("gntalloc", "granted"));
	/* A mapped page stays granted after DEALLOC until munmap. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, rs_dealloc(fd, index, 3));
	EXPECT_COUNTS("gntalloc", fd, self->other_domid, &before,
		      1, 3, 0, 2, 0, 0, 0);
	EXPECT_EQ(0, munmap(p, PAGE));
	EXPECT_COUNTS("gntalloc", fd, self->other_domid, &before,
		      0, 3, 0, 3, 0, 0, 0);
	EXPECT_EQ(sys_granted, param_long("gntalloc", "granted"));
	ASSERT_EQ(0, rs_restrict(fd, self->other_domid));
	EXPECT_EQ(self->other_domid, fdinfo_long(fd, "gntalloc-restricted"));
	EXPECT_EQ(self->other_domid, file_long("gntalloc", "restricted"));
	close(fd);
}

TEST_F(acct, gntalloc_notify_denied_refused)
{
	unsigned int limit = param_long("gntalloc", "limit");
	struct snap before;
	uint64_t index;
	int fd = rs_gntalloc();

	ASSERT_GE(fd, 0);
	take(&before, fd, "gntalloc", self->other_domid);
	memset(before.file, 0, sizeof(before.file));
	ASSERT_EQ(0, rs_alloc(fd, self->other_domid, 1, &index, NULL));
	ASSERT_EQ(0, rs_notify(fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, rs_dealloc(fd, index, 1));
	EXPECT_EQ(-ENOSPC, rs_alloc(fd, self->other_domid, limit + 1, NULL,
				    NULL));
	ASSERT_EQ(0, rs_restrict(fd, self->self_domid));
	EXPECT_EQ(-EPERM, rs_alloc(fd, self->other_domid, 2, NULL, NULL));
	EXPECT_COUNTS("gntalloc", fd, self->other_domid, &before,
		      0, 1, 0, 1, 1, 1, 1);
	close(fd);
}

TEST_HARNESS_MAIN
