// SPDX-License-Identifier: GPL-2.0
/*
 * libgnttab.so.1's xc_gnttab_restrict and xc_gntshr_restrict: the driver's
 * answer reaches the caller unchanged. On our drivers: a handle holding
 * another domain's mapping cannot be restricted (EBUSY), a reserved domid
 * is EINVAL, restricting to our own domain keeps self-grants working and
 * refuses another domain (EPERM), again to the same domain is 0, to another
 * EPERM. On Linux's drivers both calls fail with ENOTTY and change nothing.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <gnttab/xc_gnttab.h>

#include "test.h"
#include "xdom.h"

#define RESERVED_DOMID 0x7ff0u

static int can_share(xc_gntshr *gs, int domid, uint32_t *ref)
{
	void *p = xc_gntshr_share_pages(gs, domid, 1, ref, 1);

	if (!p)
		return 0;
	CHECK(xc_gntshr_munmap(gs, p, 1) == 0);
	return 1;
}

static int can_map(xc_gnttab *gt, int domid, uint32_t ref)
{
	void *p = xc_gnttab_map_grant_ref(gt, domid, ref, PROT_READ);

	if (!p)
		return 0;
	CHECK(xc_gnttab_munmap(gt, p, 1) == 0);
	return 1;
}

int main(void)
{
	xc_gnttab *gt;
	xc_gntshr *gs;
	unsigned char *shared, *m;
	int self, other;
	uint32_t ref, r;

	t_need(1, 1);
	self = t_self_domid();
	other = xdom_peer() >= 0 && xdom_peer() != self ? xdom_peer() :
		(self ? 0 : 1);
	gt = xc_gnttab_open(NULL, 0);
	gs = xc_gntshr_open(NULL, 0);
	CHECK(gt && gs);
	if (!gt || !gs)
		return t_result("xc_restrict");
	shared = xc_gntshr_share_pages(gs, self, 1, &ref, 1);
	CHECK(shared != NULL);
	m = shared ? xc_gnttab_map_grant_ref(gt, self, ref,
					     PROT_READ | PROT_WRITE) : NULL;
	CHECK(m != NULL);
	if (!m)
		return t_result("xc_restrict");

	errno = 0;
	if (xc_gnttab_restrict(gt, other) && errno == ENOTTY) {
		t_info("gntdev cannot restrict (Linux's driver)");
		CHECK(can_map(gt, self, ref));
	} else {
		CHECK(errno == EBUSY);
		CHECK_ERR(xc_gnttab_restrict(gt, RESERVED_DOMID) == -1, EINVAL);
		CHECK(xc_gnttab_restrict(gt, self) == 0);
		CHECK(xc_gnttab_restrict(gt, self) == 0);
		CHECK_ERR(xc_gnttab_restrict(gt, other) == -1, EPERM);
		CHECK(can_map(gt, self, ref));
		CHECK_ERR(!xc_gnttab_map_grant_ref(gt, other, ref, PROT_READ),
			  EPERM);
	}

	errno = 0;
	if (xc_gntshr_restrict(gs, RESERVED_DOMID) && errno == ENOTTY) {
		t_info("gntalloc cannot restrict (Linux's driver)");
		CHECK_ERR(xc_gntshr_restrict(gs, self) == -1, ENOTTY);
		CHECK(can_share(gs, other, &r));
	} else {
		CHECK(errno == EINVAL);
		CHECK(xc_gntshr_restrict(gs, self) == 0);
		CHECK(xc_gntshr_restrict(gs, self) == 0);
		CHECK_ERR(xc_gntshr_restrict(gs, other) == -1, EPERM);
		CHECK(can_share(gs, self, &r));
		CHECK_ERR(!xc_gntshr_share_pages(gs, other, 1, &r, 1), EPERM);
	}

	strcpy((char *)m, "through the restriction");
	CHECK(strcmp((char *)shared, "through the restriction") == 0);
	CHECK(xc_gnttab_munmap(gt, m, 1) == 0);
	CHECK(xc_gntshr_munmap(gs, shared, 1) == 0);
	CHECK(xc_gnttab_close(gt) == 0);
	CHECK(xc_gntshr_close(gs) == 0);
	return t_result("xc_restrict");
}
