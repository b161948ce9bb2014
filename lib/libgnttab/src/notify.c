// SPDX-License-Identifier: LGPL-2.1-only
/*
 * Unmap notification, shared by both devices: SET_UNMAP_NOTIFY has the same
 * number and layout on /dev/xen/gntdev and /dev/xen/gntalloc.
 */
#include <sys/ioctl.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#include "core.h"

_Static_assert(IOCTL_GNTDEV_SET_UNMAP_NOTIFY == IOCTL_GNTALLOC_SET_UNMAP_NOTIFY,
	       "one SET_UNMAP_NOTIFY for both devices");
_Static_assert(sizeof(struct ioctl_gntdev_unmap_notify) ==
	       sizeof(struct ioctl_gntalloc_unmap_notify),
	       "one unmap_notify layout for both devices");

/*
 * Asks the driver to clear the byte at @offset of the @len-byte mapping at
 * device offset @index, and/or to signal @port, when the mapping goes.
 * An offset past the mapping or a port of GNT_NO_NOTIFY means "not that
 * one" (not an error); with neither there is nothing to ask.
 */
int gnt_set_unmap_notify(gnt_handle *h, uint64_t index, size_t len,
			 uint32_t offset, uint32_t port)
{
	struct ioctl_gntdev_unmap_notify notify = { .index = index };

	if (offset < len) {
		notify.index += offset;
		notify.action |= UNMAP_NOTIFY_CLEAR_BYTE;
	}
	if (port != GNT_NO_NOTIFY) {
		notify.event_channel_port = port;
		notify.action |= UNMAP_NOTIFY_SEND_EVENT;
	}
	if (!notify.action)
		return 0;
	if (ioctl(h->fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &notify)) {
		gnt_log_error(h, "ioctl SET_UNMAP_NOTIFY failed");
		return -1;
	}
	return 0;
}
