# shellcheck shell=sh
# bench (make bench, scripts/bench.sh): the workloads of
# scripts/bench/mmu_rmap_bench.c in each mode of XRMAP_BENCH_MODE (from
# the kernel command line: make bench boots once per mode; default all
# that the kernel has: none, mirrored, and where the series' test driver
# exists, registered and mapped).  mirrored mirrors the range with
# mainline's importer, lib/test_hmm's dmirror; test_hmm.ko is in every
# build: the hmm suite asks for it.
SUITE_EXTRA=1
SUITE_PROGRAMS=""
SUITE_SETUP="ext4 swap cgroup"
SUITE_TIMEOUT=1800

suite_run()
{
	rc=0
	modes=${XRMAP_BENCH_MODE:-none mirrored registered mapped}
	if [ -z "${XRMAP_BENCH_MODE:-}" ] && [ -z "$(module_path test_mmu_rmap)" ]; then
		modes="none mirrored"
	fi
	for m in $modes; do
		case $m in
		none)
			/xrmap/bin/mmu_rmap_bench none /mnt/ext4 || rc=1 ;;
		mirrored)
			load test_hmm || rc=1
			/xrmap/bin/mmu_rmap_bench mirrored /mnt/ext4 || rc=1
			rmmod test_hmm ;;
		registered|mapped)
			load test_mmu_rmap || rc=1
			/xrmap/bin/mmu_rmap_bench "$m" /mnt/ext4 || rc=1
			rmmod test_mmu_rmap ;;
		*)
			echo "bench: unknown mode '$m' (none, mirrored, registered, mapped)"
			rc=1 ;;
		esac
	done
	return $rc
}
