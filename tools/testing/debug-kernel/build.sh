#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh: build (once) the debug kernel that `make check` boots as a second
# dom0: Debian's linux-source-6.1, tinyconfig plus debug.config (lockdep,
# KFENCE, kmemleak, slub_debug, KUnit, fault injection; no KASAN, which cannot
# boot as a Xen PV dom0 on 6.1). Prints the export directory on stdout:
#   bzImage  xen-gntdev.ko xen-gntalloc.ko  headers/  .config  kernel.release
# and keeps it in the cache, keyed by the source package version and the
# fragment, so a second run costs a hash. `make -C EXPORT/headers M=...`
# builds out-of-tree modules for it.
#
# Environment: GNTTAB_CACHE (default /var/cache/gnttab), JOBS (nproc).
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
FRAG=$HERE/debug.config
CACHE=${GNTTAB_CACHE:-/var/cache/gnttab}/debug-kernel
JOBS=${JOBS:-$(nproc)}
mkdir -p "$CACHE"
log() { echo "[debug-kernel] $*" >&2; }

# One build at a time in a cache.
exec 9>"$CACHE/.lock"
flock 9

SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.1)
KEY=$( (echo "$SRCVER"; cat "$FRAG") | sha256sum | cut -c1-16)
EXPORT=$CACHE/export/$KEY
if [ "$(cat "$EXPORT/.key" 2>/dev/null)" = "$KEY" ]; then
	echo "$EXPORT"
	exit 0
fi
SRC=$CACHE/linux-source-6.1
BUILD=$CACHE/build
LOGS=$CACHE/logs
mkdir -p "$LOGS"
log "building for key $KEY (linux-source-6.1 $SRCVER); logs in $LOGS"

if [ "$(cat "$SRC/.srcver" 2>/dev/null)" != "$SRCVER" ]; then
	rm -rf "$SRC"
	tar -C "$CACHE" -xJf /usr/src/linux-source-6.1.tar.xz
	echo "$SRCVER" >"$SRC/.srcver"
fi

# The build tree is shared between keys: a fragment change rebuilds only
# what it touches.
mkdir -p "$BUILD"
{
	make -C "$SRC" O="$BUILD" tinyconfig &&
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" "$BUILD/.config" "$FRAG" &&
		make -C "$SRC" O="$BUILD" olddefconfig
} >"$LOGS/kconfig.log" 2>&1 || { tail -n 20 "$LOGS/kconfig.log" >&2; exit 1; }
# merge_config.sh only warns when Kconfig drops an option: fail instead.
missing=""
while read -r l; do
	grep -qxF "$l" "$BUILD/.config" || missing="$missing [$l]"
done < <(grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)' "$FRAG")
[ -z "$missing" ] || { log "not in the final .config:$missing"; exit 1; }

log "make -j$JOBS bzImage modules (about 9-13 minutes on 2 cores)"
make -C "$SRC" O="$BUILD" -j"$JOBS" bzImage modules >"$LOGS/kbuild.log" 2>&1 ||
	{ tail -n 30 "$LOGS/kbuild.log" >&2; exit 1; }

# Export: the kernel, Linux's grant modules (for the in-tree profiles) and a
# headers tree laid out like Debian's linux-headers package.
TMP=$CACHE/export/.tmp-$KEY
rm -rf "$TMP"
mkdir -p "$TMP/headers"
# shellcheck disable=SC2046
(cd "$SRC" && {
	find . arch/x86 -maxdepth 1 -name 'Makefile*'
	find include scripts -type f -o -type l
	find arch/x86 -name Kbuild.platforms -o -name Platform
	find $(find arch/x86 -name include -o -name scripts -type d) -type f
} | tar -cf - -T -) | tar -xf - -C "$TMP/headers"
(cd "$BUILD" && {
	echo tools/objtool/objtool
	find arch/x86/include Module.symvers include scripts -type f
} | tar -cf - -T -) | tar -xf - -C "$TMP/headers"
cp "$BUILD/.config" "$TMP/headers/.config"
cp "$BUILD/.config" "$BUILD/arch/x86/boot/bzImage" "$BUILD/System.map" \
	"$BUILD/drivers/xen/xen-gntdev.ko" "$BUILD/drivers/xen/xen-gntalloc.ko" "$TMP/"
cp "$BUILD/include/config/kernel.release" "$TMP/kernel.release"
echo "$KEY" >"$TMP/.key"	# last: marks a complete export
rm -rf "$EXPORT"
mv "$TMP" "$EXPORT"
log "exported $EXPORT"
echo "$EXPORT"
