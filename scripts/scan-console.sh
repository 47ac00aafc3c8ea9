#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail when a kernel console log holds any report of a kernel problem:
# BUG (KASAN, KCSAN, sleeping in atomic, bad page...), WARNING (lockdep,
# WARN_ON, suspicious RCU usage), INFO (lockdep, hung task, RCU stall),
# Oops, panic, UBSAN, or any stack dump.  Prints the offending lines.
#
# XRMAP_KNOWN_REPORTS names a file of reports a run expects of code that
# is not ours (make xpmem's stock XPMEM), one a line: HEADLINE | FUNCTION
# | WHY.  A report from a line containing HEADLINE to its "</TASK>" whose
# stack names FUNCTION is shown as known and not counted; any other
# report still fails.  With XRMAP_KNOWN_REPORTS set, a clean log prints
# on stdout the number of known reports it held (boot.sh reads it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || { echo "usage: $PROG CONSOLE_LOG   (env: XRMAP_KNOWN_REPORTS)" >&2; exit 2; }
[ -r "$1" ] || die "no console log at $1"

PATTERN='BUG:|WARNING:|INFO:|Oops|Kernel panic|kernel BUG|general protection fault|Unable to handle|UBSAN:|Call Trace:|detected stalls?|self-detected stall|blocked for more than|page allocation failure|Bad page'
log=$1
nknown=
if [ -n "${XRMAP_KNOWN_REPORTS:-}" ]; then
	known=$XRMAP_KNOWN_REPORTS
	[ -r "$known" ] || die "XRMAP_KNOWN_REPORTS: no file $known"
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	# The log without the known reports goes to $tmp, a line for each
	# known report to stderr and their count to fd 3.  A malformed table
	# line: the error on stderr, exit 2.
	nknown=$(awk -v known="$known" -v prog="$PROG" '
	BEGIN {
		while ((getline l < known) > 0) {
			ln++
			if (l ~ /^#/ || l !~ /[^ \t]/)
				continue
			if (split(l, f, / \| /) != 3) {
				printf "%s: error: %s:%d: not HEADLINE | FUNCTION | WHY\n", prog, known, ln > "/dev/stderr"
				bad = 1
				exit 2
			}
			n++; head[n] = f[1]; fn[n] = f[2]; why[n] = f[3]
		}
	}
	function flush(k, i, found) {
		found = 0
		for (i = 1; i <= nb; i++)
			if (index(buf[i], fn[k]))
				found = 1
		if (found) {
			printf "known report, not counted (lines %d-%d): %s\n", first, FNR, why[k] > "/dev/stderr"
			told++
		} else
			for (i = 1; i <= nb; i++)
				print buf[i]
		nb = 0; cur = 0
	}
	{
		if (!cur)
			for (k = 1; k <= n; k++)
				if (index($0, head[k])) {
					cur = k; first = FNR
					break
				}
		if (!cur) {
			print
			next
		}
		buf[++nb] = $0
		if (index($0, "</TASK>"))
			flush(cur)
	}
	END {
		if (bad)
			exit 2
		if (cur)
			flush(cur)
		print told + 0 > "/dev/fd/3"
	}
	' "$log" 3>&1 >"$tmp") || exit 1
	log=$tmp
fi
if ! grep -q -a -E "$PATTERN" "$log"; then
	[ -z "$nknown" ] || echo "$nknown"
	exit 0
fi
grep -n -a -E "$PATTERN" "$log" | tr -d '\r' | sed -n "1,40s|^|  $1:|p" >&2
die "the kernel reported $(grep -c -a -E "$PATTERN" "$log") problem lines in $1 (first shown above)"
