# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# The step table (scripts/steps) is the one list of make check's and
# check-full's steps: the Makefile has a target for each that runs its
# command, and the README shows the same table.  Sourced by run.sh.

steps_table()
{
	awk '!/^#/ && NF { print $1, $2, substr($0, index($0, $3)) }' "$S/steps"
}

make_targets_match()
{
	local name tier cmd got bad=0

	while read -r name tier cmd; do
		got=$(make -s -n -C "$TOP" "$name" 2>&1 | tail -n 1 | sed 's/^ *//')
		[ "$got" = "$cmd" ] || { echo "make $name runs '$got', scripts/steps says '$cmd'"; bad=1; }
	done < <(steps_table)
	[ $bad -eq 0 ] && echo "every step has its make target"
}
expect_ok steps-make-targets "every step has its make target" make_targets_match

readme_lists_steps()
{
	local name tier cmd bad=0

	while read -r name tier cmd; do
		grep -qE "^    $name +$tier +$cmd\$" "$TOP/README" ||
			{ echo "README does not list: $name $tier $cmd"; bad=1; }
	done < <(steps_table)
	[ "$(grep -cE '^    [a-z0-9.-]+ +(check|full) +(scripts|selftests)/' "$TOP/README")" = "$(steps_table | wc -l)" ] ||
		{ echo "README lists other steps than scripts/steps"; bad=1; }
	[ $bad -eq 0 ] && echo "the README lists the steps"
}
expect_ok steps-in-readme "the README lists the steps" readme_lists_steps

expect_error check-bad-tier "usage: check.sh [check|full]   (steps: $TOP/scripts/steps)" \
	"$S/check.sh" half

# XRMAP_RESUME=1: a second run keeps the step that passed and reruns the
# one that failed.
resume_keeps_passed_steps()
{
	local d=$tmp/resume

	mkdir -p "$d"
	printf '#!/bin/sh\necho x >>%s/ran-one\n' "$d" >"$d/one"
	printf '#!/bin/sh\n[ -e %s/ran-two ] && exit 0\ntouch %s/ran-two\nexit 1\n' "$d" "$d" >"$d/two"
	chmod +x "$d/one" "$d/two"
	printf 'one check %s/one\ntwo check %s/two\n' "$d" "$d" >"$d/steps"
	export XRMAP_STEPS=$d/steps XRMAP_BUILD_DIR=$d/build XRMAP_RESUME=1
	if "$S/check.sh" check >"$d/out1" 2>&1; then
		echo "the first run passed"; return 1
	fi
	"$S/check.sh" check || return 1
	[ "$(wc -l <"$d/ran-one")" = 1 ] || { echo "step one ran again"; return 1; }
}
expect_ok check-resume "=== one: passed before for this tree" resume_keeps_passed_steps

expect_error check-bad-resume "check.sh: error: XRMAP_RESUME must be 0 or 1, not 'yes'" \
	env XRMAP_RESUME=yes XRMAP_BUILD_DIR="$tmp/bad-resume" "$S/check.sh" check
