// SPDX-License-Identifier: GPL-2.0
/*
 * xengnttab_grant_copy on self-grants: local to grant, grant to local,
 * grant to grant, segments crossing local page boundaries, per-segment
 * status for a bad reference (the call itself succeeds), and the request
 * errors (local to local, offset + len past the page).
 */
#include <string.h>
#include <sys/mman.h>

#include <xengnttab.h>

#include "selfgrant.h"
#include "test.h"


static int self;

static void seg_local_to_gref(xengnttab_grant_copy_segment_t *s, void *src,
			      uint32_t ref, uint16_t off, uint16_t len)
{
	memset(s, 0, sizeof(*s));
	s->source.virt = src;
	s->dest.foreign.ref = ref;
	s->dest.foreign.offset = off;
	s->dest.foreign.domid = self;
	s->len = len;
	s->flags = GNTCOPY_dest_gref;
	s->status = 99;
}

static void seg_gref_to_local(xengnttab_grant_copy_segment_t *s, uint32_t ref,
			      uint16_t off, void *dst, uint16_t len)
{
	memset(s, 0, sizeof(*s));
	s->source.foreign.ref = ref;
	s->source.foreign.offset = off;
	s->source.foreign.domid = self;
	s->dest.virt = dst;
	s->len = len;
	s->flags = GNTCOPY_source_gref;
	s->status = 99;
}

int main(void)
{
	xengnttab_grant_copy_segment_t segs[4];
	xengnttab_handle *gt;
	xengntshr_handle *gs;
	unsigned char *shared, *local, *ro;
	uint32_t refs[2], ro_ref;

	self = t_open_selfgrant("copy", &gt, &gs);
	shared = xengntshr_share_pages(gs, self, 2, refs, 1);
	ro = xengntshr_share_pages(gs, self, 1, &ro_ref, 0);
	local = mmap(NULL, 3 * T_PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(shared && ro && local != MAP_FAILED);
	if (!shared || !ro || local == MAP_FAILED)
		return t_result("copy");

	/* Local to grant: a whole page, and a piece crossing a local page
	 * boundary into the middle of the second grant. */
	t_fill(local, 3 * T_PAGE, 7);
	seg_local_to_gref(&segs[0], local, refs[0], 0, T_PAGE);
	seg_local_to_gref(&segs[1], local + 2 * T_PAGE - 100, refs[1], 1000, 300);
	CHECK(xengnttab_grant_copy(gt, 2, segs) == 0);
	CHECK(segs[0].status == GNTST_okay && segs[1].status == GNTST_okay);
	CHECK(memcmp(shared, local, T_PAGE) == 0);
	CHECK(memcmp(shared + T_PAGE + 1000, local + 2 * T_PAGE - 100, 300) == 0);

	/* Grant to local, and grant to grant. */
	t_fill(shared, 2 * T_PAGE, 8);
	memset(local, 0, 3 * T_PAGE);
	seg_gref_to_local(&segs[0], refs[1], 10, local + T_PAGE - 5, 50);
	memset(&segs[1], 0, sizeof(segs[1]));
	segs[1].source.foreign.ref = refs[0];
	segs[1].source.foreign.offset = 0;
	segs[1].source.foreign.domid = self;
	segs[1].dest.foreign.ref = refs[1];
	segs[1].dest.foreign.offset = 2048;
	segs[1].dest.foreign.domid = self;
	segs[1].len = 16;
	segs[1].flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	segs[1].status = 99;
	CHECK(xengnttab_grant_copy(gt, 2, segs) == 0);
	CHECK(segs[0].status == GNTST_okay && segs[1].status == GNTST_okay);
	CHECK(memcmp(local + T_PAGE - 5, shared + T_PAGE + 10, 50) == 0);
	CHECK(memcmp(shared + T_PAGE + 2048, shared, 16) == 0);

	/* Bad reference, and a write to a read-only grant: the call
	 * succeeds, those segments carry an error status, the others work. */
	t_fill(local, T_PAGE, 9);
	seg_local_to_gref(&segs[0], local, refs[0], 0, 64);
	seg_local_to_gref(&segs[1], local, 0xfffffff0, 0, 64);
	seg_local_to_gref(&segs[2], local, ro_ref, 0, 64);
	seg_gref_to_local(&segs[3], ro_ref, 0, local + T_PAGE, 64);
	CHECK(xengnttab_grant_copy(gt, 4, segs) == 0);
	CHECK(segs[0].status == GNTST_okay && memcmp(shared, local, 64) == 0);
	CHECK(segs[1].status < 0);
	CHECK(segs[2].status < 0);
	CHECK(segs[3].status == GNTST_okay);

	/* Request errors. */
	memset(&segs[0], 0, sizeof(segs[0]));
	segs[0].source.virt = local;
	segs[0].dest.virt = local + T_PAGE;
	segs[0].len = 8;
	CHECK_ERR(xengnttab_grant_copy(gt, 1, segs) == -1, EINVAL);
	seg_local_to_gref(&segs[0], local, refs[0], T_PAGE - 8, 16);
	CHECK_ERR(xengnttab_grant_copy(gt, 1, segs) == -1, EINVAL);
	CHECK(xengnttab_grant_copy(gt, 0, NULL) == 0);

	CHECK(xengntshr_unshare(gs, shared, 2) == 0);
	CHECK(xengntshr_unshare(gs, ro, 1) == 0);
	CHECK(xengnttab_close(gt) == 0);
	CHECK(xengntshr_close(gs) == 0);
	return t_result("copy");
}
