#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The harness's own tests: each feeds a script a broken input and asserts
# the exact error it must give (or, for the working paths, the exact
# result).  TAP output, ending with "N passed, N failed, N skipped".
#
# Hermetic: every test runs in a directory of its own under a temporary
# directory, with the cache (XRMAP_CACHE), build/ (XRMAP_BUILD_DIR) and HOME
# there too, and with apt-get, apt-cache, dpkg and dpkg-query replaced on
# PATH by stand-ins that serve a made-up archive (selftests/fake-apt): no
# test installs, removes or downloads a package, or writes to the real
# cache or build/.  The review and model tests read the kernel tree that
# make tree made (build/linux), the bisect tests the pinned base's tarball
# that make base cached (linked, read only), and the guest tests boot the
# kernel that make build made; without them, those tests are reported as
# skipped.
# The tests that build kernels run only with --full (make check-full).
set -euo pipefail
SELF=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$SELF")
S=$TOP/scripts
PROG=$(basename "$0")

usage()
{
	echo "usage: $PROG [--full] [TEST_NAME_REGEX]" >&2
	exit 2
}
FULL=0
if [ "${1:-}" = --full ]; then
	FULL=1
	shift
fi
[ $# -le 1 ] || usage
case "${1:-}" in -*) usage ;; esac
only=${1:-.}

# What make tree and make build left, read only.
REAL_TREE=$TOP/build/linux
REAL_OUT=$TOP/build/out/test
REAL_CACHE=${XRMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrmap}
tmp=$(mktemp -d /tmp/xrmap-selftest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The hermetic environment of every test.
export XRMAP_CACHE=$tmp/cache XRMAP_BUILD_DIR=$tmp/build HOME=$tmp/home
mkdir -p "$XRMAP_CACHE" "$XRMAP_BUILD_DIR" "$HOME" "$tmp/bin"
git config --global user.name "xrmap selftest"
git config --global user.email selftest@xrmap.invalid
for cmd in apt-get apt-cache dpkg dpkg-query; do
	ln -s "$SELF/fake-apt" "$tmp/bin/$cmd"
done
export PATH=$tmp/bin:$PATH FAKE_APT_DIR=$tmp/fake-archive
mkdir -p "$FAKE_APT_DIR"
# Nothing of the caller's settings but the cache, build/ and HOME above.
for v in $(compgen -e); do
	case $v in XRMAP_CACHE|XRMAP_BUILD_DIR) ;; XRMAP_*) unset "$v" ;; esac
done

n=0 pass=0 fail=0 skip=0

# begin NAME: whether NAME is selected; counts it and makes its directory
# (the working directory of its command).
begin()
{
	[[ "$1" =~ $only ]] || return 1
	n=$((n + 1))
	mkdir -p "$tmp/t/$1"
}

# expect_error NAME "exact error line" COMMAND...: COMMAND must exit
# non-zero and print the line (stdout or stderr).
expect_error()
{
	local name=$1 want=$2 rc=0

	shift 2
	begin "$name" || return 0
	(cd "$tmp/t/$name" && "$@") >"$tmp/out" 2>&1 || rc=$?
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
	begin "$name" || return 0
	(cd "$tmp/t/$name" && "$@") >"$tmp/out" 2>&1 || rc=$?
	if [ $rc -eq 0 ] && grep -qF -- "$want" "$tmp/out"; then
		echo "ok $n $name"; pass=$((pass + 1))
	else
		echo "not ok $n $name # exit $rc; expected success with: $want"
		sed 's/^/#   /' "$tmp/out" | tail -n 15
		fail=$((fail + 1))
	fi
}

# skip_test NAME REASON: a test that cannot run here, reported as skipped.
skip_test()
{
	begin "$1" || return 0
	echo "ok $n $1 # SKIP $2"
	skip=$((skip + 1))
}

# The host's packages before the tests: the last test compares.
dpkg_before=$(PATH=${PATH#"$tmp/bin:"} dpkg -l | sha256sum)

. "$SELF/tests-pin.sh"
. "$SELF/tests-tree.sh"
. "$SELF/tests-report.sh"
. "$SELF/tests-guest.sh"
. "$SELF/tests-knockout.sh"
. "$SELF/tests-review.sh"
. "$SELF/tests-model.sh"
. "$SELF/tests-sanitize.sh"
. "$SELF/tests-bench.sh"
. "$SELF/tests-xpmem.sh"
. "$SELF/tests-check.sh"

host_packages_unchanged()
{
	[ "$(PATH=${PATH#"$tmp/bin:"} dpkg -l | sha256sum)" = "$dpkg_before" ] &&
		echo "dpkg -l is the same as before the tests"
}
expect_ok host-packages-unchanged "dpkg -l is the same as before the tests" \
	host_packages_unchanged

echo "1..$n"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
