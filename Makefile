# SPDX-License-Identifier: GPL-2.0
# External reverse-map notifiers: the patch stack and the harness that
# proves it.  `make check` is the test command (what .ci/run calls), `make
# check-full` the heavy tier.  `make help` lists the targets and settings.

SHELL := /bin/bash
S := scripts
# One harness run at a time: the scripts share build/ (and lock it).
.NOTPARALLEL:

# The steps of make check and check-full have a target each: the step
# table (scripts/steps) names their commands.
STEP_NAMES := $(shell awk '!/^\#/ && NF { print $$1 }' $(S)/steps)

.PHONY: help check check-full $(STEP_NAMES) deps base tree config build initramfs \
	boot export clean knockout review apply sparse cocci stress bench

help:
	@echo "make check       the test command (CI): the steps of tier check in scripts/steps"
	@echo "make check-full  every step of scripts/steps; records the tree it passed for"
	@echo "make run         the main job: base, tree, build, boot QEMU, run the suites, print TAP"
	@echo "make run-base    the same run on the unpatched base (build/base)"
	@echo "make selftest    the harness's own tests (selftests/run.sh; selftest-full adds the builds)"
	@echo "make quilt       quilt push -a --fuzz=0 of series applies as git am did"
	@echo "make checkpatch  checkpatch.pl --strict --codespell on every patch (scripts/checkpatch.allow)"
	@echo "make cover       cover letter lint: subject, text, shortlog, base-commit, To/Cc"
	@echo "make model       model-check the protocol with SPIN (Documentation/model)"
	@echo "make shellcheck  shellcheck of the harness"
	@echo "make bisect      every prefix of the series builds, no new warning (x86_64, test config)"
	@echo "make matrix      the series builds with the driver m and y, MMU_NOTIFIER_RMAP=n, i386"
	@echo "make static      sparse (make sparse) and coccicheck (make cocci) of the touched files"
	@echo "make docs        kernel-doc -Wall and htmldocs SPHINXDIRS=mm: no new warning"
	@echo "make debug       every suite on the test config + KASAN, lockdep, DEBUG_VM*..."
	@echo "make kcsan       every suite on the test config + KCSAN and lockdep"
	@echo "make review      apply checkpatch cover bisect matrix static docs"
	@echo "make stress      the race tests on the debug build under memory pressure"
	@echo "make bench       hooks' cost: base vs series, instructions per op under QEMU -icount"
	@echo "make xpmem       XPMEM stock (base) and converted (series): its tests, the side-by-side table"
	@echo "make knockout HOOK=name   build without one hook (scripts/knockouts), show the tests that fail"
	@echo "make deps | base | tree | config | build | initramfs | export | clean"
	@echo
	@echo "settings (environment or make VAR=value), all XRMAP_*:"
	@echo "  XRMAP_TESTS           suites the guest runs (scripts/suites/NAME.sh; default: all)"
	@echo "  XRMAP_PICK            only these tests of their suites (SUITE:TEST; the mmu_rmap suite)"
	@echo "  XRMAP_CACHE           cache directory (default ~/.cache/xrmap)"
	@echo "  XRMAP_BUILD_DIR       build directory (default build/)"
	@echo "  XRMAP_JOBS            parallel make jobs (default: nproc)"
	@echo "  XRMAP_ACCEL XRMAP_SMP XRMAP_MEM   QEMU accelerator, vCPUs, memory"
	@echo "  XRMAP_BOOT_TIMEOUT    the guest's limit in s (default: the suites' limits + 300)"
	@echo "  XRMAP_TIME_SCALE      multiplies the suites' time limits (debug, kcsan: 3)"
	@echo "  XRMAP_APPEND XRMAP_QEMU_EXTRA     extra kernel command line, extra QEMU options"
	@echo "  XRMAP_FORCE=1         let make tree discard unexported work in build/linux"
	@echo "  XRMAP_RESUME=1        make check(-full): keep the steps that passed for this tree"
	@echo "  XRMAP_ALLOW_UNPINNED=1  use the archive's newest base when the pin is gone (loudly)"
	@echo "  XRMAP_STRESS_MINUTES XRMAP_STRESS_THREADS XRMAP_STRESS_DELAYS   make stress"
	@echo "  XRMAP_BENCH_BOOTS     make bench's boots per kernel"
	@echo "  XRMAP_XPMEM_TARBALL   make xpmem's XPMEM snapshot (default: ../shared/upstream/, xpmem/upstream.pin)"
	@echo "  (the harness's own tests point scripts at broken inputs with XRMAP_PIN_FILE,"
	@echo "   XRMAP_SERIES_FILE, XRMAP_PATCHES_DIR, XRMAP_TREE, XRMAP_OUT... : see scripts/lib.sh)"

check:
	$(S)/check.sh check

check-full:
	$(S)/check.sh full

# A step's target runs its command from scripts/steps.
$(STEP_NAMES):
	$(shell awk -v n=$@ '$$1 == n { $$1 = $$2 = ""; print }' $(S)/steps)

stress:
	$(S)/stress.sh

bench:
	$(S)/bench.sh

deps:
	$(S)/deps.sh

base: deps
	$(S)/base.sh

tree: deps
	$(S)/tree.sh

config: tree
	$(S)/config.sh

build: config
	$(S)/build.sh

initramfs: build
	$(S)/initramfs.sh $(XRMAP_TESTS)

export:
	$(S)/export.sh

clean:
	rm -rf build

review: apply checkpatch cover bisect matrix static docs

apply: quilt

sparse:
	$(S)/static.sh sparse

cocci:
	$(S)/static.sh cocci

knockout:
	$(S)/knockout.sh $(if $(HOOK),$(HOOK),$(error set HOOK=name or HOOK=all; scripts/knockouts lists them))

# The steps that read the tree make tree leaves (make check runs make run
# first, which makes it).
quilt checkpatch cover bisect matrix static docs sparse cocci: tree
