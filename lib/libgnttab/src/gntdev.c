// SPDX-License-Identifier: LGPL-2.1-only
/*
 * /dev/xen/gntdev: mapping other domains' grants, grant copy, dma-buf.
 *
 * A map is two steps in the driver: MAP_GRANT_REF reserves a range of the
 * device's file offsets for the grants, and mmap of exactly that range maps
 * them. Unmapping is the reverse: munmap, then UNMAP_GRANT_REF to release
 * the range. gnt_map never leaves a reserved range behind on failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/gntdev.h>

#include "core.h"

/*
 * MAP requests up to this size (510 grants) are built on the stack, longer
 * ones on the heap. The buffer is never smaller than the fixed header,
 * which the driver always copies in full (refs[0] included).
 */
#define MAP_STACK_BYTES 4096

/* How long to wait before retrying an mmap that met a paged-out frame. */
#define EAGAIN_RETRY_US 1000

int gnt_set_max_grants(gnt_handle *h, uint32_t count)
{
	struct ioctl_gntdev_set_max_grants op = { .count = count };

	if (!ioctl(h->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &op))
		return 0;
	/* Linux's gntdev has no such limit and no such ioctl: not an error. */
	if (errno == ENOTTY)
		return 0;
	gnt_log_error(h, "ioctl SET_MAX_GRANTS failed");
	return -1;
}

static int release_range(gnt_handle *h, uint64_t index, uint32_t count)
{
	struct ioctl_gntdev_unmap_grant_ref op = { .index = index,
						   .count = count };

	return ioctl(h->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op);
}

/*
 * Xen answers GNTST_eagain for a frame that its pager has swapped out, and
 * the driver turns that into EAGAIN. Nothing announces the frame's return,
 * so poll, as libxengnttab does.
 */
static void *mmap_grants(gnt_handle *h, uint64_t index, size_t len, int prot)
{
	void *addr;

	for (;;) {
		addr = mmap(NULL, len, prot, MAP_SHARED, h->fd, (off_t)index);
		if (addr != MAP_FAILED)
			return addr;
		if (errno != EAGAIN)
			return NULL;
		usleep(EAGAIN_RETRY_US);
	}
}

void *gnt_map(gnt_handle *h, uint32_t count, const uint32_t *domids,
	      int domid_stride, const uint32_t *refs, int prot,
	      uint32_t notify_offset, uint32_t notify_port)
{
	union {
		struct ioctl_gntdev_map_grant_ref op;
		uint64_t bytes[MAP_STACK_BYTES / sizeof(uint64_t)];
	} stack;
	struct ioctl_gntdev_map_grant_ref *op = &stack.op;
	size_t size = offsetof(struct ioctl_gntdev_map_grant_ref, refs) +
		      (size_t)count * sizeof(op->refs[0]);
	size_t len = (size_t)count * GNT_PAGE_SIZE;
	void *addr = NULL;
	int saved_errno;
	uint32_t i;

	/* Only reachable with a 32-bit size_t. */
	if (len / GNT_PAGE_SIZE != count) {
		errno = EINVAL;
		gnt_log_error(h, "cannot map %u grants", count);
		return NULL;
	}
	if (size > sizeof(stack)) {
		op = malloc(size);
		if (!op) {
			gnt_log_error(h, "no memory for a map of %u grants",
				      count);
			return NULL;
		}
	}
	op->count = count;
	op->pad = 0;
	op->refs[0].domid = 0;
	op->refs[0].ref = 0;
	for (i = 0; i < count; i++) {
		op->refs[i].domid = domids[(size_t)i * domid_stride];
		op->refs[i].ref = refs[i];
	}

	if (ioctl(h->fd, IOCTL_GNTDEV_MAP_GRANT_REF, op)) {
		gnt_log_error(h, "ioctl MAP_GRANT_REF failed");
		goto out;
	}

	addr = mmap_grants(h, op->index, len, prot);
	if (!addr) {
		gnt_log_error(h, "mmap of %u grants failed", count);
	} else if (gnt_set_unmap_notify(h, op->index, len, notify_offset,
					notify_port)) {
		saved_errno = errno;
		munmap(addr, len);
		errno = saved_errno;
		addr = NULL;
	}
	if (!addr) {
		saved_errno = errno;
		release_range(h, op->index, count);
		errno = saved_errno;
	}

out:
	if (op != &stack.op) {
		saved_errno = errno;
		free(op);
		errno = saved_errno;
	}
	return addr;
}

/*
 * The driver finds the map from the address (its first VMA ending above
 * @addr) and reports the whole map's offset and size; a size other than
 * @count is refused before anything is unmapped.
 */
int gnt_unmap(gnt_handle *h, void *addr, uint32_t count)
{
	struct ioctl_gntdev_get_offset_for_vaddr where = {
		.vaddr = (uintptr_t)addr,
	};
	int rc;

	if (!addr) {
		errno = EINVAL;
		return -1;
	}
	rc = ioctl(h->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &where);
	if (rc)
		return rc;
	if (where.count != count) {
		errno = EINVAL;
		return -1;
	}
	rc = munmap(addr, (size_t)count * GNT_PAGE_SIZE);
	if (rc)
		return rc;
	return release_range(h, where.offset, count);
}

/*
 * @segs is passed to the driver as it is (the public segment type has the
 * driver's layout). A count of 0 is passed on too: the driver answers 0
 * without reading @segs, which is how QEMU probes for grant copy.
 */
int gnt_grant_copy(gnt_handle *h, uint32_t count, void *segs)
{
	struct ioctl_gntdev_grant_copy op = {
		.count = count,
		.segments = segs,
	};
	int rc;

	rc = ioctl(h->fd, IOCTL_GNTDEV_GRANT_COPY, &op);
	if (rc)
		gnt_log_error(h, "ioctl GRANT_COPY failed");
	return rc;
}

/*
 * dma-buf export and import. Debian's kernel is built without
 * CONFIG_XEN_GNTDEV_DMABUF, so there these fail with ENOTTY (and always
 * on a PV domain with EINVAL); they are kept for kernels that have it.
 */
int gnt_dmabuf_exp_from_refs(gnt_handle *h, uint32_t domid, uint32_t flags,
			     uint32_t count, const uint32_t *refs,
			     uint32_t *dmabuf_fd)
{
	struct ioctl_gntdev_dmabuf_exp_from_refs *op;
	size_t size = offsetof(struct ioctl_gntdev_dmabuf_exp_from_refs, refs) +
		      (size_t)count * sizeof(op->refs[0]);
	int rc = -1;

	if (!count) {
		errno = EINVAL;
		return -1;
	}
	op = malloc(size);
	if (!op)
		return -1;
	op->flags = flags;
	op->count = count;
	op->fd = 0;
	op->domid = domid;
	memcpy(op->refs, refs, (size_t)count * sizeof(op->refs[0]));
	if (ioctl(h->fd, IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS, op)) {
		gnt_log_error(h, "ioctl DMABUF_EXP_FROM_REFS failed");
	} else {
		*dmabuf_fd = op->fd;
		rc = 0;
	}
	free(op);
	return rc;
}

int gnt_dmabuf_exp_wait_released(gnt_handle *h, uint32_t dmabuf_fd,
				 uint32_t wait_to_ms)
{
	struct ioctl_gntdev_dmabuf_exp_wait_released op = {
		.fd = dmabuf_fd,
		.wait_to_ms = wait_to_ms,
	};

	if (!ioctl(h->fd, IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED, &op))
		return 0;
	/* ENOENT: the buffer is not (or no longer) exported: released. */
	if (errno == ENOENT) {
		errno = 0;
		return 0;
	}
	gnt_log_error(h, "ioctl DMABUF_EXP_WAIT_RELEASED failed");
	return -1;
}

int gnt_dmabuf_imp_to_refs(gnt_handle *h, uint32_t domid, uint32_t dmabuf_fd,
			   uint32_t count, uint32_t *refs)
{
	struct ioctl_gntdev_dmabuf_imp_to_refs *op;
	size_t size = offsetof(struct ioctl_gntdev_dmabuf_imp_to_refs, refs) +
		      (size_t)count * sizeof(op->refs[0]);
	int rc = -1;

	if (!count) {
		errno = EINVAL;
		return -1;
	}
	op = calloc(1, size);
	if (!op)
		return -1;
	op->fd = dmabuf_fd;
	op->count = count;
	op->domid = domid;
	if (ioctl(h->fd, IOCTL_GNTDEV_DMABUF_IMP_TO_REFS, op)) {
		gnt_log_error(h, "ioctl DMABUF_IMP_TO_REFS failed");
	} else {
		memcpy(refs, op->refs, (size_t)count * sizeof(op->refs[0]));
		rc = 0;
	}
	free(op);
	return rc;
}

int gnt_dmabuf_imp_release(gnt_handle *h, uint32_t dmabuf_fd)
{
	struct ioctl_gntdev_dmabuf_imp_release op = { .fd = dmabuf_fd };

	if (!ioctl(h->fd, IOCTL_GNTDEV_DMABUF_IMP_RELEASE, &op))
		return 0;
	gnt_log_error(h, "ioctl DMABUF_IMP_RELEASE failed");
	return -1;
}
