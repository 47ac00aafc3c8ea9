# SPDX-License-Identifier: GPL-2.0
# knockout.sh's arguments and table: sourced by run.sh.

expect_error knockout-usage \
	"usage: knockout.sh NAME|all|list   (NAME from $TOP/scripts/knockouts; env TESTS, default \"kunit_mmu_rmap mmu_rmap\")" \
	"$S/knockout.sh"

known=$(awk '!/^#/ && NF { print $1 }' "$TOP/scripts/knockouts" | tr '\n' ' ')
expect_error knockout-unknown-hook \
	"knockout.sh: error: unknown knockout 'no-such-hook' (known: $known)" \
	"$S/knockout.sh" no-such-hook

expect_error knockout-table-missing \
	"knockout.sh: error: no knockout table $tmp/no-such-table" \
	env KNOCKOUTS="$tmp/no-such-table" "$S/knockout.sh" list

# A statement the tree does not have (needs build/linux, as make run
# leaves it).
if [ -d "$TOP/build/linux/.git" ]; then
	echo "bogus mm/rmap.c 1 no_such_call();" >"$tmp/knockouts"
	expect_error knockout-statement-not-found \
		"knockout.sh: error: occurrence 1 of 'no_such_call();' not found" \
		env KNOCKOUTS="$tmp/knockouts" "$S/knockout.sh" bogus
fi
