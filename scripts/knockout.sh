#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Knock one hook of the series out (scripts/knockouts names them), build
# that kernel in build/knockout, run the series' suites, and show which
# tests fail without the hook.  Succeeds when at least one test fails, or
# the guest hangs (past the suites' time limits), panics or logs a
# kernel problem: the hook is covered.  A hook whose line names the tests
# that cover it runs only those (XRMAP_PICK) and succeeds only when one of
# them fails.  Each knockout after the first rebuilds only what its file
# changes (scripts/tree.sh keeps the series' commits).  "all" does every
# hook in turn and prints a table.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TABLE=${XRMAP_KNOCKOUTS:-$TOP/scripts/knockouts}
KO_DIR=$BUILD_DIR/knockout

usage()
{
	echo "usage: $PROG NAME|all|list   (NAME from $TABLE; env XRMAP_TESTS, default \"$SERIES_SUITES\")" >&2
	exit 2
}
[ $# -eq 1 ] || usage
[ -r "$TABLE" ] || die "no knockout table $TABLE"
names=$(awk '!/^#/ && NF { print $1 }' "$TABLE")

case $1 in
list)
	echo "$names"
	exit 0
	;;
all)
	fails=()
	for n in $names; do
		if "$0" "$n"; then
			fails+=("$n: covered")
		else
			fails+=("$n: NOT COVERED (or the run broke: see above)")
		fi
	done
	printf '%s\n' "${fails[@]}"
	printf '%s\n' "${fails[@]}" | grep -qv ': covered$' && exit 1
	exit 0
	;;
-*)
	usage
	;;
esac
name=$1
line=$(awk -v n="$name" '!/^#/ && $1 == n' "$TABLE")
[ -n "$line" ] || die "unknown knockout '$name' (known: $(echo "$names" | tr '\n' ' '))"
read -r _ file nth stmt <<<"$line"
[[ $nth =~ ^[0-9]+$ ]] || die "$TABLE: $name: occurrence '$nth' is not a number"
tests=
if [[ $stmt == *" @ "* ]]; then
	tests=${stmt##* @ }
	stmt=${stmt% @ *}
	for t in $tests; do
		[[ $t == ?*:?* ]] || die "$TABLE: $name: '$t' is not SUITE:TEST"
		suite_var "${t%%:*}" SUITE_TIMEOUT >/dev/null
	done
fi
repl="{ }"
if [[ $stmt == *" => "* ]]; then
	repl=${stmt#* => }
	stmt=${stmt%% => *}
fi

# The patch: the series' version of FILE with the statement replaced.
"$TOP/scripts/tree.sh"
mkdir -p "$KO_DIR/patches"
orig=$KO_DIR/orig new=$KO_DIR/new
git -C "$TREE" show "HEAD:$file" >"$orig"
python3 - "$orig" "$new" "$nth" "$stmt" "$repl" <<'PY' || exit 1
import sys
src, dst, nth, stmt, repl = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
text = open(src).read()
if nth == 0:
    if stmt not in text:
        sys.exit(f"knockout.sh: error: '{stmt}' not found")
    open(dst, "w").write(text.replace(stmt, repl + " /* knocked out */"))
    sys.exit(0)
pos = -1
for _ in range(nth):
    pos = text.find(stmt, pos + 1)
    if pos < 0:
        sys.exit(f"knockout.sh: error: occurrence {nth} of '{stmt}' not found")
open(dst, "w").write(text[:pos] + repl + " /* knocked out */" + text[pos + len(stmt):])
PY
drc=0
hunks=$(diff -u --label "a/$file" --label "b/$file" "$orig" "$new") || drc=$?
[ $drc -eq 1 ] || die "the knockout of $name changed nothing (diff status $drc)"
patch=knockout-$name.patch
{
	printf 'From: xrmap knockout <harness@xrmap.invalid>\n'
	printf 'Date: Sat, 1 Jan 2000 00:00:00 +0000\n'
	printf 'Subject: [PATCH] knock out the %s hook\n\n' "$name"
	printf 'Not for merging: shows which tests fail without this hook.\n---\n'
	printf 'diff --git a/%s b/%s\n%s\n' "$file" "$file" "$hunks"
} >"$KO_DIR/patches/$patch"
cp "$PATCHES_DIR"/*.patch "$KO_DIR/patches/"
{ series_patches; echo "$patch"; } >"$KO_DIR/series"

# The named tests of suites that can run a test alone are all that runs
# of those suites; the others (KUnit's, at boot) run whole.
pick=()
for t in $tests; do
	! suite_can_pick "${t%%:*}" || pick+=("$t")
done
log "knocking out $name: $file, $([ "$nth" -eq 0 ] && echo "every occurrence" || echo "occurrence $nth") of '$stmt'${tests:+; tests: $tests}"
rc=0
# An oops ends the guest at once (panic=-1 reboots, QEMU exits) instead of
# leaving it stuck until the boot timeout.
XRMAP_APPEND="${XRMAP_APPEND:+$XRMAP_APPEND }oops=panic" \
	XRMAP_TESTS=${XRMAP_TESTS:-$SERIES_SUITES} XRMAP_PICK="${pick[*]}" \
	XRMAP_BUILD_DIR=$KO_DIR \
	XRMAP_PATCHES_DIR=$KO_DIR/patches XRMAP_SERIES_FILE=$KO_DIR/series \
	XRMAP_TREE='' XRMAP_OUT='' XRMAP_FORCE=1 XRMAP_RUN_DIR=$KO_DIR/run \
	"$TOP/scripts/run.sh" >"$KO_DIR/$name.log" 2>&1 || rc=$?
failed=$(grep -E '^not ok [0-9]+ ' "$KO_DIR/run/results.tap" 2>/dev/null | grep -v '# TODO' || true)
bad=$(grep '# no test of that name' <<<"$failed" || true)
[ -z "$bad" ] || die "$TABLE: $name names a test that does not exist: $bad"
if [ -n "$tests" ]; then
	# Only a failure of a named test (or of a test nested in it) counts.
	named=
	while read -r l; do
		id=$(awk '{ print $4 }' <<<"$l")
		for t in $tests; do
			[[ $id == "$t" || $id == "$t".* ]] && named+="$l"$'\n'
		done
	done <<<"$failed"
	failed=${named%$'\n'}
fi
if [ -n "$failed" ]; then
	log "without $name, $(echo "$failed" | wc -l) tests fail:"
	while read -r l; do printf '  %s\n' "$l"; done <<<"$failed"
	exit 0
fi
# A guest that hangs, panics or logs a kernel problem fails its tests too.
guest=$(grep -E '^boot.sh: error: ' "$KO_DIR/$name.log" || true)
if [ -n "$guest" ]; then
	console=$KO_DIR/run/console.log
	log "without $name, the guest failed: ${guest#boot.sh: error: }"
	log "last KUnit/TAP result before it: $(grep -a -E '^\[ *[0-9.]+\] +(not )?ok [0-9]+ ' "$console" | tail -1 | tr -d '\r')"
	exit 0
fi
[ $rc -eq 0 ] || die "the run without $name failed before any test did: see $KO_DIR/$name.log"
die "no test${tests:+ of $tests} fails without $name: the hook is not covered (log: $KO_DIR/$name.log)"
