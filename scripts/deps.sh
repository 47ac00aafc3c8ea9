#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs (the kernel source itself
# is installed by base.sh, at the pinned version).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(gcc make bc flex bison libelf-dev libssl-dev cpio xz-utils kmod git
	python3 qemu-system-x86 busybox-static quilt ccache libnuma-dev
	e2fsprogs spin)

[ $# -eq 0 ] || { echo "usage: $PROG   (installs: ${PKGS[*]})" >&2; exit 2; }
need_pkgs "${PKGS[@]}"
log "all needed Debian packages are installed"
