# shellcheck shell=sh
# hmm: tools/testing/selftests/mm/hmm-tests with lib/test_hmm.ko, as
# test_hmm.sh smoke (run_vmtests.sh -t hmm) runs it: load the driver, run
# the program, unload.  Run directly, not through run_vmtests.sh, so that
# its tests keep their own names, which suite_retry needs.  The
# device-coherent tests skip: test_hmm.ko is loaded without
# spm_addr_dev0/1 (they need real or reserved special-purpose memory).
#
# On the slow sanitizer builds (XRMAP_TIME_SCALE above 1) the benchmark
# benchmark_thp_migration is left out: it is not a correctness test, its
# 120 s limit is compiled into hmm-tests and does not scale (KASAN and KCSAN
# runs went over it), and the order-9 allocations test_hmm.ko makes for it
# have no __GFP_NOWARN, so on KASAN's smaller free memory each failed one
# prints a "page allocation failure" report that the console scan fails.
# The run says so in a TAP comment; it still runs on the test config.
SUITE_PROGRAMS="hmm-tests"
SUITE_KCONFIG="CONFIG_ZONE_DEVICE=y CONFIG_DEVICE_PRIVATE=y CONFIG_TEST_HMM=m"
SUITE_TIMEOUT=600

suite_run()
{
	load test_hmm || return 1
	if [ "${XRMAP_TIME_SCALE:-1}" -gt 1 ]; then
		echo "# xrmap: benchmark_thp_migration left out on this slow build (XRMAP_TIME_SCALE=$XRMAP_TIME_SCALE)"
		"$ST/hmm-tests" -T benchmark_thp_migration
	else
		"$ST/hmm-tests"
	fi
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
