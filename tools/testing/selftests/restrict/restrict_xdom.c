// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-domain: a deprivileged dom0 process serves a guest's ring.
 *
 *	restrict_xdom guest	(domU) restricts a gntalloc file to dom0 and
 *				grants two pages with it; opens an event
 *				channel port for dom0
 *	restrict_xdom host	(dom0) restricts a gntdev file to the guest,
 *				binds the guest's port, then a child drops
 *				root (nobody) and, through the inherited file
 *				only, maps the pages, writes, grant-copies both
 *				ways and asks for the unmap notification on
 *				the guest's channel; it is refused everything
 *				aimed at dom0 (a self-grant that works
 *				unrestricted) or at another domain, including
 *				an event on a dom0-local channel and lifting
 *				the restriction.
 * The guest checks the data, then that the notification fired (event and
 * cleared byte) as asked before the refused request.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "kselftest.h"
#include "restrict_util.h"

#define TEST "restrict_xdom"
#define TIMEOUT_S 180
#define CLEAR_AT 10		/* byte of page 0 the unmap clears */
#define COPY_AT 100		/* where page 1 receives the grant copy */
#define UNKNOWN_DOMID 0x7fe0

static int guest(void)
{
	unsigned char *p;
	uint32_t refs[2];
	uint64_t index;
	char buf[64];
	int fd, evfd, port, ok, i;

	ksft_set_plan(4);
	fd = rs_gntalloc();
	evfd = rs_evtchn();
	if (fd < 0 || evfd < 0)
		ksft_exit_fail_msg("open gntalloc/evtchn: %s\n", strerror(errno));
	ok = !rs_restrict(fd, 0) &&
	     rs_alloc(fd, rs_self(), 1, NULL, NULL) == -EPERM &&
	     !rs_alloc(fd, 0, 2, &index, refs);
	ksft_test_result(ok, "guest_restricted_grants_to_dom0_only\n");
	if (!ok)
		ksft_exit_fail_msg("cannot grant\n");
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	port = rs_unbound(evfd, 0);
	if (p == MAP_FAILED || port < 0)
		ksft_exit_fail_msg("mmap or event channel failed\n");
	memset(p, 'U', PAGE);
	memset(p + PAGE, 0, PAGE);
	if (xdom_put(TEST, "grant", "%u %u %d", refs[0], refs[1], port))
		ksft_exit_fail_msg("xenstore write failed\n");

	ok = !xdom_get(TEST, "written", buf, sizeof(buf), TIMEOUT_S);
	for (i = 0; i < 16; i++)
		ok &= p[PAGE + i] == 'D';
	ksft_test_result(ok, "host_wrote_through_mapping\n");
	for (i = 0; i < 16; i++)
		ok &= p[PAGE + COPY_AT + i] == 'C';
	ksft_test_result(ok, "host_grant_copy_landed\n");
	xdom_put(TEST, "checked", ok ? "ok" : "fail");

	ok = !xdom_get(TEST, "unmapped", buf, sizeof(buf), TIMEOUT_S) &&
	     rs_evtchn_wait(evfd, port, 60) && p[CLEAR_AT] == 0 &&
	     p[CLEAR_AT - 1] == 'U' && p[CLEAR_AT + 1] == 'U';
	ksft_test_result(ok, "host_unmap_notify_event_and_byte\n");
	xdom_put(TEST, "notified", ok ? "ok" : "fail");
	munmap(p, 2 * PAGE);
	rs_dealloc(fd, index, 2);
	close(fd);
	close(evfd);
	ksft_finished();
	return 0;
}

/* What the deprivileged child needs, set up by the root parent. */
static struct {
	int dev;		/* gntdev, restricted to the guest */
	int guest;
	uint32_t refs[2];	/* the guest's grants */
	uint32_t guest_port;	/* our end of the guest's channel */
	uint32_t local_port;	/* a dom0-to-dom0 channel */
	uint32_t dom0_ref;	/* a page dom0 grants itself */
	int results, go;	/* pipes to and from the parent */
} h;

/* The child reports "1 name" or "0 name" lines; "written" is a marker. */
static void report(int ok, const char *name)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "%d %s\n", !!ok, name);

	if (write(h.results, line, n) != n)
		_exit(2);
}

static int child(void)
{
	struct gntdev_grant_copy_segment segs[2];
	unsigned char local[16], got[16];
	uint32_t domids[2];
	unsigned char *p = MAP_FAILED;
	uint64_t index = 0;
	struct stat st;
	char go;
	int ok;

	report(!rs_drop_root(), "child_dropped_root");

	ok = !rs_map(h.dev, 2, (uint32_t[]){ h.guest, h.guest }, h.refs,
		     &index);
	if (ok)
		p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			 h.dev, index);
	ok = p != MAP_FAILED && p[0] == 'U' && p[PAGE - 1] == 'U';
	report(ok, "nobody_maps_guest_grants");
	if (p == MAP_FAILED)
		return 1;
	memset(p + PAGE, 'D', 16);

	memset(local, 'C', sizeof(local));
	memset(got, 0, sizeof(got));
	rs_seg_to(&segs[0], h.guest, h.refs[1], local, sizeof(local));
	segs[0].dest.foreign.offset = COPY_AT;
	rs_seg_from(&segs[1], h.guest, h.refs[0], got, sizeof(got));
	ok = !rs_copy(h.dev, segs, 2) && segs[0].status == GNTST_okay &&
	     segs[1].status == GNTST_okay && got[0] == 'U' && got[15] == 'U';
	report(ok, "nobody_grant_copies_with_guest");

	report(!rs_notify(h.dev, index + CLEAR_AT, UNMAP_NOTIFY_CLEAR_BYTE |
			  UNMAP_NOTIFY_SEND_EVENT, h.guest_port),
	       "nobody_notify_on_guest_channel");

	domids[0] = h.guest;
	domids[1] = 0;
	ok = rs_map1(h.dev, 0, h.dom0_ref, NULL) == -EPERM &&
	     rs_map(h.dev, 2, domids, (uint32_t[]){ h.refs[0], h.dom0_ref },
		    NULL) == -EPERM;
	report(ok, "refused_map_dom0_grant");

	rs_seg_from(&segs[0], 0, h.dom0_ref, got, sizeof(got));
	rs_seg_to(&segs[1], 0, h.dom0_ref, local, sizeof(local));
	ok = rs_copy(h.dev, &segs[0], 1) == -EPERM &&
	     rs_copy(h.dev, &segs[1], 1) == -EPERM &&
	     segs[0].status == UNTOUCHED_STATUS &&
	     segs[1].status == UNTOUCHED_STATUS;
	report(ok, "refused_copy_dom0_grant_both_ways");

	report(rs_notify(h.dev, index, UNMAP_NOTIFY_CLEAR_BYTE |
			 UNMAP_NOTIFY_SEND_EVENT, h.local_port) == -EPERM,
	       "refused_notify_on_dom0_channel");

	ok = rs_map1(h.dev, UNKNOWN_DOMID, 1, NULL) == -EPERM &&
	     rs_restrict(h.dev, 0) == -EPERM &&
	     rs_restrict(h.dev, h.guest) == 0;
	report(ok, "refused_other_domain_and_lifting");

	ok = stat("/dev/xen/gntdev", &st) || (st.st_mode & 0006) ||
	     (rs_gntdev() < 0 && errno == EACCES);
	report(ok, "no_fresh_gntdev_file_as_nobody");

	report(1, "written");
	if (read(h.go, &go, 1) != 1)
		return 1;
	ok = !munmap(p, 2 * PAGE) && !rs_unmap(h.dev, index, 2);
	report(ok, "nobody_unmaps_guest_grants");
	return 0;
}

static int host(void)
{
	int results[2], go[2], status, port, evfd, ok;
	char buf[128], name[96];
	struct rs_grant dom0;
	uint32_t recv;
	FILE *in;
	pid_t pid;

	ksft_set_plan(13);
	h.guest = xdom_peer();
	h.dev = rs_gntdev();
	evfd = rs_evtchn();
	if (h.dev < 0 || evfd < 0)
		ksft_exit_fail_msg("open gntdev/evtchn: %s\n", strerror(errno));
	ksft_test_result(!rs_restrict(h.dev, h.guest), "restrict_to_guest\n");
	if (rs_grant(&dom0, 0, 1) ||
	    rs_loopback(evfd, &h.local_port, &recv))
		ksft_exit_fail_msg("dom0 self-grant or local channel failed\n");
	h.dom0_ref = dom0.refs[0];
	if (xdom_get(TEST, "grant", buf, sizeof(buf), TIMEOUT_S) ||
	    sscanf(buf, "%u %u %d", &h.refs[0], &h.refs[1], &port) != 3)
		ksft_exit_fail_msg("no grant from the guest\n");
	port = rs_bind(evfd, h.guest, port);
	if (port < 0)
		ksft_exit_fail_msg("bind guest port: %s\n", strerror(-port));
	h.guest_port = port;

	if (pipe2(results, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		ksft_exit_fail_msg("pipe\n");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork\n");
	if (!pid) {
		close(results[0]);
		close(go[1]);
		h.results = results[1];
		h.go = go[0];
		_exit(child());
	}
	close(results[1]);
	close(go[0]);
	in = fdopen(results[0], "r");
	while (in && fgets(buf, sizeof(buf), in)) {
		if (sscanf(buf, "%d %95s", &ok, name) != 2)
			continue;
		if (strcmp(name, "written")) {
			ksft_test_result(ok, "%s\n", name);
			continue;
		}
		xdom_put(TEST, "written", "1");
		ok = !xdom_get(TEST, "checked", buf, sizeof(buf), TIMEOUT_S) &&
		     !strcmp(buf, "ok");
		ksft_test_result(ok, "guest_saw_data\n");
		if (write(go[1], "g", 1) != 1)
			break;
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		ksft_print_msg("child ended with status %#x\n", status);
	xdom_put(TEST, "unmapped", "1");
	ok = !xdom_get(TEST, "notified", buf, sizeof(buf), TIMEOUT_S) &&
	     !strcmp(buf, "ok");
	ksft_test_result(ok, "guest_got_notification_asked_before_refusal\n");
	rs_grant_free(&dom0);
	close(evfd);
	close(h.dev);
	ksft_finished();
	return 0;
}

int main(int argc, char **argv)
{
	int is_guest = argc > 1 && !strcmp(argv[1], "guest");

	ksft_print_header();
	if (argc != 2 || (!is_guest && strcmp(argv[1], "host")))
		ksft_exit_fail_msg("usage: %s guest|host\n", argv[0]);
	if (xdom_peer() < 0 || xdom_self() < 0)
		ksft_exit_skip("no peer domain (XQ_DOMID unset)\n");
	if (is_guest != xdom_in_domu())
		ksft_exit_fail_msg("guest runs in the domU, host in dom0\n");
	return is_guest ? guest() : host();
}
