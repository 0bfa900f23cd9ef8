#!/usr/bin/env bash
# Runs the operator on a local embedded cluster with a sample cloud, and shows the cloud.
#
#   hack/demo.sh [SAMPLE]   build, start the cluster (OSC_CLUSTER, default osc-demo), install the
#                           CRD and RBAC with the Helm chart, run the operator as a local process,
#                           apply config/samples/SAMPLE (default minimal.yaml), wait for Ready,
#                           print what runs where
#   hack/demo.sh down       stop the operator and delete the cluster
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

export OSC_CLUSTER=${OSC_CLUSTER:-osc-demo}
state="$OSC_CACHE/demo/$OSC_CLUSTER"
jar=operator/target/openstack-cloud-operator.jar

down() {
  if [[ -f $state/operator.pid ]]; then
    kill "$(cat "$state/operator.pid")" 2>/dev/null || true
    rm -f "$state/operator.pid"
  fi
  hack/cluster.sh down
}

operator_running() { [[ -f $state/operator.pid ]] && kill -0 "$(cat "$state/operator.pid")" 2>/dev/null; }

up() {
  local sample=${1:-minimal.yaml} start=$SECONDS
  local have=(config/samples/*.yaml)
  [[ -f config/samples/$sample && $sample != kustomization.yaml ]] ||
    die "no sample config/samples/$sample (have: $(printf '%s ' "${have[@]##*/}" | sed 's/kustomization.yaml //'))"
  mkdir -p "$state"
  if ! hack/build-tools.sh --print >/dev/null 2>&1; then
    log "first run on this machine: building kube-apiserver, etcd, kwok, kubectl and helm from pinned"
    log "Go modules (about 10 min on 2 cores); later runs reuse ~/.cache/openstack-cloud-operator"
  fi
  hack/build-tools.sh >/dev/null
  log "building the operator"
  mvn -B -q -ntp -pl operator -am package -DskipTests -DskipITs
  hack/cluster.sh up
  eval "$(hack/cluster.sh env)"

  log "installing the CRD and the operator's RBAC with the Helm chart (operator.enabled=false)"
  # Helm keeps its cache and config with the cluster's state, not in ~.
  export HELM_CACHE_HOME=$OSC_CACHE/helm/cache HELM_CONFIG_HOME=$OSC_CACHE/helm/config HELM_DATA_HOME=$OSC_CACHE/helm/data
  helm upgrade --install openstack-cloud-operator charts/openstack-cloud-operator \
    --namespace openstack-cloud-operator-system --create-namespace --set operator.enabled=false >/dev/null
  # Helm installs a chart's CRDs once and never upgrades them: a rerun after a schema change needs this.
  kubectl apply --server-side --force-conflicts --field-manager=osc-demo -f charts/openstack-cloud-operator/crds/ >/dev/null
  kubectl wait --for=condition=Established crd/openstackclouds.openstackcloud.dev --timeout=60s >/dev/null

  if operator_running; then
    log "operator already running (pid $(cat "$state/operator.pid")), restarting it with the fresh build"
    kill "$(cat "$state/operator.pid")"
  fi
  log "starting the operator (logs: $state/operator.log)"
  OPERATOR_HTTP_PORT=${OPERATOR_HTTP_PORT:-18080} MALLOC_ARENA_MAX=2 \
    nohup java @operator/jvm.options -Xmx256m -jar "$jar" >"$state/operator.log" 2>&1 &
  echo $! >"$state/operator.pid"

  # one namespace per sample: one cloud per namespace, so samples can run side by side
  local ns="demo-${sample%.yaml}"
  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  log "applying config/samples/$sample in namespace $ns"
  kubectl -n "$ns" apply --server-side --field-manager=osc-demo -f "config/samples/$sample" >/dev/null
  local name; name=$(kubectl -n "$ns" get osc -o jsonpath='{.items[0].metadata.name}')

  log "waiting for the cloud to become Ready"
  local last="" now deadline=$((SECONDS + 600))
  until [[ $(kubectl -n "$ns" get osc "$name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; do
    operator_running || { tail -20 "$state/operator.log" >&2; die "the operator exited"; }
    now=$(kubectl -n "$ns" get osc "$name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}: {.status.conditions[?(@.type=="Ready")].message}' 2>/dev/null || true)
    [[ $now != "$last" && $now != ": " && -n $now ]] && echo "    $now" >&2 && last=$now
    ((SECONDS < deadline)) || die "not Ready after 10 min; see kubectl -n $ns describe osc $name"
    sleep 1
  done
  log "Ready after $((SECONDS - start))s in total"
  echo
  kubectl get osc -A
  echo
  echo "Pods per node and role:"
  kubectl get pods -n "$ns" -o custom-columns='NODE:.spec.nodeName,ROLE:.metadata.labels.app\.kubernetes\.io/component,SERVICE:.metadata.labels.app\.kubernetes\.io/name,POD:.metadata.name,PHASE:.status.phase' --sort-by=.spec.nodeName
  cat <<EOF

Use it:
  eval "\$(OSC_CLUSTER=$OSC_CLUSTER hack/cluster.sh env)"
  kubectl -n $ns describe osc $name
  kubectl -n $ns get secret $name-admin-clouds-yaml -o jsonpath='{.data.clouds\.yaml}' | base64 -d
  operator logs: $state/operator.log, metrics: http://127.0.0.1:${OPERATOR_HTTP_PORT:-18080}/metrics
Tear down:
  hack/demo.sh down
EOF
}

case ${1:-} in
  down) down ;;
  -h|--help) sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" ;;
  *) up "$@" ;;
esac
