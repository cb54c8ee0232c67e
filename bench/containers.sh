#!/usr/bin/env bash
# Figures for Tend in containers, beside supervisord and s6 in images built the same way, measured
# side by side in one run (rounds interleave the images):
#   bash bench/containers.sh [ROUNDS]          (default 5; needs root, podman, debootstrap)
# Every image runs the same three programs (a shell loop each, exiting 0 on TERM) and has a
# HEALTHCHECK that passes when all three run. Per image: its size; the time from `podman run -d`
# to the first passing `podman healthcheck run`; the time `podman stop -t 10` takes and the exit
# code; the RSS of PID 1 and of the whole supervision tree (every process but the programs).
# Images: tend-small (the repository's Dockerfile: busybox + tend + 3 glibc files), and on one
# debootstrap root (bookworm minbase, as debian:12-slim): tend-debian (the same binary copied in),
# supervisord-debian (apt-get install supervisor) and s6-debian (apt-get install s6; s6-svscan as
# PID 1: s6-overlay itself is not packaged by Debian, its tarballs come from GitHub).
# Writes bench/results/CONTAINERS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
out=bench/results/CONTAINERS.md
# shellcheck source=../scripts/images.sh
source scripts/images.sh

[ -x out/tend ] || dotnet publish src/Tend.Cli -c Release -o out -nologo -v quiet
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

stage_times=()
timed() { # timed LABEL COMMAND...: runs it, remembers how long it took
  local label=$1 t0; shift; t0=$(now)
  "$@"
  stage_times+=("$label|$(ms "$t0" "$(now)")")
}

timed "busybox root + import" busybox_base
timed "build stage (out/tend + libs) import" build_stage
timed "tend image (podman build)" build_image tend . Dockerfile
t0=$(now); deb_min=$(debian_base); stage_times+=("debootstrap bookworm minbase + import (0 when cached)|$(ms "$t0" "$(now)")")

ctx=$work/bench
mkdir -p "$ctx"/{tend-small,tend-debian,supervisord-debian,s6-debian/s6}
loop='trap "exit 0" TERM; while :; do sleep 1; done'

for d in tend-small tend-debian; do
  cat > "$ctx/$d/tend.yaml" <<EOF
programs:
$(for p in a b c; do printf '  %s:\n    command: ["/bin/sh", "-c", %s]\n    start_seconds: 0\n' "$p" "'$loop'"; done)
EOF
done
cat > "$ctx/tend-small/Containerfile" <<EOF
FROM $PREFIX/tend
COPY tend.yaml /etc/tend/tend.yaml
EOF
cat > "$ctx/tend-debian/Containerfile" <<EOF
FROM $deb_min
COPY --from=$PREFIX/build /out/tend /usr/bin/tend
COPY tend.yaml /etc/tend/tend.yaml
ENTRYPOINT ["/usr/bin/tend", "run"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["tend", "health"]
EOF
{
  printf '[supervisord]\nnodaemon=true\nlogfile=/dev/null\nlogfile_maxbytes=0\npidfile=/run/supervisord.pid\n'
  printf '[unix_http_server]\nfile=/run/supervisor.sock\n'
  printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n'
  printf '[supervisorctl]\nserverurl=unix:///run/supervisor.sock\n'
  for p in a b c; do
    printf '[program:%s]\ncommand=/bin/sh -c %s\nstartsecs=0\nstdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\n' "$p" "'$loop'"
  done
} > "$ctx/supervisord-debian/supervisord.conf"
cat > "$ctx/supervisord-debian/Containerfile" <<EOF
FROM $deb_min
RUN apt-get update && apt-get install -y --no-install-recommends supervisor && rm -rf /var/lib/apt/lists/*
COPY supervisord.conf /etc/supervisor/supervisord.conf
CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisor/supervisord.conf"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["supervisorctl", "status"]
EOF
for p in a b c; do
  mkdir -p "$ctx/s6-debian/s6/$p"
  printf '#!/bin/sh\n%s\n' "$loop" > "$ctx/s6-debian/s6/$p/run"
  chmod +x "$ctx/s6-debian/s6/$p/run"
done
cat > "$ctx/s6-debian/Containerfile" <<'EOF'
FROM DEB_MIN
RUN apt-get update && apt-get install -y --no-install-recommends s6 && rm -rf /var/lib/apt/lists/*
COPY s6/ /etc/s6/
CMD ["/usr/bin/s6-svscan", "/etc/s6"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["/bin/sh", "-c", "for s in a b c; do [ \"$(s6-svstat -o up /etc/s6/$s)\" = true ] || exit 1; done"]
EOF
sed -i "s|DEB_MIN|$deb_min|" "$ctx/s6-debian/Containerfile"

names=(tend-small tend-debian supervisord-debian s6-debian)
for n in "${names[@]}"; do
  timed "image bench-$n (podman build)" \
    podman build --quiet --format docker --pull=never -t "$PREFIX/bench-$n" -f "$ctx/$n/Containerfile" "$ctx/$n" >/dev/null
done

# RSS (KiB) of PID 1 and of every process but the programs (sh, named `run` under s6, and their
# sleep) and this probe's own sh and awk.
rss_probe='for f in /proc/[0-9]*/status; do awk "/^(Name|Pid|VmRSS):/ {printf \"%s \", \$2} END {print \"\"}" "$f" 2>/dev/null; done'

declare -A healthy stop code pid1 tree
for ((r = 1; r <= rounds; r++)); do
  for n in "${names[@]}"; do
    c=bench-$n-$r
    t0=$(now)
    podman run -d --name "$c" "$PREFIX/bench-$n" >/dev/null 2>"$work/run.err" || { cat "$work/run.err" >&2; exit 1; }
    until podman healthcheck run "$c" >/dev/null 2>&1; do
      [ $(( ($(now) - t0) / 1000000000 )) -lt 60 ] || { echo "bench: $c never turned healthy" >&2; podman logs "$c" >&2; exit 1; }
    done
    healthy[$n]+="$(ms "$t0" "$(now)") "
    probe=$(podman exec "$c" sh -c "$rss_probe")
    pid1[$n]+="$(awk '$2 == 1 {print $3}' <<<"$probe") "
    tree[$n]+="$(awk '$1 !~ /^(sh|run|sleep|awk|mawk)$/ && $3 != "" {s += $3} END {print s}' <<<"$probe") "
    t0=$(now)
    podman stop -t 10 "$c" >/dev/null 2>&1
    stop[$n]+="$(ms "$t0" "$(now)") "
    code[$n]+="$(podman inspect --format '{{.State.ExitCode}}' "$c") "
    podman rm -f "$c" >/dev/null 2>&1
  done
  echo "bench: round $r/$rounds done" >&2
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
size() { podman image inspect --format '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1 / 1e6}'; }

{
  echo "# Tend in containers: figures"
  echo
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/containers.sh $rounds\` on $(nproc) cores ($(podman --version), runc);"
  echo "medians of $rounds rounds, the images interleaved in each round. Each image runs the same three"
  echo "programs (\`sh -c '$loop'\`) and a HEALTHCHECK that passes when all three run."
  echo
  echo "| image | size | \`podman run\` → healthy | \`podman stop -t 10\` | exit code, each round | RSS of PID 1 | RSS of the supervision tree |"
  echo "|---|---|---|---|---|---|---|"
  for n in "${names[@]}"; do
    echo "| $n | $(size "$PREFIX/bench-$n") | $(median <<<"${healthy[$n]}") ms | $(median <<<"${stop[$n]}") ms | $(echo ${code[$n]}) | $(mib "$(median <<<"${pid1[$n]}")") MiB | $(mib "$(median <<<"${tree[$n]}")") MiB |"
  done
  echo
  echo "Raw values (ms, KiB), one per round:"
  echo
  for n in "${names[@]}"; do
    echo "- $n: healthy ${healthy[$n]}; stop ${stop[$n]}; PID 1 RSS ${pid1[$n]}; tree RSS ${tree[$n]}"
  done
  echo
  echo "\`podman run\` → healthy includes podman's own cost: the container's creation and one"
  echo "\`podman healthcheck run\` (an exec) per try, tried back to back. The supervision tree is every"
  echo "process in the container but the programs (\`sh\`, or \`run\` under s6) and their \`sleep\`: Tend alone; supervisord alone"
  echo "(Python); s6-svscan plus one s6-supervise per program. The debian images share a"
  echo "$(size "$deb_min") bookworm minbase root (supervisor adds Python)."
  echo
  echo "Stages of this run (ms; debootstrap roots are cached in podman storage between runs):"
  echo
  for s in "${stage_times[@]}"; do echo "- ${s%%|*}: ${s##*|}"; done
} > "$out"
cat "$out"
