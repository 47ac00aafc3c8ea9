#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stress: the race tests (mmu_rmap_race) on the debug build (KASAN,
# lockdep, page poisoning: scripts/sanitize.sh debug) for a bounded time,
# with more reader threads, the remote acknowledgement delay varied, and
# memory pressure: a small guest with swap, and a background job in the
# guest that fills and frees shmem and asks for compaction, so that
# reclaim and compaction run during the races.  Prints, per source and
# delay, the iterations, the races hit and the invalidations per second.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MINUTES=${XRMAP_STRESS_MINUTES:-10}
THREADS=${XRMAP_STRESS_THREADS:-4}
DELAYS=${XRMAP_STRESS_DELAYS:-0 10 1000}
usage()
{
	echo "usage: $PROG   (env XRMAP_STRESS_MINUTES=$MINUTES, XRMAP_STRESS_THREADS=$THREADS, XRMAP_STRESS_DELAYS=\"$DELAYS\" us, XRMAP_MEM=${XRMAP_MEM:-768M})" >&2
	exit 2
}
[ $# -eq 0 ] || usage
[[ "$MINUTES" =~ ^[1-9][0-9]*$ ]] || die "XRMAP_STRESS_MINUTES must be a whole number of minutes, got '$MINUTES'"
[[ "$THREADS" =~ ^[1-9][0-9]?$ ]] && [ "$THREADS" -le 64 ] || die "XRMAP_STRESS_THREADS must be 1 to 64, got '$THREADS'"
[[ "$DELAYS" =~ ^[0-9]+( [0-9]+)*$ ]] || die "XRMAP_STRESS_DELAYS must be microseconds separated by spaces, got '$DELAYS'"

[ "$MINUTES" -ge 2 ] ||
	die "XRMAP_STRESS_MINUTES=$MINUTES leaves 0 s a test: give it 2 minutes or more"

# The race tests share the time (less a minute for boot, module load and
# storage setup).  How many there are, from the source: each fixture's
# tests times its variants (or one), and the plain tests.
"$TOP/scripts/tree.sh" >/dev/null
src=$TREE/tools/testing/selftests/mm/mmu_rmap_race.c
[ -r "$src" ] || die "no $src: the series lacks its race tests"
ntests=$(awk '
	/^FIXTURE_VARIANT_ADD\(/ { split($0, a, /[(, ]+/); variants[a[2]]++ }
	/^TEST_F(_TIMEOUT)?\(/ { split($0, a, /[(, ]+/); tests[a[2]]++ }
	/^TEST(_SIGNAL)?\(/ { plain++ }
	END {
		n = plain
		for (f in tests)
			n += tests[f] * (f in variants ? variants[f] : 1)
		print n + 0
	}' "$src")
[ "$ntests" -gt 0 ] || die "found no tests in $src"
secs=$(((MINUTES * 60 - 60) / ntests))
[ $secs -ge 2 ] || die "XRMAP_STRESS_MINUTES=$MINUTES leaves $secs s a test: give it 2 minutes or more"
log "stress: $ntests race tests x ${secs}s, $THREADS readers, delays $DELAYS us, under memory pressure"
rc=0
# The suite's time limit (scripts/suites/mmu_rmap_stress.sh) follows
# XRMAP_STRESS_SECONDS, here and in the guest.
export XRMAP_STRESS_SECONDS=$((MINUTES * 60))
run=$BUILD_DIR/runs/stress-$(date +%Y%m%d-%H%M%S)
XRMAP_RUN_DIR=$run XRMAP_MEM=${XRMAP_MEM:-768M} XRMAP_TESTS=mmu_rmap_stress \
	XRMAP_APPEND="XRMAP_STRESS_SECONDS=$XRMAP_STRESS_SECONDS MMU_RMAP_RACE_SECONDS=$secs MMU_RMAP_RACE_ITERS=100000000 MMU_RMAP_RACE_THREADS=$THREADS MMU_RMAP_RACE_DELAYS=\"$DELAYS\" ${XRMAP_APPEND:-}" \
	"$TOP/scripts/sanitize.sh" debug || rc=$?

results=$run/results.log
[ -r "$results" ] || die "no results from the guest (see above)"
# One line per test and delay: its figures, from the tests' TH_LOG lines.
ndelays=$(wc -w <<<"$DELAYS")
awk -v phase="$(echo "$secs $ndelays" | awk '{ print $1 / $2 }')" '
	/:delay [0-9]+ us: [0-9]+ iterations/ {
		split($0, a, ":"); test = a[3]
		match($0, /delay [0-9]+ us/); d = substr($0, RSTART + 6, RLENGTH - 9)
		match($0, /[0-9]+ iterations/); it = substr($0, RSTART, RLENGTH) + 0
		match($0, /[0-9]+ invalidations/); inv = substr($0, RSTART, RLENGTH) + 0
		key = d; next
	}
	/:delay [0-9]+ us: races hit:/ {
		match($0, /[0-9]+ retries/); re = substr($0, RSTART, RLENGTH) + 0
		match($0, /[0-9]+ collisions/); co = substr($0, RSTART, RLENGTH) + 0
		row[++n] = sprintf("%-8s %8s %10d %8d %10d %12.1f", key, "", it, re, co, inv / phase)
		next
	}
	/^(not )?ok [0-9]+ (race|uprobe)\./ {
		name = $0; sub(/^(not )?ok [0-9]+ (race\.)?/, "", name); sub(/\.stamps.*$/, "", name); sub(/\r$/, "", name)
		printf "%s%s\n", ($1 == "not" ? "FAILED " : ""), name
		for (i = 1; i <= n; i++) print "  " row[i]
		n = 0
	}
	BEGIN { printf "source / delay(us)     iterations  retries collisions  invalidations/s\n" }
' "$results"
# The data checks, summed over the tests.
awk '
	/total: races hit:.* stale, .* corrupt/ {
		match($0, /[0-9]+ stale/); stale += substr($0, RSTART, RLENGTH) + 0
		match($0, /[0-9]+ corrupt/); corrupt += substr($0, RSTART, RLENGTH) + 0
	}
	/pages lost a write/ { match($0, /[0-9]+ pages lost/); lost += substr($0, RSTART, RLENGTH) + 0 }
	/^# pressure: / { sub(/^# pressure: /, ""); sub(/\r$/, ""); vm = vm (vm == "" ? "" : ", ") $0 }
	END {
		printf "stale reads: %d, corrupt reads: %d, pages that lost a write: %d\n", stale, corrupt, lost
		printf "memory pressure in the races'"'"' cgroup: %s\n", vm
	}' "$results"
[ $rc -eq 0 ] || die "the stress run failed (see above; logs in $run)"
log "stress: passed: no kernel report, no stale read, no lost write"
