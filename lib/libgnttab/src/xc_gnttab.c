// SPDX-License-Identifier: LGPL-2.1-only
/*
 * libgnttab.so.1: the xc_gnttab_* / xc_gntshr_* API over the core, exported
 * at version GNTTAB_1.0 by libgnttab.map (never VERS_4.17.0, libxenctrl's).
 */
#include "gnttab/xc_gnttab.h"
#include "core.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT xc_gnttab *xc_gnttab_open(struct xentoollog_logger *logger,
				 unsigned open_flags)
{
	(void)open_flags;
	return gnt_open(logger, GNT_KIND_GNTDEV);
}

EXPORT int xc_gnttab_close(xc_gnttab *xcg)
{
	return gnt_close(xcg);
}

EXPORT void *xc_gnttab_map_grant_ref(xc_gnttab *xcg, uint32_t domid,
				     uint32_t ref, int prot)
{
	return gnt_map(xcg, 1, &domid, 0, &ref, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xc_gnttab_map_grant_refs(xc_gnttab *xcg, uint32_t count,
				      uint32_t *domids, uint32_t *refs,
				      int prot)
{
	return gnt_map(xcg, count, domids, 1, refs, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xc_gnttab_map_domain_grant_refs(xc_gnttab *xcg, uint32_t count,
					     uint32_t domid, uint32_t *refs,
					     int prot)
{
	return gnt_map(xcg, count, &domid, 0, refs, prot, GNT_NO_NOTIFY,
		       GNT_NO_NOTIFY);
}

EXPORT void *xc_gnttab_map_grant_ref_notify(xc_gnttab *xcg, uint32_t domid,
					    uint32_t ref, int prot,
					    uint32_t notify_offset,
					    uint32_t notify_port)
{
	return gnt_map(xcg, 1, &domid, 0, &ref, prot, notify_offset,
		       notify_port);
}

EXPORT int xc_gnttab_munmap(xc_gnttab *xcg, void *start_address,
			    uint32_t count)
{
	return gnt_unmap(xcg, start_address, count);
}

EXPORT int xc_gnttab_set_max_grants(xc_gnttab *xcg, uint32_t count)
{
	return gnt_set_max_grants(xcg, count);
}

EXPORT xc_gntshr *xc_gntshr_open(struct xentoollog_logger *logger,
				 unsigned open_flags)
{
	(void)open_flags;
	return gnt_open(logger, GNT_KIND_GNTALLOC);
}

EXPORT int xc_gntshr_close(xc_gntshr *xcg)
{
	return gnt_close(xcg);
}

EXPORT void *xc_gntshr_share_pages(xc_gntshr *xcg, uint32_t domid, int count,
				   uint32_t *refs, int writable)
{
	return gnt_share(xcg, domid, count, refs, writable, GNT_NO_NOTIFY,
			 GNT_NO_NOTIFY);
}

EXPORT void *xc_gntshr_share_page_notify(xc_gntshr *xcg, uint32_t domid,
					 uint32_t *ref, int writable,
					 uint32_t notify_offset,
					 uint32_t notify_port)
{
	return gnt_share(xcg, domid, 1, ref, writable, notify_offset,
			 notify_port);
}

EXPORT int xc_gntshr_munmap(xc_gntshr *xcg, void *start_address,
			    uint32_t count)
{
	return gnt_unshare(xcg, start_address, count);
}

/* GNTTAB_1.1: not in libxenctrl; restricting needs our drivers. */
EXPORT int xc_gnttab_restrict(xc_gnttab *xcg, uint32_t domid)
{
	return gnt_restrict(xcg, domid);
}

EXPORT int xc_gntshr_restrict(xc_gntshr *xcg, uint32_t domid)
{
	return gnt_restrict(xcg, domid);
}
