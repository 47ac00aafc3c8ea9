# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The review builds' common part (bisect.sh, matrix.sh, static.sh): a
# clone of build/linux in $REVIEW_DIR/linux whose working tree is moved
# from commit to commit, one object directory at the same depth as
# build/out/test (so ccache hits across them), the series' test config,
# and the warnings of a build reduced to "file: message".  Sourced after
# lib.sh, never run.

REVIEW_DIR=${XRMAP_REVIEW_DIR:-$BUILD_DIR/review}
RTREE=$REVIEW_DIR/linux
ROUT=$REVIEW_DIR/out/test
RLOGS=$REVIEW_DIR/logs

# review_sync: make $TREE (scripts/tree.sh), fetch it into $RTREE, and
# set BASE_REV, HEAD_REV, REVS (the series' commits, in order) and
# NAMES (their patch files, from series).
review_sync()
{
	local n

	"$TOP/scripts/tree.sh"
	mkdir -p "$REVIEW_DIR" "$RLOGS"
	if [ ! -d "$RTREE/.git" ]; then
		log "cloning $TREE into $RTREE"
		git clone -q --no-checkout "$TREE" "$RTREE"
	fi
	git -C "$RTREE" fetch -q --no-tags "$TREE" "+HEAD:refs/heads/review-head" \
		"+refs/tags/$BASE_TAG:refs/tags/$BASE_TAG"
	BASE_REV=$(git -C "$RTREE" rev-parse "$BASE_TAG^{commit}")
	HEAD_REV=$(git -C "$RTREE" rev-parse review-head)
	mapfile -t REVS < <(git -C "$RTREE" rev-list --reverse "$BASE_REV..$HEAD_REV")
	mapfile -t NAMES < <(series_patches)
	n=${#NAMES[@]}
	[ ${#REVS[@]} -eq "$n" ] ||
		die "$TREE has ${#REVS[@]} commits on $BASE_TAG but series names $n patches: run scripts/tree.sh"
	[ "$n" -gt 0 ] || die "series is empty: nothing to review"
}

# review_checkout REV: the working tree at REV (only changed files are
# rewritten, so make rebuilds what depends on them).
review_checkout()
{
	git -C "$RTREE" checkout -q -f --detach "$1"
}

# review_head_config: the series' test config (scripts/config.sh for
# build/linux, cached there) copied to $REVIEW_DIR/head.config.
review_head_config()
{
	"$TOP/scripts/config.sh"
	cp "$OUT/.config" "$REVIEW_DIR/head.config"
}

# review_kmake DIR ARCH ARGS...: make in $RTREE with objects in DIR.
review_kmake()
{
	local dir=$1 arch=$2

	shift 2
	make -C "$RTREE" O="$dir" ARCH="$arch" CC="$KBUILD_CC" -j"$JOBS" "$@"
}

# review_config CONFIG: $ROUT/.config = CONFIG, completed for the
# current commit by olddefconfig (symbols it does not know are dropped).
review_config()
{
	mkdir -p "$ROUT"
	cp "$1" "$ROUT/.config"
	review_kmake "$ROUT" x86_64 olddefconfig >"$RLOGS/olddefconfig.log" 2>&1 ||
		die "make olddefconfig failed (log: $RLOGS/olddefconfig.log)"
}

# review_build DIR ARCH LOG: build bzImage and modules; on failure print
# the first error of LOG and return 1.
review_build()
{
	local dir=$1 arch=$2 log=$3

	if ! review_kmake "$dir" "$arch" bzImage modules >"$log" 2>&1; then
		grep -m 3 -E '(error|Error)[: ]' "$log" | sed 's/^/    /' >&2 || true
		return 1
	fi
}

# warnings LOG: the compiler, sparse, objtool, modpost, linker and
# Sphinx warnings of a log, one "file: message" per line, sorted and
# unique: line and column numbers and the tree's path dropped, so that
# the same warning in a shifted line compares equal.
warnings()
{
	perl -ne '
		next unless /(?:\bwarning|\berror): |^WARNING: |: (?:WARNING|ERROR|SEVERE|CRITICAL): /;
		s/\e\[[0-9;]*m//g;
		s@^/\S*?/linux/@@;
		s@^(?:\.\./)+linux/@@;
		s@^(\S+?):\d+(?::\d+)?(?:-\d+)?: @$1: @;
		s@\bline \d+@line N@g;
		print;
	' "$1" | LC_ALL=C sort -u
}

# findings HEADER LIST: log HEADER, then LIST one finding a line,
# indented (stderr).
findings()
{
	local f

	log "$1"
	while IFS= read -r f; do printf '    %s\n' "$f" >&2; done <<<"$2"
}

# side_rev base|head: the commit of that side of the comparison.
side_rev()
{
	if [ "$1" = head ]; then echo "$HEAD_REV"; else echo "$BASE_REV"; fi
}

# new_warnings BASE LOG: the warnings of LOG that BASE (a warnings()
# list) does not have.
new_warnings()
{
	warnings "$2" | LC_ALL=C comm -13 "$1" -
}

# review_base_warnings: BASE_WARNINGS, the warnings of a full build of
# the base with the series' test config, kept in $CACHE_DIR/review by
# base, config and compiler (the base is pinned: it is built here once).
review_base_warnings()
{
	local key

	key=$( (echo "$BASE_REV"; gcc --version | head -n 1; cat "$REVIEW_DIR/head.config") |
		sha256sum | cut -c1-32)
	mkdir -p "$CACHE_DIR/review"
	BASE_WARNINGS=$CACHE_DIR/review/base-$key.warnings
	[ -f "$BASE_WARNINGS" ] && return 0
	log "building the base (x86_64, the test config) for its warnings"
	rm -rf "$ROUT"
	review_checkout "$BASE_REV"
	review_config "$REVIEW_DIR/head.config"
	review_build "$ROUT" x86_64 "$RLOGS/base.log" ||
		die "the base does not build with the test config (log: $RLOGS/base.log)"
	warnings "$RLOGS/base.log" >"$BASE_WARNINGS.tmp"
	mv "$BASE_WARNINGS.tmp" "$BASE_WARNINGS"
	log "base: $(wc -l <"$BASE_WARNINGS") distinct warnings"
}
