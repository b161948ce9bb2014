// SPDX-License-Identifier: LGPL-2.1-only
/*
 * Opening and closing handles, logging, and xentoolcore's restrict hook.
 *
 * Lifetime of a handle: gnt_open allocates it, registers it with
 * xentoolcore before the device is opened, and opens the
 * device; gnt_close deregisters it, closes the fd and frees it. Mappings
 * made through a handle are not tied to it: the kernel keeps the device
 * file alive while any of its mappings exist, so they survive close.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <xentoollog.h>

#include "core.h"

/*
 * xengnttab_open sets O_CLOEXEC; xengntshr_open does not (upstream's
 * behaviour, kept because a client could rely on passing it to a child).
 */
static const struct {
	const char *path;
	int flags;
	const char *log_prefix;
} devices[] = {
	[GNT_KIND_GNTDEV] = { "/dev/xen/gntdev", O_RDWR | O_CLOEXEC, "gnttab" },
	[GNT_KIND_GNTALLOC] = { "/dev/xen/gntalloc", O_RDWR, "gntshr" },
};

void gnt_log_error(const gnt_handle *h, const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	xtl_logv(h->logger, XTL_ERROR, saved_errno, devices[h->kind].log_prefix,
		 fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

/*
 * xentoolcore_restrict_all(domid): after it, no handle of this process may
 * reach a domain other than @domid.
 *
 * gntdev: the driver restricts the file to @domid, so the handle keeps
 * working for that one domain. If it cannot (ENOTTY from Linux's driver,
 * EBUSY while the file still holds another domain's grants, EPERM when
 * already restricted to another domain, EINVAL for a reserved domid), the
 * fd becomes /dev/null as in Xen's library, and later calls fail.
 *
 * gntalloc (Xen's library does not register it): restricted the same way
 * by our driver. ENOTTY leaves the handle as it is, exactly what Xen's
 * library does, so nothing changes on Linux's driver; any other failure
 * falls back to /dev/null like gntdev. Mappings stay in every case.
 * A handle whose device is not open yet (fd -1) has nothing to restrict.
 */
static int restrict_hook(Xentoolcore__Active_Handle *ah, uint32_t domid)
{
	gnt_handle *h = (gnt_handle *)((char *)ah - offsetof(gnt_handle, tc_ah));
	int saved_errno = errno;

	if (h->fd < 0 || !gnt_restrict_fd(h->fd, domid))
		return 0;
	if (h->kind == GNT_KIND_GNTALLOC && errno == ENOTTY) {
		errno = saved_errno;
		return 0;
	}
	errno = saved_errno;
	return xentoolcore__restrict_by_dup2_null(h->fd);
}

/* Frees what gnt_open allocated, keeping errno for the caller. */
static void release_handle(gnt_handle *h)
{
	int saved_errno = errno;

	xtl_logger_destroy(h->logger_tofree);
	free(h);
	errno = saved_errno;
}

gnt_handle *gnt_open(struct xentoollog_logger *logger, enum gnt_kind kind)
{
	gnt_handle *h = malloc(sizeof(*h));
	int saved_errno;

	if (!h)
		return NULL;
	h->fd = -1;
	h->kind = kind;
	h->logger = logger;
	h->logger_tofree = NULL;

	/* Registered before the fd exists, so no restrict can miss it. */
	h->tc_ah.restrict_callback = restrict_hook;
	xentoolcore__register_active_handle(&h->tc_ah);

	if (!h->logger) {
		h->logger_tofree = (struct xentoollog_logger *)
			xtl_createlogger_stdiostream(stderr, XTL_PROGRESS, 0);
		if (!h->logger_tofree)
			goto fail;
		h->logger = h->logger_tofree;
	}

	/* Not logged: callers such as xenconsoled treat this as a hint. */
	h->fd = open(devices[kind].path, devices[kind].flags);
	if (h->fd < 0)
		goto fail;
	return h;

fail:
	saved_errno = errno;
	xentoolcore__deregister_active_handle(&h->tc_ah);
	errno = saved_errno;
	release_handle(h);
	return NULL;
}

/*
 * Deregistering before close() (as upstream 4.17 does) means a concurrent
 * xentoolcore_restrict_all() can never dup2 over a file number that close()
 * has just handed back for reuse.
 */
int gnt_close(gnt_handle *h)
{
	int rc;

	if (!h)
		return 0;
	xentoolcore__deregister_active_handle(&h->tc_ah);
	rc = close(h->fd);
	release_handle(h);
	return rc;
}

int gnt_fd(const gnt_handle *h)
{
	return h->fd;
}
