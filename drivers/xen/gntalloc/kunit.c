// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the gntalloc helpers that need no grant made in Xen: the
 * reservations against the global, per-file, per-domain and grant-table
 * caps (also under racing threads), the per-domain caps' parameter,
 * finding a run of grefs by page offset, mmap's argument checks and fault
 * bounds, and the unmap-notify byte. (The compare-and-swap counting itself,
 * shared with gntdev, is tested in gntdev_kunit.)
 *
 * Built as gntalloc_kunit.ko only against a kernel with KUnit (the debug
 * kernel). It compiles the driver's files into itself, so that their static
 * helpers are tested as they are, with nothing exported for it. Its grefs
 * are fakes (a page, no grant): no test lets their last user go, which
 * would end a grant that was never made.
 */
/*
 * The trace events belong to gntalloc.ko, loaded beside this module: here
 * trace.h is skipped and their calls do nothing, so that no second copy of
 * them is registered.
 */
#define _GNTALLOC_TRACE_H
#include <linux/types.h>
static inline void trace_gntalloc_grant(u16 domid, u32 ref, u32 count, int result) {}
static inline void trace_gntalloc_ungrant(u16 domid, u32 ref, u32 count, int result) {}
static inline void trace_gntalloc_notify(u16 domid, u32 port, u32 action, int result) {}

#include "gref.c"
#include "mmap.c"
#include "notify.c"
#include "policy.c"
#include "../shared/audit.c"

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>

unsigned int gntalloc_limit = 1024;
unsigned int gntalloc_file_limit = 1024;
struct gnttab_audit gntalloc_audit;

static const char * const test_counter_names[GNTALLOC_NR_COUNTERS] = {
	"granted", "grants", "grant_failures", "ungrants", "notifies",
	"refused", "denied",
};

static const struct gnttab_audit_desc test_audit_desc = {
	.name = "gntalloc_kunit",
	.counters = test_counter_names,
	.nr = GNTALLOC_NR_COUNTERS,
};

/* The tables without their debugfs files, which belong to gntalloc.ko. */
static int gntalloc_suite_init(struct kunit_suite *suite)
{
	gntalloc_audit.desc = &test_audit_desc;
	xa_init(&gntalloc_audit.domains);
	mutex_init(&gntalloc_audit.files_lock);
	INIT_LIST_HEAD(&gntalloc_audit.files);
	return 0;
}

static void gntalloc_suite_exit(struct kunit_suite *suite)
{
	struct gnttab_audit_counts *counts;
	unsigned long domid;

	xa_for_each(&gntalloc_audit.domains, domid, counts)
		kfree(counts);
	xa_destroy(&gntalloc_audit.domains);
}

/* A file of the test, with no gref, for reservations. */
static struct gntalloc_file *test_file(struct kunit *test)
{
	struct gntalloc_file *file = kunit_kzalloc(test, sizeof(*file),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, file);
	mutex_init(&file->lock);
	INIT_LIST_HEAD(&file->grefs);
	file->af = gnttab_audit_open(&gntalloc_audit);
	KUNIT_ASSERT_NOT_NULL(test, file->af);
	return file;
}

static s64 granted_to(domid_t domid)
{
	struct gnttab_audit_counts *dom = xa_load(&gntalloc_audit.domains,
						  domid);

	return dom ? atomic64_read(&dom->v[GNTALLOC_GRANTED]) : -1;
}

static void reserve_caps_test(struct kunit *test)
{
	struct gntalloc_file *a = test_file(test), *b = test_file(test);
	unsigned int saved_limit = gntalloc_limit;
	unsigned int saved_file_limit = gntalloc_file_limit;
	s64 total = gnttab_audit_total(&gntalloc_audit, GNTALLOC_GRANTED);

	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntalloc_audit, 3), 0);
	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntalloc_audit, 4), 0);
	gntalloc_limit = total + 10;
	gntalloc_file_limit = 6;

	/* The per-file cap, and a refusal that changes no count. */
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 3, 6), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 4, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_file_grefs(a), 6);
	KUNIT_EXPECT_EQ(test, granted_to(3), 6);
	KUNIT_EXPECT_EQ(test, granted_to(4), 0);
	/* The global cap, across files. */
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(b, 4, 5), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_file_grefs(b), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(b, 4, 4), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_total(&gntalloc_audit,
						 GNTALLOC_GRANTED), total + 10);
	/* Released counts can be reserved again. */
	gntalloc_unreserve(a, 3, 2);
	KUNIT_EXPECT_EQ(test, gntalloc_file_grefs(a), 4);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(b, 4, 2), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 3, 1), -ENOSPC);
	gntalloc_unreserve(a, 3, 4);
	gntalloc_unreserve(b, 4, 6);
	KUNIT_EXPECT_EQ(test, granted_to(3), 0);
	KUNIT_EXPECT_EQ(test, granted_to(4), 0);

	/* Lowering a limit below what is held refuses more, breaks nothing. */
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 3, 5), 0);
	gntalloc_limit = total + 2;
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(b, 4, 1), -ENOSPC);
	gntalloc_unreserve(a, 3, 5);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(b, 4, 2), 0);
	gntalloc_unreserve(b, 4, 2);

	/* No limit lets a request exceed what the grant table can hold. */
	gntalloc_limit = UINT_MAX;
	gntalloc_file_limit = UINT_MAX;
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 3, gntalloc_table_size() + 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(a, 3, UINT_MAX), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_file_grefs(a), 0);
	KUNIT_EXPECT_EQ(test, gnttab_audit_total(&gntalloc_audit,
						 GNTALLOC_GRANTED), total);

	gntalloc_limit = saved_limit;
	gntalloc_file_limit = saved_file_limit;
	gnttab_audit_release(a->af);
	gnttab_audit_release(b->af);
}

static void domain_caps_test(struct kunit *test)
{
	struct gntalloc_file *file = test_file(test);
	unsigned int saved = domain_limit;

	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntalloc_audit, 5), 0);
	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntalloc_audit, 6), 0);
	domain_limit = 0;
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(5), U64_MAX);
	domain_limit = 3;
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(5), 3);
	KUNIT_ASSERT_EQ(test, gntalloc_limits_set(" 5:2, 6:0 ", NULL), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(5), 2);
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(6), U64_MAX);
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(7), 3);

	/* Each domain is held to its own cap, whatever the others hold. */
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(file, 5, 3), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(file, 5, 2), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(file, 5, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, gntalloc_reserve(file, 6, 9), 0);
	KUNIT_EXPECT_EQ(test, granted_to(5), 2);
	KUNIT_EXPECT_EQ(test, granted_to(6), 9);
	gntalloc_unreserve(file, 5, 2);
	gntalloc_unreserve(file, 6, 9);

	/* Bad lists change nothing; an empty one removes the overrides. */
	KUNIT_EXPECT_EQ(test, gntalloc_limits_set("5", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gntalloc_limits_set("5:x", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gntalloc_limits_set("32752:1", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gntalloc_limits_set("70000:1", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(5), 2);
	KUNIT_EXPECT_EQ(test, gntalloc_limits_set("", NULL), 0);
	KUNIT_EXPECT_EQ(test, gntalloc_domain_cap(5), 3);
	domain_limit = saved;
	gnttab_audit_release(file->af);
}

struct reserve_race {
	struct gntalloc_file *file;
	atomic_t over;		/* times a thread saw the count above the cap */
	atomic_t running;
	struct completion done;
};

/* Reserves and gives back 1 many times, checking the cap is never passed. */
static int reserve_race_thread(void *arg)
{
	struct reserve_race *r = arg;
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		if (!gntalloc_reserve(r->file, 8, 1)) {
			if (gntalloc_file_grefs(r->file) > 2)
				atomic_inc(&r->over);
			gntalloc_unreserve(r->file, 8, 1);
		}
		if (!(i % 256))
			cond_resched();
	}
	if (atomic_dec_and_test(&r->running))
		complete(&r->done);
	return 0;
}

static void reserve_concurrent_test(struct kunit *test)
{
	struct reserve_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int saved = gntalloc_file_limit;
	struct task_struct *t;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, gnttab_audit_track_domain(&gntalloc_audit, 8), 0);
	r->file = test_file(test);
	gntalloc_file_limit = 2;
	atomic_set(&r->running, 4);
	init_completion(&r->done);
	for (i = 0; i < 4; i++) {
		t = kthread_run(reserve_race_thread, r, "gntalloc-kunit/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	wait_for_completion(&r->done);
	gntalloc_file_limit = saved;
	KUNIT_EXPECT_EQ(test, gntalloc_file_grefs(r->file), 0);
	KUNIT_EXPECT_EQ(test, granted_to(8), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->over), 0);
	gnttab_audit_release(r->file->af);
}

/* A file with fake grefs at the page offsets @pgoffs, listed in order. */
static struct gntalloc_file *fake_file(struct kunit *test, const u64 *pgoffs,
				       unsigned int n)
{
	struct gntalloc_file *file = kunit_kzalloc(test, sizeof(*file),
						   GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, file);
	mutex_init(&file->lock);
	INIT_LIST_HEAD(&file->grefs);
	file->af = gnttab_audit_open(&gntalloc_audit);
	KUNIT_ASSERT_NOT_NULL(test, file->af);
	for (i = 0; i < n; i++) {
		struct gntalloc_gref *gref = kunit_kzalloc(test, sizeof(*gref),
							   GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, gref);
		gref->pgoff = pgoffs[i];
		gref->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, gref->page);
		refcount_set(&gref->users, 1);
		list_add_tail(&gref->node, &file->grefs);
		file->next_pgoff = pgoffs[i] + 1;
	}
	/* What mmap bounds a run by; no domain's count is touched. */
	atomic64_set(&file->af->counts.v[GNTALLOC_GRANTED], n);
	return file;
}

static void free_fake_file(struct gntalloc_file *file)
{
	struct gntalloc_gref *gref;

	list_for_each_entry(gref, &file->grefs, node)
		__free_page(gref->page);
	atomic64_set(&file->af->counts.v[GNTALLOC_GRANTED], 0);
	gnttab_audit_release(file->af);
}

static u64 run_at(struct gntalloc_file *file, u64 pgoff, u64 count)
{
	struct gntalloc_gref *gref;

	mutex_lock(&file->lock);
	gref = gntalloc_find_run(file, pgoff, count);
	mutex_unlock(&file->lock);
	return gref ? gref->pgoff : U64_MAX;
}

/* Offsets 0-2 (one allocation), 5-6 (after a dealloc of 3-4), 10. */
static const u64 sample_pgoffs[] = { 0, 1, 2, 5, 6, 10 };

static void find_run_test(struct kunit *test)
{
	struct gntalloc_file *file = fake_file(test, sample_pgoffs,
					       ARRAY_SIZE(sample_pgoffs));

	KUNIT_EXPECT_EQ(test, run_at(file, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, run_at(file, 0, 3), 0);
	KUNIT_EXPECT_EQ(test, run_at(file, 1, 2), 1);
	KUNIT_EXPECT_EQ(test, run_at(file, 2, 1), 2);
	KUNIT_EXPECT_EQ(test, run_at(file, 5, 2), 5);
	KUNIT_EXPECT_EQ(test, run_at(file, 10, 1), 10);
	/* A run may not cross a hole, nor start or end in one. */
	KUNIT_EXPECT_EQ(test, run_at(file, 0, 4), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 2, 2), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 3, 1), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 4, 2), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 6, 2), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 11, 1), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, 0, U64_MAX), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, U64_MAX, 1), U64_MAX);
	KUNIT_EXPECT_EQ(test, run_at(file, U64_MAX >> PAGE_SHIFT, 1), U64_MAX);
	free_fake_file(file);

	file = fake_file(test, NULL, 0);
	KUNIT_EXPECT_EQ(test, run_at(file, 0, 1), U64_MAX);
	free_fake_file(file);
}

/* A VMA as mmap() would hand it to the driver, @pages long at @pgoff. */
static struct vm_area_struct *fake_vma(struct kunit *test, u64 pgoff,
				       unsigned long pages, bool shared)
{
	struct vm_area_struct *vma = kunit_kzalloc(test, sizeof(*vma),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vma);
	vma->vm_start = 0x100000;
	vma->vm_end = vma->vm_start + pages * PAGE_SIZE;
	vma->vm_pgoff = pgoff;
	vma->vm_flags = VM_READ | VM_WRITE | (shared ? VM_SHARED : 0);
	return vma;
}

static int try_mmap(struct kunit *test, struct gntalloc_file *file,
		    struct vm_area_struct *vma)
{
	struct file *filp = kunit_kzalloc(test, sizeof(*filp), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, filp);
	filp->private_data = file;
	return gntalloc_mmap_grefs(filp, vma);
}

static void mmap_args_test(struct kunit *test)
{
	struct gntalloc_file *file = fake_file(test, sample_pgoffs,
					       ARRAY_SIZE(sample_pgoffs));
	struct gntalloc_gref *first;
	struct vm_area_struct *vma;

	first = list_first_entry(&file->grefs, struct gntalloc_gref, node);
	KUNIT_EXPECT_EQ(test, try_mmap(test, file, fake_vma(test, 0, 3, false)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, try_mmap(test, file, fake_vma(test, 0, 7, true)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, try_mmap(test, file, fake_vma(test, 3, 1, true)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, try_mmap(test, file, fake_vma(test, 1, 3, true)),
			-ENOENT);
	/* Refused requests took no user of any gref. */
	KUNIT_EXPECT_EQ(test, refcount_read(&first->users), 1);

	vma = fake_vma(test, 0, 3, true);
	KUNIT_ASSERT_EQ(test, try_mmap(test, file, vma), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&first->users), 2);
	KUNIT_EXPECT_PTR_EQ(test, vma->vm_ops, &gntalloc_vm_ops);
	KUNIT_EXPECT_TRUE(test, vma->vm_flags & VM_DONTEXPAND);
	/* A split VMA shares the mapping; the last close drops the users. */
	gntalloc_vm_open(vma);
	gntalloc_vm_close(vma);
	KUNIT_EXPECT_EQ(test, refcount_read(&first->users), 2);
	gntalloc_vm_close(vma);
	KUNIT_EXPECT_EQ(test, refcount_read(&first->users), 1);
	free_fake_file(file);
}

/* What a fault at page offset @pgoff of @vma gives; its page in @page. */
static vm_fault_t fault_at(struct vm_area_struct *vma, u64 pgoff,
			   struct page **page)
{
	struct vm_fault vmf = { .vma = vma, .pgoff = pgoff };
	vm_fault_t rc = gntalloc_vm_fault(&vmf);

	*page = vmf.page;
	return rc;
}

static void fault_bounds_test(struct kunit *test)
{
	struct gntalloc_file *file = fake_file(test, sample_pgoffs,
					       ARRAY_SIZE(sample_pgoffs));
	struct vm_area_struct *vma = fake_vma(test, 5, 2, true);
	struct gntalloc_gref *six;
	struct page *page;

	KUNIT_ASSERT_EQ(test, try_mmap(test, file, vma), 0);
	six = list_last_entry(&file->grefs, struct gntalloc_gref, node);
	six = list_prev_entry(six, node);
	KUNIT_ASSERT_EQ(test, six->pgoff, 6);
	KUNIT_EXPECT_TRUE(test, fault_at(vma, 6, &page) == 0);
	KUNIT_EXPECT_PTR_EQ(test, page, six->page);
	put_page(page);
	KUNIT_EXPECT_TRUE(test, fault_at(vma, 4, &page) == VM_FAULT_SIGBUS);
	KUNIT_EXPECT_TRUE(test, fault_at(vma, 7, &page) == VM_FAULT_SIGBUS);
	gntalloc_vm_close(vma);
	free_fake_file(file);
}

static void notify_byte_test(struct kunit *test)
{
	static const u64 zero;
	struct gntalloc_file *file = fake_file(test, &zero, 1);
	struct gntalloc_gref *gref = list_first_entry(&file->grefs,
						      struct gntalloc_gref,
						      node);
	u8 *p = page_address(gref->page);
	static const u16 offsets[] = { 0, 1, PAGE_SIZE / 2, PAGE_SIZE - 1 };
	unsigned int i, rest;

	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		memset(p, 0xee, PAGE_SIZE);
		gref->notify.action = UNMAP_NOTIFY_CLEAR_BYTE;
		gref->notify.offset = offsets[i];
		gntalloc_notify_fire(file, gref);
		KUNIT_EXPECT_EQ(test, p[offsets[i]], 0);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(p, 0xee, offsets[i]), NULL);
		rest = PAGE_SIZE - offsets[i] - 1;
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(p + offsets[i] + 1, 0xee,
						     rest), NULL);
	}
	/* Each clear is counted against the file. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&file->af->counts.v[GNTALLOC_NOTIFIES]),
			ARRAY_SIZE(offsets));
	/* No request, no write. */
	memset(p, 0xee, PAGE_SIZE);
	gref->notify.action = 0;
	gntalloc_notify_fire(file, gref);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(p, 0xee, PAGE_SIZE), NULL);
	free_fake_file(file);
}

static struct kunit_case gntalloc_cases[] = {
	KUNIT_CASE(reserve_caps_test),
	KUNIT_CASE(domain_caps_test),
	KUNIT_CASE(reserve_concurrent_test),
	KUNIT_CASE(find_run_test),
	KUNIT_CASE(mmap_args_test),
	KUNIT_CASE(fault_bounds_test),
	KUNIT_CASE(notify_byte_test),
	{}
};

static struct kunit_suite gntalloc_suite = {
	.name = "gntalloc",
	.suite_init = gntalloc_suite_init,
	.suite_exit = gntalloc_suite_exit,
	.test_cases = gntalloc_cases,
};

kunit_test_suite(gntalloc_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the gntalloc driver's helpers");
