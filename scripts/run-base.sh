#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run on the unpatched base (build/base): the same suites, the same
# expected results, so the known base failures are shown to fail there too.
# Runs the suites that exist without the series ($BASE_SUITES).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG   (env as for run.sh)" >&2; exit 2; }
base_build_env
XRMAP_TESTS=${XRMAP_TESTS:-$BASE_SUITES} exec "$TOP/scripts/run.sh"
