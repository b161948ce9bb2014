#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# The tour that `make demo` shows, run by dom0's /init with the guest up:
# which grant drivers and which libxengnttab the daemons use, the guest's
# console both ways, who maps what through which device (and Xen's own view
# of it), and that destroying the guest unmaps it all.
GLOG=/var/log/xen/console/guest-domu.log
XS=$XQ_XENSTORED_PID
XC=$XQ_XENCONSOLED_PID
title() { printf '\n=== %s\n' "$*"; }
# mappings PID: the grant and privcmd mappings a daemon holds, and which
# libxengnttab it loaded
mappings() {
	n=0
	while read -r range perms _ _ _ path; do
		case $path in *gntdev* | *gntalloc* | *privcmd*) ;; *) continue ;; esac
		echo "      $path $perms, $(((0x${range#*-} - 0x${range%-*}) / 4096)) page(s)"
		n=$((n + 1))
	done <"/proc/$1/maps"
	[ $n != 0 ] || echo "      no mapping of a grant device or of privcmd"
	grep -q privcmd "/proc/$1/maps" || echo "      (no privcmd mapping: no foreign mapping of guest memory)"
	for lib in $(awk '$6 ~ /libxengnttab/ { print $6 }' "/proc/$1/maps" | sort -u); do
		if cmp -s "$lib" /opt/test/lib/libxengnttab.so.1; then who="ours (gnttab)"
		else who="Debian's"; fi
		echo "      loaded $lib: $who"
	done
}
daemons() {
	for d in "xenstored $XS" "xenconsoled $XC"; do
		set -- $d
		echo "  $1 (pid $2):"
		mappings "$2"
	done
}

title "Xen $(xl info | sed -n 's/^xen_version *: //p') in QEMU (TCG); dom0 runs Linux $(uname -r)"
title "grant drivers in dom0"
for m in gntdev gntalloc xen_gntdev xen_gntalloc; do
	[ -d /sys/module/$m ] || continue
	case $m in xen_*) who="Linux's in-tree module" ;; *) who="ours (gnttab)" ;; esac
	echo "  $m: $who, serving /dev/xen/${m#xen_}"
done

title "the guest"
xl list
echo
echo "  its console, as xenconsoled logs it in $GLOG:"
tr -d '\r' <$GLOG | grep -E '^XQ-DOMU-UP|^XQ-SETUP' | sed 's/^/  | /'

title "console input: dom0 types into the guest's console"
tty=$(timeout 10 xenstore-read "/local/domain/$XQ_DOMID/console/tty" 2>/dev/null)
if [ -n "$tty" ] && echo "hello from dom0" >"$tty"; then
	i=0
	while ! grep -q 'XQ-DOMU-GOT hello from dom0' $GLOG && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	tr -d '\r' <$GLOG | grep 'XQ-DOMU-GOT' | sed 's/^/  guest says: /'
else
	echo "  no console tty for the guest"
fi

title "who maps what (the daemons' /proc/PID/maps)"
daemons
echo
echo "  Xen's view of the guest's grant table (xl debug-keys g): ref 0 is the"
echo "  console ring, ref 1 the xenstore ring; 'pin' counts dom0's mappings"
xl debug-keys g
xl dmesg | tr -d '\r' | awk -v d="d$XQ_DOMID" '
	/grant-table for remote/ { on = $5 == d }
	/gnttab_usage_print_all/ { on = 0 }
	on' | tail -n 6 | sed 's/^(XEN) /  | /'

title "destroy the guest"
xl destroy "$XQ_DOMID"
sleep 2
xl list
echo
daemons
