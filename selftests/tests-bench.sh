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
	for m in "base none 1000" "series none 1003" "series registered 1006" "series mapped 1500"; do
		set -- $m
		echo "icount $1 $b anon-4k $2 ops=10 ns=$(($3 * 10 + b)) inval=10 round_trips=10"
	done
done >"$tmp/bench/raw"
expect_ok bench-report "anon-4k              1000       1003       1006       1500   1.0030  1.0060   1.500        500     1.00    1.000        -" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench"
expect_ok bench-report-targets "  d/a <= 2.0 on every workload:   met (worst 1.500, anon-4k)" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench"
grep -v ' mapped ' "$tmp/bench/raw" >"$tmp/bench/raw-no-d"
expect_error bench-report-missing "report.sh: error: anon-4k: no (d) figures" \
	"$S/bench/report.sh" "$tmp/bench/raw-no-d" "$tmp/bench"
echo "icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0" >"$tmp/bench/raw-bad"
expect_error bench-report-bad-line "report.sh: error: bad line: icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0" \
	"$S/bench/report.sh" "$tmp/bench/raw-bad" "$tmp/bench"
