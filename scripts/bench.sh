#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what the hooks cost everyone, and what an external
# invalidation costs the driver that asks for it.
#
# Builds the pinned base and the series from the same production-like
# config (the test config without lockdep, DEBUG_VM and KUnit, with jump
# labels and -O2: configs/bench/production.config; the test driver is a
# module) and runs the workloads of scripts/bench/mmu_rmap_bench.c (suite
# "bench", scripts/suites/bench.sh) in each of these modes:
#   (a) the base; (b) the series, no notifier registered; (c) a notifier
#   registered, nothing mapped externally; (d) every folio mapped
#   externally, acknowledgement delay 0; (e) the base with
#   lib/test_hmm's dmirror mirroring the same range instead (mainline's
#   mmu_interval_notifier and hmm_range_fault()); (f) the same on the
#   series.
# One boot per mode, so that every mode runs first in a freshly booted
# guest (a run later in a boot costs up to 1% more on the same kernel);
# BENCH_BOOTS rounds of all of them, base and series alternating, under
# QEMU TCG with one vCPU and -icount shift=0,sleep=off -- the guest's
# clock then counts retired instructions -- and one more without -icount
# for wall time (a noisy, secondary figure).
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
# The series as tree.sh applied it, not as patches/ is when the boots end.
label=$(series_label)

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

# The modes each kernel runs (the names mmu_rmap_bench takes): (a) and
# (e) on the base, (b), (c), (d) and (f) on the series.
declare -A modes
modes[base]="none mirrored"
modes[series]="none registered mapped mirrored"

# boot KIND KERNEL MODE N: one boot running MODE only, its "bench" lines
# appended to raw.txt.
boot()
{
	local kind=$1 k=$2 mode=$3 n=$4 dir=$run/$1-$2-$3-$4 extra=

	[ "$kind" = icount ] && extra="-icount shift=0,sleep=off"
	log "$kind boot $n of the $k kernel, $mode"
	XRMAP_OUT=${out[$k]} XRMAP_INITRD=${out[$k]}/bench-initrd.cpio XRMAP_SMP=1 \
		XRMAP_ACCEL=tcg,thread=single XRMAP_QEMU_EXTRA="$extra" \
		XRMAP_APPEND="nokaslr norandmaps XRMAP_BENCH_MODE=$mode" XRMAP_BOOT_TIMEOUT=1800 \
		"$S/boot.sh" "$dir" || die "the $kind boot $n of the $k kernel ($mode) failed (logs in $dir)"
	grep -a -q '^### xrmap suite bench end rc=0' "$dir/results.log" || {
		tail -n 20 "$dir/results.log" >&2
		die "the bench suite failed in the $kind boot $n of the $k kernel ($mode) (log: $dir/results.log)"
	}
	tr -d '\r' <"$dir/results.log" | sed -n "s/^bench /$kind $k $n /p" >>"$raw"
}
# rounds KIND N: boots 1 to N of every mode, base and series alternating.
rounds()
{
	local kind=$1 n m k

	for n in $(seq "$2"); do
		for m in none mirrored registered mapped; do
			for k in base series; do
				if [[ " ${modes[$k]} " == *" $m "* ]]; then
					boot "$kind" "$k" "$m" "$n"
				fi
			done
		done
	done
}
rounds icount "$BOOTS"
rounds wall 1

"$S/bench/report.sh" "$raw" "$run" "$label"
log "figures, table and chart in $run"
