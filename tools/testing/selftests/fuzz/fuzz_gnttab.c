// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_gnttab: a seeded fuzzer for /dev/xen/gntdev and /dev/xen/gntalloc,
 * run in dom0.
 *
 *	fuzz_gnttab [--seed N] [--procs N] [--seconds S] [--ops N] [--no-kill]
 *		    [--avoid-known-linux-bugs] [--trace]
 *
 * Defaults: a seed from the clock (printed first), 4 processes, 60 s (the
 * environment's GNTTAB_FUZZ_SECONDS wins, for a long soak), 5000000
 * operations per process.
 *
 * Several worker processes each run a random sequence of operations on both
 * devices: open/close, every ioctl (and unknown ones) with random and
 * boundary arguments, mmap/munmap/mremap/mprotect, touching the mapped
 * pages, fork (the child fuzzes a little and exits or is killed) and close
 * with live mappings. The supervisor SIGKILLs workers at random moments and
 * starts new ones in their place. A worker's decisions are a function of
 * the seed, its slot and its generation, and of the kernel's answers: with
 * the same answers, "--seed N" replays the same operations (its forked
 * child's as far as it got). Other processes change some answers (refs,
 * offsets, the global limit), and the supervisor's kills come at moments
 * that depend on timing: "--seed N --procs 1 --no-kill" is the closest
 * replay. --trace prints every operation and its outcome to stderr, as
 * "SLOT.GENERATION[c] OPNUMBER OPERATION = RESULT" (c: a forked child).
 *
 * Refs that really map come from our own gntalloc grants to domid 0:
 * dom0 grants pages to itself and maps them back through gntdev. Grants of
 * the domU (XQ_DOMID) are only ever read (its console and xenstore rings,
 * refs 0 and 1), so the fuzzer cannot disturb the guest or tests running in
 * it; everything written belongs to the fuzzer.
 *
 * --avoid-known-linux-bugs leaves out what this fuzzer found to crash
 * Linux 6.1.192's in-tree drivers, so that they can still serve as the
 * reference:
 * - xen-gntalloc: an mmap across two ALLOC calls of one fd, with another
 *   fd's ALLOC in between. gntalloc_mmap() walks the file's list of grefs,
 *   gntalloc_vma_close() the global one, so the munmap drops users of other
 *   files' grefs and frees pages still listed (general protection fault in
 *   gntalloc_mmap -> vm_insert_page, then gref_mutex stays locked).
 * - xen-gntdev: an mmap of 2^32 pages or a multiple (16 TiB) at a map's
 *   offset: gntdev_mmap() keeps vma_pages() in an int, 0 matches a map of
 *   any size, and find_grant_ptes() hits BUG_ON(pgnr >= map->count).
 * - xen-gntdev: SET_UNMAP_NOTIFY with CLEAR_BYTE before the first mmap
 *   (the read-only check only applies once mapped), then a read-only mmap:
 *   at munmap the byte is written through the kernel's read-only alias of
 *   the grant (Oops, write to a read-only page in unmap_grant_pages, from
 *   the MMU notifier); or then an mmap that fails (a bad ref): its error
 *   path writes the byte to a page never mapped (Oops, not-present page,
 *   unmap_grant_pages from gntdev_mmap). With the option, CLEAR_BYTE is
 *   only asked for on maps already mapped writable.
 *
 * TAP results: the fuzzing itself (no process died of anything but our own
 * kills, none hung, all were reaped, and /dev/kmsg showed no oops, BUG,
 * WARNING or lockdep report), then whether anything stayed mapped or
 * granted after every process ended: Xen's view of dom0's grant table ('g'
 * debug key: no grant of dom0 mapped by dom0 beyond the baseline taken
 * before the run) and gntalloc's global limit (all of it grantable again).
 * Each check is preceded by a control that keeps a grant on purpose and
 * must be seen, so the checks can fail. Every watchdog is an alarm: a
 * worker that hangs dies of SIGALRM, the supervisor bails out before the
 * harness's 300 s. On a failure the seed and each process's last
 * operations are printed; the counts of calls that worked show how deep a
 * run got.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xen/gntalloc.h>
#include <xen/gntdev.h>
#include "xen_grants.h"
typedef uint16_t domid_t;
#include <xen/evtchn.h>

#define PAGE		4096UL
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define fallthrough	__attribute__((__fallthrough__))
#define DOMID_SELF	0x7ff0u
#define DOMID_INVALID	0xffffu
/* A ref no domain has: grant tables stay far below 2^20 entries here. */
#define REF_NEVER	0x00100000u

#define MAX_FDS		4	/* per device, per process */
#define MAX_ALLOCS	32
#define MAX_MAPS	32
#define MAX_VMAS	48
#define MAX_PORTS	4
#define MAX_REFS	64	/* own refs remembered for mapping back */
#define MAX_PROCS	16
#define SHARED_PORTS	16
#define RING_LEN	24
#define RING_TEXT	112
#define COPY_SEGS	32
#define MAP_LIMIT	65536u	/* gntdev's per-request default limit */
#define BIG_REFS	(MAP_LIMIT + 1)

/* What each process did last, in memory shared with the supervisor. */
struct ring {
	pid_t pid;
	unsigned int slot;
	bool child;
	int failed;
	unsigned int gen;
	uint64_t stream;
	uint64_t ops;
	unsigned int head;
	char text[RING_LEN][RING_TEXT];
};

#define NR_OPS		23

struct shared {
	uint64_t total_ops;
	uint64_t calls[NR_OPS][2];	/* per operation: succeeded, failed */
	uint32_t ports[SHARED_PORTS];	/* evtchn ports any worker bound */
	struct ring ring[2 * MAX_PROCS];	/* workers, then their children */
};

struct alloc_rec {
	int fd;
	uint64_t index;
	uint32_t count;
};

struct map_rec {
	int fd;
	uint64_t index;
	uint32_t count;
	bool mapped_rw;		/* an mmap with PROT_WRITE of it worked */
};

struct vma_rec {
	char *addr;
	size_t len;
	bool gntdev;
};

/* One fuzzing process (a worker or a forked child of one). */
struct fz {
	uint64_t rng;
	struct ring *ring;
	int gntdev[MAX_FDS];
	int gntalloc[MAX_FDS];
	int evtchn;
	uint32_t ports[MAX_PORTS];
	int nports;
	struct alloc_rec allocs[MAX_ALLOCS];
	int nallocs;
	struct map_rec maps[MAX_MAPS];
	int nmaps;
	struct vma_rec vmas[MAX_VMAS];
	int nvmas;
	uint32_t refs[MAX_REFS];
	int nrefs;
	int domu;		/* the domU's domid, or -1 */
	bool is_child;
	pid_t child;
	struct ring *child_ring;
	uint64_t child_kill_at;
	uint64_t op_budget;
	struct timespec deadline;
	char *big;		/* request buffer for up to BIG_REFS refs */
	char *edge;		/* end of two RW pages, a PROT_NONE page after */
	char *ro;		/* a read-only page */
	char *scratch;		/* 4 RW pages, local side of grant copies */
};

static struct shared *sh;
static unsigned int cur_op;	/* index in ops[] of the operation running */
static uint64_t opt_seed;
static unsigned int opt_procs = 4;
static unsigned int opt_seconds = 60;
static uint64_t opt_ops = 5000000;
static bool opt_kill = true;
static bool opt_trace;		/* every operation to stderr */
/* Leave out what crashes Linux 6.1's in-tree drivers (see the top). */
static bool opt_avoid_linux_bugs;

/* ---- random numbers: splitmix64 to seed, xorshift64* to run ---- */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t rnd(struct fz *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dULL;
}

static uint32_t below(struct fz *f, uint32_t n)
{
	return n ? (uint32_t)(rnd(f) % n) : 0;
}

static uint64_t below64(struct fz *f, uint64_t n)
{
	return n ? rnd(f) % n : 0;
}

static bool chance(struct fz *f, unsigned int percent)
{
	return below(f, 100) < percent;
}

static uint64_t stream_seed(unsigned int slot, unsigned int gen, uint64_t salt)
{
	uint64_t s = mix(opt_seed ^ mix(slot * 0x100000001ULL + gen) ^ salt);

	return s ? s : 1;
}

/* ---- the ring of last operations ---- */

static void note(struct fz *f, const char *fmt, ...)
{
	struct ring *r = f->ring;
	char *t = r->text[r->head % RING_LEN];
	va_list ap;
	int n;

	n = snprintf(t, RING_TEXT, "%" PRIu64 " ", r->ops);
	va_start(ap, fmt);
	vsnprintf(t + n, RING_TEXT - n, fmt, ap);
	va_end(ap);
	r->head++;
}

/* Appends the outcome to the last note; returns @ret. */
static long done_err(struct fz *f, long ret, int err)
{
	struct ring *r = f->ring;
	char *t = r->text[(r->head - 1) % RING_LEN];
	size_t n = strnlen(t, RING_TEXT);

	__atomic_fetch_add(&sh->calls[cur_op][ret == -1], 1, __ATOMIC_RELAXED);
	if (ret == -1)
		snprintf(t + n, RING_TEXT - n, " = %s", strerrorname_np(err) ?: "?");
	else
		snprintf(t + n, RING_TEXT - n, " = %ld", ret);
	if (opt_trace)
		fprintf(stderr, "%u.%u%s %s\n", r->slot, r->gen, r->child ? "c" : "", t);
	errno = err;
	return ret;
}

/* Evaluates @expr (a call), then notes its result and errno. */
#define done(f, expr) ({ long __ret = (long)(expr); done_err((f), __ret, errno); })

static void dump_ring(const struct ring *r, const char *who)
{
	unsigned int i, from = r->head > RING_LEN ? r->head - RING_LEN : 0;

	printf("# %s pid %d generation %u stream %#" PRIx64 ", %" PRIu64
	       " operations, last ones:\n", who, r->pid, r->gen, r->stream, r->ops);
	for (i = from; i < r->head; i++)
		printf("#   %s\n", r->text[i % RING_LEN]);
}

static void ring_start(struct ring *r, unsigned int slot, bool child, unsigned int gen,
		       uint64_t stream)
{
	memset(r, 0, sizeof(*r));
	r->pid = getpid();
	r->slot = slot;
	r->child = child;
	r->gen = gen;
	r->stream = stream;
}

/* ---- touching mapped pages, surviving SIGSEGV/SIGBUS ---- */

static sigjmp_buf touch_env;
static volatile sig_atomic_t touching;

static void on_fault(int sig)
{
	if (touching)
		siglongjmp(touch_env, sig);
	/* A fault outside a guarded touch is a real crash: die of it. */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads or writes one byte; returns 0 or the signal it raised. */
static int touch(volatile char *p, bool write, char val)
{
	int sig;

	sig = sigsetjmp(touch_env, 1);
	if (sig) {
		touching = 0;
		return sig;
	}
	touching = 1;
	if (write)
		*p = val;
	else
		(void)*p;
	touching = 0;
	return 0;
}

/* ---- bookkeeping ---- */

static int *fd_slot(struct fz *f, bool gntdev, int i)
{
	return gntdev ? &f->gntdev[i] : &f->gntalloc[i];
}

/* A random open fd of one device, or -1. */
static int pick_fd(struct fz *f, bool gntdev)
{
	int i, start = below(f, MAX_FDS);

	for (i = 0; i < MAX_FDS; i++) {
		int fd = *fd_slot(f, gntdev, (start + i) % MAX_FDS);

		if (fd >= 0)
			return fd;
	}
	return -1;
}

static void add_vma(struct fz *f, void *addr, size_t len, bool gntdev)
{
	if (f->nvmas == MAX_VMAS) {
		/* No room to remember it: do not keep it. */
		munmap(addr, len);
		return;
	}
	f->vmas[f->nvmas++] = (struct vma_rec){ addr, len, gntdev };
}

static void drop_vma(struct fz *f, int i)
{
	f->vmas[i] = f->vmas[--f->nvmas];
}

/* Forgets the VMAs that overlap [addr, addr+len): they were replaced. */
static void forget_range(struct fz *f, char *addr, size_t len)
{
	int i;

	for (i = f->nvmas - 1; i >= 0; i--) {
		struct vma_rec *v = &f->vmas[i];

		if (v->addr < addr + len && addr < v->addr + v->len)
			drop_vma(f, i);
	}
}

/* Remembers one of our grants to dom0, newest last. */
static void add_ref(struct fz *f, uint32_t ref)
{
	if (f->nrefs == MAX_REFS) {
		memmove(f->refs, f->refs + 1, (MAX_REFS - 1) * sizeof(f->refs[0]));
		f->nrefs--;
	}
	f->refs[f->nrefs++] = ref;
}

/* Forgets what lived in a closed fd; its mappings stay. */
static void forget_fd(struct fz *f, int fd)
{
	int i;

	for (i = f->nallocs - 1; i >= 0; i--)
		if (f->allocs[i].fd == fd)
			f->allocs[i] = f->allocs[--f->nallocs];
	for (i = f->nmaps - 1; i >= 0; i--)
		if (f->maps[i].fd == fd)
			f->maps[i] = f->maps[--f->nmaps];
}

/* ---- argument choices ---- */

static uint32_t pick_count(struct fz *f, uint32_t limit)
{
	switch (below(f, 16)) {
	case 0:
		return 0;
	case 1:
		return limit;
	case 2:
		return limit + 1;
	case 3:
		return UINT32_MAX;
	case 4:
		return 0x80000000u >> below(f, 8);
	case 5:
		return (uint32_t)rnd(f);
	default:
		return 1 + below(f, chance(f, 80) ? 4 : 16);
	}
}

/* A domid to map from or copy with; grants of the domU are not used here. */
static uint32_t pick_domid(struct fz *f)
{
	switch (below(f, 12)) {
	case 0:
		return f->domu >= 0 ? (uint32_t)f->domu : 0;
	case 1:
		return DOMID_SELF;
	case 2:
		return DOMID_INVALID;
	case 3:
		return 1 + below(f, DOMID_SELF - 1);
	case 4:
		return 0x10000u | below(f, 2) * DOMID_SELF;	/* truncates */
	default:
		return 0;
	}
}

/*
 * A ref of @domid: for dom0 (directly or through DOMID_SELF, or a domid
 * that truncates to one of those) one of our own grants, a stale one or
 * nonsense; for the domU only refs it cannot have, so nothing of the guest
 * is touched.
 */
static uint32_t pick_ref(struct fz *f, uint32_t domid)
{
	uint16_t d = domid & 0xffff;

	if (f->domu >= 0 && d == f->domu)
		return chance(f, 50) ? UINT32_MAX : REF_NEVER + below(f, 1000);
	if (d != 0 && d != DOMID_SELF)
		return (uint32_t)rnd(f);
	if (f->nrefs && chance(f, 85))
		return f->refs[below(f, f->nrefs)];
	switch (below(f, 4)) {
	case 0:
		return 0;
	case 1:
		return UINT32_MAX;
	case 2:
		return REF_NEVER + below(f, 1000);
	default:
		return 8 + below(f, 64);
	}
}

/* An offset into an fd: near a known index, misaligned, or nonsense. */
static uint64_t pick_index(struct fz *f, uint64_t known, uint32_t count)
{
	switch (below(f, 10)) {
	case 0:
		return known + (uint64_t)count * PAGE;
	case 1:
		return known + 1 + below(f, PAGE - 1);
	case 2:
		return (uint64_t)below(f, 64) * PAGE;
	case 3:
		return rnd(f);
	case 4:
		return UINT64_MAX & ~(PAGE - 1);
	case 5:
		return known + (uint64_t)below(f, count + 1) * PAGE + below(f, PAGE);
	default:
		return known;
	}
}

static uint32_t pick_port(struct fz *f)
{
	switch (below(f, 8)) {
	case 0:
		return 0;
	case 1:
		return (uint32_t)rnd(f);
	case 2:
		return below(f, 64);
	case 3:
	case 4:
		return sh->ports[below(f, SHARED_PORTS)];
	default:
		return f->nports ? f->ports[below(f, f->nports)] : below(f, 64);
	}
}

/*
 * Where to pass an ioctl's argument of @len bytes (already in f->big): there,
 * in a read-only page, cut by an unmapped page, or an address that is no
 * buffer at all. Sets *@usable when the kernel's answer can be read back.
 */
static void *place_arg(struct fz *f, size_t len, bool *usable)
{
	static const uintptr_t bad[] = {
		0, 1, PAGE - 1, 0xffffffff81000000ULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL,
	};
	size_t cut;

	*usable = false;
	switch (below(f, 24)) {
	case 0:
		if (len > PAGE)
			break;
		mprotect(f->ro, PAGE, PROT_READ | PROT_WRITE);
		memcpy(f->ro, f->big, len);
		mprotect(f->ro, PAGE, PROT_READ);
		return f->ro;
	case 1:
		cut = 1 + below(f, len < 2 * PAGE ? len : 2 * PAGE);
		memcpy(f->edge - cut, f->big, cut);
		return f->edge - cut;
	case 2:
		return f->edge;
	case 3:
		return (void *)bad[below(f, ARRAY_SIZE(bad))];
	}
	*usable = true;
	return f->big;
}

/* ---- operations on gntalloc ---- */

static void op_alloc(struct fz *f)
{
	struct ioctl_gntalloc_alloc_gref *op = (void *)f->big;
	int fd = pick_fd(f, false);
	uint32_t count = pick_count(f, 1024), i;
	size_t len;
	bool usable;
	void *arg;
	long ret;

	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	op->domid = chance(f, 85) ? 0 : pick_domid(f);
	op->flags = chance(f, 90) ? GNTALLOC_FLAG_WRITABLE * !!below(f, 4) : (uint16_t)rnd(f);
	op->count = count;
	len = sizeof(*op) + (count > BIG_REFS ? BIG_REFS : count) * sizeof(uint32_t);
	arg = place_arg(f, len, &usable);
	note(f, "gntalloc ALLOC fd=%d domid=%u flags=%#x count=%u arg=%p", fd,
	     op->domid, op->flags, count, arg);
	ret = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, arg);
	done(f, ret);
	if (ret || !usable || !count || count > BIG_REFS)
		return;
	if (op->domid == 0)
		for (i = 0; i < count && i < 8; i++)
			add_ref(f, op->gref_ids[i]);
	if (f->nallocs < MAX_ALLOCS)
		f->allocs[f->nallocs++] = (struct alloc_rec){ fd, op->index, count };
}

static void op_dealloc(struct fz *f)
{
	struct ioctl_gntalloc_dealloc_gref *op = (void *)f->big;
	struct alloc_rec *a = NULL;
	int fd, i = -1;
	bool usable;
	void *arg;
	long ret;

	if (f->nallocs && chance(f, 85)) {
		i = below(f, f->nallocs);
		a = &f->allocs[i];
	}
	fd = a ? a->fd : pick_fd(f, false);
	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	op->index = a && chance(f, 70) ? a->index : pick_index(f, a ? a->index : 0, 1);
	op->count = a && chance(f, 70) ? a->count : pick_count(f, a ? a->count : 1);
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntalloc DEALLOC fd=%d index=%#" PRIx64 " count=%u", fd, op->index,
	     op->count);
	ret = ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, arg);
	done(f, ret);
	if (!ret && a && op->index == a->index && op->count == a->count)
		f->allocs[i] = f->allocs[--f->nallocs];
}

static void op_alloc_notify(struct fz *f)
{
	struct ioctl_gntalloc_unmap_notify *op = (void *)f->big;
	struct alloc_rec *a = f->nallocs ? &f->allocs[below(f, f->nallocs)] : NULL;
	int fd = a && chance(f, 85) ? a->fd : pick_fd(f, false);
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	op->index = pick_index(f, a ? a->index : 0, a ? a->count : 1);
	op->action = chance(f, 90) ? below(f, 4) : (uint32_t)rnd(f);
	op->event_channel_port = pick_port(f);
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntalloc NOTIFY fd=%d index=%#" PRIx64 " action=%#x port=%u", fd,
	     op->index, op->action, op->event_channel_port);
	done(f, ioctl(fd, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, arg));
}

/* ---- operations on gntdev ---- */

/* One of the 8 refs granted last: most likely still granted. */
static uint32_t newest_ref(struct fz *f)
{
	return f->refs[f->nrefs - 1 - below(f, f->nrefs < 8 ? f->nrefs : 8)];
}

static void op_map(struct fz *f)
{
	struct ioctl_gntdev_map_grant_ref *op = (void *)f->big;
	int fd = pick_fd(f, true);
	uint32_t count = pick_count(f, MAP_LIMIT), n, i, domid;
	bool usable, good, same = chance(f, 70);
	void *arg;
	long ret;

	if (fd < 0)
		return;
	/* Half of the maps are of our newest grants, so most mmaps work. */
	good = f->nrefs && chance(f, 50);
	if (good)
		count = 1 + below(f, 4);
	n = count > BIG_REFS ? BIG_REFS : count;
	memset(op, 0, sizeof(*op));
	op->count = count;
	op->pad = chance(f, 90) ? 0 : (uint32_t)rnd(f);
	domid = chance(f, 80) || good ? 0 : pick_domid(f);
	for (i = 0; i < n; i++) {
		if (!same && !good)
			domid = chance(f, 80) ? 0 : pick_domid(f);
		op->refs[i].domid = domid;
		if (good)
			op->refs[i].ref = newest_ref(f);
		else
			op->refs[i].ref = i < 64 || chance(f, 1) ? pick_ref(f, domid) : UINT32_MAX;
	}
	arg = place_arg(f, sizeof(*op) + (n ? n - 1 : 0) * sizeof(op->refs[0]), &usable);
	note(f, "gntdev MAP fd=%d count=%u domid=%u ref0=%#x arg=%p", fd, count,
	     op->refs[0].domid, op->refs[0].ref, arg);
	ret = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, arg);
	done(f, ret);
	if (!ret && usable && f->nmaps < MAX_MAPS)
		f->maps[f->nmaps++] = (struct map_rec){ fd, op->index, count, false };
}

static void op_unmap(struct fz *f)
{
	struct ioctl_gntdev_unmap_grant_ref *op = (void *)f->big;
	struct map_rec *m = NULL;
	int fd, i = -1;
	bool usable;
	void *arg;
	long ret;

	if (f->nmaps && chance(f, 85)) {
		i = below(f, f->nmaps);
		m = &f->maps[i];
	}
	fd = m ? m->fd : pick_fd(f, true);
	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	op->index = m && chance(f, 70) ? m->index : pick_index(f, m ? m->index : 0, 1);
	op->count = m && chance(f, 60) ? m->count : chance(f, 50) ? 0 : pick_count(f, MAP_LIMIT);
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntdev UNMAP fd=%d index=%#" PRIx64 " count=%u", fd, op->index, op->count);
	ret = ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, arg);
	done(f, ret);
	if (!ret && m && op->index == m->index)
		f->maps[i] = f->maps[--f->nmaps];
}

static void op_get_offset(struct fz *f)
{
	struct ioctl_gntdev_get_offset_for_vaddr *op = (void *)f->big;
	int fd = pick_fd(f, !chance(f, 10));
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	if (f->nvmas && chance(f, 75)) {
		struct vma_rec *v = &f->vmas[below(f, f->nvmas)];

		op->vaddr = (uintptr_t)v->addr + below64(f, v->len + PAGE) - below(f, 2) * PAGE;
	} else {
		op->vaddr = chance(f, 50) ? rnd(f) : (uintptr_t)f->big;
	}
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntdev GET_OFFSET fd=%d vaddr=%#" PRIx64, fd, op->vaddr);
	done(f, ioctl(fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, arg));
}

static void op_set_max(struct fz *f)
{
	struct ioctl_gntdev_set_max_grants *op = (void *)f->big;
	int fd = pick_fd(f, true);
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	op->count = pick_count(f, DOMID_SELF);
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntdev SET_MAX_GRANTS fd=%d count=%u", fd, op->count);
	done(f, ioctl(fd, IOCTL_GNTDEV_SET_MAX_GRANTS, arg));
}

static void op_map_notify(struct fz *f)
{
	struct ioctl_gntdev_unmap_notify *op = (void *)f->big;
	struct map_rec *m = f->nmaps ? &f->maps[below(f, f->nmaps)] : NULL;
	int fd = m && chance(f, 85) ? m->fd : pick_fd(f, true);
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	memset(op, 0, sizeof(*op));
	op->index = pick_index(f, m ? m->index : 0, m ? m->count : 1);
	op->action = chance(f, 90) ? below(f, 4) : (uint32_t)rnd(f);
	op->event_channel_port = pick_port(f);
	if (opt_avoid_linux_bugs && (op->action & UNMAP_NOTIFY_CLEAR_BYTE)) {
		/* Only on a map already mapped writable: never read-only later. */
		if (m && m->fd == fd && m->mapped_rw)
			op->index = m->index + below64(f, (uint64_t)m->count * PAGE);
		else
			op->action &= ~UNMAP_NOTIFY_CLEAR_BYTE;
	}
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntdev NOTIFY fd=%d index=%#" PRIx64 " action=%#x port=%u", fd,
	     op->index, op->action, op->event_channel_port);
	done(f, ioctl(fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, arg));
}

/*
 * A local buffer for one side of a grant copy. A segment covers at most a
 * page (offset + len <= 4096 on its foreign side), so a buffer that starts
 * a page before the end of one of ours, or in the scratch area (a guard
 * page after it), never reaches memory the fuzzer lives on.
 */
static void *pick_local(struct fz *f, bool dest)
{
	switch (below(f, 10)) {
	case 0:
		return NULL;
	case 1:
		return dest ? f->ro : f->edge - below(f, 64);
	case 2:
		return (void *)0xffffffff81000000ULL;
	case 3:
	case 4:
		if (f->nvmas) {
			struct vma_rec *v = &f->vmas[below(f, f->nvmas)];

			if (v->len >= PAGE)
				return v->addr + below64(f, v->len - PAGE + 1);
		}
		fallthrough;
	default:
		return f->scratch + below(f, 4 * PAGE);
	}
}

static void pick_foreign(struct fz *f, struct gntdev_grant_copy_segment *s,
			 bool source)
{
	uint32_t domid = chance(f, 85) ? 0 : pick_domid(f);

	if (source) {
		/* The domU's console and xenstore rings may be read. */
		if (f->domu >= 0 && chance(f, 5)) {
			s->source.foreign.domid = f->domu;
			s->source.foreign.ref = below(f, 2);
		} else {
			s->source.foreign.domid = domid;
			s->source.foreign.ref = pick_ref(f, domid);
		}
		s->source.foreign.offset = chance(f, 80) ? below(f, PAGE) : (uint16_t)rnd(f);
	} else {
		s->dest.foreign.domid = domid;
		s->dest.foreign.ref = pick_ref(f, domid);
		s->dest.foreign.offset = chance(f, 80) ? below(f, PAGE) : (uint16_t)rnd(f);
	}
}

static void op_copy(struct fz *f)
{
	struct ioctl_gntdev_grant_copy *op = (void *)f->big;
	struct gntdev_grant_copy_segment *segs;
	uint32_t nsegs = 1 + below(f, chance(f, 80) ? 4 : COPY_SEGS), i;
	int fd = pick_fd(f, true);
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	/* The segments end where the unmapped page begins. */
	segs = (void *)(f->edge - nsegs * sizeof(*segs));
	memset(segs, 0, nsegs * sizeof(*segs));
	for (i = 0; i < nsegs; i++) {
		struct gntdev_grant_copy_segment *s = &segs[i];

		s->flags = chance(f, 90) ? 1 + below(f, 3) : (uint16_t)rnd(f);
		if (!below(f, 20))
			s->flags = 0;
		if (s->flags & GNTCOPY_source_gref)
			pick_foreign(f, s, true);
		else
			s->source.virt = pick_local(f, false);
		if (s->flags & GNTCOPY_dest_gref)
			pick_foreign(f, s, false);
		else
			s->dest.virt = pick_local(f, true);
		s->len = chance(f, 80) ? below(f, PAGE + 1) : (uint16_t)rnd(f);
		s->status = (int16_t)rnd(f);
	}
	memset(op, 0, sizeof(*op));
	op->segments = segs;
	switch (below(f, 10)) {
	case 0:
		op->count = 0;
		op->segments = chance(f, 50) ? NULL : segs;
		break;
	case 1:
		op->count = nsegs + 1 + below(f, 100);	/* runs into the hole */
		break;
	case 2:
		op->count = UINT32_MAX;
		break;
	case 3:
		op->segments = (void *)(chance(f, 50) ? 0xffffffff81000000ULL : 8);
		op->count = 1 + below(f, 4);
		break;
	default:
		op->count = nsegs;
	}
	arg = place_arg(f, sizeof(*op), &usable);
	note(f, "gntdev COPY fd=%d count=%u segs=%p flags0=%#x len0=%u", fd,
	     op->count, (void *)op->segments, segs[0].flags, segs[0].len);
	done(f, ioctl(fd, IOCTL_GNTDEV_GRANT_COPY, arg));
}

static int any_fd(struct fz *f)
{
	int fd = pick_fd(f, chance(f, 50));

	if (fd < 0 && f->nports && chance(f, 50))
		return f->evtchn;
	return fd;
}

static void op_dmabuf(struct fz *f)
{
	uint32_t *w = (void *)f->big;
	int fd = pick_fd(f, true), which = below(f, 4);
	static const unsigned long cmd[] = {
		IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS, IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED,
		IOCTL_GNTDEV_DMABUF_IMP_TO_REFS, IOCTL_GNTDEV_DMABUF_IMP_RELEASE,
	};
	bool usable;
	void *arg;
	int i;

	if (fd < 0)
		return;
	for (i = 0; i < 8; i++)
		w[i] = (uint32_t)rnd(f);
	switch (which) {
	case 0:		/* flags, count, fd, domid, refs */
		w[0] = below(f, 4);
		w[1] = pick_count(f, MAP_LIMIT);
		w[3] = 0;
		w[4] = pick_ref(f, 0);
		break;
	case 1:		/* fd, wait_to_ms: never long */
		w[0] = chance(f, 50) ? (uint32_t)any_fd(f) : w[0];
		w[1] = below(f, 50);
		break;
	case 2:		/* fd, count, domid, reserved */
	case 3:
		w[0] = chance(f, 50) ? (uint32_t)any_fd(f) : w[0];
		w[1] = pick_count(f, MAP_LIMIT);
		w[2] = 0;
		break;
	}
	arg = place_arg(f, 32, &usable);
	note(f, "gntdev DMABUF#%d fd=%d w=%#x,%#x", which, fd, w[0], w[1]);
	if (done(f, ioctl(fd, cmd[which], arg)) == 0 && usable && which == 0 &&
	    w[2] > 2 && w[2] < 1024)
		close(w[2]);	/* an exported dma-buf */
}

/* Commands neither device has, and real ones with the wrong size or dir. */
static void op_unknown(struct fz *f)
{
	int fd = any_fd(f);
	unsigned long cmd;
	bool usable;
	void *arg;

	if (fd < 0)
		return;
	switch (below(f, 5)) {
	case 0:
		cmd = _IOC(_IOC_NONE, 'G', below(f, 256), below(f, 256));
		break;
	case 1:
		cmd = _IOC(below(f, 4), 'G', below(f, 13), 16 + 8 * below(f, 3));
		break;
	case 2:
		cmd = _IOC(_IOC_NONE, 'G', 4, below(f, 32));	/* the gap */
		break;
	case 3:
		cmd = _IOC(_IOC_NONE, 'E', below(f, 16), below(f, 32));
		break;
	default:
		cmd = (uint32_t)rnd(f);
		break;
	}
	/* Commands every file has are left to the VFS's own tests. */
	if (_IOC_TYPE(cmd) == 'X' || _IOC_TYPE(cmd) == 'f' || _IOC_TYPE(cmd) == 'T' ||
	    _IOC_TYPE(cmd) == 0x94 || (cmd & 0xff00) == 0x5400)
		cmd = _IOC(_IOC_NONE, 'G', 200, 0);
	memset(f->big, 0xa5, 64);
	arg = place_arg(f, 64, &usable);
	note(f, "ioctl fd=%d cmd=%#lx", fd, cmd);
	done(f, ioctl(fd, cmd, arg));
}

/* ---- open, close, event channels ---- */

static void op_open(struct fz *f)
{
	bool gntdev = chance(f, 50);
	int i = below(f, MAX_FDS), *slot = fd_slot(f, gntdev, i);
	int flags = O_RDWR | (chance(f, 50) ? O_CLOEXEC : 0);
	const char *path = gntdev ? "/dev/xen/gntdev" : "/dev/xen/gntalloc";

	if (*slot >= 0) {
		note(f, "close %s fd=%d (live maps possible)", path + 9, *slot);
		done(f, close(*slot));
		forget_fd(f, *slot);
		*slot = -1;
		return;
	}
	if (chance(f, 5))
		flags = chance(f, 50) ? O_RDONLY : O_WRONLY;
	note(f, "open %s flags=%#x", path, flags);
	*slot = done(f, open(path, flags));
}

static void op_close(struct fz *f)
{
	bool gntdev = chance(f, 50);
	int i = below(f, MAX_FDS), *slot = fd_slot(f, gntdev, i);

	if (*slot < 0)
		return;
	note(f, "close fd=%d (%d vmas live)", *slot, f->nvmas);
	done(f, close(*slot));
	forget_fd(f, *slot);
	*slot = -1;
}

static void op_evtchn(struct fz *f)
{
	struct ioctl_evtchn_bind_unbound_port bind = { .remote_domain = 0 };
	struct ioctl_evtchn_unbind unbind;
	long ret;

	if (f->evtchn < 0) {
		note(f, "open /dev/xen/evtchn");
		f->evtchn = done(f, open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC));
		return;
	}
	switch (below(f, 6)) {
	case 0:
		note(f, "close evtchn fd=%d ports=%d", f->evtchn, f->nports);
		done(f, close(f->evtchn));
		f->evtchn = -1;
		f->nports = 0;
		return;
	case 1:
	case 2:
		if (!f->nports)
			break;
		unbind.port = chance(f, 80) ? f->ports[f->nports - 1] : pick_port(f);
		note(f, "evtchn UNBIND port=%u", unbind.port);
		ret = done(f, ioctl(f->evtchn, IOCTL_EVTCHN_UNBIND, &unbind));
		if (!ret && unbind.port == f->ports[f->nports - 1])
			f->nports--;
		return;
	}
	if (f->nports == MAX_PORTS)
		return;
	note(f, "evtchn BIND_UNBOUND_PORT remote=0");
	ret = done(f, ioctl(f->evtchn, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &bind));
	if (ret > 0) {
		f->ports[f->nports++] = ret;
		sh->ports[below(f, SHARED_PORTS)] = ret;
	}
}

/* ---- memory ---- */

static void *mmap_noted(struct fz *f, void *addr, size_t len, int prot, int flags,
			int fd, uint64_t off)
{
	void *p;

	note(f, "mmap fd=%d len=%#zx prot=%d flags=%#x off=%#" PRIx64 " at=%p", fd,
	     len, prot, flags, off, addr);
	p = mmap(addr, len, prot, flags, fd, (off_t)off);
	done(f, p == MAP_FAILED ? -1 : 0);
	return p;
}

/* Whether [off, off+len) of gntalloc fd @fd lies in what one ALLOC returned. */
static bool within_one_alloc(struct fz *f, int fd, uint64_t off, size_t len)
{
	int i;

	for (i = 0; i < f->nallocs; i++) {
		struct alloc_rec *a = &f->allocs[i];

		if (a->fd == fd && off >= a->index &&
		    off + len <= a->index + (uint64_t)a->count * PAGE)
			return true;
	}
	return false;
}

static void op_mmap(struct fz *f, bool gntdev)
{
	uint64_t index = 0, off;
	uint32_t count = 1;
	int prot = PROT_READ | PROT_WRITE, flags = MAP_SHARED, fd;
	struct map_rec *m = NULL;
	struct vma_rec *v;
	size_t len;
	char *at = NULL, *p;

	if (gntdev && f->nmaps && chance(f, 90)) {
		m = &f->maps[below(f, f->nmaps)];
		fd = m->fd, index = m->index, count = m->count;
	} else if (!gntdev && f->nallocs && chance(f, 90)) {
		struct alloc_rec *a = &f->allocs[below(f, f->nallocs)];
		uint32_t skip = below(f, a->count);

		fd = a->fd, index = a->index + (uint64_t)skip * PAGE;
		count = a->count - skip;
		if (count > 1 && chance(f, 30))
			count = 1 + below(f, count);
		if (chance(f, 10))
			count += 1 + below(f, 4);	/* into the next alloc */
	} else {
		fd = pick_fd(f, gntdev);
		index = pick_index(f, 0, 1);
	}
	if (fd < 0)
		return;
	/*
	 * Huge maps are there for their ioctl. Mapping 65536 grants at once
	 * takes the emulated host (TCG) longer than the soft-lockup watchdog
	 * allows, in Linux's driver too: map at most 4096 at a time.
	 */
	if (count > 4096)
		count = 1 + below(f, 4);
	len = (size_t)count * PAGE;
	off = index;
	switch (below(f, 32)) {	/* 0-8: the unusual cases */
	case 0:
		len += PAGE;
		break;
	case 1:
		len = len > PAGE ? len - PAGE : 0;
		break;
	case 2:
		off += 1 + below(f, PAGE - 1);
		break;
	case 3:
		prot = PROT_READ;
		break;
	case 4:
		prot = PROT_READ, flags = MAP_PRIVATE;
		break;
	case 5:
		flags = MAP_PRIVATE;
		break;
	case 6:
		prot = chance(f, 50) ? PROT_NONE : PROT_READ | PROT_EXEC;
		break;
	case 7:
		if (!f->nvmas)
			break;
		/* Over one of ours, the same size: the old one goes first. */
		v = &f->vmas[below(f, f->nvmas)];
		at = v->addr;
		len = v->len;
		flags |= MAP_FIXED;
		break;
	case 8:
		len = (size_t)1 << (30 + below(f, 16));
		break;
	}
	if (opt_avoid_linux_bugs && !gntdev && !within_one_alloc(f, fd, off, len))
		len = PAGE;
	if (opt_avoid_linux_bugs && len >= (PAGE << 32))
		len = PAGE << 31;
	if (flags & MAP_FIXED)
		forget_range(f, at, len);
	p = mmap_noted(f, at, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return;
	add_vma(f, p, len, gntdev);
	if (m && (prot & PROT_WRITE) && off == m->index && len == (size_t)m->count * PAGE)
		m->mapped_rw = true;
}

static void op_munmap(struct fz *f)
{
	struct vma_rec *v;
	int i;
	size_t k;

	if (!f->nvmas)
		return;
	i = below(f, f->nvmas);
	v = &f->vmas[i];
	k = v->len / PAGE > 1 ? (1 + below(f, v->len / PAGE - 1)) * PAGE : 0;
	switch (below(f, 6)) {
	case 0:		/* the head */
		if (!k)
			break;
		note(f, "munmap head %p len=%#zx of %#zx", v->addr, k, v->len);
		if (!done(f, munmap(v->addr, k)))
			v->addr += k, v->len -= k;
		return;
	case 1:		/* the tail */
		if (!k)
			break;
		note(f, "munmap tail %p len=%#zx of %#zx", v->addr + k, v->len - k, v->len);
		if (!done(f, munmap(v->addr + k, v->len - k)))
			v->len = k;
		return;
	case 2:		/* a page in the middle */
		if (v->len < 3 * PAGE || f->nvmas == MAX_VMAS)
			break;
		k = (1 + below(f, v->len / PAGE - 2)) * PAGE;
		note(f, "munmap middle %p of %p len=%#zx", v->addr + k, v->addr, v->len);
		if (!done(f, munmap(v->addr + k, PAGE))) {
			add_vma(f, v->addr + k + PAGE, v->len - k - PAGE, v->gntdev);
			v->len = k;
		}
		return;
	case 3:		/* not page aligned: refused */
		note(f, "munmap misaligned %p", v->addr + 1);
		done(f, munmap(v->addr + 1, PAGE));
		return;
	}
	note(f, "munmap %p len=%#zx", v->addr, v->len);
	if (!done(f, munmap(v->addr, v->len)))
		drop_vma(f, i);
}

static void op_mremap(struct fz *f)
{
	struct vma_rec *v;
	size_t nlen;
	void *p, *to;
	int i;

	if (!f->nvmas)
		return;
	i = below(f, f->nvmas);
	v = &f->vmas[i];
	switch (below(f, 4)) {
	case 0:		/* shrink in place */
		if (v->len < 2 * PAGE)
			return;
		nlen = v->len - PAGE * (1 + below(f, v->len / PAGE - 1));
		note(f, "mremap shrink %p %#zx -> %#zx", v->addr, v->len, nlen);
		p = mremap(v->addr, v->len, nlen, 0);
		if (!done(f, p == MAP_FAILED ? -1 : 0))
			v->len = nlen;
		return;
	case 1:		/* grow: refused (VM_DONTEXPAND) */
		nlen = v->len + PAGE * (1 + below(f, 4));
		note(f, "mremap grow %p %#zx -> %#zx", v->addr, v->len, nlen);
		p = mremap(v->addr, v->len, nlen, MREMAP_MAYMOVE);
		if (!done(f, p == MAP_FAILED ? -1 : 0))
			v->addr = p, v->len = nlen;
		return;
	case 2:		/* move, same size */
		to = mmap(NULL, v->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (to == MAP_FAILED)
			return;
		note(f, "mremap move %p len=%#zx -> %p", v->addr, v->len, to);
		p = mremap(v->addr, v->len, v->len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
		if (done(f, p == MAP_FAILED ? -1 : 0))
			munmap(to, v->len);
		else
			v->addr = p;
		return;
	default:	/* keep the old range too */
		note(f, "mremap dontunmap %p len=%#zx", v->addr, v->len);
		p = mremap(v->addr, v->len, v->len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		if (!done(f, p == MAP_FAILED ? -1 : 0)) {
			munmap(v->addr, v->len);
			v->addr = p;
		}
		return;
	}
}

static void op_mprotect(struct fz *f)
{
	static const int prots[] = {
		PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE, PROT_READ | PROT_EXEC,
	};
	struct vma_rec *v;
	size_t start, len;
	int prot;

	if (!f->nvmas)
		return;
	v = &f->vmas[below(f, f->nvmas)];
	start = below(f, v->len / PAGE) * PAGE;
	len = chance(f, 50) ? v->len - start : PAGE;
	prot = prots[below(f, 4)];
	note(f, "mprotect %p len=%#zx prot=%d", v->addr + start, len, prot);
	done(f, mprotect(v->addr + start, len, prot));
}

static void op_touch(struct fz *f)
{
	struct vma_rec *v;
	bool write = chance(f, 50);
	size_t off, n, i;
	int sig = 0;

	if (!f->nvmas)
		return;
	v = &f->vmas[below(f, f->nvmas)];
	off = below(f, v->len);
	n = chance(f, 10) ? v->len / PAGE : 1;
	note(f, "touch %s %p+%#zx pages=%zu", write ? "write" : "read", v->addr, off, n);
	for (i = 0; i < n && !sig; i++)
		sig = touch(v->addr + (n > 1 ? i * PAGE : off), write, (char)rnd(f));
	done_err(f, sig ? -1 : 0, sig == SIGBUS ? EIO : sig ? EFAULT : 0);
}

/*
 * Maps the domU's console or xenstore ring read-only for a moment, on an
 * fd of its own, and reads a byte: real foreign grants, without ever
 * writing to them.
 */
static void op_foreign_probe(struct fz *f)
{
	struct ioctl_gntdev_map_grant_ref op = { .count = 1 };
	struct ioctl_gntdev_get_offset_for_vaddr q = { 0 };
	int fd;
	char *p;

	if (f->domu < 0)
		return;
	op.refs[0].domid = f->domu;
	op.refs[0].ref = below(f, 2);
	note(f, "probe: open gntdev");
	fd = done(f, open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC));
	if (fd < 0)
		return;
	note(f, "probe: MAP domu=%d ref=%u", f->domu, op.refs[0].ref);
	if (!done(f, ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op))) {
		p = mmap_noted(f, NULL, PAGE, PROT_READ, chance(f, 50) ? MAP_SHARED : MAP_PRIVATE,
			       fd, op.index);
		if (p != MAP_FAILED) {
			q.vaddr = (uintptr_t)p;
			note(f, "probe: read and GET_OFFSET %p", p);
			touch(p + below(f, PAGE), false, 0);
			done(f, ioctl(fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &q));
			if (chance(f, 50))
				munmap(p, PAGE);
		}
		if (chance(f, 50)) {
			struct ioctl_gntdev_unmap_grant_ref u = { .index = op.index, .count = 1 };

			note(f, "probe: UNMAP");
			done(f, ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u));
		}
	}
	note(f, "probe: close (mapping may live on)");
	done(f, close(fd));
}

/* ---- processes ---- */

/*
 * Kills the forked child (it may have ended on its own: a zombie until now)
 * and reaps it. Only here does the child go away, at a point the seed
 * decides, so that the worker's sequence never depends on timing.
 */
static void kill_child(struct fz *f)
{
	int status;

	if (f->child <= 0)
		return;
	note(f, "SIGKILL child %d", f->child);
	done(f, kill(f->child, SIGKILL));
	if (waitpid(f->child, &status, 0) == f->child) {
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL) {
			f->child_ring->failed = 1;
			f->ring->failed = 1;
			note(f, "child %d died of signal %d", f->child, WTERMSIG(status));
		} else if (WIFEXITED(status) && WEXITSTATUS(status)) {
			f->child_ring->failed = 1;
			f->ring->failed = 1;
			note(f, "child %d exited %d", f->child, WEXITSTATUS(status));
		}
	}
	f->child = 0;
}

static void op_fork(struct fz *f)
{
	uint64_t child_seed = rnd(f);
	int i;
	pid_t pid;

	if (f->is_child || f->child > 0)
		return;
	note(f, "fork");
	pid = fork();
	if (pid) {
		done(f, pid);
		if (pid > 0) {
			f->child = pid;
			f->child_kill_at = f->ring->ops + 1 + below(f, 400);
		}
		return;
	}
	f->is_child = true;
	f->rng = child_seed ? child_seed : 1;
	ring_start(f->child_ring, f->ring->slot, true, f->ring->gen, child_seed);
	f->ring = f->child_ring;
	f->op_budget = 20 + below(f, 400);
	alarm(opt_seconds + 30);	/* alarms are not inherited */
	/* gntdev VMAs are not copied into a child on PV: forget them all. */
	for (i = f->nvmas - 1; i >= 0; i--)
		if (f->vmas[i].gntdev)
			drop_vma(f, i);
}

static bool expired(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

static void op_mmap_gntdev(struct fz *f)
{
	op_mmap(f, true);
}

static void op_mmap_gntalloc(struct fz *f)
{
	op_mmap(f, false);
}

static void op_kill_child(struct fz *f)
{
	kill_child(f);
}

/* The operations and their weights (out of 100). */
static const struct op {
	unsigned int weight;
	const char *name;
	void (*run)(struct fz *f);
} ops[NR_OPS] = {
	{ 6, "open/close", op_open },
	{ 2, "close", op_close },
	{ 7, "gntalloc ALLOC", op_alloc },
	{ 4, "gntalloc DEALLOC", op_dealloc },
	{ 3, "gntalloc NOTIFY", op_alloc_notify },
	{ 9, "gntdev MAP", op_map },
	{ 4, "gntdev UNMAP", op_unmap },
	{ 2, "gntdev GET_OFFSET", op_get_offset },
	{ 1, "gntdev SET_MAX_GRANTS", op_set_max },
	{ 3, "gntdev NOTIFY", op_map_notify },
	{ 5, "gntdev COPY", op_copy },
	{ 1, "gntdev DMABUF", op_dmabuf },
	{ 2, "unknown ioctl", op_unknown },
	{ 9, "mmap gntdev", op_mmap_gntdev },
	{ 7, "mmap gntalloc", op_mmap_gntalloc },
	{ 6, "munmap", op_munmap },
	{ 2, "mremap", op_mremap },
	{ 2, "mprotect", op_mprotect },
	{ 15, "touch", op_touch },
	{ 2, "evtchn", op_evtchn },
	{ 1, "fork", op_fork },
	{ 1, "foreign probe", op_foreign_probe },
	{ 3, "kill child", op_kill_child },
};

static void one_op(struct fz *f)
{
	unsigned int w = below(f, 100), i;

	for (i = 0; i < NR_OPS - 1 && w >= ops[i].weight; i++)
		w -= ops[i].weight;
	cur_op = i;
	ops[i].run(f);
}

static void *map_anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static void fuzz_init(struct fz *f, unsigned int slot, unsigned int gen,
		      const struct timespec *deadline)
{
	const char *d = getenv("XQ_DOMID");
	char *area;
	int i;

	memset(f, 0, sizeof(*f));
	f->rng = stream_seed(slot, gen, 0);
	f->ring = &sh->ring[slot];
	f->child_ring = &sh->ring[MAX_PROCS + slot];
	ring_start(f->ring, slot, false, gen, f->rng);
	for (i = 0; i < MAX_FDS; i++) {
		f->gntdev[i] = -1;
		f->gntalloc[i] = -1;
	}
	f->evtchn = -1;
	f->domu = d && *d ? atoi(d) : -1;
	f->op_budget = opt_ops;
	f->deadline = *deadline;
	f->big = map_anon(sizeof(struct ioctl_gntdev_map_grant_ref) +
			  BIG_REFS * sizeof(struct ioctl_gntdev_grant_ref), PROT_READ | PROT_WRITE);
	area = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
	mprotect(area + 2 * PAGE, PAGE, PROT_NONE);
	f->edge = area + 2 * PAGE;
	f->ro = map_anon(PAGE, PROT_READ);
	f->scratch = map_anon(5 * PAGE, PROT_READ | PROT_WRITE);
	mprotect(f->scratch + 4 * PAGE, PAGE, PROT_NONE);
}

static void fuzz(struct fz *f)
{
	while (f->ring->ops < f->op_budget && !expired(&f->deadline)) {
		one_op(f);
		f->ring->ops++;
		__atomic_fetch_add(&sh->total_ops, 1, __ATOMIC_RELAXED);
		cur_op = NR_OPS - 1;	/* "kill child" */
		if (f->child > 0 && f->ring->ops >= f->child_kill_at)
			kill_child(f);
	}
	if (f->is_child)
		_exit(0);
	kill_child(f);
}

static void worker(unsigned int slot, unsigned int gen, const struct timespec *deadline)
{
	struct sigaction sa = { .sa_handler = on_fault };
	struct fz f;

	setpgid(0, 0);	/* the supervisor kills the worker and its child at once */
	signal(SIGALRM, SIG_DFL);
	alarm(opt_seconds + 30);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	fuzz_init(&f, slot, gen, deadline);
	fuzz(&f);
	exit(0);
}

/* ---- the supervisor ---- */

struct slot {
	pid_t pid;
	unsigned int gen;
	bool killed;		/* by us */
	bool ended;
};

static int failures;

static void spawn(struct slot *s, unsigned int i, const struct timespec *deadline)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		failures++;
		s->ended = true;
		return;
	}
	if (!pid)
		worker(i, s->gen, deadline);
	setpgid(pid, pid);
	s->pid = pid;
	s->killed = false;
	s->ended = false;
	printf("# worker %u generation %u: pid %d stream %#" PRIx64 "\n", i, s->gen, pid,
	       stream_seed(i, s->gen, 0));
}

static void report_death(struct slot *s, unsigned int i, int status)
{
	const char *why = NULL;
	char buf[64];

	if (WIFSIGNALED(status) && !(s->killed && WTERMSIG(status) == SIGKILL)) {
		snprintf(buf, sizeof(buf), "died of signal %d (%s)%s", WTERMSIG(status),
			 strsignal(WTERMSIG(status)),
			 WTERMSIG(status) == SIGALRM ? ": watchdog, it hung" : "");
		why = buf;
	} else if (WIFEXITED(status) && WEXITSTATUS(status)) {
		snprintf(buf, sizeof(buf), "exited with %d", WEXITSTATUS(status));
		why = buf;
	} else if (sh->ring[i].failed) {
		why = "saw its child die";
	}
	if (!why)
		return;
	failures++;
	printf("# FAILURE (seed %" PRIu64 "): worker %u %s\n", opt_seed, i, why);
	dump_ring(&sh->ring[i], "worker");
	if (sh->ring[MAX_PROCS + i].failed)
		dump_ring(&sh->ring[MAX_PROCS + i], "its child");
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * The kernel's reports while we run: read from /dev/kmsg (independent of
 * the harness's "dmesg -c"), so that a failure comes with the operations
 * every process did last, while they are still there.
 */
static int kmsg_fd = -1;
static int kernel_pid;		/* the task a report names, 0 if none */

static void kmsg_open(void)
{
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/* Prints new kernel reports; returns how many lines looked like one. */
static int kmsg_reports(void)
{
	static const char *const bad[] = {
		"BUG:", "Oops", "general protection fault", "WARNING:", "kernel BUG at",
		"Call Trace:", "possible circular locking", "inconsistent lock state",
		"possible recursive locking", "INFO: task", "UBSAN:", "list_add corruption",
		"list_del corruption", "Bad page", "rcu: INFO:",
	};
	char rec[1024];
	int n = 0;
	ssize_t len;
	unsigned int i;

	if (kmsg_fd < 0)
		return 0;
	for (;;) {
		char *msg, *p;

		len = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* records were overwritten */
		if (len <= 0)
			break;
		rec[len] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		p = strchr(msg, '\n');
		if (p)
			*p = 0;
		p = strstr(msg, "PID: ");
		if (p && !kernel_pid)
			kernel_pid = atoi(p + 5);
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			if (strstr(msg, bad[i])) {
				if (n++ < 10)
					printf("# kernel: %s\n", msg);
				break;
			}
		}
	}
	return n;
}

static void dump_all_rings(void)
{
	unsigned int i;

	for (i = 0; i < 2 * MAX_PROCS; i++) {
		const struct ring *r = &sh->ring[i];

		if (!r->pid)
			continue;
		dump_ring(r, r->pid == kernel_pid ? "THE PROCESS THE KERNEL NAMED:" :
			  i < MAX_PROCS ? "worker" : "child of a worker");
	}
}

/* A process that is no worker died: a fuzzing child whose worker we killed. */
static void report_other_death(pid_t pid, int status)
{
	unsigned int i;

	if (!WIFSIGNALED(status) || WTERMSIG(status) == SIGKILL)
		return;
	failures++;
	printf("# FAILURE (seed %" PRIu64 "): process %d died of signal %d (%s)\n", opt_seed,
	       pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
	for (i = 0; i < 2 * MAX_PROCS; i++)
		if (sh->ring[i].pid == pid)
			dump_ring(&sh->ring[i], "it");
}

static void reap_status(struct slot *slots, pid_t pid, int status)
{
	unsigned int i;

	for (i = 0; i < opt_procs; i++) {
		if (slots[i].pid != pid || slots[i].ended)
			continue;
		slots[i].ended = true;
		report_death(&slots[i], i, status);
		return;
	}
	report_other_death(pid, status);
}

/* Reaps whatever ended; returns how many workers are still running. */
static unsigned int reap(struct slot *slots)
{
	unsigned int i, running = 0;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		reap_status(slots, pid, status);
	for (i = 0; i < opt_procs; i++)
		running += !slots[i].ended;
	return running;
}

static void sleep_s(double s)
{
	struct timespec t = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	nanosleep(&t, NULL);
}

static bool left_behind;

/* Runs the workers; returns how many seconds they ran. */
static double supervise(void)
{
	struct slot slots[MAX_PROCS] = { 0 };
	struct fz clock = { .rng = stream_seed(MAX_PROCS, 0, 1) };
	struct timespec deadline;
	double t0 = now_s(), end = t0 + opt_seconds, next_kill, grace = 45;
	unsigned int i;
	pid_t pid = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += opt_seconds;
	for (i = 0; i < opt_procs; i++)
		spawn(&slots[i], i, &deadline);
	next_kill = t0 + 0.5 + below(&clock, 3000) / 1000.0;
	while (now_s() < end) {
		sleep_s(0.05);
		reap(slots);
		if (kmsg_reports()) {
			failures++;
			printf("# FAILURE (seed %" PRIu64 "): the kernel reported a problem"
			       " after %.1f s; stopping\n", opt_seed, now_s() - t0);
			dump_all_rings();
			for (i = 0; i < opt_procs; i++) {
				slots[i].killed = true;
				kill(-slots[i].pid, SIGKILL);
			}
			end = now_s();
			grace = 10;
			break;
		}
		if (opt_kill && now_s() >= next_kill && now_s() < end - 1) {
			struct slot *s = &slots[below(&clock, opt_procs)];

			if (!s->ended) {
				s->killed = true;
				kill(-s->pid, SIGKILL);
			}
			next_kill = now_s() + 0.2 + below(&clock, 3000) / 1000.0;
		}
		for (i = 0; i < opt_procs; i++) {
			if (slots[i].ended && slots[i].killed && now_s() < end - 1) {
				reap(slots);	/* collect its child too */
				slots[i].gen++;
				spawn(&slots[i], i, &deadline);
			}
		}
	}
	/* Workers stop at the deadline; their alarm fires 30 s after it. */
	while (reap(slots) && now_s() < end + grace)
		sleep_s(0.1);
	for (i = 0; i < opt_procs; i++) {
		if (slots[i].ended)
			continue;
		failures++;
		printf("# FAILURE (seed %" PRIu64 "): worker %u (pid %d) did not end; killed\n",
		       opt_seed, i, slots[i].pid);
		dump_ring(&sh->ring[i], "worker");
		slots[i].killed = true;
	}
	for (i = 0; i < opt_procs; i++)
		kill(-slots[i].pid, SIGKILL);	/* with stray children of the groups */
	/* We are their subreaper: every process the run made ends here. */
	end = now_s() + 15;
	while (now_s() < end) {
		int status;

		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			break;
		if (pid > 0)
			reap_status(slots, pid, status);
		else
			sleep_s(0.1);
	}
	if (pid >= 0) {
		failures++;
		left_behind = true;
		printf("# FAILURE: processes left behind that SIGKILL did not end"
		       " (stuck in the kernel)\n");
	}
	if (kmsg_reports()) {
		failures++;
		printf("# FAILURE (seed %" PRIu64 "): the kernel reported a problem at the end\n",
		       opt_seed);
		dump_all_rings();
	}
	return now_s() - t0;
}

/* ---- after the run: is anything still mapped or granted? ---- */

/*
 * Dom0's grants that Xen sees mapped by dom0. Fills @refs and returns how
 * many, or -1 if Xen's table could not be read.
 */
static int dom0_active(uint32_t *refs, int max)
{
	static struct xen_grant_row rows[4096];
	int i, n = 0, nrows = xen_grant_rows(rows, 4096);

	if (nrows < 0)
		return -1;
	for (i = 0; i < nrows; i++) {
		if (rows[i].table == 0 && rows[i].mapper == 0 && n < max)
			refs[n++] = rows[i].ref;
	}
	return n;
}

static bool in_list(uint32_t x, const uint32_t *list, int n)
{
	while (n--)
		if (list[n] == x)
			return true;
	return false;
}

/*
 * Waits (30 s at most: unmaps may be deferred) until the entries that are not in
 * @base are exactly those in @allowed; returns the extra ones in @extra.
 */
static int settled_extra(const uint32_t *base, int nbase, const uint32_t *allowed,
			 int nallowed, uint32_t *extra, int max)
{
	double give_up = now_s() + 30;
	uint32_t now[512];
	int i, n, nextra = -1;

	for (;;) {
		bool only_allowed = true;

		n = dom0_active(now, 512);
		if (n < 0)
			return -1;
		for (nextra = 0, i = 0; i < n; i++) {
			if (in_list(now[i], base, nbase))
				continue;
			only_allowed &= in_list(now[i], allowed, nallowed);
			if (nextra < max)
				extra[nextra++] = now[i];
		}
		if (only_allowed || now_s() > give_up)
			break;
		sleep_s(0.5);
	}
	return nextra;
}

/* Our grant to dom0, mapped back: a grant kept on purpose. */
struct control {
	int gntalloc, gntdev;
	uint32_t ref;
	void *p;
};

static int control_open(struct control *c, const char **why)
{
	struct ioctl_gntalloc_alloc_gref a = { .domid = 0, .flags = 1, .count = 1 };
	struct ioctl_gntdev_map_grant_ref m = { .count = 1 };

	c->p = MAP_FAILED;
	c->gntdev = -1;
	c->gntalloc = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (c->gntalloc < 0 || ioctl(c->gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, &a)) {
		*why = "gntalloc cannot grant";
		return -1;
	}
	c->ref = a.gref_ids[0];
	m.refs[0].ref = c->ref;
	c->gntdev = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (c->gntdev < 0 || ioctl(c->gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &m)) {
		*why = "gntdev cannot map";
		return -1;
	}
	c->p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, c->gntdev, m.index);
	if (c->p == MAP_FAILED) {
		*why = "gntdev cannot mmap our own grant";
		return -1;
	}
	*(volatile char *)c->p = 1;
	return 0;
}

static void control_close(struct control *c)
{
	if (c->p != MAP_FAILED)
		munmap(c->p, PAGE);
	if (c->gntdev >= 0)
		close(c->gntdev);
	if (c->gntalloc >= 0)
		close(c->gntalloc);
}

static int test_no;
static const char *const check_names[] = {
	"grant mapping check control: sees a mapping kept on purpose",
	"nothing left mapped",
	"grant count check control: sees a grant kept on purpose",
	"nothing left granted",
};

static void tap(bool ok, const char *skip, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok || skip ? "" : "not ", ++test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (skip)
		printf(" # SKIP %s", skip);
	printf("\n");
	fflush(stdout);
}

static void check_mappings(const uint32_t *base, int nbase)
{
	const char *why = "xl debug-keys g shows no table for d0";
	struct control c;
	uint32_t extra[32];
	int n, i;

	if (nbase < 0) {
		tap(true, why, "%s", check_names[0]);
		tap(true, why, "%s", check_names[1]);
		return;
	}
	if (control_open(&c, &why)) {
		tap(true, why, "%s", check_names[0]);
	} else {
		n = settled_extra(base, nbase, &c.ref, 1, extra, 32);
		printf("# control: dom0 grant ref %#x mapped by dom0 %s\n", c.ref,
		       in_list(c.ref, extra, n > 0 ? n : 0) ? "seen" : "NOT seen");
		tap(in_list(c.ref, extra, n > 0 ? n : 0), NULL, "%s", check_names[0]);
	}
	control_close(&c);
	n = settled_extra(base, nbase, NULL, 0, extra, 32);
	for (i = 0; i < n; i++)
		printf("# still mapped: dom0 grant ref %#x, by dom0 (seed %" PRIu64 ")\n",
		       extra[i], opt_seed);
	printf("# dom0 grants mapped by dom0: %d before the run, %d more after it%s\n", nbase,
	       n, n < 0 ? " (table unreadable)" : "");
	tap(n == 0, NULL, "%s", check_names[1]);
}

static unsigned int gntalloc_limit(void)
{
	static const char *const paths[] = {
		"/sys/module/xen_gntalloc/parameters/limit",
		"/sys/module/gntalloc/parameters/limit",
	};
	unsigned int i, limit = 0;
	FILE *p;

	for (i = 0; i < 2 && !limit; i++) {
		p = fopen(paths[i], "r");
		if (!p)
			continue;
		if (fscanf(p, "%u", &limit) != 1)
			limit = 0;
		fclose(p);
	}
	return limit;
}

/* Grants @count pages at once on a fresh fd; 0 or an errno. */
static int grant_many(unsigned int count)
{
	struct ioctl_gntalloc_alloc_gref *a;
	int fd, err = 0;

	a = calloc(1, sizeof(*a) + count * sizeof(a->gref_ids[0]));
	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (!a || fd < 0) {
		err = errno;
	} else {
		a->count = count;
		if (ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, a))
			err = errno;
	}
	if (fd >= 0)
		close(fd);
	free(a);
	return err;
}

/*
 * gntalloc counts every page still granted against its global limit: once
 * everything is closed, the whole limit must be grantable again.
 */
static void check_grants(void)
{
	struct ioctl_gntalloc_alloc_gref a = { .domid = 0, .flags = 1, .count = 1 };
	unsigned int limit = gntalloc_limit();
	int fd, err, tries;

	if (!limit) {
		tap(true, "no gntalloc limit parameter", "%s", check_names[2]);
		tap(true, "no gntalloc limit parameter", "%s", check_names[3]);
		return;
	}
	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &a)) {
		tap(true, "gntalloc cannot grant", "%s", check_names[2]);
	} else {
		err = grant_many(limit);
		printf("# control: one grant kept, %u more: %s\n", limit,
		       err ? strerrorname_np(err) : "granted");
		tap(err == ENOSPC, NULL, "%s", check_names[2]);
	}
	if (fd >= 0)
		close(fd);
	for (tries = 0; tries < 20; tries++) {
		err = grant_many(limit);
		if (err != ENOSPC)
			break;
		sleep_s(0.5);
	}
	printf("# gntalloc grants its whole limit (%u) again: %s\n", limit,
	       err ? strerrorname_np(err) : "yes");
	if (err == ENOTTY)
		tap(true, "gntalloc cannot grant", "%s", check_names[3]);
	else
		tap(!err, NULL, "%s", check_names[3]);
}

/* How deep the run got: system calls per operation that worked or failed. */
static void print_stats(void)
{
	unsigned int i;

	for (i = 0; i < NR_OPS; i++)
		printf("# %-22s %8" PRIu64 " succeeded %8" PRIu64 " failed\n", ops[i].name,
		       sh->calls[i][0], sh->calls[i][1]);
}

static void usage(const char *me)
{
	fprintf(stderr, "usage: %s [--seed N] [--procs N] [--seconds S] [--ops N] [--no-kill]\n"
		"	[--avoid-known-linux-bugs] [--trace]\n"
		"  GNTTAB_FUZZ_SECONDS in the environment overrides --seconds\n"
		"  --avoid-known-linux-bugs: leave out what crashes Linux 6.1's drivers\n", me);
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	bool seeded = false;
	const char *env;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--no-kill")) {
			opt_kill = false;
			continue;
		}
		if (!strcmp(a, "--trace")) {
			opt_trace = true;
			continue;
		}
		if (!strcmp(a, "--avoid-known-linux-bugs")) {
			opt_avoid_linux_bugs = true;
			continue;
		}
		if (!v)
			usage(argv[0]);
		i++;
		if (!strcmp(a, "--seed"))
			opt_seed = strtoull(v, NULL, 0), seeded = true;
		else if (!strcmp(a, "--procs"))
			opt_procs = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--seconds"))
			opt_seconds = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--ops"))
			opt_ops = strtoull(v, NULL, 0);
		else
			usage(argv[0]);
	}
	env = getenv("GNTTAB_FUZZ_SECONDS");
	if (env && *env)
		opt_seconds = strtoul(env, NULL, 0);
	if (!seeded) {
		struct timespec t;

		clock_gettime(CLOCK_REALTIME, &t);
		opt_seed = mix(t.tv_sec ^ ((uint64_t)t.tv_nsec << 20) ^ getpid()) % 1000000000;
	}
	if (opt_procs < 1 || opt_procs > MAX_PROCS || opt_seconds < 1)
		usage(argv[0]);
}

static void on_alarm(int sig)
{
	static const char msg[] = "Bail out! fuzz_gnttab: the supervisor's watchdog fired\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

int main(int argc, char **argv)
{
	uint32_t base[512];
	int nbase, i;
	double secs;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	printf("# seed %" PRIu64 " (replay: fuzz_gnttab --seed %" PRIu64
	       " --procs %u --seconds %u)\n", opt_seed, opt_seed, opt_procs, opt_seconds);
	printf("1..5\n");
	signal(SIGALRM, on_alarm);
	alarm(opt_seconds + 200);	/* the harness kills at 300 s */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		return 1;
	}
	kmsg_open();
	nbase = dom0_active(base, 512);
	printf("# before the run: %d dom0 grants mapped by dom0 (-1: unreadable)\n", nbase);

	secs = supervise();
	tap(!failures, NULL,
	    "fuzz ran %" PRIu64 " operations in %.0f seconds without the kernel"
	    " killing the fuzzer (seed %" PRIu64 ", %u processes)",
	    sh->total_ops, secs, opt_seed, opt_procs);
	print_stats();
	if (failures)
		printf("# replay with: fuzz_gnttab --seed %" PRIu64 " --procs %u --no-kill"
		       " [--trace]\n", opt_seed, opt_procs);
	if (left_behind) {
		/* They hold the devices' locks: the checks would hang too. */
		for (i = 0; i < 4; i++)
			tap(false, NULL, "%s", check_names[i]);
		return 1;
	}
	check_mappings(base, nbase);
	check_grants();
	return failures ? 1 : 0;
}
