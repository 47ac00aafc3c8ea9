# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# The review checks (checkpatch.sh, cover.sh, bisect.sh) on series broken
# on purpose: each must fail and name the patch and the check.  Sourced by
# run.sh; reads the kernel tree make tree left (build/linux) for
# checkpatch.pl and get_maintainer.pl, and skips without it.  The bisect
# tests build kernels: only with --full.

rv=$tmp/review
mkdir -p "$rv/patches"
rv_env=(env XRMAP_TREE="$REAL_TREE" XRMAP_PATCHES_DIR="$rv/patches" XRMAP_SERIES_FILE="$rv/series")
review_tests="checkpatch-long-line checkpatch-missing-sob checkpatch-codespell
	checkpatch-check-not-allowed checkpatch-check-allowed checkpatch-stale-allow
	cover-template-subject cover-no-base-commit cover-cc-incomplete cover-bench-other-series
	cover-lint-passes"
bisect_tests="bisect-prefix-does-not-build bisect-new-warning bisect-names-both"
if [ ! -x "$REAL_TREE/scripts/checkpatch.pl" ]; then
	for t in $review_tests $bisect_tests; do
		skip_test "$t" "no kernel tree at $REAL_TREE: make tree first"
	done
else

# The end of the base's mm/rmap.c, where the test patches append: its
# length and last three lines (the hunk's context).
rv_base_rmap=$(git -C "$REAL_TREE" show "base:mm/rmap.c")
rv_len=$(printf '%s\n' "$rv_base_rmap" | wc -l)
rv_ctx=$(printf '%s\n' "$rv_base_rmap" | tail -n 3 | sed 's/^/ /')
# rv_line K: the line number in mm/rmap.c of the Kth added line.
rv_line()
{
	echo $((rv_len + $1))
}

# rv_patch NAME SUBJECT ADDED-LINES [nosob]: a patch that appends
# ADDED-LINES to mm/rmap.c of the base (it applies there).
rv_patch()
{
	local name=$1 subject=$2 added=$3 sob="Signed-off-by: Test <test@example.org>"
	local n

	[ "${4:-}" = nosob ] && sob=
	n=$(printf '%s\n' "$added" | wc -l)
	{
		printf 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
		printf 'From: Test <test@example.org>\nDate: Sat, 1 Jan 2000 00:00:00 +0000\n'
		printf 'Subject: [PATCH] %s\n\n' "$subject"
		printf 'A change that the harness'\''s own tests make, to break a review check.\n\n'
		[ -z "$sob" ] || printf '%s\n' "$sob"
		printf -- '---\n mm/rmap.c | %d +\n 1 file changed, %d insertions(+)\n\n' "$n" "$n"
		printf 'diff --git a/mm/rmap.c b/mm/rmap.c\n--- a/mm/rmap.c\n+++ b/mm/rmap.c\n'
		printf '@@ -%d,3 +%d,%d @@\n' $((rv_len - 2)) $((rv_len - 2)) $((n + 3))
		printf '%s\n' "$rv_ctx"
		printf '%s\n' "$added" | sed 's/^/+/'
	} >"$rv/patches/$name"
}

rv_patch 0001-long.patch "mm/rmap: add a long comment" \
	"/* $(printf 'long %.0s' $(seq 20))*/"
printf '0001-long.patch\n' >"$rv/series"
expect_error checkpatch-long-line \
	"checkpatch.sh: 0001-long.patch: WARNING:LONG_LINE_COMMENT: line length of 105 exceeds 100 columns (patch line 20, mm/rmap.c:$(rv_line 1))" \
	"${rv_env[@]}" "$S/checkpatch.sh"

rv_patch 0001-nosob.patch "mm/rmap: add a comment" "/* a comment */" nosob
printf '0001-nosob.patch\n' >"$rv/series"
expect_error checkpatch-missing-sob \
	"checkpatch.sh: 0001-nosob.patch: ERROR:MISSING_SIGN_OFF: Missing Signed-off-by: line(s)" \
	"${rv_env[@]}" "$S/checkpatch.sh"

rv_patch 0001-typo.patch "mm/rmap: add a comment" "/* the folios we recieve */"
printf '0001-typo.patch\n' >"$rv/series"
expect_error checkpatch-codespell \
	"checkpatch.sh: 0001-typo.patch: WARNING:TYPO_SPELLING: 'recieve' may be misspelled - perhaps 'receive'? (patch line 20, mm/rmap.c:$(rv_line 1))" \
	"${rv_env[@]}" "$S/checkpatch.sh"

# A CHECK: fails unless the allow-list names it; an entry that matches
# nothing fails too.
rv_patch 0001-check.patch "mm/rmap: add a helper" "$(printf '\nstatic inline int rmap_selftest_helper(int a)\n{\n\treturn a+1;\n}')"
printf '0001-check.patch\n' >"$rv/series"
printf '# test list\n' >"$rv/allow"
expect_error checkpatch-check-not-allowed \
	"checkpatch.sh: 0001-check.patch: CHECK:SPACING: spaces preferred around that '+' (ctx:VxV) (patch line 23, mm/rmap.c:$(rv_line 4))" \
	"${rv_env[@]}" XRMAP_CHECKPATCH_ALLOW="$rv/allow" "$S/checkpatch.sh"
printf '0001-*.patch SPACING a test of the allow-list\n' >"$rv/allow"
expect_ok checkpatch-check-allowed \
	"checkpatch.sh: checkpatch --strict --codespell: 1 patches, 0 errors, 0 warnings, 1 checks (1 allowed in allow)" \
	"${rv_env[@]}" XRMAP_CHECKPATCH_ALLOW="$rv/allow" "$S/checkpatch.sh"
printf '0001-*.patch SPACING a test of the allow-list\n0002-*.patch LONG_LINE stale\n' >"$rv/allow"
expect_error checkpatch-stale-allow \
	"checkpatch.sh: error: $rv/allow: '0002-*.patch LONG_LINE stale' matches no finding any more: remove it" \
	"${rv_env[@]}" XRMAP_CHECKPATCH_ALLOW="$rv/allow" "$S/checkpatch.sh"

# The cover letter: the real one, broken one way at a time.
cp "$TOP"/patches/*.patch "$TOP/series" "$rv/"
mkdir -p "$rv/cover"
cp "$TOP"/patches/*.patch "$rv/cover/"
cover_env=(env XRMAP_TREE="$REAL_TREE" XRMAP_PATCHES_DIR="$rv/cover" XRMAP_SERIES_FILE="$TOP/series")
c=$rv/cover/0000-cover-letter.patch
sed -i 's/^\(Subject: \[[^]]*\]\) .*/\1 *** SUBJECT HERE ***/' "$c"
expect_error cover-template-subject \
	"cover.sh: error: 0000-cover-letter.patch: the subject is still '*** SUBJECT HERE ***'" \
	"${cover_env[@]}" "$S/cover.sh"
cp "$TOP/patches/0000-cover-letter.patch" "$c"
sed -i '/^base-commit: /d' "$c"
expect_error cover-no-base-commit \
	"cover.sh: error: 0000-cover-letter.patch: no base-commit: line" \
	"${cover_env[@]}" "$S/cover.sh"
cp "$TOP/patches/0000-cover-letter.patch" "$c"
sed -i '/^Cc: /,/^$/{/linux-mm@kvack.org/d}' "$c"
expect_error cover-cc-incomplete \
	"    missing: Cc: linux-mm@kvack.org" \
	"${cover_env[@]}" "$S/cover.sh"
cp "$TOP/patches/0000-cover-letter.patch" "$c"
# The figures quoted are of another series (cover-lint-passes proves that
# the real cover letter's are of this one).
real_id=$(bash -c '. "$1/scripts/lib.sh" && bench_quoted "$2"' _ "$TOP" "$c")
sed -i "s/$real_id/000000000000/" "$c"
expect_error cover-bench-other-series \
	"cover.sh: error: 0000-cover-letter.patch: it quotes make bench on series 000000000000, this series is $real_id: run make bench and quote its table" \
	"${cover_env[@]}" "$S/cover.sh"
cp "$TOP/patches/0000-cover-letter.patch" "$c"
sed -i "s/$real_id//" "$c"
expect_error cover-bench-no-series \
	"cover.sh: error: 0000-cover-letter.patch: it quotes make bench but not which series the figures are of ('make bench on series $real_id')" \
	"${cover_env[@]}" "$S/cover.sh"
cp "$TOP/patches/0000-cover-letter.patch" "$c"
expect_ok cover-lint-passes "cover.sh: 0000-cover-letter.patch: subject," \
	"${cover_env[@]}" "$S/cover.sh"

# Bisectability: patch 1 calls what patch 2 defines, and patch 2 adds a
# warning.  Builds the base's kernel (with a ccache of its own: cold),
# from the pinned tarball of the real cache (a link: nothing is downloaded
# or written there).
rv_tarball=$(sed -n 's/^sha256=//p' "$TOP/base.pin").tar.xz
if [ "$FULL" = 0 ]; then
	for t in $bisect_tests; do
		skip_test "$t" "builds kernels: selftests/run.sh --full (make check-full)"
	done
elif [ ! -r "$REAL_CACHE/tarballs/$rv_tarball" ]; then
	for t in $bisect_tests; do
		skip_test "$t" "the pinned base is not in $REAL_CACHE/tarballs: make base first"
	done
else
	mkdir -p "$XRMAP_CACHE/tarballs"
	ln -sfn "$REAL_CACHE/tarballs/$rv_tarball" "$XRMAP_CACHE/tarballs/$rv_tarball"
	mkdir -p "$rv/bisect"
	rv_patch 0001-call.patch "mm/rmap: call a helper" "$(printf '\nvoid rmap_selftest_call(void);\nvoid rmap_selftest_call(void)\n{\n\trmap_selftest_helper();\n}')"
	mv "$rv/patches/0001-call.patch" "$rv/bisect/"
	# At the top of mm/rmap.c (the base's first three lines are the
	# context): it applies on top of 0001.
	{
	cat <<'EOP'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@example.org>
Date: Sat, 1 Jan 2000 00:00:00 +0000
Subject: [PATCH] mm/rmap: define the helper

A change that the harness's own tests make, to break a review check.

Signed-off-by: Test <test@example.org>
---
 mm/rmap.c | 8 ++++++++
 1 file changed, 8 insertions(+)

diff --git a/mm/rmap.c b/mm/rmap.c
--- a/mm/rmap.c
+++ b/mm/rmap.c
@@ -1,3 +1,11 @@
+int rmap_selftest_helper(void);
+int rmap_selftest_helper(void)
+{
+	int unused;
+
+	return 0;
+}
+
EOP
	head -n 3 <<<"$rv_base_rmap" | sed 's/^/ /'
	} >"$rv/bisect/0002-define.patch"
	printf '0001-call.patch\n0002-define.patch\n' >"$rv/bisect/series"
	rv_bisect()
	{
		env XRMAP_BUILD_DIR="$rv/build" XRMAP_PATCHES_DIR="$rv/bisect" XRMAP_SERIES_FILE="$rv/bisect/series" XRMAP_NO_SERIES_CONFIG=1 \
			XRMAP_TREE= XRMAP_OUT= "$S/bisect.sh" >"$rv/bisect.out" 2>&1 && return 1
		cat "$rv/bisect.out"
	}
	expect_ok bisect-prefix-does-not-build \
		"bisect.sh: 0001-call.patch: does not build with the patches before it (x86_64, test config)" \
		rv_bisect
	expect_ok bisect-new-warning \
		"bisect.sh: 0002-define.patch: new build warnings against the base (x86_64, test config):" \
		cat "$rv/bisect.out"
	expect_ok bisect-names-both \
		"bisect.sh: error: not bisectable: 0001-call.patch 0002-define.patch" \
		cat "$rv/bisect.out"
	rm -rf "$rv/build"
fi
fi
