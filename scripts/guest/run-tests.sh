#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the suites named in /xrmap/tests inside the guest.  Each suite's raw
# output is framed by "### xrmap suite NAME begin" and "... end rc=N" lines
# that the host (scripts/report.sh) turns into results; "### xrmap done"
# says the guest got to the end.  On a lockdep kernel, "### xrmap lockdep
# debug_locks:N" says whether lockdep was still checking at the end: it
# turns itself off after its first report or when its tables fill up.
SUITE_TIMEOUT=${SUITE_TIMEOUT:-900}

cd /tmp || exit 1
for s in $(cat /xrmap/tests); do
	echo "### xrmap suite $s begin"
	timeout "$SUITE_TIMEOUT" sh -c ". /xrmap/suites.sh; suite_$s" 2>&1
	echo "### xrmap suite $s end rc=$?"
done
if [ -r /proc/lockdep_stats ]; then
	echo "### xrmap lockdep $(grep -o 'debug_locks: *[0-9]*' /proc/lockdep_stats | tr -d ' ')"
fi
echo "### xrmap done"
