# SPDX-License-Identifier: GPL-2.0
# External reverse-map notifiers for Linux 6.12: the patch stack and the
# harness that proves it.  `make run` is the main job, `make check` the
# test command (what .ci/run calls).  `make help` lists the targets.

SHELL := /bin/bash
S := scripts
# TESTS="suite ...": the suites the guest runs (scripts/guest/suites.sh
# has one suite_NAME each; scripts/lib.sh lists the default ones).
export TESTS

.PHONY: help run run-base check selftest quilt model deps base tree config build initramfs \
	boot export clean knockout review apply checkpatch cover bisect matrix sparse cocci \
	static docs debug kcsan stress bench

help:
	@echo "make run        the main job: base, tree, build, boot QEMU, run TESTS, print TAP"
	@echo "make run-base   the same run on the unpatched base (build/base)"
	@echo "make check      the test command: make run, run-base, debug, kcsan, review, model, the harness's own tests"
	@echo "make selftest   the harness's own tests (selftests/run.sh)"
	@echo "make quilt      prove that quilt push -a --fuzz=0 applies the series as git am did"
	@echo "make model      model-check the protocol with SPIN (Documentation/model): the design verifies, the 2008 one fails"
	@echo "make deps       install the Debian packages the harness needs"
	@echo "make base       install the pinned linux-source and make the base repository"
	@echo "make tree       build/linux = base + git am of series (cached)"
	@echo "make config     build/out/test/.config = tinyconfig + configs/*.config"
	@echo "make build      kernel, modules and the mm selftest binaries"
	@echo "make initramfs  pack the guest for TESTS (default: every suite)"
	@echo "make export     regenerate patches/ and series from build/linux's commits"
	@echo "make debug      the test config + KASAN, lockdep, DEBUG_VM*, DEBUG_LIST, page poisoning: every suite"
	@echo "make kcsan      the test config + KCSAN and lockdep: every suite"
	@echo "make stress     the race tests on the debug build for STRESS_MINUTES (10) under memory pressure"
	@echo "make bench      hooks' cost: base vs series, instructions per op under QEMU -icount (BENCH_BOOTS=3)"
	@echo "make knockout HOOK=name   build without one hook (scripts/knockouts), show the tests that fail"
	@echo "make review     every reviewer's check below (all of them are in make check)"
	@echo "  make apply       git am and quilt push -a --fuzz=0 of series onto the pinned base"
	@echo "  make checkpatch  checkpatch.pl --strict --codespell on every patch (scripts/checkpatch.allow)"
	@echo "  make cover       cover letter lint: subject, text, shortlog, base-commit, To/Cc"
	@echo "  make bisect      every prefix of the series builds, no new warning (x86_64, test config)"
	@echo "  make matrix      the series builds with the driver m and y, MMU_NOTIFIER_RMAP=n, i386"
	@echo "  make sparse      make W=1 C=2 of the touched files: no new warning against the base"
	@echo "  make cocci       coccicheck MODE=report on the touched files: no new report"
	@echo "  make docs        kernel-doc -Wall and htmldocs SPHINXDIRS=mm: no new warning"
	@echo "make clean      remove build/ (caches under ~/.cache/xrmap stay)"
	@echo "settings: TESTS, ACCEL, SMP, MEM, BOOT_TIMEOUT, JOBS (see README)"

run:
	$(S)/run.sh

run-base:
	$(S)/run-base.sh

check:
	$(S)/check.sh

selftest:
	selftests/run.sh

quilt: tree
	$(S)/quilt-check.sh

model:
	$(S)/model.sh

debug:
	$(S)/sanitize.sh debug

kcsan:
	$(S)/sanitize.sh kcsan

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
	$(S)/initramfs.sh $(TESTS)

export:
	$(S)/export.sh

clean:
	rm -rf build

review: apply checkpatch cover bisect matrix static docs

apply: quilt

checkpatch: tree
	$(S)/checkpatch.sh

cover: tree
	$(S)/cover.sh

bisect: tree
	$(S)/bisect.sh

matrix: tree
	$(S)/matrix.sh

sparse: tree
	$(S)/static.sh sparse

cocci: tree
	$(S)/static.sh cocci

static: tree
	$(S)/static.sh

docs: tree
	$(S)/docs.sh

knockout:
	$(S)/knockout.sh $(if $(HOOK),$(HOOK),$(error set HOOK=name or HOOK=all; scripts/knockouts lists them))
