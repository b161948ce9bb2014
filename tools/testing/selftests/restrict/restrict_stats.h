/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the drivers' accounting: "name:\tvalue" lines of
 * /proc/self/fdinfo/FD, the debugfs tables (a header naming the columns,
 * then rows; looked up by column name, so their order is free), the
 * hypercall totals and the sysfs summaries. Missing values read as -1, so
 * a test comparing them fails rather than passes.
 */
#ifndef RESTRICT_STATS_H
#define RESTRICT_STATS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEBUGFS "/sys/kernel/debug"

/* The value of field @name of @fd's fdinfo, or -1. */
static inline long fdinfo_long(int fd, const char *name)
{
	char path[64], line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Field @name as text ("" if missing) into @buf. */
static inline const char *fdinfo_str(int fd, const char *name, char *buf,
				     size_t len)
{
	char path[64], line[256];
	size_t n = strlen(name);
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return buf;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':') {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, "%s", line + n + 1 +
				 strspn(line + n + 1, " \t"));
			break;
		}
	fclose(f);
	return buf;
}

/*
 * Column @col of the last row of debugfs table @table (e.g.
 * "gntdev/domains") whose column @key equals @value, or -1 (also when the
 * row does not exist). A "-" reads as -1 too. Files are listed in the order
 * they were opened, so for "pid" the last row is the newest file.
 */
static inline long table_long(const char *table, const char *key, long value,
			      const char *col)
{
	char path[128], line[512], *tok, *save;
	int key_i = -1, col_i = -1, i;
	long found = -1, cells[32];
	FILE *f;

	snprintf(path, sizeof(path), DEBUGFS "/%s", table);
	f = fopen(path, "r");
	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	for (i = 0, tok = strtok_r(line, " \t\n", &save); tok && i < 32;
	     i++, tok = strtok_r(NULL, " \t\n", &save)) {
		if (!strcmp(tok, key))
			key_i = i;
		if (!strcmp(tok, col))
			col_i = i;
	}
	if (key_i < 0 || col_i < 0) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		for (i = 0, tok = strtok_r(line, " \t\n", &save); tok && i < 32;
		     i++, tok = strtok_r(NULL, " \t\n", &save))
			cells[i] = strcmp(tok, "-") ? strtol(tok, NULL, 10) : -1;
		if (i > key_i && i > col_i && cells[key_i] == value)
			found = cells[col_i];
	}
	fclose(f);
	return found;
}

/* A domain's row: 0 where the row does not exist yet (never seen). */
static inline long domain_long(const char *module, long domid, const char *col)
{
	char table[64], path[128];
	long v;

	snprintf(table, sizeof(table), "%s/domains", module);
	snprintf(path, sizeof(path), DEBUGFS "/%s", table);
	v = table_long(table, "domid", domid, col);
	return v < 0 && access(path, R_OK) == 0 ? 0 : v;
}

/* This process's newest file in @module's files table. */
static inline long file_long(const char *module, const char *col)
{
	char table[64];

	snprintf(table, sizeof(table), "%s/files", module);
	return table_long(table, "pid", getpid(), col);
}

/* "map N" etc. of gntdev/hypercalls, or -1. */
static inline long hypercalls(const char *what)
{
	char line[128], name[32];
	long v = -1, n;
	FILE *f = fopen(DEBUGFS "/gntdev/hypercalls", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %ld", name, &n) == 2 && !strcmp(name, what))
			v = n;
	fclose(f);
	return v;
}

/* /sys/module/@module/parameters/@name, or -1. */
static inline long param_long(const char *module, const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

#endif /* RESTRICT_STATS_H */
