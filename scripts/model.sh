#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Model-check the protocol of external mapping against invalidation with
# SPIN (Documentation/model/): the series' design must verify with no
# error over the full state space; the 2008 design must fail with the race
# of the 2008 review, whose trail is printed.  First checks that each
# kernel reference in the model ("file:first-last function()") still
# names that function in build/linux.
#
#   refs   only check the kernel references
#   real   the series' design: exhaustive search, no error allowed
#   2008   the 2008 design: SPIN must find the review's counterexample
#
# Settings: MODEL_DIR (default Documentation/model), MODEL_TIMEOUT (seconds
# per pan run, default 600), TREE (the patched tree, default build/linux).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MODEL_DIR=${XRMAP_MODEL_DIR:-$TOP/Documentation/model}
MODEL_TIMEOUT=${XRMAP_MODEL_TIMEOUT:-600}
MODEL=mmu_rmap.pml
WORK=$BUILD_DIR/model

usage()
{
	echo "usage: $PROG [refs|real|2008]...   (default: all; env XRMAP_MODEL_DIR, default Documentation/model)" >&2
	exit 2
}

variants=()
for a in "$@"; do
	case "$a" in
	refs|real|2008) variants+=("$a") ;;
	*) usage ;;
	esac
done
[ ${#variants[@]} -gt 0 ] || variants=(refs real 2008)

[ -f "$MODEL_DIR/$MODEL" ] || die "no model at $MODEL_DIR/$MODEL"
"$TOP/scripts/deps.sh"
summary=()

# A path as the messages show it: relative to the repository when inside.
show()
{
	case "$1" in
	"$TOP"/*) echo "${1#"$TOP"/}" ;;
	*) echo "$1" ;;
	esac
}

# check_ref FILE FIRST LAST FUNCTION: prints why the reference is stale,
# or nothing.  Good when FUNCTION( occurs in lines FIRST-LAST, or when
# FIRST is inside the definition of FUNCTION (the nearest function
# definition at or above FIRST, not closed by a "}" line before it).
check_ref()
{
	awk -v a="$2" -v b="$3" -v fn="$4" '
	function is_def(l) { return l ~ /^[A-Za-z_][^;]*\(/ && l !~ /;[[:space:]]*$/ }
	function name_of(l) { sub(/\(.*/, "", l); sub(/.*[^A-Za-z0-9_]/, "", l); return l }
	NR <= a && is_def($0) { enc = name_of($0) }
	NR < a && /^}/ { enc = "" }
	NR >= a && NR <= b && $0 ~ ("(^|[^A-Za-z0-9_])" fn "\\(") { found = 1 }
	END {
		if (NR < b) { printf "the file has %d lines\n", NR; exit }
		if (found || enc == fn) exit
		if (enc == "")
			print "not in those lines, which are outside any function"
		else
			printf "not in those lines, which are in %s()\n", enc
	}' "$1"
}

# Every "path.[ch]:FIRST[-LAST] function()" in the model's .pml files.
check_refs()
{
	local f n ref path range first last fn why refs=0 bad=0 head

	if [ ! -d "$TREE" ]; then
		log "kernel references not checked: no tree at $(show "$TREE") (make tree)"
		summary+=("refs: not checked (no tree at $(show "$TREE"))")
		return 0
	fi
	for f in "$MODEL_DIR"/*.pml; do
		while IFS=: read -r n ref; do
			[[ "$ref" =~ ^([^:]+):([0-9]+)(-([0-9]+))?\ ([A-Za-z_][A-Za-z0-9_]*)\(\)$ ]] || continue
			path=${BASH_REMATCH[1]} first=${BASH_REMATCH[2]}
			last=${BASH_REMATCH[4]:-$first} fn=${BASH_REMATCH[5]}
			range=$first
			[ "$last" = "$first" ] || range=$first-$last
			refs=$((refs + 1))
			if [ ! -f "$TREE/$path" ]; then
				why="no such file in $(show "$TREE")"
			elif [ "$last" -lt "$first" ]; then
				why="the range is backwards"
			else
				why=$(check_ref "$TREE/$path" "$first" "$last" "$fn")
			fi
			[ -z "$why" ] && continue
			printf '%s: error: %s:%s: stale reference %s:%s %s(): %s\n' \
				"$PROG" "$(show "$f")" "$n" "$path" "$range" "$fn" "$why" >&2
			bad=$((bad + 1))
		done < <(grep -n -o -E '[A-Za-z0-9_./-]+\.[ch]:[0-9]+(-[0-9]+)? [A-Za-z_][A-Za-z0-9_]*\(\)' "$f")
	done
	head=$(git -C "$TREE" rev-parse --short HEAD 2>/dev/null) && head=" (HEAD $head)"
	[ $bad -eq 0 ] ||
		die "refs: $bad of $refs kernel references in $(show "$MODEL_DIR") are stale against $(show "$TREE")$head"
	[ $refs -gt 0 ] || die "refs: no kernel reference found in $(show "$MODEL_DIR")/*.pml"
	log "refs: all $refs kernel references hold in $(show "$TREE")$head"
	summary+=("refs: $refs kernel references checked against $(show "$TREE")$head")
}

# Print SPIN's replay of the trail in $dir readably: one line per model
# step that stands for something (the comment on that model line), with
# the process that took it, then the violation.  Also left in trail.txt.
print_trail()
{
	local dir=$1 v=$2

	shift 2
	(cd "$dir" && spin "$@" -t -p "$MODEL") >"$dir/trail.raw" 2>&1 ||
		die "$v design: spin cannot replay the trail (see $(show "$dir")/trail.raw)"
	awk -v model="$dir/$MODEL" '
	# what[n]: the comment of model line n; else the comment alone on a
	# line above it in the same option of the same block; else that of
	# the innermost block ("atomic {") with a comment that line n is in.
	BEGIN {
		d = 0; top[0] = ""
		while ((getline l < model) > 0) {
			n++
			c = ""
			if (match(l, /\/\* .* \*\//)) {
				c = substr(l, RSTART + 3, RLENGTH - 6)
				l = substr(l, 1, RSTART - 1)
				if (l ~ /^[[:space:]]*$/) {
					pend = c; pend_d = d
					continue
				}
			} else if (incomment || l ~ /^[[:space:]]*\/?\*/) {
				incomment = (l !~ /\*\//)
				continue
			}
			if (pend != "" && (c != "" || d < pend_d || l ~ /^[[:space:]]*(::|fi|od)/))
				pend = ""
			if (c != "")
				what[n] = c
			else if (pend != "")
				what[n] = pend
			else if (top[d] != "")
				what[n] = top[d]
			for (i = 1; i <= length(l); i++) {
				ch = substr(l, i, 1)
				if (ch == "{") { d++; top[d] = (c != "" ? c : top[d - 1]) }
				else if (ch == "}" && d > 0) d--
			}
		}
	}
	/^#processes:/ { final = 1 }
	!final && /^ *[0-9]+:[[:space:]]+proc +[0-9]+ \(/ {
		step = $1; sub(/:$/, "", step)
		proc = $0; sub(/^[^(]*\(/, "", proc); sub(/:[0-9]+\).*/, "", proc)
		line = $0; sub(/^[^)]*\) [^:]*:/, "", line); sub(/ .*/, "", line)
		if (proc == ":init:" || !(line in what) || proc ":" what[line] == last)
			next
		last = proc ":" what[line]
		printf "  %4d  %-10s %s\n", step, proc, what[line]
		next
	}
	/^spin: text of failed assertion: / {
		sub(/^spin: text of failed assertion: assert\(/, ""); sub(/\)$/, "")
		failed = $0
	}
	final && /^ *[0-9]+:[[:space:]]+proc / && !/<valid end state>/ {
		proc = $0; sub(/^[^(]*\(/, "", proc); sub(/:[0-9]+\).*/, "", proc)
		line = $0; sub(/^[^)]*\) [^:]*:/, "", line); sub(/ .*/, "", line)
		blocked = blocked sprintf("        %-10s blocked at line %s: %s\n", proc, line, what[line])
	}
	END {
		if (failed != "")
			printf "        => assertion violated: %s\n", failed
		else if (blocked != "")
			printf "        => invalid end state (deadlock):\n%s", blocked
	}' "$dir/trail.raw" >"$dir/trail.txt"
	echo "$v design: the trail (step, process, what the model step stands for):"
	cat "$dir/trail.txt"
}

# pan's figures from $1 (its output): sets errors, first, stored, trans,
# depth, mem, secs.
pan_figures()
{
	local out=$1

	errors=$(sed -n -E 's/.*errors: ([0-9]+).*/\1/p' "$out" | tail -n 1)
	first=$(sed -n -E 's/^pan:1: (.*) \(at depth [0-9]+\)$/\1/p' "$out" | head -n 1)
	stored=$(sed -n -E 's/^ *([0-9]+) states, stored.*/\1/p' "$out")
	trans=$(sed -n -E 's/^ *([0-9]+) transitions .*/\1/p' "$out")
	depth=$(sed -n -E 's/.*depth reached ([0-9]+).*/\1/p' "$out" | tail -n 1)
	mem=$(sed -n -E 's/^ *([0-9.]+)[[:space:]]+total actual memory usage.*/\1/p' "$out")
	secs=$(sed -n -E 's/^pan: elapsed time ([0-9.e+]+) seconds.*/\1/p' "$out")
}

# run_variant real|2008
run_variant()
{
	local v=$1 dir=$WORK/$1 defs=() cflags=(-O2 -w -DSAFETY -DMEMLIM=8192) \
		pflags=() rc=0 t0 race

	case "$v" in
	real)	cflags+=(-DCOLLAPSE); pflags=(-m10000) ;;
	2008)	defs=(-DDESIGN_2008); cflags+=(-DBFS) ;;
	esac
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$MODEL_DIR"/*.pml "$dir"/
	log "$v design: spin${defs[*]:+ ${defs[*]}} -a $MODEL; gcc ${cflags[*]} pan.c; pan${pflags[*]:+ ${pflags[*]}}"
	(cd "$dir" && spin "${defs[@]}" -a "$MODEL") >"$dir/spin.log" 2>&1 || {
		sed 's/^/  /' "$dir/spin.log" >&2
		die "$v design: spin -a failed (output above)"
	}
	(cd "$dir" && gcc "${cflags[@]}" -o pan pan.c) >"$dir/gcc.log" 2>&1 ||
		die "$v design: cannot compile pan (log: $(show "$dir")/gcc.log)"
	t0=$(date +%s)
	(cd "$dir" && timeout "$MODEL_TIMEOUT" ./pan "${pflags[@]}") >"$dir/pan.out" 2>&1 || rc=$?
	[ $rc -ne 124 ] || die "$v design: pan did not finish in $MODEL_TIMEOUT s (MODEL_TIMEOUT)"
	pan_figures "$dir/pan.out"
	if [ -z "$errors" ] || [ -z "$stored" ]; then
		die "$v design: pan gave no result (exit $rc; output: $(show "$dir")/pan.out)"
	fi

	if [ "$v" = real ]; then
		if [ "$errors" -ne 0 ]; then
			print_trail "$dir" "$v" "${defs[@]}"
			die "$v design: SPIN found a violation: $first (trail above)"
		fi
		grep -q 'max search depth too small' "$dir/pan.out" &&
			die "$v design: the search was cut: max search depth too small (pan -m)"
		grep -q -E 'out of memory|reached -DMEMLIM bound' "$dir/pan.out" &&
			die "$v design: the search was cut: out of memory"
		grep -q 'Search not completed' "$dir/pan.out" &&
			die "$v design: pan says the search was not completed"
		grep -q '^Full statespace search' "$dir/pan.out" ||
			die "$v design: pan did not do a full state-space search"
		check_reached "$dir"
		summary+=("real design: verified, 0 errors: $stored states stored, $trans transitions, depth $depth, $mem MB, $secs s (full state space: no depth, memory or time limit hit)")
		log "real design: verified in $(($(date +%s) - t0)) s"
		return 0
	fi

	# The 2008 design must fail, with a stale access after truncate.
	[ "$errors" -gt 0 ] ||
		die "$v design: SPIN found no violation (errors: 0): the 2008 review's race is not reproduced"
	print_trail "$dir" "$v" "${defs[@]}"
	case "$first" in
	"assertion violated I2_access_to_current_folio") ;;
	*) die "$v design: expected a stale access (I2_access_to_current_folio), SPIN found: $first" ;;
	esac
	# The review's race: truncate unmaps the pte, the driver exports the
	# page after that, and the remote side reads the removed page.
	race=$(awk '
		$2 == "Truncate" && /unmap_mapping_pages\(\)/ { u = 1 }
		$2 == "Truncate" && /delete_from_page_cache_batch\(\)/ && u { r = 1 }
		$2 == "Importer" && /2008: the driver installs/ && u { i = 1 }
		$2 == "Importer" && /tmr_access\(\)/ && r && i { a = 1 }
		END { print (a ? "yes" : "no") }' "$dir/trail.txt")
	[ "$race" = yes ] ||
		die "$v design: the trail is not the review's race (truncate unmaps, the driver exports, truncate removes, the remote reads)"
	summary+=("2008 design: counterexample found as expected: $first at depth $depth ($stored states, $secs s): truncate unmapped the pte, the driver exported the page without lock or revalidation, truncate removed it, the remote side read it (trail above)")
}

# The real design must not pass vacuously: every invalidation source must
# reach the remote round trip of ->invalidate(), and the importer must
# reach its access.  pan lists the statements it never reached.
check_reached()
{
	local dir=$1 ack_line acc_line p

	ack_line=$(grep -n -m1 'inval ! f' "$dir/$MODEL" | cut -d: -f1)
	acc_line=$(grep -n -m1 'CHECK(I2_access_to_current_folio' "$dir/$MODEL" | cut -d: -f1)
	if [ -z "$ack_line" ] || [ -z "$acc_line" ]; then
		die "real design: cannot find the round trip (inval ! f) or the access (CHECK(I2_...)) in $MODEL"
	fi
	for p in Importer:"$acc_line" Truncate:"$ack_line" Reclaim:"$ack_line" \
		Migrate:"$ack_line" Writeback:"$ack_line" Zap:"$ack_line"; do
		awk -v p="${p%%:*}" -v at="$MODEL:${p#*:}," '
			/^unreached in / { cur = $NF }
			cur == p && index($0, at) { bad = 1 }
			END { exit bad }' "$dir/pan.out" ||
			die "real design: vacuous: ${p%%:*} never reaches $MODEL:${p#*:}"
	done
	log "real design: the importer's access and each source's invalidation round trip are reached"
}

# The references first, whatever was asked.
[[ " ${variants[*]} " == *" refs "* ]] || variants=(refs "${variants[@]}")
for v in "${variants[@]}"; do
	case "$v" in
	refs) check_refs ;;
	*) run_variant "$v" ;;
	esac
done
for s in "${summary[@]}"; do
	echo "model: $s"
done
