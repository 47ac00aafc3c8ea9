#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the suites named in /xrmap/tests inside the guest.  Each suite's raw
# output is framed by "### xrmap suite NAME begin" and "... end rc=N" lines
# that the host (scripts/report.sh) turns into results; "### xrmap done"
# says the guest got to the end.  On a lockdep kernel, "### xrmap lockdep
# debug_locks:N" says whether lockdep was still checking at the end: it
# turns itself off after its first report or when its tables fill up.
SUITE_TIMEOUT=${SUITE_TIMEOUT:-900}

#
# /xrmap/flaky lists the known-flaky tests ("SUITE TEST" lines, from the
# FLAKY lines of selftests/expected-results).  A suite that has one runs
# with its output copied to /tmp/suite.out; each of its flaky tests that
# failed runs once more, on its own (retry_SUITE TEST), framed by "### xrmap
# retry SUITE TEST begin" and "... end rc=N".  The host decides what the
# retry means.

# run_guarded COMMAND: a function of suites.sh, bounded by SUITE_TIMEOUT.
run_guarded()
{
	timeout "$SUITE_TIMEOUT" sh -c ". /xrmap/suites.sh; $1" 2>&1
}

cd /tmp || exit 1
for s in $(cat /xrmap/tests); do
	echo "### xrmap suite $s begin"
	if ! grep -q "^$s " /xrmap/flaky; then
		run_guarded "suite_$s"
		echo "### xrmap suite $s end rc=$?"
		continue
	fi
	{
		run_guarded "suite_$s"
		echo $? >/tmp/suite.rc
	} | tee /tmp/suite.out
	echo "### xrmap suite $s end rc=$(cat /tmp/suite.rc)"
	grep "^$s " /xrmap/flaky | while read -r _ t; do
		re=$(echo "$t" | sed 's/[.[*^$]/\\&/g')
		grep -q "^not ok [0-9]* $re\( \|\$\)" /tmp/suite.out || continue
		echo "### xrmap retry $s $t begin"
		run_guarded "retry_$s '$t'" </dev/null
		echo "### xrmap retry $s $t end rc=$?"
	done
done
if [ -r /proc/lockdep_stats ]; then
	echo "### xrmap lockdep $(grep -o 'debug_locks: *[0-9]*' /proc/lockdep_stats | tr -d ' ')"
fi
echo "### xrmap done"
