// SPDX-License-Identifier: GPL-2.0
/*
 * Restriction and accounting of grant-device files (see audit.h). Counters
 * are atomics, added at three levels at once (file, peer domain, module),
 * so that no lock is taken on the map and unmap paths; debugfs readers see
 * each counter exact, the columns of a row possibly a moment apart.
 */
#include <linux/debugfs.h>
#include <linux/slab.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypercall.h>

#include "audit.h"

static struct gnttab_audit_counts *gnttab_audit_domain(struct gnttab_audit *audit,
						       u16 domid)
{
	return xa_load(&audit->domains, domid);
}

/*
 * Makes sure @domid has a row, so that later counting (also from contexts
 * that must not allocate, like an MMU notifier) finds it. 0 or -ENOMEM.
 */
int gnttab_audit_track_domain(struct gnttab_audit *audit, u16 domid)
{
	struct gnttab_audit_counts *counts;
	int err;

	if (gnttab_audit_domain(audit, domid))
		return 0;
	counts = kzalloc(sizeof(*counts), GFP_KERNEL);
	if (!counts)
		return -ENOMEM;
	err = xa_insert(&audit->domains, domid, counts, GFP_KERNEL);
	if (err)
		kfree(counts);
	/* -EBUSY: another request added the row first. */
	return err == -EBUSY ? 0 : err;
}

/* Adds @n to @counter of the file, of @domid's row (if tracked) and in total. */
void gnttab_audit_add(struct gnttab_audit_file *af, u16 domid,
		      unsigned int counter, s64 n)
{
	struct gnttab_audit_counts *dom = gnttab_audit_domain(af->audit, domid);

	atomic64_add(n, &af->counts.v[counter]);
	atomic64_add(n, &af->audit->total.v[counter]);
	if (dom)
		atomic64_add(n, &dom->v[counter]);
}

s64 gnttab_audit_total(struct gnttab_audit *audit, unsigned int counter)
{
	return atomic64_read(&audit->total.v[counter]);
}

static int gnttab_audit_param_get(char *buf, const struct kernel_param *kp)
{
	const struct gnttab_audit_param *param = kp->arg;

	return sysfs_emit(buf, "%lld\n",
			  gnttab_audit_total(param->audit, param->counter));
}

/* A summary for administrators in /sys/module/<module>/parameters/. */
const struct kernel_param_ops gnttab_audit_param_ops = {
	.get = gnttab_audit_param_get,
};

/* Adds @n to @v unless the result would pass @cap. */
static bool gnttab_audit_add_capped(atomic64_t *v, s64 n, u64 cap)
{
	s64 old = atomic64_read(v);

	do {
		if ((u64)n > cap || (u64)old > cap - n)
			return false;
	} while (!atomic64_try_cmpxchg(v, &old, old + n));
	return true;
}

/*
 * Adds @n to @counter of the module, the file and @domid's row (tracked
 * before), unless that would pass the cap of one of them; then -ENOSPC and
 * nothing changes. A compare-and-swap per level, so that a request that
 * does not fit never makes a concurrent one that fits fail.
 */
int gnttab_audit_reserve(struct gnttab_audit_file *af, u16 domid,
			 unsigned int counter, unsigned int n,
			 const struct gnttab_audit_caps *caps)
{
	struct gnttab_audit_counts *dom = gnttab_audit_domain(af->audit, domid);
	atomic64_t *total = &af->audit->total.v[counter];
	atomic64_t *file = &af->counts.v[counter];

	if (WARN_ON_ONCE(!dom))
		return -ENOSPC;
	if (!gnttab_audit_add_capped(total, n, caps->total))
		return -ENOSPC;
	if (!gnttab_audit_add_capped(file, n, caps->file))
		goto undo_total;
	if (!gnttab_audit_add_capped(&dom->v[counter], n, caps->domain))
		goto undo_file;
	return 0;

undo_file:
	atomic64_sub(n, file);
undo_total:
	atomic64_sub(n, total);
	return -ENOSPC;
}

/*
 * Restricts the file to @domid. The caller holds the lock under which its
 * requests check gnttab_audit_allows() again before they take effect, and
 * tells whether the file holds anything of another domain.
 */
int gnttab_audit_restrict(struct gnttab_audit_file *af, u32 domid,
			  bool holds_other)
{
	u32 only = READ_ONCE(af->restricted);

	if (domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	if (only == domid)
		return 0;
	if (only != GNTTAB_UNRESTRICTED)
		return -EPERM;
	if (holds_other)
		return -EBUSY;
	WRITE_ONCE(af->restricted, domid);
	return 0;
}

/*
 * An unmap notification of a restricted file may only signal its domain:
 * @port must be connected, or waiting to be connected, to that domain. The
 * caller holds an evtchn_get() reference, so the port cannot be rebound.
 */
int gnttab_audit_check_port(struct gnttab_audit_file *af, evtchn_port_t port)
{
	u32 only = READ_ONCE(af->restricted);
	struct evtchn_status status = { .dom = DOMID_SELF, .port = port };

	if (only == GNTTAB_UNRESTRICTED)
		return 0;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &status))
		return -EPERM;
	if (status.status == EVTCHNSTAT_interdomain &&
	    status.u.interdomain.dom == only)
		return 0;
	if (status.status == EVTCHNSTAT_unbound && status.u.unbound.dom == only)
		return 0;
	return -EPERM;
}

/* fdinfo and debugfs show the counter names; fdinfo with dashes. */
static void gnttab_audit_put_name(struct seq_file *m, const char *name,
				  char underscore)
{
	for (; *name; name++)
		seq_putc(m, *name == '_' ? underscore : *name);
}

static void gnttab_audit_put_counts(struct seq_file *m,
				    const struct gnttab_audit_desc *desc,
				    const struct gnttab_audit_counts *counts)
{
	unsigned int i;

	for (i = 0; i < desc->nr; i++)
		seq_printf(m, " %lld", atomic64_read(&counts->v[i]));
	seq_putc(m, '\n');
}

static void gnttab_audit_put_header(struct seq_file *m,
				    const struct gnttab_audit_desc *desc,
				    const char *first)
{
	unsigned int i;

	seq_puts(m, first);
	for (i = 0; i < desc->nr; i++) {
		seq_putc(m, ' ');
		gnttab_audit_put_name(m, desc->counters[i], '_');
	}
	seq_putc(m, '\n');
}

void gnttab_audit_show_fdinfo(struct seq_file *m, struct gnttab_audit_file *af)
{
	const struct gnttab_audit_desc *desc = af->audit->desc;
	u32 only = READ_ONCE(af->restricted);
	unsigned int i;

	if (only == GNTTAB_UNRESTRICTED)
		seq_printf(m, "%s-restricted:\tnone\n", desc->name);
	else
		seq_printf(m, "%s-restricted:\t%u\n", desc->name, only);
	for (i = 0; i < desc->nr; i++) {
		seq_printf(m, "%s-", desc->name);
		gnttab_audit_put_name(m, desc->counters[i], '-');
		seq_printf(m, ":\t%lld\n", atomic64_read(&af->counts.v[i]));
	}
}

static int gnttab_audit_domains_show(struct seq_file *m, void *unused)
{
	struct gnttab_audit *audit = m->private;
	struct gnttab_audit_counts *counts;
	unsigned long domid;

	gnttab_audit_put_header(m, audit->desc, "domid");
	xa_for_each(&audit->domains, domid, counts) {
		seq_printf(m, "%lu", domid);
		gnttab_audit_put_counts(m, audit->desc, counts);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gnttab_audit_domains);

static int gnttab_audit_files_show(struct seq_file *m, void *unused)
{
	struct gnttab_audit *audit = m->private;
	struct gnttab_audit_file *af;
	u32 only;

	gnttab_audit_put_header(m, audit->desc, "file pid comm restricted");
	mutex_lock(&audit->files_lock);
	list_for_each_entry(af, &audit->files, node) {
		only = READ_ONCE(af->restricted);
		seq_printf(m, "%llu %d %s ", af->id, af->pid, af->comm);
		if (only == GNTTAB_UNRESTRICTED)
			seq_putc(m, '-');
		else
			seq_printf(m, "%u", only);
		gnttab_audit_put_counts(m, audit->desc, &af->counts);
	}
	mutex_unlock(&audit->files_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gnttab_audit_files);

/* Debugfs is optional: its failures are not errors (see debugfs.h). */
int gnttab_audit_init(struct gnttab_audit *audit,
		      const struct gnttab_audit_desc *desc)
{
	if (WARN_ON(desc->nr > GNTTAB_AUDIT_MAX_COUNTERS))
		return -EINVAL;
	audit->desc = desc;
	xa_init(&audit->domains);
	mutex_init(&audit->files_lock);
	INIT_LIST_HEAD(&audit->files);
	audit->debugfs = debugfs_create_dir(desc->name, NULL);
	debugfs_create_file("domains", 0400, audit->debugfs, audit,
			    &gnttab_audit_domains_fops);
	debugfs_create_file("files", 0400, audit->debugfs, audit,
			    &gnttab_audit_files_fops);
	return 0;
}

void gnttab_audit_exit(struct gnttab_audit *audit)
{
	struct gnttab_audit_counts *counts;
	unsigned long domid;

	debugfs_remove_recursive(audit->debugfs);
	xa_for_each(&audit->domains, domid, counts)
		kfree(counts);
	xa_destroy(&audit->domains);
}

struct gnttab_audit_file *gnttab_audit_open(struct gnttab_audit *audit)
{
	struct gnttab_audit_file *af = kzalloc(sizeof(*af), GFP_KERNEL);
	char *c;

	if (!af)
		return NULL;
	kref_init(&af->ref);
	af->audit = audit;
	af->id = atomic64_inc_return(&audit->last_file_id);
	af->pid = task_tgid_nr(current);
	get_task_comm(af->comm, current);
	/* One word per column in the files table. */
	for (c = af->comm; *c; c++) {
		if (*c <= ' ')
			*c = '_';
	}
	af->restricted = GNTTAB_UNRESTRICTED;
	mutex_lock(&audit->files_lock);
	list_add_tail(&af->node, &audit->files);
	mutex_unlock(&audit->files_lock);
	return af;
}

static void gnttab_audit_free(struct kref *ref)
{
	kfree(container_of(ref, struct gnttab_audit_file, ref));
}

void gnttab_audit_get(struct gnttab_audit_file *af)
{
	kref_get(&af->ref);
}

void gnttab_audit_put(struct gnttab_audit_file *af)
{
	kref_put(&af->ref, gnttab_audit_free);
}

/* The file is closed: off the list; counting may go on until the last put. */
void gnttab_audit_release(struct gnttab_audit_file *af)
{
	struct gnttab_audit *audit = af->audit;

	mutex_lock(&audit->files_lock);
	list_del(&af->node);
	mutex_unlock(&audit->files_lock);
	gnttab_audit_put(af);
}
