/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gntdev's trace events, one per run of consecutive grants of the same
 * domain in a request: gntdev_map when grants are mapped (at mmap),
 * gntdev_unmap when their last mapping ends, gntdev_copy per GRANT_COPY
 * (count = segments, result = failed segments), gntdev_notify when an
 * unmap notification is carried out.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gntdev

#if !defined(_GNTDEV_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _GNTDEV_TRACE_H

#include <linux/tracepoint.h>

#include "../shared/trace-events.h"

DEFINE_EVENT(gnttab_grants, gntdev_map,
	     TP_PROTO(u16 domid, u32 ref, u32 count, int result),
	     TP_ARGS(domid, ref, count, result));
DEFINE_EVENT(gnttab_grants, gntdev_unmap,
	     TP_PROTO(u16 domid, u32 ref, u32 count, int result),
	     TP_ARGS(domid, ref, count, result));
DEFINE_EVENT(gnttab_grants, gntdev_copy,
	     TP_PROTO(u16 domid, u32 ref, u32 count, int result),
	     TP_ARGS(domid, ref, count, result));
DEFINE_EVENT(gnttab_notify, gntdev_notify,
	     TP_PROTO(u16 domid, u32 port, u32 action, int result),
	     TP_ARGS(domid, port, action, result));

#endif /* _GNTDEV_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
