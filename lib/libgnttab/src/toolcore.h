/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The part of libxentoolcore's internal interface that a handle library
 * needs. Debian installs only xentoolcore.h, so the registration record is
 * declared here; its layout is libxentoolcore.so.1's ABI (VERS_1.0):
 * callback pointer, then a BSD LIST_ENTRY (next, pointer to previous next).
 */
#ifndef GNTTAB_TOOLCORE_H
#define GNTTAB_TOOLCORE_H

#include <stdint.h>

typedef struct Xentoolcore__Active_Handle Xentoolcore__Active_Handle;

typedef int Xentoolcore__Restrict_Callback(Xentoolcore__Active_Handle *ah,
					   uint32_t domid);

struct Xentoolcore__Active_Handle {
	Xentoolcore__Restrict_Callback *restrict_callback;
	struct {
		Xentoolcore__Active_Handle *le_next;
		Xentoolcore__Active_Handle **le_prev;
	} entry;
};

/* Thread-safe; must not be called from a restrict callback. */
void xentoolcore__register_active_handle(Xentoolcore__Active_Handle *ah);
void xentoolcore__deregister_active_handle(Xentoolcore__Active_Handle *ah);

/* Replaces @fd by /dev/null (dup2), so the handle can no longer act. */
int xentoolcore__restrict_by_dup2_null(int fd);

#endif /* GNTTAB_TOOLCORE_H */
