// SPDX-License-Identifier: GPL-2.0
/*
 * Every map and share call of libxengnttab on a self-grant: pages shared
 * with our own domain (xengntshr_share_pages(h, self, ...)) and mapped back
 * with xengnttab_map_* (domid self). Data must flow both ways, read-only
 * grants must refuse writable maps, and mappings must outlive handles.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xengnttab.h>

#include "selfgrant.h"
#include "test.h"

#define NPAGES 4
/* More grants than the library builds on the stack (510 to map, 1020 to
 * share; Linux's gntalloc allows 1024 shared pages in all by default). */
#define BIG 600
#define BIG_SHARE 1021

static int self;

/* Maps the @n grants @refs with each map call and checks the data. */
static void map_all_ways(xengnttab_handle *gt, unsigned char *shared,
			 uint32_t *refs, uint32_t n, uint32_t seed)
{
	uint32_t *domids = calloc(n, sizeof(*domids));
	unsigned char *m;
	uint32_t i;

	for (i = 0; i < n; i++)
		domids[i] = self;

	t_fill(shared, (size_t)n * T_PAGE, seed);

	m = xengnttab_map_grant_refs(gt, n, domids, refs, PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, (size_t)n * T_PAGE, seed));
		t_fill(m, (size_t)n * T_PAGE, seed + 1);
		CHECK(t_verify(shared, (size_t)n * T_PAGE, seed + 1));
		CHECK(xengnttab_unmap(gt, m, n) == 0);
	}

	m = xengnttab_map_domain_grant_refs(gt, n, self, refs, PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, (size_t)n * T_PAGE, seed + 1));
		t_fill(m, (size_t)n * T_PAGE, seed + 2);
		CHECK(t_verify(shared, (size_t)n * T_PAGE, seed + 2));
		CHECK(xengnttab_unmap(gt, m, n) == 0);
	}

	/* Page by page, read-only, in reverse order (the last few pages). */
	for (i = n; i-- > 0 && n - i <= 8;) {
		m = xengnttab_map_grant_ref(gt, self, refs[i], PROT_READ);
		CHECK(m != NULL);
		if (!m)
			continue;
		CHECK(memcmp(m, shared + (size_t)i * T_PAGE, T_PAGE) == 0);
		CHECK(xengnttab_unmap(gt, m, 1) == 0);
	}
	free(domids);
}

int main(void)
{
	xengnttab_handle *gt;
	xengntshr_handle *gs;
	uint32_t refs[BIG_SHARE], ro_ref;
	unsigned char *shared, *ro, *m;
	int fd;

	self = t_open_selfgrant("map_self", &gt, &gs);

	/* O_CLOEXEC on gntdev only, as libxengnttab 4.17 does. */
	fd = xengnttab_fd(gt);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	fd = xengntshr_fd(gs);
	CHECK(fd >= 0 && !(fcntl(fd, F_GETFD) & FD_CLOEXEC));

	CHECK(xengnttab_set_max_grants(gt, 0x7ff0) == 0);
	CHECK(xengnttab_close(NULL) == 0);
	CHECK(xengntshr_close(NULL) == 0);

	/* New shared pages are zeroed. */
	shared = xengntshr_share_pages(gs, self, NPAGES, refs, 1);
	CHECK(shared != NULL);
	if (shared) {
		size_t i;

		for (i = 0; i < NPAGES * T_PAGE && !shared[i]; i++)
			;
		CHECK(i == NPAGES * T_PAGE);
		map_all_ways(gt, shared, refs, NPAGES, 0x1234);
		CHECK(xengntshr_unshare(gs, shared, NPAGES) == 0);
	}

	/* A map request too big for the library's stack buffer. */
	shared = xengntshr_share_pages(gs, self, BIG, refs, 1);
	CHECK(shared != NULL);
	if (shared) {
		map_all_ways(gt, shared, refs, BIG, 0x777);
		CHECK(xengntshr_unshare(gs, shared, BIG) == 0);
	}

	/* A share request too big for the library's stack buffer. */
	shared = xengntshr_share_pages(gs, self, BIG_SHARE, refs, 1);
	CHECK(shared != NULL);
	if (shared) {
		m = xengnttab_map_grant_ref(gt, self, refs[BIG_SHARE - 1],
					    PROT_READ);
		CHECK(m != NULL);
		if (m) {
			shared[(BIG_SHARE - 1) * T_PAGE] = 0x42;
			CHECK(m[0] == 0x42);
			CHECK(xengnttab_unmap(gt, m, 1) == 0);
		}
		CHECK(xengntshr_unshare(gs, shared, BIG_SHARE) == 0);
	}

	/* Read-only grant: PROT_READ maps, PROT_WRITE is refused. */
	ro = xengntshr_share_page_notify(gs, self, &ro_ref, 0, -1, -1);
	CHECK(ro != NULL);
	if (ro) {
		memset(ro, 0x5a, T_PAGE);
		m = xengnttab_map_grant_ref(gt, self, ro_ref, PROT_READ);
		CHECK(m && m[0] == 0x5a && m[T_PAGE - 1] == 0x5a);
		if (m)
			CHECK(xengnttab_unmap(gt, m, 1) == 0);
		errno = 0;
		m = xengnttab_map_grant_ref(gt, self, ro_ref,
					    PROT_READ | PROT_WRITE);
		CHECK(m == NULL && errno != 0);
		if (m)
			xengnttab_unmap(gt, m, 1);
		CHECK(xengntshr_unshare(gs, ro, 1) == 0);
	}

	/* Mappings outlive both handles. */
	shared = xengntshr_share_pages(gs, self, 1, refs, 1);
	CHECK(shared != NULL);
	m = shared ? xengnttab_map_grant_ref(gt, self, refs[0],
					     PROT_READ | PROT_WRITE) : NULL;
	CHECK(m != NULL);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	if (m && shared) {
		strcpy((char *)shared, "outlives the handles");
		CHECK(strcmp((char *)m, "outlives the handles") == 0);
		CHECK(munmap(m, T_PAGE) == 0);
		CHECK(munmap(shared, T_PAGE) == 0);
	}
	return t_result("map_self");
}
