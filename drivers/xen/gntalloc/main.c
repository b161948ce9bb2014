// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntalloc: grant pages of this domain to another domain.
 *
 * This is the skeleton the harness loads: it registers the device node and
 * answers every ioctl with ENOTTY. The granting paths come with the driver.
 */
#define pr_fmt(fmt) "gntalloc: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <xen/xen.h>
#include <xen/gntalloc.h>

static long gntalloc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations gntalloc_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gntalloc_ioctl,
};

static struct miscdevice gntalloc_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/gntalloc",
	.fops = &gntalloc_fops,
};

static int __init gntalloc_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	return misc_register(&gntalloc_miscdev);
}

static void __exit gntalloc_exit(void)
{
	misc_deregister(&gntalloc_miscdev);
}

module_init(gntalloc_init);
module_exit(gntalloc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Grant user-space pages to other Xen domains");
