#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: what `make check` runs, in five stages:
#   1. dependencies  tools/testing/deps.sh (installs as root what is missing)
#   2. debug kernel  tools/testing/debug-kernel/build.sh: built once, cached
#                    outside the tree (about 10 minutes cold on 2 cores)
#   3. build         modules, library and test programs (make all), and the
#                    modules again for the debug kernel
#   4. host checks   uapi headers alone as C and C++, their ABI for x86_64
#                    and i386, checkpatch --strict, sparse with W=1, and the
#                    library's and the packaging's host tests
#                    (lib/libgnttab/test/host-*.sh, tools/packaging/host-*.sh)
#   5. emulated Xen host: every test list, with Debian's kernel as dom0 and
#                    again with the debug kernel (tools/testing/vm/vm check)
# Every check prints one line ("ok", "FAIL" or "skip"); the last line sums
# them all: "N passed, N failed, N skipped". Exit status 1 if any failed.
# CHECK_DEBUG=0 leaves the debug kernel out (counted as skipped).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
export LC_ALL=C
pass=0 fail=0 skip=0
T0=$SECONDS
LOGS=$TOP/build/check
mkdir -p "$LOGS"

stage() { printf '\n== stage %s (%d s so far)\n' "$*" $((SECONDS - T0)); }
result() {	# STATE NAME [LOGFILE shown on failure]
	case $1 in
	ok) pass=$((pass + 1)) ;;
	skip) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	printf '%-4s host %s\n' "$1" "$2"
	if [ "$1" = FAIL ] && [ -n "${3:-}" ]; then
		tail -n 30 "$3" | sed 's/^/        | /'
	fi
}
# check NAME COMMAND...: one result from a command's exit status (77: skip);
# the command's output stays in $LAST_LOG.
check() {
	local name=$1 log rc
	shift
	log=$LOGS/$(echo "$name" | tr -cs 'A-Za-z0-9._-' _).log
	LAST_LOG=$log
	"$@" >"$log" 2>&1
	rc=$?
	case $rc in
	0) result ok "$name" ;;
	77) result skip "$name: $(tail -n 1 "$log")" ;;
	*) result FAIL "$name" "$log" ;;
	esac
	return $rc
}
summary() {
	printf '\n== done in %d s\n' $((SECONDS - T0))
	echo "$pass passed, $fail failed, $skip skipped"
	[ $fail = 0 ]
	exit
}

stage "1/5: dependencies"
check "dependencies installed" tools/testing/deps.sh || summary

stage "2/5: debug kernel"
DEBUG_EXPORT=""
if [ "${CHECK_DEBUG:-1}" = 0 ]; then
	result skip "debug kernel: CHECK_DEBUG=0"
elif check "debug kernel built (or found in the cache)" tools/testing/debug-kernel/build.sh; then
	DEBUG_EXPORT=$(tail -n 1 "$LAST_LOG")
fi

stage "3/5: build (modules, library, tests)"
check "build: make all" make -j"$(nproc)" all || summary
if [ -n "$DEBUG_EXPORT" ]; then
	check "build: modules for the debug kernel" make modules-debug DEBUG_EXPORT="$DEBUG_EXPORT" ||
		DEBUG_EXPORT=""
fi
export DEBUG_EXPORT
KVER=$(make -s --no-print-directory -f - <<<'include Makefile
print: ; @echo $(KVER)' print)
KSRC=$(ls -d "${GNTTAB_CACHE:-/var/cache/gnttab}"/linux-source-* 2>/dev/null | sort -V | tail -n 1)

stage "4/5: host checks"
for h in include/uapi/xen/*.h; do
	inc=${h#include/uapi/}
	check "uapi: $inc compiles alone as C" \
		sh -c "echo '#include <$inc>' | gcc -x c -fsyntax-only -Wall -Wextra -Werror -Iinclude/uapi -"
	check "uapi: $inc compiles alone as C++" \
		sh -c "echo '#include <$inc>' | g++ -x c++ -fsyntax-only -Wall -Wextra -Werror -Iinclude/uapi -"
done
for arch in 64 32; do
	check "uapi: ioctl numbers and layouts (C, -m$arch)" \
		gcc -x c -m$arch -fsyntax-only -Wall -Wextra -Werror -Iinclude/uapi tools/testing/uapi/uapi_abi.c
	check "uapi: ioctl numbers and layouts (C++, -m$arch)" \
		g++ -x c++ -m$arch -fsyntax-only -Wall -Wextra -Werror -Iinclude/uapi tools/testing/uapi/uapi_abi.c
done
# The verdict comes from the report, not from a pipeline's status: with
# pipefail, checkpatch's own non-zero exit on a warning used to win over
# grep's match, and the check passed exactly when it should have failed.
checkpatch() {
	local report
	report=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --terse --show-types -f "$1")
	echo "$report"
	! grep -qE '(ERROR|WARNING|CHECK):' <<<"$report"
}
for f in $(git ls-files 'drivers/*.[ch]' 'include/*.h'); do
	check "checkpatch --strict: $f" checkpatch "$f"
done
sparse_w1() {
	local report
	report=$(make -C "/usr/src/linux-headers-$KVER" M="$TOP" C=2 W=1 modules 2>&1) || {
		echo "$report"
		return 1
	}
	echo "$report"
	! grep -qE 'warning:|error:' <<<"$report"
}
check "sparse (C=2) and W=1: modules" sparse_w1
for t in lib/libgnttab/test/host-*.sh; do
	[ -x "$t" ] || continue
	check "library: $(basename "$t" .sh)" "$t"
done
for t in tools/packaging/host-*.sh; do
	[ -x "$t" ] || continue
	check "packaging: $(basename "$t" .sh)" "$t"
done

stage "5/5: emulated Xen host (Xen 4.17; dom0: Linux $KVER${DEBUG_EXPORT:+, then the debug kernel}; domU: Linux $KVER)"
# vm_counts DIR: add the counts of a vm run whose results are in DIR
vm_counts() {
	local vp vf vs
	read -r vp vf vs < <(cat "$1/counts" 2>/dev/null || echo "0 1 0")
	[ -s "$1/counts" ] || echo "FAIL host emulated Xen host: no results in $1"
	pass=$((pass + vp)) fail=$((fail + vf)) skip=$((skip + vs))
}
rm -f build/vm/counts build/vm-deb/counts
tools/testing/vm/vm check
vm_counts build/vm
# What the Debian packages installed (host-deb.sh leaves the DKMS-built
# modules and the packaged libraries there) must serve Xen's daemons too.
if [ -d build/deb/installed ]; then
	printf '\n== the modules and libraries from the Debian packages\n'
	GNTTAB_FROM_DEB=$TOP/build/deb/installed VM_DIR=$TOP/build/vm-deb VM_TAG=-from-deb \
		DEBUG_EXPORT="" tools/testing/vm/vm run clients
	vm_counts build/vm-deb
fi
summary
