// SPDX-License-Identifier: GPL-2.0
/*
 * IOCTL_GNTALLOC_RESTRICT in one domain: after it, ALLOC_GREF for any other
 * domain and SET_UNMAP_NOTIFY with an event on a channel that does not lead
 * to the restricted domain fail with EPERM and change nothing; DEALLOC_GREF,
 * mmap and the allowed requests keep working. Restricting twice, EBUSY,
 * EINVAL, EFAULT, and EPERM before the global limit (ENOSPC).
 * Needs /dev/xen/gntalloc, /dev/xen/gntdev (to read a grant back) and
 * /dev/xen/evtchn.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "restrict_util.h"

FIXTURE(rs) {
	int fd;
	int self, other;
};

FIXTURE_SETUP(rs)
{
	self->self = rs_self();
	self->other = rs_other();
	if (self->self < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	self->fd = rs_gntalloc();
	ASSERT_GE(self->fd, 0) TH_LOG("open gntalloc: %s", strerror(errno));
}

FIXTURE_TEARDOWN(rs)
{
	close(self->fd);
}

/* The offset the next 1-page grant to @domid gets (then released). */
static int64_t next_index(int fd, uint32_t domid)
{
	uint64_t index;
	int ret = rs_alloc(fd, domid, 1, &index, NULL);

	if (ret)
		return ret;
	rs_dealloc(fd, index, 1);
	return index;
}

/* Maps grant @ref of this domain through gntdev: 1 if it reads @byte. */
static int grant_reads(uint32_t ref, unsigned char byte)
{
	int fd = rs_gntdev();
	unsigned char *p;
	uint64_t index;
	int ok = 0;

	if (fd < 0)
		return 0;
	if (!rs_map1(fd, rs_self(), ref, &index)) {
		p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, index);
		ok = p != MAP_FAILED && p[0] == byte && p[PAGE - 1] == byte;
		if (p != MAP_FAILED)
			munmap(p, PAGE);
	}
	close(fd);
	return ok;
}

TEST_F(rs, unrestricted_grants_to_any_domain)
{
	EXPECT_GE(next_index(self->fd, self->self), 0);
	EXPECT_GE(next_index(self->fd, self->other), 0);
}

TEST_F(rs, restricted_grants_to_its_domain)
{
	unsigned char *p;
	uint64_t index;
	uint32_t ref;

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	ASSERT_EQ(0, rs_alloc(self->fd, self->self, 1, &index, &ref));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, index);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x6b, PAGE);
	EXPECT_TRUE(grant_reads(ref, 0x6b));
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 1));
	EXPECT_EQ(0, munmap(p, PAGE));
}

TEST_F(rs, alloc_other_domain_eperm_nothing_granted)
{
	uint64_t index = 0x5a5a;
	int64_t before;

	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	before = next_index(self->fd, self->other);
	ASSERT_GE(before, 0);
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, self->self, 1, &index, NULL));
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, self->self, 4, &index, NULL));
	EXPECT_EQ(0x5a5a, index);
	/* Offsets only grow: a refused request consumed none. */
	EXPECT_EQ(before + (int64_t)PAGE, next_index(self->fd, self->other));
}

TEST_F(rs, alloc_any_other_domid_eperm)
{
	uint32_t d;

	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	for (d = 0; d < 64; d++) {
		if (d == (uint32_t)self->self)
			continue;
		EXPECT_EQ(-EPERM, rs_alloc(self->fd, d, 1, NULL, NULL))
			TH_LOG("domid %u", d);
	}
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, RESERVED_DOMID - 1, 1, NULL, NULL));
}

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
	ASSERT_EQ(0, rs_alloc(self->fd, self->self, 1, &index, NULL));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, index);
	ASSERT_NE(MAP_FAILED, p);

	EXPECT_EQ(0, rs_notify(self->fd, index + 7, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, rs_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, send));
	EXPECT_EQ(-EPERM, rs_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				    foreign));
	EXPECT_EQ(-EPERM, rs_notify(self->fd, index + 9, UNMAP_NOTIFY_CLEAR_BYTE |
				    UNMAP_NOTIFY_SEND_EVENT, foreign));
	/* The accepted notification fires when the last user goes. */
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 1));
	EXPECT_EQ(0, munmap(p, PAGE));
	EXPECT_TRUE(rs_evtchn_wait(evfd, recv, 10));
	close(evfd);
}

TEST_F(rs, notify_own_channel_when_restricted_elsewhere_eperm)
{
	uint32_t send, recv;
	uint64_t index;
	int evfd;

	evfd = rs_evtchn();
	ASSERT_GE(evfd, 0);
	ASSERT_EQ(0, rs_loopback(evfd, &send, &recv));
	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	ASSERT_EQ(0, rs_alloc(self->fd, self->other, 1, &index, NULL));
	EXPECT_EQ(-EPERM, rs_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				    send));
	EXPECT_EQ(0, rs_notify(self->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 1));
	EXPECT_FALSE(rs_evtchn_wait(evfd, recv, 1));
	close(evfd);
}

TEST_F(rs, dealloc_and_mmap_unchanged)
{
	unsigned char *p;
	uint64_t index;

	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	ASSERT_EQ(0, rs_alloc(self->fd, self->other, 2, &index, NULL));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 self->fd, index);
	ASSERT_NE(MAP_FAILED, p);
	p[PAGE] = 1;
	EXPECT_EQ(0, munmap(p, 2 * PAGE));
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 2));
	EXPECT_EQ(-EINVAL, rs_dealloc(self->fd, index, 2));
}

TEST_F(rs, restrict_twice)
{
	ASSERT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_restrict(self->fd, self->self));
	EXPECT_EQ(-EPERM, rs_restrict(self->fd, RESERVED_DOMID - 1));
	EXPECT_GE(next_index(self->fd, self->other), 0);
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, self->self, 1, NULL, NULL));
}

TEST_F(rs, restrict_reserved_domid_einval_changes_nothing)
{
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, RESERVED_DOMID));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, 0xffff));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, 0x10000 + self->self));
	EXPECT_EQ(-EINVAL, rs_restrict(self->fd, UINT32_MAX));
	EXPECT_GE(next_index(self->fd, self->self), 0);
	EXPECT_GE(next_index(self->fd, self->other), 0);
	EXPECT_EQ(0, rs_restrict(self->fd, self->self));
}

TEST_F(rs, restrict_bad_pointer_efault)
{
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_RESTRICT, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_GE(next_index(self->fd, self->other), 0);
}

TEST_F(rs, restrict_while_granting_to_other_domain_ebusy)
{
	uint64_t index;

	ASSERT_EQ(0, rs_alloc(self->fd, self->self, 1, &index, NULL));
	EXPECT_EQ(-EBUSY, rs_restrict(self->fd, self->other));
	/* Refused: still unrestricted. */
	EXPECT_GE(next_index(self->fd, self->other), 0);
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 1));
	EXPECT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, self->self, 1, NULL, NULL));
}

TEST_F(rs, restrict_while_granting_to_same_domain)
{
	uint64_t index;

	ASSERT_EQ(0, rs_alloc(self->fd, self->other, 1, &index, NULL));
	EXPECT_EQ(0, rs_restrict(self->fd, self->other));
	EXPECT_EQ(0, rs_dealloc(self->fd, index, 1));
}

/* EPERM before the global limit: a too-big request is EPERM, not ENOSPC. */
TEST_F(rs, eperm_before_limit)
{
	FILE *f = fopen("/sys/module/gntalloc/parameters/limit", "r");
	unsigned int limit = 0;

	if (!f || fscanf(f, "%u", &limit) != 1)
		SKIP(return, "no gntalloc limit parameter");
	fclose(f);
	EXPECT_EQ(-ENOSPC, rs_alloc(self->fd, self->other, limit + 1, NULL, NULL));
	ASSERT_EQ(0, rs_restrict(self->fd, self->self));
	EXPECT_EQ(-EPERM, rs_alloc(self->fd, self->other, limit + 1, NULL, NULL));
	EXPECT_EQ(-ENOSPC, rs_alloc(self->fd, self->self, limit + 1, NULL, NULL));
}

TEST_HARNESS_MAIN
