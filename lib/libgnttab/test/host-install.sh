#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-install: `make install DESTDIR=... PREFIX=/usr` into a scratch
# directory (with its own build directory): libraries and links in
# /usr/lib/<multiarch>, headers, pkg-config files, man pages; xengnttab.pc
# says what Debian's says (apart from comments); and a program built with
# `pkg-config --cflags --libs gnttab xengnttab` against the installed tree
# links to our libraries.
# Exit 0 pass, 1 fail, 77 skip (no make, gcc or pkg-config).
. "$(dirname "$0")/hostlib.sh"
need make
need gcc
need pkg-config
D=$TMP/root
if ! make -s -C "$LIBDIR_SRC" O="$TMP/build" TESTBIN="$TMP/tests" \
	DESTDIR="$D" PREFIX=/usr install >"$TMP/make.log" 2>&1; then
	fail "make install failed:"
	cat "$TMP/make.log"
	finish
fi
L=$D/usr/lib/$MA
for f in "$L/libxengnttab.so.1" "$L/libxengnttab.so" "$L/libgnttab.so.1" \
	"$L/libgnttab.so" "$L/pkgconfig/xengnttab.pc" "$L/pkgconfig/gnttab.pc" \
	"$D/usr/include/xengnttab.h" "$D/usr/include/gnttab/xc_gnttab.h" \
	"$D/usr/share/man/man3/xengnttab_open.3" "$D/usr/share/man/man3/xc_gnttab_open.3"; do
	[ -e "$f" ] || fail "missing ${f#"$D"}"
done
[ -L "$L/libxengnttab.so.1" ] && [ -L "$L/libgnttab.so" ] || fail "library links are not symlinks"
[ $failed = 1 ] || pass "files installed under /usr, libraries in /usr/lib/$MA"

DEBPC=$SYSLIB/pkgconfig/xengnttab.pc
if [ -e "$DEBPC" ]; then
	if diff -u "$DEBPC" "$L/pkgconfig/xengnttab.pc" | grep -v '^[-+]#' | grep -q '^[-+][^-+]'; then
		fail "xengnttab.pc differs from Debian's"
		diff -u "$DEBPC" "$L/pkgconfig/xengnttab.pc"
	else
		pass "xengnttab.pc matches Debian's"
	fi
fi

printf '#include <xengnttab.h>\n#include <gnttab/xc_gnttab.h>\nint main(void) { return xengnttab_close(0) + xc_gnttab_close(0); }\n' >"$TMP/p.c"
flags=$(PKG_CONFIG_PATH=$L/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D \
	pkg-config --cflags --libs gnttab xengnttab 2>"$TMP/pc.err") ||
	fail "pkg-config: $(cat "$TMP/pc.err")"
# shellcheck disable=SC2086
if gcc -Wall -Werror -o "$TMP/p" "$TMP/p.c" $flags &&
   LD_LIBRARY_PATH=$L ldd "$TMP/p" | grep -q "$L/libgnttab.so.1" &&
   LD_LIBRARY_PATH=$L "$TMP/p"; then
	pass "built and ran a program with pkg-config ($flags)"
else
	fail "could not build against the installed tree with: $flags"
fi
finish
