/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The start of a self-grant test: this domain shares pages with itself
 * through a xengntshr handle and maps them back through a xengnttab one.
 */
#ifndef LIBGNTTAB_TEST_SELFGRANT_H
#define LIBGNTTAB_TEST_SELFGRANT_H

#include <stdlib.h>
#include <xengnttab.h>

#include "test.h"

/*
 * Skips the test without both devices; opens both handles, or ends the test
 * (exit status as t_result(@name)) if either cannot be opened. Returns our
 * domid.
 */
static inline int t_open_selfgrant(const char *name, xengnttab_handle **gt,
				   xengntshr_handle **gs)
{
	int self;

	t_need(1, 1);
	self = t_self_domid();
	*gt = xengnttab_open(NULL, 0);
	*gs = xengntshr_open(NULL, 0);
	CHECK(*gt && *gs);
	if (!*gt || !*gs)
		exit(t_result(name));
	return self;
}

#endif /* LIBGNTTAB_TEST_SELFGRANT_H */
