// SPDX-License-Identifier: GPL-2.0
/*
 * SET_UNMAP_NOTIFY with SEND_EVENT: the event comes when the last local
 * user of the page goes, and only then: after close, after the last munmap,
 * and when the granting process is killed with SIGKILL. The event channel is
 * a loopback pair bound through /dev/xen/evtchn.
 */
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "gntalloc_test.h"

/* Generous: event delivery is asynchronous, TCG is slow. */
#define EVENT_WAIT_MS 30000
/* Only to catch an early event; an absent event proves little. */
#define NO_EVENT_WAIT_MS 300

FIXTURE(ev) {
	struct evtchn_pair ev;
};

FIXTURE_SETUP(ev)
{
	int fd = gnt_open();

	ASSERT_LE(0, fd) TH_LOG("open %s: %s", GNTALLOC_NODE, strerror(errno));
	close(fd);
	ASSERT_EQ(0, evtchn_pair_open(&self->ev));
}

FIXTURE_TEARDOWN(ev)
{
	close(self->ev.fd);
}

TEST_F(ev, event_on_close)
{
	int fd = gnt_open();
	uint64_t index;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gnt_alloc(fd, PEER_DOMID, 0, 3, &index, NULL));
	ASSERT_EQ(0, gnt_notify(fd, index + 2 * PAGE + 100,
				UNMAP_NOTIFY_SEND_EVENT, self->ev.send));
	EXPECT_EQ(0, evtchn_pair_wait(&self->ev, NO_EVENT_WAIT_MS));
	close(fd);
	EXPECT_EQ(self->ev.recv, evtchn_pair_wait(&self->ev, EVENT_WAIT_MS));
}

TEST_F(ev, event_on_last_munmap_not_before)
{
	int fd = gnt_open();
	uint64_t index;
	char *p, *q;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, gnt_alloc(fd, PEER_DOMID, 0, 1, &index, NULL));
	p = gnt_map(fd, index, 1);
	ASSERT_NE(MAP_FAILED, p);
	q = gnt_map(fd, index, 1);
	ASSERT_NE(MAP_FAILED, q);
	ASSERT_EQ(0, gnt_notify(fd, index, UNMAP_NOTIFY_SEND_EVENT | UNMAP_NOTIFY_CLEAR_BYTE,
				self->ev.send));
	ASSERT_EQ(0, gnt_dealloc(fd, index, 1));
	close(fd);
	EXPECT_EQ(0, evtchn_pair_wait(&self->ev, NO_EVENT_WAIT_MS));
	munmap(p, PAGE);
	EXPECT_EQ(0, evtchn_pair_wait(&self->ev, NO_EVENT_WAIT_MS));
	munmap(q, PAGE);
	EXPECT_EQ(self->ev.recv, evtchn_pair_wait(&self->ev, EVENT_WAIT_MS));
}

/*
 * The child: grants two pages, asks for the event on the second, and with
 * @map maps them and drops everything but the mapping. Then waits to die.
 */
static void grant_and_wait_for_kill(int ready, uint32_t port, int map)
{
	int fd = gnt_open();
	uint64_t index;
	char *p;

	if (fd < 0 || gnt_alloc(fd, PEER_DOMID, 0, 2, &index, NULL))
		_exit(1);
	if (gnt_notify(fd, index + PAGE + 7,
		       UNMAP_NOTIFY_SEND_EVENT | UNMAP_NOTIFY_CLEAR_BYTE, port))
		_exit(1);
	if (map) {
		p = gnt_map(fd, index, 2);
		if (p == MAP_FAILED)
			_exit(1);
		p[PAGE + 7] = 1;
		if (gnt_dealloc(fd, index, 2))
			_exit(1);
		close(fd);
	}
	if (write(ready, "1", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static void kill_granter(struct __test_metadata *_metadata,
			 struct evtchn_pair *ev, int map)
{
	int ready[2];
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		grant_and_wait_for_kill(ready[1], ev->send, map);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(0, evtchn_pair_wait(ev, NO_EVENT_WAIT_MS));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(ev->recv, evtchn_pair_wait(ev, EVENT_WAIT_MS));
	EXPECT_EQ(1, gnt_in_use_is(0));
	close(ready[0]);
	close(ready[1]);
}

TEST_F(ev, event_on_sigkill_while_listed)
{
	kill_granter(_metadata, &self->ev, 0);
}

TEST_F(ev, event_on_sigkill_while_only_mapped)
{
	kill_granter(_metadata, &self->ev, 1);
}

TEST_HARNESS_MAIN
