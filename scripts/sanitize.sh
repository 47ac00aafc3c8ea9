#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The sanitizer builds: the test config plus configs/sanitizers/NAME.config,
# built in build/out/NAME, booted, and every suite run as `make run` does
# (the same expected results; the console scan fails the run on any KASAN,
# KCSAN, lockdep or other report).  With "-- COMMAND...", runs that
# command with the same settings instead (make xpmem on a sanitizer
# kernel: sanitize.sh debug -- scripts/xpmem.sh converted).
#   debug  KASAN (generic), lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_VM,
#          DEBUG_VM_PGTABLE, DEBUG_LIST, page poisoning (page_poison=1)
#   kcsan  KCSAN (it cannot be combined with KASAN) and lockdep
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG debug|kcsan [SUITE...|-- COMMAND...]   (env as for run.sh)" >&2
	exit 2
}
[ $# -ge 1 ] || usage
name=$1
shift
frag=$CONFIGS_DIR/sanitizers/$name.config
case $name in
debug) append="page_poison=1" ;;
kcsan) append="" ;;
-*) usage ;;
*) die "unknown sanitizer build '$name' (known: debug kcsan)" ;;
esac
[ -r "$frag" ] || die "no config fragment $frag"
cmd=("$TOP/scripts/run.sh" "$@")
if [ "${1:-}" = -- ]; then
	shift
	[ $# -ge 1 ] || usage
	cmd=("$@")
fi
# KASAN and KCSAN slow the guest down about threefold: their suites get
# three times their time.
XRMAP_KBUILD_NAME=$name XRMAP_KCONFIG_EXTRA="$frag ${XRMAP_KCONFIG_EXTRA:-}" XRMAP_OUT= \
	XRMAP_TIME_SCALE=${XRMAP_TIME_SCALE:-3} XRMAP_APPEND="$append ${XRMAP_APPEND:-}" \
	exec "${cmd[@]}"
