// SPDX-License-Identifier: GPL-2.0
/* Restriction and accounting, the same code as in gntalloc. */
#include "../shared/audit.c"
