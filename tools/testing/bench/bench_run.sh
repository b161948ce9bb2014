#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench_run [ROUNDS [QUICK]]: the dom0 half of `make bench` (profile
# "bench"). Stops Xen's daemons (xenstored keeps /dev/xen/gntdev open, which
# would pin the module), then for each round loads our gntdev/gntalloc and
# Linux's xen-gntdev/xen-gntalloc in turn (alternating which goes first) and
# runs bench_gnttab on each; the hypercall floor (bench_floor.ko) is timed
# once per round. Every result line is printed as
#   XQ-BENCH ROUND DRIVER LINE      (DRIVER: ours, intree or floor)
# QUICK=1: small N and short runs (a smoke test of the whole sequence).
rounds=${1:-3}
quick=${2:-0}
ours=/lib/modules/xq/ours
intree=/lib/modules/xq/intree
floor=/opt/test/kunit/bench_floor.ko
# Enough grants for N = 65536 mapped while as many are granted; Xen's own
# limits are raised on its command line (tools/testing/bench/bench.sh).
limit=262144
opts=""
[ "$quick" = 1 ] && opts="-q"
lib_ours=/opt/test/lib/libxengnttab.so.1
lib_debian=/lib/x86_64-linux-gnu/libxengnttab.so.1

die() { echo "bench_run: $*" >&2; exit 1; }

for pid in $XQ_XENCONSOLED_PID $XQ_XENSTORED_PID; do
	kill "$pid" 2>/dev/null
	i=0
	while [ -d "/proc/$pid" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -d "/proc/$pid" ] && die "daemon $pid does not stop"
done

unload() {
	for m in gntdev gntalloc xen_gntdev xen_gntalloc; do
		[ -d "/sys/module/$m" ] || continue
		rmmod "$m" || die "rmmod $m"
	done
}
load() {
	unload
	case $1 in
	ours)
		insmod $ours/gntdev.ko limit=65536 global_limit=$limit || die "insmod gntdev.ko"
		insmod $ours/gntalloc.ko limit=$limit file_limit=$limit || die "insmod gntalloc.ko"
		;;
	intree)
		insmod $intree/xen-gntdev.ko limit=65536 || die "insmod xen-gntdev.ko"
		insmod $intree/xen-gntalloc.ko limit=$limit || die "insmod xen-gntalloc.ko"
		;;
	esac
	# udev-less: the device nodes come from devtmpfs
	i=0
	while { [ ! -c /dev/xen/gntdev ] || [ ! -c /dev/xen/gntalloc ]; } && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# run ROUND DRIVER ARGS...: bench_gnttab's lines, labelled
run() {
	r=$1 d=$2
	shift 2
	bench_gnttab $opts "$@" >/tmp/bench.out || {
		sed "s/^/XQ-BENCH $r $d /" /tmp/bench.out
		die "bench_gnttab $* failed on $d (round $r)"
	}
	sed "s/^/XQ-BENCH $r $d /" /tmp/bench.out
}

if [ -f $floor ]; then
	insmod $floor max_grants=65536 || die "insmod bench_floor.ko"
fi
# The guest's clock: its source and how finely it steps (bench_gnttab.c).
echo "XQ-BENCH 0 host C clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
run 0 host clock
r=1
while [ $r -le "$rounds" ]; do
	if [ $((r % 2)) = 1 ]; then order="ours intree"; else order="intree ours"; fi
	for d in $order; do
		load $d
		echo "bench_run: round $r, $d: $(uname -r), $(grep -c . /proc/modules) modules" >&2
		run $r $d gntdev gntalloc copy "lib:ours:$lib_ours" "lib:debian:$lib_debian"
		[ $r = 1 ] && run $r $d mem
	done
	[ -f $floor ] && run $r floor floor
	r=$((r + 1))
done
unload
[ ! -f $floor ] || rmmod bench_floor
echo "bench_run: $rounds rounds done" >&2
