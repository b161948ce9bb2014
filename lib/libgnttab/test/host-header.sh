#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-header: our headers against libxen-dev's, without Xen.
#  - include/xengnttab.h declares the same 20 functions with the same
#    prototypes as /usr/include/xengnttab.h (gcc -aux-info, compared);
#  - the same types and constants (segment layout, union tag, handle
#    typedefs, GNTDEV_DMA_FLAG_*: a probe compiled against each header
#    prints the same values);
#  - a program written against libxen-dev's header (test/debian_abi.c)
#    compiles unchanged with -Wall -Wextra -Werror against ours, and ours
#    is the header it used;
#  - <gnttab/xc_gnttab.h> and xenctrl.h's compat API (XC_WANT_COMPAT_GNTTAB_API)
#    agree: both include orders compile (a differing prototype would be a
#    "conflicting types" error);
#  - both headers compile as C++ as well.
# Exit 0 pass, 1 fail, 77 skip (no gcc or no libxen-dev).
. "$(dirname "$0")/hostlib.sh"
need gcc
INC=$LIBDIR_SRC/include
DEBH=/usr/include/xengnttab.h
[ -e "$DEBH" ] || skip "no $DEBH (install libxen-dev)"
CC="gcc -Wall -Wextra -Werror"

protos() {
	grep -E '(xengnttab|xengntshr)_[a-z_]+ \(' "$1" |
		sed 's|/\*.*\*/||; s/  */ /g; s/^ //' | sort
}
echo '#include <xengnttab.h>' >"$TMP/inc.c"
$CC -fsyntax-only -aux-info "$TMP/deb.aux" "$TMP/inc.c" || fail "Debian's header does not compile"
$CC -fsyntax-only -I"$INC" -aux-info "$TMP/ours.aux" "$TMP/inc.c" || fail "our header does not compile"
protos "$TMP/deb.aux" >"$TMP/deb.p"
protos "$TMP/ours.aux" >"$TMP/ours.p"
n=$(wc -l <"$TMP/ours.p")
if [ "$n" = 20 ] && diff -u "$TMP/deb.p" "$TMP/ours.p"; then
	pass "20 prototypes identical to libxen-dev's"
else
	fail "prototypes differ from libxen-dev's ($n declared)"
fi

cat >"$TMP/probe.c" <<'PROBE'
#include <stddef.h>
#include <stdio.h>
#include <xengnttab.h>
#define OFF(f) printf(#f " %zu\n", offsetof(xengnttab_grant_copy_segment_t, f))
int main(void)
{
	xengnttab_handle *t = NULL;
	xengntshr_handle *s = t;		/* the same struct */
	union xengnttab_copy_ptr u;

	(void)s;
	(void)u;
	printf("size %zu align %zu\n", sizeof(struct xengnttab_grant_copy_segment),
	       _Alignof(xengnttab_grant_copy_segment_t));
	OFF(source); OFF(source.virt); OFF(source.foreign.ref);
	OFF(source.foreign.offset); OFF(source.foreign.domid); OFF(dest);
	OFF(dest.foreign.ref); OFF(dest.foreign.offset); OFF(dest.foreign.domid);
	OFF(len); OFF(flags); OFF(status);
	printf("ptr %zu WC %d COHERENT %d\n", sizeof(union xengnttab_copy_ptr),
	       GNTDEV_DMA_FLAG_WC, GNTDEV_DMA_FLAG_COHERENT);
	return 0;
}
PROBE
if $CC -o "$TMP/probe-deb" "$TMP/probe.c" && $CC -I"$INC" -o "$TMP/probe-ours" "$TMP/probe.c"; then
	"$TMP/probe-deb" >"$TMP/deb.layout"
	"$TMP/probe-ours" >"$TMP/ours.layout"
	if diff -u "$TMP/deb.layout" "$TMP/ours.layout"; then
		pass "types and constants match ($(head -1 "$TMP/ours.layout"))"
	else
		fail "layouts or constants differ"
	fi
else
	fail "the type probe does not compile against both headers"
fi

SEL=$TOP/tools/testing/selftests/include
if $CC -fsyntax-only -D_GNU_SOURCE -I"$INC" -I"$SEL" -I"$HERE" -MD -MF "$TMP/deps" \
	"$HERE/debian_abi.c" && grep -q "$INC/xengnttab.h" "$TMP/deps"; then
	pass "test/debian_abi.c (written for libxen-dev) compiles against ours"
else
	fail "test/debian_abi.c does not compile against our header"
fi

for order in "xenctrl gnttab" "gnttab xenctrl"; do
	{
		echo '#define XC_WANT_COMPAT_GNTTAB_API'
		for h in $order; do
			case $h in
			xenctrl) echo '#include <xenctrl.h>' ;;
			gnttab) echo '#include <gnttab/xc_gnttab.h>' ;;
			esac
		done
		echo 'void *f(void) { return (void *)xc_gnttab_map_grant_ref_notify; }'
	} >"$TMP/xc.c"
	if $CC -fsyntax-only -I"$INC" "$TMP/xc.c"; then
		pass "xc_gnttab.h agrees with xenctrl.h's compat API ($order)"
	else
		fail "xc_gnttab.h conflicts with xenctrl.h ($order)"
	fi
done

if command -v g++ >/dev/null 2>&1; then
	printf '#include <xengnttab.h>\n#include <gnttab/xc_gnttab.h>\nint f() { return xengnttab_close(0) + xc_gnttab_close(0); }\n' >"$TMP/cxx.cc"
	if g++ -Wall -Wextra -Werror -c -o "$TMP/cxx.o" -I"$INC" "$TMP/cxx.cc" &&
	   [ "$(nm -u "$TMP/cxx.o" | grep -c -E ' U (xengnttab_close|xc_gnttab_close)$')" = 2 ]; then
		pass "headers compile as C++, with C linkage"
	else
		fail "headers do not compile as C++"
	fi
fi
finish
