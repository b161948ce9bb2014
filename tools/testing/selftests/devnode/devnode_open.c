// SPDX-License-Identifier: GPL-2.0
/*
 * The device nodes exist, are misc character devices, open, belong to our
 * modules (not Linux's xen-gntdev/xen-gntalloc) and refuse unknown ioctls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define MISC_MAJOR 10u

FIXTURE(devnode) {
	int unused;
};

FIXTURE_VARIANT(devnode) {
	const char *node;
	const char *ours;	/* /sys/module/ name of our module */
	const char *intree;	/* and of Linux's, which must not be loaded */
};

FIXTURE_VARIANT_ADD(devnode, gntdev) {
	.node = "/dev/xen/gntdev",
	.ours = "gntdev",
	.intree = "xen_gntdev",
};

FIXTURE_VARIANT_ADD(devnode, gntalloc) {
	.node = "/dev/xen/gntalloc",
	.ours = "gntalloc",
	.intree = "xen_gntalloc",
};

FIXTURE_SETUP(devnode) {}
FIXTURE_TEARDOWN(devnode) {}

static int module_refcnt(const char *module)
{
	char path[128];
	FILE *f;
	int n = -1;

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt", module);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

TEST_F(devnode, is_misc_char_device)
{
	struct stat st;

	ASSERT_EQ(0, stat(variant->node, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(MISC_MAJOR, major(st.st_rdev));
}

TEST_F(devnode, opens_read_write)
{
	int fd = open(variant->node, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
}

/* Our module is loaded, Linux's is not, and an open file pins ours. */
TEST_F(devnode, belongs_to_our_module)
{
	char path[128];
	int before, during, fd;

	snprintf(path, sizeof(path), "/sys/module/%s", variant->intree);
	EXPECT_NE(0, access(path, F_OK));
	before = module_refcnt(variant->ours);
	ASSERT_LE(0, before);
	fd = open(variant->node, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	during = module_refcnt(variant->ours);
	close(fd);
	EXPECT_EQ(before + 1, during);
	EXPECT_EQ(before, module_refcnt(variant->ours));
}

TEST_F(devnode, unknown_ioctl_is_enotty)
{
	int fd = open(variant->node, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ioctl(fd, _IOC(_IOC_NONE, 'G', 0x7f, 0), 0));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST_HARNESS_MAIN
