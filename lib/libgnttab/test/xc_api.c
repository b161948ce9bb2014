// SPDX-License-Identifier: GPL-2.0
/*
 * libgnttab.so.1's xc_gnttab_* / xc_gntshr_* API, in a process that also
 * links libxenctrl.so.4.17, which exports the same 13 names at
 * VERS_4.17.0. This file includes <gnttab/xc_gnttab.h>, so its calls must
 * reach libgnttab (GNTTAB_1.0); xc_compat_user.c is compiled against
 * xenctrl.h and its calls must reach libxenctrl. Both must work, on the
 * same grants.
 *
 *   libgnttab_xc_api --resolve-only   symbol checks only (no Xen needed)
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <gnttab/xc_gnttab.h>

#include "test.h"
#include "xc_compat_user.h"

static const struct {
	const char *name;
	void *ours;
} fns[XC_FN_COUNT] = {
	[XC_GNTTAB_OPEN] = { "xc_gnttab_open", (void *)&xc_gnttab_open },
	[XC_GNTTAB_CLOSE] = { "xc_gnttab_close", (void *)&xc_gnttab_close },
	[XC_GNTTAB_MAP_GRANT_REF] = { "xc_gnttab_map_grant_ref",
				      (void *)&xc_gnttab_map_grant_ref },
	[XC_GNTTAB_MAP_GRANT_REFS] = { "xc_gnttab_map_grant_refs",
				       (void *)&xc_gnttab_map_grant_refs },
	[XC_GNTTAB_MAP_DOMAIN_GRANT_REFS] = {
		"xc_gnttab_map_domain_grant_refs",
		(void *)&xc_gnttab_map_domain_grant_refs },
	[XC_GNTTAB_MAP_GRANT_REF_NOTIFY] = {
		"xc_gnttab_map_grant_ref_notify",
		(void *)&xc_gnttab_map_grant_ref_notify },
	[XC_GNTTAB_MUNMAP] = { "xc_gnttab_munmap", (void *)&xc_gnttab_munmap },
	[XC_GNTTAB_SET_MAX_GRANTS] = { "xc_gnttab_set_max_grants",
				       (void *)&xc_gnttab_set_max_grants },
	[XC_GNTSHR_OPEN] = { "xc_gntshr_open", (void *)&xc_gntshr_open },
	[XC_GNTSHR_CLOSE] = { "xc_gntshr_close", (void *)&xc_gntshr_close },
	[XC_GNTSHR_SHARE_PAGES] = { "xc_gntshr_share_pages",
				    (void *)&xc_gntshr_share_pages },
	[XC_GNTSHR_SHARE_PAGE_NOTIFY] = { "xc_gntshr_share_page_notify",
					  (void *)&xc_gntshr_share_page_notify },
	[XC_GNTSHR_MUNMAP] = { "xc_gntshr_munmap", (void *)&xc_gntshr_munmap },
};

static int in_lib(void *addr, const char *soname)
{
	Dl_info info;

	return addr && dladdr(addr, &info) && info.dli_fname &&
	       strstr(info.dli_fname, soname);
}

static void check_resolution(void)
{
	int i;

	for (i = 0; i < XC_FN_COUNT; i++) {
		void *ours = dlvsym(RTLD_DEFAULT, fns[i].name, "GNTTAB_1.0");
		void *xenctrl = dlvsym(RTLD_DEFAULT, fns[i].name, "VERS_4.17.0");

		if (!in_lib(fns[i].ours, "libgnttab.so.1") || fns[i].ours != ours)
			t_fail(__FILE__, __LINE__, fns[i].name, 0);
		if (!in_lib(compat_addr(i), "libxenctrl.so") ||
		    compat_addr(i) != xenctrl)
			t_fail(__FILE__, __LINE__, fns[i].name, 0);
	}
}

/* Every libgnttab call on self-grants. */
static void check_ours(int self)
{
	xc_gntshr *gs = xc_gntshr_open(NULL, 0);
	xc_gnttab *gt = xc_gnttab_open(NULL, 0);
	uint32_t refs[3], domids[3] = { self, self, self }, nref;
	unsigned char *shared, *ns, *m;

	CHECK(gs && gt);
	if (!gs || !gt)
		return;
	CHECK(xc_gnttab_set_max_grants(gt, 1024) == 0);
	shared = xc_gntshr_share_pages(gs, self, 3, refs, 1);
	CHECK(shared != NULL);
	if (shared) {
		t_fill(shared, 3 * T_PAGE, 1);
		m = xc_gnttab_map_grant_refs(gt, 3, domids, refs,
					     PROT_READ | PROT_WRITE);
		CHECK(m && t_verify(m, 3 * T_PAGE, 1));
		if (m)
			CHECK(xc_gnttab_munmap(gt, m, 3) == 0);
		m = xc_gnttab_map_domain_grant_refs(gt, 3, self, refs, PROT_READ);
		CHECK(m && t_verify(m, 3 * T_PAGE, 1));
		if (m) {
			CHECK_ERR(xc_gnttab_munmap(gt, m, 2) == -1, EINVAL);
			CHECK(xc_gnttab_munmap(gt, m, 3) == 0);
		}
		m = xc_gnttab_map_grant_ref(gt, self, refs[2], PROT_READ);
		CHECK(m && memcmp(m, shared + 2 * T_PAGE, T_PAGE) == 0);
		if (m)
			CHECK(xc_gnttab_munmap(gt, m, 1) == 0);
		/* Notify: the mapper's unmap clears the byte. */
		m = xc_gnttab_map_grant_ref_notify(gt, self, refs[0],
						   PROT_READ | PROT_WRITE, 5, -1);
		CHECK(m != NULL);
		if (m) {
			m[5] = 0x77;
			CHECK(xc_gnttab_munmap(gt, m, 1) == 0);
			CHECK(shared[5] == 0);
		}
		CHECK(xc_gntshr_munmap(gs, shared, 3) == 0);
	}
	/* Notify: the sharer's unshare clears the byte for the mapper. */
	ns = xc_gntshr_share_page_notify(gs, self, &nref, 1, 9, -1);
	CHECK(ns != NULL);
	m = ns ? xc_gnttab_map_grant_ref(gt, self, nref, PROT_READ) : NULL;
	CHECK(m != NULL);
	if (m) {
		ns[9] = 0x66;
		CHECK(m[9] == 0x66);
		CHECK(xc_gntshr_munmap(gs, ns, 1) == 0);
		CHECK(m[9] == 0);
		CHECK(xc_gnttab_munmap(gt, m, 1) == 0);
	}
	CHECK_ERR(xc_gntshr_share_pages(gs, self, 0, refs, 1) == NULL, EINVAL);
	CHECK(xc_gnttab_close(gt) == 0);
	CHECK(xc_gntshr_close(gs) == 0);
	CHECK(xc_gnttab_close(NULL) == 0);
}

/* libxenctrl's side and ours on the same grants. */
static void check_both(int self)
{
	xc_gnttab *gt = xc_gnttab_open(NULL, 0);
	unsigned char *shared = NULL, *m;
	void *p;
	uint32_t ref;

	CHECK(compat_self_grant(self, &ref, &p));
	shared = p;
	CHECK(gt && shared);
	if (!gt || !shared)
		return;
	m = xc_gnttab_map_grant_ref(gt, self, ref, PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(m[0] == 0x3c);
		m[1] = 0x4d;
		CHECK(shared[1] == 0x4d);
		CHECK(xc_gnttab_munmap(gt, m, 1) == 0);
	}
	CHECK(compat_unshare(shared) == 0);
	CHECK(xc_gnttab_close(gt) == 0);
}

int main(int argc, char **argv)
{
	int self;

	check_resolution();
	if (argc > 1 && !strcmp(argv[1], "--resolve-only"))
		return t_result("xc_api --resolve-only");

	t_need(1, 1);
	self = t_self_domid();
	check_ours(self);
	check_both(self);
	return t_result("xc_api");
}
