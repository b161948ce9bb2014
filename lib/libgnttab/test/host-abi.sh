#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-abi: the binary interface of our libraries, without Xen.
#  - $O/libxengnttab.so.1 against Debian's (libxengnttab1): the same
#    exported symbols at the same versions (objdump -T), the same version
#    definitions and inheritance, SONAME and DT_NEEDED; it imports the
#    toollog/toolcore functions from Debian's libraries (never defines
#    them) and exports nothing else.
#  - $O/libgnttab.so.1: SONAME libgnttab.so.1, exactly the 13 xc_gnttab_* /
#    xc_gntshr_* functions at GNTTAB_1.0 (never VERS_4.17.0) and the two
#    restrict functions at GNTTAB_1.1.
# Exit 0 pass, 1 fail, 77 skip (no objdump, or no Debian library).
. "$(dirname "$0")/hostlib.sh"
need objdump
OURS=$O/libxengnttab.so.1
XC=$O/libgnttab.so.1
DEB=${DEBIAN_LIBXENGNTTAB:-$SYSLIB/libxengnttab.so.1}
[ -e "$DEB" ] || skip "no Debian $DEB (install libxengnttab1)"
[ -e "$OURS" ] && [ -e "$XC" ] || { fail "not built: $OURS $XC (make lib)"; finish; }

# "TYPE VERSION NAME" for every defined dynamic symbol.
exports() {
	objdump -T "$1" | awk '/\*UND\*/ { next }
		/ D[FO] / { for (i = 1; i <= NF; i++) if ($i ~ /^D[FO]$/) t = $i
			    print t, $(NF-1), $NF }' | sort
}
dynamic() { objdump -p "$1" | awk '$1 == "NEEDED" || $1 == "SONAME"'; }
verdefs() {
	objdump -p "$1" | awk '/^Version definitions:/ { on = 1; next }
		/^Version References:/ || (on && /^$/) { on = 0 } on'
}

exports "$DEB" >"$TMP/deb.exp"
exports "$OURS" >"$TMP/ours.exp"
if diff -u "$TMP/deb.exp" "$TMP/ours.exp" >"$TMP/exp.diff"; then
	pass "exports: $(grep -c ' xengnt' "$TMP/ours.exp") functions, same versions as Debian's"
else
	fail "exported symbols differ from Debian's (- Debian, + ours):"
	cat "$TMP/exp.diff"
fi
[ "$(grep -c ' xengnt' "$TMP/ours.exp")" = 20 ] || fail "expected 20 functions"

dynamic "$DEB" >"$TMP/deb.dyn"
dynamic "$OURS" >"$TMP/ours.dyn"
if diff -u "$TMP/deb.dyn" "$TMP/ours.dyn"; then
	pass "SONAME and NEEDED: $(tr -s ' \n' ' ' <"$TMP/ours.dyn")"
else
	fail "SONAME/NEEDED differ from Debian's"
fi

verdefs "$DEB" >"$TMP/deb.vd"
verdefs "$OURS" >"$TMP/ours.vd"
if [ -s "$TMP/ours.vd" ] && diff -u "$TMP/deb.vd" "$TMP/ours.vd"; then
	pass "version definitions and inheritance match (VERS_1.0 < 1.1 < 1.2)"
else
	fail "version definitions differ"
fi

# Linked against Debian's toollog/toolcore, not reimplemented.
objdump -T "$OURS" | awk '/\*UND\*/ && /(xtl_|xentoolcore)/ { print $(NF-1), $NF }' \
	>"$TMP/imports"
if grep -qv '^(VERS_1.0) ' "$TMP/imports" || ! [ -s "$TMP/imports" ]; then
	fail "toollog/toolcore imports not all at VERS_1.0: $(cat "$TMP/imports")"
else
	pass "imports $(wc -l <"$TMP/imports") toollog/toolcore functions at VERS_1.0"
fi
if nm -D --defined-only "$OURS" "$XC" | grep -E ' (xtl_|xentoolcore|gnt_)'; then
	fail "a toollog/toolcore/core symbol is defined in our libraries"
fi

# libgnttab.so.1
exports "$XC" >"$TMP/xc.exp"
{
	echo "DO GNTTAB_1.0 GNTTAB_1.0"
	for f in open close map_grant_ref map_grant_refs map_domain_grant_refs \
		map_grant_ref_notify munmap set_max_grants; do
		echo "DF GNTTAB_1.0 xc_gnttab_$f"
	done
	for f in open close share_pages share_page_notify munmap; do
		echo "DF GNTTAB_1.0 xc_gntshr_$f"
	done
	echo "DO GNTTAB_1.1 GNTTAB_1.1"
	echo "DF GNTTAB_1.1 xc_gnttab_restrict"
	echo "DF GNTTAB_1.1 xc_gntshr_restrict"
} | sort >"$TMP/xc.want"
if diff -u "$TMP/xc.want" "$TMP/xc.exp"; then
	pass "libgnttab.so.1 exports 13 xc_* functions at GNTTAB_1.0, 2 at GNTTAB_1.1"
else
	fail "libgnttab.so.1 exports differ from the expected list"
fi
if dynamic "$XC" | grep -q 'SONAME *libgnttab.so.1$'; then
	pass "libgnttab.so.1 SONAME"
else
	fail "libgnttab.so.1 SONAME: $(dynamic "$XC")"
fi
finish
