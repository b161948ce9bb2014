#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install what building and testing gnttab needs on Debian 12, and
# unpack the few files taken from linux-source-6.1 (the kselftest harness
# header, checkpatch) into a cache outside the tree. Idempotent: when
# everything is there it only checks, in well under a second.
#
# Prints, on stdout, nothing; on stderr, what it installs or unpacks.
# Environment: GNTTAB_CACHE (default /var/cache/gnttab).
set -euo pipefail
export LC_ALL=C
CACHE=${GNTTAB_CACHE:-/var/cache/gnttab}

PKGS=(
	gcc g++ gcc-multilib g++-multilib make libc6-dev perl
	linux-headers-amd64 linux-image-amd64 linux-source-6.1
	qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17
	libxen-dev libxengnttab1 busybox-static
	cpio gzip xz-utils zstd kmod sparse gnuplot-nox
	dpkg-dev debhelper dh-dkms fakeroot lintian mmdebstrap
)

installed=$(dpkg-query -W -f='${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null |
	grep -c '^ii' || true)
if [ "$installed" != "${#PKGS[@]}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: packages missing; run as root: apt-get install ${PKGS[*]}" >&2
		exit 1
	fi
	echo "deps: installing Debian packages (apt-get)" >&2
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install \
		-y -q --no-install-recommends "${PKGS[@]}" >&2
fi

# The files we need from the kernel source, keyed by its package version.
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
dir=$CACHE/linux-source-$ver
if [ ! -f "$dir/.complete-2" ]; then
	echo "deps: unpacking checkpatch and the kselftest harness from linux-source-6.1 $ver" >&2
	mkdir -p "$dir"
	tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
	top=$(basename "$tarball" .tar.xz)
	tar -C "$dir" --strip-components=1 -xJf "$tarball" \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" "$top/scripts/extract-vmlinux" \
		"$top/tools/testing/selftests/kselftest_harness.h" \
		"$top/tools/testing/selftests/kselftest.h"
	touch "$dir/.complete-2"
fi
