#!/usr/bin/env bash
# An arm64 root to run the arm64 release binary in under qemu-user (Arm64SmokeTests):
#   bash scripts/arm64-root.sh DIR TARBALL
# DIR gets Debian's busybox-static for arm64 (fetched with apt-get download, never installed: the
# machine needs arm64 among dpkg's architectures, which scripts/test-prerequisites.sh adds), its
# applet links, /etc/passwd and /etc/group, and TARBALL (tend-linux-arm64.tar.gz) extracted at
# its /, as a user would. Running anything in it needs qemu-aarch64 registered with binfmt_misc
# (scripts/test-prerequisites.sh does that too).
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
root=$1 tarball=$2
[ -f "$tarball" ] || { echo "arm64-root.sh: $tarball missing: bash scripts/release.sh out/release" >&2; exit 1; }
dpkg --print-foreign-architectures | grep -qx arm64 \
  || { echo "arm64-root.sh: dpkg has no arm64 architecture: run scripts/test-prerequisites.sh as root" >&2; exit 1; }
work=$(mktemp -d /tmp/tend-arm64.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq busybox-static:arm64 >/dev/null) \
  || { echo "arm64-root.sh: apt-get download busybox-static:arm64 failed (apt-get update?)" >&2; exit 1; }
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,dev,run}
dpkg-deb -x "$work"/busybox-static_*_arm64.deb "$work/deb"
cp "$work/deb/bin/busybox" "$root/bin/busybox"
# The applet names from the host's busybox (same Debian version), so building the root needs no
# emulation; never busybox -> busybox (ELOOP).
for applet in $(busybox --list); do
  [ "$applet" = busybox ] || ln -sf /bin/busybox "$root/bin/$applet"
done
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
tar -xzf "$tarball" -C "$root"
file_machine=$(od -An -tx1 -j18 -N2 "$root/usr/bin/tend" | tr -d ' ')
[ "$file_machine" = b700 ] || { echo "arm64-root.sh: $root/usr/bin/tend is not an arm64 binary (e_machine $file_machine)" >&2; exit 1; }
