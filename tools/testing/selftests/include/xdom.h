/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-domain rendezvous for tests with one side in dom0 and one in the PV
 * domU. Both sides read and write keys under the domU's own xenstore
 * directory, /local/domain/<domU>/data/<test>/<key>, which the domU may
 * write and dom0 may read and write. The harness runs the dom0 list and the
 * domU list at the same time, so the two halves of a pair meet here.
 *
 * The xenstore-read/-write tools are in both initramfs images; going through
 * them keeps test programs free of library dependencies.
 *
 *	dom0:				domU:
 *	xdom_get("t", "ref", b, n, 60);	xdom_put("t", "ref", "%u", ref);
 *	xdom_put("t", "done", "1");	xdom_get("t", "done", b, n, 60);
 */
#ifndef GNTTAB_TEST_XDOM_H
#define GNTTAB_TEST_XDOM_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* dom0 learns the domU's id from the harness; the domU is told its own. */
static inline int xdom_env_domid(void)
{
	const char *s = getenv("XQ_DOMID");

	return s && *s ? atoi(s) : -1;
}

static inline int xdom_in_domu(void)
{
	return access("/proc/xen/xsd_kva", F_OK) != 0;
}

/* The other side's domid: the domU's in dom0, 0 in the domU. */
static inline int xdom_peer(void)
{
	return xdom_in_domu() ? 0 : xdom_env_domid();
}

static inline int xdom_self(void)
{
	return xdom_in_domu() ? xdom_env_domid() : 0;
}

static inline int xdom_path(char *buf, size_t len, const char *test,
			    const char *key)
{
	int domu = xdom_in_domu() ? xdom_self() : xdom_peer();
	int n;

	if (domu < 0)
		return -1;
	n = snprintf(buf, len, "/local/domain/%d/data/%s/%s", domu, test, key);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Writes printf-style @fmt at <test>/<key>. Returns 0 or -1. */
static inline int xdom_put(const char *test, const char *key, const char *fmt, ...)
{
	char path[256], value[256], cmd[640];
	va_list ap;
	int n;

	if (xdom_path(path, sizeof(path), test, key))
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(value) || strchr(value, '\''))
		return -1;
	snprintf(cmd, sizeof(cmd), "timeout 20 xenstore-write '%s' '%s' >/dev/null 2>&1",
		 path, value);
	return system(cmd) == 0 ? 0 : -1;
}

/* Reads <test>/<key> into @buf, waiting up to @timeout_s for it to appear. */
static inline int xdom_get(const char *test, const char *key, char *buf,
			   size_t len, int timeout_s)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	char path[256], cmd[320];
	time_t end = time(NULL) + timeout_s;

	if (xdom_path(path, sizeof(path), test, key) || len == 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "timeout 20 xenstore-read '%s' 2>/dev/null", path);
	do {
		FILE *p = popen(cmd, "r");
		int ok;

		if (!p)
			return -1;
		ok = fgets(buf, len, p) != NULL;
		if (pclose(p) == 0 && ok) {
			buf[strcspn(buf, "\n")] = '\0';
			return 0;
		}
		nanosleep(&pause, NULL);
	} while (time(NULL) < end);
	return -1;
}

#endif /* GNTTAB_TEST_XDOM_H */
