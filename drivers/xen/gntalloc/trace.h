/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gntalloc's trace events: gntalloc_grant per ALLOC_GREF (ref = the first
 * of the request's grants, count = pages granted, result = 0 or the error),
 * gntalloc_ungrant when a page's grant is ended (its last local user gone),
 * gntalloc_notify when an unmap notification is carried out.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gntalloc

#if !defined(_GNTALLOC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _GNTALLOC_TRACE_H

#include <linux/tracepoint.h>

#include "../shared/trace-events.h"

DEFINE_EVENT(gnttab_grants, gntalloc_grant,
	     TP_PROTO(u16 domid, u32 ref, u32 count, int result),
	     TP_ARGS(domid, ref, count, result));
DEFINE_EVENT(gnttab_grants, gntalloc_ungrant,
	     TP_PROTO(u16 domid, u32 ref, u32 count, int result),
	     TP_ARGS(domid, ref, count, result));
DEFINE_EVENT(gnttab_notify, gntalloc_notify,
	     TP_PROTO(u16 domid, u32 port, u32 action, int result),
	     TP_ARGS(domid, port, action, result));

#endif /* _GNTALLOC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
