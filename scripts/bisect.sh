#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability: build the base and then every prefix of the series, in
# order, in one object directory (build/review/out/test) with the series'
# test config (x86_64), and fail if a prefix does not build or its build
# prints a warning that the base's build does not.  Line numbers are not
# compared, so a warning that only moved is not new.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/lib-review.sh"

[ $# -eq 0 ] || { echo "usage: $PROG   (env: XRMAP_REVIEW_DIR, XRMAP_JOBS)" >&2; exit 2; }
kbuild_env
review_sync
review_head_config
# A fresh chain: every object is compiled (or replayed by ccache, which
# replays its warnings too) at least once on the way, so no warning of
# an earlier run hides.  The base's warnings come from a full build of
# the base (cached in $CACHE_DIR/review: the base is pinned).
rm -rf "$ROUT"
review_base_warnings

bad=()
n=${#REVS[@]}
for i in "${!REVS[@]}"; do
	name=${NAMES[$i]}
	t0=$(date +%s)
	review_checkout "${REVS[$i]}"
	review_config "$REVIEW_DIR/head.config"
	blog=$RLOGS/bisect-$(printf '%02d' $((i + 1))).log
	if ! review_build "$ROUT" x86_64 "$blog"; then
		log "$name: does not build with the patches before it (x86_64, test config)"
		log "  log: $blog"
		bad+=("$name")
		continue
	fi
	new=$(new_warnings "$BASE_WARNINGS" "$blog")
	if [ -n "$new" ]; then
		findings "$name: new build warnings against the base (x86_64, test config):" "$new"
		bad+=("$name")
		continue
	fi
	log "[$((i + 1))/$n] $name: builds, no new warning ($(($(date +%s) - t0))s)"
done
[ ${#bad[@]} -eq 0 ] || die "not bisectable: ${bad[*]}"
log "all $n prefixes of the series build without new warnings"
