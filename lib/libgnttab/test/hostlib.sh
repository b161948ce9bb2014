# SPDX-License-Identifier: GPL-2.0
# Sourced by the host-*.sh checks (not a check itself): paths and result helpers.
#   O        the library build directory (default: <repo>/build/lib)
#   TESTBIN  the test programs (default: $O/../tests/bin)
HERE=$(cd "$(dirname "$0")" && pwd)
LIBDIR_SRC=$(cd "$HERE/.." && pwd)
TOP=$(cd "$LIBDIR_SRC/../.." && pwd)
O=${O:-$TOP/build/lib}
TESTBIN=${TESTBIN:-$O/../tests/bin}
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
SYSLIB=/usr/lib/$MA
NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "/tmp/libgnttab-$NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failed=0

pass() { echo "$NAME: ok: $*"; }
fail() { echo "$NAME: FAIL: $*"; failed=1; }
skip() { echo "$NAME: SKIP: $*"; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"; }
finish() {
	if [ $failed = 0 ]; then
		echo "$NAME: passed"
		exit 0
	fi
	echo "$NAME: failed"
	exit 1
}
