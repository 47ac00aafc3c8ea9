# SPDX-License-Identifier: GPL-2.0
# report.sh and scan-console.sh on made-up guest output: sourced by run.sh.

cat >"$tmp/expected" <<'EOE'
# test expectations
FAIL demo:demo.known # fails on the base for a known reason
NOSKIP strict
EOE

results()
{
	{
		echo "### xrmap suite demo begin"
		printf '%s\n' "$@"
		echo "### xrmap suite demo end rc=0"
		echo "### xrmap suite strict begin"
		echo "ok 1 strict.a"
		echo "### xrmap suite strict end rc=0"
		echo "### xrmap done"
	} >"$tmp/results.log"
	"$S/report.sh" "$tmp/results.log" "$tmp/expected"
}

expect_ok report-known-failure-not-counted "2 passed, 0 failed, 1 skipped" \
	results "ok 1 demo.a" "not ok 2 demo.known" "ok 3 demo.b # SKIP no device"
expect_ok report-known-failure-own-line \
	"# known base failures (1), not counted as failed: demo:demo.known" \
	results "ok 1 demo.a" "not ok 2 demo.known"
expect_error report-new-failure "1 passed, 1 failed, 0 skipped" \
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

strict_skip()
{
	printf '%s\n' "### xrmap suite strict begin" "ok 1 strict.a # SKIP Not enough threads" \
		"### xrmap suite strict end rc=0" "### xrmap done" >"$tmp/results.log"
	"$S/report.sh" "$tmp/results.log" "$tmp/expected"
}
expect_error report-noskip-suite-skipped \
	"not ok 1 strict:strict.a # skipped, but suite strict must not skip: Not enough threads" \
	strict_skip

crashed_suite()
{
	printf '%s\n' "### xrmap suite strict begin" "ok 1 strict.a" \
		"### xrmap suite strict end rc=139" "### xrmap suite demo begin" "ok 1 demo.a" \
		>"$tmp/results.log"
	"$S/report.sh" "$tmp/results.log" "$tmp/expected"
}
expect_error report-nonzero-exit-without-failure \
	"not ok 2 strict:exit-status # exited with status 139 and no failed test" crashed_suite
expect_error report-suite-unfinished \
	"not ok 4 demo:unfinished # the guest stopped inside this suite" crashed_suite

# A known-flaky test: passes only when its retry (after the suite) passes.
cat >"$tmp/flaky-expected" <<'EOE'
FLAKY demo:demo.flaky # fails now and then on the base
EOE
flaky()
{
	{
		echo "### xrmap suite demo begin"
		echo "ok 1 demo.a"
		echo "$1 2 demo.flaky"
		echo "### xrmap suite demo end rc=$([ "$1" = ok ] && echo 0 || echo 1)"
		if [ -n "$2" ]; then
			echo "### xrmap retry demo demo.flaky begin"
			echo "$2 1 demo.flaky"
			echo "### xrmap retry demo demo.flaky end rc=0"
		fi
		echo "### xrmap done"
	} >"$tmp/results.log"
	"$S/report.sh" "$tmp/results.log" "$tmp/flaky-expected"
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
expect_error report-flaky-and-fail "$tmp/twice-expected: demo:demo.flaky is listed twice" \
	"$S/report.sh" "$tmp/results.log" "$tmp/twice-expected"
# A FLAKY test of a suite the guest cannot run again.
printf 'FLAKY cow:cow.x # fails now and then\n' >"$tmp/noretry-expected"
mkdir -p "$tmp/fake-out/modroot/lib/modules"
expect_error initramfs-flaky-without-retry \
	"initramfs.sh: error: $tmp/noretry-expected: FLAKY cow:cow.x, but scripts/guest/suites.sh has no retry_cow() to run it again" \
	env OUT="$tmp/fake-out" EXPECTED="$tmp/noretry-expected" "$S/initramfs.sh" cow

printf '[    1.0] Linux version 6.12\n[    2.0] xrmap guest: ok\n' >"$tmp/clean.log"
expect_ok scan-clean-console "clean" \
	bash -c "'$S/scan-console.sh' '$tmp/clean.log' && echo clean"
for report in \
	"WARNING: CPU: 1 PID: 77 at mm/rmap.c:1234 try_to_unmap_one+0x1/0x2" \
	"BUG: KASAN: slab-use-after-free in mmu_rmap_dispatch+0x10/0x20" \
	"WARNING: possible circular locking dependency detected" \
	"BUG: sleeping function called from invalid context at mm/rmap.c:1" \
	"rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:" \
	"BUG: KCSAN: data-race in folio_mkclean / try_to_unmap"; do
	printf '[    1.0] Linux version 6.12\n[    3.1] %s\n' "$report" >"$tmp/bad.log"
	expect_error "scan-finds: ${report%% *} ${report#* }" \
		"scan-console.sh: error: the kernel reported 1 problem lines in $tmp/bad.log (first shown above)" \
		"$S/scan-console.sh" "$tmp/bad.log"
done
