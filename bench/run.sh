#!/usr/bin/env bash
# Reproducible benchmark: Tend beside supervisord, runit, s6, tini (and the pipe-cat and bare-sh
# floors) in one run of the shared harness, so the figures are ratios measured under the same
# conditions. Needs root (each run gets its own PID namespace). Writes bench/results/RESULTS.md
# and RESULTS.json, then (full run only) RESULTS-busy.md/.json: log forwarding with two busy loops
# competing for the cores. Extra arguments go to the first harness run (e.g. --quick, --scenarios startup).
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${SVBENCH_HARNESS:-../shared/bench/bench.py}
[ -f "$harness" ] || { echo "bench: the shared harness is not at $harness (set SVBENCH_HARNESS)"; exit 1; }

missing=false
for tool in supervisord runsvdir s6-svscan tini dumb-init gcc; do command -v "$tool" >/dev/null || missing=true; done
if command -v apt-get >/dev/null && $missing; then
  # Stop package scripts from starting system services while installing the anchors.
  [ -e /usr/sbin/policy-rc.d ] || printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    supervisor runit s6 tini dumb-init util-linux procps gcc libc6-dev >/dev/null
fi

dotnet publish src/Tend.Cli -c Release -o out -nologo -v quiet
mkdir -p bench/results
SVBENCH_CANDIDATE="$PWD/out/tend" python3 "$harness" \
  --tools candidate,candidate-supervisord,runit,s6,supervisord,tini,pipe-cat,bare-sh \
  --out bench/results/RESULTS.md --json bench/results/RESULTS.json "$@"
echo "report: bench/results/RESULTS.md"
# Log forwarding on a busy host (issue 21): the same throughput scenario with two busy loops on the
# cores, Tend beside `program | cat`, in a run of its own (--busy applies to a whole run). Part of
# the full run only: extra arguments (a --quick, a --scenarios) are for the run above.
if [ $# -eq 0 ]; then
  SVBENCH_CANDIDATE="$PWD/out/tend" python3 "$harness" \
    --scenarios throughput --tools candidate,pipe-cat --busy 2 \
    --out bench/results/RESULTS-busy.md --json bench/results/RESULTS-busy.json
  echo "report: bench/results/RESULTS-busy.md (log forwarding with two busy loops)"
fi
