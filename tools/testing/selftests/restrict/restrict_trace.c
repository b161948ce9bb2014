// SPDX-License-Identifier: GPL-2.0
/*
 * The drivers' tracepoints fire once per run of consecutive same-domain
 * grants of a request, with the run's domid, first ref, count and result:
 * gntdev:gntdev_map (at the map hypercall), gntdev_unmap, gntdev_copy,
 * gntdev_notify, gntalloc:gntalloc_grant, gntalloc_ungrant,
 * gntalloc_notify. Each test records into its own tracefs instance (so
 * nobody else's tracing is disturbed) and keeps only this process's events.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "restrict_util.h"

#define BAD_REF 0x7ffffff0u
#define MAX_EVENTS 32

struct event {
	char name[32];
	long domid, ref, count, result, port, action;
};

static char instance[256];

/* A fresh tracefs instance with both modules' events on; 0 or -1. */
static int trace_start(void)
{
	static const char *const roots[] = { "/sys/kernel/tracing",
					     "/sys/kernel/debug/tracing" };
	char path[320];
	unsigned int i;
	FILE *f;

	if (access("/sys/kernel/tracing/events", F_OK))
		mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	for (i = 0; i < ARRAY_SIZE(roots); i++) {
		snprintf(instance, sizeof(instance), "%s/instances/restrict_%d",
			 roots[i], getpid());
		if (!mkdir(instance, 0700))
			break;
	}
	if (i == ARRAY_SIZE(roots))
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events/%s/enable", instance,
			 i ? "gntalloc" : "gntdev");
		f = fopen(path, "w");
		if (!f || fputs("1", f) < 0 || fclose(f))
			return -1;
	}
	return 0;
}

static void trace_stop(void)
{
	rmdir(instance);
}

/*
 * This process's events so far, in order; the count. A line reads
 * "comm-PID [cpu] flags time: NAME: key=value ...".
 */
static int trace_read(struct event *ev, int max)
{
	char path[320], line[512], me[32], *p, *tok, *save;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace", instance);
	snprintf(me, sizeof(me), "-%d ", getpid());
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strstr(line, me))
			continue;
		p = strstr(line, ": gnt");
		if (!p)
			continue;
		memset(&ev[n], 0, sizeof(ev[n]));
		ev[n].domid = ev[n].ref = ev[n].count = ev[n].result = -99;
		ev[n].port = ev[n].action = -99;
		p += 2;
		sscanf(p, "%31[^:]", ev[n].name);
		p = strchr(p, ':');
		for (tok = strtok_r(p + 1, " \t\n,", &save); tok;
		     tok = strtok_r(NULL, " \t\n,", &save)) {
			char *eq = strchr(tok, '=');
			long v;

			if (!eq)
				continue;
			*eq = '\0';
			v = strtol(eq + 1, NULL, 0);
			if (!strcmp(tok, "domid"))
				ev[n].domid = v;
			else if (!strcmp(tok, "ref"))
				ev[n].ref = v;
			else if (!strcmp(tok, "count"))
				ev[n].count = v;
			else if (!strcmp(tok, "result"))
				ev[n].result = v;
			else if (!strcmp(tok, "port"))
				ev[n].port = v;
			else if (!strcmp(tok, "action"))
				ev[n].action = v;
		}
		n++;
	}
	fclose(f);
	return n;
}

/* Index of the @nth (0-based) event named @name, or -1. */
static int find(const struct event *ev, int n, const char *name, int nth)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(ev[i].name, name) && !nth--)
			return i;
	return -1;
}

static int count(const struct event *ev, int n, const char *name)
{
	int i, c = 0;

	for (i = 0; i < n; i++)
		c += !strcmp(ev[i].name, name);
	return c;
}

FIXTURE(tr) {
	int self_domid, other_domid;
	struct rs_grant g;
	struct event ev[MAX_EVENTS];
};

FIXTURE_SETUP(tr)
{
	int ret;

	self->self_domid = rs_self();
	self->other_domid = rs_other();
	if (self->self_domid < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	ret = rs_grant(&self->g, self->self_domid, 2);
	ASSERT_EQ(0, ret) TH_LOG("self-grant: %s", strerror(-ret));
	if (trace_start())
		SKIP(return, "no tracefs instance with gntdev/gntalloc events");
}

FIXTURE_TEARDOWN(tr)
{
	trace_stop();
	rs_grant_free(&self->g);
}

TEST_F(tr, map_and_unmap_one_run)
{
	uint32_t domids[2] = { self->self_domid, self->self_domid };
	unsigned char *p;
	uint64_t index;
	int fd = rs_gntdev(), n, i;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_map(fd, 2, domids, self->g.refs, &index));
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0xa1, p[PAGE]);
	munmap(p, 2 * PAGE);
	rs_unmap(fd, index, 2);
	close(fd);

	n = trace_read(self->ev, MAX_EVENTS);
	EXPECT_EQ(1, count(self->ev, n, "gntdev_map"));
	EXPECT_EQ(1, count(self->ev, n, "gntdev_unmap"));
	i = find(self->ev, n, "gntdev_map", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(self->self_domid, self->ev[i].domid);
	EXPECT_EQ(self->g.refs[0], self->ev[i].ref);
	EXPECT_EQ(2, self->ev[i].count);
	EXPECT_EQ(0, self->ev[i].result);
	i = find(self->ev, n, "gntdev_unmap", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(self->self_domid, self->ev[i].domid);
	EXPECT_EQ(self->g.refs[0], self->ev[i].ref);
	EXPECT_EQ(2, self->ev[i].count);
	EXPECT_EQ(0, self->ev[i].result);
}

/* (self, r0) (other, bad) (self, r1): three runs, the middle one failing. */
TEST_F(tr, map_runs_split_by_domain)
{
	uint32_t domids[3] = { self->self_domid, self->other_domid,
			       self->self_domid };
	uint32_t refs[3] = { self->g.refs[0], BAD_REF, self->g.refs[1] };
	unsigned char *p;
	uint64_t index;
	int fd = rs_gntdev(), n, i;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_map(fd, 3, domids, refs, &index));
	p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, index);
	if (p != MAP_FAILED) {
		(void)*(volatile unsigned char *)p;
		(void)*(volatile unsigned char *)(p + 2 * PAGE);
		munmap(p, 3 * PAGE);
	}
	rs_unmap(fd, index, 3);
	close(fd);

	n = trace_read(self->ev, MAX_EVENTS);
	ASSERT_EQ(3, count(self->ev, n, "gntdev_map"));
	for (i = 0; i < 3; i++) {
		int e = find(self->ev, n, "gntdev_map", i);

		EXPECT_EQ(domids[i], self->ev[e].domid) TH_LOG("run %d", i);
		EXPECT_EQ(refs[i], self->ev[e].ref) TH_LOG("run %d", i);
		EXPECT_EQ(1, self->ev[e].count) TH_LOG("run %d", i);
		if (i == 1) {
			EXPECT_NE(0, self->ev[e].result);
		} else {
			EXPECT_EQ(0, self->ev[e].result) TH_LOG("run %d", i);
		}
	}
}

TEST_F(tr, copy_one_run)
{
	struct gntdev_grant_copy_segment segs[2];
	unsigned char a[16], b[16];
	int fd = rs_gntdev(), n, i;

	ASSERT_GE(fd, 0);
	memset(b, 0x3c, sizeof(b));
	rs_seg_from(&segs[0], self->self_domid, self->g.refs[0], a, sizeof(a));
	rs_seg_to(&segs[1], self->self_domid, self->g.refs[1], b, sizeof(b));
	ASSERT_EQ(0, rs_copy(fd, segs, 2));
	close(fd);

	n = trace_read(self->ev, MAX_EVENTS);
	EXPECT_EQ(1, count(self->ev, n, "gntdev_copy"));
	i = find(self->ev, n, "gntdev_copy", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(self->self_domid, self->ev[i].domid);
	EXPECT_EQ(self->g.refs[0], self->ev[i].ref);
	EXPECT_EQ(2, self->ev[i].count);
	EXPECT_EQ(0, self->ev[i].result);
}

TEST_F(tr, gntdev_notify)
{
	int fd = rs_gntdev(), evfd = rs_evtchn(), n, i, nr;
	uint32_t send, recv;
	long actions = 0;
	unsigned char *p;
	uint64_t index;

	ASSERT_GE(fd, 0);
	ASSERT_GE(evfd, 0);
	ASSERT_EQ(0, rs_loopback(evfd, &send, &recv));
	ASSERT_EQ(0, rs_map1(fd, self->self_domid, self->g.refs[0], &index));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, rs_notify(fd, index + 1, UNMAP_NOTIFY_CLEAR_BYTE |
			       UNMAP_NOTIFY_SEND_EVENT, send));
	munmap(p, PAGE);
	rs_unmap(fd, index, 1);
	EXPECT_TRUE(rs_evtchn_wait(evfd, recv, 10));
	close(fd);
	close(evfd);

	/* One event for both actions, or one per action (as ours does). */
	n = trace_read(self->ev, MAX_EVENTS);
	nr = count(self->ev, n, "gntdev_notify");
	EXPECT_LE(1, nr);
	EXPECT_GE(2, nr);
	for (i = 0; i < nr; i++) {
		int e = find(self->ev, n, "gntdev_notify", i);

		actions |= self->ev[e].action;
		EXPECT_EQ(self->self_domid, self->ev[e].domid);
		EXPECT_EQ(send, self->ev[e].port);
		EXPECT_EQ(0, self->ev[e].result);
	}
	EXPECT_EQ(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT, actions);
}

TEST_F(tr, gntalloc_grant_ungrant_notify)
{
	uint32_t refs[2];
	uint64_t index;
	int fd = rs_gntalloc(), n, i;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, rs_alloc(fd, self->other_domid, 2, &index, refs));
	ASSERT_EQ(0, rs_notify(fd, index + PAGE + 5, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, rs_dealloc(fd, index, 2));
	close(fd);

	n = trace_read(self->ev, MAX_EVENTS);
	EXPECT_EQ(1, count(self->ev, n, "gntalloc_grant"));
	i = find(self->ev, n, "gntalloc_grant", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(self->other_domid, self->ev[i].domid);
	EXPECT_EQ(refs[0], self->ev[i].ref);
	EXPECT_EQ(2, self->ev[i].count);
	EXPECT_EQ(0, self->ev[i].result);
	EXPECT_LE(1, count(self->ev, n, "gntalloc_ungrant"));
	i = find(self->ev, n, "gntalloc_ungrant", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(self->other_domid, self->ev[i].domid);
	EXPECT_EQ(1, count(self->ev, n, "gntalloc_notify"));
	i = find(self->ev, n, "gntalloc_notify", 0);
	ASSERT_GE(i, 0);
	EXPECT_EQ(UNMAP_NOTIFY_CLEAR_BYTE, self->ev[i].action);
}

TEST_HARNESS_MAIN
