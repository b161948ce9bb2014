// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntdev: map pages that other domains granted to this one.
 *
 * This is the skeleton the harness loads: it registers the device node and
 * answers every ioctl with ENOTTY. The mapping paths come with the driver.
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <xen/xen.h>
#include <xen/gntdev.h>

static long gntdev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations gntdev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gntdev_ioctl,
};

static struct miscdevice gntdev_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/gntdev",
	.fops = &gntdev_fops,
};

static int __init gntdev_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	return misc_register(&gntdev_miscdev);
}

static void __exit gntdev_exit(void)
{
	misc_deregister(&gntdev_miscdev);
}

module_init(gntdev_init);
module_exit(gntdev_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map grants of other Xen domains into user space");
