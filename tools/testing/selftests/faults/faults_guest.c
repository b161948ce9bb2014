// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's half of faults_peer's destroyed_while_our_grants_mapped_there,
 * run by the short-lived guest that test makes (xq_run=faults_guest on its
 * kernel command line), not by the harness: map the pages dom0 granted us,
 * write to each, say so, and keep them mapped until dom0 destroys us.
 */
#include <stdio.h>

#include "../gntdev/gntdev_util.h"

#define NPAGES 8
#define TEST_KEY "faults_peer"

static int fail(const char *what)
{
	printf("faults_guest: %s: %s\n", what, strerror(errno));
	xdom_put(TEST_KEY, "mapped", "failed");
	return 1;
}

int main(void)
{
	char buf[NPAGES * 12], *s, *end;
	uint32_t refs[NPAGES];
	unsigned char *p;
	uint64_t index;
	unsigned int i;
	int fd, err;

	if (xdom_get(TEST_KEY, "refs", buf, sizeof(buf), 60))
		return fail("no refs from dom0");
	for (s = buf, i = 0; i < NPAGES; i++, s = end) {
		refs[i] = strtoul(s, &end, 10);
		if (s == end)
			return fail("bad refs");
	}
	fd = gd_open();
	if (fd < 0)
		return fail("open gntdev");
	err = gd_map(fd, NPAGES, 0, refs, &index);
	if (err) {
		errno = -err;
		return fail("MAP_GRANT_REF");
	}
	p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 index);
	if (p == MAP_FAILED)
		return fail("mmap");
	for (i = 0; i < NPAGES; i++)
		p[i * PAGE + 1] = 0x5a;
	if (xdom_put(TEST_KEY, "mapped", "ok"))
		return fail("xenstore");
	printf("faults_guest: %u pages of dom0 mapped, waiting to be destroyed\n",
	       NPAGES);
	fflush(stdout);
	for (;;)
		pause();
}
