#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the built kernel with its initramfs in QEMU and wait for the guest
# to run its suites and power off.  The status starts as failed: only a
# guest that reached "### xrmap done", powered off by itself within the
# timeout, and left a console free of kernel reports passes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ACCEL=${XRMAP_ACCEL:-tcg,thread=multi}
SMP=${XRMAP_SMP:-4}
# The vCPU has no 1 GiB pages (pdpe1gb=off): cow's and gup_longterm's
# hugetlb variants of that size would need two of them free, which a 2 GiB
# guest cannot spare and which a guest big enough for them (6 GiB) lays out
# so that the compaction tests' pages no longer sit where compaction
# reaches.  The 2 MiB ones are set up per suite (SUITE_SETUP hugetlb).
MEM=${XRMAP_MEM:-2G}
KERNEL=${XRMAP_KERNEL:-$OUT/arch/x86/boot/bzImage}
INITRD=${XRMAP_INITRD:-$OUT/initramfs.cpio}
# The guest's suites are bounded by their SUITE_TIMEOUT times this (slow
# builds raise it); the guest as a whole by their sum and 5 minutes more.
TIME_SCALE=${XRMAP_TIME_SCALE:-1}
[[ "$TIME_SCALE" =~ ^[1-9][0-9]*$ ]] || die "XRMAP_TIME_SCALE must be a whole number, got '$TIME_SCALE'"
BOOT_TIMEOUT=${XRMAP_BOOT_TIMEOUT:-}
if [ -z "$BOOT_TIMEOUT" ]; then
	BOOT_TIMEOUT=1800
	if [ -r "$INITRD.suites" ]; then
		BOOT_TIMEOUT=300
		for s in $(cat "$INITRD.suites"); do
			BOOT_TIMEOUT=$((BOOT_TIMEOUT + $(suite_var "$s" SUITE_TIMEOUT) * TIME_SCALE))
		done
	fi
fi
CMDLINE="console=ttyS0 numa=fake=2 panic=-1 hugepages=32 XRMAP_TIME_SCALE=$TIME_SCALE ${XRMAP_APPEND:-}"

usage()
{
	cat >&2 <<EOF2
usage: $PROG RUN_DIR
  Boots \$XRMAP_KERNEL with \$XRMAP_INITRD; writes RUN_DIR/console.log (kernel
  console) and RUN_DIR/results.log (the suites' output).
  env: XRMAP_ACCEL=$ACCEL XRMAP_SMP=$SMP XRMAP_MEM=$MEM XRMAP_BOOT_TIMEOUT (s, default from the suites),
       XRMAP_APPEND (extra kernel command line), XRMAP_QEMU_EXTRA (extra qemu options)
EOF2
	exit 2
}
[ $# -eq 1 ] || usage
run=$1
[[ "$BOOT_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "XRMAP_BOOT_TIMEOUT must be a number of seconds, got '$BOOT_TIMEOUT'"
[[ "$SMP" =~ ^[1-9][0-9]*$ ]] || die "SMP must be a number of vCPUs, got '$SMP'"
[ -r "$KERNEL" ] || die "no kernel image at $KERNEL: run scripts/build.sh first"
[ -r "$INITRD" ] || die "no initramfs at $INITRD: run scripts/initramfs.sh first"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: install qemu-system-x86"

mkdir -p "$run"
console=$run/console.log results=$run/results.log
rm -f "$console" "$results"

tail_console()
{
	echo "---- last 30 lines of $console ----" >&2
	tail -n 30 "$console" | tr -d '\r' >&2
	echo "----" >&2
}

log "booting $(basename "$KERNEL") (accel $ACCEL, $SMP vCPUs, $MEM, timeout ${BOOT_TIMEOUT}s)"
start=$(date +%s)
rc=0
# shellcheck disable=SC2086
timeout --foreground -k 10 "$BOOT_TIMEOUT" qemu-system-x86_64 \
	-accel "$ACCEL" -cpu max,pdpe1gb=off -smp "$SMP" -m "$MEM" \
	-nodefaults -display none -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$CMDLINE" \
	-serial "file:$console" -serial "file:$results" \
	${XRMAP_QEMU_EXTRA:-} </dev/null >"$run/qemu.log" 2>&1 || rc=$?
log "guest ran $(($(date +%s) - start))s"

if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	tail_console
	die "guest timed out after ${BOOT_TIMEOUT}s (console: $console)"
fi
if [ $rc -ne 0 ]; then
	cat "$run/qemu.log" >&2
	die "qemu exited with status $rc (log: $run/qemu.log)"
fi
if grep -q -a 'Kernel panic' "$console"; then
	tail_console
	die "guest panicked: $(grep -a -m1 -o 'Kernel panic.*' "$console" | tr -d '\r') (console: $console)"
fi
if ! grep -q -a '^### xrmap done' "$results" 2>/dev/null; then
	tail_console
	die "guest stopped before its tests finished (console: $console)"
fi
# A known report (XRMAP_KNOWN_REPORTS: of code that is not ours) is told
# on stderr and counted on stdout; a lockdep report switches lockdep off,
# which is then said, not failed.
known=$("$TOP/scripts/scan-console.sh" "$console") || exit 1
if grep -q -a '^### xrmap lockdep debug_locks:0' "$results"; then
	if [ "${known:-0}" -gt 0 ]; then
		log "lockdep switched itself off after the known report above: the rest of the run went unchecked by lockdep"
	else
		tail_console
		die "lockdep switched itself off during the run: later locking bugs went unchecked (console: $console)"
	fi
fi
log "guest finished cleanly (console: $console)"
