# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, S, TOP and the expect_* helpers come from run.sh
# base.pin, base.sh and Debian packages, against the made-up archive of
# selftests/fake-apt: sourced by run.sh.  Also makes the fake base that
# tests-tree.sh applies series to: a kernel tree of a few files.

# fake_deb VERSION: linux-source-0.1 at VERSION in the made-up archive;
# prints its tarball's sha256.
fake_deb()
{
	local d=$tmp/fake-deb/$1 src

	src=$d/src/linux-source-0.1
	mkdir -p "$src/mm" "$src/scripts" "$d/pkg/DEBIAN" "$d/pkg/usr/src"
	printf 'kernelversion:\n\t@echo 0.1.0\n' >"$src/Makefile"
	printf '*.o\n#\n# Debian packaging: ignore everything at the top level\n/*\n!/debian/\n' \
		>"$src/.gitignore"
	printf '// SPDX-License-Identifier: GPL-2.0\n/*\n * mm/rmap.c - fake\n */\nint rmap_%s;\n' \
		"${1//[.~-]/_}" >"$src/mm/rmap.c"
	cat >"$src/scripts/get_maintainer.pl" <<'EOG'
#!/bin/sh
echo "Fake Maintainer <maint@example.org> (maintainer:FAKE)"
echo "linux-mm@kvack.org (open list:FAKE)"
EOG
	chmod +x "$src/scripts/get_maintainer.pl"
	tar -cJf "$d/pkg/usr/src/linux-source-0.1.tar.xz" -C "$d/src" linux-source-0.1
	printf 'Package: linux-source-0.1\nVersion: %s\nArchitecture: all\nMaintainer: Test <test@example.org>\nDescription: a fake kernel source\n' \
		"$1" >"$d/pkg/DEBIAN/control"
	dpkg-deb -Zxz --build "$d/pkg" "$FAKE_APT_DIR/linux-source-0.1_$1_all.deb" >/dev/null
	sha256sum "$d/pkg/usr/src/linux-source-0.1.tar.xz" | cut -d' ' -f1
}
fake_sha=$(fake_deb 0.1.0-1)
fake_sha_new=$(fake_deb 0.1.1-1)

# pin FILE KEY=VALUE...: the fake base's pin with some keys replaced.
pin()
{
	local f=$1 kv

	shift
	printf '%s\n' "# a fake base" "package=linux-source-0.1" "version=0.1.0-1" \
		"sha256=$fake_sha" "upstream=0.1.0" \
		"archive=http://deb.example.org/debian fake main" >"$f"
	for kv in "$@"; do
		sed -i "s|^${kv%%=*}=.*|$kv|" "$f"
	done
}
pin "$tmp/fake.pin"
zeros=0000000000000000000000000000000000000000000000000000000000000000

expect_ok pin-downloads-and-caches "$XRMAP_CACHE/base-${fake_sha:0:16}.git" \
	env XRMAP_PIN_FILE="$tmp/fake.pin" "$S/base.sh"

# The tarball is in the cache by its sha256: no archive needed any more.
expect_ok pin-cached-without-archive "$XRMAP_CACHE/base-${fake_sha:0:16}.git" \
	env XRMAP_PIN_FILE="$tmp/fake.pin" FAKE_APT_UPDATE_FAILS=1 "$S/base.sh"

pin "$tmp/pin-sha" sha256=$zeros
expect_error pin-sha256-mismatch \
	"base.sh: error: sha256 mismatch for pinned linux-source-0.1 0.1.0-1: its tarball has $fake_sha, $tmp/pin-sha says $zeros" \
	env XRMAP_PIN_FILE="$tmp/pin-sha" "$S/base.sh"

pin "$tmp/pin-hex" sha256=not-a-sha
expect_error pin-malformed-sha256 \
	"base.sh: error: $tmp/pin-hex: sha256= must be 64 lowercase hex digits" \
	env XRMAP_PIN_FILE="$tmp/pin-hex" "$S/base.sh"

printf 'package=linux-source-0.1\nflavour=x\n' >"$tmp/pin-key"
expect_error pin-unknown-key \
	"base.sh: error: $tmp/pin-key:2: unknown key 'flavour'" \
	env XRMAP_PIN_FILE="$tmp/pin-key" "$S/base.sh"

pin "$tmp/pin-archive" "archive=deb.example.org fake"
expect_error pin-malformed-archive \
	"base.sh: error: $tmp/pin-archive: archive= must be 'URI SUITE COMPONENT', got 'deb.example.org fake'" \
	env XRMAP_PIN_FILE="$tmp/pin-archive" "$S/base.sh"

expect_error pin-file-missing \
	"base.sh: error: pin file $tmp/no-such-pin is missing" \
	env XRMAP_PIN_FILE="$tmp/no-such-pin" "$S/base.sh"

pin "$tmp/pin-pkg" package=linux-source-0.0 version=0.0-1 sha256=$zeros
expect_error pin-package-not-in-archive \
	"base.sh: error: package linux-source-0.0 is not in http://deb.example.org/debian fake main (pinned 0.0-1)" \
	env XRMAP_PIN_FILE="$tmp/pin-pkg" "$S/base.sh"

pin "$tmp/pin-upd" sha256=$zeros
expect_error pin-archive-unreachable \
	"base.sh: error: apt-get update of http://deb.example.org/debian fake main failed (log: $XRMAP_CACHE/apt/update.log)" \
	env XRMAP_PIN_FILE="$tmp/pin-upd" FAKE_APT_UPDATE_FAILS=1 "$S/base.sh"

# A pinned version the archive no longer has: an error, unless allowed,
# and then loudly.
pin "$tmp/pin-old" version=0.0.9-1 sha256=$zeros
expect_error pin-version-gone \
	"base.sh: error: pinned linux-source-0.1 0.0.9-1 is not in http://deb.example.org/debian fake main (it has: 0.1.1-1 0.1.0-1); update $tmp/pin-old, or set XRMAP_ALLOW_UNPINNED=1 to use the newest" \
	env XRMAP_PIN_FILE="$tmp/pin-old" "$S/base.sh"
expect_ok pin-version-gone-allowed \
	"base.sh: WARNING: XRMAP_ALLOW_UNPINNED=1: using 0.1.1-1 instead," \
	env XRMAP_PIN_FILE="$tmp/pin-old" XRMAP_ALLOW_UNPINNED=1 "$S/base.sh"
expect_ok pin-version-gone-allowed-new-tarball "$XRMAP_CACHE/base-${fake_sha_new:0:16}.git" \
	env XRMAP_PIN_FILE="$tmp/pin-old" XRMAP_ALLOW_UNPINNED=1 "$S/base.sh"

expect_error missing-debian-package \
	"selftest: error: cannot install Debian packages: xrmap-no-such-package (log: $XRMAP_CACHE/apt.log)" \
	bash -c ". '$S/lib.sh'; PROG=selftest; need_pkgs xrmap-no-such-package"
