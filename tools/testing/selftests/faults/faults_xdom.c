// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain fault scenario, run as a pair (dom0 and the PV domU at the
 * same time): dom0 grants pages to the domU and takes them all back
 * (DEALLOC_GREF, munmap, close) while the domU still maps them. The domU
 * keeps reading and writing the same pages, Xen keeps them mapped, and
 * when the domU finally unmaps, nothing of dom0's is left active and
 * gntalloc's counts are back where they were.
 *
 *	dom0				domU
 *	grant, fill, put refs	->	map, check, put "mapped"
 *	dealloc, munmap, close	->	check and write again, put "checked"
 *	Xen still sees 8 mapped	->	munmap, unmap, put "unmapped"
 *	Xen sees none, counts back
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "faults.h"

#define NPAGES 8
#define TEST_KEY "faults_dealloc"
#define WAIT_S 120

static void put_refs(struct __test_metadata *_metadata,
		     const struct selfgrant *sg)
{
	char buf[NPAGES * 12] = "";
	unsigned int i;
	int n = 0;

	for (i = 0; i < sg->count; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%u", i ? " " : "",
			      sg->refs[i]);
	ASSERT_EQ(0, xdom_put(TEST_KEY, "refs", "%s", buf));
}

static void dealloc_dom0(struct __test_metadata *_metadata)
{
	struct ioctl_gntalloc_dealloc_gref op = { .count = NPAGES };
	struct faults_snapshot base;
	struct selfgrant sg;
	char buf[64];
	int domu = xdom_peer(), rows;

	faults_snapshot(&base);
	ASSERT_EQ(0, grant_alloc(&sg, domu, NPAGES, 1));
	put_refs(_metadata, &sg);
	ASSERT_EQ(0, xdom_get(TEST_KEY, "mapped", buf, sizeof(buf), WAIT_S))
		TH_LOG("the domU did not map our grants");
	ASSERT_STREQ("ok", buf);

	/* Everything local goes; only the domU's mapping is left. */
	op.index = sg.index;
	ASSERT_EQ(0, ioctl(sg.fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op));
	selfgrant_free(&sg);
	ASSERT_EQ(0, xdom_put(TEST_KEY, "dealloced", "1"));
	ASSERT_EQ(0, xdom_get(TEST_KEY, "checked", buf, sizeof(buf), WAIT_S));
	EXPECT_STREQ("ok", buf) TH_LOG("the domU saw the pages change: %s", buf);

	rows = faults_count_rows(0, domu);
	if (rows >= 0)
		EXPECT_EQ(NPAGES, rows) TH_LOG("Xen does not show our grants mapped by d%d",
					       domu);
	ASSERT_EQ(0, xdom_put(TEST_KEY, "unmap", "1"));
	ASSERT_EQ(0, xdom_get(TEST_KEY, "unmapped", buf, sizeof(buf), WAIT_S));
	EXPECT_STREQ("ok", buf);
	FAULTS_EXPECT_CLEAN(&base);
	EXPECT_EQ(1, faults_gntalloc_idle()) TH_LOG("gntalloc still counts grefs");
}

static void dealloc_domu(struct __test_metadata *_metadata)
{
	uint32_t refs[NPAGES];
	unsigned char *p;
	uint64_t index;
	char buf[NPAGES * 12], *s, *end;
	unsigned int i, bad = 0;
	int fd;

	ASSERT_EQ(0, xdom_get(TEST_KEY, "refs", buf, sizeof(buf), WAIT_S));
	for (s = buf, i = 0; i < NPAGES; i++, s = end) {
		refs[i] = strtoul(s, &end, 10);
		ASSERT_NE(s, end);
	}
	fd = gd_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gd_map(fd, NPAGES, 0, refs, &index));
	p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	for (i = 0; i < NPAGES; i++) {
		bad += p[i * PAGE] != 0xa0 + i;
		p[i * PAGE + 1] = 0x5a;
	}
	ASSERT_EQ(0, xdom_put(TEST_KEY, "mapped", bad ? "bad" : "ok"));
	ASSERT_EQ(0, bad);

	ASSERT_EQ(0, xdom_get(TEST_KEY, "dealloced", buf, sizeof(buf), WAIT_S));
	for (i = 0; i < NPAGES; i++) {
		bad += p[i * PAGE] != 0xa0 + i || p[i * PAGE + 1] != 0x5a;
		p[i * PAGE + 2] = 0x77;
		bad += p[i * PAGE + 2] != 0x77;
	}
	ASSERT_EQ(0, xdom_put(TEST_KEY, "checked", bad ? "changed" : "ok"));
	EXPECT_EQ(0, bad);

	ASSERT_EQ(0, xdom_get(TEST_KEY, "unmap", buf, sizeof(buf), WAIT_S));
	EXPECT_EQ(0, munmap(p, NPAGES * PAGE));
	EXPECT_EQ(0, gd_unmap(fd, index, NPAGES));
	close(fd);
	ASSERT_EQ(0, xdom_put(TEST_KEY, "unmapped", "ok"));
}

FIXTURE(xdom) {
	int unused;
};

FIXTURE_SETUP(xdom)
{
}

FIXTURE_TEARDOWN(xdom)
{
}

TEST_F_TIMEOUT(xdom, dealloc_while_peer_maps, 280)
{
	if (xdom_peer() < 0)
		SKIP(return, "no domU");
	if (xdom_in_domu())
		dealloc_domu(_metadata);
	else
		dealloc_dom0(_metadata);
}

TEST_HARNESS_MAIN
