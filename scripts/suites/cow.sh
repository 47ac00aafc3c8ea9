# shellcheck shell=sh
# cow: copy-on-write semantics after fork(), with GUP and with
# vmsplice(), of base pages, every THP size, swapped-out pages and every
# hugetlb size: tools/testing/selftests/mm/cow as run_vmtests.sh -t cow
# runs it, with swap on (its swap-out variants) and free huge pages of
# each size (the guest's command line reserves them).
SUITE_PROGRAMS="cow"
SUITE_SETUP="swap hugetlb"
SUITE_NOSKIP=1
SUITE_TIMEOUT=900

suite_run()
{
	vmtests cow
}
