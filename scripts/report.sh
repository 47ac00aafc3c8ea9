#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Turn the guest's results.log into TAP, compare it with the expected
# results, and end with "N passed, N failed, N skipped".  Known base
# failures are reported on their own line and not counted as failed; a new
# failure, a listed failure that now passes, a listed test that did not
# run, or a skip in a suite marked NOSKIP is a failure.  A known-flaky test
# that failed passes only if the guest ran it again and it passed then
# (it is named on a line of its own).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || { echo "usage: $PROG RESULTS_LOG EXPECTED_RESULTS" >&2; exit 2; }
results=$1 expected=$2
[ -r "$results" ] || die "no results at $results"
[ -r "$expected" ] || die "no expected results at $expected"

awk -v expfile="$expected" '
# tap(line): a TAP result line ("ok N name # directive", maybe indented)
# into name, st (PASS, FAIL or SKIP) and dir (the directive, without SKIP).
function tap(line,   k) {
	sub(/^    /, "", line)
	st = line ~ /^not / ? "FAIL" : "PASS"
	sub(/^(not )?ok [0-9]+ ?/, "", line)
	dir = ""; k = index(line, " # ")
	if (k) { dir = substr(line, k + 3); line = substr(line, 1, k - 1) }
	if (toupper(dir) ~ /^SKIP/) { st = "SKIP"; dir = substr(dir, 6) }
	name = line
}
function add(id, st, why) {
	n++; ids[n] = id; sts[n] = st; whys[n] = why; seen[id] = 1
}
BEGIN {
	while ((getline line < expfile) > 0) {
		if (line ~ /^[ \t]*(#|$)/)
			continue
		split(line, w, " ")
		if (w[1] == "NOSKIP") { noskip[w[2]] = 1; continue }
		if (w[1] != "FAIL" && w[1] != "FLAKY") {
			print "bad line in " expfile ": " line > "/dev/stderr"
			bad = 1; continue
		}
		rest = substr(line, index(line, w[1] " ") + length(w[1]) + 1)
		sub(/^[ \t]+/, "", rest)
		k = index(rest, " # ")
		if (k == 0) {
			print expfile ": " w[1] " line without \" # reason\": " line > "/dev/stderr"
			bad = 1; continue
		}
		id = substr(rest, 1, k - 1)
		if (w[1] == "FLAKY" && id !~ /^[a-z0-9_]+:[^ \t]+$/) {
			print expfile ": FLAKY needs SUITE:TEST without spaces: " line > "/dev/stderr"
			bad = 1; continue
		}
		if ((id in known) || (id in flaky)) {
			print expfile ": " id " is listed twice" > "/dev/stderr"
			bad = 1; continue
		}
		if (w[1] == "FAIL")
			known[id] = substr(rest, k + 3)
		else
			flaky[id] = substr(rest, k + 3)
	}
	if (bad) exit 2
}
{ sub(/\r$/, "") }
/^### xrmap suite [^ ]+ begin/ {
	suite = $4; ran[suite] = 1; pending = ""; next
}
/^### xrmap suite [^ ]+ end rc=/ {
	rc = substr($6, 4) + 0
	if (rc == 124)
		add(suite ":timeout", "FAIL", "the suite timed out in the guest")
	else if (rc != 0 && !nfail[suite])
		add(suite ":exit-status", "FAIL", "exited with status " rc " and no failed test")
	if (!count[suite])
		add(suite ":no-results", "FAIL", "printed no TAP result")
	ended[suite] = 1; suite = ""; next
}
/^### xrmap done/ { done = 1; next }
/^### xrmap retry [^ ]+ [^ ]+ begin/ { retry = $4 ":" $5; rtest = $5; retried[retry] = "no result"; next }
/^### xrmap retry [^ ]+ [^ ]+ end rc=/ { retry = ""; next }
retry != "" && /^(    )?(not )?ok [0-9]+/ {
	tap($0)
	if (name == rtest)
		retried[retry] = st == "FAIL" ? "failed" : st == "SKIP" ? "skipped" : "passed"
	next
}
suite != "" && /^# \[RUN\] / { pending = substr($0, 9); next }
suite != "" && /^(    )?(not )?ok [0-9]+/ {
	tap($0)
	l = name
	if (pending != "") { why = l; l = pending; pending = "" } else why = dir
	if (st == "SKIP") why = dir
	count[suite]++
	if (st == "FAIL") nfail[suite]++
	add(suite ":" l, st, why)
}
END {
	if (bad) exit 2
	for (s in ran)
		if (!ended[s])
			add(s ":unfinished", "FAIL", "the guest stopped inside this suite")
	for (id in known) {
		s = id; sub(/:.*/, "", s)
		if (ran[s] && !seen[id])
			add(id, "MISSING", "listed in " expfile " but did not run")
	}
	for (id in flaky) {
		s = id; sub(/:.*/, "", s)
		if (ran[s] && !seen[id])
			add(id, "MISSING", "listed in " expfile " but did not run")
	}
	print "TAP version 13"
	print "1.." n
	for (i = 1; i <= n; i++) {
		id = ids[i]; st = sts[i]; why = whys[i]
		s = id; sub(/:.*/, "", s)
		if (st == "PASS" && (id in known)) {
			print "not ok " i " " id " # listed as a known base failure but passed: remove it from " expfile
			nf++
		} else if (st == "PASS") {
			print "ok " i " " id; np++
		} else if (st == "SKIP" && noskip[s]) {
			print "not ok " i " " id " # skipped, but suite " s " must not skip: " why
			nf++
		} else if (st == "SKIP") {
			print "ok " i " " id " # SKIP " why; ns++
		} else if (st == "FAIL" && (id in flaky)) {
			again = (id in retried) ? "run again: " retried[id] : "not run again"
			if (again == "run again: passed") {
				print "ok " i " " id " # failed, then passed when run again: known flaky: " flaky[id]
				np++; nr++; rlist = rlist (rlist == "" ? "" : ", ") id
			} else {
				print "not ok " i " " id " # " (why == "" ? "" : why "; ") "known flaky, but " again
				nf++
			}
		} else if (st == "FAIL" && (id in known)) {
			print "not ok " i " " id " # TODO known base failure: " known[id]
			nk++; klist = klist (klist == "" ? "" : ", ") id
		} else {
			print "not ok " i " " id (why == "" ? "" : " # " why); nf++
		}
	}
	if (nk)
		print "# known base failures (" nk "), not counted as failed: " klist
	if (nr)
		print "# known flaky (" nr "), failed, then passed when run again: " rlist
	printf "%d passed, %d failed, %d skipped\n", np, nf, ns
	exit nf ? 1 : 0
}' "$results"
