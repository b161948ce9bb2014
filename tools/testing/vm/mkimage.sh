#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkimage.sh -o OUTDIR [options]: build what boot.sh boots.
#   OUTDIR/xen            Xen 4.17 (multiboot ELF, unpacked from /boot)
#   OUTDIR/vmlinuz        the dom0 kernel
#   OUTDIR/dom0.cpio.gz   dom0: busybox, dom0-init.sh as /init, Xen's tools,
#                         our modules, tests and libraries, and the domU
#   OUTDIR/domU.cpio.gz   the PV domU: busybox, xenstore tools, the same
#                         modules (stock kernel), tests and libraries
#
# Options:
#   --kver VER          Debian kernel (default: newest in /boot): dom0 unless
#                       --kernel, always the domU; its xen-* modules
#   --kernel FILE       another dom0 kernel (the debug kernel)
#   --dom0-moddir DIR   with --kernel: its xen-*.ko (missing ones are built in)
#   --modules DIR       our gntdev.ko and gntalloc.ko for dom0 (and the domU
#                       unless --domu-modules)
#   --domu-modules DIR  our modules for the domU (stock kernel)
#   --tests DIR         test programs: every file goes to /opt/test/bin
#   --libs DIR          libraries: every file goes to /opt/test/lib
#   --lists DIR         test lists (SUITE@PROFILE.list) -> /opt/test/lists
#   --kunit DIR         KUnit test modules for dom0 -> /opt/test/kunit
#   --gnttab-lib FILE   replaces dom0's system libxengnttab.so.1 (what
#                       xenstored, xenconsoled and xl load)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }

OUT="" KVER="" KERNEL="" DOM0_MODDIR="" MODS="" DMODS="" TESTS="" LIBS="" LISTS="" GNTTAB_LIB="" KUNIT=""
while [ $# -gt 0 ]; do
	case "$1" in
	-o) OUT=$2 ;;
	--kver) KVER=$2 ;;
	--kernel) KERNEL=$(realpath "$2") ;;
	--dom0-moddir) DOM0_MODDIR=$(realpath "$2") ;;
	--modules) MODS=$(realpath "$2") ;;
	--domu-modules) DMODS=$(realpath "$2") ;;
	--tests) TESTS=$(realpath "$2") ;;
	--libs) LIBS=$(realpath "$2") ;;
	--lists) LISTS=$(realpath "$2") ;;
	--kunit) KUNIT=$(realpath "$2") ;;
	--gnttab-lib) GNTTAB_LIB=$(realpath "$2") ;;
	*) usage ;;
	esac
	shift 2
done
[ -n "$OUT" ] || usage
DMODS=${DMODS:-$MODS}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
KVER=${KVER:-$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' |
	sed 's/^vmlinuz-//' | sort -V | tail -n 1)}
[ -f "/boot/vmlinuz-$KVER" ] || { echo "mkimage: no /boot/vmlinuz-$KVER" >&2; exit 1; }
KSRC=${KSRC:-$(ls -d "${GNTTAB_CACHE:-/var/cache/gnttab}"/linux-source-* | sort -V | tail -n 1)}
XENBIN=/usr/lib/xen-4.17/bin	# the real binaries; /usr/sbin/xl & co. are wrappers
LIBDIR=/lib/x86_64-linux-gnu

# Files plus every library ldd lists, at the same paths under ROOT.
copy_libs() {
	local root=$1 f lib
	shift
	for lib in $(for f in "$@"; do ldd "$f" 2>/dev/null; done | grep -oE '/[^ ]+' | sort -u); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_with_libs() {
	local root=$1 f
	shift
	for f in "$@"; do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
	copy_libs "$root" "$@"
}
# A Debian module, uncompressed (busybox insmod reads plain .ko only).
deb_module() {
	local f
	f=$(modinfo -k "$KVER" -F filename "$1")
	case "$f" in
	*.xz) xz -dc "$f" >"$2/$1.ko" ;;
	*.zst) zstd -qdc "$f" >"$2/$1.ko" ;;
	*) cp "$f" "$2/$1.ko" ;;
	esac
}
# What both domains share: busybox, our tests, libraries, lists, the runner.
skeleton() {
	local root=$1 mods=$2 f
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,etc,root,var}
	mkdir -p "$root"/opt/test/{bin,lib,lists} "$root"/lib/modules/xq/{base,intree,ours}
	cp /bin/busybox "$root/bin/busybox"
	ln -s /run "$root/var/run"
	echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	echo "root:x:0:" >"$root/etc/group"
	echo "nobody:x:65534:65534:nobody:/:/bin/sh" >>"$root/etc/passwd"
	echo "nogroup:x:65534:" >>"$root/etc/group"
	# glibc dlopen()s libgcc_s for pthread_cancel (xl needs it); ldd can't see it
	copy_with_libs "$root" $LIBDIR/libgcc_s.so.1
	install -m 755 "$HERE/run-tests.sh" "$root/opt/test/run-tests"
	install -m 755 "$HERE/grant-audit.sh" "$root/opt/test/grant-audit"
	install -m 644 "$HERE/profile.sh" "$root/etc/xq-profile.sh"
	if [ -n "$mods" ]; then
		for f in gntdev gntalloc; do
			[ ! -f "$mods/$f.ko" ] || cp "$mods/$f.ko" "$root/lib/modules/xq/ours/"
		done
	fi
	[ -z "$LISTS" ] || cp "$LISTS"/*.list "$root/opt/test/lists/" 2>/dev/null || true
	[ -z "$LIBS" ] || cp -a "$LIBS"/. "$root/opt/test/lib/"
	if [ -n "$TESTS" ] && [ -n "$(ls -A "$TESTS")" ]; then
		cp "$TESTS"/* "$root/opt/test/bin/"
		copy_libs "$root" "$TESTS"/*
	fi
}
pack() { (cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) >"$2"; }

zcat /boot/xen-4.17-amd64.gz >"$OUT/xen"
cp "${KERNEL:-/boot/vmlinuz-$KVER}" "$OUT/vmlinuz"

# ---- the domU: always the stock kernel
D=$OUT/domU
skeleton "$D" "$DMODS"
install -m 755 "$HERE/domU-init.sh" "$D/init"
copy_with_libs "$D" /usr/bin/xenstore-write /usr/bin/xenstore-read /usr/bin/xenstore-ls \
	/usr/bin/xenstore-list /usr/bin/xenstore-rm
for m in xen-evtchn xen-privcmd xenfs; do deb_module $m "$D/lib/modules/xq/base"; done
for m in xen-gntdev xen-gntalloc; do deb_module $m "$D/lib/modules/xq/intree"; done
pack "$D" "$OUT/domU.cpio.gz"

# ---- dom0
R=$OUT/dom0
skeleton "$R" "$MODS"
install -m 755 "$HERE/dom0-init.sh" "$R/init"
install -m 755 "$HERE/demo.sh" "$R/opt/test/demo"
mkdir -p "$R/opt/test/kunit"
[ -z "$KUNIT" ] || find "$KUNIT" -name '*.ko' -exec cp {} "$R/opt/test/kunit/" \;
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do
	case $m in xen-gnt*) dir=intree ;; *) dir=base ;; esac
	if [ -n "$DOM0_MODDIR" ]; then
		[ ! -f "$DOM0_MODDIR/$m.ko" ] || cp "$DOM0_MODDIR/$m.ko" "$R/lib/modules/xq/$dir/"
	elif [ -z "$KERNEL" ]; then
		deb_module $m "$R/lib/modules/xq/$dir"
	fi
done
copy_with_libs "$R" $XENBIN/xenstored $XENBIN/xenconsoled $XENBIN/xl \
	$XENBIN/xen-init-dom0 $XENBIN/libxl-save-helper \
	/usr/bin/xenstore-ls /usr/bin/xenstore-read /usr/bin/xenstore-write \
	/usr/bin/xenstore-list /usr/bin/xenstore-rm /usr/bin/xenstore-watch
mkdir -p "$R/etc/xen" "$R/var/lib/xen" "$R/var/log/xen" "$R/boot"
cp /etc/xen/xl.conf "$R/etc/xen/"
cp "$HERE/domu.cfg" "$R/etc/xen/domu.cfg"
cp "/boot/vmlinuz-$KVER" "$R/boot/domu-vmlinuz"
# The same kernel as an ELF file: libxc loads it without decompressing it,
# which under TCG saves most of the 10-20 s that creating a guest takes.
"$KSRC/scripts/extract-vmlinux" "/boot/vmlinuz-$KVER" >"$R/boot/domu-vmlinux"
cp "$OUT/domU.cpio.gz" "$R/boot/domu-initrd.gz"
if [ -n "$GNTTAB_LIB" ]; then
	copy_libs "$R" "$GNTTAB_LIB"
	install -m 644 "$GNTTAB_LIB" "$R$LIBDIR/libxengnttab.so.1"
fi
pack "$R" "$OUT/dom0.cpio.gz"
rm -rf "$D" "$R"
