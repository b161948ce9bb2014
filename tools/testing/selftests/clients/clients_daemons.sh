#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# Xen's own daemons on our stack (run in dom0, TAP). With the harness's PV
# domU up, C xenstored and xenconsoled must have reached its rings through
# /dev/xen/gntdev, not through privcmd foreign mappings, and in the "stack"
# profile with our libxengnttab.so.1; its console must work both ways.
# With "cycles": guests created and destroyed in a row (CLIENTS_CYCLES,
# default 20) must each be mapped by both daemons when the toolstack
# introduces them and unmapped when they go, and the drivers' own counts of
# live grants and mappings (/sys/module/*/parameters) must be back where
# they started.
D=$XQ_DOMID
XS=$XQ_XENSTORED_PID
XC=$XQ_XENCONSOLED_PID
GLOG=/var/log/xen/console/guest-domu.log
OURS=/opt/test/lib/libxengnttab.so.1
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; }
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }
check() {	# NAME COMMAND...: a result from the command's status
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
xs() { timeout 10 xenstore-read "$@" 2>/dev/null; }
# count PID PATTERN PERMS: lines of /proc/PID/maps mapping PATTERN with PERMS
count() { awk -v p="$2" -v m="$3" 'index($6, p) && $2 == m' "/proc/$1/maps" | wc -l; }
wait_for() {	# SECONDS COMMAND...
	t=$(($1 * 5))
	shift
	while ! "$@"; do
		t=$((t - 1))
		[ $t -gt 0 ] || return 1
		sleep 0.2
	done
}

# The drivers' counts: gntdev reserved and mapped, gntalloc granted.
PARAMS=/sys/module/gntdev/parameters
live() { echo "$(cat $PARAMS/reserved) $(cat $PARAMS/mapped) $(cat /sys/module/gntalloc/parameters/granted)"; }
mapped_now() { cat $PARAMS/mapped; }

cycles() {
	echo "TAP version 13"
	echo "1..4"
	[ -n "$XS" ] && [ -n "$XC" ] || { echo "# no daemons"; exit 1; }
	# Created paused: the daemons map the rings at introduction, before the guest
	# runs. An ELF kernel and no initrd keep each creation short under TCG.
	xs0=$(count "$XS" /dev/xen/gntdev rw-s)
	xc0=$(count "$XC" /dev/xen/gntdev rw-s)
	live0=$(live) || { echo "# no counters in /sys/module"; exit 1; }
	mapped0=$(mapped_now)
	cycles=${CLIENTS_CYCLES:-20}
	i=0 mapped=0 unmapped=0 counted=0
	while [ $i -lt "$cycles" ]; do
		i=$((i + 1))
		timeout 60 xl create -p /etc/xen/domu.cfg 'name="cycle"' 'kernel="/boot/domu-vmlinux"' 'ramdisk=""' memory=96 >/tmp/cycle.out 2>&1 ||
			{ echo "# cycle $i: xl create failed: $(cat /tmp/cycle.out)"; break; }
		wait_for 20 test "$(count "$XS" /dev/xen/gntdev rw-s)" -gt "$xs0" &&
			wait_for 20 test "$(count "$XC" /dev/xen/gntdev rw-s)" -gt "$xc0" &&
			mapped=$((mapped + 1))
		[ "$(mapped_now)" -gt "$mapped0" ] && counted=$((counted + 1))
		timeout 60 xl destroy cycle >/tmp/cycle.out 2>&1 ||
			{ echo "# cycle $i: xl destroy failed: $(cat /tmp/cycle.out)"; break; }
		wait_for 20 test "$(count "$XS" /dev/xen/gntdev rw-s)" = "$xs0" &&
			wait_for 20 test "$(count "$XC" /dev/xen/gntdev rw-s)" = "$xc0" &&
			unmapped=$((unmapped + 1))
	done
	echo "# $i cycles: mapped by both daemons $mapped times, unmapped $unmapped times"
	check "$cycles created guests were each mapped by both daemons" test "$mapped" = "$cycles"
	check "$cycles destroyed guests were each unmapped by both daemons" test "$unmapped" = "$cycles"
	echo "# gntdev mapped grants went above $mapped0 in $counted cycles"
	check "gntdev counted the guests' mapped rings in every cycle" test "$counted" = "$cycles"
	echo "# reserved, mapped, granted: $live0 before, $(live) after"
	check "the drivers' counts of live grants and mappings are back where they started" \
		test "$(live)" = "$live0"
	[ $fails = 0 ]
	exit
}
[ "${1:-}" != cycles ] || cycles

echo "TAP version 13"
echo "1..9"
if [ -z "$D" ] || [ -z "$XS" ] || [ -z "$XC" ]; then
	echo "# no domU (XQ_DOMID='$D') or no daemons (xenstored '$XS', xenconsoled '$XC')"
	exit 1
fi

# 1. the guest is up and wrote its own xenstore keys through its ring, which
# xenstored reached only through gntdev (C xenstored has no other way)
check "xl list shows the guest" sh -c "timeout 20 xl list | grep -q '^domu '"
check "the guest's kernel wrote its xenstore keys (control/feature-poweroff)" \
	test "$(xs "/local/domain/$D/control/feature-poweroff")" = 1

# 2. how the daemons reach the guest's rings
check "xenstored maps the guest's xenstore ring through /dev/xen/gntdev" \
	test "$(count "$XS" /dev/xen/gntdev rw-s)" -ge 1
check "xenconsoled maps the guest's console ring through /dev/xen/gntdev" \
	test "$(count "$XC" /dev/xen/gntdev rw-s)" -ge 1
check "xenconsoled has no foreign mapping through privcmd" \
	test "$(count "$XC" privcmd rw-s)" = 0

# 3. the console, both ways
check "the guest's console output reaches xenconsoled's log" grep -q '^XQ-DOMU-UP' "$GLOG"
tty=$(xs "/local/domain/$D/console/tty")
msg="console-input-$$"
echo "$msg" >"$tty" 2>/dev/null
check "input written to the guest's console reaches the guest" \
	wait_for 30 grep -q "XQ-DOMU-GOT $msg" "$GLOG"

# 4. which library the daemons loaded
if [ -f /lib/x86_64-linux-gnu/libxengnttab.so.1.debian ]; then
	for p in "xenstored $XS" "xenconsoled $XC"; do
		set -- $p
		lib=$(awk '$6 ~ /libxengnttab/ { print $6; exit }' "/proc/$2/maps")
		check "$1 loaded our libxengnttab.so.1 ($lib)" cmp -s "$lib" "$OURS"
	done
else
	skip "xenstored loaded our libxengnttab.so.1" "Debian's is the system's library in this profile"
	skip "xenconsoled loaded our libxengnttab.so.1" "Debian's is the system's library in this profile"
fi

[ $fails = 0 ]
