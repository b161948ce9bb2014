/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the gntdev driver, shared by its files:
 * main.c (file operations, ioctls, module), map.c (grant map objects),
 * mmap.c (user mappings), copy.c (grant copy), notify.c (unmap
 * notification), compat.c (32-bit processes) and account.c (restriction
 * and accounting, shared code).
 */
#ifndef _GNTDEV_INTERNAL_H
#define _GNTDEV_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>
#include <xen/interface/event_channel.h>
#include <xen/gntdev.h>

#include "../shared/audit.h"

/* Columns of the accounting (Documentation/admin-guide/gntdev.rst). */
enum gntdev_counter {
	GNTDEV_RESERVED,	/* grants in MAP_GRANT_REF reservations now */
	GNTDEV_MAPPED,		/* grants mapped now */
	GNTDEV_MAPS,		/* grants mapped, total */
	GNTDEV_MAP_FAILURES,	/* grants that failed to map */
	GNTDEV_UNMAPS,		/* grants unmapped, total */
	GNTDEV_COPIES,		/* GRANT_COPY segments that succeeded */
	GNTDEV_COPY_FAILURES,	/* ... and that failed */
	GNTDEV_NOTIFIES,	/* unmap notification actions carried out */
	GNTDEV_REFUSED,		/* requests refused by a limit (ENOSPC) */
	GNTDEV_DENIED,		/* requests refused by the restriction */
	GNTDEV_NR_COUNTERS
};

/* Grant-table hypercalls made, by operation (debugfs "hypercalls"). */
enum gntdev_hypercall {
	GNTDEV_HC_MAP,
	GNTDEV_HC_UNMAP,
	GNTDEV_HC_COPY,
	GNTDEV_NR_HC
};

/* One open file of /dev/xen/gntdev. */
struct gntdev_file {
	/* Protects everything below. Taken under mmap_lock by mmap. */
	struct mutex lock;
	/* Reserved maps, sorted by index; each holds one map reference. */
	struct list_head maps;
	/* Grants in the maps on the list, and the cap on that number. */
	u64 reserved;
	u64 max_grants;
	/* Restriction and counters; maps hold references of their own. */
	struct gnttab_audit_file *af;
};

/* What to do for the peer when a map goes away (SET_UNMAP_NOTIFY). */
struct gntdev_notify {
	u32 action;		/* UNMAP_NOTIFY_* */
	u64 offset;		/* byte to clear, relative to the map start */
	evtchn_port_t port;	/* holds an evtchn_get() reference */
};

/* The grants of one MAP_GRANT_REF request. */
struct gntdev_map {
	struct kref ref;
	/* Entry in gntdev_file.maps while on_list; guarded by its lock. */
	struct list_head next;
	bool on_list;
	/* Page offset in the file; fixed for the map's life. */
	u64 index;
	unsigned int count;
	struct ioctl_gntdev_grant_ref *grants;
	/* The file's counters, referenced until the map is freed. */
	struct gnttab_audit_file *af;
	/* Unpopulated pages the grants are mapped onto, gnttab_alloc_pages(). */
	struct page **pages;
	bool pages_allocated;

	/* Guards what follows. Taken under mmap_lock; no allocation under it. */
	struct mutex lock;
	/* Set by the first mmap; a map is mmap'ed at most once. */
	bool mmapped;
	bool readonly;
	/* Start of the VMA at mmap time (PV: where the grant PTEs are). */
	unsigned long vm_start;
	/* PV: user PTE mappings; INVALID_GRANT_HANDLE once unmapped. */
	struct gnttab_unmap_grant_ref *user_unmap;

	/*
	 * Guards the backing mappings and kmappable. Taken under map.lock and
	 * under the page-table lock (find_special_page): a spinlock.
	 */
	spinlock_t kmap_lock;
	/*
	 * Mappings of the backing pages themselves: on auto-translated
	 * domains made by mmap; on PV (the page's kernel address) only when
	 * the kernel needs the page, while its bit in kmappable is set.
	 * INVALID_GRANT_HANDLE once unmapped.
	 */
	struct gnttab_unmap_grant_ref *backing_unmap;
	unsigned int backing_live;
	/* PV: the pages whose user mapping is live and not being ended. */
	unsigned long *kmappable;
	struct mmu_interval_notifier notifier;
	bool notifier_live;
	struct gntdev_notify notify;

	/* Deferred unmap of the backing pages while they are still in use. */
	struct delayed_work unmap_work;
	unsigned int unmap_tries;
};

extern bool gntdev_pv;
extern struct workqueue_struct *gntdev_wq;
extern struct gnttab_audit gntdev_audit;
extern atomic64_t gntdev_hypercalls[GNTDEV_NR_HC];

struct gntdev_map *gntdev_map_alloc(struct ioctl_gntdev_grant_ref *grants,
				    unsigned int count, u64 global_cap,
				    struct gnttab_audit_file *af);
void gntdev_map_get(struct gntdev_map *map);
void gntdev_map_put(struct gntdev_map *map);
int gntdev_map_add(struct gntdev_file *file, struct gntdev_map *map);
void gntdev_map_del(struct gntdev_file *file, struct gntdev_map *map);
bool gntdev_file_holds_other(struct gntdev_file *file, u32 domid);
struct gntdev_map *gntdev_map_find(struct gntdev_file *file, u64 index,
				   unsigned int count);
struct gntdev_map *gntdev_map_find_byte(struct gntdev_file *file, u64 byte);
int gntdev_map_grants(struct gntdev_map *map, const u64 *pte_maddrs);
bool gntdev_map_backing_page(struct gntdev_map *map, unsigned int i);
void gntdev_unmap_user_range(struct gntdev_map *map, unsigned int first,
			     unsigned int n);
void gntdev_notify_clear_byte(struct gntdev_map *map, unsigned int first,
			      unsigned int n);
void gntdev_notify_send_event(struct gntdev_map *map);
long gntdev_ioctl_set_unmap_notify(struct gntdev_file *file,
				   struct ioctl_gntdev_unmap_notify __user *arg);

int gntdev_mmap(struct file *filp, struct vm_area_struct *vma);
bool gntdev_is_vma(struct vm_area_struct *vma);

long gntdev_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* Reads the @n user segments at @useg into @seg: 0 or -EFAULT. */
typedef int (*gntdev_copy_read_fn)(struct gntdev_grant_copy_segment *seg,
				   const struct gntdev_grant_copy_segment __user *useg,
				   unsigned int n);
long gntdev_grant_copy(struct gntdev_file *file,
		       struct gntdev_grant_copy_segment __user *segs,
		       unsigned int count, gntdev_copy_read_fn read);
long gntdev_ioctl_grant_copy(struct gntdev_file *file,
			     struct ioctl_gntdev_grant_copy __user *arg);

#ifdef CONFIG_COMPAT
long gntdev_compat_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);
#else
#define gntdev_compat_ioctl NULL
#endif

#endif
