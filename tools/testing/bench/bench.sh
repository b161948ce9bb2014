#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh OUTDIR: `make bench`. Boots the emulated Xen host once (profile
# "bench": no daemon keeps the grant devices open), where bench_run
# alternates our modules and Linux's in-tree ones for ROUNDS rounds, then
# turns the results into, in OUTDIR:
#   bench.csv     one row per driver, test, N and phase: median, min and max
#                 over the rounds (ns per request), and the median per page
#   table.txt     per-page µs, ours against in-tree (the speed ratio is
#                 in-tree time / our time: above 1 means ours is faster)
#   bench.png     per-page cost against N, log axes: both drivers and the
#                 floor (gnuplot)
#   bench.log     the boot's console log
# Environment: ROUNDS (3), QUICK=1 (small N, one round), BENCH_TIMEOUT
# (seconds for the boot, 5400), DOM0_MEM/QEMU_MEM (see boot.sh; here 2048M
# and 3072: N = 65536 needs 256 MiB granted and 256 MiB mapped).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
BUILD=${BUILD:-$TOP/build}
OUT=${1:-$BUILD/bench}
ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
[ "$QUICK" = 1 ] && ROUNDS=1
KVER=${KVER:-$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -n 1)}
KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
say() { printf '== %s\n' "$*" >&2; }

mkdir -p "$OUT"
OUT=$(realpath "$OUT")
VM=$OUT/vm
rm -rf "$VM" && mkdir -p "$VM/modules" "$VM/floor" "$VM/libs" "$VM/lists"

say "building the floor module (tools/testing/bench/floor)"
make -s -C "$KDIR" M="$HERE/floor" modules 2>&1 | grep -v 'Skipping BTF' >&2 || true
cp "$HERE/floor/bench_floor.ko" "$VM/floor/"
cp "$TOP"/drivers/xen/gntdev/gntdev.ko "$TOP"/drivers/xen/gntalloc/gntalloc.ko "$VM/modules/"
find "$BUILD/lib" -maxdepth 1 -name '*.so*' -exec cp -a {} "$VM/libs/" \;
echo "dom0 exit:5000 bench_run $ROUNDS $QUICK" >"$VM/lists/bench@bench.list"

say "building the emulated host's image"
"$TOP/tools/testing/vm/mkimage.sh" -o "$VM/image" --kver "$KVER" \
	--modules "$VM/modules" --tests "$BUILD/tests/bin" --libs "$VM/libs" \
	--lists "$VM/lists" --kunit "$VM/floor"

# N = 65536 self-granted and then mapped: 65536 grant entries (128 frames of
# v1 entries) plus the library's and the copies' few, and two maptrack
# entries per mapped grant on PV (backing page and user PTE).
export XEN_EXTRA="gnttab_max_frames=512 gnttab_max_maptrack_frames=4096"
export DOM0_MEM=${DOM0_MEM:-2048M} QEMU_MEM=${QEMU_MEM:-3072}
say "booting the emulated Xen host: $ROUNDS round(s), ours and in-tree alternating"
t0=$SECONDS
rc=0
"$TOP/tools/testing/vm/boot.sh" -t "${BENCH_TIMEOUT:-5400}" -l "$OUT/bench.log" \
	"$VM/image" xq_profile=bench xq_domu=0 || rc=$?
say "boot took $((SECONDS - t0)) s (exit $rc), log $OUT/bench.log"
sed -n 's/^\[[ 0-9.]*\] //p' "$OUT/bench.log" | grep '^XQ-BENCH ' | cut -d' ' -f2- >"$OUT/raw.txt" || true
bad=0
grep -q 'XQ-END test:dom0/bench/bench_run[^ ]* rc=0' "$OUT/bench.log" || bad=1
if grep -E 'BUG:|Oops|WARNING:|general protection|Call Trace' "$OUT/bench.log"; then bad=1; fi
if [ $rc != 0 ] || [ $bad = 1 ] || [ ! -s "$OUT/raw.txt" ]; then
	echo "bench: the run failed; last console lines:" >&2
	tail -n 40 "$OUT/bench.log" >&2
	exit 1
fi

date -u '+%Y-%m-%d %H:%M UTC' >"$OUT/date.txt"
awk -v csv="$OUT/bench.csv" -v plot="$OUT/plot.dat" -f "$HERE/bench.awk" \
	"$OUT/raw.txt" >"$OUT/table.txt"
gnuplot -e "datafile='$OUT/plot.dat'; output='$OUT/bench.png'" "$HERE/bench.gp"
cat "$OUT/table.txt"
say "table $OUT/table.txt, CSV $OUT/bench.csv, plot $OUT/bench.png"
