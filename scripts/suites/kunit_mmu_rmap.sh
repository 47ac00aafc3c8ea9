# shellcheck shell=sh
# kunit_mmu_rmap: mm/mmu_rmap_kunit.c, the notifier core's KUnit suite;
# built in (it checks the unexported static key): it ran at boot.
SUITE_NEEDS="series"
SUITE_PROGRAMS=""
SUITE_KCONFIG="CONFIG_KUNIT=y CONFIG_KUNIT_DEBUGFS=y CONFIG_MMU_NOTIFIER_RMAP_KUNIT_TEST=y"
SUITE_NOSKIP=1
SUITE_TIMEOUT=60

suite_run()
{
	r=/sys/kernel/debug/kunit/mmu_rmap_notifier/results
	[ -r $r ] || { echo "# no $r: is CONFIG_MMU_NOTIFIER_RMAP_KUNIT_TEST=y?"; return 1; }
	cat $r
}
