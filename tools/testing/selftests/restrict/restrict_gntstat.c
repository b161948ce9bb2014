// SPDX-License-Identifier: GPL-2.0
/*
 * tools/gntstat in the emulated host: its per-process table shows this
 * process's open device files (and a child's copy of one after fork) with
 * their restriction and what they hold, and its per-domain table moves by
 * exactly what the test maps and grants.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "restrict_util.h"

/* Per-domain columns, in gntstat's order. */
enum { D_DOMID, D_RESERVED, D_MAPPED, D_MAPS, D_UNMAPS, D_COPIES,
       D_MAP_REFUSED, D_MAP_DENIED, D_GRANTED, D_GRANTS, D_UNGRANTS,
       D_GRANT_REFUSED, D_GRANT_DENIED, D_COLS };

struct proc_row {
	long pid;
	char comm[32];
	int fd;
	char dev[16], restricted[16];
	long reserved, mapped, granted, refused, denied;
};

/* Runs gntstat -d: 1 and the row of @domid, 0 (zeros) if absent, -1. */
static int domain_row(int domid, long row[D_COLS])
{
	char line[512];
	int found = 0, i;
	FILE *f = popen("gntstat -d", "r");

	memset(row, 0, D_COLS * sizeof(row[0]));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long v[D_COLS];

		if (sscanf(line, "%ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7],
			   &v[8], &v[9], &v[10], &v[11], &v[12]) != D_COLS ||
		    v[0] != domid)
			continue;
		for (i = 0; i < D_COLS; i++)
			row[i] = v[i];
		found = 1;
	}
	return pclose(f) == 0 ? found : -1;
}

/* The per-process rows of @pid; their number, or -1. */
static int proc_rows(long pid, struct proc_row *rows, int max)
{
	char line[512];
	int n = 0;
	FILE *f = popen("gntstat -p", "r");

	if (!f)
		return -1;
	while (n < max && fgets(line, sizeof(line), f)) {
		struct proc_row r;

		if (sscanf(line, "%ld %31s %d %15s %15s %ld %ld %ld %ld %ld",
			   &r.pid, r.comm, &r.fd, r.dev, r.restricted,
			   &r.reserved, &r.mapped, &r.granted, &r.refused,
			   &r.denied) == 10 && r.pid == pid)
			rows[n++] = r;
	}
	return pclose(f) == 0 ? n : -1;
}

static const struct proc_row *row_of(const struct proc_row *rows, int n, int fd)
{
	int i;

	for (i = 0; i < n; i++)
		if (rows[i].fd == fd)
			return &rows[i];
	return NULL;
}

TEST(tables_show_what_the_test_holds)
{
	long self_before[D_COLS], self_after[D_COLS];
	long other_before[D_COLS], other_after[D_COLS];
	int self_domid = rs_self(), other_domid = rs_other();
	uint32_t domids[2] = { self_domid, self_domid };
	const struct proc_row *r;
	struct proc_row rows[16];
	int dev, alloc, pipefd[2], n;
	char selfstr[16], go;
	struct rs_grant g;
	unsigned char *p;
	uint64_t index;
	pid_t child;

	if (self_domid < 0)
		SKIP(return, "own domid unknown (XQ_DOMID unset)");
	if (access("/sys/kernel/debug/gntdev/domains", R_OK))
		SKIP(return, "no gntdev debugfs tables");
	ASSERT_EQ(0, rs_grant(&g, self_domid, 2));
	ASSERT_EQ(1, domain_row(self_domid, self_before) >= 0);
	ASSERT_EQ(1, domain_row(other_domid, other_before) >= 0);

	dev = rs_gntdev();
	alloc = rs_gntalloc();
	ASSERT_GE(dev, 0);
	ASSERT_GE(alloc, 0);
	ASSERT_EQ(0, rs_restrict(dev, self_domid));
	ASSERT_EQ(0, rs_map(dev, 2, domids, g.refs, &index));
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, dev, index);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0xa1, p[PAGE]);
	ASSERT_EQ(0, rs_alloc(alloc, other_domid, 3, NULL, NULL));
	EXPECT_EQ(-EPERM, rs_map1(dev, other_domid, 1, NULL));

	/* A child holding the same files shows them too. */
	ASSERT_EQ(0, pipe(pipefd));
	child = fork();
	ASSERT_GE(child, 0);
	if (!child) {
		close(pipefd[1]);
		_exit(read(pipefd[0], &go, 1) == 1 ? 0 : 1);
	}
	close(pipefd[0]);

	snprintf(selfstr, sizeof(selfstr), "%d", self_domid);
	for (int who = 0; who < 2; who++) {
		n = proc_rows(who ? child : getpid(), rows, 16);
		ASSERT_LE(3, n) TH_LOG("%s: rows %d", who ? "child" : "parent", n);
		r = row_of(rows, n, dev);
		ASSERT_NE(NULL, r);
		EXPECT_STREQ("gntdev", r->dev);
		EXPECT_STREQ(selfstr, r->restricted);
		EXPECT_EQ(2, r->reserved);
		EXPECT_EQ(2, r->mapped);
		EXPECT_EQ(1, r->denied);
		r = row_of(rows, n, alloc);
		ASSERT_NE(NULL, r);
		EXPECT_STREQ("gntalloc", r->dev);
		EXPECT_STREQ("-", r->restricted);
		EXPECT_EQ(3, r->granted);
		r = row_of(rows, n, g.fd);
		ASSERT_NE(NULL, r);
		EXPECT_EQ(2, r->granted);
	}
	EXPECT_EQ(1, write(pipefd[1], "g", 1));
	waitpid(child, NULL, 0);
	close(pipefd[1]);

	ASSERT_EQ(1, domain_row(self_domid, self_after));
	ASSERT_EQ(1, domain_row(other_domid, other_after));
	EXPECT_EQ(2, self_after[D_RESERVED] - self_before[D_RESERVED]);
	EXPECT_EQ(2, self_after[D_MAPPED] - self_before[D_MAPPED]);
	EXPECT_EQ(2, self_after[D_MAPS] - self_before[D_MAPS]);
	EXPECT_EQ(3, other_after[D_GRANTED] - other_before[D_GRANTED]);
	EXPECT_EQ(3, other_after[D_GRANTS] - other_before[D_GRANTS]);
	EXPECT_EQ(1, other_after[D_MAP_DENIED] - other_before[D_MAP_DENIED]);

	munmap(p, 2 * PAGE);
	close(dev);
	close(alloc);
	rs_grant_free(&g);
}

TEST_HARNESS_MAIN
