// SPDX-License-Identifier: GPL-2.0
/*
 * A fake /dev/xen/gntdev and /dev/xen/gntalloc for host-fake.sh, loaded
 * with LD_PRELOAD: open() of those paths gives a /dev/null descriptor, and
 * ioctl/mmap/munmap/close on it are answered here and written to a trace,
 * so that fake_client.c can check the exact requests libxengnttab makes
 * and how it cleans up when a step fails (fake_fail()).
 *
 * Answers: MAP_GRANT_REF index 0x5000; GET_OFFSET offset 0x5000 and the
 * count set by fake_set_count(); ALLOC_GREF index 0x9000, refs 100, 101..;
 * SET_MAX_GRANTS ENOTTY (as Linux); everything else 0 (RESTRICT too, as
 * our drivers). mmap gives anonymous shared memory.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#define MAX_FDS 64

static char trace[8192];
static int kind[MAX_FDS];	/* 0, or 1 gntdev, 2 gntalloc */
static struct {
	char what[32];
	int err, times;
} fail[2];
static uint32_t get_offset_count = 1;

static void note(const char *fmt, ...)
{
	size_t n = strlen(trace);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(trace + n, sizeof(trace) - n, fmt, ap);
	va_end(ap);
	n = strlen(trace);
	if (n + 1 < sizeof(trace))
		strcat(trace, "\n");
}

/* The trace since the last call, which is cleared. */
const char *fake_trace(void)
{
	static char copy[sizeof(trace)];

	strcpy(copy, trace);
	trace[0] = '\0';
	return copy;
}

/* Makes the next @times requests named @what fail with @err (two at once). */
void fake_fail(const char *what, int err, int times)
{
	int i = fail[0].times > 0;

	snprintf(fail[i].what, sizeof(fail[i].what), "%s", what);
	fail[i].err = err;
	fail[i].times = times;
}

void fake_set_count(uint32_t count)
{
	get_offset_count = count;
}

static int fails(const char *what)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (fail[i].times <= 0 || strcmp(what, fail[i].what))
			continue;
		fail[i].times--;
		note("  -> fail %s", strerror(fail[i].err));
		errno = fail[i].err;
		return 1;
	}
	return 0;
}

static int fake(int fd)
{
	return fd >= 0 && fd < MAX_FDS && kind[fd];
}

int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	int fd, k = 0;
	mode_t mode = 0;
	va_list ap;

	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, mode_t);
	va_end(ap);
	if (!strcmp(path, "/dev/xen/gntdev"))
		k = 1;
	else if (!strcmp(path, "/dev/xen/gntalloc"))
		k = 2;
	if (!k)
		return real(path, flags, mode);
	note("open %s flags=%#x", path, flags);
	if (fails("open"))
		return -1;
	fd = real("/dev/null", flags, mode);
	if (fd >= 0 && fd < MAX_FDS)
		kind[fd] = k;
	return fd;
}

int close(int fd)
{
	static int (*real)(int);

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	if (fake(fd)) {
		note("close");
		kind[fd] = 0;
	}
	return real(fd);
}

static int gntdev_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case IOCTL_GNTDEV_MAP_GRANT_REF: {
		struct ioctl_gntdev_map_grant_ref *op = arg;
		uint32_t last = op->count ? op->count - 1 : 0;

		note("ioctl MAP count=%u first=%u/%u last=%u/%u", op->count,
		     op->refs[0].domid, op->refs[0].ref, op->refs[last].domid,
		     op->refs[last].ref);
		if (fails("MAP"))
			return -1;
		op->index = 0x5000;
		return 0;
	}
	case IOCTL_GNTDEV_UNMAP_GRANT_REF: {
		struct ioctl_gntdev_unmap_grant_ref *op = arg;

		note("ioctl UNMAP index=%#llx count=%u",
		     (unsigned long long)op->index, op->count);
		return fails("UNMAP") ? -1 : 0;
	}
	case IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR: {
		struct ioctl_gntdev_get_offset_for_vaddr *op = arg;

		note("ioctl GET_OFFSET");
		if (fails("GET_OFFSET"))
			return -1;
		op->offset = 0x5000;
		op->count = get_offset_count;
		return 0;
	}
	case IOCTL_GNTDEV_SET_MAX_GRANTS:
		note("ioctl SET_MAX_GRANTS");
		if (fails("SET_MAX_GRANTS"))
			return -1;
		errno = ENOTTY;
		return -1;
	case IOCTL_GNTDEV_SET_UNMAP_NOTIFY: {
		struct ioctl_gntdev_unmap_notify *op = arg;

		note("ioctl NOTIFY index=%#llx action=%u port=%u",
		     (unsigned long long)op->index, op->action,
		     op->action & UNMAP_NOTIFY_SEND_EVENT ?
		     op->event_channel_port : 0);
		return fails("NOTIFY") ? -1 : 0;
	}
	case IOCTL_GNTDEV_GRANT_COPY: {
		struct ioctl_gntdev_grant_copy *op = arg;

		note("ioctl COPY count=%u segs=%s", op->count,
		     op->segments ? "set" : "NULL");
		return fails("COPY") ? -1 : 0;
	}
	case IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED:
		note("ioctl DMABUF_WAIT");
		return fails("DMABUF_WAIT") ? -1 : 0;
	default:
		note("ioctl gntdev %#lx", req);
		errno = ENOTTY;
		return -1;
	}
}

static int gntalloc_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case IOCTL_GNTALLOC_ALLOC_GREF: {
		struct ioctl_gntalloc_alloc_gref *op = arg;
		uint32_t i;

		note("ioctl ALLOC domid=%u flags=%u count=%u", op->domid,
		     op->flags, op->count);
		if (fails("ALLOC"))
			return -1;
		op->index = 0x9000;
		for (i = 0; i < op->count; i++)
			op->gref_ids[i] = 100 + i;
		return 0;
	}
	case IOCTL_GNTALLOC_DEALLOC_GREF: {
		struct ioctl_gntalloc_dealloc_gref *op = arg;

		note("ioctl DEALLOC index=%#llx count=%u",
		     (unsigned long long)op->index, op->count);
		return fails("DEALLOC") ? -1 : 0;
	}
	case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY: {
		struct ioctl_gntalloc_unmap_notify *op = arg;

		note("ioctl NOTIFY index=%#llx action=%u port=%u",
		     (unsigned long long)op->index, op->action,
		     op->action & UNMAP_NOTIFY_SEND_EVENT ?
		     op->event_channel_port : 0);
		return fails("NOTIFY") ? -1 : 0;
	}
	default:
		note("ioctl gntalloc %#lx", req);
		errno = ENOTTY;
		return -1;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	if (!fake(fd))
		return real(fd, req, arg);
	if (req == IOCTL_GNTDEV_RESTRICT) {	/* same on both devices */
		note("ioctl RESTRICT %s domid=%u",
		     kind[fd] == 1 ? "gntdev" : "gntalloc",
		     ((struct ioctl_gntdev_restrict *)arg)->domid);
		return fails("RESTRICT") ? -1 : 0;
	}
	return kind[fd] == 1 ? gntdev_ioctl(req, arg) : gntalloc_ioctl(req, arg);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);

	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))
			dlsym(RTLD_NEXT, "mmap");
	if (!fake(fd))
		return real(addr, len, prot, flags, fd, off);
	note("mmap len=%zu prot=%d shared=%d off=%#llx", len, prot,
	     !!(flags & MAP_SHARED), (unsigned long long)off);
	if (fails("mmap"))
		return MAP_FAILED;
	return real(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

int munmap(void *addr, size_t len)
{
	static int (*real)(void *, size_t);

	if (!real)
		real = (int (*)(void *, size_t))dlsym(RTLD_NEXT, "munmap");
	/* The library's unmaps of grant memory; libc's own are not expected
	 * during the calls fake_client.c traces. */
	note("munmap len=%zu", len);
	if (fails("munmap"))
		return -1;
	return real(addr, len);
}
