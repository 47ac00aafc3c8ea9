# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Common settings and helpers for the harness scripts.  Sourced, never run.
#
# Every path can be overridden from the environment, which is how the
# harness's own tests (selftests/) point the scripts at broken inputs.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIN_FILE=${XRMAP_PIN_FILE:-$TOP/base.pin}
SERIES_FILE=${XRMAP_SERIES_FILE:-$TOP/series}
PATCHES_DIR=${XRMAP_PATCHES_DIR:-$TOP/patches}
CONFIGS_DIR=${XRMAP_CONFIGS_DIR:-$TOP/configs}
# The guest results that are not plain "ok" (known base failures, known
# flaky tests, suites that must not skip).
EXPECTED=${XRMAP_EXPECTED:-$TOP/selftests/expected-results}
BUILD_DIR=${XRMAP_BUILD_DIR:-$TOP/build}
TREE=${XRMAP_TREE:-$BUILD_DIR/linux}
CACHE_DIR=${XRMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrmap}
BASE_TAG=${XRMAP_BASE_TAG:-base}
# Name of the kernel build: build/out/$KBUILD_NAME holds its objects.
KBUILD_NAME=${XRMAP_KBUILD_NAME:-test}
OUT=${XRMAP_OUT:-$BUILD_DIR/out/$KBUILD_NAME}
JOBS=${XRMAP_JOBS:-$(nproc)}
# The guest's suites: one declaration each, scripts/suites/NAME.sh, read
# by config.sh, build.sh, initramfs.sh, the guest and the report.
SUITES_DIR=${XRMAP_SUITES_DIR:-$TOP/scripts/suites}
# Tests picked out of their suites ("SUITE:TEST" words, TEST as the suite's
# suite_pick() names it): the guest runs only those of these suites.
PICK=${XRMAP_PICK:-}

# suite_can_pick NAME: whether suite NAME runs tests alone (suite_pick()).
suite_can_pick()
{
	grep -q '^suite_pick()' "$SUITES_DIR/$1.sh" 2>/dev/null
}

# suite_var NAME VAR: the value of VAR in suite NAME's declaration.
suite_var()
{
	[ -r "$SUITES_DIR/$1.sh" ] || die "unknown suite '$1' (known: $(suites_all | tr '\n' ' '))"
	# shellcheck disable=SC1090
	(. "$SUITES_DIR/$1.sh" && eval "printf '%s\n' \"\${$2:-}\"")
}

# Every declared suite, one a line.
suites_all()
{
	local f

	for f in "$SUITES_DIR"/*.sh; do
		[ -e "$f" ] && basename "$f" .sh
	done
}

# suites_default base|series: the suites run by default that need the
# series (series) or not (base); SUITE_EXTRA ones run only when named.
suites_default()
{
	local s

	for s in $(suites_all); do
		[ -z "$(suite_var "$s" SUITE_EXTRA)" ] || continue
		case $1:$(suite_var "$s" SUITE_NEEDS) in
		base:|series:series) echo "$s" ;;
		esac
	done
}
BASE_SUITES=$(suites_default base | xargs)
SERIES_SUITES=$(suites_default series | xargs)
ALL_SUITES="$BASE_SUITES $SERIES_SUITES"

# base_build_env: switch this shell to the unpatched base's build (make
# run-base, make bench): build/base, an empty series, no
# configs/series-*.config; exported for the scripts run next.  Call it in
# a subshell to keep the caller's settings.
base_build_env()
{
	mkdir -p "$BUILD_DIR/base"
	printf '# empty: the unpatched base\n' >"$BUILD_DIR/base/series"
	export XRMAP_SERIES_FILE=$BUILD_DIR/base/series XRMAP_NO_SERIES_CONFIG=1
	export XRMAP_BUILD_DIR=$BUILD_DIR/base
	export XRMAP_TREE=$XRMAP_BUILD_DIR/linux XRMAP_OUT=$XRMAP_BUILD_DIR/out/$KBUILD_NAME
	SERIES_FILE=$XRMAP_SERIES_FILE NO_SERIES_CONFIG=1 BUILD_DIR=$XRMAP_BUILD_DIR
	TREE=$XRMAP_TREE OUT=$XRMAP_OUT
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

# Load base.pin: PIN_PACKAGE, PIN_VERSION, PIN_SHA256 (of the source
# tarball the package holds), PIN_UPSTREAM, PIN_ARCHIVE (the apt source
# line that serves the package: "URI SUITE COMPONENT").
load_pin()
{
	local key val line n=0

	[ -r "$PIN_FILE" ] || die "pin file $PIN_FILE is missing"
	PIN_PACKAGE= PIN_VERSION= PIN_SHA256= PIN_UPSTREAM= PIN_ARCHIVE=
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case "$line" in ''|'#'*) continue ;; esac
		[[ "$line" =~ ^([a-z0-9_]+)=([^[:space:]].*)$ ]] ||
			die "$PIN_FILE:$n: expected key=value, got '$line'"
		key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		[ "$key" = archive ] || [[ "$val" =~ ^[^[:space:]]+$ ]] ||
			die "$PIN_FILE:$n: $key= must be one word, got '$val'"
		case "$key" in
		package) PIN_PACKAGE=$val ;;
		version) PIN_VERSION=$val ;;
		sha256) PIN_SHA256=$val ;;
		upstream) PIN_UPSTREAM=$val ;;
		archive) PIN_ARCHIVE=$val ;;
		*) die "$PIN_FILE:$n: unknown key '$key'" ;;
		esac
	done < "$PIN_FILE"
	[ -n "$PIN_PACKAGE" ] || die "$PIN_FILE: no package="
	[ -n "$PIN_VERSION" ] || die "$PIN_FILE: no version="
	[ -n "$PIN_UPSTREAM" ] || die "$PIN_FILE: no upstream="
	[[ "$PIN_ARCHIVE" =~ ^[a-z]+://[^[:space:]]+\ [^[:space:]]+\ [^[:space:]]+$ ]] ||
		die "$PIN_FILE: archive= must be 'URI SUITE COMPONENT', got '$PIN_ARCHIVE'"
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

# One harness run at a time per build directory (make -j, a second
# session): the first script writes its pid into build/.lock, the scripts
# it starts inherit the lock (XRMAP_LOCK_HELD), and it ends with that
# process.  The check and the write are done under flock; no file
# descriptor stays open, so that no daemon a script starts (git gc --auto)
# can keep the lock after the run.
if [ "${XRMAP_LOCK_HELD:-}" != "$BUILD_DIR" ]; then
	mkdir -p "$BUILD_DIR"
	holder=$(
		exec 9>>"$BUILD_DIR/.lock"
		flock 9
		pid=$(cat "$BUILD_DIR/.lock.pid" 2>/dev/null || true)
		if [ -n "$pid" ] && [ "$pid" != $$ ] && kill -0 "$pid" 2>/dev/null; then
			echo "$pid"
		else
			echo $$ >"$BUILD_DIR/.lock.pid"
		fi
	)
	[ -z "$holder" ] ||
		die "another run of the harness (pid $holder) is using $BUILD_DIR: wait for it"
	export XRMAP_LOCK_HELD=$BUILD_DIR
fi

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

# The name make bench gives the series it measured, which the cover
# letter quotes with its figures: the series id over $TREE's base, short.
series_label()
{
	series_id "$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")" | cut -c1-12
}

# The words before that name wherever make bench's figures are quoted:
# above make bench's table (scripts/bench/report.sh) and in the cover
# letter (scripts/cover.sh checks that it names this series).
BENCH_QUOTE="make bench on series"

# bench_quoted FILE: the series FILE quotes make bench's figures of
# ("$BENCH_QUOTE ID", a line break counting as a space), one a line,
# sorted; nothing when it quotes none.
bench_quoted()
{
	tr -s ' \n' '  ' <"$1" | awk -v q="$BENCH_QUOTE " '{
		s = $0
		while ((i = index(s, q)) > 0) {
			s = substr(s, i + length(q))
			match(s, /^[0-9a-f]*/)
			print substr(s, 1, RLENGTH)
		}
	}' | sort -u
}

# initrd_with INITRAMFS DIR DEST: INITRAMFS followed by a second cpio
# archive of DIR's files (the kernel unpacks both), in DEST: how make
# bench and make xpmem add their programs to a kernel's initramfs.
initrd_with()
{
	{
		cat "$1"
		(cd "$2" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
	} >"$3"
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
	# A fixed hash seed: get_maintainer.pl orders equal entries by hash
	# order, which perl randomizes per run (the Cc: lines moved about).
	(cd "$TREE" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 \
		scripts/get_maintainer.pl --no-git --no-git-fallback \
		--rolestats "$@") |
		RCPT_FROM=$from perl -ne '
			chomp;
			my ($addr, $role) = /^(.*?>|\S+@\S+) \((.*)\)$/ or next;
			next if index($addr, $ENV{RCPT_FROM}) >= 0;
			my $to = $role =~ /^(maintainer|supporter):/;
			print(($to ? "To: " : "Cc: ") . "$addr\n");
		' | awk '!seen[$0]++' | sort -s -k1,1r
}
