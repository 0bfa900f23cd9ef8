#!/usr/bin/env bash
# The project's test command: unit tests, then integration tests against a real local control
# plane (kube-apiserver, etcd, controller-manager, scheduler, kwok), then e2e on k3s where Docker is.
#
#   hack/test.sh                 everything (builds the cluster binaries first if not cached)
#   hack/test.sh -Dit.test=X     extra Maven arguments are passed through
#
# Integration tests reuse the cluster KUBECONFIG points at when it answers; otherwise each test JVM
# starts its own with hack/cluster.sh and removes it at exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

start=$SECONDS
if ! hack/build-tools.sh --print >/dev/null 2>&1; then
  log "building the local cluster binaries once (cold: about 10 min on 2 cores; cached afterwards)"
fi
bin=$(hack/build-tools.sh)
export PATH="$bin:$PATH"
log "cluster binaries ready ($((SECONDS - start))s): $bin"

mvn -B -ntp verify "$@"
log "tests finished in $((SECONDS - start))s"
