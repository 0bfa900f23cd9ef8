#!/usr/bin/env bash
# Starts and stops a Docker engine for building images here (hack/images.sh): Debian's dockerd,
# its data-root under ~/.cache/openstack-cloud-operator/docker so built images live as long as the
# cache, overlay2, cgroupfs, on the default socket /var/run/docker.sock (kolla-build uses it).
# Containers on Docker's bridge reach the package registries through the host (NAT), which pip
# inside image builds needs.
#
#   hack/docker.sh up       start dockerd unless an engine already answers; waits until it does
#   hack/docker.sh down     stop the dockerd this script started (never one it did not start)
#   hack/docker.sh status   say whether an engine answers and whether it is ours; 0 if it answers
#
# Root only (dockerd needs it). Installs docker.io from Debian's packages when dockerd is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

DOCKER_SOCK=/var/run/docker.sock
DATA_ROOT=$OSC_CACHE/docker
RUN_DIR=$OSC_CACHE/dockerd
PIDFILE=$RUN_DIR/dockerd.pid
LOGFILE=$RUN_DIR/dockerd.log

engine_answers() { DOCKER_HOST=unix://$DOCKER_SOCK timeout 10 docker info >/dev/null 2>&1; }

# The pid of the dockerd this script started, if it still runs.
our_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */dockerd* ]] || return 1
  echo "$pid"
}

need_root() {
  ((EUID == 0)) || die "hack/docker.sh $1 must run as root: dockerd needs it (try: sudo hack/docker.sh $1)"
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v iptables >/dev/null || missing+=(iptables)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; } \
    || die "could not install ${missing[*]}"
}

up() {
  if engine_answers; then
    log "a Docker engine answers on $DOCKER_SOCK$(our_pid >/dev/null && echo " (ours, pid $(our_pid))")"
    return
  fi
  need_root up
  mkdir -p "$DATA_ROOT" "$RUN_DIR"
  exec 9>"$RUN_DIR/lock"
  flock -w 120 9 || die "another hack/docker.sh is starting or stopping the engine"
  engine_answers && return
  ensure_packages
  local start; start=$(now_ms)
  log "starting dockerd (data-root $DATA_ROOT, log $LOGFILE)"
  # setsid: the engine outlives this script and ignores the caller's terminal signals.
  without_extra_fds setsid dockerd \
    --host "unix://$DOCKER_SOCK" \
    --data-root "$DATA_ROOT" \
    --exec-root /var/run/docker \
    --pidfile "$PIDFILE" \
    --storage-driver overlay2 \
    --exec-opt native.cgroupdriver=cgroupfs \
    --log-level warn \
    </dev/null >>"$LOGFILE" 2>&1 &
  local pid=$! deadline=$((SECONDS + 60))
  until engine_answers; do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOGFILE" >&2; die "dockerd exited; its log: $LOGFILE"; }
    ((SECONDS < deadline)) || { tail -n 20 "$LOGFILE" >&2; die "dockerd did not answer within 60s; its log: $LOGFILE"; }
    sleep 0.3
  done
  log "Docker engine ready in $(elapsed_since "$start") (pid $(our_pid || echo "$pid"))"
}

down() {
  local pid
  if ! pid=$(our_pid); then
    if engine_answers; then log "the Docker engine on $DOCKER_SOCK was not started by this script; leaving it"
    else log "no Docker engine of ours runs"; fi
    rm -f "$PIDFILE"
    return
  fi
  need_root down
  exec 9>"$RUN_DIR/lock"
  flock -w 120 9 || die "another hack/docker.sh is starting or stopping the engine"
  log "stopping dockerd (pid $pid)"
  # dockerd stops its containers and its own containerd on SIGTERM; the children go with it.
  local children; children=$(pgrep -P "$pid" || true)
  kill -TERM "$pid"
  if ! wait_pids_gone 60 "$pid"; then
    log "dockerd did not stop within 60s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_pids_gone 10 "$pid" || die "dockerd (pid $pid) does not die"
  fi
  # shellcheck disable=SC2086
  [[ -z $children ]] || wait_pids_gone 20 $children || { kill -KILL $children 2>/dev/null || true; }
  rm -f "$PIDFILE"
  log "dockerd stopped"
}

status() {
  if engine_answers; then
    local pid
    if pid=$(our_pid); then echo "running (ours, pid $pid, data-root $DATA_ROOT)"
    else echo "running (not started by hack/docker.sh)"; fi
    return 0
  fi
  echo "not running"
  return 1
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: hack/docker.sh up|down|status" ;;
esac
