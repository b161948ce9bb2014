// SPDX-License-Identifier: GPL-2.0
/*
 * The module parameters `limit` (grefs of all files together) and
 * `file_limit` (grefs of one open file): defaults, ENOSPC with no state
 * change, changing them at run time, counts near UINT32_MAX, and that the
 * accounting is right after the grant table itself runs out.
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "gntalloc_test.h"

FIXTURE(lim) {
	int fd;
	long limit;
	long file_limit;
};

FIXTURE_SETUP(lim)
{
	self->limit = gnt_param_get("limit");
	self->file_limit = gnt_param_get("file_limit");
	ASSERT_LE(0, self->limit);
	ASSERT_LE(0, self->file_limit);
	self->fd = gnt_open();
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", GNTALLOC_NODE, strerror(errno));
	ASSERT_EQ(1, gnt_in_use_is(0));
}

FIXTURE_TEARDOWN(lim)
{
	close(self->fd);
	gnt_param_set_num("limit", self->limit);
	gnt_param_set_num("file_limit", self->file_limit);
}

TEST_F(lim, defaults)
{
	EXPECT_EQ(1024, self->limit);
	EXPECT_EQ(1024, self->file_limit);
}

TEST_F(lim, global_limit_enospc_changes_nothing)
{
	int other = gnt_open();
	uint64_t index;

	ASSERT_LE(0, other);
	ASSERT_EQ(0, gnt_param_set("limit", "8"));
	EXPECT_EQ(8, gnt_param_get("limit"));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 5, &index, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(other, PEER_DOMID, 0, 4, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 9, NULL, NULL));
	ASSERT_EQ(0, gnt_alloc(other, PEER_DOMID, 0, 3, &index, NULL));
	/* The failed call consumed no offset. */
	EXPECT_EQ(0, index);
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(other, PEER_DOMID, 0, 1, NULL, NULL));
	ASSERT_EQ(0, gnt_dealloc(other, 0, 1));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL));
	EXPECT_EQ(5 * PAGE, index);
	close(other);
}

TEST_F(lim, lowering_limit_breaks_nothing_granted)
{
	uint64_t index;
	char *p;

	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 8, &index, NULL));
	p = gnt_map(self->fd, index, 8);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x5a, 8 * PAGE);
	ASSERT_EQ(0, gnt_param_set("limit", "4"));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	/* Everything granted still works. */
	EXPECT_EQ(0x5a, p[8 * PAGE - 1]);
	munmap(p, 8 * PAGE);
	p = gnt_map(self->fd, index + 7 * PAGE, 1);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0x5a, p[0]);
	munmap(p, PAGE);
	EXPECT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	/* Down to the limit: still full. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 4));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index + 4 * PAGE, 1));
	EXPECT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	/* Raising it again at run time. */
	ASSERT_EQ(0, gnt_param_set("limit", "6"));
	EXPECT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
}

TEST_F(lim, limit_zero_refuses_everything)
{
	ASSERT_EQ(0, gnt_param_set("limit", "0"));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	ASSERT_EQ(0, gnt_param_set_num("limit", self->limit));
	EXPECT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
}

TEST_F(lim, bad_parameter_values_refused)
{
	EXPECT_NE(0, gnt_param_set("limit", "-1"));
	EXPECT_NE(0, gnt_param_set("limit", "lots"));
	EXPECT_NE(0, gnt_param_set("file_limit", "4294967296"));
	EXPECT_EQ(self->limit, gnt_param_get("limit"));
	EXPECT_EQ(self->file_limit, gnt_param_get("file_limit"));
}

TEST_F(lim, file_limit_per_file)
{
	int other = gnt_open();

	ASSERT_LE(0, other);
	ASSERT_EQ(0, gnt_param_set("file_limit", "4"));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 5, NULL, NULL));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 3, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 2, NULL, NULL));
	EXPECT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	/* Another file has its own allowance. */
	EXPECT_EQ(0, gnt_alloc(other, PEER_DOMID, 0, 4, NULL, NULL));
	EXPECT_EQ(1, gnt_in_use_is(8));
	close(other);
}

/* A deallocated page still mapped counts against its file until munmap. */
TEST_F(lim, file_limit_counts_mapped_pages)
{
	uint64_t index;
	char *p;

	ASSERT_EQ(0, gnt_param_set("file_limit", "2"));
	ASSERT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, &index, NULL));
	p = gnt_map(self->fd, index, 2);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
	EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, 1, NULL, NULL));
	munmap(p, 2 * PAGE);
	EXPECT_EQ(0, gnt_alloc(self->fd, PEER_DOMID, 0, 2, NULL, NULL));
}

/* Even with both limits at their maximum, no count can overflow. */
TEST_F(lim, counts_near_uint32_max_with_unlimited_limits)
{
	static const uint32_t huge[] = {
		0xffffffff, 0xfffffffe, 0x80000001, 0x80000000, 0x7fffffff,
		0x40000001, 0x40000000, 0x20000001, 0x10000000,
	};

	ASSERT_EQ(0, gnt_param_set("limit", "4294967295"));
	ASSERT_EQ(0, gnt_param_set("file_limit", "4294967295"));
	for (unsigned int i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		EXPECT_EQ(-ENOSPC, gnt_alloc(self->fd, PEER_DOMID, 0, huge[i],
					     NULL, NULL))
			TH_LOG("count %#x", huge[i]);
	}
	ASSERT_EQ(0, gnt_param_set_num("limit", self->limit));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/* Many files allocating at once never exceed the limit together. */
TEST_F_TIMEOUT(lim, concurrent_files_respect_limit, 200)
{
	enum { WORKERS = 4, ROUNDS = 200 };
	pid_t pids[WORKERS];
	int status;

	ASSERT_EQ(0, gnt_param_set("limit", "16"));
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		ASSERT_LE(0, pids[w]);
		if (pids[w] == 0) {
			int fd = gnt_open();
			uint64_t index;
			int rc;

			if (fd < 0)
				_exit(1);
			for (int r = 0; r < ROUNDS; r++) {
				rc = gnt_alloc(fd, PEER_DOMID, 0, 1 + (r + w) % 7,
					       &index, NULL);
				if (rc == 0)
					rc = gnt_dealloc(fd, index, 1 + (r + w) % 7);
				else if (rc == -ENOSPC)
					rc = 0;
				if (rc)
					_exit(2);
			}
			_exit(0);
		}
	}
	for (int w = 0; w < WORKERS; w++) {
		ASSERT_EQ(pids[w], waitpid(pids[w], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ASSERT_EQ(0, gnt_param_set_num("limit", self->limit));
	EXPECT_EQ(1, gnt_in_use_is(0));
}

/*
 * Upstream's ALLOC_GREF decremented the global count once too often and
 * leaked the page when granting failed. Run the grant table out (limits
 * lifted), then check that the count is exact again.
 */
TEST_F_TIMEOUT(lim, grant_failure_keeps_count_exact, 200)
{
	enum { CHUNK = 512 };
	unsigned long total = 0;
	uint64_t index, last = 0;
	int rc;

	/* A full table of pages (128 MiB by default) would not fit a domU. */
	if (xdom_in_domu())
		SKIP(return, "needs dom0's memory");
	ASSERT_EQ(0, gnt_param_set("limit", "4294967295"));
	ASSERT_EQ(0, gnt_param_set("file_limit", "4294967295"));
	while ((rc = gnt_alloc(self->fd, PEER_DOMID, 0, CHUNK, NULL, NULL)) == 0) {
		total += CHUNK;
		ASSERT_GT(1UL << 20, total);
	}
	EXPECT_EQ(-ENOSPC, rc);
	/* Single pages fill the table exactly. */
	while ((rc = gnt_alloc(self->fd, PEER_DOMID, 0, 1, &index, NULL)) == 0) {
		total++;
		last = index;
	}
	EXPECT_EQ(-ENOSPC, rc);
	TH_LOG("grant table full after %lu pages", total);
	ASSERT_NE(0, last);
	/* Free one reference so that the probe can get a grant. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, last, 1));
	EXPECT_EQ(1, gnt_in_use_is(total - 1));
	close(self->fd);
	self->fd = gnt_open();
	EXPECT_EQ(1, gnt_in_use_is(0));
}

TEST_HARNESS_MAIN
