#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack $OUT/initramfs.cpio: static busybox, the guest scripts, the kselftest
# binaries with the shared libraries they load, and the kernel's modules.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GUEST=$TOP/scripts/guest
MM_SRC=$TREE/tools/testing/selftests/mm
usage()
{
	echo "usage: $PROG [SUITE...]   (default: $ALL_SUITES)" >&2
	exit 2
}
case "${1:-}" in -*) usage ;; esac
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $ALL_SUITES
for s in "$@"; do
	suite_var "$s" SUITE_TIMEOUT >/dev/null
done

busybox=/bin/busybox
[ -x "$busybox" ] && ! readelf -l "$busybox" | grep -q INTERP ||
	die "$busybox is missing or not static: install busybox-static"
bash_static=/bin/bash-static
[ -x "$bash_static" ] || die "$bash_static is missing: install bash-static"
[ -d "$OUT/modroot/lib/modules" ] || die "no modules in $OUT/modroot: run scripts/build.sh first"

root=$OUT/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,xrmap/mm,xrmap/suites,lib}
cp "$busybox" "$root/bin/busybox"
# The tree's own runners (run_vmtests.sh, test_*.sh) are bash scripts.
cp "$bash_static" "$root/bin/bash"
install -m 755 "$GUEST/init" "$root/init"
install -m 755 "$GUEST/run-tests.sh" "$root/xrmap/run-tests.sh"
install -m 644 "$GUEST/lib.sh" "$root/xrmap/lib.sh"
printf '%s\n' "$@" >"$root/xrmap/tests"
setups=
for s in "$@"; do
	install -m 644 "$SUITES_DIR/$s.sh" "$root/xrmap/suites/$s.sh"
	setups+=" $(suite_var "$s" SUITE_SETUP)"
	# The tree's scripts a suite runs; run_vmtests.sh for every suite.
	for p in run_vmtests.sh $(suite_var "$s" SUITE_PROGRAMS); do
		case $p in *.sh)
			[ -r "$MM_SRC/$p" ] || die "suite $s runs $p, which is not in $MM_SRC"
			install -m 755 "$MM_SRC/$p" "$root/xrmap/mm/$p" ;;
		esac
	done
done
# The known-flaky tests of these suites ("SUITE TEST" lines): the guest
# runs each once more when it fails (scripts/guest/run-tests.sh).
[ -r "$EXPECTED" ] || die "no expected results at $EXPECTED"
: >"$root/xrmap/flaky"
while read -r s t; do
	printf '%s\n' "$@" | grep -qxF -- "$s" || continue
	grep -q '^suite_retry()' "$SUITES_DIR/$s.sh" ||
		die "$EXPECTED: FLAKY $s:$t, but $SUITES_DIR/$s.sh has no suite_retry() to run it again"
	echo "$s $t" >>"$root/xrmap/flaky"
done < <(sed -n 's/^FLAKY[[:space:]]\{1,\}\([a-z0-9_]*\):\([^[:space:]]*\)[[:space:]].*/\1 \2/p' "$EXPECTED")
# The tests picked out of their suites ("SUITE TEST" lines): the guest runs
# only those of each such suite, through its suite_pick().
: >"$root/xrmap/pick"
for t in $PICK; do
	s=${t%%:*}
	[[ $t =~ ^[a-z0-9_]+:[A-Za-z0-9_.]+$ ]] && printf '%s\n' "$@" | grep -qxF -- "$s" ||
		die "XRMAP_PICK: '$t' is not SUITE:TEST of a suite of this run ($*)"
	suite_can_pick "$s" ||
		die "XRMAP_PICK: suite $s has no suite_pick() to run $t alone"
	echo "$s ${t#*:}" >>"$root/xrmap/pick"
done
# The empty ext4 file system for the guest's loop device of the suites
# that set up ext4 (busybox's mke2fs makes only ext2).  The same bytes in
# every build (a UUID, hash seed and time of its own): make bench's base
# and series each get an image, and must not differ in anything but the
# kernel.
if [[ " $setups " == *" ext4 "* ]]; then
	command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 is missing: install e2fsprogs"
	truncate -s 32M "$root/xrmap/ext4.img"
	fs_id=78726d61-7000-4000-8000-657874346673
	E2FSPROGS_FAKE_TIME=1700000000 mkfs.ext4 -q -F -L xrmap -U "$fs_id" \
		-E root_owner=0:0,hash_seed="$fs_id" "$root/xrmap/ext4.img"
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
# Its suites, for boot.sh's time limit.
printf '%s\n' "$@" >"$OUT/initramfs.cpio.suites"
log "$OUT/initramfs.cpio: $(du -h "$OUT/initramfs.cpio" | cut -f1), suites: $*"
