# shellcheck shell=sh
# hmm: tools/testing/selftests/mm/hmm-tests with lib/test_hmm.ko, as
# test_hmm.sh smoke (run_vmtests.sh -t hmm) runs it: load the driver, run
# the program, unload.  Run directly, not through run_vmtests.sh, so that
# its tests keep their own names, which suite_retry needs.  The
# device-coherent tests skip: test_hmm.ko is loaded without
# spm_addr_dev0/1 (they need real or reserved special-purpose memory).
#
# The benchmark benchmark_thp_migration is left out: it times migrations
# by the wall clock and is not a correctness test (what the series costs
# is make bench's, in instructions), and its 120 s limit is compiled into
# hmm-tests and does not scale with the guest's speed.  Under TCG that
# speed is the host's load: check-full's run of 2026-12-04 went over the
# limit on the test config with another job on the host, as KASAN and
# KCSAN runs did before.  (On KASAN's smaller free memory the order-9
# allocations test_hmm.ko makes for it, without __GFP_NOWARN, also print
# "page allocation failure" reports that the console scan fails.)  The
# run says so in a TAP comment.
SUITE_PROGRAMS="hmm-tests"
SUITE_KCONFIG="CONFIG_ZONE_DEVICE=y CONFIG_DEVICE_PRIVATE=y CONFIG_TEST_HMM=m"
SUITE_TIMEOUT=600

suite_run()
{
	load test_hmm || return 1
	echo "# xrmap: benchmark_thp_migration left out (a wall-clock benchmark: scripts/suites/hmm.sh)"
	"$ST/hmm-tests" -T benchmark_thp_migration
	rc=$?
	rmmod test_hmm
	return $rc
}

# A known-flaky test (selftests/expected-results) that failed, once more.
suite_retry()
{
	load test_hmm || return 1
	"$ST/hmm-tests" -r "$1"
	rc=$?
	rmmod test_hmm
	return $rc
}
