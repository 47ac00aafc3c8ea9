#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack $OUT/initramfs.cpio: static busybox, the guest scripts, the kselftest
# binaries with the shared libraries they load, and the kernel's modules.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GUEST=$TOP/scripts/guest
usage()
{
	echo "usage: $PROG [SUITE...]   (default: $ALL_SUITES)" >&2
	exit 2
}
suites()
{
	sed -n 's/^suite_\([a-z0-9_]*\)()$/\1/p' "$GUEST/suites.sh"
}
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $ALL_SUITES
for s in "$@"; do
	suites | grep -qx -- "$s" ||
		die "unknown suite '$s' (known: $(suites | tr '\n' ' '))"
done

busybox=/bin/busybox
[ -x "$busybox" ] && ! readelf -l "$busybox" | grep -q INTERP ||
	die "$busybox is missing or not static: install busybox-static"
[ -d "$OUT/modroot/lib/modules" ] || die "no modules in $OUT/modroot: run scripts/build.sh first"

root=$OUT/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,xrmap/mm,lib}
cp "$busybox" "$root/bin/busybox"
install -m 755 "$GUEST/init" "$root/init"
install -m 755 "$GUEST/run-tests.sh" "$root/xrmap/run-tests.sh"
install -m 644 "$GUEST/suites.sh" "$root/xrmap/suites.sh"
printf '%s\n' "$@" >"$root/xrmap/tests"
# The known-flaky tests of these suites ("SUITE TEST" lines): the guest
# runs each once more when it fails (scripts/guest/run-tests.sh).
[ -r "$EXPECTED" ] || die "no expected results at $EXPECTED"
: >"$root/xrmap/flaky"
while read -r s t; do
	printf '%s\n' "$@" | grep -qxF -- "$s" || continue
	grep -qx "retry_$s()" "$GUEST/suites.sh" ||
		die "$EXPECTED: FLAKY $s:$t, but scripts/guest/suites.sh has no retry_$s() to run it again"
	echo "$s $t" >>"$root/xrmap/flaky"
done < <(sed -n 's/^FLAKY[[:space:]]\{1,\}\([a-z0-9_]*\):\([^[:space:]]*\)[[:space:]].*/\1 \2/p' "$EXPECTED")
# The empty ext4 file system for the guest's loop device of the suites
# that call storage_up (busybox's mke2fs makes only ext2).
if printf '%s\n' "$@" | grep -qxE 'mmu_rmap|mmu_rmap_stress|bench'; then
	command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 is missing: install e2fsprogs"
	truncate -s 32M "$root/xrmap/ext4.img"
	mkfs.ext4 -q -F -L xrmap -E root_owner=0:0 "$root/xrmap/ext4.img"
fi
cp -a "$OUT/modroot/lib/modules" "$root/lib/"

# Test binaries and what they load: ldd's list, plus libgcc_s.so.1, which
# glibc dlopens for pthread_cancel() and ldd does not show.
libs=()
for bin in "$OUT"/kselftest/mm/*; do
	[ -x "$bin" ] || continue
	cp "$bin" "$root/xrmap/mm/"
	while read -r lib; do
		libs+=("$lib")
	done < <(ldd "$bin" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }')
done
gcc_s=$(gcc -print-file-name=libgcc_s.so.1)
[ -e "$gcc_s" ] || die "libgcc_s.so.1 not found (gcc -print-file-name)"
libs+=("$(readlink -f "$gcc_s")")
for lib in $(printf '%s\n' "${libs[@]}" | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || die "the dynamic loader was not packed"

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) >"$OUT/initramfs.cpio"
log "$OUT/initramfs.cpio: $(du -h "$OUT/initramfs.cpio" | cut -f1), suites: $*"
