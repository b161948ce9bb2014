// SPDX-License-Identifier: GPL-2.0
/*
 * gntdev ioctls and mmap without any valid grant: every failure path with
 * its exact errno, state left unchanged, the caps, and grants that fail to
 * map. Needs only /dev/xen/gntdev (and /dev/xen/evtchn for notify).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "gntdev_util.h"

/* A ref no domain hands out: far beyond any grant table. */
#define BAD_REF 0x7ffffff0u

FIXTURE(gd) {
	int fd;
};

FIXTURE_SETUP(gd)
{
	self->fd = gd_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open /dev/xen/gntdev: %s", strerror(errno));
}

FIXTURE_TEARDOWN(gd)
{
	close(self->fd);
}

/* The offset the next 1-grant request gets: shows what is reserved. */
static uint64_t next_index(int fd)
{
	uint32_t ref = BAD_REF;
	uint64_t index = ~0ull;

	if (gd_map(fd, 1, 0, &ref, &index))
		return ~0ull;
	gd_unmap(fd, index, 1);
	return index;
}

TEST_F(gd, unknown_and_dmabuf_ioctls_enotty)
{
	char buf[64] = { 0 };

	EXPECT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'G', 99, 8), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS, buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED, buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_DMABUF_IMP_TO_REFS, buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_DMABUF_IMP_RELEASE, buf));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(gd, map_count_zero_einval)
{
	uint32_t ref = BAD_REF;

	EXPECT_EQ(-EINVAL, gd_map(self->fd, 0, 0, &ref, NULL));
	EXPECT_EQ(0, next_index(self->fd));
}

/* Upstream "replace global limit of mapped pages by limit per call". */
TEST_F(gd, regression_limit_per_call)
{
	struct ioctl_gntdev_map_grant_ref op = { .count = 0xffffffffu };

	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op));
	EXPECT_EQ(EINVAL, errno);
	op.count = 65537;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, next_index(self->fd));
}

TEST_F(gd, map_max_count_succeeds)
{
	static uint32_t refs[65536];
	uint64_t index;

	memset(refs, 0xff, sizeof(refs));
	ASSERT_EQ(0, gd_map(self->fd, 65536, 0, refs, &index));
	EXPECT_EQ(0, index);
	EXPECT_EQ(65536 * PAGE, next_index(self->fd));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 65536));
}

TEST_F(gd, map_efault)
{
	struct ioctl_gntdev_map_grant_ref *op;
	unsigned char *pages;

	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, NULL));
	EXPECT_EQ(EFAULT, errno);

	/* refs[1] lies in an inaccessible page. */
	pages = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pages);
	ASSERT_EQ(0, mprotect(pages + PAGE, PAGE, PROT_NONE));
	op = (void *)(pages + PAGE - sizeof(*op));
	op->count = 2;
	op->refs[0].ref = BAD_REF;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, op));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, next_index(self->fd));
	munmap(pages, 2 * PAGE);
}

/*
 * Upstream "xen/gntdev: fix error handling in ioctl": a failed write-back of
 * the index must not leave the map reserved (and, here, is done without
 * holding the lock that mmap takes).
 */
TEST_F(gd, regression_fix_error_handling_in_ioctl)
{
	struct ioctl_gntdev_map_grant_ref *op;
	unsigned char *page;

	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	op = (void *)page;
	op->count = 1;
	op->refs[0].ref = BAD_REF;
	ASSERT_EQ(0, mprotect(page, PAGE, PROT_READ));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, op));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, next_index(self->fd));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, 0, 0));
	munmap(page, PAGE);
}

/*
 * The header is written back with a page fault (copy-on-write of a page
 * never written), and mmap then takes the file's lock under mmap_lock: in
 * Linux 6.1.178+ lockdep reports the two orders; here the write-back holds
 * no lock. Only a lockdep kernel (the debug kernel) can fail this one: the
 * harness fails a boot whose kernel log has a lockdep report.
 */
TEST_F(gd, map_copyout_fault_lock_order)
{
	struct ioctl_gntdev_map_grant_ref hdr = { .count = 1 }, *op;
	int memfd = memfd_create("gntdev-map-header", 0);
	void *p;

	ASSERT_GE(memfd, 0);
	hdr.refs[0].ref = BAD_REF;
	ASSERT_EQ((ssize_t)sizeof(hdr), write(memfd, &hdr, sizeof(hdr)));
	/* A private file mapping: read in place, copied on the first write. */
	op = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, memfd, 0);
	ASSERT_NE(MAP_FAILED, op);
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, op));
	EXPECT_EQ(0, op->index);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, op->index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	munmap(op, PAGE);
	close(memfd);
}

TEST_F(gd, map_reserved_domid_einval)
{
	uint32_t refs[2] = { BAD_REF, BAD_REF };

	EXPECT_EQ(-EINVAL, gd_map(self->fd, 1, 0x7ff0, refs, NULL));
	EXPECT_EQ(-EINVAL, gd_map(self->fd, 1, 0x7fff, refs, NULL));
	EXPECT_EQ(-EINVAL, gd_map(self->fd, 2, 0x10000, refs, NULL));
	EXPECT_EQ(0, next_index(self->fd));
}

/* Offsets are first-fit; a gap of exactly the size asked for is reused. */
TEST_F(gd, map_index_first_fit)
{
	uint32_t refs[3] = { BAD_REF, BAD_REF, BAD_REF };
	uint64_t a, b, c, d;

	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &a));
	ASSERT_EQ(0, gd_map(self->fd, 3, 0, refs, &b));
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, refs, &c));
	EXPECT_EQ(0, a);
	EXPECT_EQ(2 * PAGE, b);
	EXPECT_EQ(5 * PAGE, c);
	ASSERT_EQ(0, gd_unmap(self->fd, a, 2));
	ASSERT_EQ(0, gd_map(self->fd, 3, 0, refs, &d));
	EXPECT_EQ(6 * PAGE, d);
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &a));
	EXPECT_EQ(0, a);
}

TEST_F(gd, unmap_grant_ref)
{
	uint32_t refs[2] = { BAD_REF, BAD_REF };
	uint64_t index;

	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, 0, 0));
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &index));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, index, 1));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, index, 3));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, index + PAGE, 0));
	/* Count 0 matches any size; the low bits of the offset are ignored. */
	EXPECT_EQ(0, gd_unmap(self->fd, index + 5, 0));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, index, 2));
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &index));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 2));
}

TEST_F(gd, set_max_grants_is_a_per_file_cap)
{
	struct ioctl_gntdev_set_max_grants max = { .count = 3 };
	uint32_t refs[3] = { BAD_REF, BAD_REF, BAD_REF };
	uint64_t a, b;
	int other = gd_open();

	ASSERT_GE(other, 0);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, NULL));
	EXPECT_EQ(EFAULT, errno);
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
	EXPECT_EQ(-ENOSPC, gd_map(self->fd, 4, 0, refs, NULL));
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &a));
	EXPECT_EQ(-ENOSPC, gd_map(self->fd, 2, 0, refs, NULL));
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, refs, &b));
	EXPECT_EQ(-ENOSPC, gd_map(self->fd, 1, 0, refs, NULL));
	/* Another file is not affected. */
	EXPECT_EQ(0, gd_map(other, 3, 0, refs, NULL));
	/* Released grants make room again. */
	ASSERT_EQ(0, gd_unmap(self->fd, a, 2));
	EXPECT_EQ(0, gd_map(self->fd, 2, 0, refs, NULL));
	max.count = 0;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
	EXPECT_EQ(-ENOSPC, gd_map(self->fd, 1, 0, refs, NULL));
	close(other);
}

static int read_param(const char *name, unsigned long *val)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/module/gntdev/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%lu", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int write_param(const char *name, unsigned long val)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/module/gntdev/parameters/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fprintf(f, "%lu\n", val) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

TEST_F(gd, module_param_limit)
{
	uint32_t refs[5] = { BAD_REF, BAD_REF, BAD_REF, BAD_REF, BAD_REF };
	unsigned long old;
	uint64_t index;

	if (read_param("limit", &old))
		SKIP(return, "not our gntdev module");
	ASSERT_EQ(0, write_param("limit", 4));
	EXPECT_EQ(-EINVAL, gd_map(self->fd, 5, 0, refs, NULL));
	EXPECT_EQ(0, gd_map(self->fd, 4, 0, refs, &index));
	EXPECT_EQ(0, index);
	ASSERT_EQ(0, write_param("limit", old));
}

TEST_F(gd, module_param_global_limit)
{
	uint32_t ref = BAD_REF;
	unsigned long old;

	if (read_param("global_limit", &old))
		SKIP(return, "not our gntdev module");
	ASSERT_EQ(0, write_param("global_limit", 0));
	EXPECT_EQ(-ENOSPC, gd_map(self->fd, 1, 0, &ref, NULL));
	ASSERT_EQ(0, write_param("global_limit", old));
	EXPECT_EQ(0, next_index(self->fd));
}

TEST_F(gd, get_offset_for_vaddr_errors)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = { 0 };
	int local;

	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	EXPECT_EQ(EINVAL, errno);
	op.vaddr = (uintptr_t)&local;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(gd, set_unmap_notify)
{
	uint32_t refs[2] = { BAD_REF, BAD_REF }, send, recv;
	uint64_t index;
	int evfd;

	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-ENOENT, gd_notify(self->fd, 0, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &index));
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, index, 4, 0));
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, index, 0x100, 0));
	/* Unbound ports, whatever the map. */
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				     0));
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				     0xffffff));
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, 99 * PAGE,
				     UNMAP_NOTIFY_SEND_EVENT, 0xffffff));
	EXPECT_EQ(0, gd_notify(self->fd, index + PAGE + 7,
			       UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(-ENOENT, gd_notify(self->fd, index + 2 * PAGE,
				     UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, gd_notify(self->fd, index, 0, 0));

	evfd = evtchn_loopback(&send, &recv);
	ASSERT_EVTCHN_FD(evfd);
	EXPECT_EQ(0, gd_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, send));
	/* Replacing it drops the first port reference. */
	EXPECT_EQ(0, gd_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, send));
	/* The event comes when the map goes, never-mmap'ed or not. */
	EXPECT_EQ(-1, evtchn_wait(evfd, recv, 0));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 2));
	EXPECT_EQ((int)recv, evtchn_wait(evfd, recv, 30));
	close(evfd);
}

TEST_F(gd, mmap_errors)
{
	uint32_t refs[2] = { BAD_REF, BAD_REF };
	uint64_t index;
	void *p;

	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, 0);
	EXPECT_EQ(EINVAL, gd_errno(p));
	ASSERT_EQ(0, gd_map(self->fd, 2, 0, refs, &index));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, index + PAGE);
	EXPECT_EQ(EINVAL, gd_errno(p));
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	/* None of that used up the map's one mmap: it still fails on the ref. */
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
}

/* A grant that cannot be mapped fails the mmap; it is never a zero page. */
TEST_F(gd, mmap_bad_ref_fails)
{
	uint32_t ref = BAD_REF;
	uint64_t index;
	void *p;

	ASSERT_EQ(0, gd_map(self->fd, 1, 0, &ref, &index));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 1));
}

TEST_F(gd, grant_copy_errors)
{
	struct gntdev_grant_copy_segment segs[2];
	struct ioctl_gntdev_grant_copy copy = { .count = 0, .segments = NULL };
	char buf[64];

	EXPECT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, NULL));
	EXPECT_EQ(EFAULT, errno);
	copy.count = 1;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(EFAULT, errno);

	memset(segs, 0, sizeof(segs));
	copy.segments = segs;
	/* Local to local. */
	segs[0].source.virt = buf;
	segs[0].dest.virt = buf + 32;
	segs[0].len = 8;
	segs[0].status = 77;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(77, segs[0].status);

	/* A good segment, then one past the end of its grant's page: none runs. */
	segs[0].flags = GNTCOPY_dest_gref;
	segs[0].dest.foreign.ref = BAD_REF;
	segs[1] = segs[0];
	segs[1].dest.foreign.offset = 4000;
	segs[1].len = 97;
	copy.count = 2;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(77, segs[0].status);
	segs[1].flags = GNTCOPY_source_gref;
	segs[1].source.foreign.offset = 4096;
	segs[1].source.foreign.ref = BAD_REF;
	segs[1].dest.virt = buf;
	segs[1].len = 1;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(77, segs[0].status);
}

/* Failures are per segment: the ioctl itself succeeds. */
TEST_F(gd, grant_copy_bad_segments_status)
{
	struct gntdev_grant_copy_segment segs[3];
	struct ioctl_gntdev_grant_copy copy = { .count = 3, .segments = segs };
	char buf[64];

	memset(segs, 0, sizeof(segs));
	segs[0].flags = GNTCOPY_dest_gref;
	segs[0].source.virt = buf;
	segs[0].dest.foreign.ref = BAD_REF;
	segs[0].len = 8;
	segs[0].status = 77;
	segs[1].flags = GNTCOPY_source_gref;
	segs[1].source.foreign.ref = BAD_REF;
	segs[1].dest.virt = (void *)8;
	segs[1].len = 8;
	segs[1].status = 77;
	/* len 0 does nothing and succeeds. */
	segs[2].flags = GNTCOPY_source_gref;
	segs[2].source.foreign.ref = BAD_REF;
	segs[2].dest.virt = buf;
	segs[2].status = 77;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_LT(segs[0].status, 0);
	EXPECT_EQ(GNTST_bad_virt_addr, segs[1].status);
	EXPECT_EQ(GNTST_okay, segs[2].status);
}

TEST_HARNESS_MAIN
