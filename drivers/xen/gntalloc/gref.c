// SPDX-License-Identifier: GPL-2.0
/*
 * A gref: one zeroed page granted to a peer domain, and the accounting
 * against the global, per-file and per-domain limits. A gref is counted
 * (GNTALLOC_GRANTED) from gntalloc_reserve() until its last local user
 * goes; then the grant is ended and the page freed, or, if the peer still
 * maps it, handed to the grant-table core, which frees it once unmapped.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/interface/grant_table.h>
#include <xen/page.h>

#include "gntalloc.h"
#include "trace.h"

/*
 * How many pages gntalloc_grefs_create() allocates, grants and reports at
 * a time, with one call to the page allocator, one to the grant table and
 * one copy to user space; its arrays live on the stack.
 */
#define GNTALLOC_BATCH 32

/* What a page costs us at rest; Linux's gntalloc spends 64 bytes. */
static_assert(sizeof(struct gntalloc_gref) == 48);

static struct kmem_cache *gntalloc_gref_cache;

int gntalloc_gref_cache_init(void)
{
	gntalloc_gref_cache = KMEM_CACHE(gntalloc_gref, 0);
	return gntalloc_gref_cache ? 0 : -ENOMEM;
}

void gntalloc_gref_cache_exit(void)
{
	kmem_cache_destroy(gntalloc_gref_cache);
}

/*
 * The most grant references this domain's table can ever hold. No request
 * larger than that can succeed, whatever the limits say, and refusing it
 * early keeps every array sized by a count small. Asking Xen costs two
 * hypercalls and the answer never changes, so it is asked once.
 */
static unsigned int gntalloc_table_size(void)
{
	static unsigned int size;

	if (!READ_ONCE(size))
		WRITE_ONCE(size, gnttab_max_grant_frames() *
			   (XEN_PAGE_SIZE / sizeof(struct grant_entry_v1)));
	return READ_ONCE(size);
}

/*
 * Accounts @count new grefs of @file for @domid (tracked before), or
 * returns -ENOSPC and changes nothing.
 */
int gntalloc_reserve(struct gntalloc_file *file, domid_t domid,
		     unsigned int count)
{
	struct gnttab_audit_caps caps = {
		.total = READ_ONCE(gntalloc_limit),
		.file = READ_ONCE(gntalloc_file_limit),
		.domain = gntalloc_domain_cap(domid),
	};

	if (count > gntalloc_table_size())
		return -ENOSPC;
	return gnttab_audit_reserve(file->af, domid, GNTALLOC_GRANTED, count,
				    &caps);
}

void gntalloc_unreserve(struct gntalloc_file *file, domid_t domid,
			unsigned int count)
{
	gnttab_audit_add(file->af, domid, GNTALLOC_GRANTED, -(s64)count);
}

/*
 * Grants @n zeroed pages to @domid as new grefs at the tail of @created,
 * each with one user (the file list's, once listed), their references in
 * @ids. Returns how many it made, or an errno if it made none.
 */
static int gntalloc_grant_batch(domid_t domid, bool writable, u32 n,
				struct list_head *created, u32 *ids)
{
	struct page *pages[GNTALLOC_BATCH] = {};
	struct gntalloc_gref *gref;
	grant_ref_t head;
	u32 i = 0;
	int err = -ENOSPC;

	/* Fills as many as it can without waiting; at least one if any. */
	n = alloc_pages_bulk_array(GFP_KERNEL | __GFP_ZERO, n, pages);
	if (!n)
		return -ENOMEM;
	if (gnttab_alloc_grant_references(n, &head))
		goto free_pages;
	for (; i < n; i++) {
		gref = kmem_cache_alloc(gntalloc_gref_cache, GFP_KERNEL);
		if (!gref)
			break;
		gref->ref = gnttab_claim_grant_reference(&head);
		gref->page = pages[i];
		gref->domid = domid;
		gref->pgoff = 0;
		gref->notify = (struct gntalloc_notify){};
		refcount_set(&gref->users, 1);
		gnttab_grant_foreign_access_ref(gref->ref, domid,
						xen_page_to_gfn(gref->page),
						!writable);
		list_add_tail(&gref->node, created);
		ids[i] = gref->ref;
	}
	if (i == n)
		return n;
	/* The references left were never granted: nobody can see them. */
	gnttab_free_grant_references(head);
	err = -ENOMEM;
free_pages:
	while (n > i)
		__free_page(pages[--n]);
	return i ? i : err;
}

/*
 * Allocates @count zeroed pages of @file, grants them to @domid and writes
 * their references to @ids, as new grefs at the tail of @created, in
 * order, not listed yet. The caller has reserved them. On an error, the
 * grefs made so far are on @created, for the caller to release.
 */
int gntalloc_grefs_create(struct gntalloc_file *file, domid_t domid,
			  bool writable, u32 count, struct list_head *created,
			  u32 __user *ids)
{
	u32 batch_ids[GNTALLOC_BATCH];
	u32 done;
	int n;

	for (done = 0; done < count; done += n) {
		n = gntalloc_grant_batch(domid, writable,
					 min_t(u32, count - done, GNTALLOC_BATCH),
					 created, batch_ids);
		if (n < 0)
			return n;
		gnttab_audit_add(file->af, domid, GNTALLOC_GRANTS, n);
		if (copy_to_user(ids + done, batch_ids, n * sizeof(*batch_ids)))
			return -EFAULT;
	}
	return 0;
}

/* Frees the grefs and pages released since the last call. */
static void gntalloc_release_free(struct gntalloc_release *release)
{
	release_pages(release->pages, release->nr_pages);
	kmem_cache_free_bulk(gntalloc_gref_cache, release->nr_grefs,
			     release->grefs);
	release->nr_pages = 0;
	release->nr_grefs = 0;
}

/*
 * The last local user is gone: run the unmap notification, then end the
 * grant. A page the peer no longer maps is ours again, to free with the
 * batch; one it still maps goes to gnttab_end_foreign_access(), which
 * takes over our page reference and frees the page only once the peer
 * has unmapped it, so the page can never be reused while the peer can
 * still read it.
 */
static void gntalloc_gref_release(struct gntalloc_release *release,
				  struct gntalloc_gref *gref)
{
	if (gref->notify.action)
		gntalloc_notify_fire(release->file, gref);
	if (gnttab_try_end_foreign_access(gref->ref))
		release->pages[release->nr_pages++] = gref->page;
	else
		gnttab_end_foreign_access(gref->ref, gref->page);
	trace_gntalloc_ungrant(gref->domid, gref->ref, 1, 0);
	release->grefs[release->nr_grefs++] = gref;
	if (release->nr_grefs == GNTALLOC_FREE_BATCH)
		gntalloc_release_free(release);
}

/* Accounts and frees the grefs released since the last call. */
void gntalloc_release_done(struct gntalloc_release *release)
{
	struct gntalloc_file *file = release->file;

	gntalloc_release_free(release);
	if (!release->count)
		return;
	gnttab_audit_add(file->af, release->domid, GNTALLOC_UNGRANTS,
			 release->count);
	gntalloc_unreserve(file, release->domid, release->count);
	release->count = 0;
}

/*
 * Drops a user of a gref of @release->file. The caller calls
 * gntalloc_release_done() after its last put.
 */
void gntalloc_gref_put(struct gntalloc_gref *gref,
		       struct gntalloc_release *release)
{
	domid_t domid = gref->domid;

	if (!refcount_dec_and_test(&gref->users))
		return;
	if (release->count && release->domid != domid)
		gntalloc_release_done(release);
	gntalloc_gref_release(release, gref);
	release->domid = domid;
	release->count++;
}

/*
 * Returns the first of the @count (at least one) listed grefs at page
 * offsets @pgoff, @pgoff + 1, ..., or NULL if any of them is missing.
 * The file's lock must be held.
 */
struct gntalloc_gref *gntalloc_find_run(struct gntalloc_file *file,
					u64 pgoff, u64 count)
{
	struct gntalloc_gref *gref, *first = NULL;
	u64 found = 0;

	lockdep_assert_held(&file->lock);
	list_for_each_entry(gref, &file->grefs, node) {
		if (!first) {
			if (gref->pgoff < pgoff)
				continue;
			if (gref->pgoff > pgoff)
				return NULL;
			first = gref;
		}
		if (gref->pgoff != pgoff + found)
			return NULL;
		if (++found == count)
			return first;
	}
	return NULL;
}
