// SPDX-License-Identifier: GPL-2.0
/*
 * Unmap notification: tell the granting domain that a mapping went away,
 * by clearing one byte of the shared page and/or signalling an event channel.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <xen/events.h>

#include "gntdev.h"
#include "trace.h"

/* The domain that granted the page holding the notify byte. */
static u16 gntdev_notify_domid(struct gntdev_map *map)
{
	return map->grants[map->notify.offset >> PAGE_SHIFT].domid;
}

static void gntdev_notify_account(struct gntdev_map *map, u32 action)
{
	u16 domid = gntdev_notify_domid(map);

	gnttab_audit_add(map->af, domid, GNTDEV_NOTIFIES, 1);
	trace_gntdev_notify(domid, map->notify.port, action, 0);
}

/*
 * Clears the requested byte if it lies in pages [first, first + n) and its
 * grant is still mapped: through the backing page, which on PV gets its
 * kernel mapping for this if the user PTE still maps the grant. Done at
 * most once. Called with map->lock held, before the user mappings of the
 * range end.
 */
void gntdev_notify_clear_byte(struct gntdev_map *map, unsigned int first,
			      unsigned int n)
{
	u64 page = map->notify.offset >> PAGE_SHIFT;
	u8 *byte;

	lockdep_assert_held(&map->lock);
	if (!(map->notify.action & UNMAP_NOTIFY_CLEAR_BYTE))
		return;
	if (page < first || page - first >= n)
		return;
	map->notify.action &= ~UNMAP_NOTIFY_CLEAR_BYTE;
	/* A read-only map never accepts the request; be safe anyway. */
	if (map->readonly || !gntdev_map_backing_page(map, page))
		return;
	byte = page_address(map->pages[page]);
	WRITE_ONCE(byte[map->notify.offset & ~PAGE_MASK], 0);
	gntdev_notify_account(map, UNMAP_NOTIFY_CLEAR_BYTE);
}

/* Sends the event, if one was requested, and drops our port reference. */
void gntdev_notify_send_event(struct gntdev_map *map)
{
	struct gntdev_notify *notify = &map->notify;

	if (!(notify->action & UNMAP_NOTIFY_SEND_EVENT))
		return;
	notify_remote_via_evtchn(notify->port);
	gntdev_notify_account(map, UNMAP_NOTIFY_SEND_EVENT);
	evtchn_put(notify->port);
	notify->action &= ~UNMAP_NOTIFY_SEND_EVENT;
}

long gntdev_ioctl_set_unmap_notify(struct gntdev_file *file,
				   struct ioctl_gntdev_unmap_notify __user *arg)
{
	struct ioctl_gntdev_unmap_notify op;
	struct gntdev_notify old = { 0 };
	struct gntdev_map *map;
	long err = 0;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.action & ~(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT))
		return -EINVAL;
	/* Our own reference keeps the port bound until the event is sent. */
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) &&
	    evtchn_get(op.event_channel_port))
		return -EINVAL;
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) &&
	    gnttab_audit_check_port(file->af, op.event_channel_port)) {
		gnttab_audit_add(file->af, DOMID_INVALID, GNTDEV_DENIED, 1);
		err = -EPERM;
		goto put_new;
	}

	mutex_lock(&file->lock);
	map = gntdev_map_find_byte(file, op.index);
	if (map)
		gntdev_map_get(map);
	mutex_unlock(&file->lock);
	if (!map) {
		err = -ENOENT;
		goto put_new;
	}

	mutex_lock(&map->lock);
	if ((op.action & UNMAP_NOTIFY_CLEAR_BYTE) && map->mmapped &&
	    map->readonly) {
		err = -EINVAL;
	} else {
		old = map->notify;
		map->notify.action = op.action;
		map->notify.offset = op.index - (map->index << PAGE_SHIFT);
		map->notify.port = op.event_channel_port;
	}
	mutex_unlock(&map->lock);
	gntdev_map_put(map);

	/* The replaced request's port reference goes. */
	if (old.action & UNMAP_NOTIFY_SEND_EVENT)
		evtchn_put(old.port);
	if (!err)
		return 0;
put_new:
	if (op.action & UNMAP_NOTIFY_SEND_EVENT)
		evtchn_put(op.event_channel_port);
	return err;
}
