#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the pinned linux-source package and turn its tarball into a cached
# git repository with one base commit.  Prints the repository's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG   (reads the pin from \$PIN_FILE, default base.pin)" >&2
	exit 2
}
[ $# -eq 0 ] || usage

load_pin
tarball=/usr/src/$PIN_PACKAGE.tar.xz

installed_version()
{
	local st

	# dpkg-query fails for a package it never heard of: not installed.
	st=$(dpkg-query -W -f='${Status} ${Version}' "$PIN_PACKAGE" 2>/dev/null) ||
		return 0
	echo "$st" | awk '$3 == "installed" { print $4 }'
}

archive_has()
{
	apt-cache madison "$PIN_PACKAGE" 2>/dev/null |
		awk -F'|' -v v="$1" '{ gsub(/ /, "", $2) } $2 == v { f = 1 } END { exit !f }'
}

candidate_version()
{
	apt-cache policy "$PIN_PACKAGE" 2>/dev/null |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

apt_install()
{
	[ "$(id -u)" -eq 0 ] ||
		die "$PIN_PACKAGE=$1 is not installed and installing needs root"
	log "installing $PIN_PACKAGE=$1"
	apt-get install -y -q --no-install-recommends --allow-downgrades \
		"$PIN_PACKAGE=$1" >"$CACHE_DIR/apt.log" 2>&1 ||
		die "apt-get install $PIN_PACKAGE=$1 failed (log: $CACHE_DIR/apt.log)"
}

version=$(installed_version)
if [ "$version" != "$PIN_VERSION" ]; then
	if ! archive_has "$PIN_VERSION" && [ "$(id -u)" -eq 0 ]; then
		apt-get update -q >"$CACHE_DIR/apt-update.log" 2>&1 ||
			log "warning: apt-get update failed (log: $CACHE_DIR/apt-update.log)"
	fi
	if archive_has "$PIN_VERSION"; then
		apt_install "$PIN_VERSION"
	else
		cand=$(candidate_version)
		[ -n "$cand" ] ||
			die "package $PIN_PACKAGE is not in the Debian archive (pinned $PIN_VERSION)"
		[ "$version" = "$cand" ] || apt_install "$cand"
	fi
	version=$(installed_version)
fi
[ -r "$tarball" ] || die "$PIN_PACKAGE $version is installed but $tarball is missing"

sha=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$version" = "$PIN_VERSION" ]; then
	[ "$sha" = "$PIN_SHA256" ] ||
		die "sha256 mismatch for pinned $PIN_PACKAGE $PIN_VERSION: $tarball has $sha, $PIN_FILE says $PIN_SHA256"
else
	cat >&2 <<EOF
$PROG: ================================================================
$PROG: WARNING: pinned $PIN_PACKAGE $PIN_VERSION is not in the archive.
$PROG: WARNING: using the candidate $version instead,
$PROG: WARNING: tarball sha256 $sha.
$PROG: WARNING: results are not from the pinned base; update $PIN_FILE.
$PROG: ================================================================
EOF
fi

repo=$CACHE_DIR/base-${sha:0:16}.git
if [ ! -e "$repo/xrmap-base-ok" ]; then
	log "making the base repository $repo from $tarball (about a minute)"
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
read -r _ _ upstream <"$repo/xrmap-base-ok"
[ "$version" != "$PIN_VERSION" ] || [ "$upstream" = "$PIN_UPSTREAM" ] ||
	die "$tarball carries Linux $upstream, $PIN_FILE says upstream=$PIN_UPSTREAM"
echo "$repo"
