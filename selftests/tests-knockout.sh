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

# The tests a hook names must be SUITE:TEST of a known suite.
echo "bogus mm/rmap.c 1 no_such_call(); @ no_such_suite:t" >"$tmp/knockouts"
expect_error knockout-unknown-suite \
	"knockout.sh: error: unknown suite 'no_such_suite' (known: $(awk 'FNR == 1 { f = FILENAME; sub(".*/", "", f); sub("[.]sh$", "", f); printf "%s ", f }' "$TOP"/scripts/suites/*.sh))" \
	env XRMAP_KNOCKOUTS="$tmp/knockouts" "$S/knockout.sh" bogus
echo "bogus mm/rmap.c 1 no_such_call(); @ mmu_rmap" >"$tmp/knockouts"
expect_error knockout-test-not-suite-test \
	"knockout.sh: error: $tmp/knockouts: bogus: 'mmu_rmap' is not SUITE:TEST" \
	env XRMAP_KNOCKOUTS="$tmp/knockouts" "$S/knockout.sh" bogus
echo "bogus mm/rmap.c x no_such_call();" >"$tmp/knockouts"
expect_error knockout-occurrence-not-number \
	"knockout.sh: error: $tmp/knockouts: bogus: occurrence 'x' is not a number" \
	env XRMAP_KNOCKOUTS="$tmp/knockouts" "$S/knockout.sh" bogus
