// SPDX-License-Identifier: GPL-2.0
/*
 * Run by host-fake.sh with LD_PRELOAD=fakedev.so: drives libxengnttab
 * against the fake devices and compares the requests it makes, in order,
 * with what Xen 4.17's library does on Linux (ABI.md section 7), including
 * the cleanup after each failing step and the errno left to the caller;
 * and our xentoolcore restrict hook (README.md, "Restricting handles").
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>
#include <xentoolcore.h>

#include "test.h"

static const char *(*fake_trace)(void);
static void (*fake_fail)(const char *what, int err, int times);
static void (*fake_set_count)(uint32_t count);

/* The trace since the last check must be exactly @want. */
static void expect(int line, const char *want)
{
	const char *got = fake_trace();

	if (strcmp(got, want)) {
		t_fail(__FILE__, line, "request trace", 0);
		printf("--- expected\n%s--- got\n%s---\n", want, got);
	}
}
#define EXPECT(want) expect(__LINE__, want)

static void gnttab(void)
{
	uint32_t domids[600], refs[600], i;
	xengnttab_grant_copy_segment_t seg;
	xengnttab_handle *h;
	void *p;

	h = xengnttab_open(NULL, 0);
	CHECK(h != NULL);
	EXPECT("open /dev/xen/gntdev flags=0x80002\n");
	if (!h)
		return;

	CHECK(xengnttab_set_max_grants(h, 5) == 0);
	EXPECT("ioctl SET_MAX_GRANTS\n");
	fake_fail("SET_MAX_GRANTS", EPERM, 1);
	CHECK_ERR(xengnttab_set_max_grants(h, 5) == -1, EPERM);
	EXPECT("ioctl SET_MAX_GRANTS\n  -> fail Operation not permitted\n");

	p = xengnttab_map_grant_ref(h, 7, 42, PROT_READ);
	CHECK(p != NULL);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n");
	CHECK(xengnttab_unmap(h, p, 1) == 0);
	EXPECT("ioctl GET_OFFSET\nmunmap len=4096\nioctl UNMAP index=0x5000 count=1\n");

	/* A map request bigger than a page (heap), all refs passed. */
	for (i = 0; i < 600; i++) {
		domids[i] = i % 7;
		refs[i] = 1000 + i;
	}
	p = xengnttab_map_grant_refs(h, 600, domids, refs, PROT_READ | PROT_WRITE);
	CHECK(p != NULL);
	EXPECT("ioctl MAP count=600 first=0/1000 last=4/1599\n"
	       "mmap len=2457600 prot=3 shared=1 off=0x5000\n");
	fake_set_count(600);
	CHECK(xengnttab_unmap(h, p, 600) == 0);
	fake_set_count(1);
	EXPECT("ioctl GET_OFFSET\nmunmap len=2457600\n"
	       "ioctl UNMAP index=0x5000 count=600\n");
	p = xengnttab_map_domain_grant_refs(h, 3, 9, refs, PROT_READ);
	EXPECT("ioctl MAP count=3 first=9/1000 last=9/1002\n"
	       "mmap len=12288 prot=1 shared=1 off=0x5000\n");
	munmap(p, 3 * 4096);
	fake_trace();

	/* The mmap fails: the range is released, errno is the mmap's even
	 * though the release fails too. */
	fake_fail("mmap", EINVAL, 1);
	fake_fail("UNMAP", EIO, 1);
	CHECK_ERR(xengnttab_map_grant_ref(h, 7, 42, PROT_READ) == NULL, EINVAL);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n  -> fail Invalid argument\n"
	       "ioctl UNMAP index=0x5000 count=1\n  -> fail Input/output error\n");
	fake_fail("MAP", ENOMEM, 1);
	CHECK_ERR(xengnttab_map_grant_ref(h, 7, 42, PROT_READ) == NULL, ENOMEM);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n  -> fail Cannot allocate memory\n");

	/* EAGAIN (a paged-out frame) is retried. */
	fake_fail("mmap", EAGAIN, 3);
	p = xengnttab_map_grant_ref(h, 7, 42, PROT_READ);
	CHECK(p != NULL);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n  -> fail Resource temporarily unavailable\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n  -> fail Resource temporarily unavailable\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n  -> fail Resource temporarily unavailable\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n");
	/* The wrong count: refused before anything is unmapped. */
	CHECK_ERR(xengnttab_unmap(h, p, 2) == -1, EINVAL);
	EXPECT("ioctl GET_OFFSET\n");
	CHECK_ERR(xengnttab_unmap(h, NULL, 1) == -1, EINVAL);
	EXPECT("");
	fake_fail("GET_OFFSET", EINVAL, 1);
	CHECK_ERR(xengnttab_unmap(h, p, 1) == -1, EINVAL);
	EXPECT("ioctl GET_OFFSET\n  -> fail Invalid argument\n");
	CHECK(xengnttab_unmap(h, p, 1) == 0);
	fake_trace();

	/* Notify: clear byte at index + offset, event; both in one request. */
	p = xengnttab_map_grant_ref_notify(h, 7, 42, PROT_READ | PROT_WRITE, 10, 33);
	CHECK(p != NULL);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=3 shared=1 off=0x5000\n"
	       "ioctl NOTIFY index=0x500a action=3 port=33\n");
	munmap(p, 4096);
	fake_trace();
	p = xengnttab_map_grant_ref_notify(h, 7, 42, PROT_READ, 4096, -1);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n");
	munmap(p, 4096);
	fake_trace();
	p = xengnttab_map_grant_ref_notify(h, 7, 42, PROT_READ, -1, 5);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n"
	       "ioctl NOTIFY index=0x5000 action=2 port=5\n");
	munmap(p, 4096);
	fake_trace();
	/* Notify fails: unmapped, released, errno from the notify. */
	fake_fail("NOTIFY", EINVAL, 1);
	CHECK_ERR(xengnttab_map_grant_ref_notify(h, 7, 42, PROT_READ, 0, 5) == NULL,
		  EINVAL);
	EXPECT("ioctl MAP count=1 first=7/42 last=7/42\n"
	       "mmap len=4096 prot=1 shared=1 off=0x5000\n"
	       "ioctl NOTIFY index=0x5000 action=3 port=5\n  -> fail Invalid argument\n"
	       "munmap len=4096\nioctl UNMAP index=0x5000 count=1\n");

	/* Grant copy passes count 0 and NULL through. */
	CHECK(xengnttab_grant_copy(h, 0, NULL) == 0);
	EXPECT("ioctl COPY count=0 segs=NULL\n");
	memset(&seg, 0, sizeof(seg));
	fake_fail("COPY", EFAULT, 1);
	CHECK_ERR(xengnttab_grant_copy(h, 1, &seg) == -1, EFAULT);
	EXPECT("ioctl COPY count=1 segs=set\n  -> fail Bad address\n");

	/* dma-buf: count 0 never reaches the kernel; ENOENT from the wait
	 * means "already released". */
	CHECK_ERR(xengnttab_dmabuf_exp_from_refs(h, 1, 0, 0, refs, &i) == -1, EINVAL);
	CHECK_ERR(xengnttab_dmabuf_imp_to_refs(h, 1, 3, 0, refs) == -1, EINVAL);
	EXPECT("");
	fake_fail("DMABUF_WAIT", ENOENT, 1);
	CHECK(xengnttab_dmabuf_exp_wait_released(h, 3, 10) == 0);
	EXPECT("ioctl DMABUF_WAIT\n  -> fail No such file or directory\n");

	CHECK(xengnttab_close(h) == 0);
	EXPECT("close\n");

	fake_fail("open", ENOENT, 1);
	CHECK_ERR(xengnttab_open(NULL, 0) == NULL, ENOENT);
	EXPECT("open /dev/xen/gntdev flags=0x80002\n  -> fail No such file or directory\n");
}

static void gntshr(void)
{
	xengntshr_handle *h;
	static uint32_t refs[1100];
	void *p;

	h = xengntshr_open(NULL, 0);
	CHECK(h != NULL);
	EXPECT("open /dev/xen/gntalloc flags=0x2\n");
	if (!h)
		return;

	/* ALLOC, mmap, then DEALLOC at once: the mapping owns the pages. */
	p = xengntshr_share_pages(h, 3, 2, refs, 1);
	CHECK(p != NULL && refs[0] == 100 && refs[1] == 101);
	EXPECT("ioctl ALLOC domid=3 flags=1 count=2\n"
	       "mmap len=8192 prot=3 shared=1 off=0x9000\n"
	       "ioctl DEALLOC index=0x9000 count=2\n");
	CHECK(xengntshr_unshare(h, p, 2) == 0);
	EXPECT("munmap len=8192\n");

	/* A request bigger than a page (heap): every ref comes back. */
	p = xengntshr_share_pages(h, 3, 1100, refs, 0);
	CHECK(p != NULL && refs[0] == 100 && refs[1099] == 1199);
	EXPECT("ioctl ALLOC domid=3 flags=0 count=1100\n"
	       "mmap len=4505600 prot=3 shared=1 off=0x9000\n"
	       "ioctl DEALLOC index=0x9000 count=1100\n");
	CHECK(xengntshr_unshare(h, p, 1100) == 0);
	EXPECT("munmap len=4505600\n");

	p = xengntshr_share_page_notify(h, 4, refs, 0, 5, 9);
	CHECK(p != NULL);
	EXPECT("ioctl ALLOC domid=4 flags=0 count=1\n"
	       "mmap len=4096 prot=3 shared=1 off=0x9000\n"
	       "ioctl NOTIFY index=0x9005 action=3 port=9\n"
	       "ioctl DEALLOC index=0x9000 count=1\n");
	munmap(p, 4096);
	fake_trace();

	/* Notify fails: unmapped, refs still copied out, DEALLOC, and the
	 * notify's errno survives a failing DEALLOC. */
	refs[0] = 0;
	fake_fail("NOTIFY", EINVAL, 1);
	fake_fail("DEALLOC", EIO, 1);
	CHECK_ERR(xengntshr_share_page_notify(h, 4, refs, 1, 0, 9) == NULL, EINVAL);
	CHECK(refs[0] == 100);
	EXPECT("ioctl ALLOC domid=4 flags=1 count=1\n"
	       "mmap len=4096 prot=3 shared=1 off=0x9000\n"
	       "ioctl NOTIFY index=0x9000 action=3 port=9\n  -> fail Invalid argument\n"
	       "munmap len=4096\n"
	       "ioctl DEALLOC index=0x9000 count=1\n  -> fail Input/output error\n");
	fake_fail("mmap", ENOMEM, 1);
	CHECK_ERR(xengntshr_share_pages(h, 3, 1, refs, 1) == NULL, ENOMEM);
	EXPECT("ioctl ALLOC domid=3 flags=1 count=1\n"
	       "mmap len=4096 prot=3 shared=1 off=0x9000\n  -> fail Cannot allocate memory\n"
	       "ioctl DEALLOC index=0x9000 count=1\n");
	fake_fail("ALLOC", ENOSPC, 1);
	CHECK_ERR(xengntshr_share_pages(h, 3, 1, refs, 1) == NULL, ENOSPC);
	EXPECT("ioctl ALLOC domid=3 flags=1 count=1\n  -> fail No space left on device\n");
	CHECK_ERR(xengntshr_share_pages(h, 3, 0, refs, 1) == NULL, EINVAL);
	EXPECT("");

	CHECK(xengntshr_close(h) == 0);
	EXPECT("close\n");
}

/* 1 if xentoolcore put /dev/null (opened read-only) over @fd. */
static int nulled(int fd)
{
	return (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY;
}

/*
 * xentoolcore_restrict_all: both kinds of handle are asked to restrict
 * (newest registered first); only a refusal turns the fd into /dev/null,
 * except ENOTTY on gntshr, which leaves it as Xen's library does.
 */
static void restrict_all(void)
{
	xengnttab_handle *gt = xengnttab_open(NULL, 0);
	xengntshr_handle *gs = xengntshr_open(NULL, 0);

	CHECK(gt && gs);
	if (!gt || !gs)
		return;
	fake_trace();
	CHECK(xentoolcore_restrict_all(5) == 0);
	EXPECT("ioctl RESTRICT gntalloc domid=5\nioctl RESTRICT gntdev domid=5\n");
	CHECK(!nulled(xengnttab_fd(gt)) && !nulled(xengntshr_fd(gs)));

	fake_fail("RESTRICT", ENOTTY, 2);
	errno = 0;
	CHECK(xentoolcore_restrict_all(5) == 0 && errno == 0);
	EXPECT("ioctl RESTRICT gntalloc domid=5\n  -> fail Inappropriate ioctl for device\n"
	       "ioctl RESTRICT gntdev domid=5\n  -> fail Inappropriate ioctl for device\n");
	CHECK(nulled(xengnttab_fd(gt)) && !nulled(xengntshr_fd(gs)));
	CHECK(xengnttab_close(gt) == 0 && xengntshr_close(gs) == 0);

	gt = xengnttab_open(NULL, 0);
	gs = xengntshr_open(NULL, 0);
	CHECK(gt && gs);
	if (!gt || !gs)
		return;
	fake_trace();
	fake_fail("RESTRICT", EBUSY, 1);
	fake_fail("RESTRICT", EPERM, 1);
	CHECK(xentoolcore_restrict_all(6) == 0);
	EXPECT("ioctl RESTRICT gntalloc domid=6\n  -> fail Device or resource busy\n"
	       "ioctl RESTRICT gntdev domid=6\n  -> fail Operation not permitted\n");
	CHECK(nulled(xengnttab_fd(gt)) && nulled(xengntshr_fd(gs)));
	CHECK(xengnttab_close(gt) == 0 && xengntshr_close(gs) == 0);
	EXPECT("close\nclose\n");
}

int main(void)
{
	fake_trace = (const char *(*)(void))dlsym(RTLD_DEFAULT, "fake_trace");
	fake_fail = (void (*)(const char *, int, int))dlsym(RTLD_DEFAULT, "fake_fail");
	fake_set_count = (void (*)(uint32_t))dlsym(RTLD_DEFAULT, "fake_set_count");
	if (!fake_trace || !fake_fail || !fake_set_count)
		t_skip("run me with LD_PRELOAD=fakedev.so (host-fake.sh)");
	fake_trace();
	gnttab();
	gntshr();
	restrict_all();
	return t_result("fake_client");
}
