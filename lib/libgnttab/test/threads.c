// SPDX-License-Identifier: GPL-2.0
/*
 * Both handles used from many threads at once: every thread shares pages
 * through one common gntshr handle, maps them through one common gnttab
 * handle, checks and rewrites the data, then unmaps and unshares; some
 * threads also open and close handles of their own (the xentoolcore
 * registry) and use libgnttab's xc_* API at the same time.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

#include <gnttab/xc_gnttab.h>
#include <xengnttab.h>

#include "selfgrant.h"
#include "test.h"

#define THREADS 8
#define ROUNDS 150

static xengnttab_handle *gt;
static xengntshr_handle *gs;
static int self;

static void one_round(xengnttab_handle *t, xengntshr_handle *s,
		      uint32_t seed, uint32_t n)
{
	uint32_t refs[3];
	unsigned char *shared, *m;

	shared = xengntshr_share_pages(s, self, n, refs, 1);
	CHECK(shared != NULL);
	if (!shared)
		return;
	t_fill(shared, n * T_PAGE, seed);
	m = xengnttab_map_domain_grant_refs(t, n, self, refs,
					    PROT_READ | PROT_WRITE);
	CHECK(m != NULL);
	if (m) {
		CHECK(t_verify(m, n * T_PAGE, seed));
		t_fill(m, n * T_PAGE, ~seed);
		CHECK(t_verify(shared, n * T_PAGE, ~seed));
		CHECK(xengnttab_unmap(t, m, n) == 0);
	}
	CHECK(xengntshr_unshare(s, shared, n) == 0);
}

static void xc_round(uint32_t seed)
{
	xc_gntshr *s = xc_gntshr_open(NULL, 0);
	xc_gnttab *t = xc_gnttab_open(NULL, 0);
	unsigned char *shared = NULL, *m = NULL;
	uint32_t ref;

	CHECK(s && t);
	if (s)
		shared = xc_gntshr_share_pages(s, self, 1, &ref, 1);
	if (shared && t)
		m = xc_gnttab_map_grant_ref(t, self, ref, PROT_READ);
	CHECK(m != NULL);
	if (m) {
		t_fill(shared, T_PAGE, seed);
		CHECK(t_verify(m, T_PAGE, seed));
		CHECK(xc_gnttab_munmap(t, m, 1) == 0);
	}
	if (shared)
		CHECK(xc_gntshr_munmap(s, shared, 1) == 0);
	CHECK(xc_gnttab_close(t) == 0);
	CHECK(xc_gntshr_close(s) == 0);
}

static void *worker(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	uint32_t r;

	for (r = 0; r < ROUNDS && !t_failures; r++) {
		uint32_t seed = id * 100000 + r;

		one_round(gt, gs, seed, 1 + (seed % 3));
		if (r % 10 == id % 10) {
			xengnttab_handle *t = xengnttab_open(NULL, 0);
			xengntshr_handle *s = xengntshr_open(NULL, 0);

			CHECK(t && s);
			if (t && s)
				one_round(t, s, seed, 2);
			CHECK(xengnttab_close(t) == 0);
			CHECK(xengntshr_close(s) == 0);
		}
		if (id % 2 && r % 15 == 0)
			xc_round(seed);
	}
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS];
	uintptr_t i;

	self = t_open_selfgrant("threads", &gt, &gs);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, worker, (void *)i) == 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("threads");
}
