/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the restrict suite: ioctl wrappers returning 0 or -errno for
 * both devices, pages this domain grants (to itself or another domain)
 * through an unrestricted gntalloc file, event channels, passing an fd to
 * another process and dropping root.
 *
 * "self" is this domain; "other" is a domain that is not: the domU in dom0
 * (or domain 1 when no domU is up), dom0 in the domU. A restricted file
 * must refuse requests naming a domain it was not restricted to, whatever
 * would have happened without the restriction, so the tests aim the
 * refused requests at grants that would otherwise work (self-grants) where
 * they can.
 */
#ifndef RESTRICT_UTIL_H
#define RESTRICT_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>
/* linux-libc-dev's <xen/evtchn.h> uses domid_t without defining it. */
typedef uint16_t domid_t;
#include <xen/evtchn.h>

#include "xdom.h"

#define PAGE 4096UL
#define GNTST_okay 0
#define NOBODY 65534
/* The first domid Xen reserves (DOMID_FIRST_RESERVED). */
#define RESERVED_DOMID 0x7ff0u
/* Marks a GRANT_COPY status the kernel must not have written. */
#define UNTOUCHED_STATUS 0x1234

static inline int rs_self(void)
{
	return xdom_self();
}

static inline int rs_other(void)
{
	if (xdom_in_domu())
		return 0;
	return xdom_peer() > 0 ? xdom_peer() : 1;
}

static inline int rs_gntdev(void)
{
	return open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
}

static inline int rs_gntalloc(void)
{
	return open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
}

/* IOCTL_GNTDEV_RESTRICT and IOCTL_GNTALLOC_RESTRICT are one request. */
static inline int rs_restrict(int fd, uint32_t domid)
{
	struct ioctl_gntdev_restrict op = { .domid = domid };

	return ioctl(fd, IOCTL_GNTDEV_RESTRICT, &op) ? -errno : 0;
}

/* MAP_GRANT_REF of @count grants, grant i being (@domids[i], @refs[i]). */
static inline int rs_map(int fd, unsigned int count, const uint32_t *domids,
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
		op->refs[i].domid = domids[i];
		op->refs[i].ref = refs[i];
	}
	ret = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op) ? -errno : 0;
	if (!ret && index)
		*index = op->index;
	free(op);
	return ret;
}

/* One grant (@domid, @ref). */
static inline int rs_map1(int fd, uint32_t domid, uint32_t ref,
			  uint64_t *index)
{
	return rs_map(fd, 1, &domid, &ref, index);
}

static inline int rs_unmap(int fd, uint64_t index, uint32_t count)
{
	struct ioctl_gntdev_unmap_grant_ref op = { .index = index,
						    .count = count };

	return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op) ? -errno : 0;
}

/* The offset a 1-grant map of (@domid, @ref) gets now, or -errno. */
static inline int64_t rs_next_index(int fd, uint32_t domid, uint32_t ref)
{
	uint64_t index;
	int ret = rs_map1(fd, domid, ref, &index);

	if (ret)
		return ret;
	rs_unmap(fd, index, 1);
	return index;
}

static inline int rs_copy(int fd, struct gntdev_grant_copy_segment *segs,
			  unsigned int count)
{
	struct ioctl_gntdev_grant_copy op = { .count = count,
					      .segments = segs };

	return ioctl(fd, IOCTL_GNTDEV_GRANT_COPY, &op) ? -errno : 0;
}

/* A segment copying @len bytes from grant (@domid, @ref) to @buf. */
static inline void rs_seg_from(struct gntdev_grant_copy_segment *seg,
			       uint32_t domid, uint32_t ref, void *buf,
			       uint16_t len)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = GNTCOPY_source_gref;
	seg->source.foreign.domid = domid;
	seg->source.foreign.ref = ref;
	seg->dest.virt = buf;
	seg->len = len;
	seg->status = UNTOUCHED_STATUS;
}

/* A segment copying @len bytes from @buf to grant (@domid, @ref). */
static inline void rs_seg_to(struct gntdev_grant_copy_segment *seg,
			     uint32_t domid, uint32_t ref, void *buf,
			     uint16_t len)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = GNTCOPY_dest_gref;
	seg->source.virt = buf;
	seg->dest.foreign.domid = domid;
	seg->dest.foreign.ref = ref;
	seg->len = len;
	seg->status = UNTOUCHED_STATUS;
}

/* SET_UNMAP_NOTIFY: same number and layout on both devices. */
static inline int rs_notify(int fd, uint64_t index, uint32_t action,
			    uint32_t port)
{
	struct ioctl_gntdev_unmap_notify op = { .index = index,
						.action = action,
						.event_channel_port = port };

	return ioctl(fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &op) ? -errno : 0;
}

/* ALLOC_GREF of @count writable pages for @domid; @refs may be NULL. */
static inline int rs_alloc(int fd, uint32_t domid, uint32_t count,
			   uint64_t *index, uint32_t *refs)
{
	struct ioctl_gntalloc_alloc_gref *op;
	uint32_t n = count ? count : 1;
	int ret;

	op = calloc(1, sizeof(*op) + n * sizeof(op->gref_ids[0]));
	if (!op)
		return -ENOMEM;
	op->domid = domid;
	op->flags = GNTALLOC_FLAG_WRITABLE;
	op->count = count;
	ret = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, op) ? -errno : 0;
	if (!ret && index)
		*index = op->index;
	if (!ret && refs)
		memcpy(refs, op->gref_ids, count * sizeof(*refs));
	free(op);
	return ret;
}

static inline int rs_dealloc(int fd, uint64_t index, uint32_t count)
{
	struct ioctl_gntalloc_dealloc_gref op = { .index = index,
						   .count = count };

	return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op) ? -errno : 0;
}

/*
 * Pages this domain grants to @domid through its own unrestricted gntalloc
 * file, mapped here and filled with 0xa0 + page number.
 */
struct rs_grant {
	int fd;
	unsigned int count;
	uint32_t refs[8];
	uint64_t index;
	unsigned char *mem;
};

static inline int rs_grant(struct rs_grant *g, uint32_t domid,
			   unsigned int count)
{
	unsigned int i;
	int ret;

	memset(g, 0, sizeof(*g));
	g->mem = MAP_FAILED;
	if (count > 8)
		return -EINVAL;
	g->fd = rs_gntalloc();
	if (g->fd < 0)
		return -errno;
	ret = rs_alloc(g->fd, domid, count, &g->index, g->refs);
	if (ret)
		return ret;
	g->count = count;
	g->mem = mmap(NULL, count * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->fd, g->index);
	if (g->mem == MAP_FAILED)
		return -errno;
	for (i = 0; i < count; i++)
		memset(g->mem + i * PAGE, 0xa0 + i, PAGE);
	return 0;
}

static inline void rs_grant_free(struct rs_grant *g)
{
	if (g->mem != MAP_FAILED)
		munmap(g->mem, g->count * PAGE);
	if (g->fd >= 0)
		close(g->fd);
}

static inline int rs_evtchn(void)
{
	return open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
}

/* A port of this domain waiting for @remote to bind it; -errno on error. */
static inline int rs_unbound(int evfd, uint32_t remote)
{
	struct ioctl_evtchn_bind_unbound_port op = { .remote_domain = remote };
	int port = ioctl(evfd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &op);

	return port < 0 ? -errno : port;
}

/* Binds @remote's unbound @port: our end of an interdomain channel. */
static inline int rs_bind(int evfd, uint32_t remote, uint32_t port)
{
	struct ioctl_evtchn_bind_interdomain op = { .remote_domain = remote,
						    .remote_port = port };
	int local = ioctl(evfd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);

	return local < 0 ? -errno : local;
}

/*
 * An interdomain channel from this domain to itself: *@send signals
 * *@recv. 0 or -errno.
 */
static inline int rs_loopback(int evfd, uint32_t *send, uint32_t *recv)
{
	int r = rs_unbound(evfd, rs_self());
	int s;

	if (r < 0)
		return r;
	s = rs_bind(evfd, rs_self(), r);
	if (s < 0)
		return s;
	*recv = r;
	*send = s;
	return 0;
}

/*
 * Waits up to @timeout_s for an event on @port (skipping others) and
 * unmasks it. 1 if it came, else 0.
 */
static inline int rs_evtchn_wait(int evfd, uint32_t port, int timeout_s)
{
	struct pollfd pfd = { .fd = evfd, .events = POLLIN };
	uint32_t got;

	for (;;) {
		if (poll(&pfd, 1, timeout_s * 1000) != 1)
			return 0;
		if (read(evfd, &got, sizeof(got)) != sizeof(got))
			return 0;
		if (write(evfd, &got, sizeof(got)) != sizeof(got))
			return 0;
		if (got == port)
			return 1;
	}
}

/* Sends @fd over the UNIX socket @sock (SCM_RIGHTS). 0 or -errno. */
static inline int rs_send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 'F';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

/* Receives an fd sent by rs_send_fd; the fd or -errno. */
static inline int rs_recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -errno;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -EPROTO;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/* Becomes user and group nobody, with no supplementary groups. */
static inline int rs_drop_root(void)
{
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		return -errno;
	return getuid() == NOBODY && geteuid() == NOBODY ? 0 : -EPERM;
}

/*
 * Runs @fn(@fd) in a child and returns its exit status (fn's result, 0-255)
 * or -1 if the child did not exit normally.
 */
static inline int rs_in_child(int (*fn)(int fd), int fd)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		_exit(fn(fd));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif /* RESTRICT_UTIL_H */
