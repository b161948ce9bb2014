#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# host-fake: the exact requests libxengnttab.so.1 makes, without Xen. A
# preloaded fake of /dev/xen/gntdev and gntalloc (test/fakedev.c) records
# every open/ioctl/mmap/munmap/close and fails chosen steps on request;
# test/fake_client.c drives the library and compares the record with
# Xen 4.17's behaviour: open flags, SET_MAX_GRANTS ENOTTY counted as
# success, map = MAP + mmap (+ NOTIFY), EAGAIN retried, cleanup and errno
# after each failing step, unmap = GET_OFFSET (+ count check) + munmap +
# UNMAP, grant copy with count 0, share = ALLOC + mmap (+ NOTIFY) + DEALLOC
# at once, dma-buf count 0 and ENOENT; xentoolcore_restrict_all asking
# both kinds of handle to restrict, and /dev/null only where refused.
# Exit 0 pass, 1 fail, 77 skip (no gcc).
. "$(dirname "$0")/hostlib.sh"
need gcc
[ -e "$O/libxengnttab.so.1" ] || { fail "not built: $O/libxengnttab.so.1"; finish; }
W="-Wall -Wextra -Werror -D_GNU_SOURCE"
if ! gcc $W -fPIC -shared -I"$TOP/include/uapi" -o "$TMP/fakedev.so" "$HERE/fakedev.c" -ldl ||
   ! gcc $W -I"$LIBDIR_SRC/include" -I"$HERE" -o "$TMP/fake_client" \
	"$HERE/fake_client.c" "$HERE/lib.c" -L"$O" -lxengnttab -lxentoolcore -ldl; then
	fail "cannot build the fake device or its client"
	finish
fi
if LD_LIBRARY_PATH=$O LD_PRELOAD=$TMP/fakedev.so "$TMP/fake_client" >"$TMP/out" 2>&1; then
	pass "$(tail -n 1 "$TMP/out")"
else
	cat "$TMP/out"
	fail "the library's requests differ from libxengnttab 4.17's"
fi
finish
