#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of dom0 in the emulated Xen host. In order: mounts; Xen's base
# modules (evtchn, privcmd, xenfs); the grant modules of the profile; C
# xenstored, xen-init-dom0 and xenconsoled; the PV domU (xq_domu=1); the
# dom0 tests; the domU's console (with its tests); dmesg; poweroff.
# Everything the host reads is marked with "XQ-" lines.
#
# Settings on the dom0 kernel command line:
#   xq_profile=default   which grant modules to load (see profile.sh)
#   xq_domu=0            1: start the domU and run its tests
#   xq_domu_wait=300     seconds for the domU to come up, and for its tests
#   xq_shell=0           1: a shell on hvc0 instead of the tests and poweroff
#   xq_demo=0            1: the `make demo` tour (demo.sh) instead of the tests
#
# No "set -e": if /init exits, the kernel panics. Failures are reported as
# XQ- lines and the sequence goes on.
/bin/busybox --install -s
export PATH=/opt/test/bin:/sbin:/bin:/usr/sbin:/usr/bin:/usr/lib/xen-4.17/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
up() { cut -d' ' -f1 /proc/uptime; }
# Boot messages stay apart: the kernel-log check looks at what we caused.
dmesg -c >/tmp/dmesg-boot.txt

xq_profile=default xq_domu=0 xq_domu_wait=300 xq_shell=0 xq_demo=0
for a in $(cat /proc/cmdline); do
	case "$a" in xq_*=*) eval "${a%%=*}='${a#*=}'" ;; esac
done
echo "XQ-INIT uptime=$(up) kernel=$(uname -r) profile=$xq_profile domu=$xq_domu"

. /etc/xq-profile.sh
# xen-evtchn first, xen-privcmd before xenfs (busybox insmod resolves no
# dependencies). A module missing here is built into the kernel.
for m in xen-evtchn xen-privcmd xenfs; do
	[ ! -f /lib/modules/xq/base/$m.ko ] || load /lib/modules/xq/base/$m.ko
done
# xenstored reads /proc/xen/xsd_port and maps /proc/xen/xsd_kva
mount -t xenfs xenfs /proc/xen || echo "XQ-MOUNT-XENFS FAIL"
load_profile "$xq_profile"

mkdir -p /var/lib/xen /var/lib/xenstored /var/log/xen/console /var/lock /run/xen /run/xenstored
XS=fail XS_PID="" XC_PID=""
if [ -e /dev/xen/gntdev ]; then
	xenstored -N -T /var/log/xen/xenstored-trace.log >/var/log/xen/xenstored.out 2>&1 &
	XS_PID=$!
else
	# C xenstored cannot start without a gntdev ("Failed to open connection
	# to gnttab"). The `none` profile has none: its tests load and unload
	# the grant modules themselves, with nobody else holding the devices.
	XS=skip
	echo "no /dev/xen/gntdev in profile $xq_profile" >/var/log/xen/xenstored.out
fi
# The socket appears before xenstored opens gntdev, so a xenstored that dies
# leaves it behind, and clients then block forever on /dev/xen/xenbus: check
# the process and bound every client with a timeout.
i=0
while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ] && kill -0 $XS_PID 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
if kill -0 $XS_PID 2>/dev/null && timeout 10 xenstore-list / >/dev/null 2>&1; then
	XS=ok
	timeout 30 xen-init-dom0 >/var/log/xen/xen-init-dom0.out 2>&1 ||
		echo "XQ-XEN-INIT-DOM0 FAIL $(cat /var/log/xen/xen-init-dom0.out)"
	xenconsoled -i --log=guest --log-dir=/var/log/xen/console \
		>/var/log/xen/xenconsoled.out 2>&1 &
	XC_PID=$!
	sleep 0.5
	kill -0 $XC_PID 2>/dev/null || { echo "XQ-XENCONSOLED FAIL"; XC_PID=""; }
else
	XS_PID=""
fi
echo "XQ-XENSTORED $XS $(tr '\n' ' ' </var/log/xen/xenstored.out)"
export XQ_XENSTORED_PID=$XS_PID XQ_XENCONSOLED_PID=$XC_PID

GLOG=/var/log/xen/console/guest-domu.log
wait_log() {	# PATTERN SECONDS
	i=0
	while [ $i -lt $(($2 * 5)) ]; do
		grep -q "$1" $GLOG 2>/dev/null && return 0
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
DOMU=off DOMID=""
if [ "$xq_domu" = 1 ]; then
	DOMU=fail
	if [ $XS = ok ]; then
		timeout 120 xl create /etc/xen/domu.cfg \
			"extra=\"console=hvc0 loglevel=4 xq_profile=$xq_profile\"" \
			>/var/log/xen/xl-create.out 2>&1
		RC=$?
		DOMID=$(timeout 10 xl domid domu 2>/dev/null)
		if [ $RC = 0 ] && [ -n "$DOMID" ] && wait_log XQ-DOMU-UP "$xq_domu_wait"; then
			DOMU=up
		fi
	fi
	echo "XQ-DOMU $DOMU domid=$DOMID uptime=$(up) $(tr '\n' ' ' </var/log/xen/xl-create.out 2>/dev/null)"
	[ $DOMU = up ] || DOMID=""
fi
export XQ_DOMID=$DOMID

if [ "$xq_demo" = 1 ]; then
	echo "XQ-BEGIN demo"
	/opt/test/demo
	echo "XQ-END demo"
	DOMID=""
fi
if [ "$xq_shell" = 1 ]; then
	echo "XQ-SHELL busybox sh on hvc0; tests: /opt/test/run-tests dom0 $xq_profile; 'poweroff -f' ends QEMU"
	exec setsid cttyhack sh
fi

if [ "$xq_demo" != 1 ]; then
	echo "XQ-BEGIN tests-dom0"
	/opt/test/run-tests dom0 "$xq_profile"
	echo "XQ-END tests-dom0"
fi

if [ -n "$DOMID" ]; then
	wait_log 'XQ-END tests-domu' "$xq_domu_wait" || echo "XQ-DOMU tests did not finish in ${xq_domu_wait}s"
	sleep 1		# let xenconsoled write the last lines
	echo "XQ-BEGIN domu-console"
	tr -d '\r' <$GLOG
	echo "XQ-END domu-console"
	timeout 60 xl destroy "$DOMID"
fi
[ "$xq_demo" = 1 ] || /opt/test/grant-audit
# kmemleak (debug kernel) ignores objects younger than about 5 s, and a
# first scan can miss a reference still held in a register: wait, scan twice.
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	echo "XQ-BEGIN kmemleak"
	cat /sys/kernel/debug/kmemleak
	echo "XQ-END kmemleak"
	echo "XQ-KMEMLEAK $(grep -c '^unreferenced object' /sys/kernel/debug/kmemleak)"
fi
echo "XQ-BEGIN daemons"
for f in /var/log/xen/*.out; do
	[ -s "$f" ] && { echo "[$f]"; tail -n 20 "$f"; }
done
echo "XQ-END daemons"
echo "XQ-BEGIN dmesg"
cat /tmp/kmsg.log 2>/dev/null
dmesg
echo "XQ-END dmesg"
echo "XQ-RESULT xenstored=$XS domu=$DOMU uptime=$(up) tainted=$(cat /proc/sys/kernel/tainted)"
echo "XQ-POWEROFF"
sync
poweroff -f
