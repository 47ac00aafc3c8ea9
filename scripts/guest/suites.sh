# SPDX-License-Identifier: GPL-2.0
# The test suites the guest can run, one shell function suite_NAME each,
# sourced by run-tests.sh.  A suite prints TAP ("ok N name", "not ok N
# name", "# SKIP") and returns non-zero when it failed.
ST=/xrmap/mm

# The path of a module of the initramfs, by name.
module_path()
{
	find /lib/modules -name "$1.ko"
}

# Load a module from the initramfs by name.
load()
{
	ko=$(module_path "$1")
	[ -n "$ko" ] || { echo "# module $1 is not in the initramfs"; return 1; }
	insmod "$ko"
}

suite_kunit_usercopy()
{
	load usercopy_kunit || return 1
	cat /sys/kernel/debug/kunit/usercopy/results
	rmmod usercopy_kunit
}

# Built in (it checks the unexported static key): it ran at boot.
suite_kunit_mmu_rmap()
{
	r=/sys/kernel/debug/kunit/mmu_rmap_notifier/results
	[ -r $r ] || { echo "# no $r: is CONFIG_MMU_NOTIFIER_RMAP_KUNIT_TEST=y?"; return 1; }
	cat $r
}

# What the mmu_rmap tests reach beyond tmpfs: ext4 on a loop device (the
# image is packed by initramfs.sh), swap on a ram disk, a memory cgroup.
storage_up()
{
	losetup /dev/loop0 /xrmap/ext4.img &&
		mkdir -p /mnt/ext4 && mount -t ext4 /dev/loop0 /mnt/ext4 &&
		mkswap /dev/ram0 >/dev/null && swapon /dev/ram0 &&
		mkdir -p /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup &&
		echo +memory >/sys/fs/cgroup/cgroup.subtree_control
}

storage_down()
{
	umount /sys/fs/cgroup
	swapoff /dev/ram0
	umount /mnt/ext4
	losetup -d /dev/loop0
}

suite_mmu_rmap()
{
	load test_mmu_rmap || return 1
	storage_up || { echo "# cannot set up ext4, swap and cgroup2"; return 1; }
	MMU_RMAP_MODULE=$(module_path test_mmu_rmap)
	export MMU_RMAP_MODULE MMU_RMAP_EXT4_DIR=/mnt/ext4
	rc=0
	"$ST/mmu_rmap_tests" || rc=1
	"$ST/mmu_rmap_race" || rc=1
	storage_down
	rmmod test_mmu_rmap
	return $rc
}

suite_hmm()
{
	load test_hmm || return 1
	"$ST/hmm-tests"
	rc=$?
	rmmod test_hmm
	return $rc
}

# retry_SUITE TEST: run one test of SUITE again, on its own (a FLAKY test
# of selftests/expected-results that failed; run-tests.sh calls it).
retry_hmm()
{
	load test_hmm || return 1
	"$ST/hmm-tests" -r "$1"
	rc=$?
	rmmod test_hmm
	return $rc
}

suite_migration()
{
	"$ST/migration"
}

# gup_test is not a kselftest_harness program: report each invocation as
# one TAP line, with the arguments run_vmtests.sh uses.
suite_gup_test()
{
	n=0 rc=0
	for args in "-u" "-a" "-ct -F 0x1 0 19 0x1000"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		if "$ST/gup_test" $args; then
			echo "ok $n gup_test $args"
		else
			echo "not ok $n gup_test $args"
			rc=1
		fi
	done
	return $rc
}

suite_cow()
{
	"$ST/cow"
}


# make stress (scripts/stress.sh): only the race tests, under memory
# pressure.  They run in a memory cgroup with memory.high below what they
# and a background job use: the job fills and frees shmem in /dev/shm and
# asks for compaction every second, so reclaim (to swap on the ram disk)
# scans the races' folios and compaction moves them while external faults
# race with every invalidation source.  memory.high throttles instead of
# killing: no OOM kill.  The cgroup's counters at the end show how much
# reclaim ran (the kernel has no VM_EVENT_COUNTERS: /proc/vmstat has no
# event counts, memory.stat does).
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

suite_mmu_rmap_stress()
{
	load test_mmu_rmap || return 1
	storage_up || { echo "# cannot set up ext4, swap and cgroup2"; return 1; }
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
	storage_down
	rmmod test_mmu_rmap
	return $rc
}

# make bench (scripts/bench.sh): the workloads of scripts/bench/
# mmu_rmap_bench.c with no notifier registered, then, where the series'
# test driver exists, with a notifier registered and with every folio
# mapped externally.
suite_bench()
{
	storage_up || { echo "# cannot set up ext4, swap and cgroup2"; return 1; }
	rc=0
	/xrmap/bin/mmu_rmap_bench none /mnt/ext4 || rc=1
	if [ -n "$(module_path test_mmu_rmap)" ]; then
		load test_mmu_rmap || rc=1
		/xrmap/bin/mmu_rmap_bench registered /mnt/ext4 || rc=1
		/xrmap/bin/mmu_rmap_bench mapped /mnt/ext4 || rc=1
		rmmod test_mmu_rmap
	fi
	storage_down
	return $rc
}
