// SPDX-License-Identifier: LGPL-2.1-only
/*
 * /dev/xen/gntalloc: granting local pages to another domain.
 *
 * Lifetime of shared pages: ALLOC_GREF gives the file one reference on each
 * new page and grant, and mmap gives the mapping another. gnt_share drops
 * the file's reference (DEALLOC_GREF) as soon as the pages are mapped, so
 * from then on the mapping alone owns them: munmap (gnt_unshare, or the
 * process's exit) ends the grants and frees the pages, and closing the
 * handle does not. The grants stay valid while the peer still maps them;
 * the kernel frees the pages once the peer lets go.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <xen/gntalloc.h>

#include "core.h"

/* ALLOC requests up to this size (1020 grants) are built on the stack. */
#define ALLOC_STACK_BYTES 4096

static void drop_file_refs(gnt_handle *h, uint64_t index, uint32_t count)
{
	struct ioctl_gntalloc_dealloc_gref op = { .index = index,
						  .count = count };
	int saved_errno = errno;

	/* Cannot fail for a range ALLOC_GREF has just returned. */
	ioctl(h->fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op);
	errno = saved_errno;
}

void *gnt_share(gnt_handle *h, uint32_t domid, int count, uint32_t *refs,
		int writable, uint32_t notify_offset, uint32_t notify_port)
{
	union {
		struct ioctl_gntalloc_alloc_gref op;
		uint64_t bytes[ALLOC_STACK_BYTES / sizeof(uint64_t)];
	} stack;
	struct ioctl_gntalloc_alloc_gref *op = &stack.op;
	size_t size, len;
	void *addr = NULL;
	int saved_errno;

	/* Upstream lets these reach the driver with odd results. */
	if (count <= 0 || (size_t)count > SIZE_MAX / GNT_PAGE_SIZE) {
		errno = EINVAL;
		gnt_log_error(h, "cannot share %d pages", count);
		return NULL;
	}
	len = (size_t)count * GNT_PAGE_SIZE;
	size = offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids) +
	       (size_t)count * sizeof(op->gref_ids[0]);
	if (size > sizeof(stack)) {
		op = malloc(size);
		if (!op) {
			gnt_log_error(h, "no memory to share %d pages", count);
			return NULL;
		}
	}
	/* The grant ABI's domid is 16 bits wide; the driver takes it so. */
	op->domid = (uint16_t)domid;
	op->flags = writable ? GNTALLOC_FLAG_WRITABLE : 0;
	op->count = (uint32_t)count;

	if (ioctl(h->fd, IOCTL_GNTALLOC_ALLOC_GREF, op)) {
		gnt_log_error(h, "ioctl ALLOC_GREF failed");
		goto out;
	}

	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd,
		    (off_t)op->index);
	if (addr == MAP_FAILED) {
		addr = NULL;
		gnt_log_error(h, "mmap of %d shared pages failed", count);
		goto drop;
	}
	if (gnt_set_unmap_notify(h, op->index, len, notify_offset,
				 notify_port)) {
		saved_errno = errno;
		munmap(addr, len);
		errno = saved_errno;
		addr = NULL;
	}
	/* Filled in even when the notify failed, as libxengnttab does. */
	memcpy(refs, op->gref_ids, (size_t)count * sizeof(op->gref_ids[0]));

drop:
	drop_file_refs(h, op->index, (uint32_t)count);
out:
	if (op != &stack.op) {
		saved_errno = errno;
		free(op);
		errno = saved_errno;
	}
	return addr;
}

/* The mapping owns the pages (see the top of this file): just unmap. */
int gnt_unshare(gnt_handle *h, void *addr, uint32_t count)
{
	(void)h;
	return munmap(addr, (size_t)count * GNT_PAGE_SIZE);
}
