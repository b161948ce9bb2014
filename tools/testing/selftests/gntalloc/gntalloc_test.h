/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the gntalloc tests: thin ioctl wrappers that return 0 or
 * -errno, the module parameters, a loopback event channel pair and a gntdev
 * mapping of a grant (for the tests that need a peer).
 */
#ifndef GNTALLOC_TEST_H
#define GNTALLOC_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

/* linux-libc-dev's <xen/evtchn.h> uses domid_t without defining it. */
typedef uint16_t domid_t;
#include <xen/evtchn.h>

#include "xdom.h"

#define GNTALLOC_NODE "/dev/xen/gntalloc"
#define GNTDEV_NODE "/dev/xen/gntdev"
#define EVTCHN_NODE "/dev/xen/evtchn"
#define GNTALLOC_PARAMS "/sys/module/gntalloc/parameters/"
#define PAGE 4096UL

/* The domain tests grant to: dom0 (the only peer a domU surely has). */
#define PEER_DOMID 0

static inline int gnt_open(void)
{
	return open(GNTALLOC_NODE, O_RDWR | O_CLOEXEC);
}

/* ALLOC_GREF of @count pages; @refs (may be NULL) gets the references. */
static inline int gnt_alloc(int fd, uint16_t domid, uint16_t flags,
			    uint32_t count, uint64_t *index, uint32_t *refs)
{
	size_t n = count ? count : 1;
	struct ioctl_gntalloc_alloc_gref *op;
	int rc = 0;

	if (index)
		*index = UINT64_MAX;
	if (n > 1u << 16)	/* huge counts: only the header is passed */
		n = 1;
	op = calloc(1, sizeof(*op) + n * sizeof(uint32_t));
	if (!op)
		return -ENOMEM;
	op->domid = domid;
	op->flags = flags;
	op->count = count;
	op->index = 0xdeadbeef;
	if (ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, op)) {
		rc = -errno;
	} else {
		if (index)
			*index = op->index;
		if (refs)
			memcpy(refs, op->gref_ids, count * sizeof(uint32_t));
	}
	free(op);
	return rc;
}

static inline int gnt_dealloc(int fd, uint64_t index, uint32_t count)
{
	struct ioctl_gntalloc_dealloc_gref op = { .index = index, .count = count };

	return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op) ? -errno : 0;
}

static inline int gnt_notify(int fd, uint64_t index, uint32_t action,
			     uint32_t port)
{
	struct ioctl_gntalloc_unmap_notify op = {
		.index = index, .action = action, .event_channel_port = port,
	};

	return ioctl(fd, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, &op) ? -errno : 0;
}

/* mmap of @pages pages at @index; returns MAP_FAILED with errno set. */
static inline void *gnt_map(int fd, uint64_t index, size_t pages)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, index);
}

/* Module parameter value, or -1. */
static inline long gnt_param_get(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), GNTALLOC_PARAMS "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Writes @value (a string, so bad values can be tried); 0 or -errno. */
static inline int gnt_param_set(const char *name, const char *value)
{
	char path[128];
	ssize_t len = strlen(value);
	int fd, rc = 0;

	snprintf(path, sizeof(path), GNTALLOC_PARAMS "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != len)
		rc = -errno;
	close(fd);
	return rc;
}

static inline int gnt_param_set_num(const char *name, unsigned long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", value);
	return gnt_param_set(name, buf);
}

/*
 * Whether exactly @n grefs are in use in this domain (all files), probed
 * through the global limit: with limit n + 1 one more page fits, two do
 * not. Restores the limit. 1: yes, 0: no, -errno on error.
 */
static inline int gnt_in_use_is(unsigned long n)
{
	long saved = gnt_param_get("limit");
	int fd, first, second, rc;

	if (saved < 0)
		return -ENOENT;
	fd = gnt_open();
	if (fd < 0)
		return -errno;
	rc = gnt_param_set_num("limit", n + 1);
	if (rc) {
		close(fd);
		return rc;
	}
	first = gnt_alloc(fd, PEER_DOMID, 0, 1, NULL, NULL);
	second = gnt_alloc(fd, PEER_DOMID, 0, 1, NULL, NULL);
	close(fd);
	rc = gnt_param_set_num("limit", saved);
	if (rc)
		return rc;
	return first == 0 && second == -ENOSPC;
}

/*
 * Event channel loopback in this domain: notifying @send makes @recv
 * pending on @fd. Returns 0 or -errno.
 */
struct evtchn_pair {
	int fd;
	uint32_t send;
	uint32_t recv;
};

/*
 * Waits up to @timeout_ms for an event; returns the pending port (and
 * unmasks it again), 0 if none came, or -errno.
 */
static inline long evtchn_pair_wait(struct evtchn_pair *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	uint32_t port;
	int rc;

	rc = poll(&pfd, 1, timeout_ms);
	if (rc < 0)
		return -errno;
	if (rc == 0)
		return 0;
	if (read(p->fd, &port, sizeof(port)) != sizeof(port))
		return -EIO;
	if (write(p->fd, &port, sizeof(port)) != sizeof(port))
		return -EIO;
	return port;
}

static inline int evtchn_pair_open(struct evtchn_pair *p)
{
	struct ioctl_evtchn_bind_unbound_port unbound;
	struct ioctl_evtchn_bind_interdomain bind;
	int self = xdom_self();
	int rc;

	if (self < 0)
		return -ENOENT;
	p->fd = open(EVTCHN_NODE, O_RDWR | O_CLOEXEC);
	if (p->fd < 0)
		return -errno;
	unbound.remote_domain = self;
	rc = ioctl(p->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (rc < 0)
		goto fail;
	p->send = rc;
	bind.remote_domain = self;
	bind.remote_port = p->send;
	rc = ioctl(p->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (rc < 0)
		goto fail;
	p->recv = rc;
	/*
	 * Xen marks a newly bound interdomain port pending; take that event
	 * now so that the tests see only their own.
	 */
	if (evtchn_pair_wait(p, 10000) != (long)p->recv) {
		close(p->fd);
		return -EPROTO;
	}
	return 0;
fail:
	rc = -errno;
	close(p->fd);
	return rc;
}

/*
 * Linux's /dev/xen/evtchn has no compat_ioctl: a 32-bit build (the compat32
 * suite) gets ENOTTY from it, so a test that needs an event channel skips
 * there, unless it has failed already.
 */
#define ASSERT_EVTCHN_PAIR_OPEN(p) do {					\
	int _err = evtchn_pair_open(p);					\
	if (_err == -ENOTTY && _metadata->passed)			\
		SKIP(return, "/dev/xen/evtchn has no 32-bit ioctls");	\
	ASSERT_EQ(0, _err);						\
} while (0)

/*
 * Maps grant @ref of domain @domid through gntdev (@fd open on it).
 * Returns the address or MAP_FAILED (errno set).
 */
static inline void *gntdev_map_ref(int fd, uint32_t domid, uint32_t ref,
				   int prot, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref op = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap;
	void *p;
	int err;

	op.refs[0].domid = domid;
	op.refs[0].ref = ref;
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op))
		return MAP_FAILED;
	p = mmap(NULL, PAGE, prot, MAP_SHARED, fd, op.index);
	if (p == MAP_FAILED) {
		err = errno;
		unmap.index = op.index;
		unmap.count = 1;
		ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
		errno = err;
		return MAP_FAILED;
	}
	*index = op.index;
	return p;
}

static inline void gntdev_unmap_ref(int fd, void *p, uint64_t index)
{
	struct ioctl_gntdev_unmap_grant_ref unmap = { .index = index, .count = 1 };

	munmap(p, PAGE);
	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
}

#endif /* GNTALLOC_TEST_H */
