# shellcheck shell=sh
# bench (make bench, scripts/bench.sh): the workloads of
# scripts/bench/mmu_rmap_bench.c with no notifier registered, with the
# range mirrored by mainline's importer (lib/test_hmm's dmirror), then,
# where the series' test driver exists, with a notifier registered and
# with every folio mapped externally.  Runs on the base too.  test_hmm.ko
# is in every build: the hmm suite asks for it.
SUITE_EXTRA=1
SUITE_PROGRAMS=""
SUITE_SETUP="ext4 swap cgroup"
SUITE_TIMEOUT=1800

suite_run()
{
	rc=0
	/xrmap/bin/mmu_rmap_bench none /mnt/ext4 || rc=1
	load test_hmm || rc=1
	/xrmap/bin/mmu_rmap_bench mirrored /mnt/ext4 || rc=1
	rmmod test_hmm
	if [ -n "$(module_path test_mmu_rmap)" ]; then
		load test_mmu_rmap || rc=1
		/xrmap/bin/mmu_rmap_bench registered /mnt/ext4 || rc=1
		/xrmap/bin/mmu_rmap_bench mapped /mnt/ext4 || rc=1
		rmmod test_mmu_rmap
	fi
	return $rc
}
