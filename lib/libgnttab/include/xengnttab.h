/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xengnttab.h - grant tables from user space (libxengnttab.so.1).
 *
 * Source-compatible with Xen 4.17's xengnttab.h: the same types, constants
 * and prototypes, so a program written against libxen-dev builds and runs
 * unchanged against this library. Details of each call: the section-3
 * manual pages (xengnttab_open(3), xengnttab_map_grant_ref(3),
 * xengntshr_share_pages(3), ...).
 *
 * Two handle kinds, both opaque:
 *   xengnttab_handle  /dev/xen/gntdev: map pages that other domains granted
 *                     (grant references) into this process; grant copy.
 *   xengntshr_handle  /dev/xen/gntalloc: allocate pages in this process and
 *                     grant another domain access to them.
 *
 * Failing calls return NULL or -1 and set errno. Mappings outlive the
 * handle that made them. A handle may be used by several threads at once.
 * After fork(), only *_close() may be called on a handle from the parent.
 */
#ifndef XENGNTTAB_H
#define XENGNTTAB_H

#include <stdint.h>

#include <xen/grant_table.h>
#include <xen/event_channel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Only a pointer is needed here; see <xentoollog.h> for the logger API. */
struct xentoollog_logger;

/* ---- mapping grants of other domains: /dev/xen/gntdev ---- */

typedef struct xengntdev_handle xengnttab_handle;

/*
 * Opens a handle. With a NULL @logger, errors are logged to stderr.
 * @open_flags is reserved: pass 0. The handle is registered with
 * xentoolcore, so xentoolcore_restrict_all() disables it.
 */
xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger,
				 unsigned open_flags);

/* Closes @xgt (NULL is fine). Mappings made with it stay valid. */
int xengnttab_close(xengnttab_handle *xgt);

/* The handle's file descriptor, for poll-free ioctls of your own. */
int xengnttab_fd(xengnttab_handle *xgt);

/*
 * Maps the page that domain @domid granted as @ref, with @prot
 * (PROT_READ, or PROT_READ|PROT_WRITE). Returns its address, or NULL.
 */
void *xengnttab_map_grant_ref(xengnttab_handle *xgt,
			      uint32_t domid,
			      uint32_t ref,
			      int prot);

/*
 * Maps @count grants, grant i being (@domids[i], @refs[i]), at consecutive
 * addresses. Returns the first page's address, or NULL.
 */
void *xengnttab_map_grant_refs(xengnttab_handle *xgt,
			       uint32_t count,
			       uint32_t *domids,
			       uint32_t *refs,
			       int prot);

/* As xengnttab_map_grant_refs(), every grant coming from @domid. */
void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt,
				      uint32_t count,
				      uint32_t domid,
				      uint32_t *refs,
				      int prot);

/*
 * As xengnttab_map_grant_ref(), and when the page is unmapped (including
 * on exit or crash) the byte at @notify_offset in it is set to 0 and/or
 * event channel @notify_port is signalled. Pass (uint32_t)-1 for either to
 * disable it; an offset of 4096 or more also disables the clear.
 */
void *xengnttab_map_grant_ref_notify(xengnttab_handle *xgt,
				     uint32_t domid,
				     uint32_t ref,
				     int prot,
				     uint32_t notify_offset,
				     evtchn_port_t notify_port);

/*
 * Unmaps @count pages mapped by one map call of this handle at
 * @start_address. @count must be the count that map call was given.
 */
int xengnttab_unmap(xengnttab_handle *xgt, void *start_address,
		    uint32_t count);

/*
 * Historical limit on the grants a handle may map. Linux has none and no
 * such request, so this succeeds without effect there.
 */
int xengnttab_set_max_grants(xengnttab_handle *xgt,
			     uint32_t nr_grants);

/*
 * One grant copy: @len bytes from source to dest. A side whose flag
 * (GNTCOPY_source_gref, GNTCOPY_dest_gref) is set is a grant (ref, offset
 * in the page, domid); the other is a local address (virt). @status is
 * set to a GNTST_* code. The layout is the kernel's (24 bytes).
 */
struct xengnttab_grant_copy_segment {
	union xengnttab_copy_ptr {
		void *virt;
		struct {
			uint32_t ref;
			uint16_t offset;
			uint16_t domid;
		} foreign;
	} source, dest;
	uint16_t len;
	uint16_t flags;
	int16_t status;
};

typedef struct xengnttab_grant_copy_segment xengnttab_grant_copy_segment_t;

/*
 * Performs @count copy segments. Returns 0 when all were attempted (check
 * each status), -1 if the request itself failed. @count may be 0.
 */
int xengnttab_grant_copy(xengnttab_handle *xgt,
			 uint32_t count,
			 xengnttab_grant_copy_segment_t *segs);

/* dma-buf flags: write-combine or coherent backing memory. */
#define GNTDEV_DMA_FLAG_WC		(1 << 0)
#define GNTDEV_DMA_FLAG_COHERENT	(1 << 1)

/*
 * dma-buf export of grants and import of a dma-buf as grants. These need
 * a kernel built with CONFIG_XEN_GNTDEV_DMABUF and an auto-translated
 * domain; elsewhere (Debian's kernels, PV dom0) they fail with ENOTTY or
 * EINVAL. A @count of 0 fails with EINVAL.
 */
int xengnttab_dmabuf_exp_from_refs(xengnttab_handle *xgt, uint32_t domid,
				   uint32_t flags, uint32_t count,
				   const uint32_t *refs, uint32_t *fd);

int xengnttab_dmabuf_exp_wait_released(xengnttab_handle *xgt, uint32_t fd,
				       uint32_t wait_to_ms);

int xengnttab_dmabuf_imp_to_refs(xengnttab_handle *xgt, uint32_t domid,
				 uint32_t fd, uint32_t count, uint32_t *refs);

int xengnttab_dmabuf_imp_release(xengnttab_handle *xgt, uint32_t fd);

/* ---- granting local pages to other domains: /dev/xen/gntalloc ---- */

typedef struct xengntdev_handle xengntshr_handle;

/* Opens a handle; @logger and @open_flags as for xengnttab_open(). */
xengntshr_handle *xengntshr_open(struct xentoollog_logger *logger,
				 unsigned open_flags);

/* Closes @xgs (NULL is fine). Shared pages stay shared until unshared. */
int xengntshr_close(xengntshr_handle *xgs);

int xengntshr_fd(xengntshr_handle *xgs);

/*
 * Allocates @count zeroed pages, grants @domid access to them (writable
 * if @writable) and maps them here. Stores the grant references in
 * @refs[0..count-1] and returns the address, or NULL.
 */
void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid,
			    int count, uint32_t *refs, int writable);

/*
 * Shares one page as xengntshr_share_pages(), with the unmap notification
 * described at xengnttab_map_grant_ref_notify().
 */
void *xengntshr_share_page_notify(xengntshr_handle *xgs, uint32_t domid,
				  uint32_t *ref, int writable,
				  uint32_t notify_offset,
				  evtchn_port_t notify_port);

/* Unmaps and stops sharing @count pages returned by a share call. */
int xengntshr_unshare(xengntshr_handle *xgs, void *start_address,
		      uint32_t count);

#ifdef __cplusplus
}
#endif

#endif /* XENGNTTAB_H */
