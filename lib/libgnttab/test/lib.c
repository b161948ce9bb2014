// SPDX-License-Identifier: GPL-2.0
/* Helpers for libgnttab's test programs (see test.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

int t_failures;

void t_fail(const char *file, int line, const char *what, int err)
{
	__atomic_add_fetch(&t_failures, 1, __ATOMIC_SEQ_CST);
	printf("FAIL %s:%d: %s (errno %d: %s)\n", file, line, what, err,
	       strerror(err));
	fflush(stdout);
}

void t_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void t_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("SKIP: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(77);
}

void t_need(int gntdev, int gntalloc)
{
	if (gntdev && access("/dev/xen/gntdev", F_OK))
		t_skip("no /dev/xen/gntdev");
	if (gntalloc && access("/dev/xen/gntalloc", F_OK))
		t_skip("no /dev/xen/gntalloc");
}

int t_result(const char *name)
{
	if (t_failures) {
		printf("%s: %d check(s) failed\n", name, t_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

void t_fill(void *p, size_t len, uint32_t seed)
{
	uint32_t x = seed | 1;
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		c[i] = (unsigned char)next(&x);
}

int t_verify(const void *p, size_t len, uint32_t seed)
{
	uint32_t x = seed | 1;
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (c[i] != (unsigned char)next(&x))
			return 0;
	return 1;
}

int t_self_domid(void)
{
	const char *s = getenv("LIBGNTTAB_SELF");

	if (s && *s)
		return atoi(s);
	if (!access("/proc/xen/xsd_kva", F_OK))
		return 0;
	s = getenv("XQ_DOMID");
	if (s && *s)
		return atoi(s);
	t_skip("own domid unknown (set XQ_DOMID)");
}
