#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check and make check-full: the steps of scripts/steps, in order
# (check: those of tier check; full: every step).  Each step writes
# build/check/NAME.tap (its own TAP, or one result for a step that prints
# none) and build/check/NAME.log; the end is the sum of those TAP files,
# with each step's time and share.  check-full that passes records the
# tree it passed for in check-full.passed, and make check says whether
# that record is for this tree.
#
# XRMAP_RESUME=1 keeps the results of the steps that passed in the last
# run for this very tree (build/check/tree holds its id) and runs the
# others: a check-full that a session's end cut short goes on where it
# stopped.  Any change of the tree starts again from nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

STEPS=${XRMAP_STEPS:-$TOP/scripts/steps}
RECORD=$TOP/check-full.passed

usage()
{
	echo "usage: $PROG [check|full]   (steps: $STEPS)" >&2
	exit 2
}
[ $# -le 1 ] || usage
tier=${1:-check}
case $tier in check|full) ;; *) usage ;; esac

# tree_id: what check-full's record is for: the series, its backports, the
# configs, the harness and XPMEM's patches (every file they are made of).
tree_id()
{
	(cd "$TOP" && find base.pin series Makefile patches configs backports scripts selftests \
		.ci Documentation/model xpmem -type f -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum) | sha256sum | cut -c1-16
}

# The record's line for this tree.
record_line()
{
	local id rid rdate rresult

	id=$(tree_id)
	if [ ! -r "$RECORD" ]; then
		echo "check-full: never passed (no $RECORD): run make check-full"
		return
	fi
	read -r rid rdate rresult <"$RECORD"
	if [ "$rid" = "$id" ]; then
		echo "check-full: passed for this tree on $rdate ($rresult)"
	else
		echo "check-full: NOT run for this tree ($id): it last passed for $rid on $rdate; run make check-full"
	fi
}

logs=$BUILD_DIR/check
id=$(tree_id)
resume=${XRMAP_RESUME:-0}
case $resume in 0|1) ;; *) die "XRMAP_RESUME must be 0 or 1, not '$resume'" ;; esac
if [ "$resume" = 1 ] && [ "$(cat "$logs/tree" 2>/dev/null)" = "$id" ]; then
	log "resuming: the steps that passed for this tree ($id) are kept"
else
	[ "$resume" = 0 ] || log "nothing to resume for this tree ($id): every step runs"
	rm -rf "$logs"
	mkdir -p "$logs"
	echo "$id" >"$logs/tree"
fi
start=$(date +%s)
failed=()
times=()
taps=()

# step NAME COMMAND...: runs it, its TAP to $logs/NAME.tap.
step()
{
	local name=$1 t0 rc=0 tap=$logs/$1.tap

	shift
	taps+=("$tap")
	if [ "$resume" = 1 ] && [ -r "$logs/$name.passed" ] && [ -s "$tap" ]; then
		times+=("$name $(cat "$logs/$name.passed")")
		echo "=== $name: passed before for this tree (kept: $tap)"
		return
	fi
	rm -rf "$tap" "$logs/$name.passed" "${logs:?}/$name"
	t0=$(date +%s)
	echo "=== $name: $*"
	case $name in
	run|run-base|debug|kcsan|backport-*)
		XRMAP_RUN_DIR=$logs/$name "$@" 2>&1 | tee "$logs/$name.log" || rc=$?
		[ -r "$logs/$name/results.tap" ] && cp "$logs/$name/results.tap" "$tap" ;;
	selftest*|xpmem)
		"$@" 2>"$logs/$name.log" | tee "$tap" || rc=$? ;;
	*)
		"$@" 2>&1 | tee "$logs/$name.log" || rc=$? ;;
	esac
	if [ ! -s "$tap" ] || { [ $rc -ne 0 ] && ! grep -q '^not ok' "$tap"; }; then
		# No TAP of its own, or a failure its TAP does not show.
		if [ $rc -eq 0 ]; then
			printf '1..1\nok 1 %s\n' "$name" >"$tap"
		else
			printf '1..1\nnot ok 1 %s # exit %d (log: %s)\n' "$name" $rc "$logs/$name.log" >"$tap"
		fi
	fi
	times+=("$name $(($(date +%s) - t0))")
	if [ $rc -eq 0 ]; then
		echo "=== $name: ok ($(($(date +%s) - t0))s)"
		echo "$(($(date +%s) - t0))" >"$logs/$name.passed"
	else
		echo "=== $name: FAILED ($(($(date +%s) - t0))s, log: $logs/$name.log)"
		failed+=("$name")
	fi
}

[ -r "$STEPS" ] || die "no step table $STEPS"
while read -r name stier cmd; do
	case $name in ''|'#'*) continue ;; esac
	[ "$stier" = check ] || [ "$tier" = full ] || continue
	case $cmd in /*) ;; *) cmd=$TOP/$cmd ;; esac
	# shellcheck disable=SC2086 # the command's words
	step "$name" $cmd
done <"$STEPS"

# Shares of the steps' own times (a kept step's is from its run).
total=0
for t in "${times[@]}"; do
	total=$((total + ${t##* }))
done
echo "=== time: $(($(date +%s) - start))s for this run, ${total}s in the steps"
for t in "${times[@]}"; do
	set -- $t
	printf '    %-14s %6ds %5.1f%%\n' "$1" "$2" "$(echo "$2 $total" | awk '{ print $2 ? 100 * $1 / $2 : 0 }')"
done
sum=$("$TOP/scripts/tap.pl" sum "${taps[@]}" 2>&1) || failed+=("counts")
echo "$sum" | sed '$!s/^/  /'
result=$(echo "$sum" | tail -n 1)
if [ "$tier" = full ] && [ ${#failed[@]} -eq 0 ]; then
	[ "$(tree_id)" = "$id" ] || die "the tree changed during the run ($id, now $(tree_id)): not recorded"
	echo "$id $(date -u +%Y-%m-%dT%H:%MZ) $result" >"$RECORD"
	log "recorded in $RECORD: commit it with the tree it passed for"
fi
record_line
[ ${#failed[@]} -eq 0 ] || die "FAILED steps: ${failed[*]} (logs in $logs)"
echo "$PROG ($tier): $result"
