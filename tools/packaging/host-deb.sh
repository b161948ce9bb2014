#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-deb: the Debian packages build (tools/packaging/build-deb.sh, in a
# copy of the tree) and lintian has no error or warning for them; installed
# with dpkg into a fresh Debian 12 root, DKMS builds gntdev.ko and
# gntalloc.ko for the root's kernel, the files land where Debian expects,
# "modprobe xen-gntdev" resolves to ours, Debian's libxengnttab.so.1 stays
# the system library until update-alternatives selects ours, a program
# builds against libgnttab-dev; removing the packages restores Debian's
# modules and library. Then the tree's own dkms.conf, without the package:
# dkms add/build/install.
#
# The base root (mmdebstrap from the Debian source apt uses here, with
# dkms, the kernel image and headers of the newest installed
# linux-headers-*-amd64, libxen-dev, pkg-config) is cached as a tarball in
# $GNTTAB_CACHE/packaging (default /var/cache/gnttab), keyed by its package
# list and the Date of the archive's InRelease files.
#
# Env: OUT (default build/deb: packages, logs, and in OUT/installed the
# modules DKMS built and the libraries from the packages, for the emulated
# host), KVER (kernel release).
# Exit 0 pass, 1 fail, 77 skip (not root, or a tool is missing).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$top/build/deb}
CACHE=${GNTTAB_CACHE:-/var/cache/gnttab}/packaging
SOURCES=/etc/apt/sources.list.d/debian.sources
failed=0

skip() { echo "SKIP host-deb: $*"; exit 77; }
pass() { echo "ok   host-deb: $*"; }
fail() { echo "FAIL host-deb: $*"; failed=1; }
# verdict PASS-MESSAGE FAIL-MESSAGE COMMAND...: the command decides.
verdict() {
	p=$1 f=$2
	shift 2
	if "$@"; then pass "$p"; else fail "$f"; fi
}

[ "$(id -u)" = 0 ] || skip "needs root (chroot, dpkg in a Debian root)"
for t in dpkg-buildpackage dh dh_dkms lintian mmdebstrap fakeroot; do
	command -v "$t" >/dev/null ||
		skip "$t is missing (apt-get install debhelper dh-dkms lintian mmdebstrap fakeroot)"
done
[ -r "$SOURCES" ] || skip "no $SOURCES to take Debian's package source from"
KVER=${KVER:-$(find /usr/src -maxdepth 1 -name 'linux-headers-*-amd64' |
	sed 's|.*/linux-headers-||' | sort -V | tail -n 1)}
[ -n "$KVER" ] || skip "no linux-headers-*-amd64 installed to pick the kernel"

# ---- 1. packages and lintian
mkdir -p "$OUT"
if "$top/tools/packaging/build-deb.sh" "$OUT" >"$OUT/build-deb.txt" 2>&1; then
	pass "packages built, lintian clean of errors and warnings"
else
	cat "$OUT/build-deb.txt"
	fail "package build or lintian"
	exit 1
fi
ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
upver=${ver%-*}
dkmsver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
verdict "dkms.conf PACKAGE_VERSION is the package's ($upver)" \
	"dkms.conf PACKAGE_VERSION $dkmsver, debian/changelog says $upver" \
	[ "$dkmsver" = "$upver" ]

# ---- 2. base root, cached
PKGS="dkms linux-image-$KVER linux-headers-$KVER libc6-dev libxen-dev libxengnttab1 pkg-config kmod man-db"
stamp=$(grep -h '^Date:' /var/lib/apt/lists/*debian*_InRelease 2>/dev/null | sort)
key=$(printf '%s\n%s\n%s\n' "$PKGS" "$stamp" "$(cat "$SOURCES")" | sha256sum | cut -c1-16)
base=$CACHE/root-bookworm-$key.tar
mkdir -p "$CACHE"
if [ ! -s "$base" ]; then
	echo "building the base root $base (once per package list and archive state)"
	start=$(date +%s)
	if ! mmdebstrap --variant=apt --mode=root --format=tar \
		--include="$(echo "$PKGS" | tr ' ' ,)" \
		bookworm "$base.tmp" "$SOURCES" >"$CACHE/mmdebstrap.log" 2>&1; then
		tail -n 30 "$CACHE/mmdebstrap.log"
		rm -f "$base.tmp"
		fail "mmdebstrap (log $CACHE/mmdebstrap.log)"
		exit 1
	fi
	mv "$base.tmp" "$base"
	echo "base root built in $(($(date +%s) - start)) s"
	# Keep only the newest base root.
	find "$CACHE" -name 'root-bookworm-*.tar' ! -path "$base" -delete
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gnttab-hostdeb.XXXXXX")
R=$TMP/root
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	umount "$R/proc" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$R"
tar -C "$R" -xf "$base" || { fail "unpacking $base"; exit 1; }
mount -t proc proc "$R/proc" || { fail "mount proc in the root"; exit 1; }
cp /etc/resolv.conf "$R/etc/" 2>/dev/null
in_root() { chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
M=/lib/modules/$KVER

# What a program linked with -lxengnttab loads, as the dynamic linker
# resolves it in the root.
cat >"$R/tmp/uses_xengnttab.c" <<'PROG'
#include <xengnttab.h>
int main(void) { return xengnttab_open(0, 0) ? 0 : 0; }
PROG
in_root gcc -o /tmp/uses_xengnttab /tmp/uses_xengnttab.c -lxengnttab ||
	fail "building a program against libxen-dev in the root"
which_lib() { in_root ldd /tmp/uses_xengnttab | sed -n 's/.*libxengnttab.so.1 => \([^ ]*\).*/\1/p'; }
intree_before=$(in_root modprobe -S "$KVER" --show-depends xen-gntdev 2>&1)
lib_before=$(which_lib)
case "$lib_before" in
"/lib/$MA/libxengnttab.so.1"|"/usr/lib/$MA/libxengnttab.so.1") ;;
*) fail "before install, libxengnttab.so.1 resolves to '$lib_before', not Debian's"; exit 1;;
esac

# ---- 3. install
mkdir -p "$R/tmp/debs"
cp "$OUT"/gnttab-dkms_*.deb "$OUT"/libgnttab1_*.deb "$OUT"/libgnttab-dev_*.deb "$R/tmp/debs/"
if in_root sh -c 'dpkg -i /tmp/debs/*.deb' >"$OUT/install.log" 2>&1; then
	pass "dpkg -i gnttab-dkms libgnttab1 libgnttab-dev"
else
	cat "$OUT/install.log"
	fail "dpkg -i"
fi
st=$(in_root dkms status gnttab 2>&1)
if echo "$st" | grep -q "^gnttab/$upver, $KVER, [^:]*: installed"; then
	pass "dkms status: $st"
else
	fail "dkms status: $st"
	cat "$OUT/install.log"
fi
for m in gntdev gntalloc; do
	if ! find "$R$M/updates/dkms" -name "$m.ko*" 2>/dev/null | grep -q .; then
		fail "$m.ko not in $M/updates/dkms"
		continue
	fi
	vm=$(in_root modinfo -k "$KVER" -F vermagic "$m" 2>&1)
	fn=$(in_root modinfo -k "$KVER" -F filename "$m" 2>&1)
	case "$fn $vm" in
	"$M/updates/dkms/$m.ko"*" $KVER "*) pass "$m: $fn, vermagic $vm";;
	*) fail "$m: modinfo says filename $fn vermagic $vm";;
	esac
done
for f in /usr/src/gnttab-$upver/dkms.conf /usr/src/gnttab-$upver/Kbuild \
	/usr/src/gnttab-$upver/include/uapi/xen/gntdev.h \
	/usr/src/gnttab-$upver/include/uapi/xen/gntalloc.h \
	/lib/modprobe.d/gnttab.conf \
	/usr/lib/$MA/libgnttab.so.1 /usr/lib/$MA/gnttab/libxengnttab.so.1 \
	/usr/include/gnttab/xc_gnttab.h /usr/lib/$MA/libgnttab.so \
	/usr/lib/$MA/pkgconfig/gnttab.pc /usr/share/man/man3/xengnttab_open.3.gz \
	/usr/share/man/man3/xc_gnttab_open.3.gz; do
	[ -e "$R$f" ] || fail "missing $f"
done
n=$(find "$R/usr/src/gnttab-$upver/drivers/xen" -name '*.c' | wc -l)
verdict "files in place (/usr/src/gnttab-$upver with $n driver sources, modprobe.d, libraries, headers, pkg-config, man)" \
	"driver sources missing from /usr/src/gnttab-$upver" [ "$n" -ge 2 ]

# What the packages installed, for the emulated host (GNTTAB_FROM_DEB):
# the modules DKMS built and the libraries as dpkg unpacked them.
rm -rf "$OUT/installed"
mkdir -p "$OUT/installed/modules" "$OUT/installed/lib"
cp "$R$M/updates/dkms/"*.ko "$OUT/installed/modules/" 2>/dev/null
cp -a "$R/usr/lib/$MA/gnttab/"libxengnttab.so.1* "$R/usr/lib/$MA/"libgnttab.so.1* \
	"$OUT/installed/lib/" 2>/dev/null

# ---- 4. modprobe: Xen's request by name gets ours, with in-tree fallback
sd=$(in_root modprobe -S "$KVER" --show-depends xen-gntdev 2>&1)
case "$sd" in
*"install /sbin/modprobe gntdev"*"--ignore-install xen_gntdev"*) pass "modprobe xen-gntdev: $sd";;
*) fail "modprobe xen-gntdev does not load ours: $sd";;
esac
sd=$(in_root modprobe -S "$KVER" --show-depends xen-gntalloc 2>&1)
case "$sd" in
*"install /sbin/modprobe gntalloc"*) pass "modprobe xen-gntalloc: ours first";;
*) fail "modprobe xen-gntalloc does not load ours: $sd";;
esac
for m in gntdev gntalloc; do
	sd=$(in_root modprobe -S "$KVER" --show-depends "$m" 2>&1)
	case "$sd" in
	*"insmod $M/updates/dkms/$m.ko"*) pass "modprobe $m: $sd";;
	*) fail "modprobe $m: $sd";;
	esac
done

# ---- 5. library: Debian's until the administrator chooses ours
name=libxengnttab.so.1-$MA
lib=$(which_lib)
verdict "after install libxengnttab.so.1 is still Debian's ($lib)" \
	"after install libxengnttab.so.1 is $lib (before: $lib_before)" \
	[ "$lib" = "$lib_before" ]
in_root update-alternatives --set "$name" "/usr/lib/$MA/gnttab/libxengnttab-gnttab.conf" >/dev/null ||
	fail "update-alternatives --set $name"
in_root ldconfig
lib=$(which_lib)
verdict "administrator's choice: libxengnttab.so.1 is ours ($lib)" \
	"after update-alternatives --set: libxengnttab.so.1 is $lib" \
	[ "$lib" = "/usr/lib/$MA/gnttab/libxengnttab.so.1" ]
in_root update-alternatives --auto "$name" >/dev/null && in_root ldconfig
lib=$(which_lib)
verdict "update-alternatives --auto: Debian's again" "after --auto: $lib" \
	[ "$lib" = "$lib_before" ]
# Purge must undo the administrator's choice too.
in_root update-alternatives --set "$name" "/usr/lib/$MA/gnttab/libxengnttab-gnttab.conf" >/dev/null
in_root ldconfig

# ---- 6. libgnttab-dev
cat >"$R/tmp/uses_gnttab.c" <<'PROG'
#include <gnttab/xc_gnttab.h>
int main(void) { return xc_gnttab_close(0) ? 0 : 0; }
PROG
pcflags=$(in_root pkg-config --cflags --libs gnttab 2>&1)
pclibdir=$(in_root pkg-config --variable=libdir gnttab 2>&1)
[ "$pclibdir" = "/usr/lib/$MA" ] || fail "gnttab.pc: libdir $pclibdir, flags $pcflags"
# shellcheck disable=SC2086
if in_root gcc -Wall -Werror -o /tmp/uses_gnttab /tmp/uses_gnttab.c $pcflags; then
	# /lib is /usr/lib on Debian 12 (merged /usr); ld.so.cache says /lib.
	l=$(in_root ldd /tmp/uses_gnttab | sed -n 's/.*libgnttab.so.1 => \([^ ]*\).*/\1/p')
	case "$l" in
	"/lib/$MA/libgnttab.so.1"|"/usr/lib/$MA/libgnttab.so.1")
		pass "a program builds with pkg-config gnttab ($pcflags) and loads $l";;
	*) fail "a program built with libgnttab-dev loads libgnttab.so.1 from '$l'";;
	esac
else
	fail "building against libgnttab-dev with $pcflags"
fi
in_root man -w xengnttab_map_grant_refs >/dev/null 2>&1 ||
	fail "man xengnttab_map_grant_refs: no page"

# ---- 7. removal restores Debian's stack
if in_root dpkg --purge libgnttab-dev libgnttab1 gnttab-dkms >"$OUT/remove.log" 2>&1; then
	pass "dpkg --purge"
else
	cat "$OUT/remove.log"
	fail "dpkg --purge"
fi
lib=$(which_lib)
verdict "after purge libxengnttab.so.1 is Debian's ($lib)" \
	"after purge libxengnttab.so.1 is $lib" [ "$lib" = "$lib_before" ]
[ -z "$(in_root dkms status gnttab 2>&1)" ] || fail "dkms still lists gnttab"
if find "$R$M/updates/dkms" -name 'gnt*' 2>/dev/null | grep -q .; then
	fail "modules left in $M/updates/dkms"
fi
sd=$(in_root modprobe -S "$KVER" --show-depends xen-gntdev 2>&1)
verdict "after purge modprobe xen-gntdev is Linux's again ($sd)" \
	"after purge modprobe xen-gntdev: $sd" [ "$sd" = "$intree_before" ]
left=$(cd "$R" && ls -d usr/src/gnttab-* lib/modprobe.d/gnttab.conf etc/ld.so.conf.d/gnttab-* \
	etc/alternatives/libxengnttab* "usr/lib/$MA/gnttab" var/lib/dkms/gnttab 2>/dev/null)
verdict "nothing left after purge" "left after purge: $left" [ -z "$left" ]

# ---- 8. the tree's dkms.conf on its own: dkms add/build/install, remove
S=/usr/src/gnttab-$upver
mkdir -p "$R$S"
cp "$top/Kbuild" "$top/dkms.conf" "$R$S/"
(cd "$top" && find drivers/xen include/uapi -type f \( -name Kbuild -o -name Makefile \
	-o -name '*.[ch]' \) ! -name '*.mod.c' -exec cp --parents -t "$R$S" {} +)
if in_root sh -c "dkms add $S && dkms build gnttab/$upver -k $KVER && dkms install gnttab/$upver -k $KVER" \
	>"$OUT/dkms-tree.log" 2>&1 &&
   in_root modprobe -S "$KVER" --show-depends gntalloc | grep -q "updates/dkms/gntalloc.ko"; then
	pass "dkms add/build/install from the tree's sources and dkms.conf"
else
	cat "$OUT/dkms-tree.log"
	fail "dkms add/build/install from the tree (log $OUT/dkms-tree.log)"
fi
in_root dkms remove "gnttab/$upver" --all >/dev/null 2>&1 || fail "dkms remove gnttab/$upver --all"

[ $failed = 0 ] || exit 1
exit 0
