/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * <gnttab/xc_gnttab.h> - the xc_gnttab_* / xc_gntshr_* grant API without
 * libxenctrl (libgnttab.so.1, pkg-config gnttab).
 *
 * The same functions, with the same signatures, as Xen 4.17's compat API
 * (xenctrl.h with XC_WANT_COMPAT_GNTTAB_API), for programs that want grant
 * mapping and sharing but not libxenctrl. Each function behaves as the
 * xengnttab_* / xengntshr_* call it is named after in
 * xc_gnttab_open(3); xc_gnttab_munmap is xengnttab_unmap and
 * xc_gntshr_munmap is xengntshr_unshare.
 *
 * libxenctrl.so.4.17 exports these names too, at version VERS_4.17.0;
 * libgnttab.so.1 exports them at its own version, GNTTAB_1.0. The link
 * editor records in each object the version it found, and the dynamic
 * linker honours it, so in one process every executable or shared library
 * calls the implementation it was linked against: link yours with
 * -lgnttab (pkg-config gnttab) and it keeps calling libgnttab even when
 * libxenctrl is loaded too, for example through another library. Within
 * one link, the first of -lgnttab and -lxenctrl on the command line
 * supplies these names; put -lgnttab first if you link both. Handles of
 * the two implementations must not be mixed.
 *
 * notify_port is an event channel port (evtchn_port_t, a uint32_t).
 * This header needs no Xen header and can be included together with
 * xenctrl.h, before or after it.
 */
#ifndef GNTTAB_XC_GNTTAB_H
#define GNTTAB_XC_GNTTAB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xentoollog_logger;

typedef struct xengntdev_handle xc_gnttab;
typedef struct xengntdev_handle xc_gntshr;

xc_gnttab *xc_gnttab_open(struct xentoollog_logger *logger,
			  unsigned open_flags);
int xc_gnttab_close(xc_gnttab *xcg);
void *xc_gnttab_map_grant_ref(xc_gnttab *xcg,
			      uint32_t domid,
			      uint32_t ref,
			      int prot);
void *xc_gnttab_map_grant_refs(xc_gnttab *xcg,
			       uint32_t count,
			       uint32_t *domids,
			       uint32_t *refs,
			       int prot);
void *xc_gnttab_map_domain_grant_refs(xc_gnttab *xcg,
				      uint32_t count,
				      uint32_t domid,
				      uint32_t *refs,
				      int prot);
void *xc_gnttab_map_grant_ref_notify(xc_gnttab *xcg,
				     uint32_t domid,
				     uint32_t ref,
				     int prot,
				     uint32_t notify_offset,
				     uint32_t notify_port);
int xc_gnttab_munmap(xc_gnttab *xcg,
		     void *start_address,
		     uint32_t count);
int xc_gnttab_set_max_grants(xc_gnttab *xcg,
			     uint32_t count);

xc_gntshr *xc_gntshr_open(struct xentoollog_logger *logger,
			  unsigned open_flags);
int xc_gntshr_close(xc_gntshr *xcg);
void *xc_gntshr_share_pages(xc_gntshr *xcg, uint32_t domid,
			    int count, uint32_t *refs, int writable);
void *xc_gntshr_share_page_notify(xc_gntshr *xcg, uint32_t domid,
				  uint32_t *ref, int writable,
				  uint32_t notify_offset,
				  uint32_t notify_port);
int xc_gntshr_munmap(xc_gntshr *xcg, void *start_address, uint32_t count);

/*
 * Not in libxenctrl (libgnttab.so.1 only, version GNTTAB_1.1): restrict the
 * handle, for good, to grants of one peer domain (xc_gnttab_restrict(3)).
 * 0, or -1 with the driver's errno: EPERM (already restricted to another
 * domain), EBUSY (the handle still holds another domain's grants), EINVAL
 * (reserved domid), ENOTTY (the driver cannot restrict: Linux's drivers).
 */
#define XC_GNTTAB_HAVE_RESTRICT 1
int xc_gnttab_restrict(xc_gnttab *xcg, uint32_t domid);
int xc_gntshr_restrict(xc_gntshr *xcg, uint32_t domid);

#ifdef __cplusplus
}
#endif

#endif /* GNTTAB_XC_GNTTAB_H */
