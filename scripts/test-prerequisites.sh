#!/usr/bin/env bash
# What the tests need on the machine besides the .NET SDK, checked up front and, as root on Debian,
# installed: scripts/test.sh runs this before any test, so that a missing prerequisite is one clear
# message instead of tests failing one by one. .ci/run gets it through scripts/test.sh.
#   bash scripts/test-prerequisites.sh           install what is missing (root, apt-get), else say what
#   bash scripts/test-prerequisites.sh --check   only say what is missing (exit 1 if anything is)
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages, and why:
#   util-linux (unshare, setpriv), procps (ps): Tend as PID 1 of its own namespace, other users
#   gcc, libc6-dev, zlib1g-dev: the NativeAOT linker (out/tend, out/dummy/tend-dummy)
#   supervisor (supervisord, supervisorctl, python3), runit (sv, runsv): the real tools the
#     compatibility tests compare Tend with
#   nginx, php-fpm, php-mysql, mariadb-server, mariadb-client: the LEMP example's end-to-end test
#   docker-compose: the real client that checks `tend export compose` output
#   podman, runc, netavark, aardvark-dns, iptables: the container tests. runc because crun cannot
#     run containers on hybrid cgroups; netavark makes podman's default network and, in Debian 12's
#     version, drives the firewall only through the iptables command: without it `podman run`
#     fails with "netavark: No such file or directory (os error 2)"
#   busybox-static, debootstrap: the roots of the test images (scripts/images.sh)
#   catatonit, curl: `tend export` run on the engines (scripts/export-on-engines.sh): `podman kube
#     play` builds its pause image from catatonit when no registry is reachable (without it: "finding
#     pause binary"); curl reads the exported examples' pages
#   nodejs, npm: the schema checks of `tend export` output (tests/schema), when not already there
#   chromium: a real browser (headless) loads the status pages, clicks restart and follows output
#   lld: Tend links static with it (src/Tend.Cli/Tend.Cli.csproj says why)
#   clang, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, binutils-aarch64-linux-gnu: the arm64
#     build of scripts/release.sh (NativeAOT cross-compiled, clang --target, Debian's arm64 libc.a)
#   qemu-user-static: the arm64 smoke test (Arm64SmokeTests), through binfmt_misc (set up below);
#     its root is busybox-static for arm64, fetched by scripts/arm64-root.sh (arm64 added to dpkg's
#     architectures below, for apt-get download only: nothing of arm64 is installed)
#   musl, musl-tools: the musl-only root of the root-kind container tests (scripts/images.sh)
#   openssl: the https probe tests make a self-signed certificate with it, and its libssl3 is what
#     Tend's TLS loads (HttpsProbeTests)
#   zsh, fish: `tend completion zsh|fish` is loaded and exercised by the real shells (CompletionTests)
PACKAGES=(util-linux procps gcc libc6-dev zlib1g-dev supervisor runit chromium
  nginx php-fpm php-mysql mariadb-server mariadb-client docker-compose
  podman runc netavark aardvark-dns iptables busybox-static debootstrap catatonit curl
  lld clang gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
  qemu-user-static musl musl-tools openssl zsh fish)
# The commands the tests run, with the package that brings each (checked on any distribution).
COMMANDS=(unshare:util-linux setpriv:util-linux ps:procps gcc:gcc supervisord:supervisor
  supervisorctl:supervisor python3:supervisor runsv:runit sv:runit nginx:nginx
  mariadb-admin:mariadb-client docker-compose:docker-compose podman:podman
  runc:runc iptables:iptables busybox:busybox-static debootstrap:debootstrap node:nodejs npm:npm
  catatonit:catatonit curl:curl chromium:chromium
  ld.lld:lld clang:clang aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu qemu-aarch64-static:qemu-user-static
  musl-gcc:musl-tools openssl:openssl zsh:zsh fish:fish)

check_only=false
[ "${1:-}" = --check ] && check_only=true

has_command() { PATH=$PATH:/usr/sbin:/sbin command -v "$1" >/dev/null 2>&1; }

missing() {   # the packages (or, without dpkg, the commands' packages) that are not there
  local p c
  if command -v dpkg-query >/dev/null; then
    for p in "${PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
    done
  fi
  for c in "${COMMANDS[@]}"; do
    has_command "${c%%:*}" || echo "${c#*:}"
  done | sort -u
}

absent=$(missing | sort -u | tr '\n' ' ')
absent=${absent% }
if [ -n "$absent" ]; then
  if $check_only || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "the tests need these packages, which are missing: $absent" >&2
    echo "  as root on Debian 12, scripts/test.sh installs them (sudo bash scripts/test.sh);" >&2
    echo "  the unit tests alone need none of them but docker-compose and node: dotnet test tests/Tend.UnitTests" >&2
    exit 1
  fi
  echo "installing the packages the tests need: $absent"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d keeps the packages from starting system services (nginx, mariadb, php-fpm).
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends $absent >/dev/null
  again=$(missing | tr '\n' ' ')
  [ -z "${again% }" ] || { echo "still missing after apt-get install: $again" >&2; exit 1; }
fi

# arm64 binaries run through qemu-aarch64-static once binfmt_misc knows it: Debian's package
# registers it only through systemd-binfmt or binfmt-support, and neither runs here. The F flag
# (in Debian's own rule) opens the emulator now, so it works inside a chroot as well.
if ! $check_only && [ "$(id -u)" = 0 ]; then
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
  fi
  # busybox-static:arm64 is fetched with apt-get download (scripts/arm64-root.sh)
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update -qq
  fi
elif $check_only && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  echo "qemu-aarch64 is not registered with binfmt_misc: run scripts/test-prerequisites.sh as root" >&2
  exit 1
fi

# Our podman settings go in only where podman has none (scripts/podman/containers.conf says why).
if ! $check_only && [ "$(id -u)" = 0 ] && [ ! -e /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  cp scripts/podman/containers.conf /etc/containers/containers.conf
fi
