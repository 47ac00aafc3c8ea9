#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Config matrix: the whole series builds (bzImage and modules) with
#   m     the test config (CONFIG_TEST_MMU_RMAP=m),
#   y     the test driver built in,
#   n     CONFIG_MMU_NOTIFIER_RMAP=n (the series' code compiled out),
#   i386  ARCH=i386, tinyconfig + configs/matrix/i386.config (the mm
#         features the series hooks): no 64-bit folio flag, so the option
#         cannot be set,
# and no x86_64 variant prints a warning that the base's build does not;
# i386 may print none in a file the series touches.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/lib-review.sh"

ALL="m y n i386"
usage()
{
	echo "usage: $PROG [VARIANT...]   (variants: $ALL; default all; env XRMAP_REVIEW_DIR, XRMAP_JOBS)" >&2
	exit 2
}
for v in "$@"; do
	[[ " $ALL " == *" $v "* ]] || usage
done
variants=${*:-$ALL}

kbuild_env
review_sync
review_head_config

# want CONFIG LINE...: each "CONFIG_X=v" or "# CONFIG_X is not set" line
# must be in CONFIG.
want()
{
	local cfg=$1 l

	shift
	for l in "$@"; do
		grep -qxF -- "$l" "$cfg" ||
			die "$variant: .config lacks '$l' (log: $RLOGS/olddefconfig.log)"
	done
}

bad=()
for variant in $variants; do
	t0=$(date +%s)
	blog=$RLOGS/matrix-$variant.log
	if [ "$variant" = i386 ]; then
		dir=$REVIEW_DIR/out/i386
		mkdir -p "$dir"
		review_checkout "$HEAD_REV"
		{
			review_kmake "$dir" i386 tinyconfig &&
			(cd "$dir" && "$RTREE/scripts/kconfig/merge_config.sh" -m -O "$dir" \
				"$dir/.config" "$CONFIGS_DIR/matrix/i386.config") &&
			review_kmake "$dir" i386 olddefconfig
		} >"$RLOGS/olddefconfig.log" 2>&1 ||
			die "i386: configuring failed (log: $RLOGS/olddefconfig.log)"
		want "$dir/.config" CONFIG_X86_32=y CONFIG_MIGRATION=y CONFIG_TRANSPARENT_HUGEPAGE=y \
			CONFIG_SWAP=y CONFIG_USERFAULTFD=y CONFIG_KSM=y
		! grep -q '^CONFIG_64BIT=y' "$dir/.config" ||
			die "i386: CONFIG_64BIT=y in the i386 .config"
		! grep -q '^CONFIG_MMU_NOTIFIER_RMAP=' "$dir/.config" ||
			die "i386: CONFIG_MMU_NOTIFIER_RMAP is set on a 32-bit kernel"
		if ! review_build "$dir" i386 "$blog"; then
			log "i386: the series does not build (log: $blog)"
			bad+=(i386)
			continue
		fi
		# The series' files: none may warn on i386.
		files=$(git -C "$RTREE" diff --name-only "$BASE_REV" "$HEAD_REV" |
			sed 's/[.^$*]/\\&/g; s/^/^/; s/$/: /')
		new=$(warnings "$blog" | grep -f <(echo "$files") || true)
	else
		cfg=$REVIEW_DIR/matrix-$variant.config
		cp "$REVIEW_DIR/head.config" "$cfg"
		case $variant in
		m) ;;
		y) "$RTREE/scripts/config" --file "$cfg" -e TEST_MMU_RMAP ;;
		n) "$RTREE/scripts/config" --file "$cfg" -d MMU_NOTIFIER_RMAP ;;
		esac
		review_base_warnings
		review_checkout "$HEAD_REV"
		review_config "$cfg"
		case $variant in
		m) want "$ROUT/.config" CONFIG_MMU_NOTIFIER_RMAP=y CONFIG_TEST_MMU_RMAP=m ;;
		y) want "$ROUT/.config" CONFIG_MMU_NOTIFIER_RMAP=y CONFIG_TEST_MMU_RMAP=y ;;
		n) want "$ROUT/.config" "# CONFIG_MMU_NOTIFIER_RMAP is not set"
		   ! grep -q '^CONFIG_TEST_MMU_RMAP=' "$ROUT/.config" ||
			die "n: CONFIG_TEST_MMU_RMAP is still set without CONFIG_MMU_NOTIFIER_RMAP" ;;
		esac
		if ! review_build "$ROUT" x86_64 "$blog"; then
			log "$variant: the series does not build (x86_64; log: $blog)"
			bad+=("$variant")
			continue
		fi
		new=$(new_warnings "$BASE_WARNINGS" "$blog")
	fi
	if [ -n "$new" ]; then
		findings "$variant: new build warnings:" "$new"
		bad+=("$variant")
		continue
	fi
	log "$variant: builds, no new warning ($(($(date +%s) - t0))s)"
done
[ ${#bad[@]} -eq 0 ] || die "config matrix fails: ${bad[*]}"
log "config matrix ($variants): every variant builds without new warnings"
