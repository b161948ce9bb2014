#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-tests WHERE PROFILE: run, in order, every line of the test lists for
# PROFILE (/opt/test/lists/SUITE@PROFILE.list) that names WHERE (dom0 or
# domu). A list line is "WHERE KIND PROGRAM [ARGS...]"; KIND is tap or exit.
# Each test's output goes between "XQ-BEGIN test:ID" and
# "XQ-END test:ID rc=N", followed by the kernel messages it caused as
# "XQ-KMSG" lines; the host turns that into results (results.awk).
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
for list in /opt/test/lists/*@"$profile".list; do
	[ -f "$list" ] || continue
	suite=$(basename "$list")
	suite=${suite%@*}
	while read -r w kind prog args; do
		[ "$w" = "$where" ] || continue
		id="$where/$suite/$prog"
		[ -z "$args" ] || id="$id,$(echo "$args" | tr ' ' ',')"
		echo "XQ-BEGIN test:$id $kind"
		# shellcheck disable=SC2086
		timeout -s KILL "${XQ_TEST_TIMEOUT:-300}" "$prog" $args </dev/null 2>&1
		rc=$?
		echo "XQ-END test:$id rc=$rc"
		kmsg
	done <"$list"
done
