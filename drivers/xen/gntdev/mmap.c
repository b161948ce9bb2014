// SPDX-License-Identifier: GPL-2.0
/*
 * mmap of a grant map, and the VMA and MMU-notifier callbacks that keep the
 * grant mappings in step with the user's page tables.
 *
 * PV: Xen writes the user PTEs itself (GNTMAP_contains_pte), so the
 * mappings must be ended through Xen before Linux zaps those PTEs; the
 * interval notifier does that for exactly the range being invalidated.
 * Auto-translated: the grants sit on the backing pages' frames, and the
 * pages are inserted as ordinary PTEs; nothing is needed until release.
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/slab.h>
#include <asm/xen/page.h>

#include "gntdev.h"

static void gntdev_vma_open(struct vm_area_struct *vma)
{
	struct gntdev_map *map = vma->vm_private_data;

	gntdev_map_get(map);
	/*
	 * A split or forked copy. On PV a fork must never copy grant PTEs
	 * (only Xen may write them), even if VM_DONTCOPY and VM_WIPEONFORK
	 * were cleared with madvise(): the child then sees an empty range.
	 */
	if (gntdev_pv)
		vma->vm_flags |= VM_WIPEONFORK;
}

static void gntdev_vma_close(struct vm_area_struct *vma)
{
	gntdev_map_put(vma->vm_private_data);
}

/*
 * PV grant PTEs are special: this lets get_user_pages() find the page. Its
 * user may touch it through its kernel address, so the page gets its kernel
 * mapping first; if Xen refuses that, get_user_pages() fails (EFAULT).
 */
static struct page *gntdev_vma_find_special_page(struct vm_area_struct *vma,
						 unsigned long addr)
{
	struct gntdev_map *map = vma->vm_private_data;
	unsigned long i = (addr - map->vm_start) >> PAGE_SHIFT;

	if (addr < map->vm_start || i >= map->count ||
	    !gntdev_map_backing_page(map, i))
		return NULL;
	return map->pages[i];
}

static const struct vm_operations_struct gntdev_vm_ops = {
	.open = gntdev_vma_open,
	.close = gntdev_vma_close,
	.find_special_page = gntdev_vma_find_special_page,
};

bool gntdev_is_vma(struct vm_area_struct *vma)
{
	return vma->vm_ops == &gntdev_vm_ops;
}

/*
 * The pages of a mapping of @count pages at @start that the address range
 * [@rstart, @rend) touches, as @first and @n. False if it touches none.
 */
static bool gntdev_range_pages(unsigned long start, unsigned int count,
			       unsigned long rstart, unsigned long rend,
			       unsigned int *first, unsigned int *n)
{
	unsigned long end = start + ((unsigned long)count << PAGE_SHIFT);
	unsigned long from = max(rstart, start), to = min(rend, end);

	if (from >= to)
		return false;
	*first = (from - start) >> PAGE_SHIFT;
	*n = ((to - 1 - start) >> PAGE_SHIFT) - *first + 1;
	return true;
}

/* PV: the PTEs of the range are about to change; end their grants first. */
static bool gntdev_invalidate(struct mmu_interval_notifier *mn,
			      const struct mmu_notifier_range *range,
			      unsigned long cur_seq)
{
	struct gntdev_map *map = container_of(mn, struct gntdev_map, notifier);
	unsigned int first, n;

	if (!gntdev_range_pages(map->vm_start, map->count, range->start,
				range->end, &first, &n))
		return true;
	if (!mmu_notifier_range_blockable(range))
		return false;

	mutex_lock(&map->lock);
	mmu_interval_set_seq(mn, cur_seq);
	gntdev_notify_clear_byte(map, first, n);
	gntdev_unmap_user_range(map, first, n);
	mutex_unlock(&map->lock);
	return true;
}

static const struct mmu_interval_notifier_ops gntdev_mn_ops = {
	.invalidate = gntdev_invalidate,
};

struct gntdev_pte_walk {
	unsigned long start;
	u64 *maddrs;
};

static int gntdev_record_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct gntdev_pte_walk *walk = data;

	walk->maddrs[(addr - walk->start) >> PAGE_SHIFT] =
		arbitrary_virt_to_machine(pte).maddr;
	return 0;
}

static int gntdev_mmap_pv(struct gntdev_map *map, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	struct gntdev_pte_walk walk = { .start = vma->vm_start };
	int err;

	walk.maddrs = kvcalloc(map->count, sizeof(*walk.maddrs), GFP_KERNEL);
	if (!walk.maddrs)
		return -ENOMEM;

	err = mmu_interval_notifier_insert_locked(&map->notifier, vma->vm_mm,
						  vma->vm_start, len,
						  &gntdev_mn_ops);
	if (err)
		goto out;
	map->notifier_live = true;

	/* Allocates the page tables; Xen then fills the PTEs. */
	err = apply_to_page_range(vma->vm_mm, vma->vm_start, len,
				  gntdev_record_pte, &walk);
	if (!err)
		err = gntdev_map_grants(map, walk.maddrs);
out:
	kvfree(walk.maddrs);
	return err;
}

static int gntdev_mmap_auto(struct gntdev_map *map, struct vm_area_struct *vma)
{
	int err = gntdev_map_grants(map, NULL);

	if (err)
		return err;
	return vm_map_pages_zero(vma, map->pages, map->count);
}

/* Claims @map for its one mmap; -EINVAL if that cannot be. */
static int gntdev_claim(struct gntdev_map *map, struct vm_area_struct *vma)
{
	bool readonly = !(vma->vm_flags & VM_WRITE);
	int err = 0;

	mutex_lock(&map->lock);
	/* A read-only mapping could not clear a requested byte. */
	if (map->mmapped ||
	    (readonly && (map->notify.action & UNMAP_NOTIFY_CLEAR_BYTE))) {
		err = -EINVAL;
	} else {
		map->mmapped = true;
		map->readonly = readonly;
		map->vm_start = vma->vm_start;
	}
	mutex_unlock(&map->lock);
	return err;
}

int gntdev_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct gntdev_file *file = filp->private_data;
	struct gntdev_map *map;
	int err;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	mutex_lock(&file->lock);
	map = gntdev_map_find(file, vma->vm_pgoff, 0);
	if (map && map->count == vma_pages(vma))
		gntdev_map_get(map);
	else
		map = NULL;
	mutex_unlock(&file->lock);
	if (!map)
		return -EINVAL;

	/* From here the VMA holds this reference. */
	err = gntdev_claim(map, vma);
	if (err)
		goto put;

	vma->vm_ops = &gntdev_vm_ops;
	vma->vm_private_data = map;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP;
	if (map->readonly)
		vma->vm_flags &= ~VM_MAYWRITE;
	if (gntdev_pv)
		vma->vm_flags |= VM_DONTCOPY | VM_WIPEONFORK;

	err = gntdev_pv ? gntdev_mmap_pv(map, vma) : gntdev_mmap_auto(map, vma);
	if (!err)
		return 0;
put:
	/* A failed mmap never calls ->close(). */
	gntdev_map_put(map);
	return err;
}
