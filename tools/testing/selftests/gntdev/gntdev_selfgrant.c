// SPDX-License-Identifier: GPL-2.0
/*
 * gntdev with real grants: dom0 grants pages to itself through
 * /dev/xen/gntalloc and maps them through /dev/xen/gntdev. Checks data both
 * ways, read-only mappings, partial munmap, UNMAP/close while mapped, fork,
 * unmap notification on kill, grant copy, and that every grant mapping ends
 * (Xen's own table, read with "xl debug-keys g", shows no pin left).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/uio.h>
#include <time.h>

#include "kselftest_harness.h"
#include "gntdev_util.h"
#include "xen_grants.h"

#define NPAGES 4
#define BAD_REF 0x7ffffff0u

/*
 * The pins Xen holds on each of dom0's grants @refs[@n] (0 = mapped by no
 * one) into @pins. 0, or -1 if Xen's table could not be read.
 */
static int grant_pins_many(const uint32_t *refs, unsigned int n, int *pins)
{
	static struct xen_grant_row rows[4096];
	int r, nrows = xen_grant_rows(rows, 4096);
	unsigned int i;

	if (nrows < 0)
		return -1;
	for (i = 0; i < n; i++)
		pins[i] = 0;
	for (r = 0; r < nrows; r++) {
		for (i = 0; i < n; i++) {
			if (rows[r].table == 0 && rows[r].ref == refs[i])
				pins[i] = rows[r].pin;
		}
	}
	return 0;
}

static int grant_pins(uint32_t ref)
{
	int pins;

	return grant_pins_many(&ref, 1, &pins) ? -1 : pins;
}

/*
 * Waits (a bounded while, for deferred unmaps) until none of @refs[@n] is
 * mapped. Returns how many still are, or -1 if that cannot be read.
 */
static int grants_still_mapped(const uint32_t *refs, unsigned int n)
{
	int pins[64], tries, mapped = 0;
	unsigned int i;

	for (tries = 0; tries < 60; tries++) {
		if (tries)
			usleep(500 * 1000);
		if (grant_pins_many(refs, n, pins))
			return -1;
		for (mapped = 0, i = 0; i < n; i++)
			mapped += pins[i] != 0;
		if (!mapped)
			break;
	}
	return mapped;
}

static int grant_pins_settled(uint32_t ref)
{
	return grants_still_mapped(&ref, 1);
}

FIXTURE(sg) {
	int fd;
	struct selfgrant sg;
};

FIXTURE_SETUP(sg)
{
	int err;

	self->fd = gd_open();
	ASSERT_GE(self->fd, 0);
	err = selfgrant_alloc(&self->sg, NPAGES, 1);
	if (err == -ENOENT)
		SKIP(return, "no /dev/xen/gntalloc");
	ASSERT_EQ(0, err);
}

FIXTURE_TEARDOWN(sg)
{
	int mapped;

	if (self->fd >= 0)
		close(self->fd);
	if (!self->sg.count)
		return;
	/* Every grant mapping made by the test has ended. */
	mapped = grants_still_mapped(self->sg.refs, self->sg.count);
	if (mapped >= 0)
		EXPECT_EQ(0, mapped) TH_LOG("grants still mapped");
	selfgrant_free(&self->sg);
}

static unsigned char *map_sg(struct __test_metadata *_metadata, int fd,
			     struct selfgrant *sg, int prot, uint64_t *index)
{
	unsigned char *p;

	ASSERT_EQ(0, gd_map(fd, sg->count, 0, sg->refs, index));
	p = mmap(NULL, sg->count * PAGE, prot, MAP_SHARED, fd, *index);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	return p;
}

TEST_F_TIMEOUT(sg, map_rw_both_ways, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);
	unsigned int i;

	/* Refs were proven mapped: the leak check in teardown can fail. */
	EXPECT_GT(grant_pins(self->sg.refs[0]), 0);
	for (i = 0; i < NPAGES; i++) {
		EXPECT_EQ(0xa0 + i, p[i * PAGE]);
		EXPECT_EQ(0xa0 + i, p[i * PAGE + PAGE - 1]);
	}
	memset(p + 2 * PAGE + 10, 0x5c, 100);
	EXPECT_EQ(0x5c, self->sg.mem[2 * PAGE + 10]);
	EXPECT_EQ(0x5c, self->sg.mem[2 * PAGE + 109]);
	self->sg.mem[3 * PAGE + 5] = 0x11;
	EXPECT_EQ(0x11, p[3 * PAGE + 5]);
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0, gd_unmap(self->fd, index, NPAGES));
}

TEST_F_TIMEOUT(sg, get_offset_for_vaddr, 120)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = { 0 };
	uint64_t index, other_index;
	unsigned char *p, *q;
	int other = gd_open();

	ASSERT_GE(other, 0);
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, &self->sg.refs[3], &index));
	p = map_sg(_metadata, self->fd, &self->sg, PROT_READ, &index);
	op.vaddr = (uintptr_t)p + PAGE + 10;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	EXPECT_EQ(index, op.offset);
	EXPECT_EQ(NPAGES, op.count);
	/* Past the end, or a mapping of another file: not ours. */
	op.vaddr = (uintptr_t)p + NPAGES * PAGE;
	q = mmap(p + NPAGES * PAGE, PAGE, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (q != MAP_FAILED) {
		EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR,
				    &op));
		EXPECT_EQ(EINVAL, errno);
		munmap(q, PAGE);
	}
	q = map_sg(_metadata, other, &self->sg, PROT_READ, &other_index);
	op.vaddr = (uintptr_t)q;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	EXPECT_EQ(EINVAL, errno);
	/* A split VMA still reports the whole map. */
	ASSERT_EQ(0, munmap(p, PAGE));
	op.vaddr = (uintptr_t)p + 2 * PAGE;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	EXPECT_EQ(index, op.offset);
	EXPECT_EQ(NPAGES, op.count);
	munmap(p + PAGE, (NPAGES - 1) * PAGE);
	munmap(q, NPAGES * PAGE);
	close(other);
}

static void read_first_byte(void *p)
{
	touch_read(p);
}

TEST_F_TIMEOUT(sg, readonly_mapping_faults_on_write, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg, PROT_READ,
				  &index);

	EXPECT_EQ(0xa1, p[PAGE]);
	EXPECT_EQ(0, fault_signal(p + PAGE, 0));
	EXPECT_EQ(SIGSEGV, fault_signal(p + PAGE, 1));
	EXPECT_EQ(0xa1, self->sg.mem[PAGE]);
	EXPECT_EQ(0xa1, p[PAGE]);
	/* It cannot be made writable, and cannot clear a notify byte. */
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-EINVAL, gd_notify(self->fd, index, UNMAP_NOTIFY_CLEAR_BYTE,
				     0));
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0xa1, self->sg.mem[PAGE]);
}

TEST_F_TIMEOUT(sg, readonly_with_clear_byte_pending_einval, 120)
{
	uint64_t index;
	void *p;

	ASSERT_EQ(0, gd_map(self->fd, NPAGES, 0, self->sg.refs, &index));
	ASSERT_EQ(0, gd_notify(self->fd, index + 5, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	p = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	EXPECT_EQ(0xa0, self->sg.mem[5]);
}

TEST_F_TIMEOUT(sg, readonly_grant_writable_mmap_fails, 120)
{
	struct selfgrant ro;
	uint64_t index;
	unsigned char *p;

	ASSERT_EQ(0, selfgrant_alloc(&ro, 1, 0));
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, ro.refs, &index));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, ro.refs, &index));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0xa0, p[100]);
	EXPECT_EQ(0, munmap(p, PAGE));
	close(self->fd);
	self->fd = -1;
	EXPECT_EQ(0, grant_pins_settled(ro.refs[0]));
	selfgrant_free(&ro);
}

/* Upstream "Accommodate VMA splitting": partial munmap, then the rest. */
TEST_F_TIMEOUT(sg, regression_accommodate_vma_splitting, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);
	int pins = grant_pins(self->sg.refs[1]);

	/* The user mappings of the pages munmap'ed end at once. */
	ASSERT_EQ(0, munmap(p + PAGE, 2 * PAGE));
	if (pins >= 0)
		EXPECT_LT(grant_pins(self->sg.refs[1]), pins);
	EXPECT_EQ(0xa0, p[0]);
	EXPECT_EQ(0xa3, p[3 * PAGE]);
	p[3 * PAGE + 1] = 0x77;
	EXPECT_EQ(0x77, self->sg.mem[3 * PAGE + 1]);
	EXPECT_EQ(SIGSEGV, fault_signal(p + PAGE, 1));
	EXPECT_EQ(SIGSEGV, fault_signal(p + 2 * PAGE, 0));
	EXPECT_GT(grant_pins(self->sg.refs[3]), 0);
	EXPECT_EQ(0, munmap(p, PAGE));
	EXPECT_EQ(0, munmap(p + 3 * PAGE, PAGE));
	EXPECT_EQ(0, gd_unmap(self->fd, index, NPAGES));
}

/* Upstream "Fix off-by-one error when unmapping with holes". */
TEST_F_TIMEOUT(sg, regression_unmap_with_holes, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);

	ASSERT_EQ(0, munmap(p + PAGE, PAGE));
	ASSERT_EQ(0, munmap(p + 3 * PAGE, PAGE));
	EXPECT_EQ(0xa2, p[2 * PAGE]);
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0, gd_unmap(self->fd, index, NPAGES));
}

/* A map is mmap'ed once; a MAP_FIXED remap over itself is refused. */
TEST_F_TIMEOUT(sg, remap_refused, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);
	void *q;

	q = mmap(p, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(q));
	munmap(p, NPAGES * PAGE);
	q = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_SHARED, self->fd, index);
	EXPECT_EQ(EINVAL, gd_errno(q));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 0));
}

TEST_F_TIMEOUT(sg, unmap_ioctl_while_mmapped, 120)
{
	uint64_t index, again;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);

	ASSERT_EQ(0, gd_unmap(self->fd, index, NPAGES));
	EXPECT_EQ(-ENOENT, gd_unmap(self->fd, index, NPAGES));
	/* Still mapped until munmap. */
	p[PAGE + 3] = 0x42;
	EXPECT_EQ(0x42, self->sg.mem[PAGE + 3]);
	EXPECT_GT(grant_pins(self->sg.refs[1]), 0);
	ASSERT_EQ(0, gd_map(self->fd, 1, 0, self->sg.refs, &again));
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0, gd_unmap(self->fd, again, 1));
}

TEST_F_TIMEOUT(sg, close_with_live_mapping, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);

	close(self->fd);
	self->fd = -1;
	p[2 * PAGE] = 0x24;
	EXPECT_EQ(0x24, self->sg.mem[2 * PAGE]);
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
}

/*
 * PV: whatever zaps grant PTEs (madvise, a moving mremap) ends those grant
 * mappings first; the pages then give SIGBUS, never someone else's frame.
 */
TEST_F_TIMEOUT(sg, zap_and_move_end_user_mappings, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);
	int pins = grant_pins(self->sg.refs[1]);
	unsigned char *q;

	ASSERT_EQ(0, madvise(p + PAGE, PAGE, MADV_DONTNEED));
	EXPECT_EQ(SIGBUS, fault_signal(p + PAGE, 0));
	if (pins >= 0)
		EXPECT_LT(grant_pins(self->sg.refs[1]), pins);
	EXPECT_EQ(0xa2, p[2 * PAGE]);

	/* It cannot grow; moved, its pages are gone. */
	q = mremap(p, NPAGES * PAGE, (NPAGES + 1) * PAGE, 0);
	EXPECT_EQ(MAP_FAILED, q);
	/* Move it onto a range of our own. */
	q = mmap(NULL, NPAGES * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	ASSERT_NE(MAP_FAILED, q);
	q = mremap(p, NPAGES * PAGE, NPAGES * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
		   q);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_EQ(SIGBUS, fault_signal(q + 2 * PAGE, 0));
	EXPECT_EQ(0xa2, self->sg.mem[2 * PAGE]);
	EXPECT_EQ(0, munmap(q, NPAGES * PAGE));
}

/* PV: a child does not inherit the mapping. */
TEST_F_TIMEOUT(sg, fork_does_not_copy, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);

	EXPECT_EQ(SIGSEGV, child_signal(read_first_byte, p));
	/* Even when asked to: the child gets an empty range. */
	ASSERT_EQ(0, madvise(p, NPAGES * PAGE, MADV_DOFORK));
	EXPECT_EQ(SIGBUS, child_signal(read_first_byte, p + PAGE));
	EXPECT_EQ(0xa1, p[PAGE]);
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
}

/* get_user_pages() finds the granted page (O_DIRECT, vmsplice...). */
TEST_F_TIMEOUT(sg, gup_reads_granted_page, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg, PROT_READ,
				  &index);
	unsigned char buf[64];
	struct iovec iov = { p + 2 * PAGE + 8, sizeof(buf) };
	int pipefd[2];

	ASSERT_EQ(0, pipe(pipefd));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ((ssize_t)sizeof(buf), vmsplice(pipefd[1], &iov, 1, 0));
	EXPECT_EQ((ssize_t)sizeof(buf), read(pipefd[0], buf, sizeof(buf)));
	EXPECT_EQ(0xa2, buf[0]);
	EXPECT_EQ(0xa2, buf[63]);
	close(pipefd[0]);
	close(pipefd[1]);
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
}

/*
 * Upstream "Avoid blocking in unmap_grant_pages()": the pipe holds the page
 * after munmap, UNMAP and close; they return at once, the data stays, and
 * the grant is unmapped once the pipe lets go.
 */
TEST_F_TIMEOUT(sg, regression_avoid_blocking_in_unmap, 120)
{
	uint64_t index;
	unsigned char *p = map_sg(_metadata, self->fd, &self->sg,
				  PROT_READ | PROT_WRITE, &index);
	unsigned char buf[PAGE];
	struct iovec iov = { p + PAGE, PAGE };
	int pipefd[2];

	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ((ssize_t)PAGE, vmsplice(pipefd[1], &iov, 1, 0));
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0, gd_unmap(self->fd, index, NPAGES));
	close(self->fd);
	self->fd = -1;
	EXPECT_GT(grant_pins(self->sg.refs[1]), 0);
	ASSERT_EQ((ssize_t)PAGE, read(pipefd[0], buf, PAGE));
	EXPECT_EQ(0xa1, buf[0]);
	EXPECT_EQ(0xa1, buf[PAGE - 1]);
	close(pipefd[0]);
	close(pipefd[1]);
	EXPECT_EQ(0, grant_pins_settled(self->sg.refs[1]));
}

/* The unmap notification when the mapping process is killed. */
TEST_F_TIMEOUT(sg, notify_on_kill, 120)
{
	uint32_t send, recv;
	int evfd, ready[2], status;
	char c;
	pid_t pid;

	evfd = evtchn_loopback(&send, &recv);
	ASSERT_EVTCHN_FD(evfd);
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		int fd = gd_open();
		uint64_t index;
		void *p;

		if (gd_map(fd, NPAGES, 0, self->sg.refs, &index))
			_exit(1);
		p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, index);
		if (p == MAP_FAILED ||
		    gd_notify(fd, index + PAGE + 100,
			      UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT,
			      send))
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(0xa1, self->sg.mem[PAGE + 100]);
	EXPECT_EQ(-1, evtchn_wait(evfd, recv, 0));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ((int)recv, evtchn_wait(evfd, recv, 30));
	EXPECT_EQ(0, self->sg.mem[PAGE + 100]);
	EXPECT_EQ(0xa1, self->sg.mem[PAGE + 99]);
	EXPECT_EQ(0xa1, self->sg.mem[PAGE + 101]);
	close(ready[0]);
	close(evfd);
}

TEST_F_TIMEOUT(sg, notify_on_munmap_and_unmap, 120)
{
	uint32_t send, recv;
	uint64_t index;
	unsigned char *p;
	int evfd = evtchn_loopback(&send, &recv);

	ASSERT_EVTCHN_FD(evfd);
	p = map_sg(_metadata, self->fd, &self->sg, PROT_READ | PROT_WRITE,
		   &index);
	ASSERT_EQ(0, gd_notify(self->fd, index + 3 * PAGE + 1,
			       UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT,
			       send));
	/* A munmap that does not cover the byte leaves it. */
	ASSERT_EQ(0, munmap(p, PAGE));
	EXPECT_EQ(0xa3, self->sg.mem[3 * PAGE + 1]);
	ASSERT_EQ(0, munmap(p + PAGE, (NPAGES - 1) * PAGE));
	EXPECT_EQ(0, self->sg.mem[3 * PAGE + 1]);
	/* The event waits for the map's release. */
	EXPECT_EQ(-1, evtchn_wait(evfd, recv, 0));
	EXPECT_EQ(0, gd_unmap(self->fd, index, NPAGES));
	EXPECT_EQ((int)recv, evtchn_wait(evfd, recv, 30));
	close(evfd);
}

static void copy_seg_to_gref(struct gntdev_grant_copy_segment *seg, void *src,
			     uint32_t ref, uint16_t off, uint16_t len)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = GNTCOPY_dest_gref;
	seg->source.virt = src;
	seg->dest.foreign.ref = ref;
	seg->dest.foreign.offset = off;
	seg->dest.foreign.domid = 0;
	seg->len = len;
	seg->status = 77;
}

static void copy_seg_from_gref(struct gntdev_grant_copy_segment *seg,
			       uint32_t ref, uint16_t off, void *dst,
			       uint16_t len)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = GNTCOPY_source_gref;
	seg->source.foreign.ref = ref;
	seg->source.foreign.offset = off;
	seg->dest.virt = dst;
	seg->len = len;
	seg->status = 77;
}

TEST_F_TIMEOUT(sg, grant_copy_both_ways, 120)
{
	struct gntdev_grant_copy_segment segs[5];
	struct ioctl_gntdev_grant_copy copy = { .count = 5, .segments = segs };
	unsigned char *buf;
	int i;

	buf = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	memset(buf, 0x3c, PAGE);
	copy_seg_to_gref(&segs[0], buf, self->sg.refs[0], 100, 200);
	/* A whole grant into a local buffer that crosses a page boundary. */
	copy_seg_from_gref(&segs[1], self->sg.refs[1], 0, buf + PAGE + 2000,
			   PAGE);
	copy_seg_from_gref(&segs[2], BAD_REF, 0, buf + 2 * PAGE + 3000, 16);
	/* Grant to grant. */
	segs[3] = segs[2];
	segs[3].flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	segs[3].source.foreign.ref = self->sg.refs[2];
	segs[3].source.foreign.offset = 10;
	segs[3].dest.foreign.ref = self->sg.refs[3];
	segs[3].dest.foreign.offset = 4000;
	segs[3].len = 96;
	copy_seg_to_gref(&segs[4], buf, BAD_REF, 0, 16);

	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(GNTST_okay, segs[0].status);
	EXPECT_EQ(GNTST_okay, segs[1].status);
	EXPECT_LT(segs[2].status, 0);
	EXPECT_EQ(GNTST_okay, segs[3].status);
	EXPECT_LT(segs[4].status, 0);

	EXPECT_EQ(0xa0, self->sg.mem[99]);
	for (i = 100; i < 300; i++)
		ASSERT_EQ(0x3c, self->sg.mem[i]);
	EXPECT_EQ(0xa0, self->sg.mem[300]);
	for (i = 0; i < (int)PAGE; i++)
		ASSERT_EQ(0xa1, buf[PAGE + 2000 + i]);
	EXPECT_EQ(0, buf[2 * PAGE + 3000]);
	EXPECT_EQ(0xa3, self->sg.mem[3 * PAGE + 3999]);
	EXPECT_EQ(0xa2, self->sg.mem[3 * PAGE + 4000]);
	EXPECT_EQ(0xa2, self->sg.mem[3 * PAGE + 4095]);
	munmap(buf, 3 * PAGE);
}

/* Upstream "remove struct gntdev_copy_batch from stack": many batches. */
TEST_F_TIMEOUT(sg, regression_copy_batch_many_segments, 120)
{
	enum { N = 300 };
	static struct gntdev_grant_copy_segment segs[N];
	struct ioctl_gntdev_grant_copy copy = { .count = N, .segments = segs };
	unsigned char src[N];
	int i;

	for (i = 0; i < N; i++) {
		src[i] = i & 0xff;
		copy_seg_to_gref(&segs[i], &src[i], self->sg.refs[i % NPAGES],
				 i, 1);
	}
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	for (i = 0; i < N; i++) {
		ASSERT_EQ(GNTST_okay, segs[i].status);
		ASSERT_EQ(i & 0xff, self->sg.mem[(i % NPAGES) * PAGE + i]);
	}
}

/*
 * Upstream "Prevent leaking grants" and XSA-361: one bad grant fails the
 * mmap, and the good ones mapped on the way are all unmapped again.
 */
TEST_F_TIMEOUT(sg, regression_prevent_leaking_grants, 120)
{
	uint32_t refs[3] = { self->sg.refs[0], BAD_REF, self->sg.refs[2] };
	uint64_t index;
	void *p;

	ASSERT_EQ(0, gd_map(self->fd, 3, 0, refs, &index));
	p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 index);
	EXPECT_EQ(EINVAL, gd_errno(p));
	EXPECT_EQ(0, gd_unmap(self->fd, index, 3));
	EXPECT_EQ(0, grant_pins_settled(self->sg.refs[0]));
	EXPECT_EQ(0, grant_pins_settled(self->sg.refs[2]));
}

struct churn {
	int fd;
	uint32_t ref;
	volatile unsigned char *granted;
	int errors;
};

/* Map, check, unmap one grant over and over on a shared file. */
static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	int i;

	for (i = 0; i < 50; i++) {
		uint64_t index;
		unsigned char *p;

		if (gd_map(c->fd, 1, 0, &c->ref, &index)) {
			c->errors++;
			continue;
		}
		p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
			 index);
		if (p == MAP_FAILED) {
			c->errors++;
		} else {
			p[i] = (unsigned char)i;
			if (c->granted[i] != (unsigned char)i)
				c->errors++;
			munmap(p, PAGE);
		}
		if (gd_unmap(c->fd, index, 1))
			c->errors++;
	}
	return NULL;
}

/* Threads mapping and unmapping on one file at once: no error, no leak. */
TEST_F_TIMEOUT(sg, concurrent_map_unmap, 240)
{
	struct churn c[NPAGES];
	pthread_t t[NPAGES];
	int i;

	for (i = 0; i < NPAGES; i++) {
		c[i].fd = self->fd;
		c[i].ref = self->sg.refs[i];
		c[i].granted = self->sg.mem + i * PAGE;
		c[i].errors = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, churn_thread, &c[i]));
	}
	for (i = 0; i < NPAGES; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, c[i].errors);
	}
}

TEST_HARNESS_MAIN
