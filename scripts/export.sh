#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate patches/ and series from the commits of build/linux on top of
# the base tag.  Output is stable: zero commit ids in the From lines, no
# signature, the cover letter's text and date kept, so that a diff of
# patches/ shows only real changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG   (exports \$TREE to \$PATCHES_DIR and \$SERIES_FILE)" >&2; exit 2; }
[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/tree.sh first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted edits: commit them first"
base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
[ -z "$(git -C "$TREE" rev-list --merges "$base..HEAD")" ] ||
	die "$TREE has merge commits on top of $BASE_TAG: rebase to a linear series"
count=$(git -C "$TREE" rev-list --count "$base..HEAD")

cover=$PATCHES_DIR/0000-cover-letter.patch
desc=$(mktemp) new=$(mktemp -d) prefix=
trap 'rm -rf "$desc" "$new"' EXIT
# Keep the cover letter's subject and text: everything between the headers
# and the shortlog ("Author (N):").
if [ -f "$cover" ]; then
	awk '
	/^Subject: / && !subj { s = $0; sub(/^Subject: (\[[^]]*\] )?/, "", s)
		subj = 1; next }
	subj && !body && /^(To|Cc): / { hdr = 1; next }
	subj && !body && /^[ \t]/ { if (hdr) next; t = $0; sub(/^[ \t]+/, " ", t); s = s t; next }
	subj && !body && /^$/ { print s; print ""; body = 1; next }
	body && /^[^ ].* \([0-9]+\):$/ && n && line[n] == "" { exit }
	body { line[++n] = $0 }
	END { while (n && line[n] == "") n--; for (i = 1; i <= n; i++) print line[i] }
	' "$cover" >"$desc"
	date=$(sed -n 's/^Date: //p' "$cover" | head -n 1)
	# "[RFC PATCH v2 0/6] ..." keeps "RFC PATCH v2" for every patch.
	prefix=$(sed -n -E 's/^Subject: \[(.*) [0-9]+\/[0-9]+\].*/\1/p' "$cover" | head -n 1)
else
	printf '*** SUBJECT HERE ***\n\n*** BLURB HERE ***\n' >"$desc"
	date=
fi
prefix=${XRMAP_SUBJECT_PREFIX:-${prefix:-PATCH}}
# format-patch takes the cover letter's text from the description of the
# branch checked out (scripts/tree.sh names it "series").
branch=$(git -C "$TREE" symbolic-ref --quiet --short HEAD) ||
	die "$TREE has no branch checked out (detached HEAD): the cover letter's text goes into a branch's description"
git -C "$TREE" config "branch.$branch.description" "$(cat "$desc")"

if [ "$count" -gt 0 ]; then
	# The cover letter is from the series' last author, not from whoever
	# runs the export.
	GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an) \
	GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae) \
	git -C "$TREE" format-patch -q --cover-letter --cover-from-description=subject \
		--base="$base" --zero-commit --no-signature --no-thread \
		--subject-prefix="$prefix" -o "$new" "$base..HEAD"
	# The cover letter's date is "now" each time: keep the old one.
	[ -z "$date" ] || sed -i "s/^Date: .*/Date: $date/" "$new/0000-cover-letter.patch"
	# To and Cc: what scripts/get_maintainer.pl gives for the series.
	mapfile -t pp < <(find "$new" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' |
		LC_ALL=C sort)
	recipients "$(git -C "$TREE" log -1 --format=%ae)" "${pp[@]}" >"$new/rcpt"
	awk -v rcpt="$new/rcpt" '
	function header(name,   line, n, out) {
		out = ""
		while ((getline line < rcpt) > 0) {
			if (substr(line, 1, 4) != name ": ") continue
			out = out (n++ ? ",\n    " : name ": ") substr(line, 5)
		}
		close(rcpt)
		if (n) print out
	}
	/^Subject: / { subj = 1 }
	subj && !done && /^$/ { header("To"); header("Cc"); done = 1 }
	{ print }
	' "$new/0000-cover-letter.patch" >"$new/cover" &&
		mv "$new/cover" "$new/0000-cover-letter.patch"
fi

mkdir -p "$PATCHES_DIR"
rm -f "$PATCHES_DIR"/[0-9][0-9][0-9][0-9]-*.patch
if [ "$count" -gt 0 ]; then
	cp "$new"/*.patch "$PATCHES_DIR/"
fi

# series: its leading comment block, then the patches in order.
{
	if [ -f "$SERIES_FILE" ]; then
		awk '/^[ \t]*#/ || /^[ \t]*$/ { print; next } { exit }' "$SERIES_FILE"
	else
		echo "# The series, in order (quilt format: one patch a line; # comments)."
	fi
	find "$PATCHES_DIR" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' -printf '%f\n' | LC_ALL=C sort
} >"$new/series"
mv "$new/series" "$SERIES_FILE"

echo "$(series_id "$base") $(git -C "$TREE" rev-parse HEAD)" >"$TREE/.git/$STAMP_NAME"
log "exported $count patches to $PATCHES_DIR and $SERIES_FILE"
