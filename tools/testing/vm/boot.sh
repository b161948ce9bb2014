#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh [-i] [-t SECS] [-l LOG] IMAGEDIR [dom0 kernel words...]
#
# Boots Xen 4.17 and dom0 from IMAGEDIR (made by mkimage.sh) in
# qemu-system-x86_64 (TCG). Extra words go to the dom0 kernel command line
# (xq_profile=..., xq_domu=1, slub_debug=FZPU, ...).
#   default  dom0 runs the tests and powers off; each console line gets the
#            host time since start ("[  12.345] ") and goes to LOG
#   -i       a dom0 shell on this terminal (Ctrl-a x quits QEMU)
#   -t SECS  kill QEMU after SECS (default 900)
# Exit status: 0 if dom0 reached XQ-POWEROFF, 124 on timeout, 3 if QEMU ended
# without it (a dom0 crash makes Xen reboot, which -no-reboot turns into an
# exit with status 0).
# Environment: QEMU_MEM (MiB, 2048), QEMU_SMP (2), DOM0_MEM (1024M),
# XEN_EXTRA (more Xen command-line words).
set -euo pipefail
usage() { sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
INTERACTIVE=0 TMO=900 LOG=""
while getopts "it:l:" o; do
	case $o in
	i) INTERACTIVE=1 ;;
	t) TMO=$OPTARG ;;
	l) LOG=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
IMG=$(realpath "$1")
shift
LOG=${LOG:-$IMG/console.log}
DOM0_ARGS="console=hvc0 quiet $*"
[ $INTERACTIVE = 0 ] || DOM0_ARGS="$DOM0_ARGS xq_shell=1"
XEN_ARGS="dom0_mem=${DOM0_MEM:-1024M},max:${DOM0_MEM:-1024M} console=com1 com1=115200"
XEN_ARGS="$XEN_ARGS loglvl=all guest_loglvl=all ${XEN_EXTRA:-}"
# -cpu qemu64: with -cpu max the PV dom0 crashes under TCG. The dom0 kernel
# and its initramfs are multiboot modules: "-initrd 'kernel args,initrd'",
# where a comma inside the arguments must be doubled.
QEMU=(qemu-system-x86_64 -machine q35 -cpu qemu64 -m "${QEMU_MEM:-2048}"
	-smp "${QEMU_SMP:-2}" -nographic -no-reboot -nodefaults
	-kernel "$IMG/xen" -append "$XEN_ARGS"
	-initrd "$IMG/vmlinuz ${DOM0_ARGS//,/,,},$IMG/dom0.cpio.gz")
export LC_ALL=C
set +e
if [ $INTERACTIVE = 1 ]; then
	timeout --foreground "$TMO" "${QEMU[@]}" -serial mon:stdio 2>&1 | tee "$LOG"
	exit "${PIPESTATUS[0]}"
fi
START=${EPOCHREALTIME/./}
timeout -k 10 "$TMO" "${QEMU[@]}" -serial stdio -monitor none </dev/null 2>&1 |
	while IFS= read -r line; do
		d=$((${EPOCHREALTIME/./} - START))
		printf '[%4d.%03d] %s\n' $((d / 1000000)) $((d / 1000 % 1000)) "${line%$'\r'}"
	done >"$LOG"
RC=${PIPESTATUS[0]}
if [ "$RC" = 0 ] && ! grep -q '^\[[ 0-9.]*\] XQ-POWEROFF' "$LOG"; then
	RC=3
fi
exit "$RC"
