#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-tests WHERE PROFILE: run, in order, every line of the test lists for
# PROFILE (/opt/test/lists/SUITE@PROFILE.list) that names WHERE (dom0 or
# domu). A list line is "WHERE KIND[:SECONDS] PROGRAM [ARGS...]", SECONDS
# the test's time limit (default 300); KIND is tap, exit or
# kunit (PROGRAM is then a KUnit test module in /opt/test/kunit: its suites
# run when it is loaded, and their cases are printed as TAP "SUITE.CASE").
# Each test's output goes between "XQ-BEGIN test:ID" and
# "XQ-END test:ID rc=N", followed by the kernel messages it caused as
# "XQ-KMSG" lines; the host turns that into results (results.awk).
# A cross-domain test is a pair of lines, one per domain, of programs named
# *_xdom*; they meet through xenstore (tools/testing/selftests/include/xdom.h).
where=$1
profile=$2
export PATH=/opt/test/bin:$PATH LD_LIBRARY_PATH=/opt/test/lib
cd /opt/test || exit 1
# Kernel messages are read and cleared after each test, so that each one is
# printed after the test that caused it; these came before any test.
kmsg() {
	dmesg -c >/tmp/kmsg.new
	cat /tmp/kmsg.new >>/tmp/kmsg.log
	sed 's/^/XQ-KMSG /' /tmp/kmsg.new
}
kmsg

run_kunit() {
	if [ ! -d /sys/kernel/debug/kunit ]; then
		echo "1..1"
		echo "ok 1 $1 # SKIP this kernel has no KUnit"
		return 0
	fi
	ls /sys/kernel/debug/kunit >/tmp/kunit.before
	insmod "/opt/test/kunit/$1.ko" || return 1
	# A suite's results are readable only while its module is loaded.
	for d in /sys/kernel/debug/kunit/*; do
		suite=$(basename "$d")
		grep -qx "$suite" /tmp/kunit.before && continue
		awk -v s="$suite" '
			/^    (not )?ok [0-9]+ / { sub(/^    /, ""); sub(/ok [0-9]+ /, "&" s "."); print; next }
			{ print "# " $0 }' "$d/results"
	done
	rmmod "$1"
}

# Cross-domain tests (programs named *_xdom*) run first, in the same order in
# both domains, so that the two halves of each pair run at the same time;
# then everything else.
for pass in xdom rest; do
	for list in /opt/test/lists/*@"$profile".list; do
		[ -f "$list" ] || continue
		suite=$(basename "$list")
		suite=${suite%@*}
		while read -r w kind prog args; do
			[ "$w" = "$where" ] || continue
			case "$pass:$prog" in xdom:*_xdom* | rest:*) ;; *) continue ;; esac
			case "$pass:$prog" in rest:*_xdom*) continue ;; esac
			id="$where/$suite/$prog"
			[ -z "$args" ] || id="$id,$(echo "$args" | tr ' ' ',')"
			limit=300
			case $kind in *:*) limit=${kind#*:} kind=${kind%%:*} ;; esac
			echo "XQ-BEGIN test:$id $kind"
			if [ "$kind" = kunit ]; then
				run_kunit "$prog" </dev/null 2>&1
			else
				# shellcheck disable=SC2086
				timeout -s KILL "$limit" "$prog" $args </dev/null 2>&1
			fi
			rc=$?
			echo "XQ-END test:$id rc=$rc"
			kmsg
		done <"$list"
	done
done
