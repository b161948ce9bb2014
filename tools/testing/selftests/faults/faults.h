/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the fault-scenario tests: after each scenario, nothing of
 * dom0's may be left behind, as seen from two places:
 *
 * - Xen's own view: the active grant entries that the 'g' debug key prints
 *   ("xl debug-keys g", read back with "xl dmesg"). Only entries that
 *   involve dom0 count: dom0's grants (table d0) and grants that dom0 maps
 *   (mapping domain 0). The domU's grants to itself come and go with its
 *   own tests, which run at the same time.
 * - The drivers' counters in /sys/module/.../parameters (gntdev reserved and
 *   mapped, gntalloc granted), where this build has them.
 *
 * A scenario takes a snapshot before it starts and checks afterwards that
 * nothing is active that was not active before and that the counters are
 * back where they were, waiting a bounded while for deferred unmaps.
 */
#ifndef FAULTS_TEST_H
#define FAULTS_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "../gntdev/gntdev_util.h"
#include "xen_grants.h"

#define FAULTS_MAX_ROWS 1024
#define FAULTS_SETTLE_S 30

static const char *const faults_counter_files[] = {
	"/sys/module/gntdev/parameters/reserved",
	"/sys/module/gntdev/parameters/mapped",
	"/sys/module/gntalloc/parameters/granted",
};

#define FAULTS_NR_COUNTERS \
	(sizeof(faults_counter_files) / sizeof(faults_counter_files[0]))

struct faults_snapshot {
	int nrows;	/* -1: Xen's table could not be read */
	struct xen_grant_row rows[FAULTS_MAX_ROWS];
	long counters[FAULTS_NR_COUNTERS];	/* -1: no such counter */
};

static inline void faults_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Counts the rows whose table is @table and mapping domain is @mapper. */
static inline int faults_count_rows(int table, int mapper)
{
	struct xen_grant_row rows[FAULTS_MAX_ROWS];
	int n = xen_grant_rows(rows, FAULTS_MAX_ROWS), i, found = 0;

	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		found += rows[i].table == table && rows[i].mapper == mapper;
	return found;
}

static inline long faults_counter(unsigned int i)
{
	long v = -1;
	FILE *f = fopen(faults_counter_files[i], "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static inline void faults_snapshot(struct faults_snapshot *s)
{
	unsigned int i;

	s->nrows = xen_grant_rows(s->rows, FAULTS_MAX_ROWS);
	for (i = 0; i < FAULTS_NR_COUNTERS; i++)
		s->counters[i] = faults_counter(i);
}

static inline bool faults_row_in(const struct xen_grant_row *r,
				 const struct faults_snapshot *s)
{
	int i;

	for (i = 0; i < s->nrows; i++) {
		if (s->rows[i].table == r->table &&
		    s->rows[i].mapper == r->mapper && s->rows[i].ref == r->ref)
			return true;
	}
	return false;
}

/*
 * Waits (FAULTS_SETTLE_S at most) until Xen shows no active entry that
 * involves dom0 and was not in @base. Prints what is left; returns how many
 * entries are left, or -1 if Xen's table cannot be read (then nothing can
 * be said, and the check is skipped).
 */
static inline int faults_xen_leftovers(const struct faults_snapshot *base)
{
	struct xen_grant_row rows[FAULTS_MAX_ROWS];
	time_t give_up = time(NULL) + FAULTS_SETTLE_S;
	int n, i, extra;

	if (base->nrows < 0)
		return -1;
	for (;;) {
		n = xen_grant_rows(rows, FAULTS_MAX_ROWS);
		if (n < 0)
			return -1;
		for (extra = 0, i = 0; i < n; i++)
			extra += !faults_row_in(&rows[i], base);
		if (!extra || time(NULL) > give_up)
			break;
		faults_sleep_ms(500);
	}
	for (i = 0; i < n; i++) {
		if (!faults_row_in(&rows[i], base))
			printf("# still active: grant %#x of d%d, mapped by d%d\n",
			       rows[i].ref, rows[i].table, rows[i].mapper);
	}
	return extra;
}

/*
 * Waits (FAULTS_SETTLE_S at most) until every driver counter that exists
 * is back at its value in @base. Returns how many are not (each printed).
 */
static inline int faults_counter_leftovers(const struct faults_snapshot *base)
{
	time_t give_up = time(NULL) + FAULTS_SETTLE_S;
	unsigned int i, wrong;
	long now[FAULTS_NR_COUNTERS];

	for (;;) {
		for (wrong = 0, i = 0; i < FAULTS_NR_COUNTERS; i++) {
			now[i] = faults_counter(i);
			wrong += base->counters[i] >= 0 && now[i] != base->counters[i];
		}
		if (!wrong || time(NULL) > give_up)
			break;
		faults_sleep_ms(500);
	}
	for (i = 0; i < FAULTS_NR_COUNTERS; i++) {
		if (base->counters[i] < 0)
			printf("# no %s in this build: not checked\n",
			       faults_counter_files[i]);
		else if (now[i] != base->counters[i])
			printf("# %s: %ld before, %ld after\n",
			       faults_counter_files[i], base->counters[i], now[i]);
	}
	return wrong;
}

/*
 * The kselftest harness of Linux 6.1 runs a test's body even after its
 * setup said SKIP: fixtures set a flag once set up, and bodies return
 * early without it.
 *
 * In a test or teardown: nothing new is active in Xen, and the counters
 * are back. A Xen table that cannot be read is said, not failed: the
 * counters still count, and the Debian and debug kernels both have xl.
 */
#define FAULTS_EXPECT_CLEAN(base)					\
	do {								\
		int __left = faults_xen_leftovers(base);		\
									\
		if (__left < 0)						\
			TH_LOG("xl debug-keys g: no table to compare");	\
		else							\
			EXPECT_EQ(0, __left)				\
				TH_LOG("grants still active in Xen");	\
		EXPECT_EQ(0, faults_counter_leftovers(base))		\
			TH_LOG("driver counters not back");		\
	} while (0)

/* gntalloc's global count of live grefs is 0: the limit admits exactly it. */
static inline int faults_gntalloc_idle(void)
{
	static const char param[] = "/sys/module/gntalloc/parameters/limit";
	struct ioctl_gntalloc_alloc_gref op = { .domid = 0, .count = 1 };
	long saved = -1;
	int fd, first, second;
	FILE *f;

	f = fopen(param, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &saved) != 1)
		saved = -1;
	fclose(f);
	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	f = fopen(param, "w");
	if (saved < 0 || fd < 0 || !f) {
		if (f)
			fclose(f);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "1\n");
	fclose(f);
	first = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &op) ? errno : 0;
	second = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &op) ? errno : 0;
	close(fd);
	f = fopen(param, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", saved);
	fclose(f);
	return first == 0 && second == ENOSPC;
}

#endif /* FAULTS_TEST_H */
