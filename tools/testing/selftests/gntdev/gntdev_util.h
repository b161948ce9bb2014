/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the gntdev selftests: the devices, a grant-map request, pages
 * granted to ourselves through /dev/xen/gntalloc, loopback event channels,
 * and running a snippet in a child to see which signal ends it.
 */
#ifndef GNTDEV_TEST_UTIL_H
#define GNTDEV_TEST_UTIL_H

#include <errno.h>
#include <setjmp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/gntdev.h>
#include <xen/gntalloc.h>
typedef uint16_t domid_t;
#include <xen/evtchn.h>

#include "xdom.h"

#define PAGE 4096UL
/* Xen's GNTST_* statuses that the tests look for. */
#define GNTST_okay		0
#define GNTST_bad_virt_addr	(-5)

static inline int gd_open(void)
{
	return open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
}

/* MAP_GRANT_REF of @count grants of @domid; 0 or -errno. */
static inline int gd_map(int fd, unsigned int count, uint32_t domid,
			 const uint32_t *refs, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref *op;
	unsigned int i;
	int ret;

	op = calloc(1, sizeof(*op) + count * sizeof(op->refs[0]));
	if (!op)
		return -ENOMEM;
	op->count = count;
	for (i = 0; i < count; i++) {
		op->refs[i].domid = domid;
		op->refs[i].ref = refs[i];
	}
	ret = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op) ? -errno : 0;
	if (!ret && index)
		*index = op->index;
	free(op);
	return ret;
}

static inline int gd_unmap(int fd, uint64_t index, uint32_t count)
{
	struct ioctl_gntdev_unmap_grant_ref op = { .index = index,
						    .count = count };

	return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op) ? -errno : 0;
}

static inline int gd_notify(int fd, uint64_t index, uint32_t action,
			    uint32_t port)
{
	struct ioctl_gntdev_unmap_notify op = { .index = index,
						.action = action,
						.event_channel_port = port };

	return ioctl(fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &op) ? -errno : 0;
}

static inline int gd_errno(void *p)
{
	return p == MAP_FAILED ? errno : 0;
}

/* Pages dom0 grants to itself: gntalloc fd, refs, and the local mapping. */
struct selfgrant {
	int fd;
	unsigned int count;
	uint32_t refs[64];
	uint64_t index;
	unsigned char *mem;
};

/*
 * Grants @count pages to @domid, each filled with 0xa0 + its number.
 * 0, or -errno; -ENOENT means there is no gntalloc to test with.
 */
static inline int grant_alloc(struct selfgrant *sg, int domid,
			      unsigned int count, int writable)
{
	struct ioctl_gntalloc_alloc_gref *op;
	unsigned int i;

	memset(sg, 0, sizeof(*sg));
	sg->fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (sg->fd < 0)
		return -ENOENT;
	op = calloc(1, sizeof(*op) + count * sizeof(op->gref_ids[0]));
	if (!op || count > 64)
		return -ENOMEM;
	op->domid = domid;
	op->flags = writable ? GNTALLOC_FLAG_WRITABLE : 0;
	op->count = count;
	if (ioctl(sg->fd, IOCTL_GNTALLOC_ALLOC_GREF, op)) {
		free(op);
		return -errno;
	}
	sg->count = count;
	sg->index = op->index;
	for (i = 0; i < count; i++)
		sg->refs[i] = op->gref_ids[i];
	free(op);
	sg->mem = mmap(NULL, count * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		       sg->fd, sg->index);
	if (sg->mem == MAP_FAILED)
		return -errno;
	for (i = 0; i < count; i++)
		memset(sg->mem + i * PAGE, 0xa0 + i, PAGE);
	return 0;
}

static inline int selfgrant_alloc(struct selfgrant *sg, unsigned int count,
				  int writable)
{
	return grant_alloc(sg, 0, count, writable);
}

static inline void selfgrant_free(struct selfgrant *sg)
{
	if (sg->mem && sg->mem != MAP_FAILED)
		munmap(sg->mem, sg->count * PAGE);
	if (sg->fd >= 0)
		close(sg->fd);
}

/*
 * A loopback event channel in this domain: signalling @send makes @recv
 * pending on the returned /dev/xen/evtchn fd. (Xen also marks @send pending
 * once when it is bound; evtchn_wait() skips that.)
 */
static inline int evtchn_loopback(uint32_t *send, uint32_t *recv)
{
	struct ioctl_evtchn_bind_unbound_port unbound = { 0 };
	struct ioctl_evtchn_bind_interdomain inter = { 0 };
	int fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	int port;

	if (fd < 0)
		return -1;
	if (xdom_self() < 0)
		goto fail;
	unbound.remote_domain = xdom_self();
	inter.remote_domain = xdom_self();
	port = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (port < 0)
		goto fail;
	*recv = port;
	inter.remote_port = port;
	port = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
	if (port < 0)
		goto fail;
	*send = port;
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * Linux's /dev/xen/evtchn has no compat_ioctl: a 32-bit build (the compat32
 * suite) gets ENOTTY from it, so a test that needs an event channel skips
 * there, unless it has failed already.
 */
#define ASSERT_EVTCHN_FD(evfd) do {					\
	if ((evfd) < 0 && errno == ENOTTY && _metadata->passed)		\
		SKIP(return, "/dev/xen/evtchn has no 32-bit ioctls");	\
	ASSERT_GE((evfd), 0);						\
} while (0)

/*
 * Waits up to @timeout_s for an event on @port (other ports' events are
 * skipped), and unmasks it again. Returns @port, or -1 if none came.
 */
static inline int evtchn_wait(int fd, uint32_t port, int timeout_s)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint32_t got;

	for (;;) {
		if (poll(&pfd, 1, timeout_s * 1000) != 1)
			return -1;
		if (read(fd, &got, sizeof(got)) != sizeof(got))
			return -1;
		if (write(fd, &got, sizeof(got)) != sizeof(got))
			return -1;
		if (got == port)
			return port;
	}
}

/* Runs @fn(@arg) in a child; returns the signal that ended it, or 0. */
static inline int child_signal(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static sigjmp_buf fault_jmp;

static inline void fault_handler(int sig)
{
	siglongjmp(fault_jmp, sig);
}

/*
 * Reads (or writes, if @write) the byte at @p in this process. Returns the
 * signal that raised (SIGSEGV, SIGBUS), or 0 if the access went through.
 */
static inline int fault_signal(void *p, int write)
{
	struct sigaction sa = { .sa_handler = fault_handler };
	struct sigaction old_segv, old_bus;
	int sig;

	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	sig = sigsetjmp(fault_jmp, 1);
	if (!sig) {
		if (write)
			*(volatile unsigned char *)p = 0x55;
		else
			(void)*(volatile unsigned char *)p;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return sig;
}

static inline void touch_read(void *p)
{
	(void)*(volatile unsigned char *)p;
}

#endif
