#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the suites named in /xrmap/tests inside the guest, each from its
# declaration (/xrmap/suites/NAME.sh: SUITE_SETUP, SUITE_TIMEOUT,
# suite_run, suite_retry).  Each suite's raw output is framed by "###
# xrmap suite NAME begin" and "... end rc=N" lines that the host
# (scripts/tap.pl) turns into results; "### xrmap done" says the guest got
# to the end.  On a lockdep kernel, "### xrmap lockdep debug_locks:N" says
# whether lockdep was still checking at the end: it turns itself off after
# its first report or when its tables fill up.
#
# A suite's time limit is its SUITE_TIMEOUT times XRMAP_TIME_SCALE (from
# the kernel command line: the host sets it for slow builds and sizes its
# own limit from the same figures, scripts/boot.sh).  A suite that runs
# out is killed, and ends with rc=124.
#
# /xrmap/flaky lists the known-flaky tests ("SUITE TEST" lines, from the
# FLAKY lines of selftests/expected-results).  A suite that has one runs
# with its output copied to /tmp/suite.out; each of its flaky tests that
# failed runs once more, on its own (suite_retry TEST), framed by "###
# xrmap retry SUITE TEST begin" and "... end rc=N".  The host decides what
# the retry means.
#
# /xrmap/pick lists tests picked out of their suites ("SUITE TEST" lines,
# from XRMAP_PICK): a suite that has some runs only those, through its
# suite_pick TEST..., instead of suite_run.
SCALE=${XRMAP_TIME_SCALE:-1}

# guarded SUITE COMMAND: a function of the suite's declaration, with its
# set-up, bounded by its time limit.
guarded()
{
	t=$(sh -c ". /xrmap/suites/$1.sh; echo \$((\${SUITE_TIMEOUT:?} * $SCALE))")
	timeout "$t" sh -c ". /xrmap/lib.sh; . /xrmap/suites/$1.sh
		setup_up \${SUITE_SETUP:-} || { setup_down \${SUITE_SETUP:-}; exit 1; }
		$2; rc=\$?
		setup_down \${SUITE_SETUP:-}
		exit \$rc" 2>&1
}

cd /tmp || exit 1
for s in $(cat /xrmap/tests); do
	echo "### xrmap suite $s begin"
	picked=$(sed -n "s/^$s //p" /xrmap/pick | tr '\n' ' ')
	if [ -n "$picked" ]; then
		guarded "$s" "suite_pick $picked"
		echo "### xrmap suite $s end rc=$?"
		continue
	fi
	if ! grep -q "^$s " /xrmap/flaky; then
		guarded "$s" suite_run
		echo "### xrmap suite $s end rc=$?"
		continue
	fi
	{
		guarded "$s" suite_run
		echo $? >/tmp/suite.rc
	} | tee /tmp/suite.out
	echo "### xrmap suite $s end rc=$(cat /tmp/suite.rc)"
	grep "^$s " /xrmap/flaky | while read -r _ t; do
		re=$(echo "$t" | sed 's/[.[*^$]/\\&/g')
		grep -q "^not ok [0-9]* $re\( \|\$\)" /tmp/suite.out || continue
		echo "### xrmap retry $s $t begin"
		guarded "$s" "suite_retry '$t'" </dev/null
		echo "### xrmap retry $s $t end rc=$?"
	done
done
if [ -r /proc/lockdep_stats ]; then
	echo "### xrmap lockdep $(grep -o 'debug_locks: *[0-9]*' /proc/lockdep_stats | tr -d ' ')"
fi
echo "### xrmap done"
