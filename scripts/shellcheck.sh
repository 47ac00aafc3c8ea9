#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run shellcheck on the harness: every shell script in scripts/,
# selftests/ and .ci/, the sourced files with the shell they declare, at
# severity warning.  Not findings: notes, SC2034 (variables set for the
# scripts that source the file: lib.sh's settings, the suites'
# declarations) and SC1007 ("A= B=", the harness's way to empty several
# variables).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG" >&2; exit 2; }
command -v shellcheck >/dev/null || die "shellcheck is missing: install the Debian package shellcheck"
mapfile -t files < <(cd "$TOP" && {
	git ls-files -co --exclude-standard scripts selftests .ci |
		while read -r f; do
			[ -f "$f" ] || continue
			head -n 1 "$f" | grep -qE '^#!.*(ba|busybox )?sh' && echo "$f"
			case $f in *.sh) echo "$f" ;; esac
		done
} | LC_ALL=C sort -u)
[ ${#files[@]} -gt 0 ] || die "no shell scripts found"
out=$(cd "$TOP" && shellcheck -S warning -e SC2034,SC1007 -x "${files[@]}" 2>&1) || {
	printf '%s\n' "$out"
	die "shellcheck: findings in the harness (above)"
}
log "shellcheck -S warning: ${#files[@]} files, no findings"
