# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Sourced by dom0-init.sh and domU-init.sh: load the grant modules that the
# boot's profile (xq_profile) asks for. Linux's in-tree modules and ours
# register the same device names, so a profile takes one of each pair:
#   default          our gntdev and gntalloc
#   stack            ours, and our libxengnttab.so.1 as the system's (what
#                    xenstored, xenconsoled and xl load): the whole stack
#   intree-gntdev    Linux's xen-gntdev, our gntalloc
#   intree-gntalloc  our gntdev, Linux's xen-gntalloc
#   intree           Linux's xen-gntdev and xen-gntalloc
#   bench            ours at boot; `make bench` (bench_run) then swaps
#                    them with the in-tree pair, without a domU
#   none             neither (load them yourself; they are in /lib/modules/xq)
load_profile() {
	case "$1" in
	default | stack | bench) intree="" ours="gntdev gntalloc" ;;
	intree-gntdev) intree="gntdev" ours="gntalloc" ;;
	intree-gntalloc) intree="gntalloc" ours="gntdev" ;;
	intree) intree="gntdev gntalloc" ours="" ;;
	none) intree="" ours="" ;;
	*) echo "XQ-SETUP FAIL profile $1 : unknown"; return ;;
	esac
	for m in $intree; do
		load /lib/modules/xq/intree/xen-$m.ko
	done
	for m in $ours; do
		load /lib/modules/xq/ours/$m.ko
	done
	[ "$1" != stack ] || use_our_library
}

# The dynamic linker finds libxengnttab.so.1 in /lib/x86_64-linux-gnu first
# (the initramfs has no ld.so.cache): put ours there, keep Debian's aside.
use_our_library() {
	lib=/lib/x86_64-linux-gnu/libxengnttab.so.1
	if [ -f /opt/test/lib/libxengnttab.so.1 ] && mv $lib $lib.debian &&
		cp /opt/test/lib/libxengnttab.so.1 $lib; then
		echo "XQ-SETUP ok our libxengnttab.so.1 is the system's"
	else
		echo "XQ-SETUP FAIL our libxengnttab.so.1 is the system's : not built"
	fi
}

# Each setup step says "XQ-SETUP ok|FAIL WHAT [: WHY]"; every one is a result.
load() {
	if insmod "$@" 2>/tmp/insmod.err; then
		echo "XQ-SETUP ok insmod $(basename "$1")"
	else
		echo "XQ-SETUP FAIL insmod $(basename "$1") : $(cat /tmp/insmod.err)"
	fi
}
