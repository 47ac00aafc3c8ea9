#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prove the quilt path: `quilt push -a --fuzz=0` of series on a pristine
# copy of the base gives the same files as `git am` gave in build/linux.
# Only the files the patches touch are copied out of the base: that is all
# quilt reads.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG" >&2; exit 2; }
command -v quilt >/dev/null || die "quilt is missing: install the Debian package quilt"
[ -f "$TREE/.git/$STAMP_NAME" ] || die "no applied tree at $TREE: run scripts/tree.sh first"
read -r _ applied <"$TREE/.git/$STAMP_NAME"

mapfile -t patches < <(series_patches)
if [ ${#patches[@]} -eq 0 ]; then
	log "series is empty: nothing for quilt to apply"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git_base()
{
	git -C "$TREE" "$@"
}
# Paths the series touches, from the ---/+++ lines of every patch.
for p in "${patches[@]}"; do
	sed -n -E 's@^(---|\+\+\+) [ab]/([^[:space:]]+).*@\2@p' "$PATCHES_DIR/$p"
done | LC_ALL=C sort -u >"$work/paths"
mkdir "$work/tree"
while read -r f; do
	if git_base cat-file -e "$BASE_TAG:$f" 2>/dev/null; then
		mkdir -p "$work/tree/$(dirname "$f")"
		git_base show "$BASE_TAG:$f" >"$work/tree/$f"
	fi
done <"$work/paths"

if ! (cd "$work/tree" && QUILT_PATCHES="$PATCHES_DIR" QUILT_SERIES="$SERIES_FILE" \
	quilt --quiltrc - push -a -q --fuzz=0) >"$work/quilt.log" 2>&1; then
	sed 's/^/  /' "$work/quilt.log" >&2
	die "quilt push -a --fuzz=0 failed (output above)"
fi
while read -r f; do
	if git_base cat-file -e "$applied:$f" 2>/dev/null; then
		git_base show "$applied:$f" | cmp -s - "$work/tree/$f" ||
			die "quilt and git am disagree on $f"
	elif [ -e "$work/tree/$f" ] && [ -s "$work/tree/$f" ]; then
		die "quilt left $f, which git am removed"
	fi
done <"$work/paths"
log "quilt push -a --fuzz=0: ${#patches[@]} patches, same $(wc -l <"$work/paths") files as git am"
