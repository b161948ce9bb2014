// SPDX-License-Identifier: GPL-2.0
/*
 * The peer domain destroyed in the middle of sharing, with a short-lived
 * guest made for the test (the harness's domU serves the other tests and
 * must survive):
 *
 * - its_grants_mapped_here: a paused guest, whose console and xenstore
 *   rings (grant refs 0 and 1, granted to dom0 by the toolstack) we map
 *   through gntdev; xl destroy; our mapping stays usable, and once we unmap,
 *   Xen frees the dead domain (our mapping was its last reference).
 * - our_grants_mapped_there: a booted guest that maps pages we granted
 *   through gntalloc (it runs faults_guest instead of the test lists:
 *   xq_run on its command line, see domU-init.sh); xl destroy; Xen ends its mappings, our
 *   pages stay ours, and DEALLOC_GREF then releases everything.
 * After each: nothing of ours active in Xen, the drivers' counters back.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "faults.h"

#define NPAGES 8
#define TEST_KEY "faults_peer"
#define GUEST_UP_S 240

/* Runs @cmd through the shell, its output into /tmp/faults_peer.out. */
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd) - 40, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(cmd) - 40)
		return -1;
	strcat(cmd, " >/tmp/faults_peer.out 2>&1");
	return system(cmd);
}

static void show_output(void)
{
	char line[256];
	FILE *f = fopen("/tmp/faults_peer.out", "r");

	while (f && fgets(line, sizeof(line), f))
		printf("#   %s", line);
	if (f)
		fclose(f);
}

/* Creates the paused guest @name (its extra settings @opts); its domid. */
static int guest_create(const char *name, const char *opts)
{
	char line[64];
	int domid = -1;
	FILE *p;

	if (sh("timeout 120 xl create -p /etc/xen/domu.cfg 'name=\"%s\"' %s",
	       name, opts)) {
		show_output();
		return -1;
	}
	snprintf(line, sizeof(line), "timeout 20 xl domid %s 2>/dev/null", name);
	p = popen(line, "r");
	if (!p)
		return -1;
	if (!fgets(line, sizeof(line), p) || sscanf(line, "%d", &domid) != 1)
		domid = -1;
	pclose(p);
	return domid;
}

/* Does Xen still have domain @domid, dying or not? 1, 0, or -1. */
static int domain_exists(int domid)
{
	char line[256];
	int found = 0, id;
	FILE *p = popen("timeout 20 xl list 2>/dev/null", "r");

	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		if (sscanf(line, "%*s %d", &id) == 1 && id == domid)
			found = 1;
	}
	return pclose(p) ? -1 : found;
}

static int domain_gone_within(int domid, int seconds)
{
	time_t give_up = time(NULL) + seconds;
	int exists;

	while ((exists = domain_exists(domid)) == 1 && time(NULL) < give_up)
		faults_sleep_ms(500);
	return exists == 0;
}

static void show_guest_console(const char *name)
{
	sh("tail -n 30 /var/log/xen/console/guest-%s.log", name);
	show_output();
}

FIXTURE(peer) {
	bool ready;
	struct faults_snapshot base;
	const char *guest;
};

FIXTURE_SETUP(peer)
{
	if (xdom_in_domu())
		SKIP(return, "dom0's half");
	if (access("/dev/xen/gntdev", F_OK) || access("/dev/xen/gntalloc", F_OK))
		SKIP(return, "needs /dev/xen/gntdev and /dev/xen/gntalloc");
	if (sh("timeout 20 xl list"))
		SKIP(return, "no xl here");
	faults_snapshot(&self->base);
	self->ready = true;
}

FIXTURE_TEARDOWN(peer)
{
	if (!self->ready)
		return;
	if (self->guest)
		sh("timeout 60 xl destroy %s", self->guest);
	FAULTS_EXPECT_CLEAN(&self->base);
	EXPECT_EQ(1, faults_gntalloc_idle()) TH_LOG("gntalloc still counts grefs");
}

TEST_F_TIMEOUT(peer, destroyed_while_its_grants_mapped_here, 280)
{
	const uint32_t refs[2] = { 0, 1 };	/* console and xenstore rings */
	unsigned char *p, before;
	uint64_t index;
	int domid, fd;

	if (!self->ready)
		return;	/* setup skipped it */
	self->guest = "faults-mapped-here";
	domid = guest_create(self->guest,
			     "'kernel=\"/boot/domu-vmlinux\"' 'ramdisk=\"\"' memory=96");
	ASSERT_LT(0, domid);
	fd = gd_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gd_map(fd, 2, domid, refs, &index));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap of d%d's rings: %s", domid,
					 strerror(errno));
	before = p[PAGE + 7];

	ASSERT_EQ(0, sh("timeout 60 xl destroy %s", self->guest)) show_output();
	self->guest = NULL;
	/* The dead domain's pages are still ours to read and write. */
	EXPECT_EQ(0, fault_signal(p, 0));
	EXPECT_EQ(0, fault_signal(p + PAGE + 8, 1));
	EXPECT_EQ(before, p[PAGE + 7]);
	EXPECT_EQ(0x55, p[PAGE + 8]);
	if (domain_exists(domid) == 1)
		printf("# d%d stays, dying, while we map its pages\n", domid);

	EXPECT_EQ(0, munmap(p, 2 * PAGE));
	EXPECT_EQ(0, gd_unmap(fd, index, 2));
	close(fd);
	EXPECT_TRUE(domain_gone_within(domid, FAULTS_SETTLE_S))
		TH_LOG("d%d is not freed after our last unmap", domid);
}

TEST_F_TIMEOUT(peer, destroyed_while_our_grants_mapped_there, 290)
{
	struct ioctl_gntalloc_dealloc_gref op = { .count = NPAGES };
	char domid_s[16], buf[NPAGES * 12] = "";
	struct selfgrant sg;
	unsigned int i;
	int domid, n = 0, rows;

	if (!self->ready)
		return;	/* setup skipped it */
	self->guest = "faults-maps-ours";
	domid = guest_create(self->guest,
			     "'extra=\"console=hvc0 loglevel=4 xq_profile=default"
			     " xq_run=faults_guest\"'");
	ASSERT_LT(0, domid);
	ASSERT_EQ(0, grant_alloc(&sg, domid, NPAGES, 1));
	for (i = 0; i < NPAGES; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%u", i ? " " : "",
			      sg.refs[i]);
	snprintf(domid_s, sizeof(domid_s), "%d", domid);
	setenv("XQ_DOMID", domid_s, 1);
	ASSERT_EQ(0, xdom_put(TEST_KEY, "refs", "%s", buf));
	ASSERT_EQ(0, sh("timeout 30 xl unpause %s", self->guest));

	if (xdom_get(TEST_KEY, "mapped", buf, sizeof(buf), GUEST_UP_S)) {
		show_guest_console(self->guest);
		ASSERT_TRUE(0) TH_LOG("the guest did not map our grants");
	}
	ASSERT_STREQ("ok", buf);
	for (i = 0; i < NPAGES; i++)
		EXPECT_EQ(0x5a, sg.mem[i * PAGE + 1]) TH_LOG("guest's write not seen");
	rows = faults_count_rows(0, domid);
	if (rows >= 0)
		EXPECT_EQ(NPAGES, rows);

	ASSERT_EQ(0, sh("timeout 60 xl destroy %s", self->guest)) show_output();
	self->guest = NULL;
	EXPECT_TRUE(domain_gone_within(domid, FAULTS_SETTLE_S))
		TH_LOG("d%d is not freed after xl destroy", domid);
	EXPECT_EQ(0, faults_count_rows(0, domid));
	/* Our pages are untouched by the peer's death, and still ours. */
	for (i = 0; i < NPAGES; i++) {
		EXPECT_EQ(0xa0 + i, sg.mem[i * PAGE]);
		sg.mem[i * PAGE] = 0x42;
		EXPECT_EQ(0x42, sg.mem[i * PAGE]);
	}
	op.index = sg.index;
	EXPECT_EQ(0, ioctl(sg.fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op));
	selfgrant_free(&sg);
}

TEST_HARNESS_MAIN
