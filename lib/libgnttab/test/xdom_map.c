// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain pair, dom0 half: maps, copies and shares with the domU
 * through our libxengnttab. The steps are described in xdom_share.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>
#include <xdom.h>

#include "test.h"

#define T "libgnttab_xdom"
#define WAIT 240

static void copy_into_domu(xengnttab_handle *gt, int peer, uint32_t ref)
{
	static const char msg[] = "copied by dom0";
	xengnttab_grant_copy_segment_t seg[2];
	unsigned char want[64], got[64];

	memset(seg, 0, sizeof(seg));
	seg[0].source.virt = (void *)msg;
	seg[0].dest.foreign.ref = ref;
	seg[0].dest.foreign.offset = 100;
	seg[0].dest.foreign.domid = peer;
	seg[0].len = sizeof(msg);
	seg[0].flags = GNTCOPY_dest_gref;
	seg[1].source.foreign.ref = ref;
	seg[1].source.foreign.offset = 0;
	seg[1].source.foreign.domid = peer;
	seg[1].dest.virt = got;
	seg[1].len = sizeof(got);
	seg[1].flags = GNTCOPY_source_gref;
	CHECK(xengnttab_grant_copy(gt, 2, seg) == 0);
	CHECK(seg[0].status == GNTST_okay && seg[1].status == GNTST_okay);
	/* Page 3 still holds the domU's pattern at offset 0. */
	{
		unsigned char *all = malloc(4 * T_PAGE);

		t_fill(all, 4 * T_PAGE, 0xd0);
		memcpy(want, all + 3 * T_PAGE, sizeof(want));
		free(all);
	}
	CHECK(!memcmp(got, want, sizeof(got)));
}

int main(void)
{
	uint32_t refs[4], domids[4], nref, back[2];
	unsigned char *m, *n1, *n2, *shared;
	xengntshr_handle *gs;
	xengnttab_handle *gt;
	char buf[128];
	int peer = xdom_peer(), i;

	t_need(1, 1);
	if (peer <= 0)
		t_skip("no domU (XQ_DOMID unset)");
	gs = xengntshr_open(NULL, 0);
	gt = xengnttab_open(NULL, 0);
	CHECK(gs && gt);
	CHECK(!xdom_get(T, "refs", buf, sizeof(buf), WAIT));
	CHECK(sscanf(buf, "%u %u %u %u %u", &refs[0], &refs[1], &refs[2],
		     &refs[3], &nref) == 5);
	if (t_failures) {
		xdom_put(T, "mapped", "failed");
		return t_result("xdom_map");
	}
	for (i = 0; i < 4; i++)
		domids[i] = peer;

	m = xengnttab_map_domain_grant_refs(gt, 4, peer, refs,
					    PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, 4 * T_PAGE, 0xd0));
		t_fill(m, 3 * T_PAGE, 0xd1);
		CHECK(xengnttab_unmap(gt, m, 4) == 0);
	}
	m = xengnttab_map_grant_refs(gt, 3, domids, refs, PROT_READ);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, 3 * T_PAGE, 0xd1));
		CHECK(xengnttab_unmap(gt, m, 3) == 0);
	}
	copy_into_domu(gt, peer, refs[3]);

	/* Our clear byte (2) on one map; a second map watches byte 1. */
	n1 = xengnttab_map_grant_ref_notify(gt, peer, nref,
					    PROT_READ | PROT_WRITE, 2, -1);
	n2 = xengnttab_map_grant_ref(gt, peer, nref, PROT_READ);
	CHECK(n1 && n2);
	if (n1) {
		memset(n1 + 1, 0xee, 3);
		CHECK(xengnttab_unmap(gt, n1, 1) == 0);
	}
	CHECK(!xdom_put(T, "mapped", "%s", t_failures ? "failed" : "ok"));

	CHECK(!xdom_get(T, "unshared", buf, sizeof(buf), WAIT));
	if (n2) {
		/* The domU's last reference went: its clear byte (1). */
		CHECK(n2[1] == 0 && n2[3] == 0xee);
		CHECK(xengnttab_unmap(gt, n2, 1) == 0);
	}

	shared = gs ? xengntshr_share_pages(gs, peer, 2, back, 1) : NULL;
	CHECK(shared != NULL);
	if (shared) {
		t_fill(shared, 2 * T_PAGE, 0xb0);
		CHECK(!xdom_put(T, "back", "%u %u", back[0], back[1]));
		CHECK(!xdom_get(T, "domu", buf, sizeof(buf), WAIT));
		CHECK(!strcmp(buf, "ok"));
		CHECK(t_verify(shared, T_PAGE, 0xb1));
		CHECK(!strcmp((char *)shared + T_PAGE, "domU was here"));
	} else {
		xdom_put(T, "back", "0 0");
	}
	CHECK(!xdom_put(T, "end", "1"));
	if (shared)
		CHECK(xengntshr_unshare(gs, shared, 2) == 0);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("xdom_map");
}
