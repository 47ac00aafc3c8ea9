#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness uses: every package any target
# needs is named here and nowhere else (the kernel source itself is
# installed by base.sh, at the pinned version).  "check" is what make
# check needs; "full" adds what only make check-full's steps use.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# make check: build, boot, the guest's runners, the review checks of the
# fast tier (quilt, checkpatch --codespell), the model, shellcheck, the
# bench report's chart.
CHECK_PKGS=(gcc make bc flex bison libelf-dev libssl-dev cpio xz-utils kmod git
	python3 qemu-system-x86 busybox-static bash-static quilt ccache
	libnuma-dev e2fsprogs spin codespell python3-ply python3-git shellcheck
	gnuplot-nox)
# make check-full: sparse and coccicheck, htmldocs.
FULL_PKGS=(sparse coccinelle ocaml-nox python3-sphinx)

usage()
{
	echo "usage: $PROG [check|full]   (check: ${CHECK_PKGS[*]}; full adds: ${FULL_PKGS[*]})" >&2
	exit 2
}
[ $# -le 1 ] || usage
case ${1:-check} in
check) need_pkgs "${CHECK_PKGS[@]}" ;;
full) need_pkgs "${CHECK_PKGS[@]}" "${FULL_PKGS[@]}" ;;
*) usage ;;
esac
log "all needed Debian packages are installed"
