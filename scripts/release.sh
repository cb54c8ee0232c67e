#!/usr/bin/env bash
# The release artifacts, from a clean checkout, in one command:
#   bash scripts/release.sh OUTDIR [--arch x64|arm64]...    (default: both)
# gives OUTDIR/tend-linux-x64.tar.gz, OUTDIR/tend-linux-arm64.tar.gz and OUTDIR/SHA256SUMS.
# Each tarball holds one binary, usr/bin/tend: extracted at / of any Linux image of its architecture
# (`tar -xzf tend-linux-x64.tar.gz -C /`) it runs whatever libc the image has, or none, because
# the binary is linked fully static (src/Tend.Cli/Tend.Cli.csproj says why static and not a private
# loader). The persona names need no file of their own: Tend looks at the name it is started by,
# so a link or a copy named supervisord, init or runsvdir is that persona
# (`ln -s /usr/bin/tend /usr/bin/supervisord`). The s6 and s6-overlay helpers that images' scripts
# call by name or in a #! line (with-contenv, s6-notifyoncheck, ...; S6_HELPERS below, the names
# src/Tend.Cli/S6Helpers.cs answers to) are in the tarball as links to tend, where s6-overlay v3
# puts them: /command/NAME and /usr/bin/NAME. Extracted over an image that still has s6-overlay,
# they replace its helpers of those names: the image then runs under Tend.
# arm64 is cross-compiled with NativeAOT on x64: clang with --target, lld, and Debian's aarch64
# cross libc (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross; scripts/test-prerequisites.sh).
# The tarballs' metadata does not depend on the machine: sorted names, owner 0, the last commit's
# time, gzip without a timestamp (the binaries of two checkouts at different paths still differ
# by a few bytes).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() { sed -n '2,15p' "$0" >&2; exit 2; }
outdir= arches=()
while [ $# -gt 0 ]; do
  case $1 in
    --arch) arches+=("$2"); shift 2 ;;
    -h|--help) usage ;;
    -*) echo "release.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$outdir" ] || usage; outdir=$1; shift ;;
  esac
done
[ -n "$outdir" ] || usage
[ ${#arches[@]} -gt 0 ] || arches=(x64 arm64)
for a in "${arches[@]}"; do
  case $a in x64|arm64) ;; *) echo "release.sh: --arch $a: expected x64 or arm64" >&2; exit 2 ;; esac
done
command -v dotnet >/dev/null || { echo "release.sh needs the .NET 10 SDK (dotnet) on PATH" >&2; exit 1; }
command -v ld.lld >/dev/null || { echo "release.sh needs lld (apt-get install lld)" >&2; exit 1; }

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d /tmp/tend-release.XXXXXX)
trap 'rm -rf "$work"' EXIT
log() { printf '%s release: %s\n' "$(date +%T)" "$*" >&2; }
S6_HELPERS=(with-contenv s6-setuidgid s6-envdir printcontenv s6-svc s6-svwait s6-notifyoncheck fix-attrs logutil-service logutil-newfifo)
epoch=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)

# The ELF machine each RID must produce, to catch a build that silently made the host's binary.
machine_of() { case $1 in x64) echo 'Advanced Micro Devices X86-64' ;; arm64) echo 'AArch64' ;; esac; }

build() {
  local arch=$1
  local publish=$work/$arch/publish stage=$work/$arch/root
  local extra=()
  if [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
    command -v clang >/dev/null || { echo "release.sh: arm64 needs clang (apt-get install clang)" >&2; exit 1; }
    [ -e /usr/aarch64-linux-gnu/lib/libc.a ] || { echo "release.sh: arm64 needs Debian's aarch64 C library: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross" >&2; exit 1; }
    # SysRoot=/: clang finds the cross libc through the gcc-cross installation; the cross tree as
    # sysroot fails, as its libc.so linker script names absolute paths.
    extra=(-p:CppCompilerAndLinker=clang -p:SysRoot=/)
  fi
  log "publish linux-$arch"
  dotnet publish "$repo/src/Tend.Cli" -c Release -r "linux-$arch" -o "$publish" -v quiet -nologo \
    -p:TendStaticExecutable=true "${extra[@]}" >&2
  local bin=$publish/tend
  readelf -h "$bin" | grep -q "Machine: *$(machine_of "$arch")" \
    || { echo "release.sh: $bin is not a linux-$arch binary: $(readelf -h "$bin" | grep Machine)" >&2; exit 1; }
  if readelf -l "$bin" | grep -q 'INTERP'; then
    echo "release.sh: $bin asks for a dynamic loader; the release binary must be static" >&2; exit 1
  fi
  mkdir -p "$stage/usr/bin"
  install -m 0755 "$bin" "$stage/usr/bin/tend"
  mkdir -p "$stage/command"
  for name in "${S6_HELPERS[@]}"; do
    ln -s tend "$stage/usr/bin/$name"
    ln -s ../usr/bin/tend "$stage/command/$name"
  done
  find "$stage" -exec touch -h -d "@$epoch" {} +
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - command usr \
    | gzip -n -9 > "$outdir/tend-linux-$arch.tar.gz"
  log "tend-linux-$arch.tar.gz: binary $(stat -c %s "$bin") bytes, tarball $(stat -c %s "$outdir/tend-linux-$arch.tar.gz") bytes"
}

for a in "${arches[@]}"; do build "$a"; done
(cd "$outdir" && sha256sum tend-linux-*.tar.gz > SHA256SUMS)
log "wrote $outdir: $(cd "$outdir" && ls tend-linux-*.tar.gz SHA256SUMS | tr '\n' ' ')"
