// SPDX-License-Identifier: GPL-2.0
/*
 * IOCTL_GNTDEV_GRANT_COPY: copies between grants and local buffers with
 * batched GNTTABOP_copy hypercalls, without mapping anything.
 *
 * Each segment is split at the page boundaries of its local buffer, so one
 * segment may become several ops; its status is the first failing op's.
 * Unlike gnttab_batch_copy(), a failing hypercall is reported in the
 * statuses rather than with BUG().
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/page.h>
#include <asm/xen/hypercall.h>

#include "gntdev.h"
#include "trace.h"

#define GNTDEV_COPY_BATCH	64
/* Segments read from user memory at a time: each pass reads them all. */
#define GNTDEV_COPY_CHUNK	8
/* GNTST_eagain (paged-out frames): retries, sleeping 1, 2, 4 ... ms. */
#define GNTDEV_COPY_EAGAIN_TRIES 10

struct gntdev_copy_batch {
	struct gnttab_copy ops[GNTDEV_COPY_BATCH];
	s16 __user *status[GNTDEV_COPY_BATCH];
	/* The pinned local page of each op, and whether Xen writes it. */
	struct page *pages[GNTDEV_COPY_BATCH];
	bool dirty[GNTDEV_COPY_BATCH];
	unsigned int nr;
};

/* The request's segments, read GNTDEV_COPY_CHUNK at a time. */
struct gntdev_copy_reader {
	struct gntdev_grant_copy_segment __user *segs;
	unsigned int count;
	gntdev_copy_read_fn read;
	/* Segments [first, first + n) are in buf. */
	unsigned int first, n;
	struct gntdev_grant_copy_segment buf[GNTDEV_COPY_CHUNK];
};

/* Segment @i (below count) of the request, or NULL if it cannot be read. */
static const struct gntdev_grant_copy_segment *
gntdev_copy_seg(struct gntdev_copy_reader *in, unsigned int i)
{
	if (i < in->first || i - in->first >= in->n) {
		in->first = i;
		in->n = min_t(unsigned int, in->count - i, GNTDEV_COPY_CHUNK);
		if (in->read(in->buf, &in->segs[i], in->n)) {
			in->n = 0;
			return NULL;
		}
	}
	return &in->buf[i - in->first];
}

static void gntdev_copy_retry_eagain(struct gnttab_copy *op)
{
	unsigned int try;

	for (try = 0; try < GNTDEV_COPY_EAGAIN_TRIES; try++) {
		if (op->status != GNTST_eagain)
			return;
		msleep(1U << try);
		atomic64_inc(&gntdev_hypercalls[GNTDEV_HC_COPY]);
		if (HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 1))
			op->status = GNTST_general_error;
	}
}

static void gntdev_copy_unpin(struct gntdev_copy_batch *batch)
{
	unsigned int i;

	for (i = 0; i < batch->nr; i++) {
		if (batch->pages[i])
			unpin_user_pages_dirty_lock(&batch->pages[i], 1,
						    batch->dirty[i]);
	}
}

/* Runs the batched ops and records failures in their segments' statuses. */
static int gntdev_copy_flush(struct gntdev_copy_batch *batch)
{
	unsigned int i;
	int rc, err = 0;

	if (!batch->nr)
		return 0;
	atomic64_inc(&gntdev_hypercalls[GNTDEV_HC_COPY]);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, batch->ops, batch->nr);
	if (rc)
		pr_warn_ratelimited("GNTTABOP_copy of %u ops failed: %d\n",
				    batch->nr, rc);
	for (i = 0; i < batch->nr; i++) {
		if (rc)
			batch->ops[i].status = GNTST_general_error;
		gntdev_copy_retry_eagain(&batch->ops[i]);
	}
	gntdev_copy_unpin(batch);

	for (i = 0; i < batch->nr && !err; i++) {
		s16 status = batch->ops[i].status, old;

		if (status == GNTST_okay)
			continue;
		if (get_user(old, batch->status[i]))
			err = -EFAULT;
		else if (old == GNTST_okay && put_user(status, batch->status[i]))
			err = -EFAULT;
	}
	batch->nr = 0;
	return err;
}

/* Pins the local page under @virt: 0 or -EFAULT. */
static int gntdev_copy_pin(void __user *virt, bool write, struct page **page)
{
	int ret = pin_user_pages_fast((unsigned long)virt, 1,
				      write ? FOLL_WRITE : 0, page);

	return ret == 1 ? 0 : -EFAULT;
}

static void gntdev_copy_local(struct gnttab_copy_ptr *side, struct page *page,
			      unsigned long off)
{
	side->u.gmfn = xen_page_to_gfn(page);
	side->domid = DOMID_SELF;
	side->offset = off;
}

static void gntdev_copy_foreign(struct gnttab_copy_ptr *side, u32 ref,
				u16 domid, unsigned int offset)
{
	side->u.ref = ref;
	side->domid = domid;
	side->offset = offset;
}

/*
 * Queues the ops of one segment. A local buffer that cannot be pinned
 * fails the segment with GNTST_bad_virt_addr; the others go on.
 */
static int gntdev_copy_segment(struct gntdev_copy_batch *batch,
			       const struct gntdev_grant_copy_segment *seg,
			       s16 __user *status)
{
	bool src_local = !(seg->flags & GNTCOPY_source_gref);
	bool dst_local = !(seg->flags & GNTCOPY_dest_gref);
	unsigned int copied = 0;
	int err;

	if (put_user((s16)GNTST_okay, status))
		return -EFAULT;

	while (copied < seg->len) {
		unsigned int len = seg->len - copied;
		void __user *virt = NULL;
		struct page *page = NULL;
		struct gnttab_copy *op;
		unsigned long off = 0;

		if (batch->nr == GNTDEV_COPY_BATCH) {
			err = gntdev_copy_flush(batch);
			if (err)
				return err;
		}

		/* At most one side is local; it bounds the op at its page. */
		if (src_local)
			virt = seg->source.virt + copied;
		else if (dst_local)
			virt = seg->dest.virt + copied;
		if (virt) {
			off = (unsigned long)virt & ~PAGE_MASK;
			len = min_t(unsigned int, len, PAGE_SIZE - off);
			if (gntdev_copy_pin(virt, dst_local, &page))
				return put_user((s16)GNTST_bad_virt_addr,
						status) ? -EFAULT : 0;
		}

		op = &batch->ops[batch->nr];
		op->flags = seg->flags & (GNTCOPY_source_gref | GNTCOPY_dest_gref);
		if (src_local)
			gntdev_copy_local(&op->source, page, off);
		else
			gntdev_copy_foreign(&op->source, seg->source.foreign.ref,
					    seg->source.foreign.domid,
					    seg->source.foreign.offset + copied);
		if (dst_local)
			gntdev_copy_local(&op->dest, page, off);
		else
			gntdev_copy_foreign(&op->dest, seg->dest.foreign.ref,
					    seg->dest.foreign.domid,
					    seg->dest.foreign.offset + copied);
		op->len = len;
		batch->pages[batch->nr] = page;
		batch->dirty[batch->nr] = dst_local;
		batch->status[batch->nr] = status;
		batch->nr++;
		copied += len;
	}
	return 0;
}

/* A segment the hypervisor must never see: local to local, or past a page. */
static bool gntdev_copy_segment_valid(const struct gntdev_grant_copy_segment *seg)
{
	if (!(seg->flags & (GNTCOPY_source_gref | GNTCOPY_dest_gref)))
		return false;
	if ((seg->flags & GNTCOPY_source_gref) &&
	    seg->source.foreign.offset + seg->len > XEN_PAGE_SIZE)
		return false;
	if ((seg->flags & GNTCOPY_dest_gref) &&
	    seg->dest.foreign.offset + seg->len > XEN_PAGE_SIZE)
		return false;
	return true;
}

/* The domain a segment is accounted to: its source's if that is a grant. */
static u16 gntdev_copy_domid(const struct gntdev_grant_copy_segment *seg)
{
	if (seg->flags & GNTCOPY_source_gref)
		return seg->source.foreign.domid;
	return seg->dest.foreign.domid;
}

static u32 gntdev_copy_ref(const struct gntdev_grant_copy_segment *seg)
{
	if (seg->flags & GNTCOPY_source_gref)
		return seg->source.foreign.ref;
	return seg->dest.foreign.ref;
}

/* Whether the file's restriction lets it name every grant of @seg. */
static bool gntdev_copy_segment_reaches(struct gntdev_file *file,
					const struct gntdev_grant_copy_segment *seg)
{
	if ((seg->flags & GNTCOPY_source_gref) &&
	    !gnttab_audit_allows(file->af, seg->source.foreign.domid))
		return false;
	return !(seg->flags & GNTCOPY_dest_gref) ||
	       gnttab_audit_allows(file->af, seg->dest.foreign.domid);
}

/* Whether the file may name every grant of @seg; tracks their domains. */
static int gntdev_copy_segment_allowed(struct gntdev_file *file,
				       const struct gntdev_grant_copy_segment *seg)
{
	u16 domid[2];
	unsigned int i, n = 0;
	int err;

	if (seg->flags & GNTCOPY_source_gref)
		domid[n++] = seg->source.foreign.domid;
	if (seg->flags & GNTCOPY_dest_gref)
		domid[n++] = seg->dest.foreign.domid;
	for (i = 0; i < n; i++) {
		err = gnttab_audit_track_domain(&gntdev_audit, domid[i]);
		if (err)
			return err;
		if (!gnttab_audit_allows(file->af, domid[i])) {
			gnttab_audit_add(file->af, domid[i], GNTDEV_DENIED, 1);
			return -EPERM;
		}
	}
	return 0;
}

/*
 * First pass: every segment readable, valid, allowed and its status
 * writable, so a bad request fails (EFAULT, EINVAL, EPERM) before any copy
 * is made, with every status as it was.
 */
static int gntdev_copy_check(struct gntdev_file *file,
			     struct gntdev_copy_reader *in)
{
	const struct gntdev_grant_copy_segment *seg;
	unsigned int i;
	int err;

	for (i = 0; i < in->count; i++) {
		seg = gntdev_copy_seg(in, i);
		if (!seg)
			return -EFAULT;
		if (!gntdev_copy_segment_valid(seg))
			return -EINVAL;
		err = gntdev_copy_segment_allowed(file, seg);
		if (err)
			return err;
		if (put_user(seg->status, &in->segs[i].status))
			return -EFAULT;
		cond_resched();
	}
	return 0;
}

/*
 * Last pass: counts and traces the segments by their statuses, once per
 * run of segments of one domain. Stops quietly if user memory went away.
 */
static void gntdev_copy_account(struct gntdev_file *file,
				struct gntdev_copy_reader *in)
{
	const struct gntdev_grant_copy_segment *seg = NULL;
	unsigned int i, count = in->count, run = 0, failed = 0;
	u32 first_ref = 0;
	int domid = -1;

	/* Statuses changed since the segments were read: read them again. */
	in->n = 0;
	for (i = 0; i <= count; i++) {
		if (i < count) {
			seg = gntdev_copy_seg(in, i);
			if (!seg)
				count = i;
		}
		if (run && (i == count || gntdev_copy_domid(seg) != domid)) {
			gnttab_audit_add(file->af, domid, GNTDEV_COPIES,
					 run - failed);
			gnttab_audit_add(file->af, domid, GNTDEV_COPY_FAILURES,
					 failed);
			trace_gntdev_copy(domid, first_ref, run, failed);
			run = 0;
			failed = 0;
		}
		if (i == count)
			break;
		if (!run) {
			domid = gntdev_copy_domid(seg);
			first_ref = gntdev_copy_ref(seg);
		}
		run++;
		failed += seg->status != GNTST_okay;
	}
}

static int gntdev_copy_read_native(struct gntdev_grant_copy_segment *seg,
				   const struct gntdev_grant_copy_segment __user *useg,
				   unsigned int n)
{
	return copy_from_user(seg, useg, array_size(n, sizeof(*seg))) ?
	       -EFAULT : 0;
}

/*
 * The copy itself, for native and 32-bit callers: @read fetches segments
 * of @segs in the caller's layout (compat.c has the 32-bit one).
 */
long gntdev_grant_copy(struct gntdev_file *file,
		       struct gntdev_grant_copy_segment __user *segs,
		       unsigned int count, gntdev_copy_read_fn read)
{
	/* Small enough for the stack: one allocation less per request. */
	struct gntdev_copy_reader reader = {
		.segs = segs,
		.count = count,
		.read = read,
	}, *in = &reader;
	const struct gntdev_grant_copy_segment *seg;
	struct gntdev_copy_batch *batch;
	unsigned int i;
	int err;

	err = gntdev_copy_check(file, in);
	if (err)
		return err;

	/* Filled as it is used: nothing to clear. */
	batch = kmalloc(sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	batch->nr = 0;
	for (i = 0; i < count && !err; i++) {
		seg = gntdev_copy_seg(in, i);
		if (!seg)
			err = -EFAULT;
		else if (!gntdev_copy_segment_valid(seg))
			err = -EINVAL;	/* changed under us since the check */
		else if (!gntdev_copy_segment_reaches(file, seg))
			err = -EPERM;	/* likewise: never past the restriction */
		else
			err = gntdev_copy_segment(batch, seg, &segs[i].status);
		cond_resched();
	}
	if (err)
		gntdev_copy_unpin(batch);
	else
		err = gntdev_copy_flush(batch);
	kfree(batch);
	if (!err)
		gntdev_copy_account(file, in);
	return err;
}

long gntdev_ioctl_grant_copy(struct gntdev_file *file,
			     struct ioctl_gntdev_grant_copy __user *arg)
{
	struct ioctl_gntdev_grant_copy copy;

	if (copy_from_user(&copy, arg, sizeof(copy)))
		return -EFAULT;
	return gntdev_grant_copy(file, copy.segments, copy.count,
				 gntdev_copy_read_native);
}
