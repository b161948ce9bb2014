/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * /dev/xen/gntalloc: grant pages of this domain to another domain.
 *
 * Binary-compatible with Linux's uapi header of the same name, but
 * self-contained: it needs nothing but the kernel's uapi <linux/types.h>
 * and <linux/ioctl.h>, and compiles alone as C and as C++.
 *
 * User-space usage (see Documentation/userspace-api/gntalloc.rst):
 *
 *	struct ioctl_gntalloc_alloc_gref op = { .domid = peer,
 *		.flags = GNTALLOC_FLAG_WRITABLE, .count = 1 };
 *	ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &op);	// op.gref_ids[0]: the ref
 *	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
 *	ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF,		// freed at munmap
 *	      &(struct ioctl_gntalloc_dealloc_gref){ .index = op.index, .count = 1 });
 */
#ifndef __LINUX_PUBLIC_GNTALLOC_H__
#define __LINUX_PUBLIC_GNTALLOC_H__

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Allocates @count zeroed pages and grants each of them to @domid. Returns
 * their grant references in @gref_ids and, in @index, the byte offset at
 * which they can be mmap'ed from the device. The array is variable-sized:
 * @count entries.
 */
#define IOCTL_GNTALLOC_ALLOC_GREF \
_IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))
struct ioctl_gntalloc_alloc_gref {
	/* IN */
	__u16 domid;
	__u16 flags;
	__u32 count;
	/* OUT */
	__u64 index;
	/* OUT: @count entries */
	__u32 gref_ids[1];
};

/* The peer may write to the pages (otherwise it may only read them). */
#define GNTALLOC_FLAG_WRITABLE 1

/*
 * Gives up the file's hold on @count pages starting at @index. Pages still
 * mmap'ed stay valid until munmap; a page the peer still maps is freed only
 * once the peer has unmapped it.
 */
#define IOCTL_GNTALLOC_DEALLOC_GREF \
_IOC(_IOC_NONE, 'G', 6, sizeof(struct ioctl_gntalloc_dealloc_gref))
struct ioctl_gntalloc_dealloc_gref {
	/* IN */
	__u64 index;
	__u32 count;
};

/*
 * Asks for an action when the last local user of the page that contains
 * byte @index goes away: clear that byte and/or signal an event channel
 * bound through /dev/xen/evtchn. Replaces any earlier request for that page.
 */
#define IOCTL_GNTALLOC_SET_UNMAP_NOTIFY \
_IOC(_IOC_NONE, 'G', 7, sizeof(struct ioctl_gntalloc_unmap_notify))
struct ioctl_gntalloc_unmap_notify {
	/* IN */
	__u64 index;
	__u32 action;
	__u32 event_channel_port;
};

/*
 * gnttab extension, not in Linux: restricts this open file, for good, to
 * granting pages to domain @domid. Afterwards ALLOC_GREF for any other
 * domain, and SET_UNMAP_NOTIFY asking for an event on a channel that is not
 * an interdomain channel to @domid, fail with EPERM. fork(), dup() and
 * SCM_RIGHTS pass the restriction on with the file. Restricting again to
 * the same domain succeeds, to another one fails with EPERM; EBUSY if the
 * file still holds pages granted to another domain, EINVAL for a reserved
 * domid. Same number as IOCTL_GNTDEV_RESTRICT (_IOW, 0x80: no clash with
 * Linux's numbers; drivers without it answer ENOTTY).
 */
#define IOCTL_GNTALLOC_RESTRICT \
_IOW('G', 0x80, struct ioctl_gntalloc_restrict)
struct ioctl_gntalloc_restrict {
	/* IN */
	__u32 domid;
};

/* Actions for ioctl_gntalloc_unmap_notify (the same values as gntdev's). */
#define UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define UNMAP_NOTIFY_SEND_EVENT 0x2

#endif /* __LINUX_PUBLIC_GNTALLOC_H__ */
