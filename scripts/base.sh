#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The pinned base: download the Debian package that holds the kernel
# source (never installed: the host's packages stay as they are), check
# its tarball's sha256, keep the tarball in the cache by that sha256, and
# make it a git repository with one base commit.  Prints the repository's
# path.
#
# The package comes from the archive named in the pin, through an apt
# configuration of the harness's own under the cache (its sources list,
# lists and downloads): the host's sources list is not read or changed.
# A pin the archive no longer serves is an error, unless the tarball is
# in the cache already or XRMAP_ALLOW_UNPINNED=1 lets the archive's
# candidate stand in for it (loudly; nothing from such a run is evidence
# for the pin).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG   (reads the pin from \$XRMAP_PIN_FILE, default base.pin; env XRMAP_ALLOW_UNPINNED=1)" >&2
	exit 2
}
[ $# -eq 0 ] || usage

load_pin
APT_DIR=$CACHE_DIR/apt
TARBALLS=$CACHE_DIR/tarballs
mkdir -p "$TARBALLS"

# apt with the harness's own sources list, lists and download directory.
hapt()
{
	local cmd=$1

	shift
	"$cmd" -q -o Dir::Etc::SourceList="$APT_DIR/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$APT_DIR/lists" \
		-o Dir::Cache::archives="$APT_DIR/archives" -o Dir::Cache="$APT_DIR/cache" \
		-o APT::Sandbox::User=root "$@"
}

# The archive's versions of the package, one a line.
archive_versions()
{
	hapt apt-cache madison "$PIN_PACKAGE" 2>/dev/null |
		awk -F'|' '{ gsub(/ /, "", $2); print $2 }'
}

# download VERSION: the package's .deb into $APT_DIR/archives; prints its path.
download()
{
	(cd "$APT_DIR/archives" &&
		hapt apt-get download "$PIN_PACKAGE=$1" >"$APT_DIR/download.log" 2>&1) ||
		die "apt-get download $PIN_PACKAGE=$1 failed (log: $APT_DIR/download.log)"
	ls "$APT_DIR/archives/${PIN_PACKAGE}_${1/*:/}_"*.deb 2>/dev/null | head -n 1
}

# tarball_of DEB: the source tarball the package holds, into $TARBALLS by
# its sha256; prints the sha256.
tarball_of()
{
	local x=$APT_DIR/x sha

	rm -rf "$x"
	dpkg-deb -x "$1" "$x" || die "cannot unpack $1"
	[ -r "$x/usr/src/$PIN_PACKAGE.tar.xz" ] || die "$1 holds no usr/src/$PIN_PACKAGE.tar.xz"
	sha=$(sha256sum "$x/usr/src/$PIN_PACKAGE.tar.xz" | cut -d' ' -f1)
	mv "$x/usr/src/$PIN_PACKAGE.tar.xz" "$TARBALLS/$sha.tar.xz.tmp"
	mv "$TARBALLS/$sha.tar.xz.tmp" "$TARBALLS/$sha.tar.xz"
	rm -rf "$x"
	echo "$sha"
}

sha=$PIN_SHA256
version=$PIN_VERSION
if [ ! -r "$TARBALLS/$sha.tar.xz" ]; then
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/cache"
	echo "deb [signed-by=${XRMAP_APT_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}] $PIN_ARCHIVE" \
		>"$APT_DIR/sources.list"
	log "updating the harness's apt lists for: $PIN_ARCHIVE"
	hapt apt-get update >"$APT_DIR/update.log" 2>&1 ||
		die "apt-get update of $PIN_ARCHIVE failed (log: $APT_DIR/update.log)"
	versions=$(archive_versions)
	[ -n "$versions" ] ||
		die "package $PIN_PACKAGE is not in $PIN_ARCHIVE (pinned $PIN_VERSION)"
	if ! grep -qxF -- "$PIN_VERSION" <<<"$versions"; then
		[ "${XRMAP_ALLOW_UNPINNED:-0}" = 1 ] ||
			die "pinned $PIN_PACKAGE $PIN_VERSION is not in $PIN_ARCHIVE (it has: $(echo $versions)); update $PIN_FILE, or set XRMAP_ALLOW_UNPINNED=1 to use the newest"
		version=$(head -n 1 <<<"$versions")
	fi
	log "downloading $PIN_PACKAGE $version"
	deb=$(download "$version")
	[ -n "$deb" ] || die "apt-get download $PIN_PACKAGE=$version left no .deb in $APT_DIR/archives"
	got=$(tarball_of "$deb")
	rm -f "$deb"
	if [ "$version" = "$PIN_VERSION" ]; then
		[ "$got" = "$PIN_SHA256" ] || {
			rm -f "$TARBALLS/$got.tar.xz"
			die "sha256 mismatch for pinned $PIN_PACKAGE $PIN_VERSION: its tarball has $got, $PIN_FILE says $PIN_SHA256"
		}
	else
		sha=$got
		cat >&2 <<EOF2
$PROG: ================================================================
$PROG: WARNING: pinned $PIN_PACKAGE $PIN_VERSION is not in the archive.
$PROG: WARNING: XRMAP_ALLOW_UNPINNED=1: using $version instead,
$PROG: WARNING: tarball sha256 $sha.
$PROG: WARNING: results are not from the pinned base; update $PIN_FILE.
$PROG: ================================================================
EOF2
	fi
fi
tarball=$TARBALLS/$sha.tar.xz

repo=$CACHE_DIR/base-${sha:0:16}.git
if [ ! -e "$repo/xrmap-base-ok" ]; then
	log "making the base repository $repo from $PIN_PACKAGE $version (about a minute)"
	rm -rf "$repo" "$repo.tmp"
	mkdir -p "$repo.tmp"
	tar -xJf "$tarball" -C "$repo.tmp"
	src=$(find "$repo.tmp" -mindepth 1 -maxdepth 1 -type d)
	[ -f "$src/Makefile" ] || die "$tarball does not hold a kernel tree"
	# Debian's packaging rule ignores everything at the top level
	# ("/*", "!/debian/"): drop it so new files behave as on kernel.org.
	sed -i '/^# Debian packaging: ignore everything/,$d' "$src/.gitignore"
	sed -i '${/^#$/d}' "$src/.gitignore"
	git init -q --bare "$repo"
	git --git-dir="$repo" --work-tree="$src" add -f -A .
	upstream=$(make -s -C "$src" kernelversion)
	GIT_AUTHOR_NAME=$GIT_COMMITTER_NAME GIT_AUTHOR_EMAIL=$GIT_COMMITTER_EMAIL \
	GIT_AUTHOR_DATE=$GIT_COMMITTER_DATE \
		git --git-dir="$repo" --work-tree="$src" commit -q -F - <<EOF
Linux $upstream from Debian $PIN_PACKAGE $version

The unpacked $PIN_PACKAGE.tar.xz (sha256 $sha),
Debian patches applied, with the Debian rule that ignores every
top-level path removed from .gitignore.
EOF
	git --git-dir="$repo" tag "$BASE_TAG"
	rm -rf "$repo.tmp"
	printf '%s %s %s\n' "$version" "$sha" "$upstream" >"$repo/xrmap-base-ok"
fi
read -r version _ upstream <"$repo/xrmap-base-ok"
[ "$version" != "$PIN_VERSION" ] || [ "$upstream" = "$PIN_UPSTREAM" ] ||
	die "$tarball carries Linux $upstream, $PIN_FILE says upstream=$PIN_UPSTREAM"
echo "$repo"
