#!/usr/bin/env bash
# The project's test command: unit tests, then integration tests against a real local control
# plane (kube-apiserver, etcd, controller-manager, scheduler, kwok), then the real tier (a real node,
# kubelet + containerd, running real containers and real OpenStack from Kolla images built here)
# where the machine allows it (root), then e2e on k3s where Docker and its images are.
#
#   hack/test.sh                 everything (builds the cluster binaries first if not cached)
#   hack/test.sh -Dit.test=X     extra Maven arguments are passed through
#
# Integration tests reuse the cluster KUBECONFIG points at when it answers; otherwise each test JVM
# starts its own with hack/cluster.sh and removes it at exit. The real tier always starts its own
# cluster (osc-real) with the real node.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

start=$SECONDS
tools=()
images_pid=
if [[ $(id -u) == 0 ]]; then
  tools=(--real-node)
  # As root the real tier runs; a missing piece of it fails the run instead of skipping it.
  export OSC_REAL_TIER=required
  # The real tier's Kolla images (cold about 6-11 min on 2 cores, warm under a second) build while
  # the Go binaries do (measured cold, overlapping: binaries 916 s, images 579 s, both done in 16 min).
  images_log=$(mktemp -t osc-images.XXXXXX)
  images_start=$SECONDS
  hack/images.sh >"$images_log" 2>&1 &
  images_pid=$!
else
  log "not root: the real tier (real node, real OpenStack) will be skipped"
fi
if ! hack/build-tools.sh "${tools[@]}" --print >/dev/null 2>&1; then
  log "building the local cluster binaries once (cold: about 10-20 min on 2 cores; cached afterwards)"
fi
bin=$(hack/build-tools.sh "${tools[@]}")
export PATH="$bin:$PATH"
log "cluster binaries ready ($((SECONDS - start))s): $bin"
if [[ -n $images_pid ]]; then
  if ! wait "$images_pid"; then
    cat "$images_log" >&2
    die "hack/images.sh failed (its output is above)"
  fi
  cat "$images_log" >&2
  rm -f "$images_log"
  log "Kolla images ready ($((SECONDS - images_start))s)"
fi

mvn -B -ntp verify "$@"
log "tests finished in $((SECONDS - start))s"
