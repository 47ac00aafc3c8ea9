#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Move a series to a new base (a new point release, say): make both bases
# (scripts/base.sh), apply the series to the new one with git am -3, whose
# three-way merge uses the blobs of the old base the patches were made on,
# and export the result into the series' directory with the new pin.  A
# patch that does not merge stops the refresh, naming it and the files a
# human must decide on; nothing in the directory changes then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG SERIES_DIR NEW_PIN   (SERIES_DIR holds base.pin, series and patches/)" >&2
	exit 2
}
[ $# -eq 2 ] || usage
dir=$(cd "$1" 2>/dev/null && pwd) || die "no series directory $1"
new_pin=$2
[ -r "$dir/base.pin" ] || die "$dir has no base.pin"
[ -r "$dir/series" ] || die "$dir has no series"
[ -d "$dir/patches" ] || die "$dir has no patches/"
[ -r "$new_pin" ] || die "no pin file $new_pin"

old_repo=$(XRMAP_PIN_FILE=$dir/base.pin "$TOP/scripts/base.sh")
new_repo=$(XRMAP_PIN_FILE=$new_pin "$TOP/scripts/base.sh")
work=$BUILD_DIR/refresh/linux
rm -rf "$work"
mkdir -p "$(dirname "$work")"
git clone -q --no-checkout "$new_repo" "$work"
git -C "$work" checkout -q -B series "$BASE_TAG"
# The blobs the patches were made against, for the three-way merge: the
# series applied to the old base, on a branch of its own.
git -C "$work" fetch -q "$old_repo" "refs/tags/$BASE_TAG:refs/tags/old-base"
git -C "$work" checkout -q -B old old-base
while read -r p; do
	git -C "$work" am -q "$dir/patches/$p" >"$work/.git/am.log" 2>&1 || {
		sed 's/^/  /' "$work/.git/am.log" >&2
		die "$p does not apply to the old base itself: make tree with $dir first"
	}
done < <(XRMAP_SERIES_FILE=$dir/series series_patches)
git -C "$work" checkout -q series

n=0
while read -r p; do
	n=$((n + 1))
	if ! git -C "$work" am -q -3 "$dir/patches/$p" >"$work/.git/am.log" 2>&1; then
		files=$(git -C "$work" diff --name-only --diff-filter=U | tr '\n' ' ')
		sed 's/^/  /' "$work/.git/am.log" >&2
		die "patch $n ($p) does not merge onto the new base: decide on ${files:-the files above} in $work (git am --continue), or fix the patch on the old base first"
	fi
done < <(XRMAP_SERIES_FILE=$dir/series series_patches)

# The new base, the patches as git am left them, the cover letter kept.
cp "$new_pin" "$dir/base.pin.new"
XRMAP_TREE=$work XRMAP_PATCHES_DIR=$dir/patches XRMAP_SERIES_FILE=$dir/series \
	XRMAP_PIN_FILE=$dir/base.pin.new "$TOP/scripts/export.sh"
mv "$dir/base.pin.new" "$dir/base.pin"
log "$dir: $n patches moved to $(sed -n 's/^version=//p' "$dir/base.pin")"
