// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain pair, domU half (dom0 half: xdom_map.c), both through our
 * libxengnttab:
 *  1. the domU shares 4 writable pages and a notify page (clear byte 1)
 *     with dom0 and publishes the refs;
 *  2. dom0 maps them every way, checks the pattern, writes its own,
 *     grant-copies into page 3, maps the notify page with its own clear
 *     byte (2) and unmaps it; says "mapped";
 *  3. the domU checks dom0's data and the cleared byte 2, then unshares
 *     the notify page (clearing byte 1 for dom0, which still maps it);
 *  4. dom0 shares 2 pages back; the domU maps them with
 *     xengnttab_map_grant_ref(s), checks and answers; both report.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>
#include <xdom.h>

#include "test.h"

#define T "libgnttab_xdom"
#define WAIT 240

int main(void)
{
	xengntshr_handle *gs;
	xengnttab_handle *gt;
	uint32_t refs[4], nref, back[2];
	unsigned char *shared, *np, *m;
	char buf[128];

	t_need(1, 1);
	if (xdom_peer() < 0)
		t_skip("no peer domain");
	gs = xengntshr_open(NULL, 0);
	gt = xengnttab_open(NULL, 0);
	CHECK(gs && gt);
	if (!gs || !gt) {
		xdom_put(T, "domu", "open failed");
		return t_result("xdom_share");
	}

	shared = xengntshr_share_pages(gs, 0, 4, refs, 1);
	np = xengntshr_share_page_notify(gs, 0, &nref, 1, 1, -1);
	CHECK(shared && np);
	if (!shared || !np) {
		xdom_put(T, "domu", "share failed");
		return t_result("xdom_share");
	}
	t_fill(shared, 4 * T_PAGE, 0xd0);
	memset(np, 0x11, T_PAGE);
	CHECK(!xdom_put(T, "refs", "%u %u %u %u %u", refs[0], refs[1], refs[2],
			refs[3], nref));

	CHECK(!xdom_get(T, "mapped", buf, sizeof(buf), WAIT));
	CHECK(!strcmp(buf, "ok"));
	CHECK(t_verify(shared, 3 * T_PAGE, 0xd1));
	/* Page 3: dom0's grant copy of "copied by dom0" at offset 100. */
	CHECK(!strcmp((char *)shared + 3 * T_PAGE + 100, "copied by dom0"));
	/* dom0's unmap cleared byte 2 of the notify page. */
	CHECK(np[2] == 0 && np[1] == 0xee && np[3] == 0xee);
	CHECK(xengntshr_unshare(gs, np, 1) == 0);
	CHECK(!xdom_put(T, "unshared", "1"));

	/* Map what dom0 shares back. */
	CHECK(!xdom_get(T, "back", buf, sizeof(buf), WAIT));
	CHECK(sscanf(buf, "%u %u", &back[0], &back[1]) == 2);
	m = xengnttab_map_domain_grant_refs(gt, 2, 0, back, PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, 2 * T_PAGE, 0xb0));
		t_fill(m, 2 * T_PAGE, 0xb1);
		strcpy((char *)m + T_PAGE, "domU was here");
		CHECK(xengnttab_unmap(gt, m, 2) == 0);
	}
	m = xengnttab_map_grant_ref(gt, 0, back[1], PROT_READ);
	CHECK(m != NULL);
	if (m) {
		CHECK(!strcmp((char *)m, "domU was here"));
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
	}
	CHECK(!xdom_put(T, "domu", "%s", t_failures ? "failed" : "ok"));
	CHECK(!xdom_get(T, "end", buf, sizeof(buf), WAIT));

	CHECK(xengntshr_unshare(gs, shared, 4) == 0);
	CHECK(xengntshr_close(gs) == 0);
	CHECK(xengnttab_close(gt) == 0);
	return t_result("xdom_share");
}
