// SPDX-License-Identifier: GPL-2.0
/*
 * Per-domain caps on the pages granted to one peer, on top of the global
 * and per-file ones: a default for every domain and overrides for some,
 * both module parameters an administrator may change at run time:
 *
 *	echo 256 > /sys/module/gntalloc/parameters/domain_limit
 *	echo 3:4096,7:16 > /sys/module/gntalloc/parameters/domain_limits
 *
 * 0 means no cap of its own. Writing domain_limits replaces every
 * override; an empty string removes them. A cap lowered below what a
 * domain already holds refuses new grants only.
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <xen/interface/xen.h>

#include "gntalloc.h"

#define GNTALLOC_MAX_DOMAIN_LIMITS 64

struct gntalloc_domain_limit {
	domid_t domid;
	unsigned int pages;
};

static unsigned int domain_limit;
module_param(domain_limit, uint, 0644);
MODULE_PARM_DESC(domain_limit,
		 "Maximum number of pages granted to any one domain (0: no cap)");

static DEFINE_SPINLOCK(gntalloc_limits_lock);
static struct gntalloc_domain_limit gntalloc_limits[GNTALLOC_MAX_DOMAIN_LIMITS];
static unsigned int gntalloc_nr_limits;

/* The cap on pages granted to @domid, U64_MAX for none. */
u64 gntalloc_domain_cap(domid_t domid)
{
	unsigned int i, pages = READ_ONCE(domain_limit);

	spin_lock(&gntalloc_limits_lock);
	for (i = 0; i < gntalloc_nr_limits; i++) {
		if (gntalloc_limits[i].domid == domid) {
			pages = gntalloc_limits[i].pages;
			break;
		}
	}
	spin_unlock(&gntalloc_limits_lock);
	return pages ? pages : U64_MAX;
}

/* Parses "DOMID:PAGES" into @limit. */
static int gntalloc_parse_limit(char *item, struct gntalloc_domain_limit *limit)
{
	char *pages = strchr(item, ':');

	if (!pages)
		return -EINVAL;
	*pages++ = '\0';
	if (kstrtou16(strim(item), 0, &limit->domid) ||
	    kstrtouint(strim(pages), 0, &limit->pages))
		return -EINVAL;
	return limit->domid < DOMID_FIRST_RESERVED ? 0 : -EINVAL;
}

static int gntalloc_limits_set(const char *val, const struct kernel_param *kp)
{
	struct gntalloc_domain_limit *limits;
	char *copy, *rest, *item;
	unsigned int n = 0;
	int err = 0;

	limits = kcalloc(GNTALLOC_MAX_DOMAIN_LIMITS, sizeof(*limits), GFP_KERNEL);
	copy = kstrdup(val, GFP_KERNEL);
	if (!limits || !copy) {
		err = -ENOMEM;
		goto out;
	}
	rest = strim(copy);
	while (!err && (item = strsep(&rest, ",")) && *item) {
		if (n == GNTALLOC_MAX_DOMAIN_LIMITS)
			err = -ENOSPC;
		else
			err = gntalloc_parse_limit(item, &limits[n++]);
	}
	if (!err) {
		spin_lock(&gntalloc_limits_lock);
		memcpy(gntalloc_limits, limits, n * sizeof(*limits));
		gntalloc_nr_limits = n;
		spin_unlock(&gntalloc_limits_lock);
	}
out:
	kfree(copy);
	kfree(limits);
	return err;
}

static int gntalloc_limits_get(char *buf, const struct kernel_param *kp)
{
	unsigned int i;
	int len = 0;

	spin_lock(&gntalloc_limits_lock);
	for (i = 0; i < gntalloc_nr_limits; i++)
		len += sysfs_emit_at(buf, len, "%s%u:%u", i ? "," : "",
				     gntalloc_limits[i].domid,
				     gntalloc_limits[i].pages);
	spin_unlock(&gntalloc_limits_lock);
	return len + sysfs_emit_at(buf, len, "\n");
}

static const struct kernel_param_ops gntalloc_limits_ops = {
	.set = gntalloc_limits_set,
	.get = gntalloc_limits_get,
};

module_param_cb(domain_limits, &gntalloc_limits_ops, NULL, 0644);
MODULE_PARM_DESC(domain_limits,
		 "Per-domain caps DOMID:PAGES[,...], overriding domain_limit");
