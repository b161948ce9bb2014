// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures injected into each request to the grant devices:
 * every slab and page allocation on the request's path fails in turn
 * (failslab and fail_page_alloc through /proc/thread-self/fail-nth, which
 * fails the Nth allocation of this thread only, so nothing else in the
 * system is disturbed), N = 1, 2, ... until the request no longer reaches
 * an Nth allocation. Each time the request either succeeds and works, or
 * fails with a clean errno; afterwards nothing is left mapped, granted or
 * counted. The kernel log check catches any oops or WARN on the way.
 *
 * Needs a kernel with fault injection (the debug kernel); skips elsewhere.
 */
#define _GNU_SOURCE
#include <stddef.h>

#include "kselftest_harness.h"
#include "faults.h"

#define MAX_NTH 400
#define NPAGES 16
#define FI "/sys/kernel/debug/"

/* The fault-injection settings changed for the test, and their old values. */
static const char *const knobs[][2] = {
	{ FI "failslab/ignore-gfp-wait", "N" },
	{ FI "failslab/verbose", "0" },
	{ FI "fail_page_alloc/ignore-gfp-wait", "N" },
	{ FI "fail_page_alloc/ignore-gfp-highmem", "N" },
	{ FI "fail_page_alloc/min-order", "0" },
	{ FI "fail_page_alloc/verbose", "0" },
};

#define NKNOBS (sizeof(knobs) / sizeof(knobs[0]))

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs(s, f) < 0;
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

static int read_str(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int rc = -1;

	if (f && fgets(buf, len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		rc = 0;
	}
	if (f)
		fclose(f);
	return rc;
}

/*
 * Arms the fault at this thread's @nth allocation (0 disarms), through
 * /proc/thread-self/fail-nth opened beforehand: opening it would allocate.
 */
static int fail_nth_arm(int fd, unsigned int nth)
{
	char s[16];
	int n = snprintf(s, sizeof(s), "%u", nth);

	return pwrite(fd, s, n, 0) == n ? 0 : -1;
}

/* Whether the armed fault was used (the count ran down to 0); disarms it. */
static bool fail_nth_fired(int fd)
{
	char s[16] = "";
	ssize_t n = pread(fd, s, sizeof(s) - 1, 0);

	fail_nth_arm(fd, 0);
	return n > 0 && atoi(s) == 0;
}

FIXTURE(inj) {
	bool ready;
	char saved[NKNOBS][32];
	struct faults_snapshot base;
	struct selfgrant sg;	/* pages to map, granted with no fault */
	int nth_fd;
	unsigned int injected;
};

FIXTURE_SETUP(inj)
{
	unsigned int i;

	if (access(FI "failslab", F_OK) || access(FI "fail_page_alloc", F_OK) ||
	    access("/proc/thread-self/fail-nth", F_OK))
		SKIP(return, "this kernel has no failslab/fail_page_alloc");
	if (access("/dev/xen/gntdev", F_OK) || access("/dev/xen/gntalloc", F_OK))
		SKIP(return, "needs /dev/xen/gntdev and /dev/xen/gntalloc");
	faults_snapshot(&self->base);
	for (i = 0; i < NKNOBS; i++) {
		ASSERT_EQ(0, read_str(knobs[i][0], self->saved[i],
				      sizeof(self->saved[i])));
		ASSERT_EQ(0, write_str(knobs[i][0], knobs[i][1]))
			TH_LOG("%s", knobs[i][0]);
	}
	self->ready = true;
	self->nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->nth_fd);
	ASSERT_EQ(0, selfgrant_alloc(&self->sg, NPAGES, 1));
}

FIXTURE_TEARDOWN(inj)
{
	unsigned int i;

	if (!self->ready)
		return;
	fail_nth_arm(self->nth_fd, 0);
	close(self->nth_fd);
	for (i = 0; i < NKNOBS; i++)
		write_str(knobs[i][0], self->saved[i]);
	selfgrant_free(&self->sg);
	FAULTS_EXPECT_CLEAN(&self->base);
	EXPECT_EQ(1, faults_gntalloc_idle()) TH_LOG("gntalloc still counts grefs");
	printf("# %u allocation failures injected\n", self->injected);
	/* Else the request made no allocation and the test proved nothing. */
	EXPECT_LT(0, self->injected);
}

/* What a request works on: set up with no fault, then requested armed. */
struct state {
	int fd;
	uint64_t index;
	unsigned char *p;
	union {
		struct ioctl_gntdev_map_grant_ref map;
		char map_space[sizeof(struct ioctl_gntdev_map_grant_ref) +
			       NPAGES * sizeof(struct ioctl_gntdev_grant_ref)];
	};
	union {
		struct ioctl_gntalloc_alloc_gref alloc;
		char alloc_space[sizeof(struct ioctl_gntalloc_alloc_gref) +
				 NPAGES * sizeof(uint32_t)];
	};
	struct gntdev_grant_copy_segment seg[4];
	struct ioctl_gntdev_grant_copy copy;
	unsigned char buf[4 * 8];
};

/*
 * One request under test: @prepare sets it up with no fault armed; @armed
 * makes the request (only the request: no other system call) and returns 0
 * or -errno; @after, with no fault armed, checks what a successful request
 * did, that a failed one left everything usable, and undoes it all.
 */
struct request {
	const char *name;
	int (*prepare)(struct selfgrant *sg, struct state *st);
	int (*armed)(struct state *st);
	int (*after)(struct selfgrant *sg, struct state *st, int rc);
	int allowed[3];		/* errnos a failed request may give */
};

static bool errno_allowed(const struct request *r, int rc)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		if (r->allowed[i] && rc == -r->allowed[i])
			return true;
	return false;
}

static void inject_each(struct __test_metadata *_metadata,
			FIXTURE_DATA(inj) *self, const struct request *r)
{
	unsigned int nth, failed = 0;
	struct state st;

	if (!self->ready)
		return;	/* setup skipped it */
	for (nth = 1; nth <= MAX_NTH; nth++) {
		bool fired;
		int rc;

		memset(&st, 0, sizeof(st));
		st.fd = -1;
		st.p = MAP_FAILED;
		if (r->prepare)
			ASSERT_EQ(0, r->prepare(&self->sg, &st)) TH_LOG("nth %u", nth);
		ASSERT_EQ(0, fail_nth_arm(self->nth_fd, nth));
		rc = r->armed(&st);
		fired = fail_nth_fired(self->nth_fd);
		if (rc)
			failed++;
		EXPECT_TRUE(rc == 0 || errno_allowed(r, rc))
			TH_LOG("%s, allocation %u failed: %s", r->name, nth,
			       strerror(-rc));
		EXPECT_EQ(0, r->after(&self->sg, &st, rc))
			TH_LOG("%s, allocation %u failed: the request %s, then went wrong",
			       r->name, nth, rc ? "failed" : "succeeded");
		if (!fired)
			break;
		self->injected++;
	}
	printf("# %s: %u allocations failed in turn, %u of them failed the request\n",
	       r->name, nth - 1, failed);
	EXPECT_GE(MAX_NTH, nth) TH_LOG("%s: more allocations than expected", r->name);
}

/* The pages of @sg mapped through @fd at @index show @sg's contents. */
static int check_mapping(struct selfgrant *sg, int fd, uint64_t index,
			 unsigned char *p)
{
	unsigned int i;
	int err = 0;

	if (p == MAP_FAILED)
		p = mmap(NULL, sg->count * PAGE, PROT_READ, MAP_SHARED, fd, index);
	if (p == MAP_FAILED) {
		printf("# mmap of the mapped grants: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < sg->count; i++)
		err |= p[i * PAGE + 3] != sg->mem[i * PAGE + 3];
	if (err)
		printf("# the mapped grants show other pages\n");
	munmap(p, sg->count * PAGE);
	return err;
}

/* ---- gntdev ---- */

static int gntdev_open_armed(struct state *st)
{
	st->fd = gd_open();
	return st->fd < 0 ? -errno : 0;
}

static int gntdev_open_after(struct selfgrant *sg, struct state *st, int rc)
{
	uint64_t index = 0;
	int err = 0;

	if (!rc) {
		err = gd_map(st->fd, 1, 0, sg->refs, &index);
		err |= gd_unmap(st->fd, index, 1);
		close(st->fd);
	}
	return err;
}

static int gntdev_map_prepare(struct selfgrant *sg, struct state *st)
{
	/*
	 * Through a pointer into the buffer: indexed in place, inside struct
	 * state, refs[] is not a trailing array, and the compiler took its
	 * declared size at its word and stored refs[0] only.
	 */
	struct ioctl_gntdev_map_grant_ref *map = (void *)st->map_space;
	unsigned int i;

	map->count = sg->count;
	for (i = 0; i < sg->count; i++)
		map->refs[i].ref = sg->refs[i];
	st->fd = gd_open();
	return st->fd < 0 ? -errno : 0;
}

static int gntdev_map_armed(struct state *st)
{
	return ioctl(st->fd, IOCTL_GNTDEV_MAP_GRANT_REF, &st->map) ? -errno : 0;
}

static int gntdev_map_after(struct selfgrant *sg, struct state *st, int rc)
{
	int err = 0;

	if (!rc) {
		err = check_mapping(sg, st->fd, st->map.index, MAP_FAILED);
		rc = gd_unmap(st->fd, st->map.index, sg->count);
		if (rc)
			printf("# UNMAP_GRANT_REF: %s\n", strerror(-rc));
		err |= rc;
	}
	close(st->fd);
	return err;
}

static int gntdev_mmap_prepare(struct selfgrant *sg, struct state *st)
{
	st->fd = gd_open();
	if (st->fd < 0)
		return -errno;
	return gd_map(st->fd, sg->count, 0, sg->refs, &st->index);
}

static int gntdev_mmap_armed(struct state *st)
{
	st->p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     st->fd, st->index);
	return st->p == MAP_FAILED ? -errno : 0;
}

static int gntdev_mmap_after(struct selfgrant *sg, struct state *st, int rc)
{
	int err = 0;

	/*
	 * A map has one mmap in its life, even a failed one: after a failure
	 * the grants are unmapped and mapped again, and must work.
	 */
	if (rc) {
		err = gd_unmap(st->fd, st->index, sg->count);
		err |= gd_map(st->fd, sg->count, 0, sg->refs, &st->index);
		if (err)
			printf("# grants not mappable again after a failed mmap\n");
	}
	err |= check_mapping(sg, st->fd, st->index, st->p);
	rc = gd_unmap(st->fd, st->index, sg->count);
	if (rc)
		printf("# UNMAP_GRANT_REF: %s\n", strerror(-rc));
	err |= rc;
	close(st->fd);
	return err;
}

static int gntdev_copy_prepare(struct selfgrant *sg, struct state *st)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		st->seg[i].source.foreign.ref = sg->refs[i];
		st->seg[i].source.foreign.offset = 100;
		st->seg[i].dest.virt = st->buf + i * 8;
		st->seg[i].len = 8;
		st->seg[i].flags = GNTCOPY_source_gref;
	}
	st->copy.count = 4;
	st->copy.segments = st->seg;
	st->fd = gd_open();
	return st->fd < 0 ? -errno : 0;
}

static int gntdev_copy_armed(struct state *st)
{
	return ioctl(st->fd, IOCTL_GNTDEV_GRANT_COPY, &st->copy) ? -errno : 0;
}

static int gntdev_copy_after(struct selfgrant *sg, struct state *st, int rc)
{
	unsigned int i;
	int err = 0;

	for (i = 0; !rc && i < 4; i++)
		err |= st->seg[i].status != GNTST_okay;
	for (i = 0; !rc && i < sizeof(st->buf); i++)
		err |= st->buf[i] != sg->mem[(i / 8) * PAGE + 100 + i % 8];
	close(st->fd);
	return err;
}

/* ---- gntalloc ---- */

static int gntalloc_open_armed(struct state *st)
{
	st->fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	return st->fd < 0 ? -errno : 0;
}

static int gntalloc_open_after(struct selfgrant *sg, struct state *st, int rc)
{
	int err = 0;

	(void)sg;
	if (!rc) {
		st->alloc.count = 1;
		err = ioctl(st->fd, IOCTL_GNTALLOC_ALLOC_GREF, &st->alloc);
		close(st->fd);
	}
	return err;
}

static int gntalloc_prepare(struct selfgrant *sg, struct state *st)
{
	(void)sg;
	st->alloc.flags = GNTALLOC_FLAG_WRITABLE;
	st->alloc.count = NPAGES;
	st->fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	return st->fd < 0 ? -errno : 0;
}

static int gntalloc_alloc_armed(struct state *st)
{
	return ioctl(st->fd, IOCTL_GNTALLOC_ALLOC_GREF, &st->alloc) ? -errno : 0;
}

/* Granted pages are zeroed, and mapped both ways: gntalloc and gntdev. */
static int check_granted(struct state *st)
{
	unsigned char *mine = st->p, *theirs;
	uint64_t index;
	unsigned int i;
	int gd, err = 0;

	if (mine == MAP_FAILED)
		mine = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, st->fd, st->alloc.index);
	gd = gd_open();
	/* From the buffer: gref_ids[] runs past its declared one entry. */
	if (mine == MAP_FAILED || gd < 0 ||
	    gd_map(gd, NPAGES, 0, (const uint32_t *)(st->alloc_space +
			offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids)),
		   &index))
		return -1;
	theirs = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_SHARED, gd, index);
	if (theirs == MAP_FAILED)
		return -1;
	for (i = 0; i < NPAGES; i++) {
		err |= mine[i * PAGE + 5] != 0;
		mine[i * PAGE + 5] = 0x80 + i;
		err |= theirs[i * PAGE + 5] != 0x80 + i;
	}
	munmap(theirs, NPAGES * PAGE);
	gd_unmap(gd, index, NPAGES);
	close(gd);
	munmap(mine, NPAGES * PAGE);
	return err;
}

static int gntalloc_alloc_after(struct selfgrant *sg, struct state *st, int rc)
{
	int err = 0;

	(void)sg;
	if (!rc)
		err = check_granted(st);
	close(st->fd);
	return err;
}

static int gntalloc_mmap_prepare(struct selfgrant *sg, struct state *st)
{
	int rc = gntalloc_prepare(sg, st);

	if (!rc && ioctl(st->fd, IOCTL_GNTALLOC_ALLOC_GREF, &st->alloc))
		rc = -errno;
	return rc;
}

static int gntalloc_mmap_armed(struct state *st)
{
	st->p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     st->fd, st->alloc.index);
	return st->p == MAP_FAILED ? -errno : 0;
}

static int gntalloc_mmap_after(struct selfgrant *sg, struct state *st, int rc)
{
	int err;

	(void)sg;
	(void)rc;
	/* Mapped now or not, the grefs are intact and mappable. */
	err = check_granted(st);
	close(st->fd);
	return err;
}

TEST_F_TIMEOUT(inj, gntdev_open, 280)
{
	const struct request r = { "gntdev open", NULL, gntdev_open_armed,
				   gntdev_open_after, { ENOMEM } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntdev_map_grant_ref, 280)
{
	const struct request r = { "gntdev MAP_GRANT_REF", gntdev_map_prepare,
				   gntdev_map_armed, gntdev_map_after, { ENOMEM } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntdev_mmap, 280)
{
	const struct request r = { "gntdev mmap", gntdev_mmap_prepare,
				   gntdev_mmap_armed, gntdev_mmap_after,
				   { ENOMEM, EAGAIN } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntdev_grant_copy, 280)
{
	const struct request r = { "gntdev GRANT_COPY", gntdev_copy_prepare,
				   gntdev_copy_armed, gntdev_copy_after, { ENOMEM } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntalloc_open, 280)
{
	const struct request r = { "gntalloc open", NULL, gntalloc_open_armed,
				   gntalloc_open_after, { ENOMEM } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntalloc_alloc_gref, 280)
{
	const struct request r = { "gntalloc ALLOC_GREF", gntalloc_prepare,
				   gntalloc_alloc_armed, gntalloc_alloc_after,
				   { ENOMEM, ENOSPC } };

	inject_each(_metadata, self, &r);
}

TEST_F_TIMEOUT(inj, gntalloc_mmap, 280)
{
	const struct request r = { "gntalloc mmap", gntalloc_mmap_prepare,
				   gntalloc_mmap_armed, gntalloc_mmap_after,
				   { ENOMEM, EAGAIN } };

	inject_each(_metadata, self, &r);
}

TEST_HARNESS_MAIN
