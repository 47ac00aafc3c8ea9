#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The table and chart of make bench, from its raw figures: lines of
#   KIND KERNEL BOOT WORKLOAD MODE ops=N ns=T inval=I round_trips=R
# (KIND icount or wall; KERNEL base or series; MODE none, registered or
# mapped).  Writes DIR/bench.txt, DIR/bench.dat and DIR/bench.png; prints
# the table.  Fails when a workload lacks one of (a)-(d).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

[ $# -eq 2 ] || { echo "usage: $PROG RAW_FIGURES OUT_DIR" >&2; exit 2; }
raw=$1 dir=$2
[ -s "$raw" ] || die "no figures in $raw"
[ -d "$dir" ] || die "no directory $dir"
command -v gnuplot >/dev/null || die "gnuplot is missing: install gnuplot-nox"

awk -v dat="$dir/bench.dat" '
function cond(k, m) {
	if (k == "base" && m == "none") return "a"
	if (k == "series" && m == "none") return "b"
	if (k == "series" && m == "registered") return "c"
	if (k == "series" && m == "mapped") return "d"
	return ""
}
function val(s) { sub(/^[a-z_]+=/, "", s); return s + 0 }
# median and spread ((max - min) / median) of v[key, 1..n[key]]
function stat(key,   i, j, t, m, c) {
	c = n[key]
	for (i = 1; i <= c; i++) s[i] = v[key, i]
	for (i = 2; i <= c; i++)
		for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
	m = c % 2 ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
	med[key] = m
	spread[key] = m ? (s[c] - s[1]) / m : 0
}
function fig(key) {
	return sprintf("%9.0f%s", med[key], spread[key] > 0.005 ? "!" : " ")
}
{
	c = cond($2, $5)
	if (c == "") { print "report.sh: error: bad line: " $0 > "/dev/stderr"; bad = 1; exit 1 }
	key = $1 SUBSEP $4 SUBSEP c
	if (!($4 in seen)) { seen[$4] = 1; order[++nw] = $4 }
	v[key, ++n[key]] = val($7) / val($6)
	if (c == "d" && $1 == "icount") {
		inval[$4] += val($8) / val($6); rt[$4] += val($9) / val($6); nd[$4]++
	}
	if ($1 == "icount") boots[$3] = 1
}
END {
	if (bad) exit 1
	for (key in n) stat(key)
	nb = length(boots)
	printf "make bench: instructions per operation (QEMU TCG, 1 vCPU, -icount shift=0,sleep=off:\n"
	printf "the guest clock counts retired instructions); median of %d boots per kernel;\n", nb
	printf "! = spread (max - min) / median over 0.5%% between boots.\n"
	printf "(a) base  (b) series, no notifier  (c) a notifier registered, nothing mapped\n"
	printf "(d) every folio mapped externally, delay 0.  inval/op: the driver'"'"'s callbacks that\n"
	printf "found a mapping, per op; round trips/op: its acknowledgements per op.\n\n"
	printf "%-15s %10s %10s %10s %10s %7s %7s %7s %10s %8s %8s %8s\n",
		"workload", "(a)", "(b)", "(c)", "(d)", "b/a", "c/a", "d/a",
		"(d-a)/inv", "inval/op", "rtrip/op", "wall d/a"
	unstable = 0
	for (i = 1; i <= nw; i++) {
		w = order[i]
		for (c = 1; c <= 4; c++) {
			k = "icount" SUBSEP w SUBSEP substr("abcd", c, 1)
			if (!(k in n)) { printf "report.sh: error: %s: no (%s) figures\n", w, substr("abcd", c, 1) > "/dev/stderr"; exit 1 }
			if (spread[k] > 0.005) unstable++
		}
		a = med["icount" SUBSEP w SUBSEP "a"]; b = med["icount" SUBSEP w SUBSEP "b"]
		cc = med["icount" SUBSEP w SUBSEP "c"]; d = med["icount" SUBSEP w SUBSEP "d"]
		iv = inval[w] / nd[w]; r = rt[w] / nd[w]
		wa = med["wall" SUBSEP w SUBSEP "a"]; wd = med["wall" SUBSEP w SUBSEP "d"]
		printf "%-15s %s %s %s %s %7.4f %7.4f %7.3f %10.0f %8.2f %8.3f %8s\n", w,
			fig("icount" SUBSEP w SUBSEP "a"), fig("icount" SUBSEP w SUBSEP "b"),
			fig("icount" SUBSEP w SUBSEP "c"), fig("icount" SUBSEP w SUBSEP "d"),
			b / a, cc / a, d / a, iv ? (d - a) / iv : 0, iv, r,
			wa ? sprintf("%.2f", wd / wa) : "-"
		printf "%s %.5f %.5f %.5f\n", w, b / a, cc / a, d / a > dat
		if (b / a > worst_b) { worst_b = b / a; wb = w }
		if (cc / a > worst_c) { worst_c = cc / a; wc = w }
		if (d / a > worst_d) { worst_d = d / a; wd_ = w }
	}
	printf "\nTargets (brief I5 and make bench'"'"'s issue):\n"
	printf "  b/a <= 1.005 on every workload: %s (worst %.4f, %s)\n", worst_b <= 1.005 ? "met" : "NOT met", worst_b, wb
	printf "  c/a <= 1.01 on every workload:  %s (worst %.4f, %s)\n", worst_c <= 1.01 ? "met" : "NOT met", worst_c, wc
	printf "  d/a <= 2.0 on every workload:   %s (worst %.3f, %s)\n", worst_d <= 2.0 ? "met" : "NOT met", worst_d, wd_
	printf "  figures with a spread over 0.5%%: %d of %d\n", unstable, nw * 4
}' "$raw" >"$dir/bench.txt" || die "could not make the table from $raw"

gnuplot <<EOF || die "gnuplot failed"
set terminal png size 1000,500
set output "$dir/bench.png"
set title "make bench: instructions per operation against the unpatched base"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "ratio to (a) the base (log scale)"
set logscale y
set yrange [0.95:*]
set offsets 0, 0, graph 0.05, 0
set xtics rotate by -20
set key outside below horizontal
set grid ytics
plot "$dir/bench.dat" using 2:xtic(1) title "(b) no notifier", \
	'' using 3 title "(c) notifier registered", \
	'' using 4 title "(d) all folios mapped externally"
EOF
cat "$dir/bench.txt"
