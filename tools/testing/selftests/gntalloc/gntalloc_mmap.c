// SPDX-License-Identifier: GPL-2.0
/*
 * mmap of granted pages: whole allocations, parts of them and runs across
 * them; several mappings and processes sharing the pages; what stays valid
 * after DEALLOC_GREF, close and partial munmap; fork (the child inherits the
 * mapping and shares the pages); and the refused cases with their errnos.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

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

/* Fills page @n of @p with a pattern that names the page and @seed. */
static void fill(void *p, size_t n, unsigned int seed)
{
	uint32_t *w = (uint32_t *)((char *)p + n * PAGE);

	for (size_t i = 0; i < PAGE / 4; i++)
		w[i] = seed * 0x01000193u + n * 0x10001u + i;
}

static int check(const void *p, size_t n, unsigned int seed)
{
	const uint32_t *w = (const uint32_t *)((const char *)p + n * PAGE);

	for (size_t i = 0; i < PAGE / 4; i++)
		if (w[i] != seed * 0x01000193u + n * 0x10001u + i)
			return 0;
	return 1;
}

TEST_F(gnt, two_mappings_share_pages)
{
	uint64_t index;
	char *a, *b;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 3, &index, NULL));
	a = gnt_map(self->fd, index, 3);
	ASSERT_NE(MAP_FAILED, a);
	b = gnt_map(self->fd, index, 3);
	ASSERT_NE(MAP_FAILED, b);
	ASSERT_NE(a, b);
	for (int n = 0; n < 3; n++)
		fill(a, n, 1);
	for (int n = 0; n < 3; n++)
		EXPECT_TRUE(check(b, n, 1));
	munmap(a, 3 * PAGE);
	munmap(b, 3 * PAGE);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 3));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, part_of_allocation)
{
	uint64_t index;
	char *all, *part;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 4, &index, NULL));
	all = gnt_map(self->fd, index, 4);
	ASSERT_NE(MAP_FAILED, all);
	for (int n = 0; n < 4; n++)
		fill(all, n, 2);
	part = gnt_map(self->fd, index + PAGE, 2);
	ASSERT_NE(MAP_FAILED, part);
	EXPECT_TRUE(check(part - PAGE, 1, 2));
	EXPECT_TRUE(check(part - PAGE, 2, 2));
	munmap(part, 2 * PAGE);
	part = gnt_map(self->fd, index + 3 * PAGE, 1);
	ASSERT_NE(MAP_FAILED, part);
	EXPECT_TRUE(check(part - 3 * PAGE, 3, 2));
	munmap(part, PAGE);
	munmap(all, 4 * PAGE);
}

TEST_F(gnt, run_across_allocations)
{
	uint64_t a, b;
	char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &a, NULL));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, GNTALLOC_FLAG_WRITABLE, 2,
			       &b, NULL));
	p = gnt_map(self->fd, a, 3);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 2, 3);
	munmap(p, 3 * PAGE);
	p = gnt_map(self->fd, b + PAGE, 1);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_TRUE(check(p - 2 * PAGE, 2, 3));
	munmap(p, PAGE);
}

/*
 * Upstream's vma_close walked the global list instead of the file's: a
 * mapping spanning two allocations of one file, with another file's
 * allocation made in between, dropped users of the wrong grefs.
 */
TEST_F(gnt, vma_close_releases_own_grefs_only)
{
	int other = gnt_open();
	uint64_t a, b, o;
	char *p, *q;

	ASSERT_LE(0, other);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &a, NULL));
	ASSERT_EQ(0, gnt_alloc(other, PEER_DOMID, 0, 1, &o, NULL));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &b, NULL));
	q = gnt_map(other, o, 1);
	ASSERT_NE(MAP_FAILED, q);
	fill(q, 0, 4);
	p = gnt_map(self->fd, a, 2);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 2 * PAGE);
	EXPECT_EQ(1, gnt_in_use_is(3));
	munmap(q, PAGE);
	q = gnt_map(other, o, 1);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_TRUE(check(q, 0, 4));
	munmap(q, PAGE);
	EXPECT_EQ(0, gnt_dealloc(other, o, 1));
	EXPECT_EQ(0, gnt_dealloc(self->fd, a, 2));
	EXPECT_EQ(1, gnt_in_use_is(0));
	close(other);
}

TEST_F(gnt, private_mapping_einval)
{
	uint64_t index;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE,
				   self->fd, index));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, self->fd, index));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(1, gnt_in_use_is(1));
}

/* mmap makes a shared mapping of a read-only file a private one. */
TEST_F(gnt, readonly_file_einval)
{
	int ro = open(GNTALLOC_NODE, O_RDONLY | O_CLOEXEC);
	uint64_t index;

	ASSERT_LE(0, ro);
	ASSERT_EQ(0, gnt_alloc(ro, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, index));
	EXPECT_EQ(EINVAL, errno);
	close(ro);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, unknown_or_oversized_range_enoent)
{
	uint64_t index;

	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, 0, 1));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 3, &index, NULL));
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index, 4));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index + PAGE, 3));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index + 3 * PAGE, 1));
	EXPECT_EQ(ENOENT, errno);
	/* 1 GiB: a length a 32-bit process can ask for too. */
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index, 1UL << 18));
	EXPECT_EQ(ENOENT, errno);
	/* A hole left by DEALLOC_GREF breaks the run. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, index + PAGE, 1));
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index, 3));
	EXPECT_EQ(ENOENT, errno);
	/* A misaligned offset is refused by mmap itself. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd,
				   index + 8));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(1, gnt_in_use_is(2));
}

TEST_F(gnt, pages_stay_valid_after_dealloc_until_munmap)
{
	uint64_t index;
	char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 0, 5);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(MAP_FAILED, gnt_map(self->fd, index, 2));
	EXPECT_TRUE(check(p, 0, 5));
	fill(p, 1, 6);
	EXPECT_TRUE(check(p, 1, 6));
	/* Still held by the mapping. */
	EXPECT_EQ(1, gnt_in_use_is(2));
	munmap(p, 2 * PAGE);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, close_with_live_mapping)
{
	uint64_t index;
	char *p;
	int fd = gnt_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gnt_alloc(fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 0, 7);
	close(fd);
	EXPECT_TRUE(check(p, 0, 7));
	fill(p, 1, 8);
	EXPECT_TRUE(check(p, 1, 8));
	EXPECT_EQ(1, gnt_in_use_is(2));
	munmap(p, 2 * PAGE);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, partial_munmap_keeps_the_rest)
{
	uint64_t index;
	char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 3, &index, NULL));
	p = gnt_map(self->fd, index, 3);
	ASSERT_NE(MAP_FAILED, p);
	for (int n = 0; n < 3; n++)
		fill(p, n, 9);
	ASSERT_EQ(0, munmap(p + PAGE, PAGE));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 3));
	EXPECT_TRUE(check(p, 0, 9));
	EXPECT_TRUE(check(p, 2, 9));
	fill(p, 2, 10);
	EXPECT_TRUE(check(p, 2, 10));
	/* The pieces share the mapping: released with the last one. */
	ASSERT_EQ(0, munmap(p, PAGE));
	EXPECT_EQ(1, gnt_in_use_is(3));
	ASSERT_EQ(0, munmap(p + 2 * PAGE, PAGE));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_F(gnt, mremap_move_yes_grow_no)
{
	uint64_t index;
	char *p, *q, *hole;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 1, 11);
	EXPECT_EQ(MAP_FAILED, mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE));
	EXPECT_EQ(EFAULT, errno);
	hole = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, hole);
	q = mremap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, hole);
	ASSERT_EQ(hole, q);
	EXPECT_TRUE(check(q, 1, 11));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(1, gnt_in_use_is(2));
	munmap(q, 2 * PAGE);
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/* Dropping the page table entries loses nothing: the pages come back. */
TEST_F(gnt, madvise_dontneed_keeps_contents)
{
	uint64_t index;
	char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 0, 19);
	fill(p, 1, 20);
	ASSERT_EQ(0, madvise(p, 2 * PAGE, MADV_DONTNEED));
	EXPECT_TRUE(check(p, 0, 19));
	EXPECT_TRUE(check(p, 1, 20));
	munmap(p, 2 * PAGE);
}

/* The offset an owner allocated last, for the guesser. */
static uint64_t latest_index;

struct racer {
	int fd;
	int id;
	int bad;	/* unexpected results */
};

/* Allocates, maps, writes, notifies, deallocates and unmaps, repeatedly. */
static void *owner_thread(void *arg)
{
	struct racer *r = arg;
	uint64_t index;
	char *p;

	for (int i = 0; i < 100; i++) {
		size_t n = 1 + (i + r->id) % 4;

		if (gnt_alloc(r->fd, PEER_DOMID, 0, n, &index, NULL)) {
			r->bad++;
			continue;
		}
		__atomic_store_n(&latest_index, index, __ATOMIC_RELAXED);
		p = gnt_map(r->fd, index, n);
		if (p == MAP_FAILED) {
			r->bad++;
		} else {
			fill(p, n - 1, r->id);
			if (!check(p, n - 1, r->id))
				r->bad++;
		}
		if (gnt_notify(r->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0) ||
		    gnt_dealloc(r->fd, index, n))
			r->bad++;
		if (p != MAP_FAILED)
			munmap(p, n * PAGE);
	}
	return NULL;
}

/* Guesses offsets the owners are using: may win races, never breaks them. */
static void *guesser_thread(void *arg)
{
	struct racer *r = arg;
	int rc;
	char *p;

	for (int i = 0; i < 1000; i++) {
		uint64_t index = __atomic_load_n(&latest_index, __ATOMIC_RELAXED) +
				 (i % 3) * PAGE;

		p = gnt_map(r->fd, index, 1);
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		else if (errno != ENOENT)
			r->bad++;
		rc = gnt_notify(r->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0);
		if (rc && rc != -ENOENT)
			r->bad++;
	}
	return NULL;
}

/*
 * Threads sharing one file race on its list: owners do whole lifetimes,
 * a guesser maps and notifies offsets they use. Everything is released.
 */
/* Slow under a debug kernel: more than the default 30 s. */
TEST_F_TIMEOUT(gnt, threads_race_on_one_file, 200)
{
	struct racer r[4];
	pthread_t t[4];

	for (int i = 0; i < 4; i++) {
		r[i] = (struct racer){ .fd = self->fd, .id = i };
		ASSERT_EQ(0, pthread_create(&t[i], NULL,
					    i == 3 ? guesser_thread : owner_thread,
					    &r[i]));
	}
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_EQ(0, r[i].bad) TH_LOG("thread %d", i);
	}
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/*
 * fork: the child inherits the mapping and shares the pages both ways; the
 * pages stay valid in the child after the parent unmapped and deallocated
 * them, and are released when the child's copy goes.
 */
TEST_F(gnt, fork_child_shares_pages)
{
	int to_child[2], to_parent[2];
	uint64_t index;
	char *p, c = 0;
	pid_t pid;
	int status;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 0, 12);
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ok = check(p, 0, 12);

		fill(p, 1, 13);
		if (write(to_parent[1], "1", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(2);
		/* The parent has unmapped and deallocated by now. */
		ok = ok && check(p, 0, 14) && check(p, 1, 13);
		fill(p, 1, 15);
		ok = ok && check(p, 1, 15);
		_exit(ok ? 0 : 1);
	}
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	EXPECT_TRUE(check(p, 1, 13));
	fill(p, 0, 14);
	ASSERT_EQ(0, munmap(p, 2 * PAGE));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(1, gnt_in_use_is(2));
	ASSERT_EQ(1, write(to_child[1], "1", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/* Another process maps the same pages through the inherited file. */
TEST_F(gnt, second_process_maps_same_pages)
{
	uint64_t index;
	char *p;
	pid_t pid;
	int status;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	p = gnt_map(self->fd, index, 1);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, 0, 16);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *q = gnt_map(self->fd, index, 1);

		if (q == MAP_FAILED || !check(q, 0, 16))
			_exit(1);
		fill(q, 0, 17);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_TRUE(check(p, 0, 17));
	munmap(p, PAGE);
}

TEST_F(gnt, killed_process_releases_its_mapping)
{
	int ready[2];
	uint64_t index;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = gnt_open();
		char *p;

		if (fd < 0 || gnt_alloc(fd, PEER_DOMID, 0, 4, &index, NULL))
			_exit(1);
		p = gnt_map(fd, index, 4);
		if (p == MAP_FAILED || gnt_dealloc(fd, index, 2))
			_exit(1);
		fill(p, 3, 18);
		if (write(ready[1], "1", 1) != 1)
			_exit(1);
		pause();
		_exit(1);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(1, gnt_in_use_is(4));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_HARNESS_MAIN
