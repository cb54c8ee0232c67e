#!/usr/bin/env bash
# Builds the NativeAOT binaries the integration tests run (out/tend, out/dummy/tend-dummy), then
# runs every test project. Prints one closing line "N passed, N failed".
# Tend.ContainerTests runs the repository's images with podman (built by scripts/images.sh from the
# checkout's out/tend); .ci/run installs podman, runc and busybox-static.
set -uo pipefail
cd "$(dirname "$0")/.."

set -e
dotnet publish src/Tend.Cli -c Release -o out -v quiet -nologo
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
