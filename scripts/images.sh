#!/usr/bin/env bash
# Builds the repository's images with podman WITHOUT a registry, for the container tests:
#   bash scripts/images.sh [--tend PATH] [--release DIR] [NAME...]   (default: every image below)
# The user-facing Dockerfiles are built as they are, except their base images, which come from
# this machine instead of a registry (see localize):
#   mcr.microsoft.com/dotnet/sdk:* AS build   -> a stage holding the checkout's binary (out/tend,
#                                                from scripts/test.sh's publish) in /rootfs and /out,
#                                                laid out as the Dockerfile's build stage lays it out
#   busybox:*                                 -> Debian's busybox-static in an empty root
#   debian:*                                  -> a debootstrap root (bookworm minbase, built once,
#                                                then cached; the Dockerfile's RUN apt-get installs)
# Every line after those FROMs (COPY, RUN, ENTRYPOINT, CMD, HEALTHCHECK, STOPSIGNAL) is the
# user's, so the tests prove what users copy. Images are tagged localhost/tend-test/NAME
# (or $TEND_TEST_IMAGE_PREFIX/NAME).
# Needs root, podman (configured as scripts/podman/containers.conf says), busybox-static, and
# debootstrap for the debian-based images.
# From the release tarball (--release DIR, default out/release, written by scripts/release.sh), the
# images that prove it runs in any root (issue 22; skipped, with a line saying so, when there is
# no tarball): root-busybox (busybox-static, no libc), root-musl (Debian's musl, no glibc),
# root-debian (the debootstrap root), each the tarball ADDed by tests/Tend.ContainerTests/roots/
# Containerfile; and tend-scratch, Dockerfile.scratch (FROM scratch, the tarball alone).
# Sourced (`source scripts/images.sh`), it only defines the functions (busybox_base, build_stage,
# debian_base, localize, build_image) for other scripts, e.g. bench/containers.sh.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# NAME | build context | Dockerfile (relative to the context). The examples build FROM the
# tend image (their ARG TEND_IMAGE), so `tend` comes first.
# lemp and cron-app build from the repository root (their first stage compiles Tend), as their
# READMEs say.
IMAGES=(
  "tend       | .                    | Dockerfile"
  "demo       | examples/demo        | Dockerfile"
  "supervisord| examples/supervisord | Dockerfile"
  "s6-overlay | examples/s6-overlay  | Dockerfile"
  "runit      | examples/runit       | Dockerfile"
  "lemp       | .                    | examples/lemp/Dockerfile"
  "cron-app   | .                    | examples/cron-app/Dockerfile"
)

# $TEND_TEST_IMAGE_PREFIX (the container tests read it too): another name space for the images, so
# that two checkouts testing on one machine do not build over each other's.
PREFIX=${TEND_TEST_IMAGE_PREFIX:-localhost/tend-test}
tend_bin=$repo/out/tend
release_dir=$repo/out/release
work=$(mktemp -d /tmp/tend-images.XXXXXX)
# --one-file-system: never into a /proc that an interrupted debootstrap left mounted in its root
trap 'umount "$work"/debian/proc 2>/dev/null || true; rm -rf --one-file-system "$work"' EXIT
log() { printf '%s images: %s\n' "$(date +%T)" "$*" >&2; }

# --- base images -------------------------------------------------------------------------------

# Debian's statically linked busybox in an empty root: a shell and the usual tools, nothing else.
busybox_base() {
  local r=$work/busybox bb
  bb=$(command -v busybox) || { echo "busybox not found: apt-get install busybox-static" >&2; exit 1; }
  if ldd "$bb" >/dev/null 2>&1; then   # ldd fails on a static binary
    echo "$bb is not statically linked: apt-get install busybox-static" >&2; exit 1
  fi
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,run,var/run}
  cp "$bb" "$r/bin/busybox"
  for applet in $("$r/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf /bin/busybox "$r/bin/$applet"   # never busybox -> busybox (ELOOP)
  done
  chmod 1777 "$r/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >> "$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$r/etc/group"
  tar -C "$r" -c . | podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$PREFIX/busybox" >/dev/null
}

# What the Dockerfile's build stage leaves: /out/tend, and /rootfs with the binary (static: no
# shared library to bring, as in the Dockerfile).
build_stage() {
  local r=$work/build
  [ -x "$tend_bin" ] || { echo "$tend_bin missing: dotnet publish src/Tend.Cli -c Release -o out" >&2; exit 1; }
  mkdir -p "$r/out" "$r/rootfs/usr/bin"
  cp "$tend_bin" "$r/out/tend"
  cp "$tend_bin" "$r/rootfs/usr/bin/tend"
  tar -C "$r" -c . | podman import -q - "$PREFIX/build" >/dev/null
}

# A Debian root made by debootstrap (bookworm, minbase), standing in for debian:12-slim: the
# Dockerfile's own `RUN apt-get update && apt-get install ...` then installs its packages from
# the same mirror, as it does on Docker. Built once, then cached in podman storage (debootstrap
# takes about 35 s on an idle 2-core machine, minutes on a loaded one). Prints the image name.
debian_base() {
  local image=$PREFIX/debian:bookworm mirror r
  if podman image exists "$image"; then echo "$image"; return; fi
  command -v debootstrap >/dev/null || { echo "debootstrap not found: apt-get install debootstrap" >&2; exit 1; }
  mirror=$(debian_mirror)
  r=$work/debian
  log "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$r" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; umount "$r/proc" 2>/dev/null; exit 1; }
  # what debian:12-slim has too: apt sources for the mirror, and no daemon started by a package
  echo "deb $mirror bookworm main" > "$r/etc/apt/sources.list"
  printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"; chmod +x "$r/usr/sbin/policy-rc.d"
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*
  tar -C "$r" -c . | podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$image" >/dev/null
  rm -rf --one-file-system "$r"
  echo "$image"
}

# The Debian mirror apt is configured with here (deb822 or one-line sources).
debian_mirror() {
  local m
  m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# --- the kinds of root the release binary runs in ---------------------------------------------

# busybox-static and Debian's musl (loader and libc, as Alpine has them), no glibc: what a
# musl-linked program needs, and sd-notify built against it is one.
musl_base() {
  local r=$work/musl
  command -v musl-gcc >/dev/null || { echo "musl-gcc not found: apt-get install musl musl-tools" >&2; exit 1; }
  rm -rf "$r"; cp -a "$work/busybox" "$r"
  # the package's files under /lib and /etc, symlinks kept (the loader is a link to libc.so)
  dpkg -L musl | grep -E '^/(lib|etc)/' | sed 's|^/||' | tar -C / --no-recursion -cf - -T - | tar -C "$r" -xf -
  [ -e "$r/lib/ld-musl-x86_64.so.1" ] || { echo "Debian's musl package has no /lib/ld-musl-x86_64.so.1" >&2; exit 1; }
  tar -C "$r" -c . | podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$PREFIX/musl" >/dev/null
}

# root-KIND for each kind, from the x64 tarball, and the FROM scratch image.
root_images() {
  local tarball=$release_dir/tend-linux-x64.tar.gz ctx kind base
  if [ ! -f "$tarball" ]; then
    log "no $tarball: root-busybox, root-musl, root-debian and tend-scratch not built (bash scripts/release.sh out/release)"
    return 0
  fi
  musl_base
  for kind in busybox musl debian; do
    ctx=$work/root-$kind; mkdir -p "$ctx"
    cp "$tarball" "$ctx/"
    case $kind in
      busybox) base=$PREFIX/busybox
               gcc -static -Os -o "$ctx/sd-notify" "$repo/tests/Tend.ContainerTests/roots/sd-notify.c" ;;
      musl)    base=$PREFIX/musl
               musl-gcc -Os -o "$ctx/sd-notify" "$repo/tests/Tend.ContainerTests/roots/sd-notify.c" ;;
      debian)  base=$(debian_base)
               gcc -Os -o "$ctx/sd-notify" "$repo/tests/Tend.ContainerTests/roots/sd-notify.c" ;;
    esac
    log "build $PREFIX/root-$kind from $base and $tarball"
    podman build --quiet --format docker --pull=never --network none --build-arg BASE="$base" \
      -f "$repo/tests/Tend.ContainerTests/roots/Containerfile" -t "$PREFIX/root-$kind" "$ctx" >/dev/null
  done
  log "build $PREFIX/tend-scratch from Dockerfile.scratch"
  podman build --quiet --format docker --pull=never --network none \
    -f "$repo/Dockerfile.scratch" -t "$PREFIX/tend-scratch" "$release_dir" >/dev/null
}

# --- Dockerfile -> local Containerfile ---------------------------------------------------------

# Prints DOCKERFILE with its registry bases swapped for the local ones. The .NET SDK build stage
# (up to the next FROM) becomes one FROM line; `COPY --from=tend` (the guides' name for the
# repository's image) copies from the local tend image; everything else is kept byte for byte.
localize() {
  awk -v prefix="$PREFIX" -v debian="${DEBIAN_IMAGE:-}" '
    /^FROM[ \t]/ {
      skipping = 0
      if ($2 ~ /^mcr\.microsoft\.com\/dotnet\/sdk/) {
        stage = (toupper($3) == "AS") ? $4 : "build"
        print "FROM " prefix "/build AS " stage
        skipping = 1; next
      }
      if ($2 ~ /^(docker\.io\/)?(library\/)?busybox(:|$)/) { $2 = prefix "/busybox"; print; next }
      if ($2 ~ /^(docker\.io\/)?(library\/)?debian(:|$)/) {
        if (debian == "") { print "localize: " FILENAME " needs a debian base: set DEBIAN_IMAGE (debian_base)" > "/dev/stderr"; exit 1 }
        $2 = debian; print; next
      }
    }
    !skipping && /^COPY[ \t]+--from=tend[ \t]/ { sub(/--from=tend/, "--from=" prefix "/tend"); print; next }
    !skipping { print }
  ' "$1"
}

build_image() {
  local name=$1 context=$2 dockerfile=$3
  local generated=$work/$name.Containerfile
  localize "$context/$dockerfile" > "$generated"
  log "build $PREFIX/$name from $context/$dockerfile"
  # --network host: the RUN steps (apt-get in the Debian-based images) reach the mirror without
  # podman's default network, which needs netavark and iptables (scripts/test-prerequisites.sh)
  podman build --quiet --format docker --pull=never --network host \
    --build-arg TEND_IMAGE="$PREFIX/tend" \
    -f "$generated" -t "$PREFIX/$name" "$context" >/dev/null
}

# --- main --------------------------------------------------------------------------------------

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0
cd "$repo"
wanted=()
while [ $# -gt 0 ]; do
  case $1 in
    --tend) tend_bin=$2; shift 2 ;;
    --release) release_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) wanted+=("$1"); shift ;;
  esac
done
command -v podman >/dev/null || { echo "podman not found: .ci/run installs it (apt-get install podman runc busybox-static)" >&2; exit 1; }
start=$(date +%s%N)
busybox_base
build_stage
for row in "${IMAGES[@]}"; do
  IFS='|' read -r name context dockerfile <<<"$row"
  name=$(echo $name); context=$(echo $context); dockerfile=$(echo $dockerfile)
  if [ ${#wanted[@]} -gt 0 ] && [ "$name" != tend ] && ! printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then continue; fi
  # An example based on debian gets the debootstrap root.
  DEBIAN_IMAGE=
  if grep -qE '^FROM[[:space:]]+(docker\.io/)?(library/)?debian' "$context/$dockerfile"; then DEBIAN_IMAGE=$(debian_base); fi
  build_image "$name" "$context" "$dockerfile"
done
root_images
log "done in $(( ($(date +%s%N) - start) / 1000000 )) ms"
