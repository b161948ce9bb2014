/* SPDX-License-Identifier: GPL-2.0 */
/* The libxenctrl side of the xc_api test (xc_compat_user.c). */
#ifndef LIBGNTTAB_XC_COMPAT_USER_H
#define LIBGNTTAB_XC_COMPAT_USER_H

#include <stdint.h>

enum xc_fn {
	XC_GNTTAB_OPEN,
	XC_GNTTAB_CLOSE,
	XC_GNTTAB_MAP_GRANT_REF,
	XC_GNTTAB_MAP_GRANT_REFS,
	XC_GNTTAB_MAP_DOMAIN_GRANT_REFS,
	XC_GNTTAB_MAP_GRANT_REF_NOTIFY,
	XC_GNTTAB_MUNMAP,
	XC_GNTTAB_SET_MAX_GRANTS,
	XC_GNTSHR_OPEN,
	XC_GNTSHR_CLOSE,
	XC_GNTSHR_SHARE_PAGES,
	XC_GNTSHR_SHARE_PAGE_NOTIFY,
	XC_GNTSHR_MUNMAP,
	XC_FN_COUNT
};

/* The address the compat side's reference to @fn resolved to. */
void *compat_addr(enum xc_fn fn);
int compat_self_grant(uint32_t domid, uint32_t *ref_out, void **shared_out);
int compat_unshare(void *shared);

#endif
