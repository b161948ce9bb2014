// SPDX-License-Identifier: GPL-2.0
/*
 * gntalloc checked by an independent peer: this domain grants pages to
 * itself and maps them back through /dev/xen/gntdev (Linux's xen-gntdev or
 * ours), so what the peer sees can be checked: data both ways, read-only
 * grants, the cleared byte of the unmap notification (on DEALLOC_GREF and
 * on SIGKILL), and that a page the peer still maps is never handed back to
 * the allocator.
 */
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "gntalloc_test.h"

FIXTURE(peer) {
	int fd;		/* gntalloc */
	int dev;	/* gntdev */
	uint16_t self;
};

FIXTURE_SETUP(peer)
{
	int self_id = xdom_self();

	ASSERT_LE(0, self_id) TH_LOG("own domid unknown (XQ_DOMID)");
	self->self = self_id;
	self->fd = gnt_open();
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", GNTALLOC_NODE, strerror(errno));
	self->dev = open(GNTDEV_NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", GNTDEV_NODE, strerror(errno));
	ASSERT_EQ(1, gnt_in_use_is(0));
}

FIXTURE_TEARDOWN(peer)
{
	close(self->dev);
	close(self->fd);
}

TEST_F(peer, self_grant_data_both_ways)
{
	uint32_t refs[2] = { 0 };
	uint64_t index, pidx;
	char *local, *remote;

	ASSERT_EQ(0, gnt_alloc(self->fd, self->self, GNTALLOC_FLAG_WRITABLE, 2,
			       &index, refs));
	local = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, local);
	remote = gntdev_map_ref(self->dev, self->self, refs[1],
				PROT_READ | PROT_WRITE, &pidx);
	ASSERT_NE(MAP_FAILED, remote) TH_LOG("gntdev map: %s", strerror(errno));
	EXPECT_EQ(0, remote[0]);
	strcpy(local + PAGE + 10, "from gntalloc");
	EXPECT_STREQ("from gntalloc", remote + 10);
	strcpy(remote + 100, "from gntdev");
	EXPECT_STREQ("from gntdev", local + PAGE + 100);
	gntdev_unmap_ref(self->dev, remote, pidx);
	munmap(local, 2 * PAGE);
}

TEST_F(peer, readonly_unless_writable)
{
	uint64_t index, pidx;
	uint32_t ref = 0;
	char *local, *remote;

	ASSERT_EQ(0, gnt_alloc(self->fd, self->self, 0, 1, &index, &ref));
	local = gnt_map(self->fd, index, 1);
	ASSERT_NE(MAP_FAILED, local);
	strcpy(local, "read only");
	remote = gntdev_map_ref(self->dev, self->self, ref,
				PROT_READ | PROT_WRITE, &pidx);
	if (remote != MAP_FAILED)
		gntdev_unmap_ref(self->dev, remote, pidx);
	EXPECT_EQ(MAP_FAILED, remote);
	remote = gntdev_map_ref(self->dev, self->self, ref, PROT_READ, &pidx);
	ASSERT_NE(MAP_FAILED, remote) TH_LOG("gntdev map: %s", strerror(errno));
	EXPECT_STREQ("read only", remote);
	gntdev_unmap_ref(self->dev, remote, pidx);
	munmap(local, PAGE);
}

TEST_F(peer, clear_byte_on_dealloc)
{
	uint64_t index, pidx;
	uint32_t ref = 0;
	char *remote;

	ASSERT_EQ(0, gnt_alloc(self->fd, self->self, GNTALLOC_FLAG_WRITABLE, 1,
			       &index, &ref));
	remote = gntdev_map_ref(self->dev, self->self, ref,
				PROT_READ | PROT_WRITE, &pidx);
	ASSERT_NE(MAP_FAILED, remote) TH_LOG("gntdev map: %s", strerror(errno));
	memset(remote, 0x77, PAGE);
	ASSERT_EQ(0, gnt_notify(self->fd, index + 4000, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	EXPECT_EQ(0x77, remote[4000]);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	EXPECT_EQ(0, remote[4000]);
	EXPECT_EQ(0x77, remote[3999]);
	EXPECT_EQ(0x77, remote[4001]);
	gntdev_unmap_ref(self->dev, remote, pidx);
}

/*
 * The granting process is killed while it maps the page: the byte is
 * cleared (and the event sent) by the time it has been reaped.
 */
TEST_F(peer, clear_byte_and_event_on_sigkill)
{
	struct evtchn_pair ev;
	int pipefd[2];
	uint64_t pidx;
	uint32_t ref = 0;
	char *remote;
	pid_t pid;

	ASSERT_EVTCHN_PAIR_OPEN(&ev);
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint64_t index;
		char *local;

		if (gnt_alloc(self->fd, self->self, GNTALLOC_FLAG_WRITABLE, 1,
			      &index, &ref))
			_exit(1);
		local = gnt_map(self->fd, index, 1);
		if (local == MAP_FAILED)
			_exit(1);
		memset(local, 0xaa, PAGE);
		if (gnt_notify(self->fd, index + 123,
			       UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT,
			       ev.send))
			_exit(1);
		if (write(pipefd[1], &ref, sizeof(ref)) != sizeof(ref))
			_exit(1);
		for (;;)
			pause();
	}
	/* The child's copy of the gntalloc file is the one that matters. */
	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(sizeof(ref), read(pipefd[0], &ref, sizeof(ref)));
	remote = gntdev_map_ref(self->dev, self->self, ref, PROT_READ, &pidx);
	ASSERT_NE(MAP_FAILED, remote) TH_LOG("gntdev map: %s", strerror(errno));
	EXPECT_EQ((char)0xaa, remote[123]);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(ev.recv, evtchn_pair_wait(&ev, 30000));
	EXPECT_EQ(0, remote[123]);
	EXPECT_EQ((char)0xaa, remote[122]);
	EXPECT_EQ((char)0xaa, remote[124]);
	gntdev_unmap_ref(self->dev, remote, pidx);
	close(ev.fd);
}

/*
 * Upstream fixes "xen/gntalloc: don't use gnttab_query_foreign_access()"
 * and "xen/gnttab: fix gnttab_end_foreign_access() without page specified"
 * (XSA-396): once the local side let go of a page that the peer still
 * maps, the page must not be reused. Fresh zeroed allocations afterwards
 * would otherwise overwrite what the peer sees.
 */
TEST_F_TIMEOUT(peer, dont_query_foreign_access_page_kept_while_peer_maps, 200)
{
	enum { CHURN = 256 };
	uint64_t index, pidx;
	uint32_t ref = 0;
	char *local, *remote, *fresh;
	int fd2;

	ASSERT_EQ(0, gnt_alloc(self->fd, self->self, GNTALLOC_FLAG_WRITABLE, 1,
			       &index, &ref));
	local = gnt_map(self->fd, index, 1);
	ASSERT_NE(MAP_FAILED, local);
	memset(local, 0x3c, PAGE);
	remote = gntdev_map_ref(self->dev, self->self, ref,
				PROT_READ | PROT_WRITE, &pidx);
	ASSERT_NE(MAP_FAILED, remote) TH_LOG("gntdev map: %s", strerror(errno));
	munmap(local, PAGE);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	close(self->fd);
	/* Handed to the grant-table core: no longer counted. */
	EXPECT_EQ(1, gnt_in_use_is(0));

	for (int round = 0; round < 4; round++) {
		fd2 = gnt_open();
		ASSERT_LE(0, fd2);
		ASSERT_EQ(0, gnt_alloc(fd2, self->self, 0, CHURN, &index, NULL));
		fresh = gnt_map(fd2, index, CHURN);
		ASSERT_NE(MAP_FAILED, fresh);
		memset(fresh, 0xe1, CHURN * PAGE);
		munmap(fresh, CHURN * PAGE);
		close(fd2);
	}
	for (size_t i = 0; i < PAGE; i++) {
		ASSERT_EQ(0x3c, remote[i]) TH_LOG("byte %zu", i);
	}
	memset(remote, 0x4d, PAGE);
	EXPECT_EQ(0x4d, remote[PAGE - 1]);
	gntdev_unmap_ref(self->dev, remote, pidx);
	self->fd = gnt_open();
}

TEST_HARNESS_MAIN
