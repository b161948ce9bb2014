# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows of the console while the host boots: the setup
# steps as they happen, then the tour (demo.sh) as it prints, with the host
# clock; Xen's and the kernels' own lines stay in the log file.
function show(s) { printf "%s %s\n", stamp, s; fflush() }
{
	stamp = ""
	if (match($0, /^\[ *[0-9]+\.[0-9]+\] /))
		stamp = sprintf("[%6.1f s]", substr($0, 2, RLENGTH - 3))
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "")
	sub(/\r$/, "")
}
/^\(XEN\)/ { next }
$1 == "XQ-INIT" { show("dom0 is up (" $3 ", " $4 ")") }
$1 == "XQ-SETUP" { sub(/^XQ-SETUP /, ""); show("setup: " $0) }
$1 == "XQ-XENSTORED" { show("C xenstored: " $2) }
$1 == "XQ-DOMU" { show("guest: " $2 " " $3) }
$1 == "XQ-END" && $2 == "demo" { indemo = 0 }
indemo { print; fflush() }
$1 == "XQ-BEGIN" && $2 == "demo" { indemo = 1 }
$1 == "XQ-POWEROFF" { show("dom0 powers off") }
