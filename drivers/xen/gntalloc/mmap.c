// SPDX-License-Identifier: GPL-2.0
/*
 * mmap of granted pages. A mapping takes one user of each gref it covers at
 * mmap time and keeps them, through splits (partial munmap, mprotect),
 * moves (mremap) and fork copies, until the last VMA sharing it is closed.
 * The pages are inserted at mmap, because a fault per page is a trip
 * through Xen on PV; the fault handler supplies any page zapped later
 * (madvise) or not inserted, so a forked child maps the same pages too.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "gntalloc.h"

struct gntalloc_mapping {
	refcount_t users;	/* one per VMA sharing the mapping */
	struct gntalloc_file *file;	/* held by each VMA */
	u64 first_pgoff;	/* file page offset of grefs[0] */
	unsigned long count;
	/*
	 * Apart, so that a power-of-two count fills its allocation exactly:
	 * the only cost per page a mapping adds to the page tables.
	 */
	struct gntalloc_gref **grefs;
};

static void gntalloc_mapping_free(struct gntalloc_mapping *map)
{
	kvfree(map->grefs);
	kfree(map);
}

static void gntalloc_vm_open(struct vm_area_struct *vma)
{
	struct gntalloc_mapping *map = vma->vm_private_data;

	refcount_inc(&map->users);
}

static void gntalloc_vm_close(struct vm_area_struct *vma)
{
	struct gntalloc_mapping *map = vma->vm_private_data;
	struct gntalloc_release release = { .file = map->file };
	unsigned long i;

	if (!refcount_dec_and_test(&map->users))
		return;
	for (i = 0; i < map->count; i++)
		gntalloc_gref_put(map->grefs[i], &release);
	gntalloc_release_done(&release);
	gntalloc_mapping_free(map);
}

static vm_fault_t gntalloc_vm_fault(struct vm_fault *vmf)
{
	struct gntalloc_mapping *map = vmf->vma->vm_private_data;
	u64 index = vmf->pgoff - map->first_pgoff;

	if (vmf->pgoff < map->first_pgoff || index >= map->count)
		return VM_FAULT_SIGBUS;
	vmf->page = map->grefs[index]->page;
	get_page(vmf->page);
	return 0;
}

/* How many pages gntalloc_populate() inserts at a time, from the stack. */
#define GNTALLOC_INSERT_BATCH 32

/*
 * Best effort: whatever could not be inserted (no memory for page tables)
 * is left to the fault handler, so this never fails the mmap.
 */
static void gntalloc_populate(struct vm_area_struct *vma,
			      struct gntalloc_mapping *map)
{
	struct page *pages[GNTALLOC_INSERT_BATCH];
	unsigned long done, i, n, left;

	for (done = 0; done < map->count; done += n) {
		n = min_t(unsigned long, map->count - done,
			  GNTALLOC_INSERT_BATCH);
		for (i = 0; i < n; i++)
			pages[i] = map->grefs[done + i]->page;
		left = n;
		if (vm_insert_pages(vma, vma->vm_start + done * PAGE_SIZE,
				    pages, &left))
			return;
	}
}

static const struct vm_operations_struct gntalloc_vm_ops = {
	.open = gntalloc_vm_open,
	.close = gntalloc_vm_close,
	.fault = gntalloc_vm_fault,
};

/*
 * Makes @vma a mapping of the listed grefs at consecutive page offsets
 * starting at the VMA's offset, one per page of the VMA: one allocation, a
 * page-aligned part of one, or a run across allocations.
 */
static int gntalloc_mmap_grefs(struct file *filp, struct vm_area_struct *vma)
{
	struct gntalloc_file *file = filp->private_data;
	unsigned long count = vma_pages(vma);
	struct gntalloc_mapping *map;
	struct gntalloc_gref *gref;
	unsigned long i;

	/* A private copy would not be what the peer sees. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* No run is longer than what the file holds; bounds the allocation. */
	if (count > gntalloc_file_grefs(file))
		return -ENOENT;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map->grefs = kvmalloc_array(count, sizeof(*map->grefs), GFP_KERNEL);
	if (!map->grefs) {
		kfree(map);
		return -ENOMEM;
	}

	mutex_lock(&file->lock);
	gref = gntalloc_find_run(file, vma->vm_pgoff, count);
	for (i = 0; gref && i < count; i++) {
		refcount_inc(&gref->users);
		map->grefs[i] = gref;
		gref = list_next_entry(gref, node);
	}
	mutex_unlock(&file->lock);
	if (i < count) {
		gntalloc_mapping_free(map);
		return -ENOENT;
	}

	refcount_set(&map->users, 1);
	map->file = file;
	map->first_pgoff = vma->vm_pgoff;
	map->count = count;
	vma->vm_private_data = map;
	vma->vm_ops = &gntalloc_vm_ops;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	return 0;
}

int gntalloc_mmap(struct file *filp, struct vm_area_struct *vma)
{
	int err = gntalloc_mmap_grefs(filp, vma);

	if (!err)
		gntalloc_populate(vma, vma->vm_private_data);
	return err;
}
