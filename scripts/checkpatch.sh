#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Style: scripts/checkpatch.pl --strict --codespell (Debian's codespell
# dictionary) on every patch of series, run in the kernel tree as a
# reviewer runs it.  Any ERROR or WARNING fails; a CHECK fails unless
# scripts/checkpatch.allow names its patch and type with a reason.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ALLOW=${XRMAP_CHECKPATCH_ALLOW:-$TOP/scripts/checkpatch.allow}
[ $# -eq 0 ] || { echo "usage: $PROG   (env: PATCHES_DIR, SERIES_FILE, CHECKPATCH_ALLOW)" >&2; exit 2; }
[ -r "$ALLOW" ] || die "no allow-list $ALLOW"
"$TOP/scripts/deps.sh"
dict=$(dpkg -L codespell | grep -m 1 '/codespell_lib/data/dictionary.txt$') ||
	die "the codespell package has no dictionary.txt"
[ -x "$TREE/scripts/checkpatch.pl" ] ||
	die "no kernel tree at $TREE for scripts/checkpatch.pl: run scripts/tree.sh first"
# checkpatch.pl runs spdxcheck.py with python3: Debian's, which has ply
# and git (a python3 earlier in PATH may not).
export PATH=/usr/bin:$PATH

# The allow-list: "glob type reason" lines.
mapfile -t allow < <(awk '!/^[ \t]*#/ && NF' "$ALLOW")
for a in "${allow[@]}"; do
	read -r g t r <<<"$a"
	[[ -n "$r" && "$t" =~ ^[A-Z_]+$ ]] ||
		die "$ALLOW: expected 'PATCH-GLOB TYPE reason', got '$a'"
done
used=()

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
problems=0 checks=0 allowed=0 n=0
mapfile -t patches < <(series_patches)
for p in "${patches[@]}"; do
	[ -r "$PATCHES_DIR/$p" ] || die "series names $p, which is not in $PATCHES_DIR"
	n=$((n + 1))
	(cd "$TREE" && scripts/checkpatch.pl --strict --codespell --codespellfile "$dict" \
		--show-types --no-color --no-summary "$PATCHES_DIR/$p") >"$work/out" 2>&1 || true
	# "TYPE:NAME: message" then "#LINE: FILE: path:line:" (or just "#LINE:").
	while IFS=$'\t' read -r kind type msg where; do
		if [ "$kind" = CHECK ]; then
			checks=$((checks + 1))
			ok=
			for i in "${!allow[@]}"; do
				read -r g t _ <<<"${allow[$i]}"
				# shellcheck disable=SC2053 # the glob is meant
				if [[ $p == $g && $type == "$t" ]]; then
					ok=1 used[i]=1
				fi
			done
			if [ -n "$ok" ]; then
				allowed=$((allowed + 1))
				continue
			fi
		fi
		printf '%s: %s: %s:%s: %s%s\n' "$PROG" "$p" "$kind" "$type" "$msg" "$where" >&2
		problems=$((problems + 1))
	done < <(awk '
		/^(ERROR|WARNING|CHECK):[A-Z0-9_]+: / {
			if (k != "") print k "\t" t "\t" m "\t" w
			k = $0; sub(/:.*/, "", k)
			t = $0; sub(/^[A-Z]+:/, "", t); sub(/:.*/, "", t)
			m = $0; sub(/^[A-Z]+:[A-Z0-9_]+: /, "", m)
			w = ""; next
		}
		k != "" && w == "" && /^#[0-9]+: / {
			w = $0; sub(/^#/, " (patch line ", w); sub(/: FILE: /, ", ", w)
			sub(/:$/, "", w); w = w ")"; next
		}
		END { if (k != "") print k "\t" t "\t" m "\t" w }
	' "$work/out")
	if grep -qE '^(Traceback|.*: No such file|Use of uninitialized)' "$work/out"; then
		sed 's/^/    /' "$work/out" >&2
		die "checkpatch.pl itself failed on $p (see above)"
	fi
done
for i in "${!allow[@]}"; do
	[ -n "${used[i]:-}" ] ||
		die "$ALLOW: '${allow[$i]}' matches no finding any more: remove it"
done
[ $problems -eq 0 ] ||
	die "checkpatch --strict --codespell: $problems problems in the series (listed above; allowed CHECKs are in $ALLOW)"
log "checkpatch --strict --codespell: $n patches, 0 errors, 0 warnings, $checks checks ($allowed allowed in $(basename "$ALLOW"))"
