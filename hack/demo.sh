#!/usr/bin/env bash
# Runs the operator on a local embedded cluster with a sample cloud, and shows the cloud.
#
#   hack/demo.sh [SAMPLE]          build, start the cluster (OSC_CLUSTER, default osc-demo), install
#                                  the CRD and RBAC with the Helm chart, run the operator as a local
#                                  process, apply config/samples/SAMPLE (default minimal.yaml), wait
#                                  for Ready, print what runs where
#   hack/demo.sh --real [SAMPLE]   the same on the real node, with real containers (root): builds the
#                                  node's binaries and the Kolla images here (hack/images.sh), starts
#                                  the cluster with --real-node, imports the images, applies SAMPLE
#                                  with the local images and the real node's placement, and ends
#                                  with a real `openstack token issue` and `openstack endpoint list`
#                                  from a pod openstack-cli that uses the cloud's clouds.yaml
#   hack/demo.sh --real --render [SAMPLE]
#                                  print the manifest --real applies; starts and changes nothing
#   hack/demo.sh down              stop the operator and delete the cluster, the real node with it;
#                                  stop the Docker engine if the demo started it
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

export OSC_CLUSTER=${OSC_CLUSTER:-osc-demo}
state="$OSC_CACHE/demo/$OSC_CLUSTER"
jar=operator/target/openstack-cloud-operator.jar
CLI_POD=openstack-cli

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

is_root() { [[ $(id -u) == 0 ]]; }

down() {
  local real=false docker=false why=()
  [[ $(hack/real-node.sh owner) == "$OSC_CLUSTER" ]] && real=true && why+=("cluster $OSC_CLUSTER has the real node")
  [[ -f $state/docker-started ]] && docker=true && why+=("the demo started the Docker engine")
  if ((${#why[@]})) && ! is_root; then
    local msg; msg=$(printf '%s, and ' "${why[@]}")
    die "hack/demo.sh down needs root: ${msg%, and } (run: sudo hack/demo.sh down)"
  fi
  if [[ -f $state/operator.pid ]]; then
    kill "$(cat "$state/operator.pid")" 2>/dev/null || true
    rm -f "$state/operator.pid"
  fi
  hack/cluster.sh down
  if $docker; then
    hack/docker.sh down
    rm -f "$state/docker-started"
  fi
}

operator_running() { [[ -f $state/operator.pid ]] && kill -0 "$(cat "$state/operator.pid")" 2>/dev/null; }

check_sample() {
  local sample=$1 have=(config/samples/*.yaml)
  [[ -f config/samples/$sample && $sample != kustomization.yaml ]] ||
    die "no sample config/samples/$sample (have: $(printf '%s ' "${have[@]##*/}" | sed 's/kustomization.yaml //'))"
}

# render_real SAMPLE OUT: writes the sample as JSON with the real node's overrides merged into its
# spec, and prints "RELEASE IMAGES NOVA": the release, which images it needs (core: infrastructure
# and Keystone, hack/images.sh --core; all) and whether it runs Nova (true/false). The sample files
# stay as they are; kubectl only turns the YAML into JSON (--local: no cluster needed).
render_real() {
  local sample=$1 out=$2 bin json
  bin=$(tool_bin_dir)
  json=$("$bin/kubectl" --kubeconfig /dev/null patch --local -f "config/samples/$sample" --type merge -p '{}' -o json)
  python3 - "$sample" "$json" "$out" "$LOCAL_KOLLA_REGISTRY" "$LOCAL_KOLLA_DISTRO" "$REAL_NODE_KEY" <<'PY'
import copy, json, sys

sample, rendered, out, registry, distro, key = sys.argv[1:]
cloud = json.loads(rendered)
if cloud.get("kind") != "OpenStackCloud":
    sys.exit("error: config/samples/%s holds a %s, not an OpenStackCloud" % (sample, cloud.get("kind")))

# The local images (never pulled) and the real node for every role. images replaces the sample's
# whole block: a tag of its own would name an image that was not built here.
real = {"nodeSelector": {key: "true"},
        "tolerations": [{"key": key, "operator": "Exists", "effect": "NoSchedule"}]}
overrides = {
    "images": {"registry": registry, "distro": distro, "pullPolicy": "Never"},
    "placement": {role: copy.deepcopy(real) for role in ("controlPlane", "compute", "network")},
}

def merge(base, add):
    """Maps merge key by key, lists gain the items they lack, anything else is replaced."""
    for k, v in add.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            merge(base[k], v)
        elif isinstance(v, list) and isinstance(base.get(k), list):
            base[k] += [x for x in v if x not in base[k]]
        else:
            base[k] = copy.deepcopy(v)

spec = cloud.setdefault("spec", {})
spec.pop("images", None)
merge(spec, overrides)

services = spec.get("services") or {}
on = {name for name, s in services.items() if name != "keystone" and (s or {}).get("enabled") is not False}
if "nova" in on and ((services["nova"].get("compute") or {}).get("driver") or "libvirt") == "libvirt":
    sys.exit("error: %s runs Nova on libvirt, whose nova-libvirt image hack/images.sh does not build; "
             "on the real node use a sample with compute.driver: fake (ci-fake.yaml)" % sample)
with open(out, "w") as f:
    json.dump(cloud, f, indent=2)
    f.write("\n")
print(spec.get("release", "2025.1"), "all" if on else "core", "true" if "nova" in on else "false")
PY
}

# cli_pod NS CLOUD RELEASE: a pod with the openstack CLI (Kolla's kolla-toolbox image, built here)
# on the real node, OS_CLOUD set and the cloud's clouds.yaml Secret at /etc/openstack.
cli_pod() {
  local ns=$1 cloud=$2 release=$3
  kubectl -n "$ns" apply --server-side --field-manager=osc-demo -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $CLI_POD
  labels: {app.kubernetes.io/name: $CLI_POD, app.kubernetes.io/part-of: osc-demo}
spec:
  nodeSelector: {$REAL_NODE_KEY: "true"}
  tolerations: [{key: $REAL_NODE_KEY, operator: Exists, effect: NoSchedule}]
  terminationGracePeriodSeconds: 1 # sleep ignores SIGTERM
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: openstack
    image: $LOCAL_KOLLA_REGISTRY/kolla-toolbox:$release-$LOCAL_KOLLA_DISTRO
    imagePullPolicy: Never
    command: [sleep, infinity]
    env: [{name: OS_CLOUD, value: $cloud}]
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    volumeMounts: [{name: clouds-yaml, mountPath: /etc/openstack, readOnly: true}]
  volumes:
  - name: clouds-yaml
    secret: {secretName: $cloud-admin-clouds-yaml}
EOF
  if ! kubectl -n "$ns" wait --for=condition=Ready "pod/$CLI_POD" --timeout=120s >/dev/null; then
    kubectl -n "$ns" describe pod "$CLI_POD" | tail -n 15 >&2
    die "pod $CLI_POD did not become Ready"
  fi
}

# openstack_cli NS ARGS...: the openstack CLI in the pod, retried for up to a minute.
openstack_cli() {
  local ns=$1 out deadline=$((SECONDS + 60)); shift
  until out=$(kubectl -n "$ns" exec "$CLI_POD" -- openstack "$@" 2>&1); do
    ((SECONDS < deadline)) || { echo "$out" >&2; die "openstack $* failed in pod $CLI_POD"; }
    sleep 2
  done
  echo "$out"
}

up() {
  local real=false render=false
  while (($#)); do
    case $1 in
      --real) real=true; shift ;;
      --render) render=true; shift ;;
      -*) die "unknown option $1 (see hack/demo.sh --help)" ;;
      *) break ;;
    esac
  done
  (($# <= 1)) || die "one sample at a time (see hack/demo.sh --help)"
  local sample=${1:-minimal.yaml} start=$SECONDS
  $render && ! $real && die "--render goes with --real: hack/demo.sh --real --render [SAMPLE]"
  check_sample "$sample"
  if $real && ! $render; then
    is_root || die "hack/demo.sh --real needs root: the real node runs containerd, kubelet and kube-proxy and changes the host's network, and hack/images.sh runs Docker. Run it as root (sudo hack/demo.sh --real), or hack/demo.sh without --real for fake nodes only."
    local owner; owner=$(hack/real-node.sh owner)
    [[ -z $owner || $owner == "$OSC_CLUSTER" ]] ||
      die "the real node belongs to cluster $owner (one real node per machine): wait until it is stopped (OSC_CLUSTER=$owner hack/cluster.sh down), or use hack/demo.sh without --real"
  fi
  # one namespace per sample: one cloud per namespace, so samples can run side by side
  local ns="demo-${sample%.yaml}" manifest="config/samples/$sample" release images nova
  if $real; then
    if $render; then
      manifest=$(mktemp)
      # shellcheck disable=SC2064 # the name is fixed now
      trap "rm -f '$manifest'" EXIT
      render_real "$sample" "$manifest" >/dev/null
      cat "$manifest"
      return
    fi
    mkdir -p "$state"
    manifest=$state/$ns.json
    if ! hack/build-tools.sh --real-node --print >/dev/null 2>&1; then
      log "first run on this machine: building the cluster's and the real node's binaries from pinned"
      log "Go modules (about 15 min on 2 cores); later runs reuse ~/.cache/openstack-cloud-operator"
    fi
    hack/build-tools.sh --real-node >/dev/null
    read -r release images nova < <(render_real "$sample" "$manifest") && [[ -n $nova ]] || exit 1
  else
    if ! hack/build-tools.sh --print >/dev/null 2>&1; then
      log "first run on this machine: building kube-apiserver, etcd, kwok, kubectl and helm from pinned"
      log "Go modules (about 10 min on 2 cores); later runs reuse ~/.cache/openstack-cloud-operator"
    fi
    hack/build-tools.sh >/dev/null
  fi
  mkdir -p "$state"

  local image_args=()
  if $real; then
    image_args=(--release "$release")
    [[ $images == core ]] && image_args+=(--core)
    # The engine as the user had it: down stops it only if it was not running before the demo.
    if ! hack/docker.sh status >/dev/null 2>&1; then
      hack/docker.sh up
      [[ $(hack/docker.sh status) == *"(ours"* ]] && touch "$state/docker-started"
    fi
    log "the Kolla images of $release ($images) for $sample: hack/images.sh ${image_args[*]}"
    hack/images.sh "${image_args[@]}"
  fi

  log "building the operator"
  mvn -B -q -ntp -pl operator -am package -DskipTests -DskipITs
  if $real; then
    hack/cluster.sh up --real-node
    hack/images.sh "${image_args[@]}" --import "$(hack/real-node.sh socket)"
  else
    hack/cluster.sh up
  fi
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

  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  if $real; then
    log "applying config/samples/$sample in namespace $ns with the local images, on the real node ($manifest)"
  else
    log "applying config/samples/$sample in namespace $ns"
  fi
  local applied=$SECONDS
  kubectl -n "$ns" apply --server-side --field-manager=osc-demo -f "$manifest" >/dev/null
  local name; name=$(kubectl -n "$ns" get osc -o jsonpath='{.items[0].metadata.name}')

  log "waiting for the cloud to become Ready"
  local last="" now timeout=600
  $real && timeout=900
  local deadline=$((SECONDS + timeout))
  until [[ $(kubectl -n "$ns" get osc "$name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; do
    operator_running || { tail -20 "$state/operator.log" >&2; die "the operator exited"; }
    now=$(kubectl -n "$ns" get osc "$name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}: {.status.conditions[?(@.type=="Ready")].message}' 2>/dev/null || true)
    [[ $now != "$last" && $now != ": " && -n $now ]] && echo "    $now" >&2 && last=$now
    ((SECONDS < deadline)) || die "not Ready after $((timeout / 60)) min; see kubectl -n $ns describe osc $name"
    sleep 1
  done
  local ready=$((SECONDS - applied))
  log "Ready after $((SECONDS - start))s in total, ${ready}s after apply"
  echo
  kubectl get osc -A
  echo
  echo "Pods per node and role:"
  kubectl get pods -n "$ns" -o custom-columns='NODE:.spec.nodeName,ROLE:.metadata.labels.app\.kubernetes\.io/component,SERVICE:.metadata.labels.app\.kubernetes\.io/name,POD:.metadata.name,PHASE:.status.phase' --sort-by=.spec.nodeName

  local example="openstack user list"
  if $real; then
    $nova && example="openstack server list"
    log "starting pod $CLI_POD (kolla-toolbox) with the cloud's clouds.yaml (Secret $name-admin-clouds-yaml)"
    cli_pod "$ns" "$name" "$release"
    echo
    echo "\$ kubectl -n $ns exec $CLI_POD -- openstack token issue"
    openstack_cli "$ns" token issue
    local first_token=$((SECONDS - applied))
    echo "\$ kubectl -n $ns exec $CLI_POD -- openstack endpoint list"
    openstack_cli "$ns" endpoint list
    log "apply → Ready ${ready}s, apply → first token ${first_token}s"
  fi
  cat <<EOF

Use it:
  eval "\$(OSC_CLUSTER=$OSC_CLUSTER hack/cluster.sh env)"
  kubectl -n $ns describe osc $name
  kubectl -n $ns get secret $name-admin-clouds-yaml -o jsonpath='{.data.clouds\.yaml}' | base64 -d
  operator logs: $state/operator.log, metrics: http://127.0.0.1:${OPERATOR_HTTP_PORT:-18080}/metrics
EOF
  if $real; then
    cat <<EOF
Call the cloud with the openstack CLI (pod $CLI_POD, OS_CLOUD=$name):
  eval "\$(OSC_CLUSTER=$OSC_CLUSTER hack/cluster.sh env)" && kubectl -n $ns exec $CLI_POD -- $example
  a shell there: kubectl -n $ns exec -it $CLI_POD -- bash
EOF
  fi
  cat <<EOF
Tear down:
  hack/demo.sh down$($real && echo "   (the real node too, and the Docker engine if the demo started it)")
EOF
}

case ${1:-} in
  down) down ;;
  -h|--help) usage ;;
  *) up "$@" ;;
esac
