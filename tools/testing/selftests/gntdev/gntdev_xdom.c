// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain: one side grants two pages with /dev/xen/gntalloc, the other
 * maps them with /dev/xen/gntdev, writes, copies with GRANT_COPY and asks
 * for the unmap notification; the granting side checks all of it.
 *
 *	gntdev_xdom grant	(in one domain)
 *	gntdev_xdom map		(in the other, at the same time)
 *
 * Listed twice, so that each of dom0 and the domU plays each role.
 */
#include <stdio.h>

#include "kselftest.h"
#include "gntdev_util.h"

#define TIMEOUT_S 180
#define BAD_REF 0x7ffffff0u

static char test[64];

/* The pair's xenstore directory: one per direction and ABI. */
static void set_test_name(int granter_is_domu)
{
	snprintf(test, sizeof(test), "gntdev_xdom_%s%s",
		 granter_is_domu ? "u2d" : "d2u",
		 sizeof(long) == 4 ? "_32" : "");
}

static int granter(void)
{
	struct selfgrant sg;
	unsigned char *p;
	char buf[64];
	int ok, i;

	ksft_set_plan(3);
	i = grant_alloc(&sg, xdom_peer(), 2, 1);
	if (i == -ENOENT)
		ksft_exit_skip("no /dev/xen/gntalloc\n");
	if (i)
		ksft_exit_fail_msg("granting pages: %s\n", strerror(-i));
	p = sg.mem;
	memset(p, 0, 2 * PAGE);
	memset(p, 'G', 16);
	p[PAGE + 100] = 0xee;
	if (xdom_put(test, "refs", "%u %u", sg.refs[0], sg.refs[1]))
		ksft_exit_fail_msg("xenstore write failed\n");

	ok = !xdom_get(test, "written", buf, sizeof(buf), TIMEOUT_S);
	ksft_test_result(ok && p[PAGE] == 'M', "peer_write_visible\n");
	for (i = 0; i < 16; i++)
		ok &= p[PAGE + 200 + i] == 'C';
	ksft_test_result(ok, "peer_grant_copy_visible\n");
	xdom_put(test, "checked", "1");

	ok = !xdom_get(test, "unmapped", buf, sizeof(buf), TIMEOUT_S) &&
	     p[PAGE + 100] == 0 && p[PAGE + 99] == 0 && p[PAGE + 101] == 0 &&
	     p[PAGE] == 'M';
	ksft_test_result(ok, "unmap_notify_clears_byte\n");
	xdom_put(test, "notified", ok ? "ok" : "fail");
	selfgrant_free(&sg);
	ksft_finished();
	return 0;
}

static int mapper(void)
{
	struct gntdev_grant_copy_segment segs[3];
	struct ioctl_gntdev_grant_copy copy = { .count = 3, .segments = segs };
	unsigned char local[16], got[16];
	uint32_t refs[2];
	uint64_t index;
	unsigned char *p;
	char buf[64];
	int fd, ok;

	ksft_set_plan(5);
	fd = gd_open();
	if (fd < 0)
		ksft_exit_fail_msg("open gntdev: %s\n", strerror(errno));
	if (xdom_get(test, "refs", buf, sizeof(buf), TIMEOUT_S) ||
	    sscanf(buf, "%u %u", &refs[0], &refs[1]) != 2)
		ksft_exit_fail_msg("no refs from the peer\n");

	p = MAP_FAILED;
	if (!gd_map(fd, 2, xdom_peer(), refs, &index))
		p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, index);
	ksft_test_result(p != MAP_FAILED, "map_peer_grants\n");
	if (p == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	ksft_test_result(p[0] == 'G' && p[15] == 'G' && p[16] == 0,
			 "read_peer_data\n");
	p[PAGE] = 'M';
	ksft_test_result(!gd_notify(fd, index + PAGE + 100,
				    UNMAP_NOTIFY_CLEAR_BYTE, 0),
			 "set_unmap_notify\n");

	memset(segs, 0, sizeof(segs));
	memset(local, 'C', sizeof(local));
	memset(got, 0, sizeof(got));
	segs[0].flags = GNTCOPY_source_gref;
	segs[0].source.foreign.ref = refs[0];
	segs[0].source.foreign.domid = xdom_peer();
	segs[0].dest.virt = got;
	segs[0].len = sizeof(got);
	segs[1].flags = GNTCOPY_dest_gref;
	segs[1].source.virt = local;
	segs[1].dest.foreign.ref = refs[1];
	segs[1].dest.foreign.domid = xdom_peer();
	segs[1].dest.foreign.offset = 200;
	segs[1].len = sizeof(local);
	segs[2] = segs[1];
	segs[2].dest.foreign.ref = BAD_REF;
	ok = !ioctl(fd, IOCTL_GNTDEV_GRANT_COPY, &copy) &&
	     segs[0].status == GNTST_okay && segs[1].status == GNTST_okay &&
	     segs[2].status < 0 && !memcmp(got, p, sizeof(got));
	ksft_test_result(ok, "grant_copy_with_peer\n");
	xdom_put(test, "written", "1");

	xdom_get(test, "checked", buf, sizeof(buf), TIMEOUT_S);
	munmap(p, 2 * PAGE);
	gd_unmap(fd, index, 2);
	close(fd);
	xdom_put(test, "unmapped", "1");
	ok = !xdom_get(test, "notified", buf, sizeof(buf), TIMEOUT_S) &&
	     !strcmp(buf, "ok");
	ksft_test_result(ok, "peer_saw_unmap_notify\n");
	ksft_finished();
	return 0;
}

int main(int argc, char **argv)
{
	int grant = argc > 1 && !strcmp(argv[1], "grant");

	ksft_print_header();
	if (argc != 2 || (!grant && strcmp(argv[1], "map")))
		ksft_exit_fail_msg("usage: %s grant|map\n", argv[0]);
	if (xdom_peer() < 0 || xdom_self() < 0)
		ksft_exit_skip("no peer domain (XQ_DOMID unset)\n");
	set_test_name(grant == xdom_in_domu());
	return grant ? granter() : mapper();
}
