// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pieces the PV and auto-translated paths share, above
 * all those of the auto-translated path, which the emulated host (PV only)
 * cannot run: the map ops built for each kind of domain, the pages an
 * invalidation touches, the batching of unmaps into runs, the file's index
 * space and caps, the notify byte, grant-copy segment checks, and the
 * restriction and accounting code shared with gntalloc.
 *
 * Built as gntdev_kunit.ko only against a kernel with KUnit (the debug
 * kernel). It compiles the driver's files into itself, so that their static
 * helpers are tested as they are, with nothing exported for it.
 */
/*
 * The trace events belong to gntdev.ko, loaded beside this module: here
 * trace.h is skipped and their calls do nothing, so that no second copy of
 * them is registered.
 */
#define _GNTDEV_TRACE_H
#include <linux/types.h>
static inline void trace_gntdev_map(u16 domid, u32 ref, u32 count, int result) {}
static inline void trace_gntdev_unmap(u16 domid, u32 ref, u32 count, int result) {}
static inline void trace_gntdev_copy(u16 domid, u32 ref, u32 count, int result) {}
static inline void trace_gntdev_notify(u16 domid, u32 port, u32 action, int result) {}

#include "map.c"
#include "mmap.c"
#include "notify.c"
#include "copy.c"
#include "../shared/audit.c"

#include <kunit/test.h>

bool gntdev_pv;
struct workqueue_struct *gntdev_wq;
struct gnttab_audit gntdev_audit;
atomic64_t gntdev_hypercalls[GNTDEV_NR_HC];

static const char * const test_counter_names[GNTDEV_NR_COUNTERS] = {
	"reserved", "mapped", "maps", "map_failures", "unmaps", "copies",
	"copy_failures", "notifies", "refused", "denied",
};

static const struct gnttab_audit_desc test_audit_desc = {
	.name = "gntdev_kunit",
	.counters = test_counter_names,
	.nr = GNTDEV_NR_COUNTERS,
};

/* The tables without their debugfs files, which belong to gntdev.ko. */
static int gntdev_suite_init(struct kunit_suite *suite)
{
	gntdev_audit.desc = &test_audit_desc;
	xa_init(&gntdev_audit.domains);
	mutex_init(&gntdev_audit.files_lock);
	INIT_LIST_HEAD(&gntdev_audit.files);
	return 0;
}

static void gntdev_suite_exit(struct kunit_suite *suite)
{
	struct gnttab_audit_counts *counts;
	unsigned long domid;

	xa_for_each(&gntdev_audit.domains, domid, counts)
		kfree(counts);
	xa_destroy(&gntdev_audit.domains);
}

/* A file record of the test, released when the test ends. */
static struct gnttab_audit_file *test_af(struct kunit *test)
{
	struct gnttab_audit_file *af = gnttab_audit_open(&gntdev_audit);

	KUNIT_ASSERT_NOT_NULL(test, af);
	return af;
}

static void range_pages_test(struct kunit *test)
{
	const unsigned long start = 0x10000;
	unsigned int first = 99, n = 99;

	KUNIT_EXPECT_FALSE(test, gntdev_range_pages(start, 4, 0, start,
						    &first, &n));
	KUNIT_EXPECT_FALSE(test, gntdev_range_pages(start, 4, start + 4 * PAGE_SIZE,
						    ULONG_MAX, &first, &n));
	KUNIT_EXPECT_TRUE(test, gntdev_range_pages(start, 4, 0, ULONG_MAX,
						   &first, &n));
	KUNIT_EXPECT_EQ(test, first, 0);
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_TRUE(test, gntdev_range_pages(start, 4, start + PAGE_SIZE,
						   start + 3 * PAGE_SIZE,
						   &first, &n));
	KUNIT_EXPECT_EQ(test, first, 1);
	KUNIT_EXPECT_EQ(test, n, 2);
	/* A piece of one page still takes the whole page. */
	KUNIT_EXPECT_TRUE(test, gntdev_range_pages(start, 4, start + 0x1800,
						   start + 0x1900, &first, &n));
	KUNIT_EXPECT_EQ(test, first, 1);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_TRUE(test, gntdev_range_pages(start, 4,
						   start + 4 * PAGE_SIZE - 1,
						   start + 8 * PAGE_SIZE,
						   &first, &n));
	KUNIT_EXPECT_EQ(test, first, 3);
	KUNIT_EXPECT_EQ(test, n, 1);
}

/* A map with @count ordinary pages, enough for the pure helpers. */
static struct gntdev_map *fake_map(struct kunit *test, unsigned int count)
{
	struct gntdev_map *map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, map);
	map->count = count;
	map->af = test_af(test);
	kref_init(&map->ref);
	mutex_init(&map->lock);
	spin_lock_init(&map->kmap_lock);
	map->grants = kunit_kcalloc(test, count, sizeof(*map->grants),
				    GFP_KERNEL);
	map->pages = kunit_kcalloc(test, count, sizeof(*map->pages), GFP_KERNEL);
	map->user_unmap = kunit_kcalloc(test, count, sizeof(*map->user_unmap),
					GFP_KERNEL);
	map->backing_unmap = kunit_kcalloc(test, count,
					   sizeof(*map->backing_unmap),
					   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map->backing_unmap);
	for (i = 0; i < count; i++) {
		map->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, map->pages[i]);
		map->grants[i].domid = 7;
		map->grants[i].ref = 100 + i;
		map->backing_unmap[i].handle = INVALID_GRANT_HANDLE;
		map->user_unmap[i].handle = INVALID_GRANT_HANDLE;
	}
	return map;
}

static void free_fake_map(struct gntdev_map *map)
{
	unsigned int i;

	for (i = 0; i < map->count; i++)
		__free_page(map->pages[i]);
	gnttab_audit_release(map->af);
}

static void fill_ops_check(struct kunit *test, bool pv, bool readonly)
{
	struct gntdev_map *map = fake_map(test, 2);
	struct gnttab_map_grant_ref ops[2];
	u64 ptes[2] = { 0x1234008, 0x1234010 };
	u32 flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0);
	struct gnttab_unmap_grant_ref *unmap;
	unsigned int i;

	if (pv)
		flags |= GNTMAP_application_map | GNTMAP_contains_pte |
			 (1 << _GNTMAP_guest_avail0);
	map->readonly = readonly;
	map->backing_unmap[0].handle = 5;
	map->user_unmap[0].handle = 5;
	gntdev_fill_ops(map, pv ? ptes : NULL, ops);
	/* PV maps the user PTEs only; auto-translated the frames only. */
	unmap = pv ? map->user_unmap : map->backing_unmap;
	KUNIT_EXPECT_EQ(test, pv ? map->backing_unmap[0].handle :
			map->user_unmap[0].handle, 5);
	for (i = 0; i < 2; i++) {
		u64 addr = pv ? ptes[i] : PFN_PHYS(page_to_pfn(map->pages[i]));

		KUNIT_EXPECT_EQ(test, ops[i].host_addr, addr);
		KUNIT_EXPECT_EQ(test, ops[i].flags, flags);
		KUNIT_EXPECT_EQ(test, ops[i].ref, 100 + i);
		KUNIT_EXPECT_EQ(test, ops[i].dom, 7);
		KUNIT_EXPECT_NE(test, ops[i].status, GNTST_okay);
		KUNIT_EXPECT_EQ(test, unmap[i].host_addr, addr);
		KUNIT_EXPECT_EQ(test, unmap[i].handle, INVALID_GRANT_HANDLE);
	}
	free_fake_map(map);
}

/*
 * Which pages may get a backing mapping later: those whose user mapping is
 * live (kmappable); one that has it just reports it. The hypercall itself
 * needs Xen: the emulated host's gntdev_selfgrant tests that part.
 */
static void backing_page_rule_test(struct kunit *test)
{
	struct gntdev_map *map = fake_map(test, 3);
	s64 hypercalls = atomic64_read(&gntdev_hypercalls[GNTDEV_HC_MAP]);

	/* Auto-translated (no kmappable): only what mmap mapped. */
	map->backing_unmap[1].handle = 9;
	KUNIT_EXPECT_FALSE(test, gntdev_map_backing_page(map, 0));
	KUNIT_EXPECT_TRUE(test, gntdev_map_backing_page(map, 1));
	KUNIT_EXPECT_EQ(test, map->backing_unmap[1].handle, 9);

	/* PV: a page whose user mapping ended never gets one. */
	map->kmappable = bitmap_zalloc(3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map->kmappable);
	KUNIT_EXPECT_FALSE(test, gntdev_map_backing_page(map, 2));
	KUNIT_EXPECT_EQ(test, map->backing_unmap[2].handle,
			INVALID_GRANT_HANDLE);
	KUNIT_EXPECT_TRUE(test, gntdev_map_backing_page(map, 1));
	KUNIT_EXPECT_EQ(test, atomic64_read(&gntdev_hypercalls[GNTDEV_HC_MAP]),
			hypercalls);
	bitmap_free(map->kmappable);
	free_fake_map(map);
}

static void fill_ops_auto_translated_test(struct kunit *test)
{
	fill_ops_check(test, false, false);
	fill_ops_check(test, false, true);
}

static void fill_ops_pv_test(struct kunit *test)
{
	fill_ops_check(test, true, false);
	fill_ops_check(test, true, true);
}

static unsigned int runs[8][2], nr_runs;

static void record_run(struct gntdev_map *map, unsigned int first,
		       unsigned int n)
{
	if (nr_runs < ARRAY_SIZE(runs)) {
		runs[nr_runs][0] = first;
		runs[nr_runs][1] = n;
	}
	nr_runs++;
}

static void live_runs_test(struct kunit *test)
{
	static const bool live[10] = { 0, 1, 1, 0, 0, 1, 1, 1, 0, 1 };
	struct gnttab_unmap_grant_ref ops[10];
	unsigned int i;

	for (i = 0; i < 10; i++)
		ops[i].handle = live[i] ? i : INVALID_GRANT_HANDLE;
	nr_runs = 0;
	gntdev_apply_to_live_runs(NULL, ops, 0, 10, record_run);
	KUNIT_ASSERT_EQ(test, nr_runs, 3);
	KUNIT_EXPECT_EQ(test, runs[0][0], 1);
	KUNIT_EXPECT_EQ(test, runs[0][1], 2);
	KUNIT_EXPECT_EQ(test, runs[1][0], 5);
	KUNIT_EXPECT_EQ(test, runs[1][1], 3);
	KUNIT_EXPECT_EQ(test, runs[2][0], 9);
	KUNIT_EXPECT_EQ(test, runs[2][1], 1);
	nr_runs = 0;
	gntdev_apply_to_live_runs(NULL, ops, 2, 5, record_run);
	KUNIT_ASSERT_EQ(test, nr_runs, 2);
	KUNIT_EXPECT_EQ(test, runs[0][0], 2);
	KUNIT_EXPECT_EQ(test, runs[0][1], 1);
	KUNIT_EXPECT_EQ(test, runs[1][0], 5);
	KUNIT_EXPECT_EQ(test, runs[1][1], 2);
	nr_runs = 0;
	gntdev_apply_to_live_runs(NULL, ops, 3, 2, record_run);
	KUNIT_EXPECT_EQ(test, nr_runs, 0);
}

static struct gntdev_map *index_map(struct kunit *test,
				    struct gntdev_file *file, unsigned int count)
{
	struct gntdev_map *map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, map);
	map->count = count;
	map->grants = kunit_kcalloc(test, count, sizeof(*map->grants),
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map->grants);
	map->af = file->af;
	kref_init(&map->ref);
	return map;
}

static void index_space_test(struct kunit *test)
{
	struct gntdev_file file = { .max_grants = 8, .af = test_af(test) };
	struct gntdev_map *a = index_map(test, &file, 2);
	struct gntdev_map *b = index_map(test, &file, 3);
	struct gntdev_map *c = index_map(test, &file, 2);
	struct gntdev_map *d = index_map(test, &file, 1);
	struct gntdev_map *big = index_map(test, &file, 4);

	mutex_init(&file.lock);
	INIT_LIST_HEAD(&file.maps);
	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, a), 0);
	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, b), 0);
	KUNIT_EXPECT_EQ(test, a->index, 0);
	KUNIT_EXPECT_EQ(test, b->index, 2);
	KUNIT_EXPECT_EQ(test, file.reserved, 5);
	KUNIT_EXPECT_EQ(test, kref_read(&a->ref), 2);
	/* 5 + 4 > 8: refused, nothing changed. */
	KUNIT_EXPECT_EQ(test, gntdev_map_add(&file, big), -ENOSPC);
	KUNIT_EXPECT_EQ(test, file.reserved, 5);
	KUNIT_EXPECT_FALSE(test, big->on_list);

	mutex_lock(&file.lock);
	gntdev_map_del(&file, a);
	KUNIT_EXPECT_PTR_EQ(test, gntdev_map_find(&file, 2, 0), b);
	KUNIT_EXPECT_PTR_EQ(test, gntdev_map_find(&file, 2, 3), b);
	KUNIT_EXPECT_NULL(test, gntdev_map_find(&file, 2, 2));
	KUNIT_EXPECT_PTR_EQ(test, gntdev_map_find_byte(&file, 5 * PAGE_SIZE - 1),
			    b);
	KUNIT_EXPECT_NULL(test, gntdev_map_find_byte(&file, 5 * PAGE_SIZE));
	mutex_unlock(&file.lock);

	/* An exact-size gap is reused; the next one goes past the end. */
	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, c), 0);
	KUNIT_EXPECT_EQ(test, c->index, 0);
	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, d), 0);
	KUNIT_EXPECT_EQ(test, d->index, 5);
	KUNIT_EXPECT_EQ(test, file.reserved, 6);

	mutex_lock(&file.lock);
	gntdev_map_del(&file, b);
	gntdev_map_del(&file, c);
	gntdev_map_del(&file, d);
	mutex_unlock(&file.lock);
	KUNIT_EXPECT_EQ(test, file.reserved, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&file.maps));
	gnttab_audit_release(file.af);
}

/* A map of grants from domains 3, 3, 5 on a file restricted to 3. */
static void restrict_map_test(struct kunit *test)
{
	struct gntdev_file file = { .max_grants = 8, .af = test_af(test) };
	struct gntdev_map *mixed = index_map(test, &file, 3);
	struct gntdev_map *only3 = index_map(test, &file, 2);
	struct gnttab_audit_counts *dom5;
	bool holds;

	mutex_init(&file.lock);
	INIT_LIST_HEAD(&file.maps);
	mixed->grants[0].domid = 3;
	mixed->grants[1].domid = 3;
	mixed->grants[2].domid = 5;
	only3->grants[0].domid = 3;
	only3->grants[1].domid = 3;
	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntdev_audit, 3), 0);
	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntdev_audit, 5), 0);

	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, mixed), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&file.af->counts.v[GNTDEV_RESERVED]), 3);
	dom5 = xa_load(&gntdev_audit.domains, 5);
	KUNIT_EXPECT_EQ(test, atomic64_read(&dom5->v[GNTDEV_RESERVED]), 1);

	/* Holding a grant of 5: no restriction to 3 yet. */
	mutex_lock(&file.lock);
	holds = gntdev_file_holds_other(&file, 3);
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(file.af, 3, holds), -EBUSY);
	gntdev_map_del(&file, mixed);
	holds = gntdev_file_holds_other(&file, 3);
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(file.af, 3, holds), 0);
	mutex_unlock(&file.lock);
	KUNIT_EXPECT_EQ(test, atomic64_read(&file.af->counts.v[GNTDEV_RESERVED]), 0);

	KUNIT_EXPECT_EQ(test, gntdev_map_add(&file, mixed), -EPERM);
	KUNIT_EXPECT_FALSE(test, mixed->on_list);
	KUNIT_ASSERT_EQ(test, gntdev_map_add(&file, only3), 0);
	mutex_lock(&file.lock);
	gntdev_map_del(&file, only3);
	mutex_unlock(&file.lock);
	gnttab_audit_release(file.af);
}

static void restrict_rules_test(struct kunit *test)
{
	struct gnttab_audit_file *af = test_af(test);

	KUNIT_EXPECT_TRUE(test, gnttab_audit_allows(af, 9));
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(af, DOMID_FIRST_RESERVED,
						    false), -EINVAL);
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(af, 4, false), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(af, 4, false), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_restrict(af, 5, false), -EPERM);
	KUNIT_EXPECT_TRUE(test, gnttab_audit_allows(af, 4));
	KUNIT_EXPECT_FALSE(test, gnttab_audit_allows(af, 0));
	KUNIT_EXPECT_FALSE(test, gnttab_audit_allows(af, 5));
	gnttab_audit_release(af);
}

/* Caps at each level; a refused reservation changes nothing. */
static void audit_reserve_test(struct kunit *test)
{
	struct gnttab_audit_file *af = test_af(test);
	struct gnttab_audit_caps caps = { .total = U64_MAX, .file = 10,
					  .domain = 4 };
	struct gnttab_audit_counts *dom;
	s64 total = gnttab_audit_total(&gntdev_audit, GNTDEV_MAPPED);

	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntdev_audit, 11), 0);
	dom = xa_load(&gntdev_audit.domains, 11);
	KUNIT_EXPECT_EQ(test, gnttab_audit_reserve(af, 11, GNTDEV_MAPPED, 3,
						   &caps), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_reserve(af, 11, GNTDEV_MAPPED, 2,
						   &caps), -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&dom->v[GNTDEV_MAPPED]), 3);
	KUNIT_EXPECT_EQ(test, atomic64_read(&af->counts.v[GNTDEV_MAPPED]), 3);
	KUNIT_EXPECT_EQ(test, gnttab_audit_total(&gntdev_audit, GNTDEV_MAPPED),
			total + 3);
	caps.domain = U64_MAX;
	KUNIT_EXPECT_EQ(test, gnttab_audit_reserve(af, 11, GNTDEV_MAPPED, 8,
						   &caps), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gnttab_audit_reserve(af, 11, GNTDEV_MAPPED, 7,
						   &caps), 0);
	gnttab_audit_add(af, 11, GNTDEV_MAPPED, -10);
	KUNIT_EXPECT_EQ(test, atomic64_read(&dom->v[GNTDEV_MAPPED]), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_total(&gntdev_audit, GNTDEV_MAPPED),
			total);
	gnttab_audit_release(af);
}

static void notify_clear_byte_test(struct kunit *test)
{
	struct gntdev_map *map = fake_map(test, 2);
	u8 *byte = (u8 *)page_address(map->pages[1]) + 5;

	*byte = 0xee;
	map->backing_unmap[1].handle = 1;
	map->notify.action = UNMAP_NOTIFY_CLEAR_BYTE;
	map->notify.offset = PAGE_SIZE + 5;

	mutex_lock(&map->lock);
	gntdev_notify_clear_byte(map, 0, 1);
	KUNIT_EXPECT_EQ(test, *byte, 0xee);
	KUNIT_EXPECT_EQ(test, map->notify.action, UNMAP_NOTIFY_CLEAR_BYTE);
	gntdev_notify_clear_byte(map, 1, 1);
	KUNIT_EXPECT_EQ(test, *byte, 0);
	KUNIT_EXPECT_EQ(test, map->notify.action, 0);

	/* Never through a read-only or unmapped page; but only once. */
	*byte = 0xee;
	map->notify.action = UNMAP_NOTIFY_CLEAR_BYTE;
	map->readonly = true;
	gntdev_notify_clear_byte(map, 0, 2);
	KUNIT_EXPECT_EQ(test, *byte, 0xee);
	KUNIT_EXPECT_EQ(test, map->notify.action, 0);
	map->notify.action = UNMAP_NOTIFY_CLEAR_BYTE;
	map->readonly = false;
	map->backing_unmap[1].handle = INVALID_GRANT_HANDLE;
	gntdev_notify_clear_byte(map, 0, 2);
	KUNIT_EXPECT_EQ(test, *byte, 0xee);
	mutex_unlock(&map->lock);
	KUNIT_EXPECT_EQ(test, atomic64_read(&map->af->counts.v[GNTDEV_NOTIFIES]), 1);
	free_fake_map(map);
}

static void copy_segment_valid_test(struct kunit *test)
{
	struct gntdev_grant_copy_segment seg = { .len = 16 };

	KUNIT_EXPECT_FALSE(test, gntdev_copy_segment_valid(&seg));
	seg.flags = GNTCOPY_source_gref;
	seg.source.foreign.offset = XEN_PAGE_SIZE - 16;
	KUNIT_EXPECT_TRUE(test, gntdev_copy_segment_valid(&seg));
	seg.source.foreign.offset++;
	KUNIT_EXPECT_FALSE(test, gntdev_copy_segment_valid(&seg));
	seg.flags = GNTCOPY_dest_gref;
	KUNIT_EXPECT_TRUE(test, gntdev_copy_segment_valid(&seg));
	seg.dest.foreign.offset = 0xffff;
	KUNIT_EXPECT_FALSE(test, gntdev_copy_segment_valid(&seg));
	seg.len = 0xffff;
	seg.dest.foreign.offset = 0;
	KUNIT_EXPECT_FALSE(test, gntdev_copy_segment_valid(&seg));
}

static void status_errno_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gntdev_status_errno(GNTST_no_space), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntdev_status_errno(GNTST_no_device_space),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, gntdev_status_errno(GNTST_bad_gntref), -EINVAL);
	KUNIT_EXPECT_EQ(test, gntdev_status_errno(GNTST_general_error),
			-EINVAL);
}

static struct kunit_case gntdev_cases[] = {
	KUNIT_CASE(range_pages_test),
	KUNIT_CASE(fill_ops_auto_translated_test),
	KUNIT_CASE(fill_ops_pv_test),
	KUNIT_CASE(backing_page_rule_test),
	KUNIT_CASE(live_runs_test),
	KUNIT_CASE(index_space_test),
	KUNIT_CASE(restrict_map_test),
	KUNIT_CASE(restrict_rules_test),
	KUNIT_CASE(audit_reserve_test),
	KUNIT_CASE(notify_clear_byte_test),
	KUNIT_CASE(copy_segment_valid_test),
	KUNIT_CASE(status_errno_test),
	{}
};

static struct kunit_suite gntdev_suite = {
	.name = "gntdev",
	.suite_init = gntdev_suite_init,
	.suite_exit = gntdev_suite_exit,
	.test_cases = gntdev_cases,
};

kunit_test_suite(gntdev_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the gntdev driver's helpers");
