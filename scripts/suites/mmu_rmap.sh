# shellcheck shell=sh
# mmu_rmap: the series' kselftests, mmu_rmap_tests (one test per
# invalidation source) and mmu_rmap_race (external faults racing with each
# source), as run_vmtests.sh -t mmu_rmap runs them (test_mmu_rmap.sh),
# with ext4 on a loop device, swap on a ram disk and a memory cgroup.
SUITE_NEEDS="series"
SUITE_PROGRAMS="mmu_rmap_tests mmu_rmap_race test_mmu_rmap.sh"
SUITE_KCONFIG="CONFIG_TEST_MMU_RMAP=m"
SUITE_SETUP="ext4 swap cgroup"
SUITE_NOSKIP=1
SUITE_TIMEOUT=900

suite_run()
{
	MMU_RMAP_EXT4_DIR=/mnt/ext4 vmtests mmu_rmap
}

# suite_pick TEST...: only these tests, each "PROGRAM.FIXTURE[.VARIANT].NAME"
# (mmu_rmap_tests.file.memfd.truncate), run alone by test_mmu_rmap.sh run
# PROGRAM -r FIXTURE[.VARIANT].NAME.  Each is one result with the
# program's own nested; a name that matches no test fails as "no test of
# that name".
suite_pick()
{
	echo "TAP version 13"
	echo "1..$#"
	n=0 rc=0
	for id in "$@"; do
		n=$((n + 1))
		(cd "$ST" && MMU_RMAP_EXT4_DIR=/mnt/ext4 bash ./test_mmu_rmap.sh run \
			"${id%%.*}" -r "${id#*.}") >/tmp/pick.out 2>&1
		r=$?
		sed 's/^/    /' /tmp/pick.out
		if ! grep -q '^    \(not \)\{0,1\}ok 1 ' /tmp/pick.out; then
			echo "not ok $n $id # no test of that name"
			rc=1
		elif [ $r -eq 0 ]; then
			echo "ok $n $id"
		else
			echo "not ok $n $id # exit=$r"
			rc=1
		fi
	done
	return $rc
}
