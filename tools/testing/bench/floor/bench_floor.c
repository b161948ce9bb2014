// SPDX-License-Identifier: GPL-2.0
/*
 * bench_floor: what Xen itself charges for mapping grants, for `make bench`.
 *
 * Times one GNTTABOP_map_grant_ref and one GNTTABOP_unmap_grant_ref
 * hypercall of N grants, host mappings only: no user mapping, no p2m update,
 * no page-table walk. The grants are pages this module grants to its own
 * domain; they are mapped onto pages from gnttab_alloc_pages(), the kind of
 * page the grant devices map onto.
 *
 *	# echo 1024 > /sys/kernel/debug/bench_floor/run
 *	# cat /sys/kernel/debug/bench_floor/run
 *	1024 812345 402311
 *
 * The line read back is "N MAP_CYCLES UNMAP_CYCLES" of the last run, in TSC
 * cycles (get_cycles()): under TCG the vCPUs' Xen clocks disagree and the
 * kernel's clock stands still while one catches up with the other. Each write sets
 * everything up, makes the two timed hypercalls, and frees everything again:
 * nothing outlives the write but that line.
 */
#define pr_fmt(fmt) "bench_floor: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/timex.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>

static unsigned int domid;
module_param(domid, uint, 0444);
MODULE_PARM_DESC(domid, "This domain's id (the grants are made to it)");

static unsigned int max_grants = 65536;
module_param(max_grants, uint, 0644);
MODULE_PARM_DESC(max_grants, "Largest N a write may ask for");

static struct dentry *floor_dir;
/* Serialises runs, and guards the result line. */
static DEFINE_MUTEX(floor_lock);
static char floor_result[64];

/* What one run needs: granted pages, their grants, pages to map them onto. */
struct floor_run {
	unsigned int n;
	struct page **granted;
	grant_ref_t *refs;
	struct page **targets;
	struct gnttab_map_grant_ref *map;
	struct gnttab_unmap_grant_ref *unmap;
	unsigned int nr_granted, nr_refs;
	bool have_targets;
};

static void floor_free(struct floor_run *run)
{
	unsigned int i;

	for (i = 0; i < run->nr_refs; i++) {
		/* Every mapping was undone, so the grant is free to end. */
		if (gnttab_end_foreign_access_ref(run->refs[i]))
			gnttab_free_grant_reference(run->refs[i]);
		else
			pr_warn("grant %u still in use: leaking it\n", run->refs[i]);
	}
	for (i = 0; i < run->nr_granted; i++)
		__free_page(run->granted[i]);
	if (run->have_targets)
		gnttab_free_pages(run->n, run->targets);
	kvfree(run->unmap);
	kvfree(run->map);
	kvfree(run->targets);
	kvfree(run->refs);
	kvfree(run->granted);
}

static int floor_setup(struct floor_run *run)
{
	unsigned int i, n = run->n;
	int ref;

	run->granted = kvcalloc(n, sizeof(*run->granted), GFP_KERNEL);
	run->refs = kvcalloc(n, sizeof(*run->refs), GFP_KERNEL);
	run->targets = kvcalloc(n, sizeof(*run->targets), GFP_KERNEL);
	run->map = kvcalloc(n, sizeof(*run->map), GFP_KERNEL);
	run->unmap = kvcalloc(n, sizeof(*run->unmap), GFP_KERNEL);
	if (!run->granted || !run->refs || !run->targets || !run->map ||
	    !run->unmap)
		return -ENOMEM;
	for (; run->nr_granted < n; run->nr_granted++) {
		run->granted[run->nr_granted] = alloc_page(GFP_KERNEL);
		if (!run->granted[run->nr_granted])
			return -ENOMEM;
	}
	for (; run->nr_refs < n; run->nr_refs++) {
		ref = gnttab_grant_foreign_access(domid,
						  xen_page_to_gfn(run->granted[run->nr_refs]),
						  0);
		if (ref < 0)
			return ref;
		run->refs[run->nr_refs] = ref;
	}
	if (gnttab_alloc_pages(n, run->targets))
		return -ENOMEM;
	run->have_targets = true;
	for (i = 0; i < n; i++)
		gnttab_set_map_op(&run->map[i],
				  (unsigned long)pfn_to_kaddr(page_to_pfn(run->targets[i])),
				  GNTMAP_host_map, run->refs[i], domid);
	return 0;
}

/* The two timed hypercalls; -EIO if Xen refused any slot. */
static int floor_time(struct floor_run *run, u64 *map_cycles,
		      u64 *unmap_cycles)
{
	unsigned int i, n = run->n, mapped = 0;
	int rc, err = 0;
	cycles_t t0;

	t0 = get_cycles();
	rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, run->map, n);
	*map_cycles = get_cycles() - t0;
	for (i = 0; i < n; i++) {
		if (rc || run->map[i].status != GNTST_okay) {
			err = -EIO;
			continue;
		}
		gnttab_set_unmap_op(&run->unmap[mapped++],
				    (unsigned long)pfn_to_kaddr(page_to_pfn(run->targets[i])),
				    GNTMAP_host_map, run->map[i].handle);
	}
	t0 = get_cycles();
	if (mapped &&
	    HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, run->unmap, mapped))
		err = -EIO;
	*unmap_cycles = get_cycles() - t0;
	for (i = 0; i < mapped; i++)
		if (run->unmap[i].status != GNTST_okay)
			err = -EIO;
	return err;
}

static ssize_t floor_write(struct file *filp, const char __user *buf,
			   size_t len, loff_t *ppos)
{
	struct floor_run run = {};
	u64 map_cycles = 0, unmap_cycles = 0;
	unsigned int n;
	int err;

	err = kstrtouint_from_user(buf, len, 0, &n);
	if (err)
		return err;
	if (!n || n > READ_ONCE(max_grants))
		return -EINVAL;
	run.n = n;
	mutex_lock(&floor_lock);
	err = floor_setup(&run);
	if (!err)
		err = floor_time(&run, &map_cycles, &unmap_cycles);
	floor_free(&run);
	if (!err)
		snprintf(floor_result, sizeof(floor_result), "%u %llu %llu\n",
			 n, map_cycles, unmap_cycles);
	mutex_unlock(&floor_lock);
	return err ? err : len;
}

static ssize_t floor_read(struct file *filp, char __user *buf, size_t len,
			  loff_t *ppos)
{
	char line[sizeof(floor_result)];

	mutex_lock(&floor_lock);
	memcpy(line, floor_result, sizeof(line));
	mutex_unlock(&floor_lock);
	return simple_read_from_buffer(buf, len, ppos, line, strlen(line));
}

static const struct file_operations floor_fops = {
	.owner = THIS_MODULE,
	.write = floor_write,
	.read = floor_read,
	.llseek = default_llseek,
};

static int __init floor_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	floor_dir = debugfs_create_dir("bench_floor", NULL);
	debugfs_create_file("run", 0600, floor_dir, NULL, &floor_fops);
	return 0;
}

static void __exit floor_exit(void)
{
	debugfs_remove_recursive(floor_dir);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_DESCRIPTION("Times bare grant map/unmap hypercalls for make bench");
MODULE_LICENSE("GPL");
