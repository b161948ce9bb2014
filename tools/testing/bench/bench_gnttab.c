// SPDX-License-Identifier: GPL-2.0
/*
 * bench_gnttab: times the grant devices from user space, on whichever
 * gntdev/gntalloc pair is loaded (ours or Linux's: same device names).
 *
 *   bench_gnttab [-q] [-b MS] [-n N,N,...] SECTION...
 *
 * Sections:
 *   gntdev        map cycle: MAP_GRANT_REF, mmap, touch each page, munmap,
 *                 UNMAP_GRANT_REF, of N pages this domain granted to itself
 *   gntalloc      ALLOC_GREF+DEALLOC_GREF, and ALLOC+mmap+touch+munmap+DEALLOC
 *   copy          GRANT_COPY of 1 and 256 segments of 4 KiB, to and from grants
 *   lib:NAME:PATH the libxengnttab.so.1 at PATH: xengnttab_map_grant_refs +
 *                 xengnttab_unmap, xengntshr_share_pages + xengntshr_unshare
 *   floor         the bare map/unmap hypercalls, from the bench_floor module
 *                 (/sys/kernel/debug/bench_floor/run)
 *   mem           kernel memory per mapped and per allocated page
 *   clock         how finely CLOCK_MONOTONIC, _RAW and the TSC step
 *
 * Each measurement takes samples for -b milliseconds (at least 5), a sample
 * being the mean of max(1, 256 / N) operations, and prints the median over
 * the samples of each phase (the map cycle has one untimed warm-up):
 *   T GROUP TEST N PHASE MEDIAN_NS REPS
 * Memory lines: "M TEST N METRIC BYTES_PER_PAGE"; the drivers' own
 * hypercall counts for one request, when /sys/kernel/debug/gntdev/hypercalls
 * exists: "H TEST N OP COUNT"; the clock: "C ...". -q: the quick smoke mode (N = 1, 16, 256 and
 * short runs). Exit 0, or 1 when an operation failed. Timings are reported,
 * never judged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xen/gntdev.h>
#include <xen/gntalloc.h>

#define PAGE 4096UL
#define MAX_PHASES 6
#define MAX_REPS 5000
#define HYPERCALLS "/sys/kernel/debug/gntdev/hypercalls"
#define FLOOR "/sys/kernel/debug/bench_floor/run"

static unsigned int sizes[16] = { 1, 16, 256, 1024, 16384, 65536 };
static unsigned int nr_sizes = 6;
static double budget_ns = 400e6;
static unsigned int min_reps = 5;
static unsigned int batch_pages = 256;
static int failed;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench_gnttab: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	failed = 1;
}

static double tsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32 | lo);
}

/*
 * Time is read from the TSC, not clock_gettime(): in a Xen PV guest under
 * TCG, the vCPUs' pvclocks disagree and the kernel holds the clock at the
 * latest value either returned, so CLOCK_MONOTONIC stands still for up to
 * hundreds of milliseconds at a time (see "clock"). The TSC runs on; its
 * rate is measured against CLOCK_MONOTONIC over one second (the "cpu MHz"
 * of /proc/cpuinfo is printed beside it: under TCG it is wrong).
 */
static double ns_per_tick = 1;

static double clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double now_ns(void)
{
	return tsc() * ns_per_tick;
}

static void tsc_rate(void)
{
	double mhz = 0, t0, c0, calibrated;
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	if (f)
		fclose(f);
	t0 = clock_ns(CLOCK_MONOTONIC);
	c0 = tsc();
	usleep(1000000);
	calibrated = (tsc() - c0) / (clock_ns(CLOCK_MONOTONIC) - t0) * 1000;
	ns_per_tick = 1000 / calibrated;
	printf("C tsc-mhz %.1f cpuinfo-mhz %.1f\n", calibrated, mhz);
}

/* The phases of one measurement, each sample's time per phase. */
struct timing {
	const char *group, *test;
	unsigned int n, nr_phases, reps;
	const char *phase[MAX_PHASES];
	double *ns[MAX_PHASES];
	double started, last;
	/* One sample is the mean of @per_sample operations (see batch()). */
	unsigned int per_sample, done;
	double sum[MAX_PHASES];
};

/*
 * Operations per sample: under TCG the guest's clock advances in irregular
 * steps of up to a few hundred microseconds, so a sample must span many
 * of them; summing each phase over the operations of a sample keeps the
 * phases' shares right whatever the steps.
 */
static unsigned int batch(unsigned int n)
{
	return n >= batch_pages ? 1 : batch_pages / n;
}

static void timing_init(struct timing *t, const char *group, const char *test,
			unsigned int n, const char *phases)
{
	char *s = strdup(phases), *tok, *save;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->group = group;
	t->test = test;
	t->n = n;
	for (tok = strtok_r(s, ",", &save); tok && t->nr_phases < MAX_PHASES;
	     tok = strtok_r(NULL, ",", &save))
		t->phase[t->nr_phases++] = tok;
	for (i = 0; i < t->nr_phases; i++)
		t->ns[i] = calloc(MAX_REPS, sizeof(double));
	t->per_sample = batch(n);
	t->started = now_ns();
}

/* Whether to take another sample; the first call of a sample starts it. */
static int timing_more(struct timing *t)
{
	double spent = now_ns() - t->started;

	if (t->reps >= MAX_REPS || failed)
		return 0;
	return t->reps < min_reps || spent < budget_ns;
}

static void timing_start(struct timing *t)
{
	t->last = now_ns();
}

/* Ends phase @i of the current operation. */
static void timing_mark(struct timing *t, unsigned int i)
{
	double x = now_ns();

	t->sum[i] += x - t->last;
	t->last = x;
}

/* Adds @ns to phase @i of the current operation (times taken elsewhere). */
static void timing_add(struct timing *t, unsigned int i, double ns)
{
	t->sum[i] += ns;
}

/* Ends an operation; the last one of a sample ends the sample. */
static void timing_done(struct timing *t)
{
	unsigned int i;

	if (++t->done < t->per_sample)
		return;
	for (i = 0; i < t->nr_phases; i++) {
		t->ns[i][t->reps] = t->sum[i] / t->done;
		t->sum[i] = 0;
	}
	t->done = 0;
	t->reps++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Prints the median of each phase and of their sum ("total"). */
static void timing_report(struct timing *t)
{
	double *total = calloc(t->reps ? t->reps : 1, sizeof(double));
	unsigned int i, r;

	for (r = 0; r < t->reps; r++)
		for (i = 0; i < t->nr_phases; i++)
			total[r] += t->ns[i][r];
	if (t->reps && !failed) {
		for (i = 0; i < t->nr_phases; i++)
			printf("T %s %s %u %s %.0f %u\n", t->group, t->test, t->n,
			       t->phase[i], median(t->ns[i], t->reps),
			       t->reps * t->per_sample);
		printf("T %s %s %u total %.0f %u\n", t->group, t->test, t->n,
		       median(total, t->reps), t->reps * t->per_sample);
		fflush(stdout);
	}
	for (i = 0; i < t->nr_phases; i++)
		free(t->ns[i]);
	free((char *)t->phase[0]);
	free(total);
}

/* ---- the devices */

static int alloc_grefs(int fd, unsigned int n, uint32_t *refs, uint64_t *index)
{
	struct ioctl_gntalloc_alloc_gref *op;
	int ret;

	op = malloc(sizeof(*op) + n * sizeof(op->gref_ids[0]));
	if (!op)
		return -1;
	op->domid = 0;
	op->flags = GNTALLOC_FLAG_WRITABLE;
	op->count = n;
	ret = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, op);
	if (!ret) {
		*index = op->index;
		if (refs)
			memcpy(refs, op->gref_ids, n * sizeof(*refs));
	}
	free(op);
	return ret;
}

static int dealloc_grefs(int fd, uint64_t index, unsigned int n)
{
	struct ioctl_gntalloc_dealloc_gref op = { .index = index, .count = n };

	return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op);
}

/* N pages granted to ourselves, kept by an open gntalloc file. */
struct source {
	int fd;
	unsigned int n;
	uint32_t *refs;
	uint64_t index;
};

static int source_get(struct source *s, unsigned int n)
{
	s->n = n;
	s->refs = calloc(n, sizeof(*s->refs));
	s->fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (s->fd < 0 || !s->refs || alloc_grefs(s->fd, n, s->refs, &s->index)) {
		fail("granting %u pages to ourselves", n);
		if (s->fd >= 0)
			close(s->fd);
		free(s->refs);
		return -1;
	}
	return 0;
}

static void source_put(struct source *s)
{
	close(s->fd);
	free(s->refs);
}

static struct ioctl_gntdev_map_grant_ref *map_request(const struct source *s)
{
	struct ioctl_gntdev_map_grant_ref *op;
	unsigned int i;

	op = calloc(1, sizeof(*op) + s->n * sizeof(op->refs[0]));
	if (!op)
		return NULL;
	op->count = s->n;
	for (i = 0; i < s->n; i++) {
		op->refs[i].domid = 0;
		op->refs[i].ref = s->refs[i];
	}
	return op;
}

static void touch(unsigned char *mem, unsigned int n)
{
	volatile unsigned char *p = mem;
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i * PAGE] = (unsigned char)i;
}

/* Hypercall counts of the driver ("map N" lines), or -1 without the file. */
static int hypercalls(long *map, long *unmap, long *copy)
{
	char name[16];
	long v;
	FILE *f = fopen(HYPERCALLS, "r");

	if (!f)
		return -1;
	*map = *unmap = *copy = 0;
	while (fscanf(f, "%15s %ld", name, &v) == 2) {
		if (!strcmp(name, "map"))
			*map = v;
		else if (!strcmp(name, "unmap"))
			*unmap = v;
		else if (!strcmp(name, "copy"))
			*copy = v;
	}
	fclose(f);
	return 0;
}

/* One map cycle; @t may be NULL (untimed). */
static int map_cycle(int fd, struct ioctl_gntdev_map_grant_ref *op,
		     unsigned int n, struct timing *t)
{
	struct ioctl_gntdev_unmap_grant_ref un = { .count = n };
	unsigned char *mem;

	if (t)
		timing_start(t);
	op->count = n;
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op))
		return fail("MAP_GRANT_REF of %u", n), -1;
	if (t)
		timing_mark(t, 0);
	mem = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   op->index);
	if (mem == MAP_FAILED)
		return fail("mmap of %u mapped grants", n), -1;
	if (t)
		timing_mark(t, 1);
	touch(mem, n);
	if (t)
		timing_mark(t, 2);
	munmap(mem, n * PAGE);
	if (t)
		timing_mark(t, 3);
	un.index = op->index;
	if (ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un))
		return fail("UNMAP_GRANT_REF of %u", n), -1;
	if (t) {
		timing_mark(t, 4);
		timing_done(t);
	}
	return 0;
}

static void bench_gntdev(void)
{
	struct ioctl_gntdev_map_grant_ref *op;
	struct timing t;
	struct source s;
	long m0, u0, c0, m1, u1, c1;
	unsigned int k, n;
	int fd;

	for (k = 0; k < nr_sizes && !failed; k++) {
		n = sizes[k];
		if (source_get(&s, n))
			return;
		fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
		op = map_request(&s);
		if (fd < 0 || !op) {
			fail("opening /dev/xen/gntdev");
			source_put(&s);
			return;
		}
		map_cycle(fd, op, n, NULL);
		if (!hypercalls(&m0, &u0, &c0) && !map_cycle(fd, op, n, NULL) &&
		    !hypercalls(&m1, &u1, &c1)) {
			printf("H map-cycle %u map %ld\n", n, m1 - m0);
			printf("H map-cycle %u unmap %ld\n", n, u1 - u0);
		}
		timing_init(&t, "gntdev", "map-cycle", n,
			    "map-ioctl,mmap,touch,munmap,unmap-ioctl");
		while (timing_more(&t) && !map_cycle(fd, op, n, &t))
			;
		timing_report(&t);
		free(op);
		close(fd);
		source_put(&s);
	}
}

static void bench_gntalloc(void)
{
	struct timing t;
	unsigned char *mem;
	unsigned int k, n;
	uint64_t index;
	int fd;

	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail("opening /dev/xen/gntalloc");
	for (k = 0; k < nr_sizes && !failed; k++) {
		n = sizes[k];
		timing_init(&t, "gntalloc", "alloc-dealloc", n, "alloc,dealloc");
		while (timing_more(&t)) {
			timing_start(&t);
			if (alloc_grefs(fd, n, NULL, &index)) {
				fail("ALLOC_GREF of %u", n);
				break;
			}
			timing_mark(&t, 0);
			if (dealloc_grefs(fd, index, n)) {
				fail("DEALLOC_GREF of %u", n);
				break;
			}
			timing_mark(&t, 1);
			timing_done(&t);
		}
		timing_report(&t);

		timing_init(&t, "gntalloc", "alloc-mmap", n,
			    "alloc,mmap,touch,munmap,dealloc");
		while (timing_more(&t)) {
			timing_start(&t);
			if (alloc_grefs(fd, n, NULL, &index)) {
				fail("ALLOC_GREF of %u", n);
				break;
			}
			timing_mark(&t, 0);
			mem = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, index);
			if (mem == MAP_FAILED) {
				fail("mmap of %u granted pages", n);
				break;
			}
			timing_mark(&t, 1);
			touch(mem, n);
			timing_mark(&t, 2);
			munmap(mem, n * PAGE);
			timing_mark(&t, 3);
			if (dealloc_grefs(fd, index, n)) {
				fail("DEALLOC_GREF of %u", n);
				break;
			}
			timing_mark(&t, 4);
			timing_done(&t);
		}
		timing_report(&t);
	}
	close(fd);
}

static void bench_copy(void)
{
	static const unsigned int segs[] = { 1, 256 };
	struct gntdev_grant_copy_segment *seg;
	struct ioctl_gntdev_grant_copy op;
	unsigned int k, i, dir, n;
	unsigned char *buf;
	struct timing t;
	struct source s;
	int fd;

	fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail("opening /dev/xen/gntdev");
	buf = aligned_alloc(PAGE, 256 * PAGE);
	seg = calloc(256, sizeof(*seg));
	if (!buf || !seg || source_get(&s, 256)) {
		fail("setting up the copies");
		goto out;
	}
	memset(buf, 0x5a, 256 * PAGE);
	for (dir = 0; dir < 2 && !failed; dir++) {
		for (k = 0; k < 2 && !failed; k++) {
			n = segs[k];
			for (i = 0; i < n; i++) {
				memset(&seg[i], 0, sizeof(seg[i]));
				seg[i].len = PAGE;
				if (dir == 0) {
					seg[i].flags = GNTCOPY_dest_gref;
					seg[i].source.virt = buf + i * PAGE;
					seg[i].dest.foreign.ref = s.refs[i];
				} else {
					seg[i].flags = GNTCOPY_source_gref;
					seg[i].source.foreign.ref = s.refs[i];
					seg[i].dest.virt = buf + i * PAGE;
				}
			}
			op.count = n;
			op.segments = seg;
			timing_init(&t, "copy", dir ? "from-grant" : "to-grant", n,
				    "copy");
			while (timing_more(&t)) {
				timing_start(&t);
				if (ioctl(fd, IOCTL_GNTDEV_GRANT_COPY, &op)) {
					fail("GRANT_COPY of %u segments", n);
					break;
				}
				timing_mark(&t, 0);
				for (i = 0; i < n; i++)
					if (seg[i].status)
						break;
				if (i < n) {
					errno = EIO;
					fail("GRANT_COPY segment %u: status %d",
					     i, seg[i].status);
					break;
				}
				timing_done(&t);
			}
			timing_report(&t);
		}
	}
	source_put(&s);
out:
	free(seg);
	free(buf);
	close(fd);
}

/* ---- the library, loaded from a path: ours and Debian's have one soname */

struct lib {
	void *(*open)(void *logger, unsigned int flags);
	int (*close)(void *h);
	void *(*map)(void *h, uint32_t count, uint32_t *domids, uint32_t *refs,
		     int prot);
	int (*unmap)(void *h, void *start, uint32_t count);
	void *(*shr_open)(void *logger, unsigned int flags);
	int (*shr_close)(void *h);
	void *(*share)(void *h, uint32_t domid, int count, uint32_t *refs,
		       int writable);
	int (*unshare)(void *h, void *start, uint32_t count);
};

static int lib_load(struct lib *l, const char *path)
{
	void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		fprintf(stderr, "bench_gnttab: %s\n", dlerror());
		failed = 1;
		return -1;
	}
	*(void **)&l->open = dlsym(dl, "xengnttab_open");
	*(void **)&l->close = dlsym(dl, "xengnttab_close");
	*(void **)&l->map = dlsym(dl, "xengnttab_map_grant_refs");
	*(void **)&l->unmap = dlsym(dl, "xengnttab_unmap");
	*(void **)&l->shr_open = dlsym(dl, "xengntshr_open");
	*(void **)&l->shr_close = dlsym(dl, "xengntshr_close");
	*(void **)&l->share = dlsym(dl, "xengntshr_share_pages");
	*(void **)&l->unshare = dlsym(dl, "xengntshr_unshare");
	if (!l->open || !l->close || !l->map || !l->unmap || !l->shr_open ||
	    !l->shr_close || !l->share || !l->unshare) {
		errno = ENOENT;
		fail("%s: libxengnttab functions missing", path);
		return -1;
	}
	return 0;
}

static void bench_lib(const char *spec)
{
	char *name = strdup(spec + 4), *path, test[64];
	uint32_t *domids, *refs;
	void *xgt, *xgs, *mem;
	unsigned int k, n;
	struct timing t;
	struct source s;
	struct lib l;

	path = strchr(name, ':');
	if (!path) {
		fprintf(stderr, "bench_gnttab: lib:NAME:PATH, not %s\n", spec);
		failed = 1;
		goto out;
	}
	*path++ = '\0';
	if (lib_load(&l, path))
		goto out;
	xgt = l.open(NULL, 0);
	xgs = l.shr_open(NULL, 0);
	if (!xgt || !xgs) {
		fail("%s: opening the handles", path);
		goto out;
	}
	for (k = 0; k < nr_sizes && sizes[k] <= 16384 && !failed; k++) {
		n = sizes[k];
		if (source_get(&s, n))
			break;
		domids = calloc(n, sizeof(*domids));
		refs = calloc(n, sizeof(*refs));
		snprintf(test, sizeof(test), "%s-map", name);
		timing_init(&t, "lib", test, n, "map,unmap");
		while (domids && refs && timing_more(&t)) {
			timing_start(&t);
			mem = l.map(xgt, n, domids, s.refs, PROT_READ | PROT_WRITE);
			if (!mem) {
				fail("xengnttab_map_grant_refs of %u", n);
				break;
			}
			timing_mark(&t, 0);
			if (l.unmap(xgt, mem, n)) {
				fail("xengnttab_unmap of %u", n);
				break;
			}
			timing_mark(&t, 1);
			timing_done(&t);
		}
		timing_report(&t);
		source_put(&s);

		snprintf(test, sizeof(test), "%s-share", name);
		timing_init(&t, "lib", test, n, "share,unshare");
		while (refs && timing_more(&t)) {
			timing_start(&t);
			mem = l.share(xgs, 0, n, refs, 1);
			if (!mem) {
				fail("xengntshr_share_pages of %u", n);
				break;
			}
			timing_mark(&t, 0);
			if (l.unshare(xgs, mem, n)) {
				fail("xengntshr_unshare of %u", n);
				break;
			}
			timing_mark(&t, 1);
			timing_done(&t);
		}
		timing_report(&t);
		free(domids);
		free(refs);
	}
	l.close(xgt);
	l.shr_close(xgs);
out:
	free(name);
}

/* ---- the floor: the module times its hypercalls itself */

static void bench_floor(void)
{
	double map_cycles, unmap_cycles;
	unsigned int k, n;
	struct timing t;
	char buf[128];
	ssize_t len;
	int fd;

	for (k = 0; k < nr_sizes && !failed; k++) {
		n = sizes[k];
		timing_init(&t, "floor", "hypercalls", n, "map,unmap");
		while (timing_more(&t)) {
			fd = open(FLOOR, O_RDWR | O_CLOEXEC);
			if (fd < 0) {
				fail("opening %s", FLOOR);
				break;
			}
			len = snprintf(buf, sizeof(buf), "%u\n", n);
			if (write(fd, buf, len) != len) {
				fail("timing %u map/unmap hypercalls", n);
				close(fd);
				break;
			}
			len = pread(fd, buf, sizeof(buf) - 1, 0);
			close(fd);
			buf[len > 0 ? len : 0] = '\0';
			if (sscanf(buf, "%*u %lf %lf", &map_cycles, &unmap_cycles) != 2) {
				errno = EIO;
				fail("reading %s (\"%s\")", FLOOR, buf);
				break;
			}
			timing_add(&t, 0, map_cycles * ns_per_tick);
			timing_add(&t, 1, unmap_cycles * ns_per_tick);
			timing_done(&t);
		}
		timing_report(&t);
	}
}

/* ---- kernel memory around one large mapping */

/* Slab + VmallocUsed + PageTables, and MemFree, in bytes. */
static void meminfo(long *kernel, long *memfree)
{
	char key[64];
	long v;
	FILE *f = fopen("/proc/meminfo", "r");

	*kernel = *memfree = 0;
	if (!f)
		return;
	while (fscanf(f, "%63s %ld kB\n", key, &v) == 2) {
		if (!strcmp(key, "Slab:") || !strcmp(key, "VmallocUsed:") ||
		    !strcmp(key, "PageTables:"))
			*kernel += v * 1024;
		else if (!strcmp(key, "MemFree:"))
			*memfree = v * 1024;
	}
	fclose(f);
}

static void mem_report(const char *test, unsigned int n, long k0, long f0)
{
	long k1, f1;

	meminfo(&k1, &f1);
	printf("M %s %u kernel %.1f\n", test, n, (double)(k1 - k0) / n);
	printf("M %s %u memfree %.1f\n", test, n, (double)(f0 - f1) / n);
}

static void bench_mem(void)
{
	unsigned int n = sizes[nr_sizes - 1] > 16384 ? 16384 : sizes[nr_sizes - 1];
	struct ioctl_gntdev_map_grant_ref *op;
	long k0, f0;
	unsigned char *mem;
	uint64_t index;
	struct source s;
	int fd;

	if (source_get(&s, n))
		return;
	fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	op = map_request(&s);
	if (fd < 0 || !op) {
		fail("opening /dev/xen/gntdev");
		goto out;
	}
	/* One cycle first, so that caches the driver keeps exist already. */
	map_cycle(fd, op, n, NULL);
	meminfo(&k0, &f0);
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op)) {
		fail("MAP_GRANT_REF of %u", n);
		goto out;
	}
	mem = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   op->index);
	if (mem == MAP_FAILED) {
		fail("mmap of %u", n);
		goto out;
	}
	touch(mem, n);
	mem_report("gntdev-mapped", n, k0, f0);
	munmap(mem, n * PAGE);
	close(fd);
	fd = -1;
	source_put(&s);

	fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	if (fd < 0 || alloc_grefs(fd, n, NULL, &index) ||
	    dealloc_grefs(fd, index, n)) {
		fail("ALLOC_GREF of %u", n);
		goto out_fd;
	}
	meminfo(&k0, &f0);
	if (alloc_grefs(fd, n, NULL, &index)) {
		fail("ALLOC_GREF of %u", n);
		goto out_fd;
	}
	mem = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, index);
	if (mem == MAP_FAILED) {
		fail("mmap of %u granted pages", n);
		goto out_fd;
	}
	touch(mem, n);
	mem_report("gntalloc-allocated", n, k0, f0);
	munmap(mem, n * PAGE);
out_fd:
	if (fd >= 0)
		close(fd);
	free(op);
	return;
out:
	if (fd >= 0)
		close(fd);
	free(op);
	source_put(&s);
}

/* ---- how finely the clock ticks (the guest's clock under TCG steps) */

/* Prints "C CLOCK STEPS MEDIAN_STEP MAX_STEP" over 2,000,000 reads. */
static void clock_probe(const char *name, clockid_t id)
{
	static double steps[100000];
	double prev, x, max = 0;
	unsigned int i, n = 0;

	prev = id == (clockid_t)-1 ? tsc() : clock_ns(id);
	for (i = 0; i < 2000000 && n < 100000; i++) {
		x = id == (clockid_t)-1 ? tsc() : clock_ns(id);
		if (x == prev)
			continue;
		steps[n++] = x - prev;
		if (x - prev > max)
			max = x - prev;
		prev = x;
	}
	printf("C %s %u %.0f %.0f\n", name, n, n ? median(steps, n) : 0, max);
}

static void bench_clock(void)
{
	clock_probe("monotonic", CLOCK_MONOTONIC);
	clock_probe("monotonic_raw", CLOCK_MONOTONIC_RAW);
	clock_probe("tsc", (clockid_t)-1);
}

static void parse_sizes(char *list)
{
	char *tok, *save;

	nr_sizes = 0;
	for (tok = strtok_r(list, ",", &save); tok && nr_sizes < 16;
	     tok = strtok_r(NULL, ",", &save))
		sizes[nr_sizes++] = strtoul(tok, NULL, 0);
}

int main(int argc, char **argv)
{
	int opt, i;

	while ((opt = getopt(argc, argv, "qb:n:")) != -1) {
		switch (opt) {
		case 'q':
			nr_sizes = 3;
			budget_ns = 20e6;
			min_reps = 3;
			batch_pages = 64;
			break;
		case 'b':
			budget_ns = atof(optarg) * 1e6;
			break;
		case 'n':
			parse_sizes(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-q] [-b MS] [-n N,...] SECTION...\n",
				argv[0]);
			return 2;
		}
	}
	if (optind >= argc || !nr_sizes) {
		fprintf(stderr, "bench_gnttab: no section (gntdev gntalloc copy lib:NAME:PATH floor mem)\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	tsc_rate();
	for (i = optind; i < argc && !failed; i++) {
		if (!strcmp(argv[i], "gntdev"))
			bench_gntdev();
		else if (!strcmp(argv[i], "gntalloc"))
			bench_gntalloc();
		else if (!strcmp(argv[i], "copy"))
			bench_copy();
		else if (!strncmp(argv[i], "lib:", 4))
			bench_lib(argv[i]);
		else if (!strcmp(argv[i], "floor"))
			bench_floor();
		else if (!strcmp(argv[i], "mem"))
			bench_mem();
		else if (!strcmp(argv[i], "clock"))
			bench_clock();
		else
			fprintf(stderr, "bench_gnttab: unknown section %s\n", argv[i]), failed = 1;
	}
	return failed;
}
