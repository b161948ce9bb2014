# SPDX-License-Identifier: GPL-2.0
#
# bench.awk: bench_run's lines ("ROUND DRIVER T|H|M ...", see bench_gnttab.c)
# -> the table (stdout), the CSV (-v csv=FILE) and gnuplot's data (-v plot=FILE).
# Per round, each figure is a median over many repetitions; here we take the
# median over the rounds, and the spread is (max - min) / median.

function sortnum(a, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--)
			a[j + 1] = a[j]
		a[j + 1] = x
	}
}
function stat(key,    n, v, i) {
	if (!(key in vals))
		return 0
	n = split(vals[key], v, " ")
	for (i = 1; i <= n; i++)
		v[i] += 0
	sortnum(v, n)
	med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	lo = v[1]
	hi = v[n]
	cnt = n
	return 1
}
# per-page µs of the median, or "-"
function pp(d, g, t, n, ph) {
	if (!stat(d SUBSEP g SUBSEP t SUBSEP n SUBSEP ph))
		return "-"
	return med / n / 1000
}
function spread(d, g, t, n, ph) {
	if (!stat(d SUBSEP g SUBSEP t SUBSEP n SUBSEP ph) || med == 0)
		return "-"
	return sprintf("%.0f%%", (hi - lo) / med * 100)
}
function f(x) { return x == "-" ? "-" : sprintf(x < 10 ? "%.3f" : "%.1f", x) }
function ratio(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
function line(s) { print s }

$3 == "T" {
	key = $2 SUBSEP $4 SUBSEP $5 SUBSEP $6 SUBSEP $7
	vals[key] = vals[key] " " $8
	if (!(key in seen)) {
		seen[key] = 1
		keys[++nkeys] = key
	}
	sizes[$4 SUBSEP $5 SUBSEP $6] = 1
	if (!(($4 SUBSEP $5) in tseen)) {
		tseen[$4 SUBSEP $5] = 1
		tests[++ntests] = $4 SUBSEP $5
	}
	rounds[$1] = 1
}
$3 == "C" && $1 == 0 { $1 = $2 = $3 = ""; sub(/^ +/, ""); clock = clock (clock == "" ? "" : "; ") $0 }
$3 == "H" && $2 == "ours" && $1 == 1 { hyper[$4 SUBSEP $5 SUBSEP $6] = $7 }
$3 == "M" && $1 == 1 { mem[$2 SUBSEP $4 SUBSEP $6] = $7; memn[$4] = $5 }

# the N of group g, test t, ascending
function ns_of(g, t, out,    k, p, n, c) {
	n = 0
	for (k in sizes) {
		split(k, p, SUBSEP)
		if (p[1] == g && p[2] == t)
			out[++n] = p[3] + 0
	}
	sortnum(out, n)
	return n
}

END {
	nr = 0
	for (r in rounds) nr++
	# CSV: every key
	print "driver,group,test,n,phase,median_ns,min_ns,max_ns,rounds,per_page_us" >csv
	for (i = 1; i <= nkeys; i++) {
		split(keys[i], p, SUBSEP)
		stat(keys[i])
		printf "%s,%s,%s,%s,%s,%.0f,%.0f,%.0f,%d,%.4f\n", p[1], p[2], p[3], p[4], p[5],
			med, lo, hi, cnt, med / p[4] / 1000 >csv
	}

	printf "Per-page cost in µs (median of %d rounds; spread = (max-min)/median over the rounds).\n", nr
	printf "speed = in-tree time / our time: above 1.00 ours is faster.\n"
	printf "guest clock: %s\n\n", clock

	line("gntdev map cycle (MAP ioctl + mmap + touch + munmap + UNMAP), self-granted pages")
	printf "%7s %9s %7s %9s %7s %6s %9s %8s %14s\n", "N", "ours", "spread", "in-tree", "spread",
		"speed", "floor", "ours/flr", "hypercalls m/u"
	n = ns_of("gntdev", "map-cycle", N)
	for (i = 1; i <= n; i++) {
		o = pp("ours", "gntdev", "map-cycle", N[i], "total")
		t = pp("intree", "gntdev", "map-cycle", N[i], "total")
		fl = pp("floor", "floor", "hypercalls", N[i], "total")
		h = (("map-cycle" SUBSEP N[i] SUBSEP "map") in hyper) ? \
			hyper["map-cycle" SUBSEP N[i] SUBSEP "map"] "/" hyper["map-cycle" SUBSEP N[i] SUBSEP "unmap"] : "-"
		printf "%7d %9s %7s %9s %7s %6s %9s %8s %14s\n", N[i], f(o),
			spread("ours", "gntdev", "map-cycle", N[i], "total"), f(t),
			spread("intree", "gntdev", "map-cycle", N[i], "total"), ratio(t, o), f(fl), ratio(o, fl), h
		print N[i], (o == "-" ? "-" : o), (t == "-" ? "-" : t), (fl == "-" ? "-" : fl) >plot
	}
	line("")
	line("map cycle by phase, µs per page: ours | in-tree")
	split("map-ioctl mmap touch munmap unmap-ioctl", ph, " ")
	printf "%7s", "N"
	for (j = 1; j <= 5; j++) printf " %19s", ph[j]
	printf "\n"
	for (i = 1; i <= n; i++) {
		printf "%7d", N[i]
		for (j = 1; j <= 5; j++)
			printf " %9s|%-9s", f(pp("ours", "gntdev", "map-cycle", N[i], ph[j])),
				f(pp("intree", "gntdev", "map-cycle", N[i], ph[j]))
		printf "\n"
	}
	line("")
	line("gntalloc, self-grants")
	printf "%7s %-14s %9s %7s %9s %7s %6s\n", "N", "test", "ours", "spread", "in-tree", "spread", "speed"
	split("alloc-dealloc alloc-mmap", gt, " ")
	for (k = 1; k <= 2; k++) {
		n = ns_of("gntalloc", gt[k], N)
		for (i = 1; i <= n; i++) {
			o = pp("ours", "gntalloc", gt[k], N[i], "total")
			t = pp("intree", "gntalloc", gt[k], N[i], "total")
			printf "%7d %-14s %9s %7s %9s %7s %6s\n", N[i], gt[k], f(o),
				spread("ours", "gntalloc", gt[k], N[i], "total"), f(t),
				spread("intree", "gntalloc", gt[k], N[i], "total"), ratio(t, o)
		}
	}
	line("")
	line("gntalloc alloc+mmap by phase, µs per page: ours | in-tree")
	split("alloc mmap touch munmap dealloc", ph, " ")
	printf "%7s", "N"
	for (j = 1; j <= 5; j++) printf " %19s", ph[j]
	printf "\n"
	n = ns_of("gntalloc", "alloc-mmap", N)
	for (i = 1; i <= n; i++) {
		printf "%7d", N[i]
		for (j = 1; j <= 5; j++)
			printf " %9s|%-9s", f(pp("ours", "gntalloc", "alloc-mmap", N[i], ph[j])),
				f(pp("intree", "gntalloc", "alloc-mmap", N[i], ph[j]))
		printf "\n"
	}
	line("")
	line("GRANT_COPY of 4 KiB segments: µs per segment (MB/s)")
	printf "%-11s %5s %18s %18s %6s\n", "direction", "segs", "ours", "in-tree", "speed"
	split("to-grant from-grant", ct, " ")
	for (k = 1; k <= 2; k++) {
		n = ns_of("copy", ct[k], N)
		for (i = 1; i <= n; i++) {
			o = pp("ours", "copy", ct[k], N[i], "total")
			t = pp("intree", "copy", ct[k], N[i], "total")
			printf "%-11s %5d %9s (%6s) %9s (%6s) %6s\n", ct[k], N[i], f(o),
				o == "-" ? "-" : sprintf("%.0f", 4096 / o), f(t),
				t == "-" ? "-" : sprintf("%.0f", 4096 / t), ratio(t, o)
		}
	}
	line("")
	line("libxengnttab: ours against Debian's, on each driver (speed = Debian's time / ours)")
	printf "%7s %-6s %-6s %9s %9s %6s\n", "N", "driver", "call", "ours", "Debian", "speed"
	split("ours intree", dv, " ")
	split("map share", lt, " ")
	for (k = 1; k <= 2; k++)
		for (d = 1; d <= 2; d++) {
			n = ns_of("lib", "ours-" lt[k], N)
			for (i = 1; i <= n; i++) {
				o = pp(dv[d], "lib", "ours-" lt[k], N[i], "total")
				t = pp(dv[d], "lib", "debian-" lt[k], N[i], "total")
				printf "%7d %-6s %-6s %9s %9s %6s\n", N[i], dv[d], lt[k], f(o), f(t), ratio(t, o)
			}
		}
	line("")
	line("kernel memory per page while mapped/allocated (bytes; kernel = Slab + VmallocUsed + PageTables)")
	printf "%-20s %7s %12s %12s %12s %12s\n", "test", "N", "ours kernel", "in-tree", "ours MemFree", "in-tree"
	for (t in memn)
		printf "%-20s %7d %12s %12s %12s %12s\n", t, memn[t], mem["ours" SUBSEP t SUBSEP "kernel"],
			mem["intree" SUBSEP t SUBSEP "kernel"], mem["ours" SUBSEP t SUBSEP "memfree"],
			mem["intree" SUBSEP t SUBSEP "memfree"]
}
