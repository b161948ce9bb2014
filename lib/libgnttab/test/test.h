/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for libgnttab's test programs. Each program is standalone and
 * exits 0 (pass), 1 (fail) or 77 (skip); every failed check prints one
 * "FAIL" line with the file, line, condition and errno, and the program
 * carries on so that one run shows every failure.
 */
#ifndef LIBGNTTAB_TEST_H
#define LIBGNTTAB_TEST_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define T_PAGE 4096u

extern int t_failures;

void t_fail(const char *file, int line, const char *what, int err);
void t_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void t_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Skips the test unless the named devices exist. */
void t_need(int gntdev, int gntalloc);
/*
 * Our own domid: 0 in dom0, $XQ_DOMID in the domU (or $LIBGNTTAB_SELF).
 * Skips the test if it cannot be known.
 */
int t_self_domid(void);
/* 0 if no check failed, else 1 (with a summary line). */
int t_result(const char *name);

/* Fills/verifies @len bytes with a pattern derived from @seed. */
void t_fill(void *p, size_t len, uint32_t seed);
int t_verify(const void *p, size_t len, uint32_t seed);

#define CHECK(cond)                                                      \
	do {                                                             \
		int t_err_ = errno;                                      \
		if (!(cond))                                             \
			t_fail(__FILE__, __LINE__, #cond, t_err_);       \
	} while (0)

/* A call expected to fail with errno @e (checked together). */
#define CHECK_ERR(cond, e)                                               \
	do {                                                             \
		errno = 0;                                               \
		int t_ok_ = (cond);                                      \
		int t_err_ = errno;                                      \
		if (!t_ok_ || t_err_ != (e))                             \
			t_fail(__FILE__, __LINE__, #cond " with " #e,    \
			       t_err_);                                  \
	} while (0)

#endif /* LIBGNTTAB_TEST_H */
