#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static analysis of the C files the series touches, against the base:
#   sparse  `make W=1 C=2` of their objects (W=1 compiler warnings and
#           sparse's, Debian's sparse): no warning that the base's
#           versions of the same files do not give;
#   cocci   every semantic patch of scripts/coccinelle (`coccicheck
#           MODE=report`, one file at a time as `make C=2
#           CHECK=scripts/coccicheck` runs it): no report that the base's
#           versions do not give.
# coccicheck takes about a minute a file: its reports are cached by file,
# include/ tree, semantic patches and spatch version under
# $XRMAP_CACHE/cocci, so only changed files are checked again, and the
# base's version of a file is checked only when the series' version has
# reports.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/lib-review.sh"

usage()
{
	echo "usage: $PROG [sparse|cocci]...   (default both; env XRMAP_REVIEW_DIR, XRMAP_JOBS)" >&2
	exit 2
}
for a in "$@"; do
	case $a in sparse|cocci) ;; *) usage ;; esac
done
what=${*:-sparse cocci}

"$TOP/scripts/deps.sh" full
kbuild_env
review_sync
review_head_config
export PATH=/usr/bin:$PATH

# The series' C files that kbuild compiles (not the selftests).
mapfile -t files < <(git -C "$RTREE" diff --name-only "$BASE_REV" "$HEAD_REV" -- '*.c' |
	grep -v '^tools/')
[ ${#files[@]} -gt 0 ] || { log "the series touches no kernel C file"; exit 0; }
# exists REV FILE
exists()
{
	git -C "$RTREE" cat-file -e "$1:$2" 2>/dev/null
}

# at REV: the review tree at REV, configured with the test config.
at()
{
	review_checkout "$1"
	review_config "$REVIEW_DIR/head.config"
}

ALLOW=${XRMAP_STATIC_ALLOW:-$TOP/scripts/static.allow}
[ -r "$ALLOW" ] || die "no allow-list $ALLOW"
mapfile -t allow < <(awk '!/^[ \t]*#/ && NF' "$ALLOW")
for a in "${allow[@]}"; do
	[[ "$a" =~ ^(sparse|cocci):\ .+\ \ \#\ .+$ ]] ||
		die "$ALLOW: expected 'sparse|cocci: FILE: MESSAGE  # reason', got '$a'"
done
used=()

# allowed CHECK FINDING: FINDING is in the allow-list (and is marked used).
allowed()
{
	local i

	for i in "${!allow[@]}"; do
		if [ "${allow[$i]%%  # *}" = "$1: $2" ]; then
			used[i]=1
			return 0
		fi
	done
	return 1
}

# report CHECK NEW-FINDINGS: print the findings that the allow-list does
# not name; return 1 if there are any.
report()
{
	local check=$1 f n=0

	while IFS= read -r f; do
		[ -n "$f" ] || continue
		allowed "$check" "$f" && continue
		[ $n -gt 0 ] || log "$check: new findings against the base:"
		printf '    %s\n' "$f" >&2
		n=$((n + 1))
	done <<<"$2"
	[ $n -eq 0 ]
}

# newly FINDINGS: how the new findings stand, for the summary line.
newly()
{
	local n

	n=$(grep -c . <<<"$1" || true)
	if [ "$n" -eq 0 ]; then
		echo "none new against the base"
	else
		echo "$n new against the base, each in $(basename "$ALLOW") with its reason"
	fi
}

bad=()

sparse()
{
	local rev side objs new

	for side in base head; do
		rev=$(side_rev $side)
		objs=()
		for f in "${files[@]}"; do
			exists "$rev" "$f" && objs+=("${f%.c}.o")
		done
		at "$rev"
		review_kmake "$ROUT" x86_64 W=1 C=2 "${objs[@]}" \
			>"$RLOGS/sparse-$side.log" 2>&1 ||
			die "sparse: make W=1 C=2 failed on the $side (log: $RLOGS/sparse-$side.log)"
		warnings "$RLOGS/sparse-$side.log" >"$REVIEW_DIR/sparse-$side.warnings"
	done
	new=$(LC_ALL=C comm -13 "$REVIEW_DIR/sparse-base.warnings" "$REVIEW_DIR/sparse-head.warnings")
	if ! report sparse "$new"; then
		bad+=(sparse)
		return
	fi
	log "sparse: W=1 C=2 on ${#files[@]} files: $(wc -l <"$REVIEW_DIR/sparse-head.warnings") warnings, $(newly "$new")"
}

# cocci_key REV FILE: the cache key of FILE's coccicheck report at REV.
cocci_key()
{
	{
		spatch --version | head -n 1
		git -C "$RTREE" rev-parse "$1:scripts/coccinelle" "$1:scripts/coccicheck" \
			"$1:include" "$1:$2"
	} | sha256sum | cut -c1-32
}

# cocci_run SIDE REV FILE...: coccicheck each FILE at REV unless its
# report is cached.
cocci_run()
{
	local side=$1 rev=$2 f key todo=() inc

	shift 2
	for f in "$@"; do
		key=$(cocci_key "$rev" "$f")
		[ -f "$COCCI_CACHE/$key" ] || todo+=("$f:$key")
	done
	[ ${#todo[@]} -gt 0 ] || return 0
	log "cocci: checking ${#todo[@]} files of the $side (about a minute each, $JOBS at a time)"
	at "$rev"
	review_kmake "$ROUT" x86_64 prepare >"$RLOGS/cocci-prepare.log" 2>&1 ||
		die "cocci: make prepare failed (log: $RLOGS/cocci-prepare.log)"
	inc="-I$RTREE/arch/x86/include -I./arch/x86/include/generated -I$RTREE/include -I./include"
	inc+=" -I$RTREE/arch/x86/include/uapi -I./arch/x86/include/generated/uapi"
	inc+=" -I$RTREE/include/uapi -I./include/generated/uapi"
	inc+=" -include $RTREE/include/linux/compiler-version.h"
	inc+=" -include $RTREE/include/linux/kconfig.h"
	# One coccicheck per file, as `make C=2 CHECK=scripts/coccicheck` runs
	# it; a report goes to the cache only when coccicheck finished.
	printf '%s\n' "${todo[@]}" | (cd "$ROUT" &&
		C=2 MODE=report V=0 srctree=$RTREE LINUXINCLUDE=$inc \
		SPATCH=spatch CACHE=$COCCI_CACHE xargs -P "$JOBS" -I{} bash -c '
			f=${1%:*} key=${1##*:}
			if "$srctree/scripts/coccicheck" "$srctree/$f" >"$CACHE/$key.tmp" 2>&1; then
				mv "$CACHE/$key.tmp" "$CACHE/$key"
			else
				echo "coccicheck failed on $f:" >&2
				tail -n 5 "$CACHE/$key.tmp" >&2
				exit 255
			fi' _ {}) ||
		die "cocci: coccicheck failed on the $side (see above)"
}

# cocci_reports REV FILE: the reports in FILE's cached coccicheck output
# ("/path/file:line:col-col: message"; not the commands coccicheck echoes
# or spatch's warnings about the semantic patches), as "file: message".
cocci_reports()
{
	perl -ne 'next unless m@^/\S+?:\d+:@;
		s@^\S*?/linux/@@; s@^(\S+?):\d+(?::\d+(?:-\d+)?)?: @$1: @; s@\bline \d+@line N@g;
		print' "$COCCI_CACHE/$(cocci_key "$1" "$2")" | LC_ALL=C sort -u
}

# The series' versions first; the base's versions of only the files that
# have reports, to tell the old reports from new ones.
cocci()
{
	local f reported=() new="" n=0 r

	COCCI_CACHE=$CACHE_DIR/cocci
	mkdir -p "$COCCI_CACHE"
	cocci_run head "$HEAD_REV" "${files[@]}"
	for f in "${files[@]}"; do
		r=$(cocci_reports "$HEAD_REV" "$f")
		[ -n "$r" ] || continue
		n=$((n + $(wc -l <<<"$r")))
		exists "$BASE_REV" "$f" && reported+=("$f")
	done
	[ ${#reported[@]} -eq 0 ] || cocci_run base "$BASE_REV" "${reported[@]}"
	for f in "${files[@]}"; do
		[ -n "$(cocci_reports "$HEAD_REV" "$f")" ] || continue
		if exists "$BASE_REV" "$f"; then
			r=$(LC_ALL=C comm -13 <(cocci_reports "$BASE_REV" "$f") \
				<(cocci_reports "$HEAD_REV" "$f"))
		else
			r=$(cocci_reports "$HEAD_REV" "$f")
		fi
		[ -z "$r" ] || new+="$r"$'\n'
	done
	if ! report cocci "$new"; then
		bad+=(cocci)
		return
	fi
	log "cocci: coccicheck MODE=report on ${#files[@]} files: $n reports, $(newly "$new")"
}

for w in $what; do
	"$w"
done
# A stale entry fails only when its check ran.
for i in "${!allow[@]}"; do
	[[ " $what " == *" ${allow[$i]%%:*} "* ]] || continue
	[ -n "${used[i]:-}" ] ||
		die "$ALLOW: '${allow[$i]%%  # *}' matches no new finding any more: remove it"
done
[ ${#bad[@]} -eq 0 ] || die "static analysis finds new problems: ${bad[*]}"
