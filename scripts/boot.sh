#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the built kernel with its initramfs in QEMU and wait for the guest
# to run its suites and power off.  The status starts as failed: only a
# guest that reached "### xrmap done", powered off by itself within the
# timeout, and left a console free of kernel reports passes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ACCEL=${ACCEL:-tcg,thread=multi}
SMP=${SMP:-4}
MEM=${MEM:-2G}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1800}
KERNEL=${KERNEL:-$OUT/arch/x86/boot/bzImage}
INITRD=${INITRD:-$OUT/initramfs.cpio}
CMDLINE="console=ttyS0 numa=fake=2 panic=-1 hugepages=32 ${APPEND:-}"

usage()
{
	cat >&2 <<EOF2
usage: $PROG RUN_DIR
  Boots \$KERNEL with \$INITRD; writes RUN_DIR/console.log (kernel
  console) and RUN_DIR/results.log (the suites' output).
  env: ACCEL=$ACCEL SMP=$SMP MEM=$MEM BOOT_TIMEOUT=$BOOT_TIMEOUT (s),
       APPEND (extra kernel command line), QEMU_EXTRA (extra qemu options)
EOF2
	exit 2
}
[ $# -eq 1 ] || usage
run=$1
[[ "$BOOT_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "BOOT_TIMEOUT must be a number of seconds, got '$BOOT_TIMEOUT'"
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
	-accel "$ACCEL" -cpu max -smp "$SMP" -m "$MEM" \
	-nodefaults -display none -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$CMDLINE" \
	-serial "file:$console" -serial "file:$results" \
	${QEMU_EXTRA:-} </dev/null >"$run/qemu.log" 2>&1 || rc=$?
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
"$TOP/scripts/scan-console.sh" "$console"
if grep -q -a '^### xrmap lockdep debug_locks:0' "$results"; then
	tail_console
	die "lockdep switched itself off during the run: later locking bugs went unchecked (console: $console)"
fi
log "guest finished cleanly (console: $console)"
