// SPDX-License-Identifier: GPL-2.0
/*
 * What only a 32-bit (i386) process on a 64-bit kernel can check: the three
 * requests whose i386 layout differs from x86_64's, at their exact i386
 * sizes, with nothing readable past their end; and GRANT_COPY segments
 * whose 32-bit pointer has garbage in the other half of its 8-byte union.
 * RESTRICT, the same request on both ABIs, is checked here too. Every
 * other request is covered by the gntdev and gntalloc selftests,
 * which the compat32 suite runs again as 32-bit programs. Built with -m32
 * only (build.mk); runs in dom0, granting pages to itself.
 */
#include "kselftest_harness.h"
#include "../gntdev/gntdev_util.h"

#ifndef __i386__
#error "compat32_abi checks the i386 ABI: build it with -m32"
#endif

/* The i386 numbers (Documentation/userspace-api/gntalloc.rst, gntdev.rst). */
_Static_assert(IOCTL_GNTALLOC_ALLOC_GREF == 0x00144705, "ALLOC_GREF");
_Static_assert(IOCTL_GNTALLOC_DEALLOC_GREF == 0x000c4706, "DEALLOC_GREF");
_Static_assert(IOCTL_GNTDEV_GRANT_COPY == 0x00084708, "GRANT_COPY");
_Static_assert(sizeof(struct gntdev_grant_copy_segment) == 24, "segment");
_Static_assert(IOCTL_GNTDEV_RESTRICT == 0x40044780 &&
	       IOCTL_GNTALLOC_RESTRICT == 0x40044780, "RESTRICT");

/* x86_64's numbers of the same three requests. */
#define X86_64_ALLOC_GREF	0x00184705u
#define X86_64_DEALLOC_GREF	0x00104706u
#define X86_64_GRANT_COPY	0x00104708u

/* Two pages, the second unmapped: @size bytes that end at the hole. */
static void *at_page_end(unsigned char **area, size_t size)
{
	*area = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*area == MAP_FAILED)
		return NULL;
	munmap(*area + PAGE, PAGE);
	memset(*area, 0, PAGE);
	return *area + PAGE - size;
}

/* The other half of a local side's 8-byte union; i386 leaves it undefined. */
static void set_high_half(void *side, uint32_t garbage)
{
	memcpy((unsigned char *)side + sizeof(void *), &garbage, sizeof(garbage));
}

FIXTURE(compat) {
	int gntdev;
	int gntalloc;
};

FIXTURE_SETUP(compat)
{
	self->gntdev = gd_open();
	ASSERT_LE(0, self->gntdev) TH_LOG("/dev/xen/gntdev: %s", strerror(errno));
	self->gntalloc = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->gntalloc) TH_LOG("/dev/xen/gntalloc: %s", strerror(errno));
}

FIXTURE_TEARDOWN(compat)
{
	close(self->gntdev);
	close(self->gntalloc);
}

/* Read and written as 20 bytes: the kernel must not touch x86_64's tail. */
TEST_F(compat, alloc_gref_ends_at_its_i386_size)
{
	struct ioctl_gntalloc_alloc_gref *op;
	unsigned char *area;

	ASSERT_EQ(20, sizeof(*op));
	op = at_page_end(&area, sizeof(*op));
	ASSERT_NE(NULL, op);
	op->domid = 0;
	op->count = 1;
	op->index = ~0ULL;
	ASSERT_EQ(0, ioctl(self->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, op))
		TH_LOG("ALLOC_GREF: %s", strerror(errno));
	EXPECT_EQ(0, op->index);
	EXPECT_LE(8, op->gref_ids[0]);

	/* The same request 4 bytes later runs into the hole. */
	op = (void *)(area + PAGE - sizeof(*op) + 4);
	op->domid = 0;
	op->count = 1;
	EXPECT_EQ(-1, ioctl(self->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, op));
	EXPECT_EQ(EFAULT, errno);
	munmap(area, PAGE);
}

TEST_F(compat, dealloc_gref_ends_at_its_i386_size)
{
	struct ioctl_gntalloc_dealloc_gref *op;
	unsigned char *area;
	uint32_t ref;
	uint64_t index;
	struct {
		struct ioctl_gntalloc_alloc_gref op;
		uint32_t more[1];
	} alloc = { .op = { .domid = 0, .count = 2 } };

	ASSERT_EQ(12, sizeof(*op));
	ASSERT_EQ(0, ioctl(self->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, &alloc));
	index = alloc.op.index;
	ref = alloc.op.gref_ids[0];
	ASSERT_LE(8, ref);

	op = at_page_end(&area, sizeof(*op));
	ASSERT_NE(NULL, op);
	op->index = index;
	op->count = 2;
	EXPECT_EQ(0, ioctl(self->gntalloc, IOCTL_GNTALLOC_DEALLOC_GREF, op))
		TH_LOG("DEALLOC_GREF: %s", strerror(errno));
	/* Gone: a second DEALLOC of the same pages finds nothing. */
	EXPECT_EQ(-1, ioctl(self->gntalloc, IOCTL_GNTALLOC_DEALLOC_GREF, op));
	EXPECT_EQ(EINVAL, errno);
	munmap(area, PAGE);
}

/* x86_64's numbers mean nothing to a 32-bit process, as on an i386 kernel. */
TEST_F(compat, x86_64_numbers_unknown)
{
	unsigned char buf[64] = { 0 };

	EXPECT_EQ(-1, ioctl(self->gntalloc, X86_64_ALLOC_GREF, buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->gntalloc, X86_64_DEALLOC_GREF, buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->gntdev, X86_64_GRANT_COPY, buf));
	EXPECT_EQ(ENOTTY, errno);
}

/*
 * Both directions between a local buffer and a page granted to ourselves,
 * with 0xffffffff in the undefined half of each local pointer and the
 * 8-byte request header last in its page.
 */
TEST_F_TIMEOUT(compat, grant_copy_ignores_high_half, 120)
{
	struct gntdev_grant_copy_segment segs[2];
	struct ioctl_gntdev_grant_copy *copy;
	unsigned char src[64], dst[64], *area;
	struct selfgrant sg;
	int i;

	ASSERT_EQ(0, selfgrant_alloc(&sg, 1, 1));
	for (i = 0; i < 64; i++)
		src[i] = i + 1;
	memset(dst, 0, sizeof(dst));
	memset(segs, 0, sizeof(segs));

	segs[0].source.virt = src;
	set_high_half(&segs[0].source, 0xffffffff);
	segs[0].flags = GNTCOPY_dest_gref;
	segs[0].dest.foreign.ref = sg.refs[0];
	segs[0].dest.foreign.offset = 100;
	segs[0].len = sizeof(src);
	segs[0].status = 77;

	segs[1].flags = GNTCOPY_source_gref;
	segs[1].source.foreign.ref = sg.refs[0];
	segs[1].source.foreign.offset = 4000;
	segs[1].dest.virt = dst;
	set_high_half(&segs[1].dest, 0xffffffff);
	segs[1].len = sizeof(dst);
	segs[1].status = 77;

	copy = at_page_end(&area, sizeof(*copy));
	ASSERT_NE(NULL, copy);
	ASSERT_EQ(8, sizeof(*copy));
	copy->count = 2;
	copy->segments = segs;
	ASSERT_EQ(0, ioctl(self->gntdev, IOCTL_GNTDEV_GRANT_COPY, copy))
		TH_LOG("GRANT_COPY: %s", strerror(errno));
	EXPECT_EQ(GNTST_okay, segs[0].status);
	EXPECT_EQ(GNTST_okay, segs[1].status);
	EXPECT_EQ(0, memcmp(sg.mem + 100, src, sizeof(src)));
	for (i = 0; i < 64; i++)
		ASSERT_EQ(0xa0, dst[i]) TH_LOG("byte %d", i);
	munmap(area, PAGE);
	selfgrant_free(&sg);
}

/* RESTRICT has the same number on both ABIs; from 32-bit it works as native. */
TEST_F(compat, restrict_both_devices)
{
	struct ioctl_gntalloc_restrict bad = { .domid = 0x7ff0 };
	struct ioctl_gntalloc_restrict self0 = { .domid = 0 };
	struct ioctl_gntalloc_restrict other = { .domid = 1 };
	struct ioctl_gntdev_restrict map_self0 = { .domid = 0 };
	struct ioctl_gntalloc_alloc_gref alloc = { .domid = 1, .count = 1 };
	uint32_t ref = 8;

	EXPECT_EQ(-1, ioctl(self->gntalloc, IOCTL_GNTALLOC_RESTRICT, &bad));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, ioctl(self->gntalloc, IOCTL_GNTALLOC_RESTRICT, &self0))
		TH_LOG("gntalloc RESTRICT: %s", strerror(errno));
	EXPECT_EQ(-1, ioctl(self->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, &alloc));
	EXPECT_EQ(EPERM, errno);
	alloc.domid = 0;
	EXPECT_EQ(0, ioctl(self->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, &alloc));
	EXPECT_EQ(-1, ioctl(self->gntalloc, IOCTL_GNTALLOC_RESTRICT, &other));
	EXPECT_EQ(EPERM, errno);

	ASSERT_EQ(0, ioctl(self->gntdev, IOCTL_GNTDEV_RESTRICT, &map_self0))
		TH_LOG("gntdev RESTRICT: %s", strerror(errno));
	EXPECT_EQ(-EPERM, gd_map(self->gntdev, 1, 1, &ref, NULL));
	EXPECT_EQ(0, gd_map(self->gntdev, 1, 0, &ref, NULL));
}

TEST_HARNESS_MAIN
