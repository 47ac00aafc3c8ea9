#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The table and chart of make bench, from its raw figures: lines of
#   KIND KERNEL BOOT WORKLOAD MODE ops=N ns=T inval=I round_trips=R
#	refaults=F checked=C bad=B
# (KIND icount or wall; KERNEL base or series; MODE none, registered,
# mapped or mirrored).  Writes DIR/bench.txt, DIR/bench.dat and
# DIR/bench.png; prints the table.  Fails when a workload lacks one of
# (a)-(f), and when an importer read data that differs from the CPU's.
# SERIES names the series measured (scripts/lib.sh series_id), for the
# table's first line, which the cover letter quotes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

[ $# -eq 3 ] || { echo "usage: $PROG RAW_FIGURES OUT_DIR SERIES" >&2; exit 2; }
raw=$1 dir=$2 series=$3
[ -s "$raw" ] || die "no figures in $raw"
[ -d "$dir" ] || die "no directory $dir"
command -v gnuplot >/dev/null || die "gnuplot is missing: install gnuplot-nox"

awk -v dat="$dir/bench.dat" -v series="$series" -v quote="$BENCH_QUOTE" '
function cond(k, m) {
	if (k == "base" && m == "none") return "a"
	if (k == "series" && m == "none") return "b"
	if (k == "series" && m == "registered") return "c"
	if (k == "series" && m == "mapped") return "d"
	if (k == "base" && m == "mirrored") return "e"
	if (k == "series" && m == "mirrored") return "f"
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
function m(w, c) { return med["icount" SUBSEP w SUBSEP c] }
function flag(w, c) { return spread["icount" SUBSEP w SUBSEP c] > 0.005 ? "!" : " " }
{
	c = cond($2, $5)
	if (c == "" || NF != 12) { print "report.sh: error: bad line: " $0 > "/dev/stderr"; bad = 1; exit 1 }
	key = $1 SUBSEP $4 SUBSEP c
	if (!($4 in seen)) { seen[$4] = 1; order[++nw] = $4 }
	v[key, ++n[key]] = val($7) / val($6)
	if ($1 == "icount" && (c == "d" || c == "e")) {
		inval[$4, c] += val($8) / val($6); rt[$4, c] += val($9) / val($6)
		if (val($11)) rf[$4, c] += val($10) / val($11)
		nb[$4, c]++
	}
	checked[$4, c] += val($11); wrong[$4, c] += val($12)
	if ($1 == "icount") boots[$3] = 1
}
END {
	if (bad) exit 1
	for (key in n) stat(key)
	printf "%s %s: instructions per operation (QEMU TCG, 1 vCPU,\n", quote, series
	printf "-icount shift=0,sleep=off: the guest clock counts retired instructions); median\n"
	printf "of %d boots per kernel; ! = spread (max - min) / median over 0.5%% between boots.\n", length(boots)
	printf "(a) base  (b) series, no notifier  (c) a notifier registered, nothing mapped\n"
	printf "(d) every folio mapped by the series'"'"' importer, delay 0  (e) the range mirrored\n"
	printf "by mainline'"'"'s importer (lib/test_hmm'"'"'s dmirror: mmu_interval_notifier and\n"
	printf "hmm_range_fault()) on the base; (f) the same on the series.  inv/op: the\n"
	printf "series'"'"' importer'"'"'s callbacks that found a mapping; rt/op: its acknowledgements;\n"
	printf "rf(d), rf(e): pages each importer faulted in again when it read the range back\n"
	printf "after the last round, per page read (- where the range is gone).\n\n"
	printf "%-15s %9s %7s %7s %7s %7s %7s %7s %6s %6s %5s %5s\n", "workload", "(a)",
		"b/a", "c/a", "d/a", "e/a", "d/e", "f/e", "inv/op", "rt/op", "rf(d)", "rf(e)"
	unstable = 0
	for (i = 1; i <= nw; i++) {
		w = order[i]
		for (c = 1; c <= 6; c++) {
			k = "icount" SUBSEP w SUBSEP substr("abcdef", c, 1)
			if (!(k in n)) { printf "report.sh: error: %s: no (%s) figures\n", w, substr("abcdef", c, 1) > "/dev/stderr"; exit 1 }
			if (spread[k] > 0.005) unstable++
		}
		a = m(w, "a"); b = m(w, "b"); cc = m(w, "c"); d = m(w, "d"); e = m(w, "e"); f = m(w, "f")
		printf "%-15s %8.0f%s %7.4f %7.4f %7.3f %7.3f %7.3f %7.4f %6.2f %6.3f %5s %5s\n", w,
			a, flag(w, "a"), b / a, cc / a, d / a, e / a, d / e, f / e,
			inval[w, "d"] / nb[w, "d"], rt[w, "d"] / nb[w, "d"],
			checked[w, "d"] ? sprintf("%.2f", rf[w, "d"] / nb[w, "d"]) : "-",
			checked[w, "e"] ? sprintf("%.2f", rf[w, "e"] / nb[w, "e"]) : "-"
		printf "%s %.5f %.5f %.5f %.5f\n", w, b / a, cc / a, d / a, e / a > dat
		if (b / a > worst_b) { worst_b = b / a; wb = w }
		if (cc / a > worst_c) { worst_c = cc / a; wc = w }
		if (d / a > worst_d) { worst_d = d / a; wd_ = w }
		if (d > e) dearer = dearer sprintf(" %s (d/e %.3f)", w, d / e)
		for (c = 1; c <= 6; c++) {
			x = substr("abcdef", c, 1)
			nchecked += checked[w, x]
			if (wrong[w, x]) { nwrong += wrong[w, x]; wrongs = wrongs sprintf(" %s (%s): %d", w, x, wrong[w, x]) }
		}
	}
	printf "\nTargets (issue 21):\n"
	printf "  b/a <= 1.0005 on every workload: %s (worst %.4f, %s)\n", worst_b <= 1.0005 ? "met" : "NOT met", worst_b, wb
	printf "  c/a <= 1.001 on every workload:  %s (worst %.4f, %s)\n", worst_c <= 1.001 ? "met" : "NOT met", worst_c, wc
	printf "  d/a <= 1.10 on every workload:   %s (worst %.3f, %s)\n", worst_d <= 1.10 ? "met" : "NOT met", worst_d, wd_
	printf "  d <= e (the series'"'"' importer no dearer than mainline'"'"'s): %s\n", dearer == "" ? "on every workload" : "not on" dearer
	printf "  figures with a spread over 0.5%%: %d of %d\n", unstable, nw * 6
	printf "Data: %d pages read back through the importers, %d differed from the CPU'"'"'s view%s\n",
		nchecked, nwrong, wrongs == "" ? "" : ":" wrongs
	if (nwrong) exit 3
}' "$raw" >"$dir/bench.txt" || rc=$?
case ${rc:-0} in
0) ;;
3)	cat "$dir/bench.txt"
	die "an importer read data that differs from the CPU's (the Data line above)" ;;
*)	die "could not make the table from $raw" ;;
esac

gnuplot <<EOF || die "gnuplot failed"
set terminal png size 1200,500
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
	'' using 4 title "(d) all folios mapped externally", \
	'' using 5 title "(e) mirrored by dmirror (mainline)"
EOF
cat "$dir/bench.txt"
