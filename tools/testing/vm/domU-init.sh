#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of the PV domU (Debian's stock kernel). Its hvc0 is the console
# that dom0's xenconsoled logs; dom0 prints that log back to the host. It
# loads the profile's grant modules (xq_profile, passed by dom0), says
# XQ-DOMU-UP, runs the domU tests, prints its kernel log, and idles until
# dom0 destroys it. /init must never exit: the kernel would panic.
/bin/busybox --install -s /bin
export PATH=/opt/test/bin:/bin:/usr/bin:/sbin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
dmesg -c >/tmp/dmesg-boot.txt
xq_profile=default xq_run=""
for a in $(cat /proc/cmdline); do
	case "$a" in xq_*=*) eval "${a%%=*}='${a#*=}'" ;; esac
done
. /etc/xq-profile.sh
for m in xen-evtchn xen-privcmd xenfs; do load /lib/modules/xq/base/$m.ko; done
mount -t xenfs xenfs /proc/xen
load_profile "$xq_profile"

# xenstore-* go through /dev/xen/xenbus to the ring dom0's xenstored mapped
XQ_DOMID=$(xenstore-read domid 2>/dev/null)
export XQ_DOMID
# xq_run=PROGRAM[,ARG...]: a short-lived guest that a test made (the faults
# suite's peer tests): run only that program, then wait to be destroyed.
if [ -n "${xq_run:-}" ]; then
	echo "XQ-DOMU-UP domid=$XQ_DOMID kernel=$(uname -r) run=$xq_run"
	$(echo "$xq_run" | tr , ' ')
	echo "XQ-DOMU-RUN-END rc=$?"
	while :; do sleep 60; done
fi
# Echo what dom0 types into our console, so it can see input arrive.
while read -r line; do
	echo "XQ-DOMU-GOT $line"
done </dev/hvc0 &
echo "XQ-DOMU-UP domid=$XQ_DOMID kernel=$(uname -r) uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "XQ-BEGIN tests-domu"
/opt/test/run-tests domu "$xq_profile"
echo "XQ-BEGIN dmesg-domu"
cat /tmp/kmsg.log 2>/dev/null
dmesg
echo "XQ-END dmesg-domu"
echo "XQ-END tests-domu"
while :; do sleep 60; done
