// SPDX-License-Identifier: GPL-2.0
/*
 * ioctls of 32-bit (i386) processes on a 64-bit kernel.
 *
 * Only IOCTL_GNTDEV_GRANT_COPY differs from the native ABI: its header holds
 * a 32-bit pointer, so its size and with it its number differ (0x00084708),
 * and the local side of each 24-byte segment holds a 32-bit pointer in the
 * low half of an 8-byte union whose high half i386 leaves undefined. Every
 * other request has the same number and layout on i386 (all-u64 or all-u32
 * fields, no pointers), so it goes to the native handler as it is. The
 * x86_64 number of GRANT_COPY is unknown to 32-bit callers, as on an i386
 * kernel.
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "gntdev.h"

struct compat_gntdev_grant_copy_segment {
	union {
		compat_uptr_t virt;
		struct {
			u32 ref;
			u16 offset;
			u16 domid;
		} foreign;
	} source, dest;
	u16 len;
	u16 flags;
	s16 status;
};

struct compat_ioctl_gntdev_grant_copy {
	u32 count;
	compat_uptr_t segments;
};

#define COMPAT_IOCTL_GNTDEV_GRANT_COPY \
	_IOC(_IOC_NONE, 'G', 8, sizeof(struct compat_ioctl_gntdev_grant_copy))

/*
 * The core walks the user's array with the native type and writes each
 * status there, so both layouts must agree on everything but the pointers.
 */
static_assert(sizeof(struct compat_gntdev_grant_copy_segment) ==
	      sizeof(struct gntdev_grant_copy_segment));
static_assert(offsetof(struct compat_gntdev_grant_copy_segment, dest) ==
	      offsetof(struct gntdev_grant_copy_segment, dest));
static_assert(offsetof(struct compat_gntdev_grant_copy_segment, len) ==
	      offsetof(struct gntdev_grant_copy_segment, len));
static_assert(offsetof(struct compat_gntdev_grant_copy_segment, flags) ==
	      offsetof(struct gntdev_grant_copy_segment, flags));
static_assert(offsetof(struct compat_gntdev_grant_copy_segment, status) ==
	      offsetof(struct gntdev_grant_copy_segment, status));
static_assert(COMPAT_IOCTL_GNTDEV_GRANT_COPY == 0x00084708);

/* A local side's address is the 32-bit pointer alone, extended by compat_ptr. */
static void gntdev_compat_convert(struct gntdev_grant_copy_segment *seg)
{
	struct compat_gntdev_grant_copy_segment cseg;

	memcpy(&cseg, seg, sizeof(cseg));
	memset(seg, 0, sizeof(*seg));
	if (cseg.flags & GNTCOPY_source_gref) {
		seg->source.foreign.ref = cseg.source.foreign.ref;
		seg->source.foreign.offset = cseg.source.foreign.offset;
		seg->source.foreign.domid = cseg.source.foreign.domid;
	} else {
		seg->source.virt = compat_ptr(cseg.source.virt);
	}
	if (cseg.flags & GNTCOPY_dest_gref) {
		seg->dest.foreign.ref = cseg.dest.foreign.ref;
		seg->dest.foreign.offset = cseg.dest.foreign.offset;
		seg->dest.foreign.domid = cseg.dest.foreign.domid;
	} else {
		seg->dest.virt = compat_ptr(cseg.dest.virt);
	}
	seg->len = cseg.len;
	seg->flags = cseg.flags;
	seg->status = cseg.status;
}

/* Both layouts have the same size: read in place, then convert each. */
static int gntdev_compat_read_segments(struct gntdev_grant_copy_segment *seg,
				       const struct gntdev_grant_copy_segment __user *useg,
				       unsigned int n)
{
	unsigned int i;

	if (copy_from_user(seg, useg, array_size(n, sizeof(*seg))))
		return -EFAULT;
	for (i = 0; i < n; i++)
		gntdev_compat_convert(&seg[i]);
	return 0;
}

static long gntdev_compat_grant_copy(struct gntdev_file *file,
				     struct compat_ioctl_gntdev_grant_copy __user *arg)
{
	struct compat_ioctl_gntdev_grant_copy copy;

	if (copy_from_user(&copy, arg, sizeof(copy)))
		return -EFAULT;
	return gntdev_grant_copy(file, compat_ptr(copy.segments), copy.count,
				 gntdev_compat_read_segments);
}

long gntdev_compat_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case COMPAT_IOCTL_GNTDEV_GRANT_COPY:
		return gntdev_compat_grant_copy(filp->private_data,
						compat_ptr(arg));
	case IOCTL_GNTDEV_GRANT_COPY:
		return -ENOTTY;
	default:
		return gntdev_ioctl(filp, cmd, (unsigned long)compat_ptr(arg));
	}
}
