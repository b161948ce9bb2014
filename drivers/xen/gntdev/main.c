// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntdev: map pages that other domains granted to this one into a
 * process, or copy to and from them, with the ioctl ABI of Linux's
 * include/uapi/xen/gntdev.h. User-space usage:
 *
 *	struct ioctl_gntdev_map_grant_ref op = { .count = 1,
 *		.refs[0] = { .domid = peer, .ref = ref } };
 *	ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op);	reserve an offset
 *	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
 *	...						the grants are mapped
 *	munmap(p, 4096);				user mappings end
 *	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF,		offset released
 *	      &(struct ioctl_gntdev_unmap_grant_ref){ .index = op.index });
 *
 * Documentation/userspace-api/gntdev.rst has the details.
 *
 * Lifetime rules
 * --------------
 * A grant map (struct gntdev_map, map.c) is the result of one MAP_GRANT_REF:
 * its grant references, one unpopulated backing page per grant
 * (gnttab_alloc_pages) and the handles of the mappings made. It is counted
 * (kref) and holds one reference for each of:
 *   - the file's list, from MAP_GRANT_REF until UNMAP_GRANT_REF or close();
 *   - each VMA mapping it, split pieces and (auto-translated) forked copies
 *     included, from mmap()/vm_ops->open() until vm_ops->close();
 *   - any code path using it for a moment (ioctl, mmap).
 * A VMA holds its struct file, so release() runs only after the last munmap
 * (or exit); it drops the list references of the maps left.
 *
 * A map is mmap'ed at most once; its grants are mapped by that mmap: on PV
 * into the user PTEs (written by Xen), on auto-translated domains onto the
 * backing pages' frames (the backing mapping). On PV a page gets its backing
 * mapping too, at its kernel address, only when kernel code needs the page
 * itself: get_user_pages() (O_DIRECT, vmsplice...) through
 * find_special_page, or the notify byte; and only while its user mapping is
 * live (map.kmappable). The pages' p2m entries follow the grant: set by the
 * mmap, cleared with the grant's last mapping. Each mapping's handle is
 * recorded; a handle is ended exactly once and then set to
 * INVALID_GRANT_HANDLE, under the map's lock (user) or at retire (backing):
 *   - PV user mappings end when their PTEs are invalidated (munmap, partial
 *     munmap, exit, mremap, madvise...), from the MMU interval notifier,
 *     before Linux zaps the PTEs; never later than that. For a page without
 *     a backing mapping that is the grant's last mapping: it is unmapped.
 *   - The backing mappings end when the last reference goes (retire, in
 *     map.c), once no one else holds the backing pages (e.g. O_DIRECT I/O
 *     still running): retried on a workqueue with a growing delay, and after
 *     about 50 seconds given up with an error in the log. The grant then
 *     stays mapped and its page is never freed: safer than letting the peer
 *     reuse a frame still under I/O. A pending retry holds a module reference.
 *   - A failed mmap ends the user mappings it made at once; the backing ones
 *     (auto-translated) at retire, like any others.
 * Fork: on PV the VMA is not copied (VM_DONTCOPY), and a copy forced with
 * madvise() gets no PTEs (VM_WIPEONFORK, set again in ->open()). On
 * auto-translated domains the child shares the pages and holds a reference.
 * Kill: exit_mm() ends the user mappings, then exit_files() releases the
 * file; the last reference then runs the unmap notification: the byte is
 * cleared while the page is still mapped (PV: already when the user range
 * holding it goes), and the event is sent after the grants are unmapped.
 * The peer dying changes nothing here: its pages stay mapped until we unmap.
 *
 * Accounting (../shared/audit.h): each open file has a counted record of
 * its restriction and counters; the file holds one reference and each of
 * its maps another, so a map retired after close() still counts correctly.
 *
 * Locks: gntdev_file.lock guards the file's list and counters; map.lock
 * guards a map's handles and notify request. Both are taken under mmap_lock
 * (mmap, the notifier, VMA close), so neither is ever held while touching
 * user memory, and the map lock is never held while allocating. map.kmap_lock,
 * a spinlock taken under map.lock and under the page-table lock, guards the
 * backing mappings made on demand and which pages may still get one.
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <xen/features.h>

#include "gntdev.h"
#define CREATE_TRACE_POINTS
#include "trace.h"

static unsigned int limit = 65536;
module_param(limit, uint, 0644);
MODULE_PARM_DESC(limit, "Maximum number of grants in one MAP_GRANT_REF request");

static unsigned int file_limit = 1048576;
module_param(file_limit, uint, 0644);
MODULE_PARM_DESC(file_limit,
		 "Maximum number of grants one open file reserves, until SET_MAX_GRANTS");

static unsigned int global_limit = 1048576;
module_param(global_limit, uint, 0644);
MODULE_PARM_DESC(global_limit,
		 "Maximum number of grants reserved or mapped through all open files");

static const char * const gntdev_counter_names[GNTDEV_NR_COUNTERS] = {
	[GNTDEV_RESERVED] = "reserved",
	[GNTDEV_MAPPED] = "mapped",
	[GNTDEV_MAPS] = "maps",
	[GNTDEV_MAP_FAILURES] = "map_failures",
	[GNTDEV_UNMAPS] = "unmaps",
	[GNTDEV_COPIES] = "copies",
	[GNTDEV_COPY_FAILURES] = "copy_failures",
	[GNTDEV_NOTIFIES] = "notifies",
	[GNTDEV_REFUSED] = "refused",
	[GNTDEV_DENIED] = "denied",
};

static const struct gnttab_audit_desc gntdev_audit_desc = {
	.name = "gntdev",
	.counters = gntdev_counter_names,
	.nr = GNTDEV_NR_COUNTERS,
};

struct gnttab_audit gntdev_audit;
atomic64_t gntdev_hypercalls[GNTDEV_NR_HC];

static struct gnttab_audit_param reserved_param = {
	.audit = &gntdev_audit,
	.counter = GNTDEV_RESERVED,
};
module_param_cb(reserved, &gnttab_audit_param_ops, &reserved_param, 0444);
MODULE_PARM_DESC(reserved, "Grants in MAP_GRANT_REF reservations now (read-only)");

static struct gnttab_audit_param mapped_param = {
	.audit = &gntdev_audit,
	.counter = GNTDEV_MAPPED,
};
module_param_cb(mapped, &gnttab_audit_param_ops, &mapped_param, 0444);
MODULE_PARM_DESC(mapped, "Grants mapped now (read-only)");

/* PV (not auto-translated): Xen writes the user PTEs. */
bool gntdev_pv;
/* Deferred unmaps of backing pages that are still in use. */
struct workqueue_struct *gntdev_wq;

/*
 * Checks the grants of a MAP_GRANT_REF request before anything is
 * reserved: real domains only (EINVAL), only the one a restricted file may
 * reach (EPERM), and a row in the accounting for each (ENOMEM).
 */
static int gntdev_check_grants(struct gntdev_file *file,
			       const struct ioctl_gntdev_grant_ref *grants,
			       unsigned int count)
{
	unsigned int i;
	int err;

	/* The hypercall takes a 16-bit domid; reserved ids cannot grant. */
	for (i = 0; i < count; i++) {
		if (grants[i].domid >= DOMID_FIRST_RESERVED)
			return -EINVAL;
	}
	for (i = 0; i < count; i++) {
		if (i && grants[i].domid == grants[i - 1].domid)
			continue;
		err = gnttab_audit_track_domain(&gntdev_audit, grants[i].domid);
		if (err)
			return err;
		if (!gnttab_audit_allows(file->af, grants[i].domid)) {
			gnttab_audit_add(file->af, grants[i].domid,
					 GNTDEV_DENIED, 1);
			return -EPERM;
		}
	}
	return 0;
}

static long gntdev_ioctl_map_grant_ref(struct gntdev_file *file,
				       struct ioctl_gntdev_map_grant_ref __user *arg)
{
	struct ioctl_gntdev_map_grant_ref op;
	struct ioctl_gntdev_grant_ref *grants;
	struct gntdev_map *map;
	bool listed;
	u16 domid;
	int err;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!op.count || op.count > min_t(unsigned int, READ_ONCE(limit), INT_MAX))
		return -EINVAL;

	grants = kvmalloc_array(op.count, sizeof(*grants), GFP_KERNEL);
	if (!grants)
		return -ENOMEM;
	if (copy_from_user(grants, arg->refs, array_size(op.count, sizeof(*grants)))) {
		kvfree(grants);
		return -EFAULT;
	}
	err = gntdev_check_grants(file, grants, op.count);
	if (err) {
		kvfree(grants);
		return err;
	}

	/* Refusals count for the first grant's domain. */
	domid = grants[0].domid;
	map = gntdev_map_alloc(grants, op.count, READ_ONCE(global_limit), file->af);
	if (IS_ERR(map)) {
		if (PTR_ERR(map) == -ENOSPC)
			gnttab_audit_add(file->af, domid, GNTDEV_REFUSED, 1);
		return PTR_ERR(map);
	}

	err = gntdev_map_add(file, map);
	if (err) {
		gnttab_audit_add(file->af, domid,
				 err == -EPERM ? GNTDEV_DENIED : GNTDEV_REFUSED, 1);
		goto put;
	}

	/* Written back without a lock: a fault here may take mmap_lock. */
	op.index = map->index << PAGE_SHIFT;
	if (copy_to_user(arg, &op, sizeof(op))) {
		mutex_lock(&file->lock);
		listed = map->on_list;
		if (listed)
			gntdev_map_del(file, map);
		mutex_unlock(&file->lock);
		if (listed)
			gntdev_map_put(map);
		err = -EFAULT;
	}
put:
	gntdev_map_put(map);
	return err;
}

static long gntdev_ioctl_unmap_grant_ref(struct gntdev_file *file,
					 struct ioctl_gntdev_unmap_grant_ref __user *arg)
{
	struct ioctl_gntdev_unmap_grant_ref op;
	struct gntdev_map *map;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;

	mutex_lock(&file->lock);
	map = gntdev_map_find(file, op.index >> PAGE_SHIFT, op.count);
	if (map)
		gntdev_map_del(file, map);
	mutex_unlock(&file->lock);
	if (!map)
		return -ENOENT;
	/* Grants still mmap'ed stay mapped until their last munmap. */
	gntdev_map_put(map);
	return 0;
}

static long gntdev_ioctl_get_offset_for_vaddr(struct file *filp,
					      struct ioctl_gntdev_get_offset_for_vaddr __user *arg)
{
	struct ioctl_gntdev_get_offset_for_vaddr op;
	struct vm_area_struct *vma;
	struct gntdev_map *map;
	long err = -EINVAL;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, op.vaddr);
	if (vma && gntdev_is_vma(vma) && vma->vm_file == filp) {
		map = vma->vm_private_data;
		op.offset = map->index << PAGE_SHIFT;
		op.count = map->count;
		err = 0;
	}
	mmap_read_unlock(current->mm);

	if (!err && copy_to_user(arg, &op, sizeof(op)))
		err = -EFAULT;
	return err;
}

static long gntdev_ioctl_set_max_grants(struct gntdev_file *file,
					struct ioctl_gntdev_set_max_grants __user *arg)
{
	struct ioctl_gntdev_set_max_grants op;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	/* Applies to later requests; what is reserved stays. */
	mutex_lock(&file->lock);
	file->max_grants = op.count;
	mutex_unlock(&file->lock);
	return 0;
}

static long gntdev_ioctl_restrict(struct gntdev_file *file,
				  struct ioctl_gntdev_restrict __user *arg)
{
	struct ioctl_gntdev_restrict op;
	int err;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	/* Under the lock that gntdev_map_add() checks the restriction in. */
	mutex_lock(&file->lock);
	err = gnttab_audit_restrict(file->af, op.domid,
				    gntdev_file_holds_other(file, op.domid));
	mutex_unlock(&file->lock);
	return err;
}

long gntdev_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct gntdev_file *file = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IOCTL_GNTDEV_MAP_GRANT_REF:
		return gntdev_ioctl_map_grant_ref(file, uarg);
	case IOCTL_GNTDEV_UNMAP_GRANT_REF:
		return gntdev_ioctl_unmap_grant_ref(file, uarg);
	case IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR:
		return gntdev_ioctl_get_offset_for_vaddr(filp, uarg);
	case IOCTL_GNTDEV_SET_MAX_GRANTS:
		return gntdev_ioctl_set_max_grants(file, uarg);
	case IOCTL_GNTDEV_SET_UNMAP_NOTIFY:
		return gntdev_ioctl_set_unmap_notify(file, uarg);
	case IOCTL_GNTDEV_GRANT_COPY:
		return gntdev_ioctl_grant_copy(file, uarg);
	case IOCTL_GNTDEV_RESTRICT:
		return gntdev_ioctl_restrict(file, uarg);
	default:
		/* Including the dma-buf ioctls, as on Debian's kernels. */
		return -ENOTTY;
	}
}

static int gntdev_open(struct inode *inode, struct file *filp)
{
	struct gntdev_file *file = kzalloc(sizeof(*file), GFP_KERNEL);

	if (!file)
		return -ENOMEM;
	file->af = gnttab_audit_open(&gntdev_audit);
	if (!file->af) {
		kfree(file);
		return -ENOMEM;
	}
	mutex_init(&file->lock);
	INIT_LIST_HEAD(&file->maps);
	file->max_grants = READ_ONCE(file_limit);
	filp->private_data = file;
	return 0;
}

static int gntdev_release(struct inode *inode, struct file *filp)
{
	struct gntdev_file *file = filp->private_data;
	struct gntdev_map *map, *tmp;
	LIST_HEAD(maps);

	mutex_lock(&file->lock);
	list_for_each_entry_safe(map, tmp, &file->maps, next) {
		gntdev_map_del(file, map);
		list_add_tail(&map->next, &maps);
	}
	mutex_unlock(&file->lock);

	list_for_each_entry_safe(map, tmp, &maps, next) {
		list_del(&map->next);
		gntdev_map_put(map);
	}
	gnttab_audit_release(file->af);
	kfree(file);
	return 0;
}

static void gntdev_show_fdinfo(struct seq_file *m, struct file *filp)
{
	struct gntdev_file *file = filp->private_data;

	gnttab_audit_show_fdinfo(m, file->af);
}

static int gntdev_hypercalls_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "map %lld\nunmap %lld\ncopy %lld\n",
		   atomic64_read(&gntdev_hypercalls[GNTDEV_HC_MAP]),
		   atomic64_read(&gntdev_hypercalls[GNTDEV_HC_UNMAP]),
		   atomic64_read(&gntdev_hypercalls[GNTDEV_HC_COPY]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gntdev_hypercalls);

static const struct file_operations gntdev_fops = {
	.owner = THIS_MODULE,
	.open = gntdev_open,
	.release = gntdev_release,
	.mmap = gntdev_mmap,
	.unlocked_ioctl = gntdev_ioctl,
	.compat_ioctl = gntdev_compat_ioctl,
	.show_fdinfo = gntdev_show_fdinfo,
};

static struct miscdevice gntdev_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/gntdev",
	.fops = &gntdev_fops,
};

static int __init gntdev_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;
	gntdev_pv = !xen_feature(XENFEAT_auto_translated_physmap);

	err = gnttab_audit_init(&gntdev_audit, &gntdev_audit_desc);
	if (err)
		return err;
	debugfs_create_file("hypercalls", 0400, gntdev_audit.debugfs, NULL,
			    &gntdev_hypercalls_fops);
	gntdev_wq = alloc_workqueue("gntdev_unmap", 0, 0);
	if (!gntdev_wq) {
		err = -ENOMEM;
		goto audit;
	}
	err = misc_register(&gntdev_miscdev);
	if (err)
		goto wq;
	return 0;

wq:
	destroy_workqueue(gntdev_wq);
audit:
	gnttab_audit_exit(&gntdev_audit);
	return err;
}

static void __exit gntdev_exit(void)
{
	misc_deregister(&gntdev_miscdev);
	/* Waits for a retire that dropped the module reference last. */
	destroy_workqueue(gntdev_wq);
	gnttab_audit_exit(&gntdev_audit);
}

module_init(gntdev_init);
module_exit(gntdev_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map grants of other Xen domains into user space");
