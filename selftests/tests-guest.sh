# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# boot.sh with guests that fail: sourced by run.sh.  Boots the kernel that
# make build left (read only).

guest_tests="guest-panics guest-hangs guest-stops-early guest-lockdep-off guest-known-report"
if [ -r "$REAL_OUT/arch/x86/boot/bzImage" ]; then
	# No init in the initramfs: the kernel panics.
	expect_error guest-panics \
		"boot.sh: error: guest panicked: Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) (console: $tmp/panic/console.log)" \
		env XRMAP_OUT="$REAL_OUT" XRMAP_APPEND="rdinit=/no-such-init" XRMAP_BOOT_TIMEOUT=300 \
			"$S/boot.sh" "$tmp/panic"

	# guest_initrd FILE COMMAND...: an initramfs with busybox whose init
	# runs the busybox commands given, one a line.
	mkdir -p "$tmp/hang/root/bin"
	cp /bin/busybox "$tmp/hang/root/bin/"
	guest_initrd()
	{
		local out=$1

		shift
		{ echo '#!/bin/busybox sh'; printf '/bin/busybox %s\n' "$@"; } >"$tmp/hang/root/init"
		chmod +x "$tmp/hang/root/init"
		(cd "$tmp/hang/root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$out"
	}

	# An init that never powers off: the host's timeout catches it.
	guest_initrd "$tmp/hang/initrd" "sleep 100000"
	expect_error guest-hangs \
		"boot.sh: error: guest timed out after 20s (console: $tmp/hang/run/console.log)" \
		env XRMAP_OUT="$REAL_OUT" XRMAP_INITRD="$tmp/hang/initrd" XRMAP_BOOT_TIMEOUT=20 \
			"$S/boot.sh" "$tmp/hang/run"

	# An init that stops before the suites finish.
	guest_initrd "$tmp/hang/initrd2" "reboot -f"
	expect_error guest-stops-early \
		"boot.sh: error: guest stopped before its tests finished (console: $tmp/early/console.log)" \
		env XRMAP_OUT="$REAL_OUT" XRMAP_INITRD="$tmp/hang/initrd2" XRMAP_BOOT_TIMEOUT=300 \
			"$S/boot.sh" "$tmp/early"

	# Suites that finish, but lockdep was switched off on the way.
	guest_initrd "$tmp/hang/initrd3" "mount -t devtmpfs d /dev" \
		'echo "### xrmap lockdep debug_locks:0" >/dev/ttyS1' \
		'echo "### xrmap done" >/dev/ttyS1' "reboot -f"
	expect_error guest-lockdep-off \
		"boot.sh: error: lockdep switched itself off during the run: later locking bugs went unchecked (console: $tmp/nolockdep/console.log)" \
		env XRMAP_OUT="$REAL_OUT" XRMAP_INITRD="$tmp/hang/initrd3" XRMAP_BOOT_TIMEOUT=300 \
			"$S/boot.sh" "$tmp/nolockdep"

	# The same after a report the run declares known (make xpmem's
	# stock XPMEM): said, not failed.
	printf 'WARNING: possible recursive locking detected | xpmem_invalidate_range | stock nests\n' >"$tmp/known"
	guest_initrd "$tmp/hang/initrd4" "mount -t devtmpfs d /dev" \
		'echo "WARNING: possible recursive locking detected" >/dev/console' \
		'echo " xpmem_invalidate_range+0x143/0x1a7 [xpmem]" >/dev/console' \
		'echo " </TASK>" >/dev/console' \
		'echo "### xrmap lockdep debug_locks:0" >/dev/ttyS1' \
		'echo "### xrmap done" >/dev/ttyS1' "reboot -f"
	expect_ok guest-known-report \
		"boot.sh: lockdep switched itself off after the known report above: the rest of the run went unchecked by lockdep" \
		env XRMAP_OUT="$REAL_OUT" XRMAP_INITRD="$tmp/hang/initrd4" XRMAP_BOOT_TIMEOUT=300 \
			XRMAP_KNOWN_REPORTS="$tmp/known" "$S/boot.sh" "$tmp/known-run"

else
	for t in $guest_tests; do
		skip_test "$t" "no kernel in $REAL_OUT: make build first"
	done
fi
expect_error boot-bad-timeout "boot.sh: error: XRMAP_BOOT_TIMEOUT must be a number of seconds, got '10m'" \
	env XRMAP_KERNEL=/dev/null XRMAP_INITRD=/dev/null XRMAP_BOOT_TIMEOUT=10m "$S/boot.sh" "$tmp/x"
expect_error boot-bad-time-scale "boot.sh: error: XRMAP_TIME_SCALE must be a whole number, got '1.5'" \
	env XRMAP_KERNEL=/dev/null XRMAP_INITRD=/dev/null XRMAP_TIME_SCALE=1.5 "$S/boot.sh" "$tmp/x"
expect_error initramfs-unknown-suite \
	"initramfs.sh: error: unknown suite 'nosuch' (known: $(cd "$TOP/scripts/suites" && ls ./*.sh | sed 's|^\./||; s|\.sh$||' | tr '\n' ' '))" \
	"$S/initramfs.sh" nosuch
