#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what the hooks cost everyone, and what an external
# invalidation costs the driver that asks for it.
#
# Builds the pinned base and the series from the same production-like
# config (the test config without lockdep, DEBUG_VM and KUnit, with jump
# labels and -O2: configs/bench/production.config; the test driver is a
# module), boots each BENCH_BOOTS times, alternating base and series,
# under QEMU TCG with one vCPU and -icount shift=0,sleep=off -- the
# guest's clock then counts retired instructions -- and once more each
# without -icount for wall time (a noisy, secondary figure).  The guest
# runs the workloads of scripts/bench/mmu_rmap_bench.c (suite "bench" of
# scripts/guest/suites.sh):
#   (a) the base; (b) the series, no notifier registered; (c) a notifier
#   registered, nothing mapped externally; (d) every folio mapped
#   externally, acknowledgement delay 0; (e) the series' kernel with
#   lib/test_hmm's dmirror mirroring the same range instead (mainline's
#   mmu_interval_notifier and hmm_range_fault()).
# Writes bench.txt (the table), bench.dat and bench.png (gnuplot) and the
# raw figures into build/bench/DATE/, and prints the table.
set -euo pipefail
# Both kernels are the "bench" build (lib.sh and base_build_env name their
# output directories from it).
export XRMAP_KBUILD_NAME=bench
. "$(dirname "$0")/lib.sh"

BOOTS=${XRMAP_BENCH_BOOTS:-3}
usage()
{
	echo "usage: $PROG   (env XRMAP_BENCH_BOOTS=$BOOTS: boots per kernel under -icount, 3 to 20)" >&2
	exit 2
}
[ $# -eq 0 ] || usage
[[ "$BOOTS" =~ ^[0-9]+$ ]] && [ "$BOOTS" -ge 3 ] && [ "$BOOTS" -le 20 ] ||
	die "BENCH_BOOTS must be 3 to 20 (a median needs 3 boots), got '$BOOTS'"

S=$TOP/scripts
"$S/deps.sh"
frag=$CONFIGS_DIR/bench/production.config
[ -r "$frag" ] || die "no config fragment $frag"

# The two kernels: the series in build/out/bench, the base (as make
# run-base makes it) in build/base/out/bench.
build_kernel()
{
	"$S/tree.sh" && "$S/config.sh" && "$S/build.sh" && "$S/initramfs.sh" bench
}
export XRMAP_KCONFIG_EXTRA=$frag
declare -A out
out[series]=$BUILD_DIR/out/bench
out[base]=$BUILD_DIR/base/out/bench
(export XRMAP_OUT=${out[series]}; build_kernel) || die "could not build the series kernel (see above)"
(base_build_env; build_kernel) || die "could not build the base kernel (see above)"

# The guest program, static, with the series' uapi header; packed as a
# second cpio archive after each kernel's initramfs.
bin=$BUILD_DIR/bench-bin
rm -rf "$bin"
mkdir -p "$bin/root/xrmap/bin"
gcc -O2 -Wall -Werror -static -I "$TREE/lib" -o "$bin/root/xrmap/bin/mmu_rmap_bench" \
	"$S/bench/mmu_rmap_bench.c" || die "could not build scripts/bench/mmu_rmap_bench.c"
for k in series base; do
	initrd_with "${out[$k]}/initramfs.cpio" "$bin/root" "${out[$k]}/bench-initrd.cpio"
done

run=$BUILD_DIR/bench/$(date +%Y%m%d-%H%M%S)
mkdir -p "$run"
ln -sfn "$(basename "$run")" "$BUILD_DIR/bench/latest"
raw=$run/raw.txt
: >"$raw"

# boot KIND KERNEL N: one boot, its "bench" lines appended to raw.txt.
boot()
{
	local kind=$1 k=$2 n=$3 dir=$run/$1-$2-$3 extra=

	[ "$kind" = icount ] && extra="-icount shift=0,sleep=off"
	log "$kind boot $n of the $k kernel"
	XRMAP_OUT=${out[$k]} XRMAP_INITRD=${out[$k]}/bench-initrd.cpio XRMAP_SMP=1 \
		XRMAP_ACCEL=tcg,thread=single XRMAP_QEMU_EXTRA="$extra" \
		XRMAP_APPEND="nokaslr norandmaps" XRMAP_BOOT_TIMEOUT=1800 \
		"$S/boot.sh" "$dir" || die "the $kind boot $n of the $k kernel failed (logs in $dir)"
	grep -a -q '^### xrmap suite bench end rc=0' "$dir/results.log" || {
		tail -n 20 "$dir/results.log" >&2
		die "the bench suite failed in the $kind boot $n of the $k kernel (log: $dir/results.log)"
	}
	tr -d '\r' <"$dir/results.log" | sed -n "s/^bench /$kind $k $n /p" >>"$raw"
}
for n in $(seq "$BOOTS"); do
	boot icount base "$n"
	boot icount series "$n"
done
boot wall base 1
boot wall series 1

"$S/bench/report.sh" "$raw" "$run" "$(series_label)"
log "figures, table and chart in $run"
