// SPDX-License-Identifier: GPL-2.0
/*
 * xentoolcore_restrict_all() and libxengnttab's handles.
 *
 * On our drivers (they know IOCTL_GNTDEV_RESTRICT): restrict_all(self)
 * leaves both kinds of handle working for our own domain and refuses any
 * other with EPERM. A later restrict_all(other) cannot narrow them again
 * (EPERM from the driver) nor a gnttab handle still holding a mapping of
 * ours (EBUSY), so those fds become /dev/null, as in Xen's library; a fresh
 * gntshr handle is restricted to @other.
 *
 * On Linux's drivers (ENOTTY): every gnttab handle's fd becomes /dev/null,
 * gntshr handles are left alone (Xen's behaviour).
 *
 * In both: a handle closed before the restrict is off the list, existing
 * mappings keep working, and restricting again is harmless.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>
#include <xengnttab.h>
#include <xentoolcore.h>

#include "selfgrant.h"
#include "test.h"
#include "xdom.h"

static int fd_is(int fd, const char *path)
{
	char link[64], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(target, path) == 0;
}

/* 1 if the driver behind @path can restrict (probed on a throwaway fd). */
static int driver_restricts(const char *path, uint32_t domid)
{
	struct ioctl_gntdev_restrict req = { .domid = domid };
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return 0;
	ok = !ioctl(fd, IOCTL_GNTDEV_RESTRICT, &req);
	if (!ok && errno != ENOTTY)
		t_fail(__FILE__, __LINE__, "probe answers 0 or ENOTTY", errno);
	close(fd);
	return ok;
}

/* Shares a page with @domid and unshares it: 1 if that worked. */
static int can_share(xengntshr_handle *gs, int domid)
{
	uint32_t ref;
	void *p = xengntshr_share_pages(gs, domid, 1, &ref, 1);

	if (!p)
		return 0;
	CHECK(xengntshr_unshare(gs, p, 1) == 0);
	return 1;
}

/* Maps @ref of @domid read-only and unmaps it: 1 if that worked. */
static int can_map(xengnttab_handle *gt, int domid, uint32_t ref)
{
	void *p = xengnttab_map_grant_ref(gt, domid, ref, PROT_READ);

	if (!p)
		return 0;
	CHECK(xengnttab_unmap(gt, p, 1) == 0);
	return 1;
}

int main(void)
{
	xengnttab_handle *gt, *gt2, *closed;
	xengntshr_handle *gs, *gs2;
	unsigned char *shared, *m, *m2;
	int self, other, gntdev_ours, gntalloc_ours;
	uint32_t ref;

	self = t_open_selfgrant("restrict", &gt, &gs);
	other = xdom_peer() >= 0 && xdom_peer() != self ? xdom_peer() :
		(self ? 0 : 1);
	gntdev_ours = driver_restricts("/dev/xen/gntdev", self);
	gntalloc_ours = driver_restricts("/dev/xen/gntalloc", self);
	t_info("self %d, other %d; gntdev %s, gntalloc %s", self, other,
	       gntdev_ours ? "restricts" : "ENOTTY",
	       gntalloc_ours ? "restricts" : "ENOTTY");

	/* Opened and closed before the restrict: must be off the list. */
	closed = xengnttab_open(NULL, 0);
	CHECK(closed != NULL);
	CHECK(xengnttab_close(closed) == 0);

	CHECK(fd_is(xengnttab_fd(gt), "/dev/xen/gntdev"));
	CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));
	shared = xengntshr_share_pages(gs, self, 1, &ref, 1);
	CHECK(shared != NULL);
	m = shared ? xengnttab_map_grant_ref(gt, self, ref,
					     PROT_READ | PROT_WRITE) : NULL;
	CHECK(m != NULL);
	if (!m)
		return t_result("restrict");

	/* 1: restrict_all(self). */
	CHECK(xentoolcore_restrict_all(self) == 0);
	if (gntdev_ours) {
		CHECK(fd_is(xengnttab_fd(gt), "/dev/xen/gntdev"));
		CHECK(can_map(gt, self, ref));
		CHECK_ERR(!xengnttab_map_grant_ref(gt, other, ref, PROT_READ),
			  EPERM);
	} else {
		CHECK(fd_is(xengnttab_fd(gt), "/dev/null"));
		errno = 0;
		CHECK(!can_map(gt, self, ref) && errno != 0);
	}
	CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));
	CHECK(can_share(gs, self));
	if (gntalloc_ours) {
		uint32_t r;

		CHECK_ERR(!xengntshr_share_pages(gs, other, 1, &r, 1), EPERM);
	} else {
		CHECK(can_share(gs, other));
	}
	/* The mapping made before still works both ways. */
	strcpy((char *)m, "still mapped");
	CHECK(strcmp((char *)shared, "still mapped") == 0);
	/* Restricting again to the same domain changes nothing. */
	CHECK(xentoolcore_restrict_all(self) == 0);
	CHECK(fd_is(xengnttab_fd(gt),
		    gntdev_ours ? "/dev/xen/gntdev" : "/dev/null"));
	CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));

	/*
	 * 2: fresh handles, gt2 holding a mapping of our own domain, then
	 * restrict_all(other).
	 */
	gt2 = xengnttab_open(NULL, 0);
	gs2 = xengntshr_open(NULL, 0);
	CHECK(gt2 && gs2);
	if (!gt2 || !gs2)
		return t_result("restrict");
	m2 = xengnttab_map_grant_ref(gt2, self, ref, PROT_READ);
	CHECK(m2 != NULL);
	CHECK(xentoolcore_restrict_all(other) == 0);
	/* gt: restricted to self (EPERM) or Linux's; gt2: EBUSY or Linux's. */
	CHECK(fd_is(xengnttab_fd(gt), "/dev/null"));
	CHECK(fd_is(xengnttab_fd(gt2), "/dev/null"));
	errno = 0;
	CHECK(!can_map(gt2, self, ref) && errno != 0);
	if (gntalloc_ours) {
		uint32_t r;

		/* gs was restricted to self: EPERM, so /dev/null. */
		CHECK(fd_is(xengntshr_fd(gs), "/dev/null"));
		CHECK(fd_is(xengntshr_fd(gs2), "/dev/xen/gntalloc"));
		CHECK_ERR(!xengntshr_share_pages(gs2, self, 1, &r, 1), EPERM);
		CHECK(can_share(gs2, other));
	} else {
		CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));
		CHECK(fd_is(xengntshr_fd(gs2), "/dev/xen/gntalloc"));
		CHECK(can_share(gs2, self));
	}
	strcpy((char *)m, "mapped still");
	CHECK(m2 && strcmp((char *)m2, "mapped still") == 0);

	if (m2)
		CHECK(munmap(m2, T_PAGE) == 0);
	CHECK(munmap(m, T_PAGE) == 0);
	CHECK(xengntshr_unshare(gs, shared, 1) == 0);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengnttab_close(gt2) == 0);
	CHECK(xengntshr_close(gs) == 0);
	CHECK(xengntshr_close(gs2) == 0);
	return t_result("restrict");
}
