// SPDX-License-Identifier: GPL-2.0
/*
 * IOCTL_GNTDEV_RESTRICT in one domain. The grants are pages this domain
 * grants to itself (through an unrestricted gntalloc file), which a gntdev
 * file maps and copies fine until it is restricted to another domain: then
 * MAP_GRANT_REF, GRANT_COPY (either direction) and SET_UNMAP_NOTIFY with
 * an event on a channel that does not lead to that domain are refused with
 * EPERM, changing nothing; the requests the restriction does not cover
 * keep working. Restricting twice, EBUSY, EINVAL, EFAULT, and the order of
 * argument errors, EPERM and the file's cap (ENOSPC).
 * Needs /dev/xen/gntdev, /dev/xen/gntalloc and /dev/xen/evtchn.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "restrict_util.h"

FIXTURE(rs) {
	int fd;
	int self, other;
	struct rs_grant g;	/* 2 pages granted to ourselves */
};

FIXTURE_SETUP(rs)
{
	int ret;

	self->self = rs_self();
	self->other = rs_other();
	if (self->self < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	self->fd = rs_gntdev();
	ASSERT_GE(self->fd, 0) TH_LOG("open gntdev: %s", strerror(errno));
	ret = rs_grant(&self->g, self->self, 2);
	ASSERT_EQ(0, ret) TH_LOG("self-grant: %s", strerror(-ret));
}

FIXTURE_TEARDOWN(rs)
{
	rs_grant_free(&self->g);
	close(self->fd);
}

/* Maps (@domid, @ref) and checks the page reads as 0xa0 + @page. */
static int map_reads(int fd, uint32_t domid, uint32_t ref, int page)
{
	unsigned char *p;
	uint64_t index;
	int ok;

	if (rs_map1(fd, domid, ref, &index))
		return 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, index);
	ok = p != MAP_FAILED && p[0] == 0xa0 + page && p[PAGE - 1] == 0xa0 + page;
	if (p != MAP_FAILED)
		munmap(p, PAGE);
	return !rs_unmap(fd, index, 1) && ok;
}

TEST_F(rs, unrestricted_maps_self_grant)
{
	/* The control: without the restriction the grants work. */
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[0], 0));
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[1], 1));
}

TEST_F(rs, restricted_to_self_maps_self_grant)
{
	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[0], 0));
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[1], 1));
}

TEST_F(rs, map_other_domain_eperm)
{
	uint32_t domids[2] = { self->self, self->self };

	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_map1(self->fd, self->self, self->g.refs[0], NULL));
	EXPECT_EQ(-EPERM, rs_map(self->fd, 2, domids, self->g.refs, NULL));
}

TEST_F(rs, map_mixed_domains_eperm_nothing_reserved)
{
	uint32_t refs[3] = { self->g.refs[0], self->g.refs[1], self->g.refs[0] };
	uint32_t domids[3] = { self->self, self->self, self->other };

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	/* The other domain's grant last, then first. */
	EXPECT_EQ(-EPERM, rs_map(self->fd, 3, domids, refs, NULL));
	domids[0] = self->other;
	domids[2] = self->self;
	EXPECT_EQ(-EPERM, rs_map(self->fd, 3, domids, refs, NULL));
	EXPECT_EQ(0, rs_next_index(self->fd, self->self, refs[0]));
}

TEST_F(rs, map_any_other_domid_eperm)
{
	uint32_t d, ref = self->g.refs[0];

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	for (d = 0; d < 64; d++) {
		if (d == (uint32_t)self->self)
			continue;
		EXPECT_EQ(-EPERM, rs_map1(self->fd, d, ref, NULL))
			TH_LOG("domid %u", d);
	}
	EXPECT_EQ(-EPERM, rs_map1(self->fd, RESERVED_DOMID - 1, ref, NULL));
}

TEST_F(rs, copy_from_other_domain_eperm)
{
	struct gntdev_grant_copy_segment seg;
	unsigned char buf[64];

	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	memset(buf, 0x11, sizeof(buf));
	rs_seg_from(&seg, self->self, self->g.refs[0], buf, sizeof(buf));
	EXPECT_EQ(-EPERM, rs_copy(self->fd, &seg, 1));
	EXPECT_EQ(UNTOUCHED_STATUS, seg.status);
	EXPECT_EQ(0x11, buf[0]);
	EXPECT_EQ(0x11, buf[sizeof(buf) - 1]);
}

TEST_F(rs, copy_to_other_domain_eperm)
{
	struct gntdev_grant_copy_segment seg;
	unsigned char buf[64];

	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	memset(buf, 0x22, sizeof(buf));
	rs_seg_to(&seg, self->self, self->g.refs[1], buf, sizeof(buf));
	EXPECT_EQ(-EPERM, rs_copy(self->fd, &seg, 1));
	EXPECT_EQ(UNTOUCHED_STATUS, seg.status);
	EXPECT_EQ(0xa1, self->g.mem[PAGE]);
	EXPECT_EQ(0xa1, self->g.mem[PAGE + sizeof(buf) - 1]);
}

TEST_F(rs, copy_gref_to_gref_either_side_other_eperm)
{
	struct gntdev_grant_copy_segment seg;

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	memset(&seg, 0, sizeof(seg));
	seg.flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	seg.source.foreign.domid = self->self;
	seg.source.foreign.ref = self->g.refs[0];
	seg.dest.foreign.domid = self->other;
	seg.dest.foreign.ref = self->g.refs[1];
	seg.len = 16;
	seg.status = UNTOUCHED_STATUS;
	EXPECT_EQ(-EPERM, rs_copy(self->fd, &seg, 1));
	EXPECT_EQ(UNTOUCHED_STATUS, seg.status);
	seg.source.foreign.domid = self->other;
	seg.dest.foreign.domid = self->self;
	EXPECT_EQ(-EPERM, rs_copy(self->fd, &seg, 1));
	EXPECT_EQ(UNTOUCHED_STATUS, seg.status);
	EXPECT_EQ(0xa1, self->g.mem[PAGE]);
}

/* One bad segment among good ones: the whole request is refused. */
TEST_F(rs, copy_mixed_segments_eperm_nothing_copied)
{
	struct gntdev_grant_copy_segment segs[3];
	unsigned char in[32], out[32];

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	memset(in, 0, sizeof(in));
	memset(out, 0x33, sizeof(out));
	rs_seg_from(&segs[0], self->self, self->g.refs[0], in, sizeof(in));
	rs_seg_to(&segs[1], self->self, self->g.refs[1], out, sizeof(out));
	rs_seg_to(&segs[2], self->other, self->g.refs[1], out, sizeof(out));
	EXPECT_EQ(-EPERM, rs_copy(self->fd, segs, 3));
	EXPECT_EQ(UNTOUCHED_STATUS, segs[0].status);
	EXPECT_EQ(UNTOUCHED_STATUS, segs[1].status);
	EXPECT_EQ(UNTOUCHED_STATUS, segs[2].status);
	EXPECT_EQ(0, in[0]);
	EXPECT_EQ(0xa1, self->g.mem[PAGE]);
}

TEST_F(rs, copy_restricted_domain_both_ways)
{
	struct gntdev_grant_copy_segment segs[2];
	unsigned char in[32], out[32];

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	memset(in, 0, sizeof(in));
	memset(out, 0x44, sizeof(out));
	rs_seg_from(&segs[0], self->self, self->g.refs[0], in, sizeof(in));
	rs_seg_to(&segs[1], self->self, self->g.refs[1], out, sizeof(out));
	ASSERT_EQ(0, rs_copy(self->fd, segs, 2));
	EXPECT_EQ(GNTST_okay, segs[0].status);
	EXPECT_EQ(GNTST_okay, segs[1].status);
	EXPECT_EQ(0xa0, in[0]);
	EXPECT_EQ(0xa0, in[sizeof(in) - 1]);
	EXPECT_EQ(0x44, self->g.mem[PAGE]);
	EXPECT_EQ(0xa1, self->g.mem[PAGE + sizeof(out)]);
}

/*
 * Restricted to this domain: an event on a port waiting for another domain
 * is refused and leaves the notification as it was; one on a channel to
 * this domain is accepted and fires at unmap.
 */
TEST_F(rs, notify_event_other_domain_eperm)
{
	uint32_t send, recv;
	unsigned char *p;
	uint64_t index;
	int evfd, foreign;

	evfd = rs_evtchn();
	ASSERT_GE(evfd, 0) TH_LOG("open evtchn: %s", strerror(errno));
	foreign = rs_unbound(evfd, self->other);
	ASSERT_GE(foreign, 0) TH_LOG("unbound port: %s", strerror(-foreign));
	ASSERT_EQ(0, rs_loopback(evfd, &send, &recv));
	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	ASSERT_EQ(0, rs_map1(self->fd, self->self, self->g.refs[0], &index));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, index);
	ASSERT_NE(MAP_FAILED, p);

	/* A byte alone is no event: allowed (and replaced just below). */
	EXPECT_EQ(0, rs_notify(self->fd, index + 7, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, rs_notify(self->fd, index + 5, UNMAP_NOTIFY_CLEAR_BYTE |
			       UNMAP_NOTIFY_SEND_EVENT, send));
	/* Refused, and the notification set above stays. */
	EXPECT_EQ(-EPERM, rs_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				    foreign));
	EXPECT_EQ(-EPERM, rs_notify(self->fd, index + 9, UNMAP_NOTIFY_CLEAR_BYTE |
				    UNMAP_NOTIFY_SEND_EVENT, foreign));

	munmap(p, PAGE);
	EXPECT_EQ(0, rs_unmap(self->fd, index, 1));
	EXPECT_TRUE(rs_evtchn_wait(evfd, recv, 10));
	EXPECT_EQ(0, self->g.mem[5]);
	EXPECT_EQ(0xa0, self->g.mem[7]);
	EXPECT_EQ(0xa0, self->g.mem[9]);
	close(evfd);
}

TEST_F(rs, unmap_offset_mmap_unchanged)
{
	struct ioctl_gntdev_get_offset_for_vaddr off = { 0 };
	unsigned char *p;
	uint64_t index;

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	ASSERT_EQ(0, rs_map(self->fd, 2, (uint32_t[]){ self->self, self->self },
			    self->g.refs, &index));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 self->fd, index);
	ASSERT_NE(MAP_FAILED, p);
	p[PAGE + 3] = 0x5a;
	EXPECT_EQ(0x5a, self->g.mem[PAGE + 3]);
	off.vaddr = (uintptr_t)p;
	EXPECT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off));
	EXPECT_EQ(index, off.offset);
	EXPECT_EQ(2, off.count);
	EXPECT_EQ(0, munmap(p, 2 * PAGE));
	EXPECT_EQ(0, rs_unmap(self->fd, index, 2));
}

TEST_F(rs, set_max_grants_unchanged)
{
	struct ioctl_gntdev_set_max_grants op = { .count = 4 };
	int control = rs_gntdev(), want;

	ASSERT_GE(control, 0);
	want = ioctl(control, IOCTL_GNTDEV_SET_MAX_GRANTS, &op) ? errno : 0;
	close(control);
	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(want, ioctl(self->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &op) ?
		  errno : 0);
}

TEST_F(rs, restrict_twice)
{
	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_EQ(-EPERM, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_restrict(self->fd, RESERVED_DOMID - 1));
	/* Still restricted to the first domain. */
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[0], 0));
	EXPECT_EQ(-EPERM, rs_map1(self->fd, self->other, self->g.refs[0], NULL));
}

TEST_F(rs, restrict_reserved_domid_einval_changes_nothing)
{
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, RESERVED_DOMID));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, 0x7fff));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, 0xffff));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, 0x10000 + self->self));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, UINT32_MAX));
	/* Not restricted: self-grants map, and any domain can be chosen. */
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[0], 0));
	EXPECT_EQ(0, rs_restrict(self->fd, self->other));
}

TEST_F(rs, restrict_bad_pointer_efault)
{
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_RESTRICT, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_RESTRICT, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[0], 0));
}

TEST_F(rs, restrict_while_reserving_other_domain_ebusy)
{
	uint64_t index;

	ASSERT_EQ(0, rs_map1(self->fd, self->self, self->g.refs[0], &index));
	EXPECT_EQ(-EBUSY, rs_restrict(self->fd, self->other));
	/* Refused: still unrestricted. */
	EXPECT_TRUE(map_reads(self->fd, self->self, self->g.refs[1], 1));
	/* Holding only this domain's grants is fine for this domain. */
	EXPECT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_EQ(0, rs_unmap(self->fd, index, 1));
}

TEST_F(rs, restrict_after_unmapping_everything)
{
	uint64_t index;

	ASSERT_EQ(0, rs_map1(self->fd, self->self, self->g.refs[0], &index));
	ASSERT_EQ(-EBUSY, rs_restrict(self->fd, self->other));
	ASSERT_EQ(0, rs_unmap(self->fd, index, 1));
	EXPECT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_map1(self->fd, self->self, self->g.refs[0], NULL));
}

/* EINVAL and EFAULT (argument errors) come before EPERM. */
TEST_F(rs, argument_errors_before_eperm)
{
	struct ioctl_gntdev_map_grant_ref op = { .count = 0 };
	struct ioctl_gntdev_grant_copy copy = { .count = 1,
						.segments = (void *)8 };

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EINVAL, rs_map1(self->fd, RESERVED_DOMID, 1, NULL));
	EXPECT_EQ(-EINVAL, rs_map1(self->fd, 0xffff, 1, NULL));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GRANT_COPY, &copy));
	EXPECT_EQ(EFAULT, errno);
}

/* EPERM comes before the file's cap (SET_MAX_GRANTS): no ENOSPC. */
TEST_F(rs, eperm_before_file_cap)
{
	struct ioctl_gntdev_set_max_grants max = { .count = 1 };
	uint32_t domids[2] = { self->self, self->self };
	int control = rs_gntdev(), capped;

	ASSERT_GE(control, 0);
	capped = !ioctl(control, IOCTL_GNTDEV_SET_MAX_GRANTS, &max) &&
		 rs_map(control, 2, domids, self->g.refs, NULL) == -ENOSPC;
	close(control);
	if (!capped)
		SKIP(return, "SET_MAX_GRANTS gives no per-file cap here");
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_map(self->fd, 2, domids, self->g.refs, NULL));
}

TEST_HARNESS_MAIN
