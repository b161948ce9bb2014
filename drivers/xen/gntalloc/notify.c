// SPDX-License-Identifier: GPL-2.0
/*
 * Unmap notification: when the last local user of a gref goes away (its
 * file list entry and every mapping, including on a crash), clear one byte
 * of the page and/or signal an event channel, so that the peer learns that
 * this side is gone.
 */
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <xen/events.h>
#include <xen/gntalloc.h>

#include "gntalloc.h"
#include "trace.h"

#define GNTALLOC_NOTIFY_ACTIONS (UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT)

/*
 * IOCTL_GNTALLOC_SET_UNMAP_NOTIFY: replaces the request of the listed page
 * that contains byte @index. Action 0 cancels it.
 */
long gntalloc_ioctl_set_unmap_notify(struct gntalloc_file *file,
				     void __user *uarg)
{
	struct ioctl_gntalloc_unmap_notify op;
	struct gntalloc_notify old = {};
	struct gntalloc_gref *gref;
	int rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (op.action & ~GNTALLOC_NOTIFY_ACTIONS)
		return -EINVAL;
	/* Takes our own reference: the port stays bound until we signal it. */
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) &&
	    evtchn_get(op.event_channel_port))
		return -EINVAL;
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) &&
	    gnttab_audit_check_port(file->af, op.event_channel_port)) {
		gnttab_audit_add(file->af, DOMID_INVALID, GNTALLOC_DENIED, 1);
		evtchn_put(op.event_channel_port);
		return -EPERM;
	}

	mutex_lock(&file->lock);
	gref = gntalloc_find_run(file, op.index >> PAGE_SHIFT, 1);
	if (gref) {
		old = gref->notify;
		gref->notify.action = op.action;
		gref->notify.offset = op.index & ~PAGE_MASK;
		gref->notify.port = op.event_channel_port;
	}
	mutex_unlock(&file->lock);

	if (gref) {
		rc = 0;
		if (old.action & UNMAP_NOTIFY_SEND_EVENT)
			evtchn_put(old.port);
	} else {
		rc = -ENOENT;
		if (op.action & UNMAP_NOTIFY_SEND_EVENT)
			evtchn_put(op.event_channel_port);
	}
	return rc;
}

static void gntalloc_notify_account(struct gntalloc_file *file,
				    struct gntalloc_gref *gref, u32 action)
{
	gnttab_audit_add(file->af, gref->domid, GNTALLOC_NOTIFIES, 1);
	trace_gntalloc_notify(gref->domid, gref->notify.port, action, 0);
}

/* Called once, by the release of the gref, before its grant is ended. */
void gntalloc_notify_fire(struct gntalloc_file *file,
			  struct gntalloc_gref *gref)
{
	const struct gntalloc_notify *notify = &gref->notify;

	if (notify->action & UNMAP_NOTIFY_CLEAR_BYTE) {
		u8 *addr = kmap_local_page(gref->page);

		addr[notify->offset] = 0;
		kunmap_local(addr);
		gntalloc_notify_account(file, gref, UNMAP_NOTIFY_CLEAR_BYTE);
	}
	if (notify->action & UNMAP_NOTIFY_SEND_EVENT) {
		notify_remote_via_evtchn(notify->port);
		gntalloc_notify_account(file, gref, UNMAP_NOTIFY_SEND_EVENT);
		evtchn_put(notify->port);
	}
}
