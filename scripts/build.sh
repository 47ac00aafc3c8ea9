#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel, its modules and the kselftest binaries the guest runs,
# into $OUT.  Uses ccache when present.  The mm selftests are built by name:
# `make TARGETS=mm` stops on khugepaged.c in 6.12.117, which uses KSFT_SKIP
# without including kselftest.h.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The mm selftest programs the guest runs: what the suites name
# (SUITE_PROGRAMS of scripts/suites/NAME.sh; those that need the series
# only with it), less the scripts, which initramfs.sh copies from the tree.
default_selftests=$(for s in $(suites_all); do
	[ "${XRMAP_NO_SERIES_CONFIG:-0}:$(suite_var "$s" SUITE_NEEDS)" != 1:series ] || continue
	suite_var "$s" SUITE_PROGRAMS | tr ' ' '\n' | awk '!/\.sh$/ && NF'
done | sort -u | tr '\n' ' ')
SELFTESTS=${XRMAP_SELFTESTS:-$default_selftests}

usage()
{
	echo "usage: $PROG   (env: XRMAP_ARCH, XRMAP_KBUILD_NAME, XRMAP_JOBS, XRMAP_SELFTESTS=\"$SELFTESTS\")" >&2
	exit 2
}
[ $# -eq 0 ] || usage
[ -f "$OUT/.config" ] || die "no $OUT/.config: run scripts/config.sh first"

ARCH=${XRMAP_ARCH:-x86_64}
kbuild_env
cc=$KBUILD_CC

kmake()
{
	make -C "$TREE" O="$OUT" ARCH="$ARCH" CC="$cc" -j"$JOBS" "$@"
}

log "building the kernel and modules in $OUT"
kmake bzImage modules >"$OUT/build.log" 2>&1 ||
	{ tail -n 30 "$OUT/build.log" >&2; die "kernel build failed (log: $OUT/build.log)"; }
rm -rf "$OUT/modroot"
kmake INSTALL_MOD_PATH="$OUT/modroot" INSTALL_MOD_STRIP=1 modules_install \
	>"$OUT/modules_install.log" 2>&1 ||
	die "modules_install failed (log: $OUT/modules_install.log)"
kmake headers >"$OUT/headers.log" 2>&1 ||
	die "make headers failed (log: $OUT/headers.log)"

st=$OUT/kselftest/mm
mkdir -p "$st"
targets=()
for t in $SELFTESTS; do
	targets+=("$st/$t")
done
log "building mm selftests: $SELFTESTS"
make -C "$TREE/tools/testing/selftests/mm" OUTPUT="$st" \
	KHDR_INCLUDES="-isystem $OUT/usr/include" -j"$JOBS" "${targets[@]}" \
	>"$OUT/selftests.log" 2>&1 ||
	{ tail -n 30 "$OUT/selftests.log" >&2; die "selftest build failed (log: $OUT/selftests.log)"; }
log "built $(make -s -C "$TREE" O="$OUT" kernelrelease)"
