#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The harness's own tests: each feeds a script a broken input and asserts
# the exact error it must give (or, for the working paths, the exact
# result).  TAP output, ending with "N passed, N failed".  Needs the base
# repository (make base); the guest tests need a built kernel (make build).
set -euo pipefail
SELF=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$SELF")
S=$TOP/scripts
PROG=$(basename "$0")

die()
{
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

[ $# -le 1 ] || { echo "usage: $PROG [TEST_NAME_REGEX]" >&2; exit 2; }
only=${1:-.}
tmp=$(mktemp -d /tmp/xrmap-selftest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 pass=0 fail=0
OUT_TEST=${OUT:-$TOP/build/out/test}
CACHE=${XRMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrmap}

# expect_error NAME "exact error line" COMMAND...: COMMAND must exit
# non-zero and print the line (stdout or stderr).
expect_error()
{
	local name=$1 want=$2 rc=0

	shift 2
	[[ "$name" =~ $only ]] || return 0
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1 || rc=$?
	if [ $rc -ne 0 ] && grep -qxF -- "$want" "$tmp/out"; then
		echo "ok $n $name"; pass=$((pass + 1))
	else
		echo "not ok $n $name # exit $rc; expected the line: $want"
		sed 's/^/#   /' "$tmp/out" | tail -n 15
		fail=$((fail + 1))
	fi
}

# expect_ok NAME "line the output must hold" COMMAND...
expect_ok()
{
	local name=$1 want=$2 rc=0

	shift 2
	[[ "$name" =~ $only ]] || return 0
	n=$((n + 1))
	"$@" >"$tmp/out" 2>&1 || rc=$?
	if [ $rc -eq 0 ] && grep -qF -- "$want" "$tmp/out"; then
		echo "ok $n $name"; pass=$((pass + 1))
	else
		echo "not ok $n $name # exit $rc; expected success with: $want"
		sed 's/^/#   /' "$tmp/out" | tail -n 15
		fail=$((fail + 1))
	fi
}

. "$SELF/tests-pin.sh"
. "$SELF/tests-tree.sh"
. "$SELF/tests-report.sh"
. "$SELF/tests-guest.sh"
. "$SELF/tests-knockout.sh"
. "$SELF/tests-review.sh"
. "$SELF/tests-model.sh"
. "$SELF/tests-sanitize.sh"
. "$SELF/tests-bench.sh"

echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
