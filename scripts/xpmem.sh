#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make xpmem: XPMEM, a real user of the series (issue 22), stock and
# converted, each on its kernel, with XPMEM's own tests and the
# side-by-side program.
#
#   stock      the XPMEM snapshot (xpmem/upstream.pin) with the patches
#              of xpmem/series marked "both": it pins what it attaches;
#              on the unpatched base (build/base, as make run-base).
#   converted  with every patch of xpmem/series: attachments through
#              external reverse-map notifiers; on the series' kernel.
#
# For each: the test config's kernel (tree, config, build as make run),
# the module built out of tree against it (W=1, no warning allowed),
# XPMEM's library and test programs and xpmem/sbs/xpmem_sbs.c linked
# statically, packed as a second cpio archive after the kernel's
# initramfs, one boot running suite "xpmem" (scripts/suites/xpmem.sh),
# its TAP checked as make run checks it.  Then the side-by-side table of
# both runs (xpmem/sbs/table.pl) on stderr, and on stdout one TAP stream
# of both kernels' results.  Fails when a test fails, the console shows
# a kernel report (other than those xpmem/KIND.known-reports declares:
# stock's, of its own code), the converted XPMEM lost coherence, pinned a
# page or leaked a reference.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

XDIR=$TOP/xpmem
XPIN=$XDIR/upstream.pin
XSERIES=$XDIR/series
WORK=$BUILD_DIR/xpmem
# A sanitizer kernel's runs (sanitize.sh NAME -- scripts/xpmem.sh) in
# build/xpmem/NAME: they keep their logs apart from make xpmem's.
[ "$KBUILD_NAME" = test ] || WORK=$WORK/$KBUILD_NAME

usage()
{
	cat >&2 <<EOF
usage: $PROG [stock|converted]...   (default: both, then the table)
  env: XRMAP_XPMEM_TARBALL  the snapshot's tarball (default: the file
       $XPIN names, in $(dirname "$TOP")/shared/upstream/)
EOF
	exit 2
}
kinds=()
for a in "$@"; do
	case $a in
	stock|converted)
		[[ " ${kinds[*]} " != *" $a "* ]] || usage
		kinds+=("$a") ;;
	*) usage ;;
	esac
done
[ ${#kinds[@]} -gt 0 ] || kinds=(stock converted)

# The pin: one "FILE SHA256" line.
[ -r "$XPIN" ] || die "$XPIN is missing"
pin=$(sed -e 's/#.*//' "$XPIN" | awk 'NF')
[ "$(echo "$pin" | wc -l)" -eq 1 ] || die "$XPIN: expected one 'FILE SHA256' line"
read -r TARBALL_NAME TARBALL_SHA256 extra <<<"$pin"
if [ -z "${TARBALL_NAME:-}" ] || [ -n "${extra:-}" ] ||
	! [[ "${TARBALL_SHA256:-}" =~ ^[0-9a-f]{64}$ ]]; then
	die "$XPIN: expected one 'FILE SHA256' line"
fi
TARBALL=${XRMAP_XPMEM_TARBALL:-$(dirname "$TOP")/shared/upstream/$TARBALL_NAME}
[ -r "$TARBALL" ] ||
	die "XPMEM snapshot $TARBALL is missing: put $TARBALL_NAME (hpc/xpmem, see $XPIN) there or set XRMAP_XPMEM_TARBALL to its path"
[ "$(sha256sum <"$TARBALL" | cut -d' ' -f1)" = "$TARBALL_SHA256" ] ||
	die "$TARBALL: sha256 is not $TARBALL_SHA256 (the snapshot $XPIN pins)"

# xpmem_patches KIND: the patches of KIND, in order, one a line.
xpmem_patches()
{
	[ -r "$XSERIES" ] || die "$XSERIES is missing"
	sed -e 's/#.*//' "$XSERIES" | awk -v kind="$1" -v f="$XSERIES" '
		NF == 0 { next }
		NF != 2 || ($2 != "both" && $2 != "series") {
			printf "%s: expected FILE both|series, got \"%s\"\n", f, $0 > "/dev/stderr"
			exit 1
		}
		$2 == "both" && seen_series {
			printf "%s: %s (both) after a series patch\n", f, $1 > "/dev/stderr"
			exit 1
		}
		$2 == "series" { seen_series = 1 }
		kind == "converted" || $2 == "both" { print $1 }'
}

# prepare_src KIND: the snapshot with KIND's patches applied by git am, in
# $WORK/KIND/src (kept while the tarball and the patches are the same).
prepare_src()
{
	local kind=$1 src=$WORK/$1/src id p patches

	patches=$(xpmem_patches "$kind") || die "cannot read $XSERIES"
	# lib.sh's id of "these patches on this base", over all of
	# xpmem/series (its first column) and the snapshot.
	id=$(SERIES_FILE=$XSERIES PATCHES_DIR=$XDIR series_id "$kind $TARBALL_SHA256")
	if [ "$(cat "$src.id" 2>/dev/null)" = "$id" ]; then
		log "$kind: $src is up to date"
		return
	fi
	rm -rf "$src" "$src.id"
	mkdir -p "$src"
	tar -xzf "$TARBALL" -C "$src" --strip-components=1 ||
		die "cannot extract $TARBALL"
	git -C "$src" init -q
	# -f: the snapshot's .gitignore names files it ships (test/run.sh).
	git -C "$src" add -A -f .
	GIT_AUTHOR_NAME=hpc/xpmem GIT_AUTHOR_EMAIL=xpmem@xrmap.invalid \
		GIT_AUTHOR_DATE=$GIT_COMMITTER_DATE \
		git -C "$src" commit -q -m "xpmem: $TARBALL_NAME" ||
		die "cannot commit the snapshot in $src"
	for p in $patches; do
		git -C "$src" am -q "$XDIR/$p" || {
			git -C "$src" am --abort 2>/dev/null || true
			die "$kind: $p does not apply to $TARBALL_NAME"
		}
	done
	echo "$id" >"$src.id"
	log "$kind: $src is $TARBALL_NAME with: $(echo "$patches" | xargs)"
}

# build_kernel KIND: the test config's kernel KIND runs on, with the
# initramfs of suite xpmem (in a subshell: base_build_env for stock).
build_kernel()
{
	[ "$1" = converted ] || base_build_env
	"$TOP/scripts/tree.sh" && "$TOP/scripts/config.sh" &&
		"$TOP/scripts/build.sh" && "$TOP/scripts/initramfs.sh" xpmem
}

# kernel_dirs KIND: "TREE OUT" of KIND's kernel.
kernel_dirs()
{
	(
		[ "$1" = converted ] || base_build_env
		echo "$TREE $OUT"
	)
}

# build_module KIND TREE OUT DIR: xpmem.ko in DIR/kernel, kernel/Kbuild
# made from Kbuild.in as XPMEM's configure makes it.
build_module()
{
	local kind=$1 tree=$2 out=$3 dir=$4 log=$4/build.log

	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$WORK/$kind/src/kernel" "$WORK/$kind/src/include" "$dir/"
	sed -e 's|@top_srcdir@|..|g' "$dir/kernel/Kbuild.in" >"$dir/kernel/Kbuild"
	kbuild_env
	make -C "$tree" O="$out" M="$dir/kernel" CC="$KBUILD_CC" W=1 \
		-j"$JOBS" modules >"$log" 2>&1 ||
		{ tail -n 30 "$log" >&2; die "$kind: xpmem.ko does not build (log: $log)"; }
	! grep -E 'warning:|WARNING:' "$log" >&2 ||
		die "$kind: xpmem.ko builds with warnings (log: $log)"
	[ -r "$dir/kernel/xpmem.ko" ] || die "$kind: no $dir/kernel/xpmem.ko after the build"
	# The converted XPMEM holds plain references: no GUP, no pin.
	[ "$kind" = stock ] || ! nm -u "$dir/kernel/xpmem.ko" |
		grep -E '\b(get|pin)_user_pages' >&2 ||
		die "$kind: xpmem.ko calls get_user_pages or pin_user_pages (above)"
}

# build_programs KIND ROOT: XPMEM's test programs, its run.sh and the
# side-by-side program (only this one with -Werror: it is ours), static,
# into ROOT/xrmap/xpmem.
build_programs()
{
	local kind=$1 src=$WORK/$1/src bin=$2/xrmap/xpmem lib=$WORK/$1/libxpmem.o p

	mkdir -p "$bin"
	gcc -c -O2 -I "$src/include" -o "$lib" "$src/lib/libxpmem.c" ||
		die "$kind: XPMEM's lib/libxpmem.c does not build"
	for p in xpmem_master xpmem_proc1 xpmem_proc2; do
		gcc -static -O2 -I "$src/include" -I "$src/test/include" \
			-o "$bin/$p" "$src/test/$p.c" "$lib" ||
			die "$kind: XPMEM's test/$p.c does not build"
	done
	install -m 755 "$src/test/run.sh" "$bin/run.sh"
	gcc -static -O2 -Wall -Wextra -Werror -I "$src/include" \
		-o "$bin/xpmem_sbs" "$XDIR/sbs/xpmem_sbs.c" "$lib" ||
		die "$kind: xpmem/sbs/xpmem_sbs.c does not build"
	echo "$kind" >"$bin/kind"
}

# run_kind KIND: build, pack and boot KIND; its TAP in $WORK/KIND/run.
# What failed goes into $failed; the build's failures stop the script.
failed=()
run_kind()
{
	local kind=$1 tree out rel extra run known

	prepare_src "$kind"
	(build_kernel "$kind") || die "$kind: could not build its kernel (see above)"
	read -r tree out < <(kernel_dirs "$kind")
	build_module "$kind" "$tree" "$out" "$WORK/$kind/module"
	rel=$(make -s -C "$tree" O="$out" kernelrelease)
	extra=$WORK/$kind/extra
	rm -rf "$extra"
	mkdir -p "$extra/lib/modules/$rel/updates"
	strip --strip-debug -o "$extra/lib/modules/$rel/updates/xpmem.ko" \
		"$WORK/$kind/module/kernel/xpmem.ko"
	build_programs "$kind" "$extra"
	initrd_with "$out/initramfs.cpio" "$extra" "$WORK/$kind/initrd.cpio"
	cp "$out/initramfs.cpio.suites" "$WORK/$kind/initrd.cpio.suites"

	run=$WORK/$kind/run
	rm -rf "$run"
	log "$kind: booting $rel with xpmem.ko"
	known=$XDIR/$kind.known-reports
	[ -e "$known" ] || known=
	XRMAP_KNOWN_REPORTS=$known XRMAP_OUT=$out XRMAP_INITRD=$WORK/$kind/initrd.cpio \
		"$TOP/scripts/boot.sh" "$run" ||
		failed+=("$kind: the guest run failed (logs in $run)")
	[ -s "$run/results.log" ] || return 0
	"$TOP/scripts/tap.pl" report "$run/results.log" "$EXPECTED" xpmem >"$run/results.tap" ||
		failed+=("$kind: results differ from $EXPECTED (TAP: $run/results.tap)")
}

# The results of each kernel, "KIND: " before each name, in one TAP
# stream on stdout (tap.pl merge; make check-full counts them); a kernel
# whose run failed adds a failed result of its own.
tap_all()
{
	local kind args=()

	for kind in "${kinds[@]}"; do
		args+=("$kind=$WORK/$kind/run/results.tap")
		# A run that failed with results: "KIND: the run" fails too.
		if [ -s "$WORK/$kind/run/results.tap" ] &&
			[[ " ${failed[*]} " == *" $kind: "* ]]; then
			printf 'TAP version 13\n1..1\nnot ok 1 the run # see the messages above\n' \
				>"$WORK/$kind/run/failed.tap"
			args+=("$kind=$WORK/$kind/run/failed.tap")
		fi
	done
	"$TOP/scripts/tap.pl" merge "${args[@]}"
}

# Stdout is that TAP stream only; everything else goes to stderr.
exec 3>&1 1>&2
"$TOP/scripts/deps.sh"
mkdir -p "$WORK"
for k in "${kinds[@]}"; do
	run_kind "$k"
done
if [ ${#kinds[@]} -eq 2 ]; then
	"$XDIR/sbs/table.pl" "$WORK/stock/run/results.log" "$WORK/converted/run/results.log" \
		>"$WORK/table.md" || failed+=("no side-by-side table (see above)")
	cat "$WORK/table.md"
fi
tap_all >&3
[ ${#failed[@]} -eq 0 ] || die "FAILED: $(printf '%s; ' "${failed[@]}")"
log "passed (logs in $WORK)"
