#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run on the unpatched base (build/base): the same suites, the same
# expected results, so the known base failures are shown to fail there too.
# Runs the suites that exist without the series ($BASE_SUITES).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || { echo "usage: $PROG   (env as for run.sh)" >&2; exit 2; }
mkdir -p "$BUILD_DIR/base"
printf '# empty: the unpatched base\n' >"$BUILD_DIR/base/series"
TESTS=${TESTS:-$BASE_SUITES} NO_SERIES_CONFIG=1 SERIES_FILE=$BUILD_DIR/base/series BUILD_DIR=$BUILD_DIR/base \
	TREE= OUT= exec "$TOP/scripts/run.sh"
