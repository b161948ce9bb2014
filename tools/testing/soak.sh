#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh: what `make soak` runs. The grant-device fuzzer
# (tools/testing/selftests/fuzz) on our modules for SOAK_SECONDS (default
# 1800) in one boot with Debian's kernel as dom0, then in one with the
# debug kernel (lockdep, KFENCE, slub_debug=FZPU, kmemleak). The rules are
# make check's: the run fails on any finding of the fuzzer (including a
# grant of ours still mapped in Xen's table afterwards), on any oops, BUG,
# WARNING, lockdep, hung-task or RCU-stall line in a kernel log, and on
# anything kmemleak reports after the run. Ends with "N passed, N failed,
# N skipped"; exit status 1 if anything failed.
# SOAK_DEBUG=0 leaves the debug kernel out; SOAK_PROCS (default 4) sets the
# fuzzer's processes.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOAK_SECONDS=${SOAK_SECONDS:-1800}
tools/testing/deps.sh
make -j"$(nproc)" all
DEBUG_EXPORT=""
if [ "${SOAK_DEBUG:-1}" != 0 ]; then
	DEBUG_EXPORT=$(tools/testing/debug-kernel/build.sh | tail -n 1)
	make modules-debug DEBUG_EXPORT="$DEBUG_EXPORT"
fi
export DEBUG_EXPORT
exec tools/testing/vm/vm soak "$SOAK_SECONDS"
