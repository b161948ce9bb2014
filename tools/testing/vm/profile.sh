# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Sourced by dom0-init.sh and domU-init.sh: load the grant modules that the
# boot's profile (xq_profile) asks for. Linux's in-tree modules and ours
# register the same device names, so a profile takes one of each pair:
#   default          our gntdev and gntalloc
#   intree-gntdev    Linux's xen-gntdev, our gntalloc
#   intree-gntalloc  our gntdev, Linux's xen-gntalloc
#   intree           Linux's xen-gntdev and xen-gntalloc
#   none             neither (load them yourself; they are in /lib/modules/xq)
load_profile() {
	case "$1" in
	default) intree="" ours="gntdev gntalloc" ;;
	intree-gntdev) intree="gntdev" ours="gntalloc" ;;
	intree-gntalloc) intree="gntalloc" ours="gntdev" ;;
	intree) intree="gntdev gntalloc" ours="" ;;
	none) intree="" ours="" ;;
	*) echo "XQ-INSMOD FAIL unknown profile $1"; return ;;
	esac
	for m in $intree; do
		load /lib/modules/xq/intree/xen-$m.ko
	done
	for m in $ours; do
		load /lib/modules/xq/ours/$m.ko
	done
}

load() {
	if insmod "$@" 2>/tmp/insmod.err; then
		echo "XQ-INSMOD ok $*"
	else
		echo "XQ-INSMOD FAIL $* : $(cat /tmp/insmod.err)"
	fi
}
