#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A maintained backport of the series (backports/NAME: its base.pin,
# series, patches/, configs/ for what its base names differently, and
# expected-results if its base makes some tests skip or fail):
# apply it with git am and prove that quilt applies it the same way, build
# it, and run the series' own suites on it, in build/backport-NAME.  The
# mainline series (the top level) is the source of truth: a fix lands there
# first, then here; scripts/refresh.sh moves a backport to a new point
# release.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG NAME   (backports: $(cd "$TOP/backports" && ls | tr '\n' ' '))" >&2
	exit 2
}
[ $# -eq 1 ] || usage
case $1 in -*|*/*|'') usage ;; esac
dir=$TOP/backports/$1
[ -d "$dir" ] || die "no backport '$1' (backports: $(cd "$TOP/backports" && ls | tr '\n' ' '))"

export XRMAP_PIN_FILE=$dir/base.pin XRMAP_SERIES_FILE=$dir/series
export XRMAP_PATCHES_DIR=$dir/patches XRMAP_BUILD_DIR=$BUILD_DIR/backport-$1
export XRMAP_TREE= XRMAP_OUT=
# What its base lacks (a syscall flag, say) may make tests skip there.
if [ -f "$dir/expected-results" ]; then
	export XRMAP_EXPECTED=$dir/expected-results
fi
extra=
for f in "$dir"/configs/*.config; do
	[ -e "$f" ] && extra+=" $f"
done
export XRMAP_KCONFIG_EXTRA="${extra# } ${XRMAP_KCONFIG_EXTRA:-}"
export XRMAP_TESTS=${XRMAP_TESTS:-$SERIES_SUITES}
"$TOP/scripts/tree.sh"
"$TOP/scripts/quilt-check.sh"
exec "$TOP/scripts/run.sh"
