# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# sanitize.sh and stress.sh reject bad arguments and settings before they
# build anything: sourced by run.sh.

expect_error sanitize-no-build "usage: sanitize.sh debug|kcsan [SUITE...|-- COMMAND...]   (env as for run.sh)" \
	"$S/sanitize.sh"
expect_error sanitize-no-command "usage: sanitize.sh debug|kcsan [SUITE...|-- COMMAND...]   (env as for run.sh)" \
	"$S/sanitize.sh" debug --
expect_ok sanitize-command "debug page_poison=1  3" \
	"$S/sanitize.sh" debug -- sh -c 'echo "$XRMAP_KBUILD_NAME $XRMAP_APPEND $XRMAP_TIME_SCALE"' 
expect_error sanitize-unknown-build "sanitize.sh: error: unknown sanitizer build 'kasan' (known: debug kcsan)" \
	"$S/sanitize.sh" kasan
expect_error stress-args "usage: stress.sh   (env XRMAP_STRESS_MINUTES=10, XRMAP_STRESS_THREADS=4, XRMAP_STRESS_DELAYS=\"0 10 1000\" us, XRMAP_MEM=768M)" \
	"$S/stress.sh" 5
expect_error stress-bad-minutes "stress.sh: error: XRMAP_STRESS_MINUTES must be a whole number of minutes, got '1.5'" \
	env XRMAP_STRESS_MINUTES=1.5 "$S/stress.sh"
expect_error stress-too-short "stress.sh: error: XRMAP_STRESS_MINUTES=1 leaves 0 s a test: give it 2 minutes or more" \
	env XRMAP_STRESS_MINUTES=1 "$S/stress.sh"
expect_error stress-bad-threads "stress.sh: error: XRMAP_STRESS_THREADS must be 1 to 64, got '0'" \
	env XRMAP_STRESS_THREADS=0 "$S/stress.sh"
expect_error stress-too-many-threads "stress.sh: error: XRMAP_STRESS_THREADS must be 1 to 64, got '65'" \
	env XRMAP_STRESS_THREADS=65 "$S/stress.sh"
expect_error stress-bad-delays "stress.sh: error: XRMAP_STRESS_DELAYS must be microseconds separated by spaces, got '0,10'" \
	env XRMAP_STRESS_DELAYS=0,10 "$S/stress.sh"
