# shellcheck shell=sh
# kunit_usercopy: lib/usercopy_kunit.c, KUnit with a real mm, as a module;
# its results from debugfs (nested KTAP).
SUITE_PROGRAMS=""
SUITE_KCONFIG="CONFIG_KUNIT=y CONFIG_KUNIT_DEBUGFS=y CONFIG_USERCOPY_KUNIT_TEST=m"
SUITE_NOSKIP=1
SUITE_TIMEOUT=120

suite_run()
{
	load usercopy_kunit || return 1
	cat /sys/kernel/debug/kunit/usercopy/results
	rmmod usercopy_kunit
}
