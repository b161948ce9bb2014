// SPDX-License-Identifier: GPL-2.0
/*
 * Grant map objects: allocation, the file's index space, mapping and
 * unmapping the grants, and the final release (see the lifetime rules at the
 * top of main.c).
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/page.h>
#include <asm/xen/hypercall.h>

#include "gntdev.h"
#include "trace.h"

/* Backing pages still referenced at release: retry with a growing delay. */
#define GNTDEV_UNMAP_TRIES	100
#define GNTDEV_UNMAP_DELAY_MS	10

/* Grants reserved or still mapped by every file together. */
static atomic64_t gntdev_grants_total = ATOMIC64_INIT(0);

static bool gntdev_reserve_global(unsigned int count, u64 cap)
{
	s64 old = atomic64_read(&gntdev_grants_total);

	do {
		if (count > cap || old > cap - count)
			return false;
	} while (!atomic64_try_cmpxchg(&gntdev_grants_total, &old, old + count));
	return true;
}

static void gntdev_map_free(struct gntdev_map *map)
{
	unsigned int i;

	if (map->pages_allocated) {
		for (i = 0; i < map->count; i++)
			ClearPageForeign(map->pages[i]);
		gnttab_free_pages(map->count, map->pages);
	}
	atomic64_sub(map->count, &gntdev_grants_total);
	if (map->af)
		gnttab_audit_put(map->af);
	kvfree(map->grants);
	kvfree(map->pages);
	kvfree(map->user_unmap);
	kvfree(map->backing_unmap);
	bitmap_free(map->kmappable);
	kfree(map);
}

static void gntdev_unmap_work(struct work_struct *work);

/*
 * Returns a map of @grants (which it takes over, even on failure) with one
 * reference, counting for @af; or ERR_PTR(-ENOSPC or -ENOMEM).
 */
struct gntdev_map *gntdev_map_alloc(struct ioctl_gntdev_grant_ref *grants,
				    unsigned int count, u64 global_cap,
				    struct gnttab_audit_file *af)
{
	struct gntdev_map *map;
	unsigned int i;

	if (!gntdev_reserve_global(count, global_cap)) {
		kvfree(grants);
		return ERR_PTR(-ENOSPC);
	}

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map) {
		atomic64_sub(count, &gntdev_grants_total);
		kvfree(grants);
		return ERR_PTR(-ENOMEM);
	}
	map->count = count;
	map->grants = grants;
	kref_init(&map->ref);
	mutex_init(&map->lock);
	spin_lock_init(&map->kmap_lock);
	INIT_DELAYED_WORK(&map->unmap_work, gntdev_unmap_work);
	gnttab_audit_get(af);
	map->af = af;

	map->pages = kvcalloc(count, sizeof(*map->pages), GFP_KERNEL);
	map->backing_unmap = kvcalloc(count, sizeof(*map->backing_unmap),
				      GFP_KERNEL);
	if (gntdev_pv) {
		map->user_unmap = kvcalloc(count, sizeof(*map->user_unmap),
					   GFP_KERNEL);
		map->kmappable = bitmap_zalloc(count, GFP_KERNEL);
	}
	if (!map->pages || !map->backing_unmap ||
	    (gntdev_pv && (!map->user_unmap || !map->kmappable)))
		goto fail;
	if (gnttab_alloc_pages(count, map->pages))
		goto fail;
	map->pages_allocated = true;

	for (i = 0; i < count; i++) {
		map->backing_unmap[i].handle = INVALID_GRANT_HANDLE;
		if (gntdev_pv)
			map->user_unmap[i].handle = INVALID_GRANT_HANDLE;
	}
	return map;

fail:
	gntdev_map_free(map);
	return ERR_PTR(-ENOMEM);
}

void gntdev_map_get(struct gntdev_map *map)
{
	kref_get(&map->ref);
}

/* The end of the run of grants from @i on (before @end) of one domain. */
static unsigned int gntdev_domain_run_end(const struct gntdev_map *map,
					  unsigned int i, unsigned int end)
{
	u32 domid = map->grants[i].domid;

	while (++i < end && map->grants[i].domid == domid)
		;
	return i;
}

/* Adds @n per grant to @counter of each grant's domain, once per run. */
static void gntdev_account_grants(struct gntdev_map *map,
				  unsigned int counter, s64 n)
{
	unsigned int i, end;

	for (i = 0; i < map->count; i = end) {
		end = gntdev_domain_run_end(map, i, map->count);
		gnttab_audit_add(map->af, map->grants[i].domid, counter,
				 n * (end - i));
	}
}

/* Whether every grant of @map comes from a domain the file may reach. */
static bool gntdev_map_allowed(struct gntdev_map *map)
{
	unsigned int i;

	/* Most files are unrestricted: no walk over the grants for them. */
	if (READ_ONCE(map->af->restricted) == GNTTAB_UNRESTRICTED)
		return true;
	for (i = 0; i < map->count; i++) {
		if (!gnttab_audit_allows(map->af, map->grants[i].domid))
			return false;
	}
	return true;
}

/*
 * Inserts @map at the first gap of the file's index space that fits it.
 * Takes a reference for the list. Returns -ENOSPC past the file's cap, and
 * -EPERM if the file was restricted to another domain meanwhile (checked
 * under the lock RESTRICT takes, so that it sees every listed map).
 */
int gntdev_map_add(struct gntdev_file *file, struct gntdev_map *map)
{
	struct gntdev_map *pos;
	u64 next = 0;

	mutex_lock(&file->lock);
	if (!gntdev_map_allowed(map)) {
		mutex_unlock(&file->lock);
		return -EPERM;
	}
	if (map->count > file->max_grants ||
	    file->reserved > file->max_grants - map->count) {
		mutex_unlock(&file->lock);
		return -ENOSPC;
	}
	list_for_each_entry(pos, &file->maps, next) {
		if (pos->index - next >= map->count)
			break;
		next = pos->index + pos->count;
	}
	map->index = next;
	list_add_tail(&map->next, &pos->next);
	map->on_list = true;
	file->reserved += map->count;
	gntdev_account_grants(map, GNTDEV_RESERVED, 1);
	gntdev_map_get(map);
	mutex_unlock(&file->lock);
	return 0;
}

/* Takes @map off the file's list; the caller then drops the list's reference. */
void gntdev_map_del(struct gntdev_file *file, struct gntdev_map *map)
{
	lockdep_assert_held(&file->lock);
	list_del(&map->next);
	map->on_list = false;
	file->reserved -= map->count;
	gntdev_account_grants(map, GNTDEV_RESERVED, -1);
}

/* Whether the file lists a map with a grant of a domain other than @domid. */
bool gntdev_file_holds_other(struct gntdev_file *file, u32 domid)
{
	struct gntdev_map *map;
	unsigned int i;

	lockdep_assert_held(&file->lock);
	list_for_each_entry(map, &file->maps, next) {
		for (i = 0; i < map->count; i++) {
			if (map->grants[i].domid != domid)
				return true;
		}
	}
	return false;
}

/* The map at page offset @index; @count 0 matches any size. */
struct gntdev_map *gntdev_map_find(struct gntdev_file *file, u64 index,
				   unsigned int count)
{
	struct gntdev_map *map;

	lockdep_assert_held(&file->lock);
	list_for_each_entry(map, &file->maps, next) {
		if (map->index == index && (!count || map->count == count))
			return map;
	}
	return NULL;
}

/* The map that contains byte @byte of the file. */
struct gntdev_map *gntdev_map_find_byte(struct gntdev_file *file, u64 byte)
{
	u64 page = byte >> PAGE_SHIFT;
	struct gntdev_map *map;

	lockdep_assert_held(&file->lock);
	list_for_each_entry(map, &file->maps, next) {
		if (page >= map->index && page - map->index < map->count)
			return map;
	}
	return NULL;
}

typedef void (*gntdev_run_fn)(struct gntdev_map *map, unsigned int first,
			      unsigned int n);

/*
 * Calls @fn on each run of slots in [first, first + n) whose handle in @ops
 * is live, so that each run is one batched hypercall.
 */
static void gntdev_apply_to_live_runs(struct gntdev_map *map,
				      struct gnttab_unmap_grant_ref *ops,
				      unsigned int first, unsigned int n,
				      gntdev_run_fn fn)
{
	unsigned int i = first, end = first + n, start;

	while (i < end) {
		if (ops[i].handle == INVALID_GRANT_HANDLE) {
			i++;
			continue;
		}
		start = i;
		while (i < end && ops[i].handle != INVALID_GRANT_HANDLE)
			i++;
		fn(map, start, i - start);
	}
}

static int gntdev_status_errno(s16 status)
{
	if (status == GNTST_no_space || status == GNTST_no_device_space)
		return -ENOSPC;
	return -EINVAL;
}

static u32 gntdev_map_flags(const struct gntdev_map *map)
{
	return GNTMAP_host_map | (map->readonly ? GNTMAP_readonly : 0);
}

static void gntdev_set_ops(struct gnttab_map_grant_ref *op,
			   struct gnttab_unmap_grant_ref *unmap, u64 addr,
			   u32 flags, const struct ioctl_gntdev_grant_ref *grant)
{
	op->host_addr = addr;
	op->flags = flags;
	op->ref = grant->ref;
	op->dom = grant->domid;
	op->status = GNTST_general_error;
	unmap->host_addr = addr;
	unmap->dev_bus_addr = 0;
	unmap->handle = INVALID_GRANT_HANDLE;
}

/* Counts and traces the end of the last mappings of slots [first, first + n). */
static void gntdev_account_unmap(struct gntdev_map *map,
				 const struct gnttab_unmap_grant_ref *ops,
				 unsigned int first, unsigned int n)
{
	unsigned int i, end;
	bool ok;

	for (i = first; i < first + n; i = end) {
		ok = ops[i].status == GNTST_okay;
		for (end = i + 1; end < first + n &&
		     map->grants[end].domid == map->grants[i].domid &&
		     (ops[end].status == GNTST_okay) == ok; end++)
			;
		gnttab_audit_add(map->af, map->grants[i].domid, GNTDEV_MAPPED,
				 -(s64)(end - i));
		gnttab_audit_add(map->af, map->grants[i].domid, GNTDEV_UNMAPS,
				 end - i);
		trace_gntdev_unmap(map->grants[i].domid, map->grants[i].ref,
				   end - i, ok ? 0 : -EINVAL);
	}
}

/*
 * Ends the mappings in slots [first, first + n) of @ops, all live, with one
 * batched hypercall. @last: no other mapping of these grants remains, so
 * their pages also leave the p2m (gnttab_unmap_refs(), which allocates
 * nothing for pages that are in it) and stop counting as mapped. A failed
 * slot cannot be retried (its PTE or page is going away): it is logged.
 */
static void gntdev_unmap_ops(struct gntdev_map *map,
			     struct gnttab_unmap_grant_ref *ops,
			     unsigned int first, unsigned int n, bool last)
{
	struct gnttab_unmap_grant_ref *op = ops + first;
	unsigned int i, failed = 0;
	int rc;

	for (i = 0; i < n; i++)
		op[i].status = GNTST_general_error;
	atomic64_inc(&gntdev_hypercalls[GNTDEV_HC_UNMAP]);
	if (last)
		rc = gnttab_unmap_refs(op, NULL, map->pages + first, n);
	else
		rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, op, n);
	for (i = 0; i < n; i++) {
		if (op[i].status != GNTST_okay)
			failed++;
		op[i].handle = INVALID_GRANT_HANDLE;
	}
	if (last)
		gntdev_account_unmap(map, ops, first, n);
	if (failed)
		pr_err("map %#llx: %u of %u grant mappings failed to unmap (rc %d)\n",
		       map->index << PAGE_SHIFT, failed, n, rc);
}

static bool gntdev_kmapped(const struct gntdev_map *map, unsigned int i)
{
	return map->backing_unmap[i].handle != INVALID_GRANT_HANDLE;
}

/*
 * PV: ends the user PTE mappings of a run. Where a page also has its kernel
 * mapping, that one keeps the grant, and the page's p2m entry, until
 * retire; for the others this is the grant's last mapping.
 */
static void gntdev_unmap_user_run(struct gntdev_map *map, unsigned int first,
				  unsigned int n)
{
	unsigned int i, end;
	bool kmapped;

	for (i = first; i < first + n; i = end) {
		kmapped = gntdev_kmapped(map, i);
		for (end = i + 1; end < first + n &&
		     gntdev_kmapped(map, end) == kmapped; end++)
			;
		gntdev_unmap_ops(map, map->user_unmap, i, end - i, !kmapped);
	}
}

/*
 * PV: ends the user PTE mappings of pages [first, first + n) that are still
 * live. Called with map->lock held, before the PTEs are zapped.
 */
void gntdev_unmap_user_range(struct gntdev_map *map, unsigned int first,
			     unsigned int n)
{
	lockdep_assert_held(&map->lock);
	if (!map->user_unmap)
		return;
	/* From here on no kernel mapping can appear in the range. */
	spin_lock(&map->kmap_lock);
	bitmap_clear(map->kmappable, first, n);
	spin_unlock(&map->kmap_lock);
	gntdev_apply_to_live_runs(map, map->user_unmap, first, n,
				  gntdev_unmap_user_run);
}

/*
 * Builds the map op of every grant, and its unmap op with no handle yet: on
 * PV (@pte_maddrs given) for the user PTE that Xen writes, on
 * auto-translated domains for the backing page's frame.
 */
static void gntdev_fill_ops(struct gntdev_map *map, const u64 *pte_maddrs,
			    struct gnttab_map_grant_ref *ops)
{
	struct gnttab_unmap_grant_ref *unmap = map->backing_unmap;
	u32 flags = gntdev_map_flags(map);
	unsigned int i;
	u64 addr;

	if (pte_maddrs) {
		unmap = map->user_unmap;
		flags |= GNTMAP_application_map | GNTMAP_contains_pte |
			 (1 << _GNTMAP_guest_avail0);
	}
	for (i = 0; i < map->count; i++) {
		addr = pte_maddrs ? pte_maddrs[i] :
		       PFN_PHYS(page_to_pfn(map->pages[i]));
		gntdev_set_ops(&ops[i], &unmap[i], addr, flags, &map->grants[i]);
	}
}

/*
 * Counts and traces the result of mapping @map, once per run of grants of
 * one domain with the same outcome.
 */
static void gntdev_account_map(struct gntdev_map *map,
			       const struct gnttab_map_grant_ref *ops)
{
	unsigned int i, end, n = map->count;
	u16 domid;
	bool ok;

	for (i = 0; i < n; i = end) {
		ok = ops[i].status == GNTST_okay;
		domid = map->grants[i].domid;
		for (end = i + 1; end < n && map->grants[end].domid == domid &&
		     (ops[end].status == GNTST_okay) == ok; end++)
			;
		if (ok) {
			gnttab_audit_add(map->af, domid, GNTDEV_MAPPED, end - i);
			gnttab_audit_add(map->af, domid, GNTDEV_MAPS, end - i);
		} else {
			gnttab_audit_add(map->af, domid, GNTDEV_MAP_FAILURES,
					 end - i);
		}
		trace_gntdev_map(domid, map->grants[i].ref, end - i,
				 ok ? 0 : gntdev_status_errno(ops[i].status));
	}
}

/*
 * Maps every grant of @map with one batched hypercall: on PV into the user
 * PTEs at @pte_maddrs (a page's kernel mapping comes later, if ever: see
 * gntdev_map_backing_page()), on auto-translated domains onto the backing
 * pages' frames. On any failed slot, the user mappings made are ended at
 * once (the caller's VMA is about to go) and the backing ones at release;
 * the result is then -EINVAL or -ENOSPC.
 */
int gntdev_map_grants(struct gntdev_map *map, const u64 *pte_maddrs)
{
	struct gnttab_unmap_grant_ref *unmap;
	struct gnttab_map_grant_ref *ops;
	unsigned int i, n = map->count;
	int err = 0, rc;

	ops = kvcalloc(n, sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	gntdev_fill_ops(map, pte_maddrs, ops);
	unmap = pte_maddrs ? map->user_unmap : map->backing_unmap;

	/*
	 * No lock around the hypercall (the p2m update may allocate): mmap
	 * holds mmap_lock for writing, so neither an invalidation of this VMA
	 * nor a get_user_pages() of it can come before the handles are
	 * recorded.
	 */
	atomic64_inc(&gntdev_hypercalls[GNTDEV_HC_MAP]);
	rc = gnttab_map_refs(ops, NULL, map->pages, n);

	/* Record each mapping that exists, whatever happened to the others. */
	mutex_lock(&map->lock);
	spin_lock(&map->kmap_lock);
	for (i = 0; i < n; i++) {
		if (ops[i].status != GNTST_okay) {
			if (!err)
				err = gntdev_status_errno(ops[i].status);
			continue;
		}
		unmap[i].handle = ops[i].handle;
		if (pte_maddrs)
			__set_bit(i, map->kmappable);
		else
			map->backing_live++;
	}
	spin_unlock(&map->kmap_lock);
	if (rc && !err)
		err = -EINVAL;
	gntdev_account_map(map, ops);
	if (err) {
		pr_debug("map %#llx: grant mapping failed (rc %d)\n",
			 map->index << PAGE_SHIFT, rc);
		gntdev_unmap_user_range(map, 0, n);
	}
	mutex_unlock(&map->lock);
	kvfree(ops);
	return err;
}

/*
 * Gives page @i of @map its backing mapping, if it has none and may get one:
 * on PV at the page's kernel address, only while the user PTE maps the
 * grant (kmappable), for whatever the kernel does with the page itself (a
 * get_user_pages() user, the notify byte). Most maps never need one: one
 * mapping per grant instead of two. Runs under the page-table lock, so it
 * neither sleeps nor allocates, and does not retry GNTST_eagain.
 * Returns whether the page has its backing mapping.
 */
bool gntdev_map_backing_page(struct gntdev_map *map, unsigned int i)
{
	struct gnttab_unmap_grant_ref *unmap = &map->backing_unmap[i];
	struct gnttab_map_grant_ref op;
	bool mapped;

	spin_lock(&map->kmap_lock);
	mapped = unmap->handle != INVALID_GRANT_HANDLE;
	if (!mapped && map->kmappable && test_bit(i, map->kmappable)) {
		gntdev_set_ops(&op, unmap,
			       (unsigned long)page_address(map->pages[i]),
			       gntdev_map_flags(map), &map->grants[i]);
		atomic64_inc(&gntdev_hypercalls[GNTDEV_HC_MAP]);
		if (!HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1) &&
		    op.status == GNTST_okay) {
			unmap->handle = op.handle;
			map->backing_live++;
			mapped = true;
		}
	}
	spin_unlock(&map->kmap_lock);
	return mapped;
}

/* Backing mappings end last: the grants' pages leave the p2m with them. */
static void gntdev_unmap_backing_run(struct gntdev_map *map,
				     unsigned int first, unsigned int n)
{
	gntdev_unmap_ops(map, map->backing_unmap, first, n, true);
	map->backing_live -= n;
}

static bool gntdev_backing_busy(struct gntdev_map *map)
{
	unsigned int i;

	for (i = 0; i < map->count; i++) {
		if (map->backing_unmap[i].handle != INVALID_GRANT_HANDLE &&
		    page_count(map->pages[i]) > 1)
			return true;
	}
	return false;
}

/*
 * The last step of a map: end its backing mappings once no one else holds
 * their pages, then notify the peer and free everything. Returns false if
 * it had to be deferred (or, after GNTDEV_UNMAP_TRIES, abandoned).
 */
static bool gntdev_map_retire(struct gntdev_map *map)
{
	if (map->backing_live && gntdev_backing_busy(map)) {
		if (map->unmap_tries == GNTDEV_UNMAP_TRIES) {
			pr_err("map %#llx (%u grants): pages still in use after %u tries; leaving them mapped\n",
			       map->index << PAGE_SHIFT, map->count,
			       map->unmap_tries);
			return false;
		}
		map->unmap_tries++;
		queue_delayed_work(gntdev_wq, &map->unmap_work,
				   msecs_to_jiffies(GNTDEV_UNMAP_DELAY_MS *
						    map->unmap_tries));
		return false;
	}
	gntdev_apply_to_live_runs(map, map->backing_unmap, 0, map->count,
				  gntdev_unmap_backing_run);
	gntdev_notify_send_event(map);
	gntdev_map_free(map);
	return true;
}

/* A deferred retire holds a module reference until it finishes. */
static void gntdev_unmap_work(struct work_struct *work)
{
	struct gntdev_map *map = container_of(to_delayed_work(work),
					      struct gntdev_map, unmap_work);

	if (gntdev_map_retire(map))
		module_put(THIS_MODULE);
}

static void gntdev_map_release(struct kref *ref)
{
	struct gntdev_map *map = container_of(ref, struct gntdev_map, ref);

	/* After this no invalidation can reach the map any more. */
	if (map->notifier_live)
		mmu_interval_notifier_remove(&map->notifier);

	/* The byte first, while the grant may still be mapped to clear it. */
	mutex_lock(&map->lock);
	gntdev_notify_clear_byte(map, 0, map->count);
	gntdev_unmap_user_range(map, 0, map->count);
	mutex_unlock(&map->lock);

	if (!gntdev_map_retire(map))
		__module_get(THIS_MODULE);
}

void gntdev_map_put(struct gntdev_map *map)
{
	kref_put(&map->ref, gntdev_map_release);
}
