// SPDX-License-Identifier: GPL-2.0
/*
 * A gref: one zeroed page granted to a peer domain, and the accounting
 * against the global, per-file and per-domain limits. A gref is counted
 * (GNTALLOC_GRANTED) from gntalloc_reserve() until its last local user
 * goes; then the grant is handed to the grant-table core, which frees the
 * page once the peer no longer maps it.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <xen/interface/grant_table.h>
#include <xen/page.h>

#include "gntalloc.h"
#include "trace.h"

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
 * Allocates a zeroed page and grants it to @domid. The caller has reserved
 * it; the new gref has one user (the file list's) and is not listed yet.
 */
struct gntalloc_gref *gntalloc_gref_create(struct gntalloc_file *file,
					   domid_t domid, bool writable)
{
	struct gntalloc_gref *gref;
	int ref;

	gref = kzalloc(sizeof(*gref), GFP_KERNEL);
	if (!gref)
		return ERR_PTR(-ENOMEM);
	gref->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!gref->page) {
		kfree(gref);
		return ERR_PTR(-ENOMEM);
	}
	ref = gnttab_grant_foreign_access(domid, xen_page_to_gfn(gref->page),
					  !writable);
	if (ref < 0) {
		/* Never granted, so nobody else can see the page. */
		__free_page(gref->page);
		kfree(gref);
		return ERR_PTR(ref);
	}
	gref->ref = ref;
	gref->domid = domid;
	gref->file = file;
	gnttab_audit_add(file->af, domid, GNTALLOC_GRANTS, 1);
	INIT_LIST_HEAD(&gref->node);
	refcount_set(&gref->users, 1);
	return gref;
}

/*
 * The last local user is gone: run the unmap notification, then end the
 * grant. gnttab_end_foreign_access() takes over our page reference and
 * frees the page only once the peer has unmapped it, so the page can never
 * be reused while the peer can still read it.
 */
static void gntalloc_gref_release(struct gntalloc_gref *gref)
{
	gntalloc_notify_fire(gref);
	gnttab_end_foreign_access(gref->ref, gref->page);
	trace_gntalloc_ungrant(gref->domid, gref->ref, 1, 0);
	gnttab_audit_add(gref->file->af, gref->domid, GNTALLOC_UNGRANTS, 1);
	gntalloc_unreserve(gref->file, gref->domid, 1);
	kfree(gref);
}

void gntalloc_gref_put(struct gntalloc_gref *gref)
{
	if (refcount_dec_and_test(&gref->users))
		gntalloc_gref_release(gref);
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
