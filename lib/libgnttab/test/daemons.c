// SPDX-License-Identifier: GPL-2.0
/*
 * Debian's xenstored and xenconsoled (unchanged binaries) run on our
 * libxengnttab.so.1: the library each one has mapped (read through
 * /proc/PID/map_files, so a replaced file is still seen as it was loaded)
 * must be byte-identical to ours ($LD_LIBRARY_PATH's first directory, or
 * $LIBGNTTAB_DROPIN), and once a domU is up both map its ring through
 * /dev/xen/gntdev. Skips if the daemons do not run or if the system copy
 * of the library is not ours (the harness did not install it).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static int find_pid(const char *comm)
{
	char path[300], name[64];
	struct dirent *d;
	DIR *proc = opendir("/proc");
	int pid = -1;

	while (proc && (d = readdir(proc))) {
		FILE *f;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) &&
		    !strncmp(name, comm, strlen(comm)) &&
		    name[strlen(comm)] == '\n')
			pid = atoi(d->d_name);
		fclose(f);
	}
	if (proc)
		closedir(proc);
	return pid;
}

static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb, ca, cb;

	while (same) {
		ca = getc(fa);
		cb = getc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/*
 * Looks through @pid's mappings: 1 if its libxengnttab is @ours, 0 if it
 * is another file, -1 if none is mapped. Sets *@gntdev if /dev/xen/gntdev
 * is mapped.
 */
static int check_maps(int pid, const char *ours, int *gntdev)
{
	char path[128], line[512], range[64], file[256];
	int result = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	*gntdev = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %*s %*s %*s %*s %255s", range, file) != 2)
			continue;
		if (!strcmp(file, "/dev/xen/gntdev"))
			*gntdev = 1;
		if (!strstr(file, "/libxengnttab.so") || result >= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/map_files/%s", pid, range);
		result = same_file(path, ours);
		t_info("pid %d maps %s (%s)", pid, file,
		       result ? "ours" : "NOT ours");
	}
	fclose(f);
	return result;
}

int main(void)
{
	const char *daemons[] = { "xenstored", "xenconsoled" };
	const char *env = getenv("LIBGNTTAB_DROPIN");
	const char *lp = getenv("LD_LIBRARY_PATH");
	const char *domu = getenv("XQ_DOMID");
	char ours[256];
	unsigned i;

	if (env && *env)
		snprintf(ours, sizeof(ours), "%s", env);
	else if (lp && *lp)
		snprintf(ours, sizeof(ours), "%.*s/libxengnttab.so.1",
			 (int)strcspn(lp, ":"), lp);
	else
		t_skip("where is our library? set LIBGNTTAB_DROPIN");

	for (i = 0; i < 2; i++) {
		int pid = find_pid(daemons[i]), gntdev, r;

		if (pid < 0)
			t_skip("%s is not running", daemons[i]);
		r = check_maps(pid, ours, &gntdev);
		if (r < 0) {
			t_fail(__FILE__, __LINE__, "libxengnttab not mapped", 0);
			continue;
		}
		if (r == 0)
			t_skip("%s runs on another libxengnttab.so.1 than %s: "
			       "the harness did not install ours as the system "
			       "library", daemons[i], ours);
		if (domu && *domu) {
			t_info("%s: /dev/xen/gntdev %smapped", daemons[i],
			       gntdev ? "" : "NOT ");
			CHECK(gntdev);
		}
	}
	return t_result("daemons");
}
