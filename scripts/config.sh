#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make $OUT/.config: tinyconfig merged with configs/*.config (without the
# series' own configs/series-*.config when NO_SERIES_CONFIG=1, for the
# unpatched base; plus the fragments named in $KCONFIG_EXTRA) by
# merge_config.sh, then check that
# every symbol a fragment asks for really is in .config: merge_config.sh
# only warns when a dependency drops one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage()
{
	echo "usage: $PROG   (env: XRMAP_ARCH, XRMAP_KBUILD_NAME, XRMAP_NO_SERIES_CONFIG=1, XRMAP_KCONFIG_EXTRA=\"frag...\")" >&2
	exit 2
}
[ $# -eq 0 ] || usage
[ -f "$TREE/Makefile" ] || die "no kernel tree at $TREE: run scripts/tree.sh first"

ARCH=${XRMAP_ARCH:-x86_64}
frags=()
for f in "$CONFIGS_DIR"/*.config; do
	[ -e "$f" ] || die "no fragments in $CONFIGS_DIR"
	case "${XRMAP_NO_SERIES_CONFIG:-0}:$(basename "$f")" in
	1:series-*) continue ;;
	esac
	frags+=("$f")
done
# What the suites ask for (SUITE_KCONFIG of scripts/suites/NAME.sh; those
# that need the series only with the series' configs), one fragment.
mkdir -p "$OUT"
for s in $(suites_all); do
	[ "${XRMAP_NO_SERIES_CONFIG:-0}:$(suite_var "$s" SUITE_NEEDS)" != 1:series ] || continue
	for opt in $(suite_var "$s" SUITE_KCONFIG); do
		[[ "$opt" =~ ^CONFIG_[A-Za-z0-9_]+=.+$ ]] ||
			die "$SUITES_DIR/$s.sh: SUITE_KCONFIG holds '$opt', not CONFIG_X=value"
		echo "$opt"
	done
done | awk '!seen[$0]++' >"$OUT/suites.config"
frags+=("$OUT/suites.config")
for f in ${XRMAP_KCONFIG_EXTRA:-}; do
	[ -r "$f" ] || die "KCONFIG_EXTRA names $f, which does not exist"
	frags+=("$f")
done

key=$( (echo "$ARCH"; git -C "$TREE" rev-parse HEAD; cat "${frags[@]}") | sha256sum)
if [ -f "$OUT/.config" ] && [ "$(cat "$OUT/.xrmap-config-key" 2>/dev/null)" = "$key" ]; then
	log "$OUT/.config is up to date"
	exit 0
fi

kmake()
{
	make -s -C "$TREE" O="$OUT" ARCH="$ARCH" "$@"
}

kmake tinyconfig >"$OUT/config.log" 2>&1 ||
	die "make tinyconfig failed (log: $OUT/config.log)"
(cd "$OUT" && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OUT" \
	"$OUT/.config" "${frags[@]}") >>"$OUT/config.log" 2>&1 ||
	die "merge_config.sh failed (log: $OUT/config.log)"
kmake olddefconfig >>"$OUT/config.log" 2>&1 ||
	die "make olddefconfig failed (log: $OUT/config.log)"

# Every CONFIG_X=v and "# CONFIG_X is not set" must hold; when fragments
# disagree, the last one wins (as in merge_config.sh): KCONFIG_EXTRA's
# fragments override configs/*.config.
declare -A want from
order=()
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		if [[ "$line" =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		elif [[ "$line" =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
			sym=${BASH_REMATCH[1]} val=
		else
			continue
		fi
		[ -n "${from[$sym]+set}" ] || order+=("$sym")
		want[$sym]=$val from[$sym]=$(basename "$f")
	done <"$f"
done
bad=0
for sym in "${order[@]}"; do
	have=$(sed -n "s/^$sym=//p" "$OUT/.config")
	[ "$have" = "${want[$sym]}" ] && continue
	if [ -n "${want[$sym]}" ]; then
		log "${from[$sym]}: $sym=${want[$sym]} asked, .config has ${have:-it unset}"
	else
		log "${from[$sym]}: $sym off asked, .config has $sym=$have"
	fi
	bad=1
done
[ $bad -eq 0 ] || die "fragments ask for symbols that .config does not have (see above; check their dependencies with make menuconfig)"
echo "$key" >"$OUT/.xrmap-config-key"
log "$OUT/.config: tinyconfig + ${#frags[@]} fragments, all symbols present"
