# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# model.sh (make model): its arguments, the kernel-reference check on a
# scratch tree, and broken copies of the model that must fail: sourced by
# run.sh.  Work directories go to $tmp/build, not build/model.

expect_error model-usage \
	"usage: model.sh [refs|real|2008]...   (default: all; env XRMAP_MODEL_DIR, default Documentation/model)" \
	"$S/model.sh" bogus

expect_error model-missing \
	"model.sh: error: no model at $tmp/no-model/mmu_rmap.pml" \
	env XRMAP_MODEL_DIR="$tmp/no-model" "$S/model.sh" refs

expect_ok model-refs-without-tree \
	"model.sh: kernel references not checked: no tree at $tmp/no-tree (make tree)" \
	env XRMAP_TREE="$tmp/no-tree" "$S/model.sh" refs

# The reference check on a scratch tree of one file and a model of one step.
mkdir -p "$tmp/ref-tree/mm" "$tmp/ref-model"
cat >"$tmp/ref-tree/mm/x.c" <<'EOC'
// SPDX-License-Identifier: GPL-2.0
static int foo(int a)
{
	return bar(a);
}
EOC
ref_model()
{
	printf 'active proctype P()\n{\n\tskip\t/* %s: a step */\n}\n' "$1" \
		>"$tmp/ref-model/mmu_rmap.pml"
}
ref_env=(env XRMAP_TREE="$tmp/ref-tree" XRMAP_MODEL_DIR="$tmp/ref-model" "$S/model.sh" refs)

ref_model "mm/x.c:4 foo()"
expect_ok model-ref-in-enclosing-function \
	"model.sh: refs: all 1 kernel references hold in $tmp/ref-tree" "${ref_env[@]}"
ref_model "mm/x.c:3-4 bar()"
expect_ok model-ref-name-in-range \
	"model.sh: refs: all 1 kernel references hold in $tmp/ref-tree" "${ref_env[@]}"
ref_model "mm/x.c:1 foo()"
expect_error model-ref-outside-function \
	"model.sh: error: $tmp/ref-model/mmu_rmap.pml:3: stale reference mm/x.c:1 foo(): not in those lines, which are outside any function" \
	"${ref_env[@]}"
ref_model "mm/x.c:4 baz()"
expect_error model-ref-wrong-function \
	"model.sh: error: $tmp/ref-model/mmu_rmap.pml:3: stale reference mm/x.c:4 baz(): not in those lines, which are in foo()" \
	"${ref_env[@]}"
ref_model "mm/x.c:4-9 foo()"
expect_error model-ref-past-end \
	"model.sh: error: $tmp/ref-model/mmu_rmap.pml:3: stale reference mm/x.c:4-9 foo(): the file has 5 lines" \
	"${ref_env[@]}"
ref_model "mm/y.c:4 foo()"
expect_error model-ref-no-file \
	"model.sh: error: $tmp/ref-model/mmu_rmap.pml:3: stale reference mm/y.c:4 foo(): no such file in $tmp/ref-tree" \
	"${ref_env[@]}"

# The model's own references against build/linux, as make run leaves it.
if [ -d "$TOP/build/linux/.git" ]; then
	expect_ok model-refs-hold "model.sh: refs: all " env XRMAP_TREE="$TOP/build/linux" "$S/model.sh" refs

	# A reference moved to a wrong line range.
	rm -rf "$tmp/model-stale"
	cp -r "$TOP/Documentation/model" "$tmp/model-stale"
	sed -i 's|mm/truncate.c:159 truncate_cleanup_folio()|mm/truncate.c:1-2 truncate_cleanup_folio()|' \
		"$tmp/model-stale/mmu_rmap.pml"
	stale_line=$(grep -n -m1 'mm/truncate.c:1-2 truncate_cleanup_folio()' \
		"$tmp/model-stale/mmu_rmap.pml" | cut -d: -f1)
	expect_error model-ref-stale-in-model \
		"model.sh: error: $tmp/model-stale/mmu_rmap.pml:$stale_line: stale reference mm/truncate.c:1-2 truncate_cleanup_folio(): not in those lines, which are outside any function" \
		env XRMAP_TREE="$TOP/build/linux" XRMAP_MODEL_DIR="$tmp/model-stale" "$S/model.sh" refs
fi

# Broken copies of the model, run without a tree (no reference check) and
# with their work directories in $tmp/build.
model_copy()
{
	rm -rf "$tmp/model-$1"
	cp -r "$TOP/Documentation/model" "$tmp/model-$1"
	copy=$tmp/model-$1/mmu_rmap.pml
}

# The fault path marks and installs without revalidating the folio.
model_copy no-revalidation
sed -i 's/^#define REVALIDATED(f, w)\t.*/#define REVALIDATED(f, w)\t1/' "$copy"
expect_error model-real-without-revalidation \
	"model.sh: error: real design: SPIN found a violation: assertion violated I2_access_to_current_folio (trail above)" \
	env XRMAP_BUILD_DIR="$tmp/build" XRMAP_TREE="$tmp/no-tree" XRMAP_MODEL_DIR="$tmp/model-no-revalidation" \
	"$S/model.sh" real

# ->invalidate() takes the folio lock that its caller holds.
model_copy callback-locks
sed -i 's/^\(\t*\)inval ! f;/\1folio_lock(f); inval ! f;/' "$copy"
expect_error model-real-deadlock \
	"model.sh: error: real design: SPIN found a violation: invalid end state (trail above)" \
	env XRMAP_BUILD_DIR="$tmp/build" XRMAP_TREE="$tmp/no-tree" XRMAP_MODEL_DIR="$tmp/model-callback-locks" \
	"$S/model.sh" real

# The 2008 scenario with the series' fault path and hooks: nothing to find.
model_copy 2008-fixed
sed -i 's/^#define D2008\t1$/#define D2008\t0/' "$copy"
expect_error model-2008-not-reproduced \
	"model.sh: error: 2008 design: SPIN found no violation (errors: 0): the 2008 review's race is not reproduced" \
	env XRMAP_BUILD_DIR="$tmp/build" XRMAP_TREE="$tmp/no-tree" XRMAP_MODEL_DIR="$tmp/model-2008-fixed" \
	"$S/model.sh" 2008

# The 2008 design as it is: the review's race, found and printed.
expect_ok model-2008-counterexample \
	"model: 2008 design: counterexample found as expected: assertion violated I2_access_to_current_folio" \
	env XRMAP_BUILD_DIR="$tmp/build" XRMAP_TREE="$tmp/no-tree" "$S/model.sh" 2008
