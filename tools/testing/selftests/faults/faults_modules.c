// SPDX-License-Identifier: GPL-2.0
/*
 * Module unload while the devices are in use, and load/unload cycles.
 * Runs in the `none` profile (tests@none.list): no module is loaded at
 * boot, so C xenstored finds no /dev/xen/gntdev and nobody but this test
 * holds the devices. The test loads our modules from /lib/modules/xq/ours.
 *
 * - unloading gntdev or gntalloc is refused ("in use": delete_module says
 *   EWOULDBLOCK) while a file is open, and while a mapping outlives its
 *   closed file; the device keeps working meanwhile, and the unload
 *   succeeds once the last user is gone;
 * - 100 load/unload cycles, each granting and mapping 512 pages: every
 *   unload succeeds, nothing stays active in Xen, no grant reference leaks
 *   (dom0's grant table would run out long before 100 cycles) and no page
 *   does (MemAvailable would drop by 200 MiB).
 */
#define _GNU_SOURCE
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "faults.h"

#define CYCLES 100
#define CYCLE_PAGES 512

static bool mod_loaded(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* Loads our module @name unless it is loaded; 0 or -errno. */
static int mod_load(const char *name)
{
	char path[64];
	int fd, rc;

	if (mod_loaded(name))
		return 0;
	snprintf(path, sizeof(path), "/lib/modules/xq/ours/%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return rc;
}

static int mod_unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

static long mem_available_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

FIXTURE(mod) {
	bool ready;
	struct faults_snapshot base;
};

FIXTURE_SETUP(mod)
{
	if (access("/lib/modules/xq/ours/gntdev.ko", F_OK))
		SKIP(return, "not in the emulated host (no /lib/modules/xq/ours)");
	if (access("/dev/xen/gntdev", F_OK) == 0 && !mod_loaded("gntdev"))
		SKIP(return, "another gntdev is loaded");
	ASSERT_EQ(0, mod_load("gntdev"));
	ASSERT_EQ(0, mod_load("gntalloc"));
	faults_snapshot(&self->base);
	self->ready = true;
}

FIXTURE_TEARDOWN(mod)
{
	if (!self->ready)
		return;
	EXPECT_EQ(0, mod_load("gntdev"));
	EXPECT_EQ(0, mod_load("gntalloc"));
	FAULTS_EXPECT_CLEAN(&self->base);
}

/* The devices still work: grant a page to ourselves and map it back. */
static void devices_work(struct __test_metadata *_metadata)
{
	struct selfgrant sg;
	unsigned char *p;
	uint64_t index;
	int fd;

	ASSERT_EQ(0, selfgrant_alloc(&sg, 2, 1));
	fd = gd_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gd_map(fd, 2, 0, sg.refs, &index));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0xa1, p[PAGE + 5]);
	p[6] = 0x66;
	EXPECT_EQ(0x66, sg.mem[6]);
	munmap(p, 2 * PAGE);
	close(fd);
	selfgrant_free(&sg);
}

/* @name can be unloaded now, and is loaded again for what follows. */
static void unload_and_reload(struct __test_metadata *_metadata,
			      const char *name)
{
	EXPECT_EQ(0, mod_unload(name)) TH_LOG("%s stays in use", name);
	EXPECT_FALSE(mod_loaded(name));
	ASSERT_EQ(0, mod_load(name));
}

TEST_F(mod, gntdev_unload_refused_while_open)
{
	int fd;

	if (!self->ready)
		return;	/* setup skipped it */
	fd = gd_open();
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EWOULDBLOCK, mod_unload("gntdev"));
	EXPECT_TRUE(mod_loaded("gntdev"));
	devices_work(_metadata);
	close(fd);
	unload_and_reload(_metadata, "gntdev");
	devices_work(_metadata);
}

TEST_F(mod, gntalloc_unload_refused_while_open)
{
	int fd;

	if (!self->ready)
		return;	/* setup skipped it */
	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EWOULDBLOCK, mod_unload("gntalloc"));
	EXPECT_TRUE(mod_loaded("gntalloc"));
	devices_work(_metadata);
	close(fd);
	unload_and_reload(_metadata, "gntalloc");
	devices_work(_metadata);
}

TEST_F(mod, gntdev_unload_refused_while_mapped_after_close)
{
	struct selfgrant sg;
	unsigned char *p;
	uint64_t index;
	unsigned int i;
	int fd;

	if (!self->ready)
		return;	/* setup skipped it */
	ASSERT_EQ(0, selfgrant_alloc(&sg, 4, 1));
	fd = gd_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gd_map(fd, 4, 0, sg.refs, &index));
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	close(fd);

	EXPECT_EQ(-EWOULDBLOCK, mod_unload("gntdev"));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0xa0 + i, p[i * PAGE + 9]);
		p[i * PAGE + 10] = 0x10 + i;
		EXPECT_EQ(0x10 + i, sg.mem[i * PAGE + 10]);
	}
	devices_work(_metadata);
	EXPECT_EQ(0, munmap(p, 4 * PAGE));
	selfgrant_free(&sg);
	unload_and_reload(_metadata, "gntdev");
}

TEST_F(mod, gntalloc_unload_refused_while_mapped_after_close)
{
	struct selfgrant sg;
	unsigned int i;

	if (!self->ready)
		return;	/* setup skipped it */
	ASSERT_EQ(0, selfgrant_alloc(&sg, 4, 1));
	close(sg.fd);
	sg.fd = -1;

	EXPECT_EQ(-EWOULDBLOCK, mod_unload("gntalloc"));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0xa0 + i, sg.mem[i * PAGE + 9]);
		sg.mem[i * PAGE + 10] = 0x10 + i;
		EXPECT_EQ(0x10 + i, sg.mem[i * PAGE + 10]);
	}
	devices_work(_metadata);
	selfgrant_free(&sg);
	unload_and_reload(_metadata, "gntalloc");
}

/* One cycle's work: @count pages granted to ourselves, mapped, checked. */
static int grant_and_map(unsigned int count)
{
	struct ioctl_gntalloc_alloc_gref *a;
	unsigned char *mine = MAP_FAILED, *mapped = MAP_FAILED;
	uint64_t index = 0;
	int ga, gd = -1, rc = -1;
	unsigned int i;

	a = calloc(1, sizeof(*a) + count * sizeof(a->gref_ids[0]));
	ga = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (!a || ga < 0)
		goto out;
	a->domid = 0;
	a->flags = GNTALLOC_FLAG_WRITABLE;
	a->count = count;
	if (ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, a)) {
		printf("# ALLOC_GREF of %u pages: %s\n", count, strerror(errno));
		goto out;
	}
	mine = mmap(NULL, count * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ga,
		    a->index);
	gd = gd_open();
	if (mine == MAP_FAILED || gd < 0 || gd_map(gd, count, 0, a->gref_ids, &index))
		goto out;
	mapped = mmap(NULL, count * PAGE, PROT_READ, MAP_SHARED, gd, index);
	if (mapped == MAP_FAILED)
		goto out;
	for (i = 0; i < count; i++)
		mine[i * PAGE] = (unsigned char)i;
	for (i = 0; i < count; i++)
		if (mapped[i * PAGE] != (unsigned char)i)
			goto out;
	rc = 0;
out:
	if (mapped != MAP_FAILED)
		munmap(mapped, count * PAGE);
	if (mine != MAP_FAILED)
		munmap(mine, count * PAGE);
	if (gd >= 0)
		close(gd);
	if (ga >= 0)
		close(ga);
	free(a);
	return rc;
}

TEST_F_TIMEOUT(mod, load_unload_100_cycles, 800)
{
	long before, after;
	unsigned int i;

	if (!self->ready)
		return;	/* setup skipped it */
	EXPECT_EQ(0, mod_unload("gntdev"));
	EXPECT_EQ(0, mod_unload("gntalloc"));
	before = mem_available_kib();
	for (i = 0; i < CYCLES; i++) {
		ASSERT_EQ(0, mod_load("gntdev")) TH_LOG("cycle %u", i);
		ASSERT_EQ(0, mod_load("gntalloc")) TH_LOG("cycle %u", i);
		ASSERT_EQ(0, grant_and_map(CYCLE_PAGES)) TH_LOG("cycle %u", i);
		ASSERT_EQ(0, mod_unload("gntdev")) TH_LOG("cycle %u", i);
		ASSERT_EQ(0, mod_unload("gntalloc")) TH_LOG("cycle %u", i);
	}
	after = mem_available_kib();
	printf("# MemAvailable: %ld KiB before %u cycles, %ld KiB after\n",
	       before, CYCLES, after);
	/* A page leaked per granted page would be 200 MiB; allow for noise. */
	EXPECT_GT(64 * 1024, before - after);
}

TEST_HARNESS_MAIN
