// SPDX-License-Identifier: LGPL-2.1-only
/*
 * Restricting a handle to one peer domain: IOCTL_GNTDEV_RESTRICT and
 * IOCTL_GNTALLOC_RESTRICT are one request (same number and layout), so a
 * handle of either kind is restricted the same way. Drivers without the
 * request (Linux's xen-gntdev and xen-gntalloc) answer ENOTTY.
 */
#include <sys/ioctl.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#include "core.h"

_Static_assert(IOCTL_GNTDEV_RESTRICT == IOCTL_GNTALLOC_RESTRICT,
	       "one RESTRICT request for both devices");
_Static_assert(sizeof(struct ioctl_gntdev_restrict) ==
	       sizeof(struct ioctl_gntalloc_restrict),
	       "one restrict layout for both devices");

int gnt_restrict_fd(int fd, uint32_t domid)
{
	struct ioctl_gntdev_restrict req = { .domid = domid };

	return ioctl(fd, IOCTL_GNTDEV_RESTRICT, &req) ? -1 : 0;
}

int gnt_restrict(gnt_handle *h, uint32_t domid)
{
	if (gnt_restrict_fd(h->fd, domid)) {
		gnt_log_error(h, "ioctl RESTRICT to domain %u failed", domid);
		return -1;
	}
	return 0;
}
