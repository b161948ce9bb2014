/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * /dev/xen/gntdev: map pages that other domains granted to this one.
 *
 * Binary-compatible with Linux's uapi header of the same name, but
 * self-contained: it needs nothing but the kernel's uapi <linux/types.h>
 * and <linux/ioctl.h>, and compiles alone as C and as C++.
 *
 * User-space usage (see Documentation/userspace-api/gntdev.rst):
 *
 *	struct ioctl_gntdev_map_grant_ref op = { .count = 1,
 *		.refs[0] = { .domid = peer, .ref = ref } };
 *	ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op);
 *	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
 *	...
 *	munmap(p, 4096);
 *	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF,
 *	      &(struct ioctl_gntdev_unmap_grant_ref){ .index = op.index, .count = 1 });
 */
#ifndef __LINUX_PUBLIC_GNTDEV_H__
#define __LINUX_PUBLIC_GNTDEV_H__

#include <linux/ioctl.h>
#include <linux/types.h>

/* The kernel annotates user pointers; user space has no such attribute. */
#ifndef __user
#define __user
#define __GNTDEV_H_DEFINED_USER
#endif

struct ioctl_gntdev_grant_ref {
	/* The domain that granted the page. */
	__u32 domid;
	/* The grant reference it gave. */
	__u32 ref;
};

/*
 * Reserves an offset (returned in @index, a byte offset) at which the @count
 * grants in @refs can be mmap'ed from the device. The grants themselves are
 * mapped by mmap. The array is variable-sized: @count entries.
 */
#define IOCTL_GNTDEV_MAP_GRANT_REF \
_IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
struct ioctl_gntdev_map_grant_ref {
	/* IN */
	__u32 count;
	__u32 pad;
	/* OUT */
	__u64 index;
	/* IN: @count entries */
	struct ioctl_gntdev_grant_ref refs[1];
};

/*
 * Releases the offset range reserved by IOCTL_GNTDEV_MAP_GRANT_REF. Grants
 * still mmap'ed stay mapped until their last munmap.
 */
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
_IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))
struct ioctl_gntdev_unmap_grant_ref {
	/* IN */
	__u64 index;
	__u32 count;
	__u32 pad;
};

/* Returns the offset and the grant count of the mapping at @vaddr. */
#define IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
_IOC(_IOC_NONE, 'G', 2, sizeof(struct ioctl_gntdev_get_offset_for_vaddr))
struct ioctl_gntdev_get_offset_for_vaddr {
	/* IN */
	__u64 vaddr;
	/* OUT */
	__u64 offset;
	__u32 count;
	__u32 pad;
};

/* Caps the number of grants this file may have reserved at once. */
#define IOCTL_GNTDEV_SET_MAX_GRANTS \
_IOC(_IOC_NONE, 'G', 3, sizeof(struct ioctl_gntdev_set_max_grants))
struct ioctl_gntdev_set_max_grants {
	/* IN */
	__u32 count;
};

/*
 * Asks for an action when the mapping that contains byte @index is torn
 * down: clear that byte (the peer sees a zero) and/or signal an event channel
 * bound through /dev/xen/evtchn. Replaces any earlier request for that
 * mapping; @action 0 cancels it.
 */
#define IOCTL_GNTDEV_SET_UNMAP_NOTIFY \
_IOC(_IOC_NONE, 'G', 7, sizeof(struct ioctl_gntdev_unmap_notify))
struct ioctl_gntdev_unmap_notify {
	/* IN */
	__u64 index;
	__u32 action;
	__u32 event_channel_port;
};

/* Actions for ioctl_gntdev_unmap_notify (the same values as gntalloc's). */
#define UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define UNMAP_NOTIFY_SEND_EVENT 0x2

/* Flags of a copy segment, with Xen's values (xen/grant_table.h). */
#ifndef GNTCOPY_source_gref
#define _GNTCOPY_source_gref (0)
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#endif
#ifndef GNTCOPY_dest_gref
#define _GNTCOPY_dest_gref (1)
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)
#endif

/*
 * One copy of @len bytes. Each side is either a foreign grant (its flag set in
 * @flags) or a buffer in the caller's address space. @status receives Xen's
 * GNTST_* code for this segment.
 */
struct gntdev_grant_copy_segment {
	union {
		void __user *virt;
		struct {
			__u32 ref;	/* grant_ref_t */
			__u16 offset;
			__u16 domid;	/* domid_t */
		} foreign;
	} source, dest;
	__u16 len;
	__u16 flags;
	__s16 status;
};

/*
 * Copies to and from granted pages without mapping them. Returns 0 once every
 * segment was tried: the result of each is in its @status.
 */
#define IOCTL_GNTDEV_GRANT_COPY \
_IOC(_IOC_NONE, 'G', 8, sizeof(struct ioctl_gntdev_grant_copy))
struct ioctl_gntdev_grant_copy {
	unsigned int count;
	struct gntdev_grant_copy_segment __user *segments;
};

/*
 * dma-buf export and import of grants. Debian's kernels are built without
 * them, and this driver does not implement them either: every one of these
 * answers ENOTTY. The definitions keep source compatibility.
 */
#define GNTDEV_DMA_FLAG_WC		(1 << 0)
#define GNTDEV_DMA_FLAG_COHERENT	(1 << 1)

#define IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS \
_IOC(_IOC_NONE, 'G', 9, sizeof(struct ioctl_gntdev_dmabuf_exp_from_refs))
struct ioctl_gntdev_dmabuf_exp_from_refs {
	/* IN */
	__u32 flags;
	__u32 count;
	/* OUT */
	__u32 fd;
	/* IN */
	__u32 domid;
	__u32 refs[1];
};

#define IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED \
_IOC(_IOC_NONE, 'G', 10, \
	sizeof(struct ioctl_gntdev_dmabuf_exp_wait_released))
struct ioctl_gntdev_dmabuf_exp_wait_released {
	/* IN */
	__u32 fd;
	__u32 wait_to_ms;
};

#define IOCTL_GNTDEV_DMABUF_IMP_TO_REFS \
_IOC(_IOC_NONE, 'G', 11, sizeof(struct ioctl_gntdev_dmabuf_imp_to_refs))
struct ioctl_gntdev_dmabuf_imp_to_refs {
	/* IN */
	__u32 fd;
	__u32 count;
	__u32 domid;
	__u32 reserved;
	/* OUT */
	__u32 refs[1];
};

#define IOCTL_GNTDEV_DMABUF_IMP_RELEASE \
_IOC(_IOC_NONE, 'G', 12, sizeof(struct ioctl_gntdev_dmabuf_imp_release))
struct ioctl_gntdev_dmabuf_imp_release {
	/* IN */
	__u32 fd;
	__u32 reserved;
};

/*
 * gnttab extension, not in Linux: restricts this open file, for good, to
 * the grants of domain @domid. Afterwards MAP_GRANT_REF naming any other
 * domain, GRANT_COPY with a grant reference of any other domain, and
 * SET_UNMAP_NOTIFY asking for an event on a channel that is not an
 * interdomain channel to @domid fail with EPERM. The restriction belongs to
 * the open file description: fork(), dup() and SCM_RIGHTS pass it on.
 * Restricting again to the same domain succeeds, to another one fails with
 * EPERM; EBUSY if the file still reserves grants of another domain, EINVAL
 * for a reserved domid (DOMID_FIRST_RESERVED and up).
 *
 * Direction _IOW and number 0x80 keep it apart from the _IOC_NONE numbers
 * 0-12 of Linux's gntdev; drivers without it answer ENOTTY. gntalloc has the
 * same request under the same number.
 */
#define IOCTL_GNTDEV_RESTRICT \
_IOW('G', 0x80, struct ioctl_gntdev_restrict)
struct ioctl_gntdev_restrict {
	/* IN */
	__u32 domid;
};

#ifdef __GNTDEV_H_DEFINED_USER
#undef __user
#undef __GNTDEV_H_DEFINED_USER
#endif

#endif /* __LINUX_PUBLIC_GNTDEV_H__ */
