#!/bin/sh
# Measures the LEMP example under Tend, as root, in fresh directories: the time from `tend run` to
# `tend health` answering 0 and to the first page with "LEMP OK", then Tend's resident memory
# (VmRSS) with the stack idle, for a first start (mariadb-install-db included) and a second start
# on the same data directory.
#   sh examples/lemp/measure.sh [PATH/TO/tend]     (default: out/tend, then tend on PATH)
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
tend=${1:-}
[ -n "$tend" ] || { [ -x "$here/../../out/tend" ] && tend=$here/../../out/tend || tend=tend; }
dir=$(mktemp -d /tmp/tend-lemp-measure.XXXXXX)
chmod 755 "$dir"
trap 'rm -rf "$dir"' EXIT
export LEMP_DIR="$here" LEMP_RUN="$dir/run" LEMP_DATA="$dir/data" TEND_SOCKET="$dir/tend.sock"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

run_once() { # $1: label
    start=$(now_ms)
    "$tend" run "$here/tend.yaml" > "$dir/$1.log" 2>&1 &
    pid=$!
    until "$tend" health > /dev/null 2>&1; do
        kill -0 "$pid" 2> /dev/null || { cat "$dir/$1.log"; exit 1; }
        sleep 0.02
    done
    healthy=$(( $(now_ms) - start ))
    until curl -sf http://127.0.0.1:8080/ | grep -q "LEMP OK"; do sleep 0.02; done
    page=$(( $(now_ms) - start ))
    sleep 2
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"
    code=0; wait "$pid" || code=$?
    echo "$1: healthy after $healthy ms, first page after $page ms, tend RSS $rss KiB, exit code $code"
}

run_once "first start"
run_once "second start"
