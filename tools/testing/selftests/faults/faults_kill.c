// SPDX-License-Identifier: GPL-2.0
/*
 * Processes killed (SIGKILL) in the middle of their work with the grant
 * devices, at many points: while mapping grants (MAP_GRANT_REF, mmap,
 * faults, munmap, UNMAP_GRANT_REF in a loop), while granting (ALLOC_GREF,
 * mmap, notify, DEALLOC_GREF in a loop, some grants mapped back through
 * gntdev), and a granting process killed while another still maps its
 * pages. After each: Xen shows nothing of ours left active, the drivers'
 * counters are back, and gntalloc's global count is back at zero.
 *
 * The other suites kill processes at rest (a mapping held, a notify
 * pending); these kill them anywhere, many times over.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "faults.h"

#define ROUNDS 24
#define NPAGES 64

FIXTURE(kill) {
	bool ready;
	struct faults_snapshot base;
};

FIXTURE_SETUP(kill)
{
	if (access("/dev/xen/gntdev", F_OK) || access("/dev/xen/gntalloc", F_OK))
		SKIP(return, "needs /dev/xen/gntdev and /dev/xen/gntalloc");
	faults_snapshot(&self->base);
	self->ready = true;
}

FIXTURE_TEARDOWN(kill)
{
	if (!self->ready)
		return;
	FAULTS_EXPECT_CLEAN(&self->base);
	EXPECT_EQ(1, faults_gntalloc_idle()) TH_LOG("gntalloc still counts grefs");
}

/* Tells the parent the loop has gone round once, then goes on. */
static void ready(int fd)
{
	if (fd >= 0) {
		if (write(fd, "r", 1) != 1)
			_exit(3);
		close(fd);
	}
}

/* Maps @sg's grants over and over, in the ways a process does. */
static void map_loop(const struct selfgrant *sg, int ready_fd)
{
	unsigned int round, i;
	int fd = gd_open();

	for (round = 0;; round++) {
		uint64_t index;
		unsigned char *p;

		if (fd < 0 || gd_map(fd, sg->count, 0, sg->refs, &index))
			_exit(2);
		p = mmap(NULL, sg->count * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, index);
		if (p == MAP_FAILED)
			_exit(2);
		for (i = 0; i < sg->count; i++)
			p[i * PAGE] = (unsigned char)(round + i);
		if (round % 3 == 0)
			gd_notify(fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0);
		if (round % 4 == 1) {
			/* Close with the mapping live, then munmap. */
			close(fd);
			fd = gd_open();
			munmap(p, sg->count * PAGE);
		} else {
			munmap(p, sg->count * PAGE);
			gd_unmap(fd, index, sg->count);
		}
		ready(ready_fd);
		ready_fd = -1;
	}
}

/* Grants pages to dom0, maps some of them back, releases them, again. */
static void grant_loop(int ready_fd)
{
	unsigned int round;
	int gd = gd_open();

	for (round = 0;; round++) {
		struct selfgrant sg;
		uint64_t index;
		unsigned char *p = MAP_FAILED;
		unsigned int n = 1 + round % NPAGES;

		if (selfgrant_alloc(&sg, n, 1))
			_exit(2);
		gd_notify(sg.fd, sg.index, UNMAP_NOTIFY_CLEAR_BYTE, 0);
		if (round % 2 && gd >= 0 && !gd_map(gd, n, 0, sg.refs, &index)) {
			p = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, gd, index);
			if (p != MAP_FAILED)
				touch_read(p);
		}
		if (round % 5 == 2) {
			struct ioctl_gntalloc_dealloc_gref op = {
				.index = sg.index, .count = n };

			ioctl(sg.fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op);
		}
		/* Odd rounds keep the gntdev mapping until the next round. */
		selfgrant_free(&sg);
		if (p != MAP_FAILED) {
			munmap(p, n * PAGE);
			gd_unmap(gd, index, n);
		}
		ready(ready_fd);
		ready_fd = -1;
	}
}

/*
 * Starts @loop in a child, waits until it has gone round once, lets it run
 * a little longer (a different while each round), and kills it. Returns 0
 * if SIGKILL ended it, or what did instead.
 */
static int run_and_kill(void (*loop)(const struct selfgrant *, int),
			const struct selfgrant *sg, unsigned int round)
{
	int pipefd[2], status;
	char c;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(pipefd[0]);
		loop(sg, pipefd[1]);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1)
		c = 0;
	close(pipefd[0]);
	faults_sleep_ms((round * 7) % 40);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (c != 'r')
		return WIFEXITED(status) ? 0x100 | WEXITSTATUS(status) : -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : status;
}

static void grant_loop_adapter(const struct selfgrant *sg, int ready_fd)
{
	(void)sg;
	grant_loop(ready_fd);
}

TEST_F_TIMEOUT(kill, while_mapping, 280)
{
	struct selfgrant sg;
	unsigned int round;

	if (!self->ready)
		return;	/* setup skipped it */
	ASSERT_EQ(0, selfgrant_alloc(&sg, NPAGES, 1));
	for (round = 0; round < ROUNDS; round++)
		ASSERT_EQ(0, run_and_kill(map_loop, &sg, round))
			TH_LOG("round %u: the mapping process did not die of SIGKILL",
			       round);
	/* The granted pages are intact and still ours to use. */
	sg.mem[0] = 0x11;
	EXPECT_EQ(0x11, sg.mem[0]);
	selfgrant_free(&sg);
}

TEST_F_TIMEOUT(kill, while_granting, 280)
{
	unsigned int round;

	if (!self->ready)
		return;	/* setup skipped it */
	for (round = 0; round < ROUNDS; round++)
		ASSERT_EQ(0, run_and_kill(grant_loop_adapter, NULL, round))
			TH_LOG("round %u: the granting process did not die of SIGKILL",
			       round);
}

/*
 * The granting process dies while this one maps its pages: the pages stay
 * as they were, readable and writable, until this side unmaps them, and
 * Xen still sees them mapped meanwhile.
 */
TEST_F_TIMEOUT(kill, granter_while_peer_maps, 200)
{
	int pipefd[2], gd, status;
	struct selfgrant sg;
	uint32_t refs[16];
	unsigned char *p;
	uint64_t index;
	unsigned int i;
	pid_t pid;

	if (!self->ready)
		return;	/* setup skipped it */
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(pipefd[0]);
		if (selfgrant_alloc(&sg, 16, 1))
			_exit(2);
		if (write(pipefd[1], sg.refs, sizeof(refs)) != sizeof(refs))
			_exit(2);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	ASSERT_EQ(sizeof(refs), read(pipefd[0], refs, sizeof(refs)));
	close(pipefd[0]);
	gd = gd_open();
	ASSERT_LE(0, gd);
	ASSERT_EQ(0, gd_map(gd, 16, 0, refs, &index));
	p = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gd, index);
	ASSERT_NE(MAP_FAILED, p);
	for (i = 0; i < 16; i++)
		ASSERT_EQ(0xa0 + i, p[i * PAGE + 100]);

	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	for (i = 0; i < 16; i++) {
		EXPECT_EQ(0xa0 + i, p[i * PAGE + 100]);
		EXPECT_EQ(0xa0 + i, p[i * PAGE + PAGE - 1]);
		p[i * PAGE] = 0x3c;
		EXPECT_EQ(0x3c, p[i * PAGE]);
	}
	i = faults_count_rows(0, 0);
	if ((int)i >= 0)
		EXPECT_LE(16, (int)i) TH_LOG("Xen no longer sees our mappings");
	munmap(p, 16 * PAGE);
	EXPECT_EQ(0, gd_unmap(gd, index, 16));
	close(gd);
}

TEST_HARNESS_MAIN
