// SPDX-License-Identifier: GPL-2.0
/*
 * xentoolcore_restrict_all() and libxengnttab: a gnttab handle is
 * registered with xentoolcore (so restricting replaces its fd by
 * /dev/null and later calls fail), a gntshr handle is not (as upstream),
 * a closed handle is deregistered, and existing mappings survive.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xengnttab.h>
#include <xentoolcore.h>

#include "test.h"

static int fd_is(int fd, const char *path)
{
	char link[64], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(target, path) == 0;
}

int main(void)
{
	xengnttab_handle *gt, *closed;
	xengntshr_handle *gs;
	unsigned char *shared, *m;
	uint32_t ref;
	int self;

	t_need(1, 1);
	self = t_self_domid();

	/* Opened and closed before the restrict: must be off the list. */
	closed = xengnttab_open(NULL, 0);
	CHECK(closed != NULL);
	CHECK(xengnttab_close(closed) == 0);

	gt = xengnttab_open(NULL, 0);
	gs = xengntshr_open(NULL, 0);
	CHECK(gt && gs);
	if (!gt || !gs)
		return t_result("restrict");
	CHECK(fd_is(xengnttab_fd(gt), "/dev/xen/gntdev"));
	CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));

	shared = xengntshr_share_pages(gs, self, 1, &ref, 1);
	CHECK(shared != NULL);
	m = shared ? xengnttab_map_grant_ref(gt, self, ref,
					     PROT_READ | PROT_WRITE) : NULL;
	CHECK(m != NULL);
	if (!m)
		return t_result("restrict");

	CHECK(xentoolcore_restrict_all(self) == 0);

	CHECK(fd_is(xengnttab_fd(gt), "/dev/null"));
	CHECK(fd_is(xengntshr_fd(gs), "/dev/xen/gntalloc"));
	/* The handle can no longer map; the existing mapping still works. */
	errno = 0;
	CHECK(xengnttab_map_grant_ref(gt, self, ref, PROT_READ) == NULL &&
	      errno != 0);
	strcpy((char *)m, "still mapped");
	CHECK(strcmp((char *)shared, "still mapped") == 0);
	/* Restricting again is harmless. */
	CHECK(xentoolcore_restrict_all(self) == 0);

	CHECK(munmap(m, T_PAGE) == 0);
	CHECK(xengntshr_unshare(gs, shared, 1) == 0);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("restrict");
}
