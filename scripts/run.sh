#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: install what is missing, make the tree (base + series),
# configure, build, pack the initramfs, boot the guest, run the suites and
# print their results as TAP with a final "N passed, N failed, N skipped".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG [SUITE...]   (default: \$XRMAP_TESTS or: $ALL_SUITES)" >&2
	exit 2
}
case "${1:-}" in -h|--help) usage ;; esac
read -ra suites <<<"${*:-${XRMAP_TESTS:-$ALL_SUITES}}"

S=$TOP/scripts
"$S/deps.sh"
"$S/tree.sh"
"$S/config.sh"
"$S/build.sh"
"$S/initramfs.sh" "${suites[@]}"

# The run's directory: XRMAP_RUN_DIR when the caller wants it somewhere
# (make check: build/check/STEP), else a new one under build/runs.
run=${XRMAP_RUN_DIR:-$BUILD_DIR/runs/$KBUILD_NAME-$(date +%Y%m%d-%H%M%S)}
rm -rf "$run"
mkdir -p "$run"
[ -n "${XRMAP_RUN_DIR:-}" ] || ln -sfn "$(basename "$run")" "$BUILD_DIR/runs/$KBUILD_NAME-latest"
boot_ok=1
"$S/boot.sh" "$run" || boot_ok=0

report_ok=1
if [ -s "$run/results.log" ]; then
	noskip=()
	for s in "${suites[@]}"; do
		[ -z "$(suite_var "$s" SUITE_NOSKIP)" ] || noskip+=("$s")
	done
	"$S/tap.pl" report "$run/results.log" "$EXPECTED" "${noskip[@]}" \
		>"$run/results.tap" || report_ok=0
	cat "$run/results.tap"
else
	report_ok=0
fi
[ $boot_ok -eq 1 ] || die "FAILED: the guest run failed (see the error above; logs in $run)"
[ $report_ok -eq 1 ] || die "FAILED: results differ from $EXPECTED (TAP: $run/results.tap)"
log "passed (logs in $run)"
