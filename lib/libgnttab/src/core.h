/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The core shared by libxengnttab.so.1 (xengnttab_* / xengntshr_*) and
 * libgnttab.so.1 (xc_gnttab_* / xc_gntshr_*). Each library links its own
 * copy; every symbol here is hidden (-fvisibility=hidden), so the two
 * copies never meet even when one process loads both libraries.
 *
 * A handle is one open file of /dev/xen/gntdev or /dev/xen/gntalloc. It is
 * written only by open and close; every other call reads it and goes
 * straight to the ioctl/mmap it needs. No lock is taken: the drivers
 * serialise concurrent calls on one file themselves.
 *
 * All functions follow libxengnttab 4.17: NULL or -1 with errno on failure,
 * errno preserved across any cleanup done after the failing step, and one
 * XTL_ERROR line through the handle's logger.
 */
#ifndef GNTTAB_CORE_H
#define GNTTAB_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "toolcore.h"

struct xentoollog_logger;

enum gnt_kind {
	GNT_KIND_GNTDEV,	/* map other domains' grants */
	GNT_KIND_GNTALLOC,	/* grant local pages to other domains */
};

struct xengntdev_handle {
	struct xentoollog_logger *logger;
	/* Our own stderr logger when the caller gave none; else NULL. */
	struct xentoollog_logger *logger_tofree;
	int fd;
	enum gnt_kind kind;
	/* Registered with xentoolcore (both kinds; see handle.c). */
	Xentoolcore__Active_Handle tc_ah;
};

typedef struct xengntdev_handle gnt_handle;

/* "No notification" value of notify_offset and notify_port. */
#define GNT_NO_NOTIFY ((uint32_t)-1)

/* handle.c */
gnt_handle *gnt_open(struct xentoollog_logger *logger, enum gnt_kind kind);
int gnt_close(gnt_handle *h);
int gnt_fd(const gnt_handle *h);
void gnt_log_error(const gnt_handle *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* restrict.c: 0, or -1 with errno (ENOTTY: the driver cannot restrict). */
int gnt_restrict_fd(int fd, uint32_t domid);
int gnt_restrict(gnt_handle *h, uint32_t domid);

/* notify.c */
int gnt_set_unmap_notify(gnt_handle *h, uint64_t index, size_t len,
			 uint32_t offset, uint32_t port);

/* gntdev.c */
int gnt_set_max_grants(gnt_handle *h, uint32_t count);
void *gnt_map(gnt_handle *h, uint32_t count, const uint32_t *domids,
	      int domid_stride, const uint32_t *refs, int prot,
	      uint32_t notify_offset, uint32_t notify_port);
int gnt_unmap(gnt_handle *h, void *addr, uint32_t count);
int gnt_grant_copy(gnt_handle *h, uint32_t count, void *segs);
int gnt_dmabuf_exp_from_refs(gnt_handle *h, uint32_t domid, uint32_t flags,
			     uint32_t count, const uint32_t *refs,
			     uint32_t *dmabuf_fd);
int gnt_dmabuf_exp_wait_released(gnt_handle *h, uint32_t dmabuf_fd,
				 uint32_t wait_to_ms);
int gnt_dmabuf_imp_to_refs(gnt_handle *h, uint32_t domid, uint32_t dmabuf_fd,
			   uint32_t count, uint32_t *refs);
int gnt_dmabuf_imp_release(gnt_handle *h, uint32_t dmabuf_fd);

/* gntalloc.c */
void *gnt_share(gnt_handle *h, uint32_t domid, int count, uint32_t *refs,
		int writable, uint32_t notify_offset, uint32_t notify_port);
int gnt_unshare(gnt_handle *h, void *addr, uint32_t count);

/* Both devices use 4 KiB grant pages whatever the CPU's page size. */
#define GNT_PAGE_SHIFT 12
#define GNT_PAGE_SIZE ((size_t)1 << GNT_PAGE_SHIFT)

#endif /* GNTTAB_CORE_H */
