/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shapes of the grant devices' trace events, included by each driver's
 * trace.h inside its own TRACE_SYSTEM. No include guard: the tracing
 * headers read this file once per pass.
 */

/* @count grants of @domid, the first of them @ref, and what became of them. */
DECLARE_EVENT_CLASS(gnttab_grants,
		    TP_PROTO(u16 domid, u32 ref, u32 count, int result),
		    TP_ARGS(domid, ref, count, result),
		    TP_STRUCT__entry(__field(u16, domid)
				     __field(u32, ref)
				     __field(u32, count)
				     __field(int, result)),
		    TP_fast_assign(__entry->domid = domid;
				   __entry->ref = ref;
				   __entry->count = count;
				   __entry->result = result;),
		    TP_printk("domid=%u ref=%u count=%u result=%d",
			      __entry->domid, __entry->ref, __entry->count,
			      __entry->result));

/* An unmap notification to @domid: @action (UNMAP_NOTIFY_*) done. */
DECLARE_EVENT_CLASS(gnttab_notify,
		    TP_PROTO(u16 domid, u32 port, u32 action, int result),
		    TP_ARGS(domid, port, action, result),
		    TP_STRUCT__entry(__field(u16, domid)
				     __field(u32, port)
				     __field(u32, action)
				     __field(int, result)),
		    TP_fast_assign(__entry->domid = domid;
				   __entry->port = port;
				   __entry->action = action;
				   __entry->result = result;),
		    TP_printk("domid=%u port=%u action=%#x result=%d",
			      __entry->domid, __entry->port, __entry->action,
			      __entry->result));
