// SPDX-License-Identifier: GPL-2.0
/*
 * Half of the xc_api test: code written against libxenctrl's compat API
 * (xenctrl.h, XC_WANT_COMPAT_GNTTAB_API), as an existing program would
 * be. Its xc_gnttab_* references are plain ones; linked with -lxenctrl
 * ahead of -lgnttab they bind to libxenctrl's VERS_4.17.0 definitions.
 */
#define XC_WANT_COMPAT_GNTTAB_API
#include <sys/mman.h>
#include <xenctrl.h>

#include "xc_compat_user.h"

void *compat_addr(enum xc_fn fn)
{
	switch (fn) {
	case XC_GNTTAB_OPEN: return (void *)&xc_gnttab_open;
	case XC_GNTTAB_CLOSE: return (void *)&xc_gnttab_close;
	case XC_GNTTAB_MAP_GRANT_REF: return (void *)&xc_gnttab_map_grant_ref;
	case XC_GNTTAB_MAP_GRANT_REFS: return (void *)&xc_gnttab_map_grant_refs;
	case XC_GNTTAB_MAP_DOMAIN_GRANT_REFS:
		return (void *)&xc_gnttab_map_domain_grant_refs;
	case XC_GNTTAB_MAP_GRANT_REF_NOTIFY:
		return (void *)&xc_gnttab_map_grant_ref_notify;
	case XC_GNTTAB_MUNMAP: return (void *)&xc_gnttab_munmap;
	case XC_GNTTAB_SET_MAX_GRANTS: return (void *)&xc_gnttab_set_max_grants;
	case XC_GNTSHR_OPEN: return (void *)&xc_gntshr_open;
	case XC_GNTSHR_CLOSE: return (void *)&xc_gntshr_close;
	case XC_GNTSHR_SHARE_PAGES: return (void *)&xc_gntshr_share_pages;
	case XC_GNTSHR_SHARE_PAGE_NOTIFY:
		return (void *)&xc_gntshr_share_page_notify;
	case XC_GNTSHR_MUNMAP: return (void *)&xc_gntshr_munmap;
	default: return NULL;
	}
}

/* Shares one page with @domid, maps it back, and checks the data. */
int compat_self_grant(uint32_t domid, uint32_t *ref_out, void **shared_out)
{
	xc_gntshr *s = xc_gntshr_open(NULL, 0);
	xc_gnttab *t = xc_gnttab_open(NULL, 0);
	unsigned char *shared = NULL, *m = NULL;
	int ok = 0;

	if (s)
		shared = xc_gntshr_share_pages(s, domid, 1, ref_out, 1);
	if (shared && t)
		m = xc_gnttab_map_grant_ref(t, domid, *ref_out,
					    PROT_READ | PROT_WRITE);
	if (m) {
		m[0] = 0x3c;
		ok = shared[0] == 0x3c && xc_gnttab_set_max_grants(t, 16) == 0 &&
		     xc_gnttab_munmap(t, m, 1) == 0;
	}
	/* The shared page stays for the caller; the handle may go. */
	*shared_out = shared;
	xc_gnttab_close(t);
	xc_gntshr_close(s);
	return ok;
}

int compat_unshare(void *shared)
{
	xc_gntshr *s = xc_gntshr_open(NULL, 0);
	int rc = s ? xc_gntshr_munmap(s, shared, 1) : -1;

	xc_gntshr_close(s);
	return rc;
}
