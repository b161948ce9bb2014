// SPDX-License-Identifier: LGPL-2.1-only
/*
 * libxengnttab.so.1: Xen 4.17's xengnttab_* and xengntshr_* API over the
 * core. Exported with Xen's symbol versions by libxengnttab.map; each call
 * is one direct call into the core.
 */
#include <stddef.h>

#include <xen/gntdev.h>

#include "xengnttab.h"
#include "core.h"

#define EXPORT __attribute__((visibility("default")))

/* The public segment is handed to the driver unchanged. */
#define SAME_FIELD(f)                                                     \
	_Static_assert(offsetof(struct xengnttab_grant_copy_segment, f) == \
		       offsetof(struct gntdev_grant_copy_segment, f),     \
		       "grant copy segment field " #f)
SAME_FIELD(source.virt);
SAME_FIELD(source.foreign.ref);
SAME_FIELD(source.foreign.offset);
SAME_FIELD(source.foreign.domid);
SAME_FIELD(dest.virt);
SAME_FIELD(dest.foreign.ref);
SAME_FIELD(dest.foreign.offset);
SAME_FIELD(dest.foreign.domid);
SAME_FIELD(len);
SAME_FIELD(flags);
SAME_FIELD(status);
_Static_assert(sizeof(xengnttab_grant_copy_segment_t) ==
	       sizeof(struct gntdev_grant_copy_segment),
	       "grant copy segment size");
_Static_assert(_Alignof(xengnttab_grant_copy_segment_t) ==
	       _Alignof(struct gntdev_grant_copy_segment),
	       "grant copy segment alignment");

EXPORT xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger,
					unsigned open_flags)
{
	(void)open_flags;
	return gnt_open(logger, GNT_KIND_GNTDEV);
}

EXPORT int xengnttab_close(xengnttab_handle *xgt)
{
	return gnt_close(xgt);
}

EXPORT int xengnttab_fd(xengnttab_handle *xgt)
{
	return gnt_fd(xgt);
}

EXPORT void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
				     uint32_t ref, int prot)
{
	return gnt_map(xgt, 1, &domid, 0, &ref, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
				      uint32_t *domids, uint32_t *refs,
				      int prot)
{
	return gnt_map(xgt, count, domids, 1, refs, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt,
					     uint32_t count, uint32_t domid,
					     uint32_t *refs, int prot)
{
	return gnt_map(xgt, count, &domid, 0, refs, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xengnttab_map_grant_ref_notify(xengnttab_handle *xgt,
					    uint32_t domid, uint32_t ref,
					    int prot, uint32_t notify_offset,
					    evtchn_port_t notify_port)
{
	return gnt_map(xgt, 1, &domid, 0, &ref, prot, notify_offset,
		       notify_port);
}

EXPORT int xengnttab_unmap(xengnttab_handle *xgt, void *start_address,
			   uint32_t count)
{
	return gnt_unmap(xgt, start_address, count);
}

EXPORT int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
	return gnt_set_max_grants(xgt, nr_grants);
}

EXPORT int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
				xengnttab_grant_copy_segment_t *segs)
{
	return gnt_grant_copy(xgt, count, segs);
}

EXPORT int xengnttab_dmabuf_exp_from_refs(xengnttab_handle *xgt,
					  uint32_t domid, uint32_t flags,
					  uint32_t count, const uint32_t *refs,
					  uint32_t *fd)
{
	return gnt_dmabuf_exp_from_refs(xgt, domid, flags, count, refs, fd);
}

EXPORT int xengnttab_dmabuf_exp_wait_released(xengnttab_handle *xgt,
					      uint32_t fd, uint32_t wait_to_ms)
{
	return gnt_dmabuf_exp_wait_released(xgt, fd, wait_to_ms);
}

EXPORT int xengnttab_dmabuf_imp_to_refs(xengnttab_handle *xgt, uint32_t domid,
					uint32_t fd, uint32_t count,
					uint32_t *refs)
{
	return gnt_dmabuf_imp_to_refs(xgt, domid, fd, count, refs);
}

EXPORT int xengnttab_dmabuf_imp_release(xengnttab_handle *xgt, uint32_t fd)
{
	return gnt_dmabuf_imp_release(xgt, fd);
}

EXPORT xengntshr_handle *xengntshr_open(struct xentoollog_logger *logger,
					unsigned open_flags)
{
	(void)open_flags;
	return gnt_open(logger, GNT_KIND_GNTALLOC);
}

EXPORT int xengntshr_close(xengntshr_handle *xgs)
{
	return gnt_close(xgs);
}

EXPORT int xengntshr_fd(xengntshr_handle *xgs)
{
	return gnt_fd(xgs);
}

EXPORT void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid,
				   int count, uint32_t *refs, int writable)
{
	return gnt_share(xgs, domid, count, refs, writable, GNT_NO_NOTIFY,
			 GNT_NO_NOTIFY);
}

EXPORT void *xengntshr_share_page_notify(xengntshr_handle *xgs,
					 uint32_t domid, uint32_t *ref,
					 int writable, uint32_t notify_offset,
					 evtchn_port_t notify_port)
{
	return gnt_share(xgs, domid, 1, ref, writable, notify_offset,
			 notify_port);
}

EXPORT int xengntshr_unshare(xengntshr_handle *xgs, void *start_address,
			     uint32_t count)
{
	return gnt_unshare(xgs, start_address, count);
}
