// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's own cross-domain check: the dom0 half and the domU half of
 * this program run at the same time and meet through xenstore (xdom.h).
 * The domU says hello with its domid, dom0 checks it against the domid the
 * harness gave it and answers; both report. It proves that a test can span
 * both domains and that both halves' results reach the host.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "xdom.h"

#define TEST_KEY "harness_xdom"

TEST(rendezvous)
{
	char buf[64];

	if (xdom_in_domu()) {
		ASSERT_LT(0, xdom_self());
		ASSERT_EQ(0, xdom_put(TEST_KEY, "hello", "%d", xdom_self()));
		ASSERT_EQ(0, xdom_get(TEST_KEY, "answer", buf, sizeof(buf), 120));
		EXPECT_EQ(xdom_self() + 1, atoi(buf));
	} else {
		ASSERT_LT(0, xdom_peer());
		ASSERT_EQ(0, xdom_get(TEST_KEY, "hello", buf, sizeof(buf), 120));
		EXPECT_EQ(xdom_peer(), atoi(buf));
		ASSERT_EQ(0, xdom_put(TEST_KEY, "answer", "%d", atoi(buf) + 1));
	}
}

/* Each side has the grant devices of its profile. */
TEST(devices_present)
{
	int fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd);
	close(fd);
	fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	close(fd);
}

TEST_HARNESS_MAIN
