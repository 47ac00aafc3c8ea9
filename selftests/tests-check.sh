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
