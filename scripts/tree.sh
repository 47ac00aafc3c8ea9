#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make build/linux: the pinned base as one commit tagged "base", then
# `git am` of every patch in series.  Cached: a second run with the same pin
# and series does nothing, and a series that starts with the patches
# applied last time keeps their commits and applies only the rest, so that
# only the files those touch change (and rebuild).  Never throws away
# commits or edits made in the tree that were not exported to patches/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG   (XRMAP_FORCE=1 discards unexported work in \$TREE)" >&2
	exit 2
}
[ $# -eq 0 ] || usage

repo=$("$TOP/scripts/base.sh")
base=$(git --git-dir="$repo" rev-parse "$BASE_TAG^{commit}")
id=$(series_id "$base")
stamp=$TREE/.git/$STAMP_NAME

if [ -d "$TREE/.git" ]; then
	head=$(git -C "$TREE" rev-parse HEAD)
	old_id= old_head=
	[ ! -f "$stamp" ] || read -r old_id old_head <"$stamp"
	if [ "${XRMAP_FORCE:-0}" != 1 ]; then
		dirty=$(git -C "$TREE" status --porcelain)
		[ -z "$dirty" ] ||
			die "$TREE has uncommitted edits: commit and export them (make export) or rerun with XRMAP_FORCE=1"
		[ "$head" = "$old_head" ] ||
			die "$TREE has commits not exported to patches/ (HEAD $head): run make export, or rerun with XRMAP_FORCE=1"
	fi
	if [ "$old_id" = "$id" ] && [ "$head" = "$old_head" ]; then
		log "$TREE is up to date ($(git -C "$TREE" log -1 --format=%s))"
		exit 0
	fi
	if [ "$(git -C "$TREE" rev-parse -q --verify "$BASE_TAG^{commit}")" != "$base" ]; then
		log "the base changed: making $TREE anew"
		rm -rf "$TREE"
	fi
fi
if [ ! -d "$TREE/.git" ]; then
	log "cloning the base into $TREE"
	rm -rf "$TREE"
	mkdir -p "$(dirname "$TREE")"
	git clone -q --no-checkout "$repo" "$TREE"
fi

# The stamp's lines after the first: "SHA256 COMMIT" of each patch applied
# last time.  Keep the commits of the longest common start of the series.
mapfile -t patches < <(series_patches)
applied=()
[ ! -f "$stamp" ] || mapfile -t applied < <(tail -n +2 "$stamp")
start=$base kept=0 record=()
for p in "${patches[@]}"; do
	[ "$kept" -lt "${#applied[@]}" ] || break
	read -r sha commit <<<"${applied[kept]}"
	[ "$(sha256sum <"$PATCHES_DIR/$p" | cut -d' ' -f1)" = "$sha" ] || break
	git -C "$TREE" cat-file -e "$commit^{commit}" 2>/dev/null || break
	start=$commit
	record+=("${applied[kept]}")
	kept=$((kept + 1))
done
git -C "$TREE" checkout -q -f -B series "$start"
git -C "$TREE" clean -q -f -d
rm -f "$stamp"
[ "$kept" -eq 0 ] || log "keeping the first $kept patches applied last time"

n=$kept
for p in "${patches[@]:kept}"; do
	n=$((n + 1))
	if ! git -C "$TREE" am -q "$PATCHES_DIR/$p" >"$TREE/.git/am.log" 2>&1; then
		git -C "$TREE" am --abort >/dev/null 2>&1 ||
			log "warning: git am --abort failed in $TREE"
		# What is in the tree now came from patches/: not unexported work.
		printf '%s\n' "incomplete $(git -C "$TREE" rev-parse HEAD)" \
			"${record[@]}" >"$stamp"
		sed 's/^/  /' "$TREE/.git/am.log" >&2
		die "patch $n ($p) does not apply: see the git am output above"
	fi
	record+=("$(sha256sum <"$PATCHES_DIR/$p" | cut -d' ' -f1) $(git -C "$TREE" rev-parse HEAD)")
done

printf '%s\n' "$id $(git -C "$TREE" rev-parse HEAD)" "${record[@]}" >"$stamp"
log "$TREE: base + $n patches applied"
