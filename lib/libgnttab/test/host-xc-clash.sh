#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-xc-clash: libgnttab.so.1 and libxenctrl.so.4.17 in one process,
# without Xen. Both export xc_gnttab_open & co. (ours at GNTTAB_1.0,
# libxenctrl's at VERS_4.17.0):
#  - the test program libgnttab_xc_api (links -lgnttab) records GNTTAB_1.0
#    references, its helper libgnttab_xcuser.so (built against xenctrl.h,
#    links -lxenctrl) records VERS_4.17.0 ones;
#  - at run time each resolves to its own library (the program's
#    --resolve-only mode: dladdr and dlvsym for all 13 functions);
#  - a program linked with -lgnttab ahead of -lxenctrl binds to ours.
# Exit 0 pass, 1 fail, 77 skip (no libxenctrl, objdump or gcc).
. "$(dirname "$0")/hostlib.sh"
need objdump
need gcc
[ -e "$SYSLIB/libxenctrl.so.4.17" ] || skip "no libxenctrl.so.4.17 (install libxenmisc4.17)"
PROG=$TESTBIN/libgnttab_xc_api
HELPER=$TESTBIN/libgnttab_xcuser.so
[ -x "$PROG" ] && [ -e "$HELPER" ] || { fail "not built: $PROG (make lib)"; finish; }

refs() { objdump -T "$1" | awk '/\*UND\*/ && / xc_gnt(tab|shr)_/ { print $(NF-1) }' | sort | uniq -c; }
r=$(refs "$PROG")
if [ "$(echo "$r" | awk '{ print $2 }')" = "(GNTTAB_1.0)" ] && echo "$r" | grep -q ' 13 '; then
	pass "program: 13 xc_* references at GNTTAB_1.0"
else
	fail "program references: $r"
fi
r=$(refs "$HELPER")
if [ "$(echo "$r" | awk '{ print $2 }')" = "(VERS_4.17.0)" ]; then
	pass "helper built against xenctrl.h: references at VERS_4.17.0"
else
	fail "helper references: $r"
fi
if out=$(LD_LIBRARY_PATH=$O "$PROG" --resolve-only 2>&1); then
	pass "at run time each caller reaches its own library"
else
	fail "run-time resolution: $out"
fi

printf '#include <gnttab/xc_gnttab.h>\nint main(void) { return xc_gnttab_close(0); }\n' >"$TMP/p.c"
if gcc -Wall -Werror -I"$LIBDIR_SRC/include" -o "$TMP/p" "$TMP/p.c" -L"$O" -lgnttab -lxenctrl &&
   objdump -T "$TMP/p" | grep -q '(GNTTAB_1.0) *xc_gnttab_close$' &&
   LD_LIBRARY_PATH=$O "$TMP/p"; then
	pass "-lgnttab -lxenctrl: bound to GNTTAB_1.0, runs"
else
	fail "-lgnttab -lxenctrl did not bind to GNTTAB_1.0"
fi
finish
