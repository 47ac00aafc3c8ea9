#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail when a kernel console log holds any report of a kernel problem:
# BUG (KASAN, KCSAN, sleeping in atomic, bad page...), WARNING (lockdep,
# WARN_ON, suspicious RCU usage), INFO (lockdep, hung task, RCU stall),
# Oops, panic, UBSAN, or any stack dump.  Prints the offending lines.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || { echo "usage: $PROG CONSOLE_LOG" >&2; exit 2; }
[ -r "$1" ] || die "no console log at $1"

PATTERN='BUG:|WARNING:|INFO:|Oops|Kernel panic|kernel BUG|general protection fault|Unable to handle|UBSAN:|Call Trace:|detected stalls?|self-detected stall|blocked for more than|page allocation failure|Bad page'
grep -q -a -E "$PATTERN" "$1" || exit 0
grep -n -a -E "$PATTERN" "$1" | tr -d '\r' | sed -n "1,40s|^|  $1:|p" >&2
die "the kernel reported $(grep -c -a -E "$PATTERN" "$1") problem lines in $1 (first shown above)"
