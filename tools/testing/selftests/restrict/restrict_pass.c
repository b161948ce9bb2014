// SPDX-License-Identifier: GPL-2.0
/*
 * The restriction belongs to the open file: a child after fork(), a dup()
 * and another process that receives the fd over a UNIX socket (SCM_RIGHTS)
 * are held to it and cannot lift or change it; a restriction made by a
 * child holds for the parent. A restricted process that drops root
 * (setuid nobody) keeps serving its domain through the fd and is still
 * refused everything else. Both devices.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "restrict_util.h"

/* Shared with the children: they inherit these. */
static int self_domid, other_domid;
static struct rs_grant grant;	/* 1 page granted to ourselves */
static int priv_dev, priv_alloc;	/* the deprivileged child's files */

/* In a child: report the first failed check and exit with its line. */
#define CHILD_CHECK(cond)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "child: %s failed (line %d)\n",     \
				#cond, __LINE__);                           \
			return 1;                                           \
		}                                                           \
	} while (0)

FIXTURE(rs) {
	int dev, alloc;
};

FIXTURE_SETUP(rs)
{
	int ret;

	self_domid = rs_self();
	other_domid = rs_other();
	if (self_domid < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	ret = rs_grant(&grant, self_domid, 1);
	ASSERT_EQ(0, ret) TH_LOG("self-grant: %s", strerror(-ret));
	self->dev = rs_gntdev();
	self->alloc = rs_gntalloc();
	ASSERT_GE(self->dev, 0);
	ASSERT_GE(self->alloc, 0);
}

FIXTURE_TEARDOWN(rs)
{
	close(self->dev);
	close(self->alloc);
	rs_grant_free(&grant);
}

/* Checks on a gntdev fd restricted to the other domain. */
static int gntdev_held_to_other(int fd)
{
	CHILD_CHECK(rs_map1(fd, self_domid, grant.refs[0], NULL) == -EPERM);
	CHILD_CHECK(rs_restrict(fd, self_domid) == -EPERM);
	CHILD_CHECK(rs_restrict(fd, other_domid) == 0);
	return 0;
}

/* Checks on a gntalloc fd restricted to the other domain. */
static int gntalloc_held_to_other(int fd)
{
	uint64_t index;

	CHILD_CHECK(rs_alloc(fd, self_domid, 1, NULL, NULL) == -EPERM);
	CHILD_CHECK(rs_restrict(fd, self_domid) == -EPERM);
	CHILD_CHECK(rs_restrict(fd, other_domid) == 0);
	CHILD_CHECK(rs_alloc(fd, other_domid, 1, &index, NULL) == 0);
	CHILD_CHECK(rs_dealloc(fd, index, 1) == 0);
	return 0;
}

static int restrict_to_other(int fd)
{
	return rs_restrict(fd, other_domid) ? 1 : 0;
}

TEST_F(rs, fork_child_is_held)
{
	ASSERT_EQ(0, rs_restrict(self->dev, other_domid));
	ASSERT_EQ(0, rs_restrict(self->alloc, other_domid));
	EXPECT_EQ(0, rs_in_child(gntdev_held_to_other, self->dev));
	EXPECT_EQ(0, rs_in_child(gntalloc_held_to_other, self->alloc));
}

TEST_F(rs, child_restriction_holds_for_parent)
{
	ASSERT_EQ(0, rs_in_child(restrict_to_other, self->dev));
	ASSERT_EQ(0, rs_in_child(restrict_to_other, self->alloc));
	EXPECT_EQ(0, gntdev_held_to_other(self->dev));
	EXPECT_EQ(0, gntalloc_held_to_other(self->alloc));
}

TEST_F(rs, dup_is_held)
{
	int dev2 = dup(self->dev), alloc2 = dup(self->alloc);

	ASSERT_GE(dev2, 0);
	ASSERT_GE(alloc2, 0);
	ASSERT_EQ(0, rs_restrict(dev2, other_domid));
	ASSERT_EQ(0, rs_restrict(alloc2, other_domid));
	close(dev2);
	close(alloc2);
	EXPECT_EQ(0, gntdev_held_to_other(self->dev));
	EXPECT_EQ(0, gntalloc_held_to_other(self->alloc));
}

/* Receives two fds (gntdev, gntalloc) on @sock and checks both. */
static int receiver(int sock)
{
	int dev, alloc;

	dev = rs_recv_fd(sock);
	alloc = rs_recv_fd(sock);
	CHILD_CHECK(dev >= 0 && alloc >= 0);
	CHILD_CHECK(gntdev_held_to_other(dev) == 0);
	CHILD_CHECK(gntalloc_held_to_other(alloc) == 0);
	return 0;
}

/*
 * The receiver is forked before the files are even opened, so it can only
 * have them through the socket.
 */
TEST_F(rs, scm_rights_receiver_is_held)
{
	int sv[2], status, dev, alloc;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		close(sv[0]);
		_exit(receiver(sv[1]));
	}
	close(sv[1]);
	dev = rs_gntdev();
	alloc = rs_gntalloc();
	ASSERT_GE(dev, 0);
	ASSERT_GE(alloc, 0);
	ASSERT_EQ(0, rs_restrict(dev, other_domid));
	ASSERT_EQ(0, rs_restrict(alloc, other_domid));
	EXPECT_EQ(0, rs_send_fd(sv[0], dev));
	EXPECT_EQ(0, rs_send_fd(sv[0], alloc));
	close(dev);
	close(alloc);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sv[0]);
}

/* As nobody, with both files restricted to this domain. */
static int deprivileged(int unused)
{
	int dev = priv_dev, alloc = priv_alloc;
	struct stat st;
	unsigned char *p;
	uint64_t index;
	uint32_t ref;

	(void)unused;
	CHILD_CHECK(rs_drop_root() == 0);
	/* Served: map our domain's grant, read and write it. */
	CHILD_CHECK(rs_map1(dev, self_domid, grant.refs[0], &index) == 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dev, index);
	CHILD_CHECK(p != MAP_FAILED);
	CHILD_CHECK(p[0] == 0xa0);
	p[1] = 0x77;
	CHILD_CHECK(grant.mem[1] == 0x77);
	CHILD_CHECK(munmap(p, PAGE) == 0 && rs_unmap(dev, index, 1) == 0);
	CHILD_CHECK(rs_alloc(alloc, self_domid, 1, &index, &ref) == 0);
	CHILD_CHECK(rs_dealloc(alloc, index, 1) == 0);
	/* Refused: anything else, and lifting the restriction. */
	CHILD_CHECK(rs_map1(dev, other_domid, grant.refs[0], NULL) == -EPERM);
	CHILD_CHECK(rs_alloc(alloc, other_domid, 1, NULL, NULL) == -EPERM);
	CHILD_CHECK(rs_restrict(dev, other_domid) == -EPERM);
	CHILD_CHECK(rs_restrict(alloc, other_domid) == -EPERM);
	/* And no way to a fresh, unrestricted file if the node is root's. */
	if (!stat("/dev/xen/gntdev", &st) && !(st.st_mode & 0006))
		CHILD_CHECK(rs_gntdev() < 0 && errno == EACCES);
	if (!stat("/dev/xen/gntalloc", &st) && !(st.st_mode & 0006))
		CHILD_CHECK(rs_gntalloc() < 0 && errno == EACCES);
	return 0;
}

TEST_F(rs, setuid_nobody_still_served_and_held)
{
	ASSERT_EQ(0, geteuid()) TH_LOG("needs root");
	ASSERT_EQ(0, rs_restrict(self->dev, self_domid));
	ASSERT_EQ(0, rs_restrict(self->alloc, self_domid));
	priv_dev = self->dev;
	priv_alloc = self->alloc;
	EXPECT_EQ(0, rs_in_child(deprivileged, 0));
}

TEST_HARNESS_MAIN
