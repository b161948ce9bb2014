/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restriction and accounting of open grant-device files, the same for
 * gntdev and gntalloc. audit.c is compiled into each module (through a
 * one-line audit.c in the driver's folder), so each module keeps its own
 * tables under its own name.
 *
 * Lifetimes: struct gnttab_audit lives from module init to exit. A
 * domain's row is created by the first request naming that domain and kept
 * until module exit: its totals are the audit trail. A file's record is
 * counted (kref): the open file holds one reference, and anything that may
 * outlive the file and still counts against it (gntdev's deferred unmaps)
 * holds another. It leaves the `files` list when the file is released.
 */
#ifndef GNTTAB_AUDIT_H
#define GNTTAB_AUDIT_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/xarray.h>
#include <xen/interface/event_channel.h>

#define GNTTAB_AUDIT_MAX_COUNTERS 12
/* gnttab_audit_file.restricted of a file that may reach any domain. */
#define GNTTAB_UNRESTRICTED U32_MAX

/* What one module counts: column names, in the order of its enum. */
struct gnttab_audit_desc {
	const char *name;		/* debugfs folder and fdinfo prefix */
	const char * const *counters;	/* snake_case column names */
	unsigned int nr;
};

struct gnttab_audit_counts {
	atomic64_t v[GNTTAB_AUDIT_MAX_COUNTERS];
};

/* One module's tables. */
struct gnttab_audit {
	const struct gnttab_audit_desc *desc;
	struct gnttab_audit_counts total;
	struct xarray domains;		/* domid -> struct gnttab_audit_counts */
	struct mutex files_lock;	/* guards files */
	struct list_head files;
	atomic64_t last_file_id;
	struct dentry *debugfs;
};

/* One open file. */
struct gnttab_audit_file {
	struct kref ref;
	struct gnttab_audit *audit;
	struct list_head node;		/* in audit->files until release */
	u64 id;
	pid_t pid;			/* the opener's */
	char comm[TASK_COMM_LEN];
	/* GNTTAB_UNRESTRICTED or the only domain; set once, never cleared. */
	u32 restricted;
	struct gnttab_audit_counts counts;
};

int gnttab_audit_init(struct gnttab_audit *audit,
		      const struct gnttab_audit_desc *desc);
void gnttab_audit_exit(struct gnttab_audit *audit);

struct gnttab_audit_file *gnttab_audit_open(struct gnttab_audit *audit);
void gnttab_audit_release(struct gnttab_audit_file *af);
void gnttab_audit_get(struct gnttab_audit_file *af);
void gnttab_audit_put(struct gnttab_audit_file *af);

int gnttab_audit_track_domain(struct gnttab_audit *audit, u16 domid);
void gnttab_audit_add(struct gnttab_audit_file *af, u16 domid,
		      unsigned int counter, s64 n);
s64 gnttab_audit_total(struct gnttab_audit *audit, unsigned int counter);

/* What a read-only module parameter of gnttab_audit_param_ops shows. */
struct gnttab_audit_param {
	struct gnttab_audit *audit;
	unsigned int counter;		/* its module-wide total */
};

extern const struct kernel_param_ops gnttab_audit_param_ops;

/* Caps on a counter at each level, for gnttab_audit_reserve(). */
struct gnttab_audit_caps {
	u64 total;
	u64 file;
	u64 domain;
};

int gnttab_audit_reserve(struct gnttab_audit_file *af, u16 domid,
			 unsigned int counter, unsigned int n,
			 const struct gnttab_audit_caps *caps);

int gnttab_audit_restrict(struct gnttab_audit_file *af, u32 domid,
			  bool holds_other);
int gnttab_audit_check_port(struct gnttab_audit_file *af, evtchn_port_t port);

/* Whether a file may name @domid; a lockless read of a set-once field. */
static inline bool gnttab_audit_allows(struct gnttab_audit_file *af, u16 domid)
{
	u32 only = READ_ONCE(af->restricted);

	return only == GNTTAB_UNRESTRICTED || only == domid;
}

void gnttab_audit_show_fdinfo(struct seq_file *m, struct gnttab_audit_file *af);

#endif /* GNTTAB_AUDIT_H */
