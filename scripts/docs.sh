#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation checks, against the base:
#   kernel-doc  scripts/kernel-doc -none -Wall on the kernel C files and
#               headers the series touches: no warning that the base's
#               versions do not give;
#   htmldocs    make htmldocs SPHINXDIRS=mm (Debian's Sphinx) builds
#               mm/mmu_rmap_notifier.html and warns about nothing that the
#               base's build of the same directory does not.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/lib-review.sh"

PAGE=${XRMAP_DOCS_PAGE:-mm/mmu_rmap_notifier}
usage()
{
	echo "usage: $PROG [kernel-doc|htmldocs]...   (default both; env XRMAP_REVIEW_DIR)" >&2
	exit 2
}
for a in "$@"; do
	case $a in kernel-doc|htmldocs) ;; *) usage ;; esac
done
what=${*:-kernel-doc htmldocs}

"$TOP/scripts/deps.sh" full
export PATH=/usr/bin:$PATH
review_sync
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bad=()

kernel_doc()
{
	local side rev f n=0 new

	mapfile -t files < <(git -C "$RTREE" diff --name-only "$BASE_REV" "$HEAD_REV" -- '*.c' '*.h' |
		grep -v '^tools/')
	for side in base head; do
		rev=$(side_rev $side)
		# That side's scripts/kernel-doc (the review clone has no
		# working tree until a review step checks a commit out).
		review_checkout "$rev"
		mkdir -p "$work/$side"
		local have=()
		for f in "${files[@]}"; do
			git -C "$RTREE" cat-file -e "$rev:$f" 2>/dev/null || continue
			mkdir -p "$work/$side/$(dirname "$f")"
			git -C "$RTREE" show "$rev:$f" >"$work/$side/$f"
			have+=("$f")
		done
		(cd "$work/$side" && "$RTREE/scripts/kernel-doc" -none -Wall "${have[@]}") \
			>"$RLOGS/kernel-doc-$side.log" 2>&1 ||
			die "kernel-doc failed on the $side (log: $RLOGS/kernel-doc-$side.log)"
		warnings "$RLOGS/kernel-doc-$side.log" >"$work/$side.warnings"
	done
	n=$(wc -l <"$work/head.warnings")
	new=$(LC_ALL=C comm -13 "$work/base.warnings" "$work/head.warnings")
	if [ -n "$new" ]; then
		findings "kernel-doc: new warnings against the base:" "$new"
		bad+=(kernel-doc)
		return
	fi
	log "kernel-doc -none -Wall on ${#files[@]} files: $n warnings, all also on the base"
}

htmldocs()
{
	local side rev dir new

	for side in base head; do
		rev=$(side_rev $side)
		dir=$REVIEW_DIR/out/docs-$side
		review_checkout "$rev"
		rm -rf "$dir"
		mkdir -p "$dir"
		make -C "$RTREE" O="$dir" htmldocs SPHINXDIRS=mm >"$RLOGS/htmldocs-$side.log" 2>&1 ||
			die "make htmldocs SPHINXDIRS=mm failed on the $side (log: $RLOGS/htmldocs-$side.log)"
		warnings "$RLOGS/htmldocs-$side.log" >"$work/docs-$side.warnings"
	done
	[ -f "$REVIEW_DIR/out/docs-head/Documentation/output/$PAGE.html" ] ||
		die "htmldocs: no $PAGE.html in the series' build (log: $RLOGS/htmldocs-head.log)"
	new=$(LC_ALL=C comm -13 "$work/docs-base.warnings" "$work/docs-head.warnings")
	if [ -n "$new" ]; then
		findings "htmldocs: new warnings against the base:" "$new"
		bad+=(htmldocs)
		return
	fi
	log "htmldocs SPHINXDIRS=mm: $PAGE.html built; $(wc -l <"$work/docs-head.warnings") warnings, all also on the base"
}

for w in $what; do
	case $w in
	kernel-doc) kernel_doc ;;
	htmldocs) htmldocs ;;
	esac
done
[ ${#bad[@]} -eq 0 ] || die "documentation checks fail: ${bad[*]}"
