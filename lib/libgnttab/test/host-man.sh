#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-man: every function exported by libxengnttab.so.1 and libgnttab.so.1
# has a section-3 page in man/ (a page or a .so link to one), every link
# points at an existing page, each function is named in its page's NAME
# section, and every page formats without groff warnings.
# Exit 0 pass, 1 fail, 77 skip (no objdump or groff).
. "$(dirname "$0")/hostlib.sh"
need objdump
need groff
MAN=$LIBDIR_SRC/man
for lib in "$O/libxengnttab.so.1" "$O/libgnttab.so.1"; do
	[ -e "$lib" ] || { fail "not built: $lib"; finish; }
done
n=0
for f in $(objdump -T "$O/libxengnttab.so.1" "$O/libgnttab.so.1" |
	   awk '!/\*UND\*/ && / DF / { print $NF }' | sort -u); do
	n=$((n + 1))
	page=$MAN/$f.3
	if ! [ -f "$page" ]; then
		fail "$f: no man/$f.3"
		continue
	fi
	target=$(sed -n 's|^\.so man3/||p' "$page")
	[ -z "$target" ] || page=$MAN/$target
	if ! [ -f "$page" ]; then
		fail "$f: link to missing $target"
	elif ! sed -n '/^\.SH NAME/,/^\.SH/p' "$page" | grep -q "$f"; then
		fail "$f: not in the NAME section of $(basename "$page")"
	fi
done
[ "$n" = 35 ] || fail "expected 35 exported functions, found $n"
for page in "$MAN"/*.3; do
	grep -q 'SPDX-License-Identifier: LGPL-2.1-only' "$page" ||
		fail "$(basename "$page"): no SPDX line"
	grep -q '^\.so ' "$page" && continue
	out=$(groff -t -man -ww -z "$page" 2>&1)
	[ -z "$out" ] || fail "$(basename "$page"): $out"
done
[ $failed = 1 ] || pass "$n functions documented; pages format cleanly"
finish
