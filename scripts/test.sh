#!/usr/bin/env bash
# The README's test command (`sudo bash scripts/test.sh`; .ci/run runs it too). First the
# prerequisites, up front, so that a missing one is one message and not tests failing one by one:
# root (the integration tests run Tend as PID 1 of its own PID namespace with unshare), the .NET
# SDK, and the Debian packages of scripts/test-prerequisites.sh, installed here when missing. Then
# it builds the NativeAOT binaries the integration tests run (out/tend, out/dummy/tend-dummy) and
# runs every test project. Prints one closing line "N passed, N failed".
# Tend.ContainerTests runs the repository's images with podman (built by scripts/images.sh from the
# checkout's out/tend and out/release) and the arm64 release binary under qemu-user.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "scripts/test.sh needs root: the integration tests run Tend as PID 1 of its own PID namespace" >&2
  echo "(unshare), and it installs the Debian packages the tests need. Run: sudo bash scripts/test.sh" >&2
  echo "Without root, the unit tests alone: dotnet test tests/Tend.UnitTests" >&2
  exit 1
fi
command -v dotnet >/dev/null || { echo "scripts/test.sh needs the .NET 10 SDK (dotnet) on PATH" >&2; exit 1; }
set -e
bash scripts/test-prerequisites.sh
# The release tarballs (x64 and arm64), once: the integration tests run the x64 release binary as
# out/tend, the container tests ADD its tarball to each kind of root, and the arm64 one runs under
# qemu-user (Tend.ContainerTests).
bash scripts/release.sh out/release
mkdir -p out
tar -xzf out/release/tend-linux-x64.tar.gz -C out --strip-components=2 usr/bin/tend
dotnet publish tests/Tend.TestDummy -c Release -o out/dummy -v quiet -nologo
set +e

log=$(mktemp)
status=0
for project in tests/Tend.UnitTests tests/Tend.IntegrationTests tests/Tend.ContainerTests; do
  dotnet test "$project" -c Release --nologo 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit $status
