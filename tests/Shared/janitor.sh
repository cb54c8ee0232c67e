#!/usr/bin/env bash
# The test run's janitor: ends what a test process started once that test process is gone, however
# it went (a failed or timed-out test that never reached its Dispose, an xunit timeout that
# abandons a test, a Ctrl-C, a SIGKILL from a hang detector). The test process starts it with a
# pipe on stdin (tests/Shared/ProcessJanitor.cs) and writes one line per thing it starts:
#   pid PID STARTTIME   a process and every process below it; for Tend as PID 1 of its own
#                       namespace (TendHost's unshare) that includes the namespace's init, and
#                       killing that init ends everything in the namespace
#   container NAME      a podman container
# The kernel closes the pipe when the test process ends, whatever ends it. Then the janitor
# freezes and kills every registered tree still alive (STARTTIME, field 22 of /proc/PID/stat,
# guards against a pid reused since) and removes the containers. It ignores INT, TERM, HUP and PIPE:
# a Ctrl-C reaches the whole process group, and the janitor has to outlive the test process.
trap '' INT TERM HUP PIPE
exec >/dev/null 2>&1

pids=() starts=() containers=()
while read -r kind a b; do
  case $kind in
    pid) pids+=("$a"); starts+=("$b") ;;
    container) containers+=("$a") ;;
  esac
done

start_time() {   # field 22 of /proc/PID/stat; the command name (field 2) may hold spaces
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  set -- $rest
  echo "${20}"
}

tree() {   # PID and its descendants, parents first
  local c
  echo "$1"
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done
}

for i in "${!pids[@]}"; do
  pid=${pids[$i]}
  [ "$(start_time "$pid")" = "${starts[$i]}" ] || continue   # gone, or the pid is someone else's now
  members=$(tree "$pid")
  # Frozen first, so that no supervisor in the tree restarts what the next kill ends.
  kill -STOP $members
  kill -KILL $members
done

if [ ${#containers[@]} -gt 0 ] && command -v podman >/dev/null; then
  podman rm -f -i -t 0 "${containers[@]}"
fi
