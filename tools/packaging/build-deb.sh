#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh OUTDIR: build the Debian packages (gnttab-dkms, libgnttab1,
# libgnttab-dev) from a copy of the tree, so the work tree stays as it is,
# put the .deb, .buildinfo and .changes files and lintian's report
# (OUTDIR/lintian.txt) into OUTDIR. The copy has the files git tracks plus
# new ones it does not ignore: build products never reach a package.
# Exit 0 when the packages built and lintian reports nothing beyond
# debian/*.lintian-overrides, 1 otherwise.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build-deb.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gnttab-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

src=$work/gnttab
mkdir -p "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		(cd "$top" && xargs -0 cp -P --parents -t "$src" 2>/dev/null) || true
	# Files deleted in the work tree but still in the index are skipped.
else
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
fi

rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
echo "dpkg-buildpackage in $src (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "FAIL: dpkg-buildpackage (full log $out/build.log)"
	exit 1
fi
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
ls -l "$out"/*.deb

changes=$(ls "$out"/*.changes)
if ! command -v lintian >/dev/null; then
	echo "lintian is not installed: apt-get install lintian"
	exit 1
fi
# --fail-on warning: errors and warnings fail; info and pedantic tags are
# listed in the report for reading.
if lintian --info --display-info --fail-on error,warning "$changes" >"$out/lintian.txt" 2>&1; then
	echo "lintian: clean of errors and warnings ($out/lintian.txt)"
	cat "$out/lintian.txt"
else
	cat "$out/lintian.txt"
	echo "FAIL: lintian"
	exit 1
fi
