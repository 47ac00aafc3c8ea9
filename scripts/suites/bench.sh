# shellcheck shell=sh
# bench (make bench, scripts/bench.sh): the workloads of
# scripts/bench/mmu_rmap_bench.c with no notifier registered, then, where
# the series' test driver exists, with a notifier registered and with
# every folio mapped externally.  Runs on the base too.
SUITE_EXTRA=1
SUITE_PROGRAMS=""
SUITE_SETUP="ext4 swap cgroup"
SUITE_TIMEOUT=1800

suite_run()
{
	rc=0
	/xrmap/bin/mmu_rmap_bench none /mnt/ext4 || rc=1
	if [ -n "$(module_path test_mmu_rmap)" ]; then
		load test_mmu_rmap || rc=1
		/xrmap/bin/mmu_rmap_bench registered /mnt/ext4 || rc=1
		/xrmap/bin/mmu_rmap_bench mapped /mnt/ext4 || rc=1
		rmmod test_mmu_rmap
	fi
	return $rc
}
