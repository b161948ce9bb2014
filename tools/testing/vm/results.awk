# SPDX-License-Identifier: GPL-2.0
#
# results.awk -v profile=P -v expected=FILE -v bootrc=N -v domu=0|1 CONSOLE.LOG
#
# Turns one boot's console log into results, one line each:
#   "ok   P ID", "FAIL P ID" (then indented reasons and output), "skip P ID"
# and last a line "counts PASSED FAILED SKIPPED". FILE lists the tests the
# boot should have run ("ID KIND" per line, KIND tap or exit). Besides the
# tests themselves, the boot counts as results: dom0 finished, every setup step (insmod, ...),
# xenstored, the domU (when it was wanted), a clean kernel log in each
# domain (no oops, BUG, WARNING, lockdep or hung-task report), no grant left
# in use once the guest is gone (grant-audit.sh), and, on the debug kernel,
# a kmemleak scan after the tests.
function result(state, name, why,    i) {
	if (state == "ok")
		npass++
	else if (state == "skip")
		nskip++
	else
		nfail++
	printf "%-4s %s %s%s\n", state, profile, name, why == "" ? "" : "  (" why ")"
}
function dump(id,    i, from) {
	from = nout[id] > 40 ? nout[id] - 40 : 0
	if (from)
		printf "        ... %d earlier lines of output\n", from
	for (i = from + 1; i <= nout[id]; i++)
		printf "        | %s\n", out[id, i]
}
function finish(id, rc,    k, i) {
	k = kind[id]
	if (k == "exit") {
		if (rc == 0)
			result("ok", id)
		else if (rc == 77)
			result("skip", id)
		else {
			result("FAIL", id, "exit status " rc)
			dump(id)
		}
		return
	}
	for (i = 1; i <= ncase[id]; i++)
		result(cstate[id, i], id ": " cname[id, i], creason[id, i])
	if (plan[id] != "" && ncase[id] < plan[id])
		result("FAIL", id, sprintf("%d of %d planned results missing",
					   plan[id] - ncase[id], plan[id]))
	else if (ncase[id] == 0)
		result("FAIL", id, "no TAP results, exit status " rc)
	else if (rc != 0 && !failed[id])
		result("FAIL", id, "exit status " rc " with no failed case")
	if (failed[id] || rc != 0)
		dump(id)
}
# A kernel report in DOMAIN's log; where tells which test was running. The
# same line comes twice, after its test and in the final dmesg: keep one.
function kernel_problem(domain, line, where) {
	sub(/^XQ-KMSG /, "", line)
	if ((domain, line) in seen_prob)
		return
	seen_prob[domain, line] = 1
	nprob[domain]++
	if (nprob[domain] <= 30)
		prob[domain, nprob[domain]] = line (where == "" ? "" : "    [during " where "]")
}
BEGIN {
	while ((getline l < expected) > 0) {
		split(l, f, " ")
		nexp++
		exp_id[nexp] = f[1]
		kind[f[1]] = f[2]
	}
	bad = "(WARNING:|BUG:|kernel BUG at|Oops|general protection fault|" \
	      "Kernel panic|Call Trace:|possible circular locking|" \
	      "inconsistent lock state|possible recursive locking|" \
	      "INFO: task .* blocked for more than|rcu: INFO:|self-detected stall|" \
	      "UBSAN:|list_(add|del) corruption|kmemleak: [0-9]+ new suspected)"
}
{
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "")
	sub(/\r$/, "")
}
/^\(XEN\)/ { next }
$1 == "XQ-BEGIN" && $2 == "domu-console" { indomu = 1 }
$1 == "XQ-END" && $2 == "domu-console" { indomu = 0 }
$1 == "XQ-BEGIN" && ($2 == "dmesg" || $2 == "dmesg-domu") { indmesg = 1 }
$1 == "XQ-END" && ($2 == "dmesg" || $2 == "dmesg-domu") { indmesg = 0 }
{
	dom = indomu ? "domU" : "dom0"
	# Kernel lines: the dmesg dumps, per-test XQ-KMSG, and printk lines
	# that reached the console. Test output is not searched.
	if ((indmesg || $1 == "XQ-KMSG" || /^\[ *[0-9]+\.[0-9]+\] /) && $0 ~ bad)
		kernel_problem(dom, $0, $1 == "XQ-KMSG" ? last_test : "")
}
$1 == "XQ-SETUP" {
	name = $0
	sub(/^XQ-SETUP (ok|FAIL) /, "", name)
	sub(/ : .*/, "", name)
	name = "boot/" dom ": " name
	if ($2 == "ok")
		result("ok", name)
	else
		result("FAIL", name, substr($0, index($0, " : ") + 3))
	next
}
$1 == "XQ-XENSTORED" {
	seen_xs = 1
	if ($2 == "ok")
		result("ok", "boot/dom0: C xenstored started")
	else if ($2 == "skip")
		result("skip", "boot/dom0: C xenstored started", substr($0, 19))
	else
		result("FAIL", "boot/dom0: C xenstored started", substr($0, 19))
	next
}
$1 == "XQ-DOMU" && ($2 == "up" || $2 == "fail") {
	seen_domu = 1
	if ($2 == "up")
		result("ok", "boot/domU: came up (" $3 ")")
	else
		result("FAIL", "boot/domU: came up", substr($0, 14))
	next
}
$1 == "XQ-GRANTS" {
	name = "boot/dom0: no grant left mapped or in use after the tests (Xen's view, the drivers' counts)"
	if ($2 == "ok")
		result("ok", name)
	else
		result("FAIL", name, substr($0, 16))
	next
}
$1 == "XQ-BEGIN" && $2 == "kmemleak" { inleak = 1; next }
$1 == "XQ-END" && $2 == "kmemleak" { inleak = 0; next }
inleak { leak[++nleak] = $0; next }
$1 == "XQ-KMEMLEAK" {
	if ($2 == 0)
		result("ok", "boot/dom0: kmemleak finds no leak")
	else {
		result("FAIL", "boot/dom0: kmemleak finds no leak", $2 " unreferenced objects")
		for (i = 1; i <= nleak && i <= 60; i++)
			printf "        | %s\n", leak[i]
	}
	next
}
$1 == "XQ-BEGIN" && $2 ~ /^test:/ {
	cur = substr($2, 6)
	if (!(cur in kind))
		kind[cur] = $3
	started[cur] = 1
	next
}
$1 == "XQ-END" && $2 ~ /^test:/ {
	id = substr($2, 6)
	rc = $3
	sub(/^rc=/, "", rc)
	ended[id] = 1
	finish(id, rc + 0)
	last_test = id
	cur = ""
	next
}
cur != "" {
	out[cur, ++nout[cur]] = $0
	if (kind[cur] != "tap" && kind[cur] != "kunit")
		next
	if ($0 ~ /^1\.\.[0-9]+/) {
		plan[cur] = substr($1, 4) + 0
	} else if ($0 ~ /^#  RUN /) {
		lastrun[cur] = $3
	} else if ($0 ~ /^(not )?ok [0-9]+/) {
		i = ++ncase[cur]
		name = $0
		sub(/^(not )?ok [0-9]+ (- )?/, "", name)
		why = ""
		if (match(name, /(^| )# (SKIP|skip|XFAIL|xfail|TODO).*/)) {
			why = substr(name, RSTART)
			sub(/^ ?# /, "", why)
			name = substr(name, 1, RSTART - 1)
		}
		# 6.1's kselftest harness names no test on a SKIP line
		if (name == "")
			name = lastrun[cur]
		cname[cur, i] = name
		if ($1 == "not") {
			cstate[cur, i] = why ~ /^TODO/ ? "skip" : "FAIL"
			if (cstate[cur, i] == "FAIL")
				failed[cur] = 1
		} else
			cstate[cur, i] = why ~ /^(SKIP|skip)/ ? "skip" : "ok"
		creason[cur, i] = why
	}
	next
}
END {
	if (bootrc == 0)
		result("ok", "boot/dom0: finished and powered off")
	else
		result("FAIL", "boot/dom0: finished and powered off",
		       bootrc == 124 ? "timed out" : "QEMU ended without XQ-POWEROFF: crash?")
	if (!seen_xs)
		result("FAIL", "boot/dom0: C xenstored started", "never reported")
	if (domu && !seen_domu)
		result("FAIL", "boot/domU: came up", "never reported")
	if (cur != "" && !ended[cur])
		printf "        (the last test to start, %s, never ended)\n", cur
	for (i = 1; i <= nexp; i++)
		if (!ended[exp_id[i]])
			result("FAIL", exp_id[i], started[exp_id[i]] ? "started, no result" : "no result: never ran")
	split("dom0 domU", doms, " ")
	for (d = 1; d <= 2; d++) {
		dm = doms[d]
		if (dm == "domU" && !domu)
			continue
		if (!nprob[dm]) {
			result("ok", "boot/" dm ": kernel log clean")
			continue
		}
		result("FAIL", "boot/" dm ": kernel log clean", nprob[dm] " report lines")
		for (i = 1; i <= nprob[dm] && i <= 30; i++)
			printf "        | %s\n", prob[dm, i]
	}
	printf "counts %d %d %d\n", npass, nfail, nskip
}
