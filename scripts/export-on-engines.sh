#!/usr/bin/env bash
# Runs what `tend export` writes for an example on a real engine, as the docs' walkthrough does
# (docs/formats/export.md), and prints the page it serves:
#   bash scripts/export-on-engines.sh compose|kube lemp|cron-app [EXPORT-OPTION...]
# (options after the example go to `tend export`, e.g. kube lemp --read-only-root)
# compose: Debian's docker-compose against podman's Docker-compatible API (`podman system service`
#   on a socket of its own), `up -d`, the page, `down -v`;
# kube: `podman kube play` of the Kubernetes manifests (pod layout), the page, `podman kube down`.
# lemp also proves that MariaDB's data (tend.yaml's `persistent:`) outlives the containers: it
# changes the row the page shows, takes everything down (`docker-compose down`, keeping volumes;
# `podman kube down`, which leaves the claim's volume), brings it up again (the manifests without
# the claim, which podman 4.3 would refuse to create twice) and reads the page, then removes the
# volumes. Exits 0 when the page was served and everything was taken down again;
# the last lines say what was seen. Needs root, out/tend, podman, docker-compose, catatonit (kube play builds its pause
# image from it when no registry is reachable) and the images localhost/tend-test/{lemp,cron-app}
# (scripts/images.sh). Tend.ContainerTests' ExportEngineTests runs it.
set -euo pipefail
engine=$1 example=$2
shift 2; options=("$@")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tend=$repo/out/tend
image=${TEND_TEST_IMAGE_PREFIX:-localhost/tend-test}/$example
project=tendexport${example//-/}$$
work=$(mktemp -d /tmp/tend-export-engine.XXXXXX)
log() { printf '%s export-on-engines: %s\n' "$(date +%T)" "$*" >&2; }

# What the deployment sets (the .env a user writes from the .env example; for Kubernetes, the
# ConfigMap's values): where the image keeps the example, and an address the host can reach.
case $example in
  lemp) settings=("LEMP_DIR=/srv/lemp" "LEMP_LISTEN=0.0.0.0:8080"); front=nginx; path=/; expect="LEMP OK: Hello from MariaDB" ;;
  cron-app) settings=(); front=web; path=/status.txt; expect="last refresh: " ;;
  *) echo "unknown example $example (lemp or cron-app)" >&2; exit 2 ;;
esac

pids=() claims=()
# The row the page shows, changed in MariaDB (as root over its socket, as the seed logs in): it must
# survive down and up, which the seed (INSERT IGNORE) would not undo but a fresh data directory would.
marker="kept by the volume $$"
change_row() {
  podman exec "$1" /usr/bin/mariadb --no-defaults --socket=/run/tend-lemp/mysqld/mysqld.sock \
    -e "UPDATE lemp.greeting SET message = '$marker' WHERE id = 1"
}
cleanup() {
  set +e
  if [ "$engine" = compose ] && [ -e "$work/podman.sock" ]; then
    DOCKER_HOST=unix://$work/podman.sock docker-compose -p "$project" -f "$work/docker-compose.yml" down -v >/dev/null 2>&1
  fi
  [ "$engine" = kube ] && [ -e "$work/k8s.yaml" ] && podman kube down "$work/k8s.yaml" >/dev/null 2>&1
  for v in "${claims[@]}"; do podman volume rm -f "$v" >/dev/null 2>&1; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# podman 4.3 runs healthchecks from systemd timers, which this machine has not: run them here,
# for the containers of this project only, so that compose's service_healthy waits can end.
run_healthchecks() {
  while :; do
    for c in $(podman ps -q --filter "label=$1"); do podman healthcheck run "$c" >/dev/null 2>&1 || true; done
    sleep 1
  done
}

# The page, asked until it holds what is expected (at most $1 seconds; $3, when given, instead of $expect).
page() {
  local expect=${3:-$expect}
  local deadline=$(( $(date +%s) + $1 )) ip out
  while [ "$(date +%s)" -lt "$deadline" ]; do
    ip=$(podman inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$2" 2>/dev/null || true)
    if [ -n "$ip" ] && out=$(curl -s -m 3 "http://$ip:8080$path") && [[ $out == *"$expect"* ]]; then
      printf 'page: %s\n' "$out"
      return 0
    fi
    sleep 1
  done
  echo "no page holding \"$expect\" within $1 s" >&2
  return 1
}

cd "$work"
if [ "$engine" = compose ]; then
  "$tend" export compose "$repo/examples/$example/tend.yaml" --image "$image" --env-example .env.example "${options[@]}" > docker-compose.yml
  printf '%s\n' "${settings[@]}" > .env
  podman system service --time=0 "unix://$work/podman.sock" & pids+=($!)
  for _ in $(seq 50); do [ -S podman.sock ] && break; sleep 0.1; done
  export DOCKER_HOST=unix://$work/podman.sock
  run_healthchecks "com.docker.compose.project=$project" & pids+=($!)
  log "docker-compose up -d ($project)"
  timeout 300 docker-compose -p "$project" up -d
  docker-compose -p "$project" ps
  page 120 "${project}_${front}_1"
  if [ "$example" = lemp ]; then
    change_row "${project}_mariadb_1"
    page 30 "${project}_${front}_1" "LEMP OK: $marker"
    log "docker-compose down (volumes kept), then up -d"
    t0=$(date +%s.%N)
    timeout 120 docker-compose -p "$project" down
    timeout 300 docker-compose -p "$project" up -d
    page 120 "${project}_${front}_1" "LEMP OK: $marker"
    printf 'persistent: the row survived down and up (%.1f s)\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
  fi
  log "docker-compose down -v"
  timeout 120 docker-compose -p "$project" down -v
  left=$(podman ps -aq --filter "label=com.docker.compose.project=$project" | wc -l)
  echo "down: $left container(s) left"
  [ "$left" -eq 0 ]
else
  "$tend" export kubernetes "$repo/examples/$example/tend.yaml" --image "$image" --name "$project" "${options[@]}" > k8s.yaml
  for s in "${settings[@]}"; do   # the ConfigMap's values, changed as its comment says
    sed -i "s|^  ${s%%=*}: .*|  ${s%%=*}: \"${s#*=}\"|" k8s.yaml
  done
  log "podman kube play ($project)"
  timeout 300 podman kube play k8s.yaml
  infra=$(podman pod inspect "$project-pod-0" -f '{{.InfraContainerID}}')
  page 120 "$infra"
  if [[ " ${options[*]} " == *" --read-only-root "* ]]; then   # the engine applied it, and the page came all the same
    ro=$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$project-pod-0-$front")
    echo "read-only root: $ro"
    [ "$ro" = true ]
  fi
  if [ "$example" = lemp ]; then
    mapfile -t claims < <(awk '/^kind: PersistentVolumeClaim/{c=1} c && /^  name: /{print $2; c=0}' k8s.yaml)
    change_row "$project-pod-0-mariadb"
    page 30 "$infra" "LEMP OK: $marker"
    log "podman kube down (the claim's volume stays), then play again"
    t0=$(date +%s.%N)
    timeout 120 podman kube down k8s.yaml
    podman volume exists "${claims[0]}"
    # As `kubectl apply` leaves an existing claim as it is; podman 4.3 instead refuses to create a
    # volume that exists ("volume already exists"), so the claim is not played a second time.
    awk 'function flush() { if (doc !~ /\nkind: PersistentVolumeClaim\n/) printf "%s", doc; doc = "" }
         /^---$/ { flush() } { doc = doc $0 "\n" } END { flush() }' k8s.yaml > k8s-again.yaml
    timeout 300 podman kube play k8s-again.yaml
    infra=$(podman pod inspect "$project-pod-0" -f '{{.InfraContainerID}}')
    page 120 "$infra" "LEMP OK: $marker"
    printf 'persistent: the row survived down and play (%.1f s)\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
  fi
  log "podman kube down"
  timeout 120 podman kube down k8s.yaml
  if podman pod exists "$project-pod-0"; then echo "down: the pod is still there"; exit 1; fi
  echo "down: the pod is gone"
fi
