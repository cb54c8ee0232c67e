#!/usr/bin/env bash
# Builds the repository's images with podman WITHOUT a registry, for the container tests:
#   bash scripts/images.sh [--tend PATH] [NAME...]      (default: every image in the table below)
# The user-facing Dockerfiles are built as they are, except their base images, which come from
# this machine instead of a registry (see localize):
#   mcr.microsoft.com/dotnet/sdk:* AS build   -> a stage holding the checkout's binary (out/tend,
#                                                from scripts/test.sh's publish) in /rootfs and /out,
#                                                laid out as the Dockerfile's build stage lays it out
#   busybox:*                                 -> Debian's busybox-static in an empty root
#   debian:*                                  -> a debootstrap root (bookworm minbase, built once,
#                                                then cached; the Dockerfile's RUN apt-get installs)
# Every line after those FROMs (COPY, RUN, ENTRYPOINT, CMD, HEALTHCHECK, STOPSIGNAL) is the
# user's, so the tests prove what users copy. Images are tagged localhost/tend-test/NAME.
# Needs root, podman (configured as scripts/podman/containers.conf says), busybox-static, and
# debootstrap for the debian-based images.
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

PREFIX=localhost/tend-test
tend_bin=$repo/out/tend
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

# What the Dockerfile's build stage leaves: /out/tend, and /rootfs with the binary and every shared
# library it needs at the path the loader looks for it (the same loop as in the Dockerfile).
build_stage() {
  local r=$work/build lib
  [ -x "$tend_bin" ] || { echo "$tend_bin missing: dotnet publish src/Tend.Cli -c Release -o out" >&2; exit 1; }
  mkdir -p "$r/out" "$r/rootfs/usr/bin"
  cp "$tend_bin" "$r/out/tend"
  cp "$tend_bin" "$r/rootfs/usr/bin/tend"
  for lib in $(ldd "$tend_bin" | grep -o '/[^ ]*'); do cp -L --parents "$lib" "$r/rootfs"; done
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
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
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
log "done in $(( ($(date +%s%N) - start) / 1000000 )) ms"
