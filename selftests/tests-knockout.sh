# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# knockout.sh's arguments and table: sourced by run.sh.

expect_error knockout-usage \
	"usage: knockout.sh NAME|all|list   (NAME from $TOP/scripts/knockouts; env XRMAP_TESTS, default \"kunit_mmu_rmap mmu_rmap\")" \
	"$S/knockout.sh"

known=$(awk '!/^#/ && NF { print $1 }' "$TOP/scripts/knockouts" | tr '\n' ' ')
expect_error knockout-unknown-hook \
	"knockout.sh: error: unknown knockout 'no-such-hook' (known: $known)" \
	"$S/knockout.sh" no-such-hook

expect_error knockout-table-missing \
	"knockout.sh: error: no knockout table $tmp/no-such-table" \
	env XRMAP_KNOCKOUTS="$tmp/no-such-table" "$S/knockout.sh" list

# A statement the tree does not have: the fake base of tests-pin.sh with
# an empty series.
printf '# empty\n' >"$tmp/ko-series"
echo "bogus mm/rmap.c 1 no_such_call();" >"$tmp/knockouts"
expect_error knockout-statement-not-found \
	"knockout.sh: error: occurrence 1 of 'no_such_call();' not found" \
	env XRMAP_KNOCKOUTS="$tmp/knockouts" XRMAP_PIN_FILE="$tmp/fake.pin" \
		XRMAP_SERIES_FILE="$tmp/ko-series" XRMAP_BUILD_DIR="$tmp/ko-build" "$S/knockout.sh" bogus
