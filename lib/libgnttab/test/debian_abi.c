// SPDX-License-Identifier: GPL-2.0
/*
 * A client of Debian's libxengnttab: compiled against libxen-dev's
 * /usr/include/xengnttab.h and linked to /usr/lib/.../libxengnttab.so.1,
 * with nothing of ours at build time. Run with our library first on
 * LD_LIBRARY_PATH, it must load ours (checked when LD_LIBRARY_PATH is set)
 * and work unchanged: all 20 functions are called.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>

#include "test.h"

static void check_loaded_lib(void)
{
	const char *path = getenv("LD_LIBRARY_PATH");
	char first[256];
	Dl_info info;

	CHECK(dladdr((void *)&xengnttab_open, &info) && info.dli_fname);
	t_info("libxengnttab loaded from %s", info.dli_fname);
	if (!path || !*path)
		return;
	snprintf(first, sizeof(first), "%.*s/", (int)strcspn(path, ":"), path);
	CHECK(strncmp(info.dli_fname, first, strlen(first)) == 0);
}

int main(void)
{
	xengnttab_grant_copy_segment_t seg;
	xengnttab_handle *gt;
	xengntshr_handle *gs;
	uint32_t refs[2], nref, ref1, fd = 0;
	unsigned char *shared, *ns, *m;
	char buf[16] = "";
	int self;

	check_loaded_lib();
	t_need(1, 1);
	self = t_self_domid();

	gt = xengnttab_open(NULL, 0);
	gs = xengntshr_open(NULL, 0);
	CHECK(gt && gs && xengnttab_fd(gt) >= 0 && xengntshr_fd(gs) >= 0);
	if (!gt || !gs)
		return t_result("debian_abi");
	CHECK(xengnttab_set_max_grants(gt, 0x7ff0) == 0);

	shared = xengntshr_share_pages(gs, self, 2, refs, 1);
	CHECK(shared != NULL);
	if (shared) {
		uint32_t domids[2] = { self, self };

		strcpy((char *)shared, "debian");
		m = xengnttab_map_grant_refs(gt, 2, domids, refs,
					     PROT_READ | PROT_WRITE);
		CHECK(m && !strcmp((char *)m, "debian"));
		if (m)
			CHECK(xengnttab_unmap(gt, m, 2) == 0);
		m = xengnttab_map_domain_grant_refs(gt, 2, self, refs, PROT_READ);
		CHECK(m && !strcmp((char *)m, "debian"));
		if (m)
			CHECK(xengnttab_unmap(gt, m, 2) == 0);
		ref1 = refs[1];
		m = xengnttab_map_grant_ref(gt, self, ref1, PROT_READ | PROT_WRITE);
		CHECK(m != NULL);
		if (m) {
			strcpy((char *)m, "page two");
			CHECK(!strcmp((char *)shared + T_PAGE, "page two"));
			CHECK(xengnttab_unmap(gt, m, 1) == 0);
		}
		m = xengnttab_map_grant_ref_notify(gt, self, refs[0], PROT_READ | PROT_WRITE,
						   0, -1);
		CHECK(m != NULL);
		if (m) {
			CHECK(xengnttab_unmap(gt, m, 1) == 0);
			CHECK(shared[0] == 0 && shared[1] == 'e');
		}

		memset(&seg, 0, sizeof(seg));
		seg.source.foreign.ref = refs[1];
		seg.source.foreign.domid = self;
		seg.source.foreign.offset = 5;
		seg.dest.virt = buf;
		seg.len = 3;
		seg.flags = GNTCOPY_source_gref;
		CHECK(xengnttab_grant_copy(gt, 1, &seg) == 0 && seg.status == 0);
		CHECK(!strcmp(buf, "two"));
		CHECK(xengnttab_grant_copy(gt, 0, NULL) == 0);
		CHECK(xengntshr_unshare(gs, shared, 2) == 0);
	}

	ns = xengntshr_share_page_notify(gs, self, &nref, 1, 1, -1);
	CHECK(ns != NULL);
	if (ns)
		CHECK(xengntshr_unshare(gs, ns, 1) == 0);

	errno = 0;
	CHECK(xengnttab_dmabuf_exp_from_refs(gt, self, GNTDEV_DMA_FLAG_WC, 1,
					     refs, &fd) == -1 && errno != 0);
	CHECK(xengnttab_dmabuf_exp_wait_released(gt, fd, 0) == -1);
	CHECK(xengnttab_dmabuf_imp_to_refs(gt, self, fd, 1, refs) == -1);
	CHECK(xengnttab_dmabuf_imp_release(gt, fd) == -1);

	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("debian_abi");
}
