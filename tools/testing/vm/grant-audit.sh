#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# grant-audit: run in dom0 at the end of a boot, after the tests and after
# the guest is destroyed. Nothing may be left: no grant of any domain
# mapped by dom0 and no grant of dom0's in use, in Xen's own view (xl
# debug-keys g), and our drivers' counts of reserved and mapped grants and
# of granted pages back to 0. The daemons unmap a destroyed guest's rings
# within moments, so this waits a little for Xen's view to settle.
# Prints one line: "XQ-GRANTS ok DETAILS" or "XQ-GRANTS fail DETAILS".

# Xen's view: "remote-dD:ref:localdom:pin" for each entry in use.
xen_in_use() {
	xl dmesg -c >/dev/null 2>&1
	xl debug-keys g >/dev/null 2>&1
	xl dmesg -c 2>/dev/null | awk '
		/grant-table for remote d/ {
			t = $0; sub(/.*grant-table for remote d/, "", t); sub(/[^0-9].*/, "", t); next }
		t != "" && match($0, /\[0x[0-9a-f]+\] +[0-9]+ +0x[0-9a-f]+ +0x[0-9a-f]+/) {
			split(substr($0, RSTART, RLENGTH), f, /[][ ]+/)
			if (f[5] !~ /^0x0+$/) printf "d%s:%s:%s:%s ", t, f[2], f[3], f[5] }'
}

counts() {
	for p in /sys/module/gntdev/parameters/reserved \
		 /sys/module/gntdev/parameters/mapped \
		 /sys/module/gntalloc/parameters/granted; do
		[ -r "$p" ] && printf '%s=%s ' "${p##*/}" "$(cat "$p")"
	done
}

tries=20
while :; do
	xen=$(xen_in_use)
	drv=$(counts)
	case "$drv" in *=[1-9]*) busy=1 ;; *) busy= ;; esac
	[ -z "$xen" ] && [ -z "$busy" ] && break
	tries=$((tries - 1))
	[ $tries -gt 0 ] || break
	sleep 0.5
done
if [ -z "$xen" ] && [ -z "$busy" ]; then
	echo "XQ-GRANTS ok ${drv:-no counters (Linux's drivers)}"
else
	echo "XQ-GRANTS fail Xen: ${xen:-nothing} drivers: ${drv:-no counters}"
fi
