// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntalloc: share pages of this domain with another domain.
 *
 * User-space usage (see Documentation/userspace-api/gntalloc.rst):
 *
 *	fd = open("/dev/xen/gntalloc", O_RDWR);
 *	struct ioctl_gntalloc_alloc_gref op = { .domid = peer,
 *		.flags = GNTALLOC_FLAG_WRITABLE, .count = 1 };
 *	ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &op);	// op.gref_ids[0] to peer
 *	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
 *
 * Lifetimes. Who holds what, and who frees it:
 *
 * - A gref is one zeroed page plus the grant of it to the peer. Its users
 *   count: +1 while it is on its file's list (from ALLOC_GREF until
 *   DEALLOC_GREF or close) and +1 per mapping that covers it. ALLOC_GREF
 *   writes the references out before it lists the grefs, and touches them
 *   no more once listed: another thread may free them from then on.
 * - A mapping is created by mmap and shared by every VMA derived from it:
 *   the pieces of a partial munmap or mprotect, an mremap'ed copy and the
 *   copies a fork makes (the child inherits the mapping and sees the same
 *   pages). It holds its grefs until the last of those VMAs is closed
 *   (munmap, exec, exit, SIGKILL), so pages stay valid after DEALLOC_GREF
 *   and after close() until munmap. Each VMA also holds the file, so the
 *   file is released only after its last mapping is gone.
 * - When a gref's last user goes, its unmap notification runs (clear byte,
 *   then event) and the grant is ended. If the peer has no mapping of the
 *   page, the gref and the page are freed by the end of the call that
 *   dropped that user (close, DEALLOC_GREF, munmap), in batches; if it
 *   has, gnttab_end_foreign_access() takes over the page and the
 *   grant-table core frees it once the peer has unmapped it (or died). No
 *   page the peer can still read is ever reused. The gref stops counting
 *   against the limits by the end of that same call.
 * - The gref holds the page's own reference. User page tables get the page
 *   from the fault handler, each entry with a reference of its own, and
 *   only through a mapping, which holds the gref.
 * - SET_UNMAP_NOTIFY with an event takes a reference on the event channel,
 *   held by the gref until the event is sent or the request is replaced.
 * - Closing the file (the last reference to it) drops the list's user of
 *   every listed gref; no mapping exists any more by then.
 * - A failed ioctl or mmap leaves everything as it was: nothing is granted,
 *   listed, counted or mapped by it.
 *
 * - Each open file has a counted record of its restriction and counters
 *   (../shared/audit.h); the file holds it, and its grefs use it until they
 *   are released, which is before the file is.
 *
 * Locking: each file has its own mutex for its list; the limits are atomic
 * counters, so unrelated files never wait for each other. mmap takes the
 * file's mutex under mmap_lock; no user memory is touched under the mutex.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/seq_file.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <xen/gntalloc.h>
#include <xen/interface/xen.h>

#include "gntalloc.h"
#define CREATE_TRACE_POINTS
#include "trace.h"

unsigned int gntalloc_limit = 1024;
module_param_named(limit, gntalloc_limit, uint, 0644);
MODULE_PARM_DESC(limit, "Maximum number of granted pages, all files together");

unsigned int gntalloc_file_limit = 1024;
module_param_named(file_limit, gntalloc_file_limit, uint, 0644);
MODULE_PARM_DESC(file_limit, "Maximum number of granted pages per open file");

static const char * const gntalloc_counter_names[GNTALLOC_NR_COUNTERS] = {
	[GNTALLOC_GRANTED] = "granted",
	[GNTALLOC_GRANTS] = "grants",
	[GNTALLOC_GRANT_FAILURES] = "grant_failures",
	[GNTALLOC_UNGRANTS] = "ungrants",
	[GNTALLOC_NOTIFIES] = "notifies",
	[GNTALLOC_REFUSED] = "refused",
	[GNTALLOC_DENIED] = "denied",
};

static const struct gnttab_audit_desc gntalloc_audit_desc = {
	.name = "gntalloc",
	.counters = gntalloc_counter_names,
	.nr = GNTALLOC_NR_COUNTERS,
};

struct gnttab_audit gntalloc_audit;

static struct gnttab_audit_param granted_param = {
	.audit = &gntalloc_audit,
	.counter = GNTALLOC_GRANTED,
};
module_param_cb(granted, &gnttab_audit_param_ops, &granted_param, 0444);
MODULE_PARM_DESC(granted, "Pages granted now, all files together (read-only)");

static int gntalloc_open(struct inode *inode, struct file *filp)
{
	struct gntalloc_file *file;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	file->af = gnttab_audit_open(&gntalloc_audit);
	if (!file->af) {
		kfree(file);
		return -ENOMEM;
	}
	mutex_init(&file->lock);
	INIT_LIST_HEAD(&file->grefs);
	filp->private_data = file;
	return 0;
}

/*
 * Drops a user of each gref on @grefs, a list of the caller's that is not
 * used again: a gref off its file's list never uses its node.
 */
static void gntalloc_put_list(struct gntalloc_file *file,
			      struct list_head *grefs)
{
	struct gntalloc_release release = { .file = file };
	struct gntalloc_gref *gref, *next;

	list_for_each_entry_safe(gref, next, grefs, node)
		gntalloc_gref_put(gref, &release);
	gntalloc_release_done(&release);
}

static int gntalloc_release(struct inode *inode, struct file *filp)
{
	struct gntalloc_file *file = filp->private_data;

	/* No ioctl or mapping can exist any more: the list is ours alone. */
	gntalloc_put_list(file, &file->grefs);
	gnttab_audit_release(file->af);
	mutex_destroy(&file->lock);
	kfree(file);
	return 0;
}

static void gntalloc_show_fdinfo(struct seq_file *m, struct file *filp)
{
	struct gntalloc_file *file = filp->private_data;

	gnttab_audit_show_fdinfo(m, file->af);
}

/*
 * Lists the new @grefs (@count of them, granted to @domid) at the file's
 * next offsets. -EPERM if the file was restricted to another domain
 * meanwhile: checked under the lock RESTRICT takes, so that it sees every
 * listed gref. From then on another thread that guesses the index may
 * free them: only their offsets are used after this.
 */
static int gntalloc_publish(struct gntalloc_file *file, domid_t domid,
			    struct list_head *grefs, u32 count, u64 *index)
{
	struct gntalloc_gref *gref;
	u64 pgoff;

	mutex_lock(&file->lock);
	if (!gnttab_audit_allows(file->af, domid)) {
		mutex_unlock(&file->lock);
		return -EPERM;
	}
	/* Offsets are never reused; keep them valid mmap offsets (loff_t). */
	if (file->next_pgoff + count > (u64)LLONG_MAX >> PAGE_SHIFT) {
		mutex_unlock(&file->lock);
		return -ENOSPC;
	}
	*index = file->next_pgoff << PAGE_SHIFT;
	pgoff = file->next_pgoff;
	list_for_each_entry(gref, grefs, node)
		gref->pgoff = pgoff++;
	list_splice_tail_init(grefs, &file->grefs);
	file->next_pgoff = pgoff;
	mutex_unlock(&file->lock);
	return 0;
}

/*
 * Takes back the grefs an ALLOC_GREF listed at @index but could not report:
 * those still listed (another thread may have guessed the index and freed
 * some). Offsets past them were never handed out but by a later request.
 */
static void gntalloc_unpublish(struct gntalloc_file *file, u64 index,
			       u32 count)
{
	u64 first = index >> PAGE_SHIFT, end = first + count;
	struct gntalloc_gref *gref, *next;
	LIST_HEAD(dropped);

	mutex_lock(&file->lock);
	/* Hand the offsets out again unless a later ALLOC_GREF got some. */
	if (file->next_pgoff == end)
		file->next_pgoff = first;
	list_for_each_entry_safe(gref, next, &file->grefs, node) {
		if (gref->pgoff >= end)
			break;
		if (gref->pgoff >= first)
			list_move_tail(&gref->node, &dropped);
	}
	mutex_unlock(&file->lock);
	gntalloc_put_list(file, &dropped);
}

/*
 * Grants before it lists: the references are written out as they are made,
 * so that a fault there leaves nothing listed; only the index is written
 * once listed.
 */
static long gntalloc_ioctl_alloc_gref(struct gntalloc_file *file,
				      struct ioctl_gntalloc_alloc_gref __user *uarg)
{
	struct ioctl_gntalloc_alloc_gref op;
	LIST_HEAD(created);
	u32 first_ref, made;
	long rc;

	if (copy_from_user(&op, uarg,
			   offsetofend(struct ioctl_gntalloc_alloc_gref, count)))
		return -EFAULT;
	if (op.flags & ~GNTALLOC_FLAG_WRITABLE)
		return -EINVAL;
	if (!op.count || op.domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	rc = gnttab_audit_track_domain(&gntalloc_audit, op.domid);
	if (rc)
		return rc;
	if (!gnttab_audit_allows(file->af, op.domid)) {
		gnttab_audit_add(file->af, op.domid, GNTALLOC_DENIED, 1);
		return -EPERM;
	}
	/* Before anything sized by count. */
	rc = gntalloc_reserve(file, op.domid, op.count);
	if (rc) {
		gnttab_audit_add(file->af, op.domid, GNTALLOC_REFUSED, 1);
		trace_gntalloc_grant(op.domid, 0, op.count, rc);
		return rc;
	}

	rc = gntalloc_grefs_create(file, op.domid,
				   op.flags & GNTALLOC_FLAG_WRITABLE, op.count,
				   &created, uarg->gref_ids);
	first_ref = list_empty(&created) ? 0 :
		list_first_entry(&created, struct gntalloc_gref, node)->ref;
	if (rc)
		goto undo;
	rc = gntalloc_publish(file, op.domid, &created, op.count, &op.index);
	if (rc) {
		gnttab_audit_add(file->af, op.domid, GNTALLOC_DENIED, 1);
		goto undo;
	}
	if (put_user(op.index, &uarg->index)) {
		gntalloc_unpublish(file, op.index, op.count);
		rc = -EFAULT;
	}
	trace_gntalloc_grant(op.domid, first_ref, op.count, rc);
	return rc;

undo:
	trace_gntalloc_grant(op.domid, first_ref, op.count, rc);
	/* Releasing the grefs made unreserves them; the rest is done here. */
	made = list_count_nodes(&created);
	gntalloc_unreserve(file, op.domid, op.count - made);
	gnttab_audit_add(file->af, op.domid, GNTALLOC_GRANT_FAILURES,
			 op.count - made);
	gntalloc_put_list(file, &created);
	return rc;
}

static long gntalloc_ioctl_dealloc_gref(struct gntalloc_file *file,
					struct ioctl_gntalloc_dealloc_gref __user *uarg)
{
	struct ioctl_gntalloc_dealloc_gref op;
	struct gntalloc_gref *first, *last;
	LIST_HEAD(dropped);
	u32 i;

	if (copy_from_user(&op, uarg,
			   offsetofend(struct ioctl_gntalloc_dealloc_gref, count)))
		return -EFAULT;
	if (!op.count || (op.index & ~PAGE_MASK))
		return -EINVAL;

	mutex_lock(&file->lock);
	first = gntalloc_find_run(file, op.index >> PAGE_SHIFT, op.count);
	if (first) {
		last = first;
		for (i = 1; i < op.count; i++)
			last = list_next_entry(last, node);
		list_bulk_move_tail(&dropped, &first->node, &last->node);
	}
	mutex_unlock(&file->lock);
	if (!first)
		return -EINVAL;

	/* Mapped pages keep their mapping's users until munmap. */
	gntalloc_put_list(file, &dropped);
	return 0;
}

/* Whether the file lists a gref granted to a domain other than @domid. */
static bool gntalloc_holds_other(struct gntalloc_file *file, u32 domid)
{
	struct gntalloc_gref *gref;

	lockdep_assert_held(&file->lock);
	list_for_each_entry(gref, &file->grefs, node) {
		if (gref->domid != domid)
			return true;
	}
	return false;
}

static long gntalloc_ioctl_restrict(struct gntalloc_file *file,
				    struct ioctl_gntalloc_restrict __user *uarg)
{
	struct ioctl_gntalloc_restrict op;
	long rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	/* Under the lock that gntalloc_publish() checks the restriction in. */
	mutex_lock(&file->lock);
	rc = gnttab_audit_restrict(file->af, op.domid,
				   gntalloc_holds_other(file, op.domid));
	mutex_unlock(&file->lock);
	return rc;
}

long gntalloc_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct gntalloc_file *file = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IOCTL_GNTALLOC_ALLOC_GREF:
		return gntalloc_ioctl_alloc_gref(file, uarg);
	case IOCTL_GNTALLOC_DEALLOC_GREF:
		return gntalloc_ioctl_dealloc_gref(file, uarg);
	case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY:
		return gntalloc_ioctl_set_unmap_notify(file, uarg);
	case IOCTL_GNTALLOC_RESTRICT:
		return gntalloc_ioctl_restrict(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations gntalloc_fops = {
	.owner = THIS_MODULE,
	.open = gntalloc_open,
	.release = gntalloc_release,
	.unlocked_ioctl = gntalloc_ioctl,
	.compat_ioctl = gntalloc_compat_ioctl,
	.mmap = gntalloc_mmap,
	.show_fdinfo = gntalloc_show_fdinfo,
};

static struct miscdevice gntalloc_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/gntalloc",
	.fops = &gntalloc_fops,
};

static int __init gntalloc_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;
	err = gntalloc_gref_cache_init();
	if (err)
		return err;
	err = gnttab_audit_init(&gntalloc_audit, &gntalloc_audit_desc);
	if (err)
		goto destroy_cache;
	err = misc_register(&gntalloc_miscdev);
	if (err)
		goto exit_audit;
	return 0;

exit_audit:
	gnttab_audit_exit(&gntalloc_audit);
destroy_cache:
	gntalloc_gref_cache_exit();
	return err;
}

/* Deferred grants keep our pages, not our grefs: the cache can go. */
static void __exit gntalloc_exit(void)
{
	misc_deregister(&gntalloc_miscdev);
	gnttab_audit_exit(&gntalloc_audit);
	gntalloc_gref_cache_exit();
}

module_init(gntalloc_init);
module_exit(gntalloc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Grant user-space pages to other Xen domains");
