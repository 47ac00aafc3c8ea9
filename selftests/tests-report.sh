# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, SELF and the expect_* helpers come from run.sh
# tap.pl on real guest output (selftests/golden/: what the guest printed,
# captured from runs of the test kernel) and on made-up edge cases, and
# scan-console.sh on console lines: sourced by run.sh.
G=$SELF/golden

# Real output: the counts must be exactly these.
: >"$tmp/none"
printf '%s\n' "SKIP cow:cow.Basic COW after fork() when collapsing after fork() (fully shared) # known" \
	>"$tmp/cow-expected"
# cow run without swap, as the harness once did: its unnamed skips
# ("ok N # SKIP reason", ksft_test_result_skip()) are skips, and cow must
# not skip.
expect_error golden-cow-unnamed-skips "438 passed, 232 failed, 0 skipped" \
	"$S/tap.pl" report "$G/cow-noswap.log" "$tmp/none" cow
expect_ok golden-cow-unnamed-skips-counted "438 passed, 0 failed, 232 skipped" \
	"$S/tap.pl" report "$G/cow-noswap.log" "$tmp/none"
expect_ok golden-cow-skip-names "ok 2 cow:Basic COW after fork() ... with swapped out base page # SKIP MADV_PAGEOUT did not work, is swap enabled?" \
	"$S/tap.pl" report "$G/cow-noswap.log" "$tmp/none"
# cow under run_vmtests.sh, swap on: one known skip.
expect_ok golden-cow-vmtests "669 passed, 0 failed, 1 skipped" \
	"$S/tap.pl" report "$G/cow.log" "$tmp/cow-expected" cow
expect_error golden-cow-vmtests-unlisted-skip \
	"not ok 650 cow:cow.Basic COW after fork() when collapsing after fork() (fully shared) # skipped, but suite cow must not skip: MADV_COLLAPSE failed: Invalid argument" \
	"$S/tap.pl" report "$G/cow.log" "$tmp/none" cow
# Four programs under run_vmtests.sh, kselftest.h TAP nested in each.
expect_ok golden-gup-vmtests "43 passed, 0 failed, 0 skipped" \
	"$S/tap.pl" report "$G/gup_test.log" "$tmp/none" gup_test
expect_ok golden-gup-vmtests-names "ok 1 gup_test:gup_test_-u.ioctl status 0" \
	"$S/tap.pl" report "$G/gup_test.log" "$tmp/none" gup_test
# kselftest_harness.h fixtures and variants; three known failures.
printf 'FAIL hmm:hmm.hmm_device_private.%s # known\n' exclusive exclusive_mprotect exclusive_cow \
	>"$tmp/hmm-expected"
expect_ok golden-hmm "26 passed, 0 failed, 29 skipped" \
	"$S/tap.pl" report "$G/hmm.log" "$tmp/hmm-expected"
expect_ok golden-hmm-known "# known base failures (3), not counted as failed: hmm:hmm.hmm_device_private.exclusive, hmm:hmm.hmm_device_private.exclusive_mprotect, hmm:hmm.hmm_device_private.exclusive_cow" \
	"$S/tap.pl" report "$G/hmm.log" "$tmp/hmm-expected"
expect_ok golden-migration-vmtests "6 passed, 0 failed, 0 skipped" \
	"$S/tap.pl" report "$G/migration.log" "$tmp/none" migration
# KUnit's debugfs results: the suite line is not a result, its cases are.
expect_ok golden-kunit-usercopy "4 passed, 0 failed, 0 skipped" \
	"$S/tap.pl" report "$G/kunit_usercopy.log" "$tmp/none" kunit_usercopy
expect_ok golden-kunit-usercopy-names "ok 1 kunit_usercopy:usercopy.usercopy_test_valid" \
	"$S/tap.pl" report "$G/kunit_usercopy.log" "$tmp/none" kunit_usercopy
expect_ok golden-kunit-mmu-rmap "17 passed, 0 failed, 0 skipped" \
	"$S/tap.pl" report "$G/kunit_mmu_rmap.log" "$tmp/none" kunit_mmu_rmap
# Parameterized cases (lib/kunit/kunit-example-test.c): each parameter
# counts, the case line does not; the parameters have no plan (KTAP
# allows it when the count is not known).
expect_ok golden-kunit-params "8 passed, 0 failed, 4 skipped" \
	"$S/tap.pl" report "$G/kunit_example.log" "$tmp/none"
expect_ok golden-kunit-param-name \
	"ok 8 kunit_example:example.example_params_test.example value 3 # SKIP unsupported param value 3" \
	"$S/tap.pl" report "$G/kunit_example.log" "$tmp/none"
# Three levels: run_vmtests.sh, test_mmu_rmap.sh, the two programs.
expect_ok golden-mmu-rmap-vmtests "51 passed, 0 failed, 0 skipped" \
	"$S/tap.pl" report "$G/mmu_rmap.log" "$tmp/none" mmu_rmap

# Made-up output, one broken thing at a time.
cat >"$tmp/expected" <<'EOE'
# test expectations
FAIL demo:demo.known # fails on the base for a known reason
EOE

# results LINE...: a results.log with the suite demo holding the lines
# (a plan added), and the suite strict, whose tests must not skip.
results()
{
	{
		echo "### xrmap suite demo begin"
		echo "TAP version 13"
		echo "1..$(printf '%s\n' "$@" | grep -c '^\(not \)\?ok ')"
		printf '%s\n' "$@"
		echo "### xrmap suite demo end rc=0"
		printf '%s\n' "### xrmap suite strict begin" "1..1" "ok 1 strict.a" \
			"### xrmap suite strict end rc=0" "### xrmap done"
	} >"$tmp/results.log"
	"$S/tap.pl" report "$tmp/results.log" "$tmp/expected" strict
}
# raw LINE...: the suite demo exactly as given.
raw()
{
	printf '%s\n' "### xrmap suite demo begin" "$@" "### xrmap suite demo end rc=0" \
		"### xrmap done" >"$tmp/results.log"
	"$S/tap.pl" report "$tmp/results.log" "$tmp/none"
}

expect_ok report-known-failure-not-counted "2 passed, 0 failed, 1 skipped" \
	results "ok 1 demo.a" "not ok 2 demo.known" "ok 3 demo.b # SKIP no device"
expect_ok report-known-failure-own-line \
	"# known base failures (1), not counted as failed: demo:demo.known" \
	results "ok 1 demo.a" "not ok 2 demo.known"
expect_error report-new-failure "not ok 1 demo:demo.a" \
	results "not ok 1 demo.a" "not ok 2 demo.known"
expect_error report-known-failure-now-passes \
	"not ok 2 demo:demo.known # listed as a known base failure but passed: remove it from $tmp/expected" \
	results "ok 1 demo.a" "ok 2 demo.known"
expect_error report-known-failure-did-not-run \
	"not ok 3 demo:demo.known # listed in $tmp/expected but did not run" \
	results "ok 1 demo.a"
expect_error report-cow-style-names \
	"not ok 1 demo:Basic COW after fork() ... with base page # MADV_NOHUGEPAGE failed" \
	results "# [RUN] Basic COW after fork() ... with base page" \
		"not ok 1 MADV_NOHUGEPAGE failed" "not ok 2 demo.known"
expect_error report-noskip-suite-skipped \
	"not ok 1 strict:strict.a # skipped, but suite strict must not skip: Not enough threads" \
	bash -c "printf '%s\n' '### xrmap suite strict begin' '1..1' 'ok 1 strict.a # SKIP Not enough threads' \
		'### xrmap suite strict end rc=0' '### xrmap done' >'$tmp/skip.log' &&
		'$S/tap.pl' report '$tmp/skip.log' '$tmp/expected' strict"
expect_error report-unnamed-skip-in-noskip-suite \
	"not ok 1 strict:test1 # skipped, but suite strict must not skip: no swap" \
	bash -c "printf '%s\n' '### xrmap suite strict begin' '1..1' 'ok 1 # SKIP no swap' \
		'### xrmap suite strict end rc=0' '### xrmap done' >'$tmp/skip.log' &&
		'$S/tap.pl' report '$tmp/skip.log' '$tmp/expected' strict"
expect_error report-duplicate-name "not ok 3 demo:demo.a # a second result with this name" \
	results "ok 1 demo.a" "ok 2 demo.known # SKIP x" "ok 3 demo.a"
expect_error report-number-out-of-sequence \
	"not ok 3 demo:tap # Tests out of sequence.  Found (3) but expected (2)" \
	raw "1..2" "ok 1 demo.a" "ok 3 demo.b"
expect_error report-missing-plan "not ok 2 demo:tap # No plan found in TAP output" \
	raw "ok 1 demo.a"
expect_error report-plan-mismatch \
	"not ok 2 demo:tap # Bad plan.  You planned 3 tests but ran 1." \
	raw "1..3" "ok 1 demo.a"
expect_error report-bail-out \
	"not ok 2 demo:tap # Bad plan.  You planned 2 tests but ran 1.; Bail out! cannot open /dev/hmm_dmirror0" \
	raw "1..2" "ok 1 demo.a" "Bail out! cannot open /dev/hmm_dmirror0"
expect_error report-no-results "not ok 2 demo:no-results # printed no TAP result" \
	raw "no TAP here"
expect_ok report-skip-all "ok 1 demo:all # SKIP no device" \
	raw "1..0 # SKIP no device"
expect_error report-nested-plan-mismatch \
	"not ok 2 demo:suite.tap # Bad plan.  You planned 2 tests but ran 1." \
	raw "1..1" "    1..2" "    ok 1 case" "ok 1 suite"
expect_error report-parent-fails-alone \
	"not ok 2 demo:suite # failed, but none of its subtests did" \
	raw "1..1" "    1..1" "    ok 1 case" "not ok 1 suite"
expect_ok report-nested-leaves-counted "2 passed, 0 failed, 1 skipped" \
	raw "1..1" "    1..2" "        ok 1 p1" "        ok 2 p2 # SKIP no" "    ok 1 case" \
		"    ok 2 other" "ok 1 suite"

# crashed_suite: a suite that died, then one the guest stopped in.
crashed_suite()
{
	printf '%s\n' "### xrmap suite strict begin" "1..1" "ok 1 strict.a" \
		"### xrmap suite strict end rc=139" "### xrmap suite demo begin" "1..1" \
		"ok 1 demo.a" >"$tmp/results.log"
	"$S/tap.pl" report "$tmp/results.log" "$tmp/expected"
}
expect_error report-nonzero-exit-without-failure \
	"not ok 2 strict:exit-status # exited with status 139 and no failed test" crashed_suite
expect_error report-suite-unfinished \
	"not ok 4 demo:unfinished # the guest stopped inside this suite" crashed_suite
expect_error report-guest-not-done \
	"not ok 6 guest:done # the guest did not get to the end of its run" crashed_suite

# A known-flaky test: passes only when its retry (after the suite) passes.
cat >"$tmp/flaky-expected" <<'EOE'
FLAKY demo:demo.flaky # fails now and then on the base
EOE
flaky()
{
	{
		echo "### xrmap suite demo begin"
		echo "1..2"
		echo "ok 1 demo.a"
		echo "$1 2 demo.flaky"
		echo "### xrmap suite demo end rc=$([ "$1" = ok ] && echo 0 || echo 1)"
		if [ -n "$2" ]; then
			echo "### xrmap retry demo demo.flaky begin"
			echo "1..1"
			echo "$2 1 demo.flaky"
			echo "### xrmap retry demo demo.flaky end rc=0"
		fi
		echo "### xrmap done"
	} >"$tmp/results.log"
	"$S/tap.pl" report "$tmp/results.log" "${3:-$tmp/flaky-expected}"
}
expect_ok report-flaky-passes-on-retry \
	"# known flaky (1), failed, then passed when run again: demo:demo.flaky" \
	flaky "not ok" "ok"
expect_error report-flaky-fails-twice \
	"not ok 2 demo:demo.flaky # known flaky, but run again: failed" \
	flaky "not ok" "not ok"
expect_error report-flaky-not-run-again \
	"not ok 2 demo:demo.flaky # known flaky, but not run again" \
	flaky "not ok" ""
expect_ok report-flaky-passes-first-time "2 passed, 0 failed, 0 skipped" \
	flaky "ok" ""
printf 'FAIL demo:demo.flaky # a\nFLAKY demo:demo.flaky # b\n' >"$tmp/twice-expected"
expect_error report-flaky-and-fail "tap.pl: error: $tmp/twice-expected:2: demo:demo.flaky is listed twice" \
	"$S/tap.pl" report "$tmp/results.log" "$tmp/twice-expected"
printf 'NOSKIP demo\n' >"$tmp/old-expected"
expect_error report-bad-expected-line \
	"tap.pl: error: $tmp/old-expected:1: expected 'FAIL|FLAKY|SKIP SUITE:TEST # reason', got 'NOSKIP demo'" \
	"$S/tap.pl" report "$tmp/results.log" "$tmp/old-expected"
printf 'SKIP demo:demo.a # no device\n' >"$tmp/skip-expected"
expect_error report-known-skip-passes \
	"not ok 1 demo:demo.a # listed as a known skip but did not skip: remove it from $tmp/skip-expected" \
	flaky "ok" "" "$tmp/skip-expected"

# tap.pl sum: the steps' TAP files.
printf '1..2\nok 1 a\nok 2 b # SKIP x\n' >"$tmp/a.tap"
printf '1..1\nnot ok 1 c # TODO known\n' >"$tmp/b.tap"
printf '1..2\nok 1 d\n' >"$tmp/short.tap"
expect_ok sum-counts "1 passed, 0 failed, 1 skipped" "$S/tap.pl" sum "$tmp/a.tap" "$tmp/b.tap"
expect_error sum-bad-plan "tap.pl: $tmp/short.tap: Bad plan.  You planned 2 tests but ran 1." \
	"$S/tap.pl" sum "$tmp/a.tap" "$tmp/short.tap"
# tap.pl merge: make xpmem's two kernels in one stream.
expect_ok merge-names "ok 2 x: b # SKIP x" "$S/tap.pl" merge x="$tmp/a.tap" y="$tmp/b.tap"
expect_ok merge-bad-file "not ok 4 y: the run # Bad plan.  You planned 2 tests but ran 1." \
	"$S/tap.pl" merge x="$tmp/a.tap" y="$tmp/short.tap"

# A FLAKY test of a suite the guest cannot run again.
printf 'FLAKY cow:cow.x # fails now and then\n' >"$tmp/noretry-expected"
mkdir -p "$tmp/fake-out/modroot/lib/modules"
expect_error initramfs-flaky-without-retry \
	"initramfs.sh: error: $tmp/noretry-expected: FLAKY cow:cow.x, but $TOP/scripts/suites/cow.sh has no suite_retry() to run it again" \
	env XRMAP_OUT="$tmp/fake-out" XRMAP_TREE="$REAL_TREE" XRMAP_EXPECTED="$tmp/noretry-expected" "$S/initramfs.sh" cow

printf '[    1.0] Linux version 6.12\n[    2.0] xrmap guest: ok\n' >"$tmp/clean.log"
expect_ok scan-clean-console "clean" \
	bash -c "'$S/scan-console.sh' '$tmp/clean.log' && echo clean"
for report in \
	"WARNING: CPU: 1 PID: 77 at mm/rmap.c:1234 try_to_unmap_one+0x1/0x2" \
	"BUG: KASAN: slab-use-after-free in mmu_rmap_dispatch+0x10/0x20" \
	"WARNING: possible circular locking dependency detected" \
	"BUG: sleeping function called from invalid context at mm/rmap.c:1" \
	"rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:" \
	"BUG: KCSAN: data-race in folio_mkclean / try_to_unmap" \
	"Oops: general protection fault, probably for non-canonical address" \
	"kernel BUG at mm/rmap.c:1234!" \
	"BUG: unable to handle page fault for address: 0000000000000120" \
	"UBSAN: shift-out-of-bounds in mm/rmap.c:12:3" \
	"Call Trace:" \
	"rcu: 	1-...!: (1 GPs behind) idle=1 softirq=1/1 fqs=0 self-detected stall" \
	"INFO: task mmu_rmap_race:123 blocked for more than 120 seconds." \
	"mmu_rmap_race: page allocation failure: order:0, mode:0x140cca" \
	"BUG: Bad page state in process mmu_rmap_race  pfn:12345"; do
	printf '[    1.0] Linux version 6.12\n[    3.1] %s\n' "$report" >"$tmp/bad.log"
	expect_error "scan-finds: ${report%% *} ${report#* }" \
		"scan-console.sh: error: the kernel reported 1 problem lines in $tmp/bad.log (first shown above)" \
		"$S/scan-console.sh" "$tmp/bad.log"
done
# Known reports of code that is not ours (make xpmem's stock run): a
# report whose stack names the declared function is not counted, one of
# the same headline from elsewhere is, and a malformed table is refused.
printf '# h\nWARNING: possible recursive locking detected | xpmem_invalidate_range | stock nests\n' >"$tmp/known"
printf '%s\n' '[    1.0] Linux version 7.3' '[    2.0] ============' \
	'[    2.0] WARNING: possible recursive locking detected' '[    2.1] Call Trace:' \
	'[    2.1]  <TASK>' '[    2.2]  xpmem_invalidate_range+0x143/0x1a7 [xpmem]' '[    2.3]  </TASK>' \
	'[    3.0] xrmap guest: ok' >"$tmp/known.log"
expect_ok scan-known-report "known report, not counted (lines 3-7): stock nests" \
	env XRMAP_KNOWN_REPORTS="$tmp/known" "$S/scan-console.sh" "$tmp/known.log"
sed 's/xpmem_invalidate_range/mmu_rmap_fault/' "$tmp/known.log" >"$tmp/other.log"
expect_error scan-known-headline-elsewhere \
	"scan-console.sh: error: the kernel reported 2 problem lines in $tmp/other.log (first shown above)" \
	env XRMAP_KNOWN_REPORTS="$tmp/known" "$S/scan-console.sh" "$tmp/other.log"
printf 'WARNING: x | y\n' >"$tmp/known-bad"
expect_error scan-known-malformed \
	"scan-console.sh: error: $tmp/known-bad:1: not HEADLINE | FUNCTION | WHY" \
	env XRMAP_KNOWN_REPORTS="$tmp/known-bad" "$S/scan-console.sh" "$tmp/known.log"
