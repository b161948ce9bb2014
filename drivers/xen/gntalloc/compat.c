// SPDX-License-Identifier: GPL-2.0
/*
 * ioctls of 32-bit (i386) processes on a 64-bit kernel.
 *
 * i386 aligns a u64 to 4 bytes, so ALLOC_GREF (20 bytes, 0x00144705) and
 * DEALLOC_GREF (12 bytes, 0x000c4706) lose the 4 bytes of tail padding that
 * x86_64 adds, and with them their numbers change. Their fields sit at the
 * same offsets, and the native handlers read and write those fields only,
 * never sizeof() of the whole struct, so those requests go to the native
 * handlers under the native numbers. SET_UNMAP_NOTIFY and RESTRICT have the
 * same number and layout on i386. The x86_64 numbers of ALLOC_GREF and
 * DEALLOC_GREF are unknown to 32-bit callers, as on an i386 kernel.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <xen/gntalloc.h>

#include "gntalloc.h"

struct compat_ioctl_gntalloc_alloc_gref {
	u16 domid;
	u16 flags;
	u32 count;
	compat_u64 index;
	u32 gref_ids[1];
};

struct compat_ioctl_gntalloc_dealloc_gref {
	compat_u64 index;
	u32 count;
};

#define COMPAT_IOCTL_GNTALLOC_ALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 5, sizeof(struct compat_ioctl_gntalloc_alloc_gref))
#define COMPAT_IOCTL_GNTALLOC_DEALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 6, sizeof(struct compat_ioctl_gntalloc_dealloc_gref))

static_assert(offsetof(struct compat_ioctl_gntalloc_alloc_gref, domid) ==
	      offsetof(struct ioctl_gntalloc_alloc_gref, domid));
static_assert(offsetof(struct compat_ioctl_gntalloc_alloc_gref, flags) ==
	      offsetof(struct ioctl_gntalloc_alloc_gref, flags));
static_assert(offsetof(struct compat_ioctl_gntalloc_alloc_gref, count) ==
	      offsetof(struct ioctl_gntalloc_alloc_gref, count));
static_assert(offsetof(struct compat_ioctl_gntalloc_alloc_gref, index) ==
	      offsetof(struct ioctl_gntalloc_alloc_gref, index));
static_assert(offsetof(struct compat_ioctl_gntalloc_alloc_gref, gref_ids) ==
	      offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids));
/* Nothing but the tail padding is missing. */
static_assert(sizeof(struct compat_ioctl_gntalloc_alloc_gref) ==
	      offsetofend(struct ioctl_gntalloc_alloc_gref, gref_ids));
static_assert(offsetof(struct compat_ioctl_gntalloc_dealloc_gref, index) ==
	      offsetof(struct ioctl_gntalloc_dealloc_gref, index));
static_assert(offsetof(struct compat_ioctl_gntalloc_dealloc_gref, count) ==
	      offsetof(struct ioctl_gntalloc_dealloc_gref, count));
static_assert(sizeof(struct compat_ioctl_gntalloc_dealloc_gref) ==
	      offsetofend(struct ioctl_gntalloc_dealloc_gref, count));
static_assert(COMPAT_IOCTL_GNTALLOC_ALLOC_GREF == 0x00144705 &&
	      COMPAT_IOCTL_GNTALLOC_DEALLOC_GREF == 0x000c4706);

long gntalloc_compat_ioctl(struct file *filp, unsigned int cmd,
			   unsigned long arg)
{
	switch (cmd) {
	case COMPAT_IOCTL_GNTALLOC_ALLOC_GREF:
		cmd = IOCTL_GNTALLOC_ALLOC_GREF;
		break;
	case COMPAT_IOCTL_GNTALLOC_DEALLOC_GREF:
		cmd = IOCTL_GNTALLOC_DEALLOC_GREF;
		break;
	case IOCTL_GNTALLOC_ALLOC_GREF:
	case IOCTL_GNTALLOC_DEALLOC_GREF:
		return -ENOTTY;
	}
	return gntalloc_ioctl(filp, cmd, (unsigned long)compat_ptr(arg));
}
