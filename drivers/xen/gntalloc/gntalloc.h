/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the gntalloc driver. The lifetime rules these
 * structures follow are described at the top of main.c.
 */
#ifndef GNTALLOC_H
#define GNTALLOC_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <xen/grant_table.h>
#include <xen/interface/event_channel.h>

#include "../shared/audit.h"

/* Columns of the accounting (Documentation/admin-guide/gntalloc.rst). */
enum gntalloc_counter {
	GNTALLOC_GRANTED,	/* pages counted against the limits now */
	GNTALLOC_GRANTS,	/* pages granted, total */
	GNTALLOC_GRANT_FAILURES, /* pages requested but not granted */
	GNTALLOC_UNGRANTS,	/* grants ended, total */
	GNTALLOC_NOTIFIES,	/* unmap notification actions carried out */
	GNTALLOC_REFUSED,	/* requests refused by a limit (ENOSPC) */
	GNTALLOC_DENIED,	/* requests refused by the restriction */
	GNTALLOC_NR_COUNTERS
};

extern unsigned int gntalloc_limit;
extern unsigned int gntalloc_file_limit;
extern struct gnttab_audit gntalloc_audit;

/*
 * What to do when the last local user of a gref goes away. Packed, so that
 * the gref it is part of fits a 48-byte object.
 */
struct gntalloc_notify {
	evtchn_port_t port;		/* holds an evtchn_get() reference */
	u16 offset : PAGE_SHIFT;	/* byte to clear, within the page */
	u16 action : 2;			/* UNMAP_NOTIFY_* bits; 0: nothing */
} __packed;

/* One open file of /dev/xen/gntalloc. */
struct gntalloc_file {
	/* Protects grefs, next_pgoff and the notify fields of listed grefs. */
	struct mutex lock;
	/* The grefs ALLOC_GREF added and DEALLOC_GREF has not removed. */
	struct list_head grefs;	/* sorted by pgoff: offsets only grow */
	u64 next_pgoff;		/* page offset the next ALLOC_GREF gets */
	/* Restriction and counters; GNTALLOC_GRANTED counts its grefs. */
	struct gnttab_audit_file *af;
};

/*
 * One granted page: 48 bytes, the largest cost per page that the driver
 * keeps, in a cache of its own. Whoever drops a user knows the file.
 */
struct gntalloc_gref {
	struct list_head node;	/* in file->grefs while listed */
	u64 pgoff;		/* page offset in the file */
	struct page *page;
	grant_ref_t ref;
	/* +1 while listed, +1 per mapping that covers it. */
	refcount_t users;
	struct gntalloc_notify notify;
	domid_t domid;		/* the peer it is granted to */
};

/* How many released grefs and pages struct gntalloc_release frees at once. */
#define GNTALLOC_FREE_BATCH 16

/*
 * Grefs of one file whose last users go in one operation: the accounting
 * is updated once per run of grefs of the same domain, and the grefs and
 * the pages whose grants ended are freed in batches, not one by one.
 */
struct gntalloc_release {
	struct gntalloc_file *file;
	domid_t domid;
	u32 count;		/* released, not yet accounted */
	u32 nr_grefs, nr_pages;	/* released, not yet freed */
	void *grefs[GNTALLOC_FREE_BATCH];
	struct page *pages[GNTALLOC_FREE_BATCH];
};

int gntalloc_reserve(struct gntalloc_file *file, domid_t domid,
		     unsigned int count);
void gntalloc_unreserve(struct gntalloc_file *file, domid_t domid,
			unsigned int count);
u64 gntalloc_domain_cap(domid_t domid);
int gntalloc_grefs_create(struct gntalloc_file *file, domid_t domid,
			  bool writable, u32 count, struct list_head *created,
			  u32 __user *ids);
void gntalloc_gref_put(struct gntalloc_gref *gref,
		       struct gntalloc_release *release);
void gntalloc_release_done(struct gntalloc_release *release);
int gntalloc_gref_cache_init(void);
void gntalloc_gref_cache_exit(void);
struct gntalloc_gref *gntalloc_find_run(struct gntalloc_file *file,
					u64 pgoff, u64 count);

long gntalloc_ioctl_set_unmap_notify(struct gntalloc_file *file,
				     void __user *uarg);
void gntalloc_notify_fire(struct gntalloc_file *file,
			  struct gntalloc_gref *gref);

/* How many grefs the file counts now: an upper bound of any run. */
static inline u64 gntalloc_file_grefs(struct gntalloc_file *file)
{
	return atomic64_read(&file->af->counts.v[GNTALLOC_GRANTED]);
}

int gntalloc_mmap(struct file *filp, struct vm_area_struct *vma);

long gntalloc_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);
#ifdef CONFIG_COMPAT
long gntalloc_compat_ioctl(struct file *filp, unsigned int cmd,
			   unsigned long arg);
#else
#define gntalloc_compat_ioctl NULL
#endif

#endif /* GNTALLOC_H */
