# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# make xpmem (scripts/xpmem.sh): its arguments and the XPMEM snapshot it
# checks before it builds anything, and the guest suite's reading of
# XPMEM's test/run.sh output (scripts/suites/xpmem.sh): sourced by run.sh.

expect_error xpmem-args "usage: xpmem.sh [stock|converted]...   (default: both, then the table)" \
	"$S/xpmem.sh" bogus
expect_error xpmem-args-twice "usage: xpmem.sh [stock|converted]...   (default: both, then the table)" \
	"$S/xpmem.sh" stock stock
expect_error xpmem-tarball-missing \
	"xpmem.sh: error: XPMEM snapshot $tmp/none.tar.gz is missing: put xpmem-3bcab55.tar.gz (hpc/xpmem, see $TOP/xpmem/upstream.pin) there or set XRMAP_XPMEM_TARBALL to its path" \
	env XRMAP_XPMEM_TARBALL="$tmp/none.tar.gz" "$S/xpmem.sh"
printf 'not xpmem\n' >"$tmp/bad.tar.gz"
expect_error xpmem-tarball-sha256 \
	"xpmem.sh: error: $tmp/bad.tar.gz: sha256 is not 897c8f347975b1ea042d06d670873b3ca98d7cb68cff6386b5bc7c2f877d2d02 (the snapshot $TOP/xpmem/upstream.pin pins)" \
	env XRMAP_XPMEM_TARBALL="$tmp/bad.tar.gz" "$S/xpmem.sh"

# xpmem_tap NAME INPUT EXPECTED: the suite's reading of run.sh's output
# INPUT (printf format) must give the results EXPECTED (the TAP lines
# that are no comment, one a line).
xpmem_tap_test()
{
	local name=$1 input=$2 want=$3

	begin "$name" || return 0
	# shellcheck disable=SC2059
	printf "$input" >"$tmp/t/$name/run.out"
	(. "$TOP/scripts/suites/xpmem.sh" && xpmem_tap <"$tmp/t/$name/run.out") |
		grep -v '^#' >"$tmp/t/$name/tap"
	if [ "$(cat "$tmp/t/$name/tap")" = "$(printf "$want")" ]; then
		echo "ok $n $name"; pass=$((pass + 1))
	else
		echo "not ok $n $name # expected:"
		printf "$want" | sed 's/^/#   /'
		echo "# got:"
		sed 's/^/#   /' "$tmp/t/$name/tap"
		fail=$((fail + 1))
	fi
}
xpmem_tap_test xpmem-tap-passed \
	'==== test_base STARTS ====\nxpmem_proc2: adding 1\n==== test_base PASSED ====\n' \
	'TAP version 13\nok 1 test_base\n1..1'
xpmem_tap_test xpmem-tap-failed \
	'==== test_base STARTS ====\n==== test_base FAILED ====\n' \
	'TAP version 13\nnot ok 1 test_base # FAILED\n1..1'
xpmem_tap_test xpmem-tap-mismatch-under-passed \
	'==== test_fork STARTS ====\nxpmem_proc1: ***mismatch at 3: expected 4 got 3\n==== test_fork PASSED ====\n' \
	'TAP version 13\nnot ok 1 test_fork # 1 mismatches printed\n1..1'
xpmem_tap_test xpmem-tap-no-result \
	'==== test_base STARTS ====\n==== test_fork STARTS ====\n==== test_fork PASSED ====\n==== test_mem_leak STARTS ====\n' \
	'TAP version 13\nnot ok 1 test_base # no result\nok 2 test_fork\nnot ok 3 test_mem_leak # no result\n1..3'
xpmem_tap_test xpmem-tap-result-without-start \
	'==== test_base PASSED ====\n' \
	'TAP version 13\nnot ok 1 test_base # result without a start\n1..1'
xpmem_tap_test xpmem-tap-empty '' 'TAP version 13\n1..0'

# The side-by-side table from the two runs' "# sbs" lines.
printf '    # sbs xpmem=stock event=truncate mem=file pages=64 moved=0 stale=64 lost=64 sigbus=0 taken=64 dropped=64 foll_pins=0\n' \
	>"$tmp/sbs-stock.log"
printf '    # sbs xpmem=converted event=truncate mem=file pages=64 moved=64 stale=0 lost=0 sigbus=0 taken=128 dropped=128 foll_pins=0\n' \
	>"$tmp/sbs-converted.log"
expect_ok xpmem-table "| truncate | file | 0/64 | 64 / 64 / 0 | 64 / 64 | 64/64 | 0 / 0 / 0 | 128 / 128 |" \
	"$TOP/xpmem/sbs/table.pl" "$tmp/sbs-stock.log" "$tmp/sbs-converted.log"
printf '    # sbs xpmem=converted event=exit mem=file pages=64 moved=0 stale=0 lost=0 sigbus=64 taken=64 dropped=64 foll_pins=0\n' \
	>>"$tmp/sbs-converted.log"
expect_error xpmem-table-missing-row "table.pl: error: no stock row for exit file" \
	"$TOP/xpmem/sbs/table.pl" "$tmp/sbs-stock.log" "$tmp/sbs-converted.log"
printf '    # sbs xpmem=stock event=exit mem=file pages=64\n' >"$tmp/sbs-short.log"
expect_error xpmem-table-short-line \
	"table.pl: error: $tmp/sbs-short.log: no moved= in:     # sbs xpmem=stock event=exit mem=file pages=64" \
	"$TOP/xpmem/sbs/table.pl" "$tmp/sbs-short.log" "$tmp/sbs-converted.log"

# A suite that names no program (xpmem, bench), declared last: build.sh
# lists the programs of every suite, and gets past that to its own check.
mkdir -p "$tmp/suites-last-empty"
cp "$TOP/scripts/suites/cow.sh" "$TOP/scripts/suites/xpmem.sh" "$tmp/suites-last-empty/"
expect_error build-suite-without-programs-last \
	"build.sh: error: no $tmp/out-none/.config: run scripts/config.sh first" \
	env XRMAP_SUITES_DIR="$tmp/suites-last-empty" XRMAP_OUT="$tmp/out-none" "$S/build.sh"
