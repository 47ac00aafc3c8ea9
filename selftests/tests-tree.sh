# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S and the expect_* helpers come from run.sh
# tree.sh, export.sh and quilt-check.sh on a scratch series against the
# fake base of tests-pin.sh: sourced by run.sh.  The tests after
# commit-in-tree work on the tree it leaves: a chain, in order.

st_env=(env XRMAP_PIN_FILE="$tmp/fake.pin" XRMAP_BUILD_DIR="$tmp/build" XRMAP_PATCHES_DIR="$tmp/patches"
	XRMAP_SERIES_FILE="$tmp/series")
mkdir -p "$tmp/patches"
printf '# scratch series\n' >"$tmp/series"
st_tree=$tmp/build/linux

# A patch whose context is not in the base.
cat >"$tmp/patches/0001-bogus.patch" <<'EOP'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@example.org>
Date: Sat, 1 Jan 2000 00:00:00 +0000
Subject: [PATCH] mm: change a line that is not there

Signed-off-by: Test <test@example.org>
---
 mm/rmap.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/rmap.c b/mm/rmap.c
--- a/mm/rmap.c
+++ b/mm/rmap.c
@@ -1,3 +1,3 @@
-this line is not in mm/rmap.c
+nor is this one
 // SPDX-License-Identifier: GPL-2.0
 /*
EOP

printf '0001-missing.patch\n' >>"$tmp/series"
expect_error series-names-missing-patch \
	"tree.sh: error: series names 0001-missing.patch, which is not in $tmp/patches" \
	"${st_env[@]}" "$S/tree.sh"

printf '# scratch series\n0001-bogus.patch\n' >"$tmp/series"
expect_error patch-does-not-apply \
	"tree.sh: error: patch 1 (0001-bogus.patch) does not apply: see the git am output above" \
	"${st_env[@]}" "$S/tree.sh"

printf '# scratch series\n' >"$tmp/series"
rm "$tmp/patches/0001-bogus.patch"
expect_ok empty-series-applies "tree.sh: $st_tree: base + 0 patches applied" \
	"${st_env[@]}" "$S/tree.sh"

# The developer workflow: edit, commit, export, and the exported series
# reapplies with git am and quilt to the same files.
commit_change()
{
	echo "/* xrmap selftest */" >>"$st_tree/mm/rmap.c" &&
	git -C "$st_tree" commit -q -a -s -m "mm/rmap: add a comment" \
		-m "A change to test the export." --author="Test <test@example.org>" &&
	echo committed
}
expect_ok commit-in-tree committed commit_change
expect_error unexported-commit-protected \
	"tree.sh: error: $st_tree has commits not exported to patches/ (HEAD $(git -C "$st_tree" rev-parse HEAD 2>/dev/null)): run make export, or rerun with XRMAP_FORCE=1" \
	"${st_env[@]}" "$S/tree.sh"

expect_ok export-writes-series "export.sh: exported 1 patches to $tmp/patches and $tmp/series" \
	"${st_env[@]}" "$S/export.sh"

export_twice_identical()
{
	local before

	before=$(cat "$tmp/series" "$tmp/patches"/*.patch | sha256sum)
	"${st_env[@]}" "$S/export.sh" &&
	[ "$before" = "$(cat "$tmp/series" "$tmp/patches"/*.patch | sha256sum)" ] &&
	grep -qx '0001-mm-rmap-add-a-comment.patch' "$tmp/series" &&
	grep -qx 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001' \
		"$tmp/patches/0001-mm-rmap-add-a-comment.patch" &&
	echo "export is stable"
}
expect_ok export-is-stable "export is stable" export_twice_identical

# An export from a tree on another branch (a clone made for editing)
# keeps the cover letter's text; a detached HEAD has no branch to carry
# it, and says so.
export_from_branch()
{
	rm -rf "$tmp/edit" "$tmp/patches-edit" &&
	git clone -q --shared "$st_tree" "$tmp/edit" &&
	git -C "$tmp/edit" checkout -q -b edit &&
	cp -r "$tmp/patches" "$tmp/patches-edit" && cp "$tmp/series" "$tmp/series-edit" &&
	sed -i 's/^Subject: \[PATCH 0\/1\] .*/Subject: [PATCH 0\/1] mm: a subject kept/' \
		"$tmp/patches-edit/0000-cover-letter.patch" &&
	"${st_env[@]}" XRMAP_TREE="$tmp/edit" XRMAP_PATCHES_DIR="$tmp/patches-edit" \
		XRMAP_SERIES_FILE="$tmp/series-edit" "$S/export.sh" &&
	grep -x 'Subject: \[PATCH 0/1\] mm: a subject kept' "$tmp/patches-edit/0000-cover-letter.patch"
}
expect_ok export-from-another-branch "Subject: [PATCH 0/1] mm: a subject kept" export_from_branch
expect_error export-detached-head \
	"export.sh: error: $tmp/edit has no branch checked out (detached HEAD): the cover letter's text goes into a branch's description" \
	bash -c 'git -C "$1" checkout -q --detach && shift && "$@"' _ "$tmp/edit" \
	"${st_env[@]}" XRMAP_TREE="$tmp/edit" XRMAP_PATCHES_DIR="$tmp/patches-edit" \
	XRMAP_SERIES_FILE="$tmp/series-edit" "$S/export.sh"

expect_ok exported-tree-up-to-date "is up to date (mm/rmap: add a comment)" \
	"${st_env[@]}" "$S/tree.sh"

expect_ok quilt-applies-exported-series "quilt push -a --fuzz=0: 1 patches, same 1 files as git am" \
	"${st_env[@]}" "$S/quilt-check.sh"

reapply_from_scratch()
{
	rm -rf "$st_tree" && "${st_env[@]}" "$S/tree.sh" &&
	grep -q 'xrmap selftest' "$st_tree/mm/rmap.c"
}
expect_ok reapply-from-scratch "base + 1 patches applied" reapply_from_scratch

# A series that starts with the patches applied last time keeps their
# commits: the files only the new patch touches change, the others keep
# their times (nothing else rebuilds).
extend_series()
{
	local before out

	before=$(stat -c %y "$st_tree/mm/rmap.c") &&
	echo "/* xrmap second */" >"$st_tree/mm/xrmap-second.c" &&
	git -C "$st_tree" add mm/xrmap-second.c &&
	git -C "$st_tree" commit -q -s -m "mm: add a file" -m "A second patch." \
		--author="Test <test@example.org>" &&
	git -C "$st_tree" format-patch -q -1 -o "$tmp/patches" &&
	git -C "$st_tree" reset -q --hard HEAD~1 &&
	basename "$tmp/patches"/0001-mm-add-a-file.patch >>"$tmp/series" &&
	mv "$tmp/patches/0001-mm-add-a-file.patch" "$tmp/patches/0002-mm-add-a-file.patch" &&
	sed -i 's/^0001-mm-add-a-file.patch$/0002-mm-add-a-file.patch/' "$tmp/series" &&
	out=$("${st_env[@]}" "$S/tree.sh" 2>&1) &&
	grep -qxF "tree.sh: keeping the first 1 patches applied last time" <<<"$out" &&
	grep -qxF "tree.sh: $st_tree: base + 2 patches applied" <<<"$out" &&
	[ -f "$st_tree/mm/xrmap-second.c" ] &&
	[ "$before" = "$(stat -c %y "$st_tree/mm/rmap.c")" ] &&
	echo "patch 1 kept, patch 2 applied, mm/rmap.c kept its time"
}
expect_ok series-prefix-kept "patch 1 kept, patch 2 applied, mm/rmap.c kept its time" extend_series

dirty_tree()
{
	echo "/* uncommitted */" >>"$st_tree/mm/rmap.c"
	"${st_env[@]}" "$S/tree.sh"
}
expect_error uncommitted-edits-protected \
	"tree.sh: error: $st_tree has uncommitted edits: commit and export them (make export) or rerun with XRMAP_FORCE=1" \
	dirty_tree

break_quilt()
{
	# A series that git am took but whose file quilt now sees changed.
	sed -i 's/xrmap selftest/xrmap changed/' "$tmp/patches/0001-mm-rmap-add-a-comment.patch"
	"${st_env[@]}" "$S/quilt-check.sh"
}
expect_error quilt-differs-from-git-am \
	"quilt-check.sh: error: quilt and git am disagree on mm/rmap.c" break_quilt
