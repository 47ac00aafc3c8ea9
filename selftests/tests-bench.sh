# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# make bench's settings, and its report from raw figures.
expect_error bench-args "usage: bench.sh   (env XRMAP_BENCH_BOOTS=3: boots per kernel under -icount, 3 to 20)" \
	"$S/bench.sh" now
expect_error bench-too-few-boots "bench.sh: error: BENCH_BOOTS must be 3 to 20 (a median needs 3 boots), got '2'" \
	env XRMAP_BENCH_BOOTS=2 "$S/bench.sh"
mkdir -p "$tmp/bench"
for b in 1 2 3; do
	for m in "base none 1000 0 0" "series none 1003 0 0" "series registered 1006 0 0" \
		"series mapped 1500 0 256" "base mirrored 1200 256 256" "series mirrored 1201 256 256"; do
		set -- $m
		echo "icount $1 $b anon-4k $2 ops=10 ns=$(($3 * 10 + b)) inval=10 round_trips=10 refaults=$4 checked=$5 bad=0"
	done
done >"$tmp/bench/raw"
expect_ok bench-report "anon-4k             1000   1.0030  1.0060   1.500   1.200   1.250  1.0008   1.00  1.000  0.00  1.00" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench" 0123456789ab
expect_ok bench-report-series "make bench on series 0123456789ab: instructions per operation (QEMU TCG, 1 vCPU," \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench" 0123456789ab
expect_ok bench-report-targets "  d/a <= 1.10 on every workload:   NOT met (worst 1.500, anon-4k)" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench" 0123456789ab
expect_ok bench-report-dearer "  d <= e (the series' importer no dearer than mainline's): not on anon-4k (d/e 1.250)" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench" 0123456789ab
awk '!($2 == "series" && $5 == "mirrored")' "$tmp/bench/raw" >"$tmp/bench/raw-no-f"
expect_error bench-report-missing "report.sh: error: anon-4k: no (f) figures" \
	"$S/bench/report.sh" "$tmp/bench/raw-no-f" "$tmp/bench" 0123456789ab
awk '$2 == "series" && $5 == "mapped" { sub(/bad=0/, "bad=2") } 1' "$tmp/bench/raw" >"$tmp/bench/raw-stale"
expect_error bench-report-stale "report.sh: error: an importer read data that differs from the CPU's (the Data line above)" \
	"$S/bench/report.sh" "$tmp/bench/raw-stale" "$tmp/bench" 0123456789ab
echo "icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0 refaults=0 checked=0 bad=0" >"$tmp/bench/raw-bad"
expect_error bench-report-bad-line "report.sh: error: bad line: icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0 refaults=0 checked=0 bad=0" \
	"$S/bench/report.sh" "$tmp/bench/raw-bad" "$tmp/bench" 0123456789ab
