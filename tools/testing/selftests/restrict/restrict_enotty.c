// SPDX-License-Identifier: GPL-2.0
/*
 * On drivers without the restriction (Linux's xen-gntdev and xen-gntalloc,
 * run in the intree profile) the request is unknown: ENOTTY, and the file
 * goes on working for any domain. Libraries rely on exactly this answer to
 * fall back (libgnttab's xentoolcore hook).
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "restrict_util.h"

TEST(gntdev_answers_enotty)
{
	struct rs_grant g;
	int fd = rs_gntdev();

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_grant(&g, rs_self(), 1));
	EXPECT_EQ(-ENOTTY, rs_restrict(fd, rs_other()));
	EXPECT_EQ(0, rs_next_index(fd, rs_self(), g.refs[0]));
	rs_grant_free(&g);
	close(fd);
}

TEST(gntalloc_answers_enotty)
{
	uint64_t index;
	int fd = rs_gntalloc();

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-ENOTTY, rs_restrict(fd, rs_other()));
	EXPECT_EQ(0, rs_alloc(fd, rs_self(), 1, &index, NULL));
	EXPECT_EQ(0, rs_dealloc(fd, index, 1));
}

TEST_HARNESS_MAIN
