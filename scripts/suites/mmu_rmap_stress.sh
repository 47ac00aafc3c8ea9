# shellcheck shell=sh
# mmu_rmap_stress (make stress, scripts/stress.sh): only the race tests,
# under memory pressure.  They run in a memory cgroup with memory.high
# below what they and a background job use: the job fills and frees shmem
# in /dev/shm and asks for compaction every second, so reclaim (to swap on
# the ram disk) scans the races' folios and compaction moves them while
# external faults race with every invalidation source.  memory.high
# throttles instead of killing: no OOM kill.  The cgroup's counters at the
# end show how much reclaim ran (the kernel has no VM_EVENT_COUNTERS:
# /proc/vmstat has no event counts, memory.stat does).
SUITE_NEEDS="series"
SUITE_EXTRA=1
SUITE_PROGRAMS="mmu_rmap_race"
SUITE_KCONFIG="CONFIG_TEST_MMU_RMAP=m"
SUITE_SETUP="ext4 swap cgroup"
SUITE_NOSKIP=1
# Sized by make stress: XRMAP_STRESS_SECONDS on the command line.
SUITE_TIMEOUT=$((${XRMAP_STRESS_SECONDS:-600} + 600))

STRESS_HIGH=${STRESS_HIGH:-64M}
STRESS_FILL_MB=${STRESS_FILL_MB:-96}

pressure()
{
	n=0
	while [ ! -e /tmp/stress.stop ]; do
		dd if=/dev/zero of=/dev/shm/pressure bs=1M count="$STRESS_FILL_MB" 2>/dev/null
		rm -f /dev/shm/pressure
		echo 1 >/proc/sys/vm/compact_memory
		n=$((n + 1))
		echo $n >/tmp/stress.compactions
		sleep 1
	done
}

suite_run()
{
	load test_mmu_rmap || return 1
	export MMU_RMAP_EXT4_DIR=/mnt/ext4
	cg=/sys/fs/cgroup/stress
	mkdir -p $cg && echo "$STRESS_HIGH" >$cg/memory.high && echo $$ >$cg/cgroup.procs ||
		{ echo "# cannot make the memory cgroup $cg"; return 1; }
	rm -f /tmp/stress.stop
	pressure &
	pid=$!
	rc=0
	"$ST/mmu_rmap_race" || rc=1
	touch /tmp/stress.stop
	wait $pid
	rm -f /dev/shm/pressure
	echo "# pressure: memory.high events $(sed -n 's/^high //p' $cg/memory.events)"
	grep -E '^(pgscan|pgsteal|pgmajfault) ' $cg/memory.stat | sed 's/^/# pressure: /'
	echo "# pressure: swap peak $(($(cat $cg/memory.swap.peak) >> 20)) MiB"
	echo "# pressure: compactions asked $(cat /tmp/stress.compactions)"
	echo $$ >/sys/fs/cgroup/cgroup.procs
	rmdir $cg
	rmmod test_mmu_rmap
	return $rc
}
