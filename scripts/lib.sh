# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers for the harness scripts.  Sourced, never run.
#
# Every path can be overridden from the environment, which is how the
# harness's own tests (selftests/) point the scripts at broken inputs.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIN_FILE=${PIN_FILE:-$TOP/base.pin}
SERIES_FILE=${SERIES_FILE:-$TOP/series}
PATCHES_DIR=${PATCHES_DIR:-$TOP/patches}
CONFIGS_DIR=${CONFIGS_DIR:-$TOP/configs}
# The guest results that are not plain "ok" (known base failures, known
# flaky tests, suites that must not skip).
EXPECTED=${EXPECTED:-$TOP/selftests/expected-results}
BUILD_DIR=${BUILD_DIR:-$TOP/build}
TREE=${TREE:-$BUILD_DIR/linux}
CACHE_DIR=${XRMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrmap}
BASE_TAG=${BASE_TAG:-base}
# Name of the kernel build: build/out/$KBUILD_NAME holds its objects.
KBUILD_NAME=${KBUILD_NAME:-test}
OUT=${OUT:-$BUILD_DIR/out/$KBUILD_NAME}
JOBS=${JOBS:-$(nproc)}
# The guest's suites (scripts/guest/suites.sh): those that run on the
# unpatched base, and those that need the series.
BASE_SUITES="kunit_usercopy hmm gup_test cow migration"
SERIES_SUITES="kunit_mmu_rmap mmu_rmap"
ALL_SUITES="$BASE_SUITES $SERIES_SUITES"

# base_build_env: switch this shell to the unpatched base's build (make
# run-base, make bench): build/base, an empty series, no
# configs/series-*.config; exported for the scripts run next.  Call it in
# a subshell to keep the caller's settings.
base_build_env()
{
	mkdir -p "$BUILD_DIR/base"
	printf '# empty: the unpatched base\n' >"$BUILD_DIR/base/series"
	export SERIES_FILE=$BUILD_DIR/base/series NO_SERIES_CONFIG=1
	export BUILD_DIR=$BUILD_DIR/base
	export TREE=$BUILD_DIR/linux OUT=$BUILD_DIR/out/$KBUILD_NAME
}

# Fixed identity and dates so that the base commit and the commits made by
# `git am` get the same ids on every machine.
export GIT_COMMITTER_NAME="xrmap harness"
export GIT_COMMITTER_EMAIL="harness@xrmap.invalid"
export GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"

PROG=$(basename "$0")

die()
{
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

log()
{
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# Load base.pin: PIN_PACKAGE, PIN_VERSION, PIN_SHA256, PIN_UPSTREAM.
load_pin()
{
	local key val line n=0

	[ -r "$PIN_FILE" ] || die "pin file $PIN_FILE is missing"
	PIN_PACKAGE= PIN_VERSION= PIN_SHA256= PIN_UPSTREAM=
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case "$line" in ''|'#'*) continue ;; esac
		[[ "$line" =~ ^([a-z0-9_]+)=([^[:space:]]+)$ ]] ||
			die "$PIN_FILE:$n: expected key=value, got '$line'"
		key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		case "$key" in
		package) PIN_PACKAGE=$val ;;
		version) PIN_VERSION=$val ;;
		sha256) PIN_SHA256=$val ;;
		upstream) PIN_UPSTREAM=$val ;;
		*) die "$PIN_FILE:$n: unknown key '$key'" ;;
		esac
	done < "$PIN_FILE"
	[ -n "$PIN_PACKAGE" ] || die "$PIN_FILE: no package="
	[ -n "$PIN_VERSION" ] || die "$PIN_FILE: no version="
	[ -n "$PIN_UPSTREAM" ] || die "$PIN_FILE: no upstream="
	[[ "$PIN_SHA256" =~ ^[0-9a-f]{64}$ ]] ||
		die "$PIN_FILE: sha256= must be 64 lowercase hex digits"
}

# The patches of the series, in order, one per line (comments and blank
# lines dropped, quilt options after the name ignored).
series_patches()
{
	[ -r "$SERIES_FILE" ] || die "series file $SERIES_FILE is missing"
	sed -e 's/#.*//' -e 's/^[[:space:]]*//' "$SERIES_FILE" |
		awk 'NF { print $1 }'
}

# Install the Debian packages named, unless already installed.
need_pkgs()
{
	local missing=() p

	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		die "missing Debian packages: ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})"
	log "installing ${missing[*]}"
	if ! apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>"$CACHE_DIR/apt.log" 2>&1; then
		apt-get update -q >>"$CACHE_DIR/apt.log" 2>&1 ||
			log "warning: apt-get update failed (log: $CACHE_DIR/apt.log)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" \
			>>"$CACHE_DIR/apt.log" 2>&1 ||
			die "cannot install Debian packages: ${missing[*]} (log: $CACHE_DIR/apt.log)"
	fi
}

mkdir -p "$CACHE_DIR"
export DEBIAN_FRONTEND=noninteractive

# One id for "this base and these patches, in this order": when it is
# unchanged the tree under build/ is up to date.
series_id()
{
	local p

	{
		echo "$1"
		series_patches | while read -r p; do
			[ -r "$PATCHES_DIR/$p" ] ||
				die "series names $p, which is not in $PATCHES_DIR"
			printf '%s ' "$p"
			sha256sum <"$PATCHES_DIR/$p"
		done
	} | sha256sum | cut -d' ' -f1
}

# The stamp records the series id and the commit that `git am` (or an
# export) left the tree at.
STAMP_NAME=xrmap-applied

# The compiler and environment of every kernel build: ccache when present
# (CCACHE_BASEDIR makes trees at the same depth under $BUILD_DIR share
# hits), fixed build identity.  Sets KBUILD_CC.
kbuild_env()
{
	KBUILD_CC=gcc
	if command -v ccache >/dev/null; then
		KBUILD_CC="ccache gcc"
		export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}
		export CCACHE_BASEDIR=$BUILD_DIR
		export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
		export CCACHE_SLOPPINESS=time_macros
	fi
	export KBUILD_BUILD_TIMESTAMP="2000-01-01" KBUILD_BUILD_USER=xrmap KBUILD_BUILD_HOST=xrmap
}

# recipients FROM PATCH...: who the series goes to, from the patched
# tree's scripts/get_maintainer.pl: "To: " and "Cc: " lines (one
# address each, unfolded).  To: the maintainers and supporters of what the
# patches touch; Cc: reviewers and lists.  FROM (the sender) is left out.
recipients()
{
	local from=$1

	shift
	[ -x "$TREE/scripts/get_maintainer.pl" ] ||
		die "no kernel tree at $TREE for scripts/get_maintainer.pl: run scripts/tree.sh first"
	(cd "$TREE" && scripts/get_maintainer.pl --no-git --no-git-fallback \
		--rolestats "$@") |
		RCPT_FROM=$from perl -ne '
			chomp;
			my ($addr, $role) = /^(.*?>|\S+@\S+) \((.*)\)$/ or next;
			next if index($addr, $ENV{RCPT_FROM}) >= 0;
			my $to = $role =~ /^(maintainer|supporter):/;
			print(($to ? "To: " : "Cc: ") . "$addr\n");
		' | awk '!seen[$0]++' | sort -s -k1,1r
}
