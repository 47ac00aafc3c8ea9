# shellcheck shell=sh
# gup_test: get_user_pages() and pin_user_pages() through /sys/kernel/debug/gup_test,
# and long-term pinning, as run_vmtests.sh -t gup_test runs them.
SUITE_PROGRAMS="gup_test gup_longterm"
SUITE_KCONFIG="CONFIG_GUP_TEST=y"
SUITE_SETUP="hugetlb"
SUITE_NOSKIP=1
SUITE_TIMEOUT=600

suite_run()
{
	vmtests gup_test
}
