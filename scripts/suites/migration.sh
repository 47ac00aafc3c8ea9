# shellcheck shell=sh
# migration: move_pages(2) racing with accesses, between the two fake NUMA
# nodes, as run_vmtests.sh -t migration runs it (it needs 3 CPUs and
# libnuma seeing the nodes through CONFIG_CPUSETS).
SUITE_PROGRAMS="migration"
SUITE_NOSKIP=1
SUITE_TIMEOUT=600

suite_run()
{
	vmtests migration
}
