# shellcheck shell=sh
# hmm: tools/testing/selftests/mm/hmm-tests with lib/test_hmm.ko, as
# test_hmm.sh smoke (run_vmtests.sh -t hmm) runs it: load the driver, run
# the program, unload.  Run directly, not through run_vmtests.sh, so that
# its tests keep their own names, which suite_retry needs.  The
# device-coherent tests skip: test_hmm.ko is loaded without
# spm_addr_dev0/1 (they need real or reserved special-purpose memory).
SUITE_PROGRAMS="hmm-tests"
SUITE_KCONFIG="CONFIG_ZONE_DEVICE=y CONFIG_DEVICE_PRIVATE=y CONFIG_TEST_HMM=m"
SUITE_TIMEOUT=600

suite_run()
{
	load test_hmm || return 1
	"$ST/hmm-tests"
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
