# shellcheck shell=sh
# xpmem (make xpmem, scripts/xpmem.sh): XPMEM's own tests and the
# side-by-side program, with the xpmem.ko and the programs that
# scripts/xpmem.sh packs into /xrmap/xpmem (stock XPMEM on the base,
# converted on the series; /xrmap/xpmem/kind says which).
#
# XPMEM's test/run.sh runs xpmem_master, which runs each test as two
# processes and prints "==== NAME STARTS ====" and "==== NAME
# PASSED|FAILED ====", then the leak check test_mem_leak (stock: pages
# pinned == pages unpinned; converted: references taken == dropped).
# Each test is one TAP result: ok only when it printed PASSED and none of
# its processes printed a "***mismatch"; a test that started and printed
# no result, or a run with fewer results than tests, fails.  Then
# xpmem_sbs (xpmem/sbs/xpmem_sbs.c) prints its KTAP, and rmmod must work.
SUITE_EXTRA=1
SUITE_PROGRAMS=""
SUITE_SETUP="ext4 swap cgroup"
SUITE_NOSKIP=1
SUITE_TIMEOUT=300

# XPMEM's run.sh output (stdin) as TAP, what it printed as comments, the
# plan last.
xpmem_tap()
{
	awk '
	function result(name, ok, why) {
		n++
		printf "%s %d %s%s\n", ok ? "ok" : "not ok", n, name, why == "" ? "" : " # " why
	}
	BEGIN { print "TAP version 13" }
	{ print "# " $0 }
	/^==== .* STARTS ====$/ {
		if (cur != "") result(cur, 0, "no result")
		cur = $2; bad = 0; next
	}
	/\*\*\*mismatch/ { bad++ }
	/^==== .* (PASSED|FAILED) ====$/ {
		if ($2 != cur) { result($2, 0, "result without a start"); cur = ""; next }
		if ($3 == "PASSED" && bad) result(cur, 0, bad " mismatches printed")
		else result(cur, $3 == "PASSED", $3 == "PASSED" ? "" : "FAILED")
		cur = ""
	}
	END {
		if (cur != "") result(cur, 0, "no result")
		print "1.." n + 0
	}'
}

suite_run()
{
	load xpmem || return 1
	kind=$(cat /xrmap/xpmem/kind)
	echo "TAP version 13"
	echo "1..3"
	echo "# xpmem: $kind XPMEM"
	# XPMEM's tests (four, and the leak check), as a subtest.
	(cd /xrmap/xpmem && bash ./run.sh) >/tmp/xpmem-run.out 2>&1
	rc=$?
	xpmem_tap </tmp/xpmem-run.out | sed 's/^/    /' >/tmp/xpmem-run.tap
	cat /tmp/xpmem-run.tap
	n=$(sed -n 's/^    1\.\.//p' /tmp/xpmem-run.tap)
	if [ $rc -eq 0 ] && [ "$n" -eq 5 ] && ! grep -q '^    not ok' /tmp/xpmem-run.tap; then
		echo "ok 1 xpmem_run"
	else
		echo "not ok 1 xpmem_run # run.sh exit=$rc, $n of 5 results"
	fi
	sed 's/^/# /' /proc/xpmem/global_pages
	# test_fork's child of xpmem_proc1 sleeps 3 s after the test.
	i=0
	while pidof xpmem_master xpmem_proc1 xpmem_proc2 >/dev/null && [ $i -lt 30 ]; do
		sleep 1
		i=$((i + 1))
	done
	# The side-by-side program, as a subtest.
	{
		/xrmap/xpmem/xpmem_sbs "$kind" /mnt/ext4 2>&1
		echo $? >/tmp/xpmem-sbs.rc
	} | awk '{ print "    " $0; fflush() }'
	rc=$(cat /tmp/xpmem-sbs.rc)
	if [ "$rc" -eq 0 ]; then echo "ok 2 xpmem_sbs"; else echo "not ok 2 xpmem_sbs # exit=$rc"; fi
	if rmmod xpmem; then echo "ok 3 rmmod"; else echo "not ok 3 rmmod"; fi
}
