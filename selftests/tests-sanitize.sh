# SPDX-License-Identifier: GPL-2.0
# sanitize.sh and stress.sh reject bad arguments and settings before they
# build anything: sourced by run.sh.

expect_error sanitize-no-build "usage: sanitize.sh debug|kcsan [SUITE...]   (env as for run.sh)" \
	"$S/sanitize.sh"
expect_error sanitize-unknown-build "sanitize.sh: error: unknown sanitizer build 'kasan' (known: debug kcsan)" \
	"$S/sanitize.sh" kasan
expect_error stress-args "usage: stress.sh   (env STRESS_MINUTES=10, STRESS_THREADS=4, STRESS_DELAYS=\"0 10 1000\" us, MEM=768M)" \
	"$S/stress.sh" 5
expect_error stress-bad-minutes "stress.sh: error: STRESS_MINUTES must be a whole number of minutes, got '1.5'" \
	env STRESS_MINUTES=1.5 "$S/stress.sh"
expect_error stress-too-short "stress.sh: error: STRESS_MINUTES=1 leaves 0 s a test: give it 2 minutes or more" \
	env STRESS_MINUTES=1 "$S/stress.sh"
expect_error stress-bad-threads "stress.sh: error: STRESS_THREADS must be 1 to 64, got '0'" \
	env STRESS_THREADS=0 "$S/stress.sh"
expect_error stress-too-many-threads "stress.sh: error: STRESS_THREADS must be 1 to 64, got '65'" \
	env STRESS_THREADS=65 "$S/stress.sh"
expect_error stress-bad-delays "stress.sh: error: STRESS_DELAYS must be microseconds separated by spaces, got '0,10'" \
	env STRESS_DELAYS=0,10 "$S/stress.sh"

# make bench's settings, and its report from raw figures.
expect_error bench-args "usage: bench.sh   (env BENCH_BOOTS=3: boots per kernel under -icount, 3 to 20)" \
	"$S/bench.sh" now
expect_error bench-too-few-boots "bench.sh: error: BENCH_BOOTS must be 3 to 20 (a median needs 3 boots), got '2'" \
	env BENCH_BOOTS=2 "$S/bench.sh"
mkdir -p "$tmp/bench"
for b in 1 2 3; do
	for m in "base none 1000" "series none 1003" "series registered 1006" "series mapped 1500"; do
		set -- $m
		echo "icount $1 $b anon-4k $2 ops=10 ns=$(($3 * 10 + b)) inval=10 round_trips=10"
	done
done >"$tmp/bench/raw"
expect_ok bench-report "anon-4k              1000       1003       1006       1500   1.0030  1.0060   1.500        500     1.00     1.00        -" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench"
expect_ok bench-report-targets "  d/a <= 2.0 on every workload:   met (worst 1.500, anon-4k)" \
	"$S/bench/report.sh" "$tmp/bench/raw" "$tmp/bench"
grep -v ' mapped ' "$tmp/bench/raw" >"$tmp/bench/raw-no-d"
expect_error bench-report-missing "report.sh: error: anon-4k: no (d) figures" \
	"$S/bench/report.sh" "$tmp/bench/raw-no-d" "$tmp/bench"
echo "icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0" >"$tmp/bench/raw-bad"
expect_error bench-report-bad-line "report.sh: error: bad line: icount series 1 anon-4k exported ops=1 ns=1 inval=0 round_trips=0" \
	"$S/bench/report.sh" "$tmp/bench/raw-bad" "$tmp/bench"
