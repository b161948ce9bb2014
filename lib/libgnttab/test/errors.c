// SPDX-License-Identifier: GPL-2.0
/*
 * Error paths of libxengnttab: each bad call fails with the errno Xen's
 * library gives on Linux's drivers, and leaves no mapping or reserved
 * range behind (a following good map still gets gntdev offset 0).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <xengnttab.h>
#include <xen/gntdev.h>

#include "selfgrant.h"
#include "test.h"

/* Linux's gntdev refuses more than this many grants in one map (limit). */
#define GNTDEV_LIMIT 65536

static int self;

/* The gntdev offset of the mapping at @addr; -1 if none. */
static long long offset_of(xengnttab_handle *gt, void *addr)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = {
		.vaddr = (uintptr_t)addr,
	};

	if (ioctl(xengnttab_fd(gt), IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op))
		return -1;
	return (long long)op.offset;
}

/* Nothing is left reserved on @gt: a new map starts at offset 0. */
static void check_clean(xengnttab_handle *gt, uint32_t ref, int line)
{
	void *m = xengnttab_map_grant_ref(gt, self, ref, PROT_READ);

	if (!m) {
		t_fail(__FILE__, line, "clean map after an error", errno);
		return;
	}
	if (offset_of(gt, m) != 0)
		t_fail(__FILE__, line, "a failed call left a range reserved", 0);
	xengnttab_unmap(gt, m, 1);
}

static void bad_maps(xengnttab_handle *gt, uint32_t ref)
{
	uint32_t *many = malloc(sizeof(*many) * (GNTDEV_LIMIT + 1));
	uint32_t domid = self;

	/* Bad domain, bad reference: the mmap fails, the range is freed. */
	CHECK_ERR(xengnttab_map_grant_ref(gt, 0x7ff0, ref, PROT_READ) == NULL,
		  EINVAL);
	check_clean(gt, ref, __LINE__);
	CHECK_ERR(xengnttab_map_grant_ref(gt, self, 0xfffffff0, PROT_READ) == NULL,
		  EINVAL);
	check_clean(gt, ref, __LINE__);
	CHECK_ERR(xengnttab_map_grant_ref(gt, self, ref + 100000,
					  PROT_READ) == NULL, EINVAL);
	check_clean(gt, ref, __LINE__);

	/* Count 0. */
	CHECK_ERR(xengnttab_map_grant_refs(gt, 0, &domid, &ref, PROT_READ) == NULL,
		  EINVAL);
	CHECK_ERR(xengnttab_map_domain_grant_refs(gt, 0, self, &ref,
						  PROT_READ) == NULL, EINVAL);
	check_clean(gt, ref, __LINE__);

	/* Huge counts: over the driver's per-call limit. */
	CHECK(many != NULL);
	if (many) {
		uint32_t i;

		for (i = 0; i <= GNTDEV_LIMIT; i++)
			many[i] = ref;
		CHECK_ERR(xengnttab_map_domain_grant_refs(gt, GNTDEV_LIMIT + 1,
							  self, many,
							  PROT_READ) == NULL,
			  EINVAL);
		check_clean(gt, ref, __LINE__);
		free(many);
	}
}

static void bad_unmaps(xengnttab_handle *gt, uint32_t ref)
{
	uint32_t refs[2] = { ref, ref };
	unsigned char *m, *anon;
	int local = 0;

	CHECK_ERR(xengnttab_unmap(gt, NULL, 1) == -1, EINVAL);

	/* Memory the library did not map is left alone. */
	anon = mmap(NULL, T_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(anon != MAP_FAILED);
	if (anon != MAP_FAILED) {
		anon[0] = 42;
		CHECK_ERR(xengnttab_unmap(gt, anon, 1) == -1, EINVAL);
		CHECK(anon[0] == 42);
		munmap(anon, T_PAGE);
	}
	CHECK_ERR(xengnttab_unmap(gt, &local, 1) == -1, EINVAL);

	/* The wrong count: refused, nothing unmapped. */
	m = xengnttab_map_domain_grant_refs(gt, 2, self, refs, PROT_READ);
	CHECK(m != NULL);
	if (m) {
		CHECK_ERR(xengnttab_unmap(gt, m, 1) == -1, EINVAL);
		CHECK_ERR(xengnttab_unmap(gt, m, 3) == -1, EINVAL);
		CHECK_ERR(xengnttab_unmap(gt, m, 0) == -1, EINVAL);
		CHECK(m[0] == m[T_PAGE]);	/* still mapped */
		CHECK(xengnttab_unmap(gt, m, 2) == 0);
	}

	/* Double unmap. */
	m = xengnttab_map_grant_ref(gt, self, ref, PROT_READ);
	CHECK(m != NULL);
	if (m) {
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
		errno = 0;
		CHECK(xengnttab_unmap(gt, m, 1) == -1 && errno != 0);
	}
	check_clean(gt, ref, __LINE__);
}

static void bad_shares(xengntshr_handle *gs)
{
	uint32_t refs[4];

	CHECK_ERR(xengntshr_share_pages(gs, self, 0, refs, 1) == NULL, EINVAL);
	CHECK_ERR(xengntshr_share_pages(gs, self, -1, refs, 1) == NULL, EINVAL);
	CHECK_ERR(xengntshr_share_pages(gs, self, INT_MIN, refs, 1) == NULL,
		  EINVAL);
	/* Far over gntalloc's limit: ENOSPC from the driver (ENOMEM if the
	 * 64 MiB request cannot be allocated). */
	errno = 0;
	CHECK(xengntshr_share_pages(gs, self, 1 << 24, refs, 1) == NULL &&
	      (errno == ENOSPC || errno == ENOMEM));
	errno = 0;
	CHECK(xengntshr_share_pages(gs, self, 1 << 20, refs, 1) == NULL &&
	      (errno == ENOSPC || errno == ENOMEM));
}

static void other_calls(xengnttab_handle *gt)
{
	uint32_t ref = 8, fd = 0;

	/* SET_MAX_GRANTS is ENOTTY on Linux, which counts as success. */
	CHECK(xengnttab_set_max_grants(gt, 1) == 0);
	CHECK(xengnttab_set_max_grants(gt, UINT32_MAX) == 0);

	/* QEMU's probe: a copy of nothing succeeds. */
	CHECK(xengnttab_grant_copy(gt, 0, NULL) == 0);

	/* dma-buf: count 0 is EINVAL before any ioctl; the rest fail
	 * with ENOTTY (no CONFIG_XEN_GNTDEV_DMABUF) or EINVAL (PV). */
	CHECK_ERR(xengnttab_dmabuf_exp_from_refs(gt, self, 0, 0, &ref, &fd) == -1,
		  EINVAL);
	CHECK_ERR(xengnttab_dmabuf_imp_to_refs(gt, self, 0, 0, &ref) == -1,
		  EINVAL);
	errno = 0;
	CHECK(xengnttab_dmabuf_exp_from_refs(gt, self, 0, 1, &ref, &fd) == -1 &&
	      (errno == ENOTTY || errno == EINVAL));
	errno = 0;
	CHECK(xengnttab_dmabuf_imp_to_refs(gt, self, 0, 1, &ref) == -1 &&
	      (errno == ENOTTY || errno == EINVAL));
	errno = 0;
	CHECK(xengnttab_dmabuf_imp_release(gt, 0) == -1 &&
	      (errno == ENOTTY || errno == EINVAL));
	errno = 0;
	CHECK(xengnttab_dmabuf_exp_wait_released(gt, 0, 1) == -1 &&
	      (errno == ENOTTY || errno == EINVAL));
}

int main(void)
{
	xengnttab_handle *gt;
	xengntshr_handle *gs;
	unsigned char *shared;
	uint32_t ref;

	self = t_open_selfgrant("errors", &gt, &gs);

	shared = xengntshr_share_pages(gs, self, 1, &ref, 0);
	CHECK(shared != NULL);
	if (shared) {
		bad_maps(gt, ref);
		bad_unmaps(gt, ref);
		CHECK(xengntshr_unshare(gs, shared, 1) == 0);
	}
	bad_shares(gs);
	other_calls(gt);

	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("errors");
}
