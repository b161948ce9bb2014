// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time check of include/uapi/xen/: every ioctl number and every
 * field offset that existing binaries depend on, for x86_64 and, built
 * with -m32, for i386 (whose 4-byte aligned __u64 changes three of them).
 * Built as C and as C++ by `make check`; it passes if it compiles.
 */
#include <stddef.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#ifdef __cplusplus
#define ABI_ASSERT(e) static_assert(e, #e)
#else
#define ABI_ASSERT(e) _Static_assert(e, #e)
#endif

#define OFF(type, field, off) ABI_ASSERT(offsetof(struct type, field) == (off))

#ifdef __x86_64__
#define L64(lp64, ilp32) (lp64)
#else
#define L64(lp64, ilp32) (ilp32)
#endif

ABI_ASSERT(IOCTL_GNTDEV_MAP_GRANT_REF == 0x00184700);
ABI_ASSERT(IOCTL_GNTDEV_UNMAP_GRANT_REF == 0x00104701);
ABI_ASSERT(IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR == 0x00184702);
ABI_ASSERT(IOCTL_GNTDEV_SET_MAX_GRANTS == 0x00044703);
ABI_ASSERT(IOCTL_GNTALLOC_ALLOC_GREF == L64(0x00184705, 0x00144705));
ABI_ASSERT(IOCTL_GNTALLOC_DEALLOC_GREF == L64(0x00104706, 0x000c4706));
ABI_ASSERT(IOCTL_GNTDEV_SET_UNMAP_NOTIFY == 0x00104707);
ABI_ASSERT(IOCTL_GNTALLOC_SET_UNMAP_NOTIFY == 0x00104707);
ABI_ASSERT(IOCTL_GNTDEV_RESTRICT == 0x40044780);
ABI_ASSERT(IOCTL_GNTALLOC_RESTRICT == IOCTL_GNTDEV_RESTRICT);
OFF(ioctl_gntdev_restrict, domid, 0);
ABI_ASSERT(sizeof(struct ioctl_gntalloc_restrict) == 4);
ABI_ASSERT(IOCTL_GNTDEV_GRANT_COPY == L64(0x00104708, 0x00084708));
ABI_ASSERT(IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS == 0x00144709);
ABI_ASSERT(IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED == 0x0008470a);
ABI_ASSERT(IOCTL_GNTDEV_DMABUF_IMP_TO_REFS == 0x0014470b);
ABI_ASSERT(IOCTL_GNTDEV_DMABUF_IMP_RELEASE == 0x0008470c);

ABI_ASSERT(sizeof(struct ioctl_gntdev_grant_ref) == 8);
OFF(ioctl_gntdev_map_grant_ref, count, 0);
OFF(ioctl_gntdev_map_grant_ref, index, 8);
OFF(ioctl_gntdev_map_grant_ref, refs, 16);
OFF(ioctl_gntdev_unmap_grant_ref, index, 0);
OFF(ioctl_gntdev_unmap_grant_ref, count, 8);
OFF(ioctl_gntdev_get_offset_for_vaddr, offset, 8);
OFF(ioctl_gntdev_get_offset_for_vaddr, count, 16);
OFF(ioctl_gntdev_unmap_notify, action, 8);
OFF(ioctl_gntdev_unmap_notify, event_channel_port, 12);
OFF(ioctl_gntdev_grant_copy, segments, L64(8, 4));
ABI_ASSERT(sizeof(struct gntdev_grant_copy_segment) == 24);
/* i386: the 32-bit pointer is the first half of an 8-byte union. */
OFF(gntdev_grant_copy_segment, source.virt, 0);
ABI_ASSERT(sizeof(((struct gntdev_grant_copy_segment *)0)->source) == 8);
OFF(gntdev_grant_copy_segment, source.foreign.ref, 0);
OFF(gntdev_grant_copy_segment, source.foreign.offset, 4);
OFF(gntdev_grant_copy_segment, source.foreign.domid, 6);
OFF(gntdev_grant_copy_segment, dest, 8);
OFF(gntdev_grant_copy_segment, len, 16);
OFF(gntdev_grant_copy_segment, flags, 18);
OFF(gntdev_grant_copy_segment, status, 20);
ABI_ASSERT(GNTCOPY_source_gref == 1 && GNTCOPY_dest_gref == 2);
ABI_ASSERT(UNMAP_NOTIFY_CLEAR_BYTE == 1 && UNMAP_NOTIFY_SEND_EVENT == 2);

OFF(ioctl_gntalloc_alloc_gref, domid, 0);
OFF(ioctl_gntalloc_alloc_gref, flags, 2);
OFF(ioctl_gntalloc_alloc_gref, count, 4);
OFF(ioctl_gntalloc_alloc_gref, index, 8);
OFF(ioctl_gntalloc_alloc_gref, gref_ids, 16);
ABI_ASSERT(GNTALLOC_FLAG_WRITABLE == 1);
OFF(ioctl_gntalloc_dealloc_gref, count, 8);
OFF(ioctl_gntalloc_unmap_notify, action, 8);
OFF(ioctl_gntalloc_unmap_notify, event_channel_port, 12);

OFF(ioctl_gntdev_dmabuf_exp_from_refs, refs, 16);
OFF(ioctl_gntdev_dmabuf_imp_to_refs, refs, 16);

int main(void)
{
	return 0;
}
