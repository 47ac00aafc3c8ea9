#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Cover letter lint: patches/0000-cover-letter.patch has a real subject
# "[... 0/N] ..." for the N patches of series and a real body (no
# format-patch template left), lists every patch's subject, ends with the
# base-commit: of the pinned base, and its To: and Cc: are exactly what
# scripts/get_maintainer.pl gives for the series (scripts/export.sh
# writes them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG   (env: PATCHES_DIR, SERIES_FILE)" >&2; exit 2; }
cover=$PATCHES_DIR/0000-cover-letter.patch
[ -r "$cover" ] || die "no cover letter $cover"
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run scripts/tree.sh first"
mapfile -t patches < <(series_patches)
n=${#patches[@]}
c=$(basename "$cover")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Headers, unfolded: "Name: value" one a line; the body after them.
awk '!h && /^$/ { h = 1; next } !h' "$cover" |
	awk '/^[ \t]/ { sub(/^[ \t]+/, " "); l = l $0; next } l != "" { print l } { l = $0 } END { if (l != "") print l }' \
	>"$work/headers"
awk 'b { print } /^$/ { b = 1 }' "$cover" >"$work/body"

subject=$(sed -n 's/^Subject: //p' "$work/headers")
[[ "$subject" =~ ^\[([^]]*\ )?0/([0-9]+)\]\ (.+)$ ]] ||
	die "$c: the subject '$subject' is not '[PATCH 0/N] summary'"
[ "${BASH_REMATCH[2]}" -eq "$n" ] ||
	die "$c: the subject says 0/${BASH_REMATCH[2]}, series has $n patches"
summary=${BASH_REMATCH[3]}
[[ "$summary" != *'*** SUBJECT HERE ***'* ]] ||
	die "$c: the subject is still '*** SUBJECT HERE ***'"
! grep -qF '*** BLURB HERE ***' "$work/body" ||
	die "$c: the body is still '*** BLURB HERE ***'"
prose=$(awk '/^[^ ].* \([0-9]+\):$/ { exit } NF' "$work/body" | wc -l)
[ "$prose" -ge 20 ] ||
	die "$c: the body has $prose lines of text before the shortlog: say what the series does and why"

# The shortlog ("Author (N):", then "  subject" lines, long ones wrapped
# with four spaces), unwrapped.
awk '/^[^ ].* \([0-9]+\):$/ { in_log = 1; next } in_log && /^$/ { in_log = 0 } in_log' "$work/body" |
	awk '/^    / { sub(/^ +/, " "); l = l $0; next } l != "" { print l } { l = $0 } END { if (l != "") print l }' \
	>"$work/shortlog"
for p in "${patches[@]}"; do
	s=$(awk '!h && /^$/ { h = 1 } !h' "$PATCHES_DIR/$p" |
		awk '/^Subject: / { s = $0; t = 1; next } t && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next } { t = 0 } END { print s }' |
		sed -E 's/^Subject: (\[[^]]*\] )?//')
	grep -qxF -- "  $s" "$work/shortlog" ||
		die "$c: the shortlog does not list $p ('$s'): run scripts/export.sh"
done

base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
got=$(sed -n 's/^base-commit: //p' "$work/body")
[ -n "$got" ] || die "$c: no base-commit: line"
[ "$got" = "$base" ] || die "$c: base-commit: $got, the pinned base is $base"

# Figures of make bench are quoted with the series they measured: a
# cover letter that quotes make bench names it ("$BENCH_QUOTE ID", the
# first line of scripts/bench.sh's table), and it must be this series.
if grep -q 'make bench' "$work/body"; then
	want=$(series_label)
	got=$(bench_quoted "$work/body")
	[ -n "$got" ] || die "$c: it quotes make bench but not which series the figures are of ('$BENCH_QUOTE $want')"
	[ "$got" = "$want" ] ||
		die "$c: it quotes $BENCH_QUOTE ${got//$'\n'/ and }, this series is $want: run make bench and quote its table"
fi

from=$(sed -n -E 's/^From: .*<([^>]+)>.*/\1/p' "$work/headers")
[ -n "$from" ] || die "$c: no From: address"
pp=()
for p in "${patches[@]}"; do
	pp+=("$PATCHES_DIR/$p")
done
recipients "$from" "${pp[@]}" | LC_ALL=C sort >"$work/want"
for h in To Cc; do
	sed -n "s/^$h: //p" "$work/headers" | perl -ne '
		chomp; my $h = shift @ARGV;
		# split on commas outside quotes
		print "'"$h"': $_\n" for map { s/^\s+|\s+$//gr } /((?:"[^"]*"|[^,])+)/g;
	'
done | LC_ALL=C sort >"$work/have"
if ! diff -q "$work/want" "$work/have" >/dev/null; then
	LC_ALL=C comm -23 "$work/want" "$work/have" | sed 's/^/    missing: /' >&2
	LC_ALL=C comm -13 "$work/want" "$work/have" | sed 's/^/    not from get_maintainer.pl: /' >&2
	die "$c: To:/Cc: differ from scripts/get_maintainer.pl for the series (scripts/export.sh writes them)"
fi
log "$c: subject, $prose lines of text, $n patches listed, base-commit $base, To: $(grep -c '^To' "$work/want"), Cc: $(grep -c '^Cc' "$work/want") as get_maintainer.pl gives"
