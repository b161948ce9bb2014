// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/xen/gntalloc: ALLOC_GREF, DEALLOC_GREF and
 * SET_UNMAP_NOTIFY, their results and their errors, and that a failing call
 * changes nothing (checked through the offsets the next ALLOC_GREF gets,
 * through mmap and through the number of grefs in use).
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "gntalloc_test.h"

FIXTURE(gnt) {
	int fd;
};

FIXTURE_SETUP(gnt)
{
	self->fd = gnt_open();
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", GNTALLOC_NODE, strerror(errno));
	ASSERT_EQ(1, gnt_in_use_is(0));
}

FIXTURE_TEARDOWN(gnt)
{
	close(self->fd);
}

/* The next ALLOC_GREF of one page gets @index: nothing was consumed. */
static int next_index_is(int fd, uint64_t index)
{
	uint64_t got;

	if (gnt_alloc(fd, PEER_DOMID, 0, 1, &got, NULL))
		return 0;
	gnt_dealloc(fd, got, 1);
	return got == index;
}

TEST_F(gnt, alloc_returns_refs_and_growing_offsets)
{
	uint32_t refs[4], more[2];
	uint64_t index, index2;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 4, &index, refs));
	EXPECT_EQ(0, index);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, GNTALLOC_FLAG_WRITABLE, 2,
			       &index2, more));
	EXPECT_EQ(4 * PAGE, index2);
	/* Refs 0-7 are reserved by Xen; all refs differ. */
	for (int i = 0; i < 4; i++) {
		EXPECT_LE(8, refs[i]);
		for (int j = 0; j < i; j++)
			EXPECT_NE(refs[i], refs[j]);
		EXPECT_NE(refs[i], more[0]);
		EXPECT_NE(refs[i], more[1]);
	}
	EXPECT_EQ(1, gnt_in_use_is(6));
	/* Offsets are never reused, even after DEALLOC_GREF. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, index2, 2));
	EXPECT_EQ(1, next_index_is(self->fd, 6 * PAGE));
}

TEST_F(gnt, alloc_pages_are_zeroed)
{
	uint64_t index;
	unsigned char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 8, &index, NULL));
	p = gnt_map(self->fd, index, 8);
	ASSERT_NE(MAP_FAILED, p);
	for (size_t i = 0; i < 8 * PAGE; i++) {
		ASSERT_EQ(0, p[i]) TH_LOG("byte %zu", i);
	}
	munmap(p, 8 * PAGE);
}

TEST_F(gnt, alloc_count_zero_einval)
{
	EXPECT_EQ(-EINVAL, gnt_alloc(self->fd, PEER_DOMID, 0, 0, NULL, NULL));
	EXPECT_EQ(1, next_index_is(self->fd, 0));
}

TEST_F(gnt, alloc_unknown_flags_einval)
{
	EXPECT_EQ(-EINVAL, gnt_alloc(self->fd, PEER_DOMID, 2, 1, NULL, NULL));
	EXPECT_EQ(-EINVAL, gnt_alloc(self->fd, PEER_DOMID, 0x8001, 1, NULL, NULL));
	EXPECT_EQ(1, next_index_is(self->fd, 0));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, alloc_reserved_domid_einval)
{
	static const uint16_t bad[] = { 0x7ff0, 0x7ff1, 0x7ff2, 0x7ff4, 0xffff };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, gnt_alloc(self->fd, bad[i], 0, 1, NULL, NULL))
			TH_LOG("domid %#x", bad[i]);
	}
	EXPECT_EQ(1, next_index_is(self->fd, 0));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/*
 * Upstream fix "xen/gntalloc: validate grant count before allocation": a
 * huge count is refused before anything is sized by it (only the header is
 * passed in, so writing the refs would fault) and nothing changes.
 */
TEST_F(gnt, alloc_count_checked_before_allocation)
{
	static const uint32_t huge[] = {
		0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff,
		0x40000001, 0x20000001, 1025,
	};

	for (unsigned int i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, huge[i],
					     NULL, NULL))
			TH_LOG("count %#x", huge[i]);
	}
	EXPECT_EQ(1, next_index_is(self->fd, 0));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, alloc_bad_pointer_efault)
{
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_ALLOC_GREF, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(1, next_index_is(self->fd, 0));
}

/*
 * The refs cannot all be copied out: EFAULT, and the grants are taken back
 * (upstream leaves them allocated at a consumed offset).
 */
TEST_F(gnt, alloc_copyout_fault_keeps_nothing)
{
	struct ioctl_gntalloc_alloc_gref *op;
	char *area;

	area = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, mprotect(area + PAGE, PAGE, PROT_NONE));
	/* Header and the first ref fit; refs 2..4 fall on the hole. */
	op = (void *)(area + PAGE - 20);
	op->domid = PEER_DOMID;
	op->flags = 0;
	op->count = 4;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_ALLOC_GREF, op));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, 0, 1));
	EXPECT_EQ(1, gnt_in_use_is(0));
	EXPECT_EQ(1, next_index_is(self->fd, 0));
	munmap(area, 2 * PAGE);
}

struct guesser {
	int fd;
	volatile int stop;
	int bad;
	int won;	/* DEALLOC_GREF calls that got in before the take-back */
};

static void *dealloc_guesser(void *arg)
{
	struct guesser *g = arg;
	int rc;
	char *p;

	while (!g->stop) {
		rc = gnt_dealloc(g->fd, 0, 1);
		if (rc == 0)
			g->won++;
		else if (rc != -EINVAL)
			g->bad++;
		p = gnt_map(g->fd, PAGE, 1);
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		else if (errno != ENOENT)
			g->bad++;
	}
	return NULL;
}

/*
 * ALLOC_GREF keeps failing its copy-out (so it lists grefs at offset 0 and
 * takes them back) while another thread deallocates and maps offsets 0 and
 * 4096: neither gets in the other's way, and nothing is left over.
 */
TEST_F_TIMEOUT(gnt, copyout_fault_races_with_dealloc_and_mmap, 200)
{
	struct guesser g = { .fd = self->fd };
	struct ioctl_gntalloc_alloc_gref *op;
	pthread_t t;
	char *area;

	area = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, mprotect(area + PAGE, PAGE, PROT_NONE));
	op = (void *)(area + PAGE - 20);
	ASSERT_EQ(0, pthread_create(&t, NULL, dealloc_guesser, &g));
	for (int i = 0; i < 1000; i++) {
		op->domid = PEER_DOMID;
		op->flags = 0;
		op->count = 4;
		EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_ALLOC_GREF, op));
		EXPECT_EQ(EFAULT, errno);
	}
	g.stop = 1;
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(0, g.bad);
	TH_LOG("the other thread got in %d times", g.won);
	EXPECT_EQ(1, gnt_in_use_is(0));
	EXPECT_EQ(1, next_index_is(self->fd, 0));
	munmap(area, 2 * PAGE);
}

TEST_F(gnt, dealloc_then_offsets_unknown)
{
	uint64_t index;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(1, gnt_in_use_is(0));
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index, 1));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-ENOENT, gnt_notify(self->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 1));
}

TEST_F(gnt, dealloc_part_and_across_allocations)
{
	uint64_t a, b;
	void *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 3, &a, NULL));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &b, NULL));
	ASSERT_EQ(b, a + 3 * PAGE);
	/* The middle page of the first allocation. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, a + PAGE, 1));
	EXPECT_EQ(1, gnt_in_use_is(4));
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, a, 3));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, a, 2));
	p = gnt_map(self->fd, a, 1);
	EXPECT_NE(MAP_FAILED, p);
	munmap(p, PAGE);
	/* The last page of the first and both of the second at once. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, a + 2 * PAGE, 3));
	EXPECT_EQ(1, gnt_in_use_is(1));
	ASSERT_EQ(0, gnt_dealloc(self->fd, a, 1));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, dealloc_bad_inputs_change_nothing)
{
	uint64_t index;
	void *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 0));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index + 1, 1));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index + PAGE / 2, 1));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 3));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index + PAGE, 2));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index + 2 * PAGE, 1));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 0xffffffff));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, ~0ULL & ~(PAGE - 1), 1));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_DEALLOC_GREF, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(1, gnt_in_use_is(2));
	p = gnt_map(self->fd, index, 2);
	EXPECT_NE(MAP_FAILED, p);
	munmap(p, 2 * PAGE);
	EXPECT_EQ(0, gnt_dealloc(self->fd, index, 2));
}

TEST_F(gnt, dealloc_other_files_grefs_einval)
{
	uint64_t index;
	int other = gnt_open();

	ASSERT_LE(0, other);
	ASSERT_EQ(0, gnt_alloc(other, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(-EINVAL, gnt_dealloc(self->fd, index, 1));
	EXPECT_EQ(1, gnt_in_use_is(1));
	close(other);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, close_releases_everything)
{
	int other = gnt_open();

	ASSERT_LE(0, other);
	ASSERT_EQ(0, gnt_alloc(other, PEER_DOMID, 0, 5, NULL, NULL));
	ASSERT_EQ(0, gnt_alloc(other, PEER_DOMID, 1, 3, NULL, NULL));
	EXPECT_EQ(1, gnt_in_use_is(8));
	close(other);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, notify_accepts_any_byte_of_a_listed_page)
{
	uint64_t index;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	EXPECT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0, gnt_notify(self->fd, index + PAGE + 4095,
				UNMAP_NOTIFY_CLEAR_BYTE, 0));
	/* Action 0 cancels. */
	EXPECT_EQ(0, gnt_notify(self->fd, index + 17, 0, 0));
}

TEST_F(gnt, notify_unknown_index_enoent)
{
	uint64_t index;

	EXPECT_EQ(-ENOENT, gnt_notify(self->fd, 0, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(-ENOENT, gnt_notify(self->fd, index + PAGE,
				      UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(-ENOENT, gnt_notify(self->fd, ~0ULL, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(-ENOENT, gnt_notify(self->fd, index + PAGE, 0, 0));
}

TEST_F(gnt, notify_bad_action_einval)
{
	uint64_t index;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(-EINVAL, gnt_notify(self->fd, index, 4, 0));
	EXPECT_EQ(-EINVAL, gnt_notify(self->fd, index, 0x80000001, 0));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, NULL));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(gnt, notify_unbound_port_einval)
{
	struct evtchn_pair ev;
	uint64_t index;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(-EINVAL, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				      0xffffffff));
	EXPECT_EQ(-EINVAL, gnt_notify(self->fd, index,
				      UNMAP_NOTIFY_SEND_EVENT | UNMAP_NOTIFY_CLEAR_BYTE,
				      0));
	/* A port bound here, then unbound, is refused again. */
	ASSERT_EVTCHN_PAIR_OPEN(&ev);
	close(ev.fd);
	EXPECT_EQ(-EINVAL, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				      ev.send));
}

TEST_F(gnt, notify_event_on_dealloc_once)
{
	struct evtchn_pair ev;
	uint64_t index;

	ASSERT_EVTCHN_PAIR_OPEN(&ev);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	ASSERT_EQ(0, gnt_notify(self->fd, index + 5, UNMAP_NOTIFY_SEND_EVENT,
				ev.send));
	EXPECT_EQ(0, evtchn_pair_wait(&ev, 200));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	EXPECT_EQ(ev.recv, evtchn_pair_wait(&ev, 30000));
	EXPECT_EQ(0, evtchn_pair_wait(&ev, 200));
	close(ev.fd);
}

TEST_F(gnt, notify_replaced_and_cancelled)
{
	struct evtchn_pair a, b;
	uint64_t index;

	ASSERT_EVTCHN_PAIR_OPEN(&a);
	ASSERT_EVTCHN_PAIR_OPEN(&b);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	/* Page 0: a, replaced by b. Page 1: a, cancelled. */
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, a.send));
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, b.send));
	ASSERT_EQ(0, gnt_notify(self->fd, index + PAGE, UNMAP_NOTIFY_SEND_EVENT,
				a.send));
	ASSERT_EQ(0, gnt_notify(self->fd, index + PAGE, 0, 0));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(b.recv, evtchn_pair_wait(&b, 30000));
	EXPECT_EQ(0, evtchn_pair_wait(&a, 500));
	close(a.fd);
	close(b.fd);
}

/* The driver holds its own reference: the port outlives the evtchn fd. */
TEST_F(gnt, notify_port_outlives_evtchn_fd)
{
	struct evtchn_pair ev, spare;
	uint64_t index;

	ASSERT_EVTCHN_PAIR_OPEN(&ev);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, ev.send));
	close(ev.fd);
	/* The port number must still be taken. */
	ASSERT_EVTCHN_PAIR_OPEN(&spare);
	EXPECT_NE(ev.send, spare.send);
	EXPECT_NE(ev.send, spare.recv);
	close(spare.fd);
	EXPECT_EQ(0, gnt_dealloc(self->fd, index, 1));
}

TEST_F(gnt, unknown_ioctl_enotty)
{
	char buf[64] = { 0 };

	EXPECT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'G', 0, 24), buf));
	EXPECT_EQ(ENOTTY, errno);
	/* ALLOC_GREF as the other ABI numbers it (i386: 20 bytes, x86_64: 24). */
	EXPECT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'G', 5,
					   sizeof(long) == 4 ? 24 : 20), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'G', 8, 16), buf));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN
