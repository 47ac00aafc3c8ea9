#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test command (make check, .ci/run): the main job (make run), the same
# suites on the unpatched base, on the debug build (KASAN, lockdep...) and
# on the KCSAN build, the quilt proof, the reviewers' checks (make review),
# the model check (make model), and the harness's own tests; ends with the
# sum of their counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG" >&2; exit 2; }
start=$(date +%s)
logs=$BUILD_DIR/check
rm -rf "$logs"
mkdir -p "$logs"
failed=()

step()
{
	local name=$1 t0

	t0=$(date +%s)
	shift
	echo "=== $name"
	if "$@" 2>&1 | tee "$logs/$name.log"; then
		echo "=== $name: ok ($(($(date +%s) - t0))s)"
	else
		echo "=== $name: FAILED ($(($(date +%s) - t0))s, log: $logs/$name.log)"
		failed+=("$name")
	fi
}

step run "$TOP/scripts/run.sh"
# With patches in series, show that the known base failures fail the same
# way on the unpatched base.
if [ -n "$(series_patches)" ]; then
	step run-base "$TOP/scripts/run-base.sh"
fi
step quilt "$TOP/scripts/quilt-check.sh"
# What mm reviewers and the 0-day bot run (make review).
if [ -n "$(series_patches)" ]; then
	step checkpatch "$TOP/scripts/checkpatch.sh"
	step cover "$TOP/scripts/cover.sh"
	step bisect "$TOP/scripts/bisect.sh"
	step matrix "$TOP/scripts/matrix.sh"
	step static "$TOP/scripts/static.sh"
	step docs "$TOP/scripts/docs.sh"
fi
step model "$TOP/scripts/model.sh"
# The sanitizer builds: every suite again, under KASAN, lockdep, DEBUG_VM
# and page poisoning, then under KCSAN (the console scan fails on any report).
step debug "$TOP/scripts/sanitize.sh" debug
step kcsan "$TOP/scripts/sanitize.sh" kcsan
step selftest "$TOP/selftests/run.sh"

# Sum the "N passed, N failed, N skipped" lines of the TAP streams.
counts()
{
	sed -n -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\1 \2 \4/p' "$1" |
		tail -n 1
}
p=0 f=0 s=0
for name in run run-base debug kcsan selftest; do
	[ -f "$logs/$name.log" ] || continue
	read -r a b c < <(counts "$logs/$name.log"; echo "0 1 0")
	p=$((p + a)) f=$((f + b)) s=$((s + ${c:-0}))
done
[ $f -eq 0 ] || [ ${#failed[@]} -gt 0 ] || failed+=("counts")
echo "=== make check took $(($(date +%s) - start))s"
[ ${#failed[@]} -eq 0 ] || {
	echo "check: $p passed, $f failed, $s skipped"
	die "FAILED steps: ${failed[*]} (logs in $logs)"
}
echo "check: $p passed, $f failed, $s skipped"
