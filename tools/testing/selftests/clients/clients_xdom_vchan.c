// SPDX-License-Identifier: GPL-2.0
/*
 * A channel from Debian's libxenvchan between dom0 and the domU, carrying
 * 100 MiB each way with every byte checked. libxenvchan shares its rings
 * through xengntshr_share_page_notify (gntalloc) on the server side and maps
 * them with xengnttab_map_grant_ref_notify (gntdev) on the client side, so
 * both drivers and both halves of our library carry it.
 *
 *	clients_xdom_vchan server	grants the rings, to the other domain
 *	clients_xdom_vchan client	maps them
 *
 * The two halves of a run (one in each domain) meet through xenstore.
 */
#include <errno.h>
#include <libxenvchan.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xdom.h"

#define TOTAL (100u << 20)
#define CHUNK (1u << 20)
#define RING (1u << 20)

/* The byte at @off of the stream in one direction: cheap, position-dependent. */
static uint8_t pattern(uint32_t off, uint32_t salt)
{
	uint32_t x = (off / 4 + 1) * 2654435761u ^ salt;

	return x >> (8 * (off % 4));
}

static int send_stream(struct libxenvchan *v, uint32_t salt)
{
	static uint8_t buf[CHUNK];
	uint32_t off, i;

	for (off = 0; off < TOTAL; off += CHUNK) {
		for (i = 0; i < CHUNK; i++)
			buf[i] = pattern(off + i, salt);
		if (libxenvchan_write(v, buf, CHUNK) != (int)CHUNK)
			return -1;
	}
	return 0;
}

/* Returns the offset of the first wrong byte, or TOTAL if all were right. */
static uint32_t recv_stream(struct libxenvchan *v, uint32_t salt)
{
	static uint8_t buf[CHUNK];
	uint32_t off = 0, i;
	int n;

	while (off < TOTAL) {
		n = libxenvchan_read(v, buf, CHUNK);
		if (n <= 0)
			return off;
		for (i = 0; i < (uint32_t)n; i++)
			if (buf[i] != pattern(off + i, salt))
				return off + i;
		off += n;
	}
	return off;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int server = argc == 2 && !strcmp(argv[1], "server");
	int test = 0, failed = 0;
	struct libxenvchan *v;
	const char *role;
	char path[128], key[32], buf[64];
	uint32_t got;
	double t0;

	if (argc != 2 || (!server && strcmp(argv[1], "client"))) {
		fprintf(stderr, "usage: %s server|client\n", argv[0]);
		return 2;
	}
	role = server ? "server" : "client";
	/* A run is named after the server's domain: one channel per direction. */
	snprintf(key, sizeof(key), "vchan-from-%s", (server == xdom_in_domu()) ? "domu" : "dom0");
	printf("TAP version 13\n1..3\n# %s in d%d, peer d%d\n", role, xdom_self(), xdom_peer());
	if (xdom_peer() < 0 || xdom_path(path, sizeof(path), key, "ring")) {
		printf("not ok 1 %s: no peer domain\n", role);
		return 1;
	}

	if (server) {
		v = libxenvchan_server_init(NULL, xdom_peer(), path, RING, RING);
		if (v)
			xdom_put(key, "ready", "1");
	} else {
		v = NULL;
		if (!xdom_get(key, "ready", buf, sizeof(buf), 120))
			v = libxenvchan_client_init(NULL, xdom_peer(), path);
	}
	printf("%s %d %s: the channel is set up\n", v ? "ok" : "not ok", ++test, role);
	if (!v)
		return 1;
	v->blocking = 1;

	/* The server sends first, then receives; the client the other way. */
	t0 = now();
	if (server) {
		failed |= send_stream(v, 1);
		printf("%s %d %s: sent 100 MiB\n", failed ? "not ok" : "ok", ++test, role);
		got = recv_stream(v, 2);
	} else {
		got = recv_stream(v, 1);
	}
	if (got != TOTAL)
		printf("# stream went wrong at byte %u\n", got);
	printf("%s %d %s: received 100 MiB, every byte as sent\n",
	       got == TOTAL ? "ok" : "not ok", ++test, role);
	failed |= got != TOTAL;
	if (!server) {
		int bad = send_stream(v, 2);

		printf("%s %d %s: sent 100 MiB\n", bad ? "not ok" : "ok", ++test, role);
		failed |= bad;
	}
	printf("# %.1f s for 200 MiB through the channel\n", now() - t0);
	/* The server must not tear the rings down under the client's last read. */
	if (server)
		xdom_get(key, "done", buf, sizeof(buf), 120);
	else
		xdom_put(key, "done", "1");
	libxenvchan_close(v);
	return failed;
}
