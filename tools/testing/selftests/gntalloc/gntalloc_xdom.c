// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain pair: dom0 and the domU each grant two pages to the other
 * with gntalloc and map the other's pages with gntdev, so both directions
 * are checked: data written by the granter is read by the mapper and the
 * other way round, and the granter's unmap notification clears a byte that
 * the mapper sees. The halves meet through xenstore (xdom.h).
 */
#include "kselftest_harness.h"
#include "gntalloc_test.h"

/* The 32-bit build (compat32 suite) pairs with itself, under its own key. */
#define KEY (sizeof(long) == 4 ? "gntalloc_xdom_32" : "gntalloc_xdom")
#define WAIT_S 120

static const char *side(int domu)
{
	return domu ? "domu" : "dom0";
}

/* Puts "<me>-<what>" and waits for "<other>-<what>"; 0 or -1. */
static int meet(const char *what, const char *fmt, unsigned int a,
		unsigned int b, char *buf, size_t len)
{
	char mine[64], theirs[64];
	int domu = xdom_in_domu();

	snprintf(mine, sizeof(mine), "%s-%s", side(domu), what);
	snprintf(theirs, sizeof(theirs), "%s-%s", side(!domu), what);
	if (xdom_put(KEY, mine, fmt, a, b))
		return -1;
	return xdom_get(KEY, theirs, buf, len, WAIT_S);
}

FIXTURE(xdom) {
	int unused;
};

FIXTURE_SETUP(xdom) {}
FIXTURE_TEARDOWN(xdom) {}

/* The halves wait for each other: allow more than the default 30 s. */
TEST_F_TIMEOUT(xdom, grant_and_map_both_ways, 280)
{
	int peer = xdom_peer(), domu = xdom_in_domu();
	char buf[64], *local, *remote[2];
	unsigned int theirs[2];
	uint64_t index, pidx[2];
	uint32_t refs[2] = { 0 };
	int fd, dev;

	ASSERT_LE(0, peer) TH_LOG("no peer domain (XQ_DOMID)");
	fd = gnt_open();
	ASSERT_LE(0, fd);
	dev = open(GNTDEV_NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);

	/* Grant two pages to the other side and fill them. */
	ASSERT_EQ(0, gnt_alloc(fd, peer, GNTALLOC_FLAG_WRITABLE, 2, &index, refs));
	local = gnt_map(fd, index, 2);
	ASSERT_NE(MAP_FAILED, local);
	snprintf(local, 64, "page 0 from %s", side(domu));
	snprintf(local + PAGE + 1, 64, "page 1 from %s", side(domu));
	local[PAGE] = 1;
	ASSERT_EQ(0, gnt_notify(fd, index + PAGE, UNMAP_NOTIFY_CLEAR_BYTE, 0));

	/* Swap references and map the other side's pages. */
	ASSERT_EQ(0, meet("refs", "%u %u", refs[0], refs[1], buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%u %u", &theirs[0], &theirs[1]));
	for (int i = 0; i < 2; i++) {
		remote[i] = gntdev_map_ref(dev, peer, theirs[i],
					   PROT_READ | PROT_WRITE, &pidx[i]);
		ASSERT_NE(MAP_FAILED, remote[i])
			TH_LOG("gntdev map of d%d ref %u: %s", peer, theirs[i],
			       strerror(errno));
	}
	snprintf(buf, sizeof(buf), "page 0 from %s", side(!domu));
	EXPECT_STREQ(buf, remote[0]);
	snprintf(buf, sizeof(buf), "page 1 from %s", side(!domu));
	EXPECT_STREQ(buf, remote[1] + 1);
	EXPECT_EQ(1, remote[1][0]);
	snprintf(remote[0] + 2048, 64, "%s was here", side(domu));

	/* Both wrote: each checks what the mapper wrote into its pages. */
	ASSERT_EQ(0, meet("wrote", "%u", 1, 0, buf, sizeof(buf)));
	snprintf(buf, sizeof(buf), "%s was here", side(!domu));
	EXPECT_STREQ(buf, local + 2048);

	/* Each lets go of its grants; the mapper sees the byte cleared. */
	ASSERT_EQ(0, meet("checked", "%u", 1, 0, buf, sizeof(buf)));
	munmap(local, 2 * PAGE);
	ASSERT_EQ(0, gnt_dealloc(fd, index, 2));
	close(fd);
	ASSERT_EQ(0, meet("released", "%u", 1, 0, buf, sizeof(buf)));
	EXPECT_EQ(0, remote[1][0]);
	snprintf(buf, sizeof(buf), "page 1 from %s", side(!domu));
	EXPECT_STREQ(buf, remote[1] + 1);
	for (int i = 0; i < 2; i++)
		gntdev_unmap_ref(dev, remote[i], pidx[i]);
	close(dev);
	/* Do not leave before the other side is done with our pages. */
	ASSERT_EQ(0, meet("done", "%u", 1, 0, buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
