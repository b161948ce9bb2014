/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen's own view of mapped grants, for tests that check nothing is left
 * behind: the 'g' debug key ("xl debug-keys g", read back with "xl dmesg")
 * prints each domain's grant table ("grant-table for remote dN") and, for
 * each of its grants that someone maps, the ref, the mapping domain and
 * Xen's pin count.
 */
#ifndef XEN_GRANTS_H
#define XEN_GRANTS_H

#include <stdio.h>
#include <string.h>

/* One active grant: @ref of @table's grant table, mapped by @mapper. */
struct xen_grant_row {
	int table;
	int mapper;
	unsigned int ref;
	unsigned int pin;
};

/*
 * Fills @rows (at most @max) with the active grants that involve dom0:
 * dom0's own (table 0) and those dom0 maps (mapper 0). Other domains'
 * grants to each other come and go with tests running beside. Returns how
 * many, or -1 if the debug key's output could not be read.
 */
static inline int xen_grant_rows(struct xen_grant_row *rows, int max)
{
	char line[256];
	int n = 0, table = -1, seen = 0;
	FILE *p;

	p = popen("xl dmesg -c >/dev/null 2>&1; xl debug-keys g >/dev/null 2>&1;"
		  " xl dmesg -c 2>/dev/null", "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		char *s = strstr(line, "grant-table for remote d");
		struct xen_grant_row r = { 0 };

		if (s) {
			if (sscanf(s, "grant-table for remote d%d", &table) != 1)
				table = -1;
			seen = 1;
			continue;
		}
		s = strstr(line, "[0x");
		if (table < 0 || !s ||
		    sscanf(s, "[0x%x] %d 0x%*x 0x%x", &r.ref, &r.mapper,
			   &r.pin) < 2)
			continue;
		r.table = table;
		if ((table == 0 || r.mapper == 0) && n < max)
			rows[n++] = r;
	}
	if (pclose(p) || !seen)
		return -1;
	return n;
}

#endif
