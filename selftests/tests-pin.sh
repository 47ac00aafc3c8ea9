# SPDX-License-Identifier: GPL-2.0
# base.pin and Debian packages: sourced by run.sh.

pin()
{
	# pin FILE KEY=VALUE...: the real pin with some keys replaced.
	local f=$1 kv

	shift
	cp "$TOP/base.pin" "$f"
	for kv in "$@"; do
		sed -i "s|^${kv%%=*}=.*|$kv|" "$f"
	done
}

real_sha=$(sed -n 's/^sha256=//p' "$TOP/base.pin")
real_ver=$(sed -n 's/^version=//p' "$TOP/base.pin")
zeros=0000000000000000000000000000000000000000000000000000000000000000

pin "$tmp/pin-sha" sha256=$zeros
expect_error pin-sha256-mismatch \
	"base.sh: error: sha256 mismatch for pinned linux-source-6.12 $real_ver: /usr/src/linux-source-6.12.tar.xz has $real_sha, $tmp/pin-sha says $zeros" \
	env PIN_FILE="$tmp/pin-sha" "$S/base.sh"

pin "$tmp/pin-hex" sha256=not-a-sha
expect_error pin-malformed-sha256 \
	"base.sh: error: $tmp/pin-hex: sha256= must be 64 lowercase hex digits" \
	env PIN_FILE="$tmp/pin-hex" "$S/base.sh"

printf 'package=linux-source-6.12\nflavour=x\n' >"$tmp/pin-key"
expect_error pin-unknown-key \
	"base.sh: error: $tmp/pin-key:2: unknown key 'flavour'" \
	env PIN_FILE="$tmp/pin-key" "$S/base.sh"

expect_error pin-file-missing \
	"base.sh: error: pin file $tmp/no-such-pin is missing" \
	env PIN_FILE="$tmp/no-such-pin" "$S/base.sh"

pin "$tmp/pin-pkg" package=linux-source-0.0 version=0.0-1
expect_error pin-package-not-in-archive \
	"base.sh: error: package linux-source-0.0 is not in the Debian archive (pinned 0.0-1)" \
	env PIN_FILE="$tmp/pin-pkg" "$S/base.sh"

# A pinned version the archive no longer has: the candidate is used, loudly.
pin "$tmp/pin-old" version=6.12.1-1~deb12u1
expect_ok pin-version-gone-uses-candidate \
	"base.sh: WARNING: pinned linux-source-6.12 6.12.1-1~deb12u1 is not in the archive." \
	env PIN_FILE="$tmp/pin-old" "$S/base.sh"

expect_error missing-debian-package \
	"selftest: error: cannot install Debian packages: xrmap-no-such-package (log: $CACHE/apt.log)" \
	bash -c ". '$S/lib.sh'; PROG=selftest; need_pkgs xrmap-no-such-package"
