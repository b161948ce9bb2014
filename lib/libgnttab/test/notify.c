// SPDX-License-Identifier: GPL-2.0
/*
 * Unmap notification through libxengnttab, on self-grants:
 *  - xengnttab_map_grant_ref_notify: on unmap, the byte is cleared (seen by
 *    the sharer) and the event channel fires;
 *  - xengntshr_share_page_notify: on unshare, the byte is cleared (seen by
 *    the mapper) and the event channel fires;
 *  - an offset outside the page means "no clear" (not an error);
 *  - a bad port fails with EINVAL and leaves nothing reserved behind.
 * Events go over a loopback channel: port A bound unbound-for-self, port B
 * bound to A; a notify on A shows up as pending B.
 */
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <xenevtchn.h>
#include <xengnttab.h>
#include <xen/gntdev.h>

#include "test.h"

#define OFF 100		/* the byte to clear */
#define BAD_PORT 0xfffff

static int self;
static xenevtchn_handle *xce;
static evtchn_port_t port_a, port_b;

/* Waits up to 30 s for @port to be pending; clears and unmasks it. */
static int event_arrived(evtchn_port_t port)
{
	struct pollfd pfd = { .fd = xenevtchn_fd(xce), .events = POLLIN };
	xenevtchn_port_or_error_t p;

	if (poll(&pfd, 1, 30000) != 1)
		return 0;
	p = xenevtchn_pending(xce);
	if (p >= 0)
		xenevtchn_unmask(xce, p);
	return p == (xenevtchn_port_or_error_t)port;
}

/* The gntdev offset of the mapping at @addr; -1 if none. */
static long long offset_of(xengnttab_handle *gt, void *addr)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = {
		.vaddr = (uintptr_t)addr,
	};

	if (ioctl(xengnttab_fd(gt), IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op))
		return -1;
	return (long long)op.offset;
}

static void gnttab_notify(xengntshr_handle *gs)
{
	xengnttab_handle *gt = xengnttab_open(NULL, 0);
	unsigned char *shared, *m;
	uint32_t ref;

	CHECK(gt != NULL);
	shared = xengntshr_share_pages(gs, self, 1, &ref, 1);
	CHECK(shared != NULL);
	if (!gt || !shared)
		return;

	/* Clear byte and event. */
	m = xengnttab_map_grant_ref_notify(gt, self, ref, PROT_READ | PROT_WRITE,
					   OFF, port_a);
	CHECK(m != NULL);
	if (m) {
		memset(m, 0xaa, T_PAGE);
		CHECK(shared[OFF] == 0xaa);
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
		CHECK(shared[OFF] == 0 && shared[OFF - 1] == 0xaa &&
		      shared[OFF + 1] == 0xaa);
		CHECK(event_arrived(port_b));
	}

	/* Offset outside the page, no port: a plain map, nothing cleared. */
	memset(shared, 0xbb, T_PAGE);
	m = xengnttab_map_grant_ref_notify(gt, self, ref, PROT_READ | PROT_WRITE,
					   T_PAGE, -1);
	CHECK(m != NULL);
	if (m) {
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
		CHECK(shared[0] == 0xbb && shared[T_PAGE - 1] == 0xbb);
	}
	m = xengnttab_map_grant_ref_notify(gt, self, ref, PROT_READ | PROT_WRITE,
					   -1, -1);
	CHECK(m != NULL);
	if (m) {
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
		CHECK(shared[0] == 0xbb);
	}

	/* Event only. */
	m = xengnttab_map_grant_ref_notify(gt, self, ref, PROT_READ, -1, port_a);
	CHECK(m != NULL);
	if (m) {
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
		CHECK(event_arrived(port_b));
		CHECK(shared[OFF] == 0xbb);
	}

	/* A bad port: EINVAL, and the gntdev range was given back. */
	CHECK_ERR(xengnttab_map_grant_ref_notify(gt, self, ref, PROT_READ, OFF,
						 BAD_PORT) == NULL, EINVAL);
	CHECK(shared[OFF] == 0xbb);
	m = xengnttab_map_grant_ref(gt, self, ref, PROT_READ);
	CHECK(m != NULL);
	if (m) {
		CHECK(offset_of(gt, m) == 0);
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
	}

	CHECK(xengntshr_unshare(gs, shared, 1) == 0);
	CHECK(xengnttab_close(gt) == 0);
}

static void gntshr_notify(xengntshr_handle *gs)
{
	xengnttab_handle *gt = xengnttab_open(NULL, 0);
	unsigned char *shared, *m;
	uint32_t ref;

	CHECK(gt != NULL);
	if (!gt)
		return;

	shared = xengntshr_share_page_notify(gs, self, &ref, 1, OFF, port_a);
	CHECK(shared != NULL);
	m = shared ? xengnttab_map_grant_ref(gt, self, ref,
					     PROT_READ | PROT_WRITE) : NULL;
	CHECK(m != NULL);
	if (m) {
		memset(m, 0xcc, T_PAGE);
		CHECK(xengntshr_unshare(gs, shared, 1) == 0);
		/* The sharer's last reference is gone: cleared, signalled. */
		CHECK(m[OFF] == 0 && m[OFF - 1] == 0xcc);
		CHECK(event_arrived(port_b));
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
	}

	/* Offset outside the page: nothing cleared. */
	shared = xengntshr_share_page_notify(gs, self, &ref, 1, T_PAGE, -1);
	CHECK(shared != NULL);
	m = shared ? xengnttab_map_grant_ref(gt, self, ref, PROT_READ) : NULL;
	CHECK(m != NULL);
	if (m) {
		memset(shared, 0xdd, T_PAGE);
		CHECK(xengntshr_unshare(gs, shared, 1) == 0);
		CHECK(m[0] == 0xdd && m[T_PAGE - 1] == 0xdd);
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
	}

	/* A bad port: EINVAL, nothing mapped. */
	CHECK_ERR(xengntshr_share_page_notify(gs, self, &ref, 1, OFF,
					      BAD_PORT) == NULL, EINVAL);
	CHECK(xengnttab_close(gt) == 0);
}

int main(void)
{
	xengntshr_handle *gs;
	xenevtchn_port_or_error_t a, b;

	t_need(1, 1);
	self = t_self_domid();
	xce = xenevtchn_open(NULL, 0);
	if (!xce)
		t_skip("no event channel device");
	a = xenevtchn_bind_unbound_port(xce, self);
	b = a >= 0 ? xenevtchn_bind_interdomain(xce, self, a) : -1;
	CHECK(a >= 0 && b >= 0);
	if (a < 0 || b < 0)
		return t_result("notify");
	port_a = a;
	port_b = b;

	gs = xengntshr_open(NULL, 0);
	CHECK(gs != NULL);
	if (gs) {
		gnttab_notify(gs);
		gntshr_notify(gs);
		CHECK(xengntshr_close(gs) == 0);
	}
	xenevtchn_close(xce);
	return t_result("notify");
}
