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
