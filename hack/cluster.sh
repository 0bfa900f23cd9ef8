#!/usr/bin/env bash
# A local Kubernetes cluster for integration tests: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and the kwok controller as local processes (kwokctl, binary runtime), all built by
# hack/build-tools.sh and bound to 127.0.0.1; fake kwok nodes whose pods go Running and whose Job
# pods complete (see hack/kwok/). Nothing is downloaded.
#
#   hack/cluster.sh up [--nodes N] [--real-node]
#                                    start the cluster (idempotent) and wait until it is usable;
#                                    --real-node (root) adds real-1, a kubelet + containerd node
#                                    that runs real containers (hack/real-node.sh)
#   hack/cluster.sh down             delete it: no process, port or state left behind
#   hack/cluster.sh status           say whether it runs (exit 1 if not)
#   hack/cluster.sh restart-apiserver   stop kube-apiserver and start it again (etcd keeps the state)
#   hack/cluster.sh env              eval "$(hack/cluster.sh env)" sets KUBECONFIG, PATH (kubectl, helm)
#   hack/cluster.sh kubeconfig       print the kubeconfig path
#
# OSC_CLUSTER names the cluster (default osc-dev); clusters with different names run side by side.
# State lives in ~/.cache/openstack-cloud-operator/kwok; ~/.kube is never touched.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

CLUSTER=${OSC_CLUSTER:-osc-dev}
export KWOK_WORKDIR=$OSC_CACHE/kwok
CLUSTER_DIR=$KWOK_WORKDIR/clusters/$CLUSTER
KUBECONFIG_FILE=$KWOK_WORKDIR/$CLUSTER.kubeconfig
# kubectl's discovery cache, per cluster (ports are reused by the next cluster) and not in ~/.kube.
export KUBECACHEDIR=$KWOK_WORKDIR/kubectl-cache/$CLUSTER
NODE_LABEL=type=kwok # marks the nodes this script creates
ROLES=(control-plane compute network)
READY_TIMEOUT=90

usage() { sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# --- binaries ---------------------------------------------------------------------------------

BIN=""
REAL_NODE=false
load_bin() {
  [[ -n $BIN ]] && return
  if $REAL_NODE; then BIN=$(tool_bin_dir --real-node); else BIN=$(tool_bin_dir); fi
  # kwokctl runs kubectl from PATH (or downloads one if none): make it ours.
  export PATH="$BIN:$PATH" KWOK_KUBECTL_BINARY=$BIN/kubectl
}

# The concrete file behind a link in the bin dir, so a running cluster keeps its binaries even if
# a later build replaces the links.
bin_path() { readlink -f "$BIN/$1"; }

kube_version() { "$BIN/kube-apiserver" --version | awk '{print $2}'; }

kwokctl() {
  local configs=(--config="$(kwokctl_config)") f
  for f in "$KWOK_CONFIG_DIR"/stages/*.yaml; do configs+=(--config="$f"); done
  # kwokctl forks the components as daemons: they must not inherit our lock or a caller's pipe.
  without_extra_fds "$BIN/kwokctl" "${configs[@]}" --name="$CLUSTER" "$@"
}

kubectl() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# The kwokctl configuration: hack/kwok/kwokctl.yaml, and for a cluster with the real node the same
# with the API server reachable from pods at the node address (kwokctl reads only the first
# KwokctlConfiguration given, so this is a copy, not a second file).
kwokctl_config() {
  if ! $REAL_NODE; then echo "$KWOK_CONFIG_DIR/kwokctl.yaml"; return; fi
  local ip=$REAL_NODE_IP out=$KWOK_WORKDIR/$CLUSTER-kwokctl.yaml
  sed -e "s|^  bindAddress: 127.0.0.1\$|&\n  kubeApiserverCertSANs: [\"$ip\", \"10.96.0.1\"]|" \
      -e "s|value: 192.0.2.1\$|value: $ip|" "$KWOK_CONFIG_DIR/kwokctl.yaml" >"$out"
  cat >>"$out" <<EOF
# --real-node: pods reach the API server at the node address (the kubernetes Service's endpoint);
# hack/real-node.sh lets only loopback and the node's bridge connect. The API server reaches the
# kubelet for logs, exec and port-forward with the admin certificate.
- name: kube-apiserver
  extraArgs:
  - {key: bind-address, value: 0.0.0.0, override: true}
  - {key: kubelet-client-certificate, value: "$CLUSTER_DIR/pki/admin.crt"}
  - {key: kubelet-client-key, value: "$CLUSTER_DIR/pki/admin.key"}
  - {key: kubelet-preferred-address-types, value: "InternalIP,Hostname"}
EOF
  echo "$out"
}

# --- state ------------------------------------------------------------------------------------

# component_alive PIDFILE: its process runs and is one of this cluster's components (after a
# reboot the pid may belong to something else).
component_alive() {
  local pid
  pid=$(<"$1") && [[ -n $pid ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "$CLUSTER_DIR/"
}

# Pids of this cluster's live component processes.
component_pids() {
  local f
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    if [[ -f $f ]] && component_alive "$f"; then cat "$f" && echo; fi
  done
}

# Prints the name of a started component whose process is gone.
dead_component() {
  local f
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    if [[ -f $f ]] && ! component_alive "$f"; then basename "$f" .pid && return 0; fi
  done
  return 1
}

# Running = every component process is alive and the API server answers /readyz.
is_running() {
  [[ -f $CLUSTER_DIR/kwok.yaml && -f $KUBECONFIG_FILE ]] || return 1
  local files pids
  files=("$CLUSTER_DIR"/pids/*.pid)
  mapfile -t pids < <(component_pids)
  ((${#pids[@]} >= 5 && ${#pids[@]} == ${#files[@]})) || return 1
  kubectl get --raw /readyz >/dev/null 2>&1
}

# Fingerprint of what the cluster was created from; `up` warns when a running cluster is stale.
config_fingerprint() {
  { cat "$KWOK_CONFIG_DIR/kwokctl.yaml" "$KWOK_CONFIG_DIR"/stages/*.yaml
    for b in kube-apiserver kube-controller-manager kube-scheduler kwok etcd; do bin_path $b; done
  } | sha256sum | cut -c1-16
}

lock() {
  mkdir -p "$KWOK_WORKDIR/locks"
  exec 9>"$KWOK_WORKDIR/locks/$CLUSTER.lock"
  flock -w 300 9 || die "another hack/cluster.sh is working on cluster $CLUSTER"
}

# --- up ---------------------------------------------------------------------------------------

create_cluster() {
  log "creating cluster $CLUSTER (kwokctl, binary runtime)"
  mkdir -p "$KWOK_WORKDIR/logs"
  local out=$KWOK_WORKDIR/logs/$CLUSTER-kwokctl.log pid dead
  # kwokctl picks free ports by probing them and skipping those of other clusters' saved
  # configs: two creations at the same time could pick the same ones.
  exec 8>"$KWOK_WORKDIR/locks/create.lock"
  flock -w 300 8 || die "timed out waiting for another cluster creation to finish"
  KWOK_KUBE_VERSION=$(kube_version) kwokctl create cluster \
    --runtime=binary \
    --kubeconfig="$KUBECONFIG_FILE" \
    --kube-apiserver-binary="$(bin_path kube-apiserver)" \
    --kube-controller-manager-binary="$(bin_path kube-controller-manager)" \
    --kube-scheduler-binary="$(bin_path kube-scheduler)" \
    --kwok-controller-binary="$(bin_path kwok)" \
    --etcd-binary="$(bin_path etcd)" \
    --timeout=90s >"$out" 2>&1 &
  pid=$!
  # kwokctl waits up to 2 minutes for an API server that may have exited at once: watch the
  # components meanwhile and fail as soon as one is gone.
  while kill -0 "$pid" 2>/dev/null; do
    if dead=$(dead_component); then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      fail_start "$dead exited while cluster $CLUSTER was starting"
    fi
    sleep 0.2
  done
  wait "$pid" || { cat "$out" >&2; fail_start "kwokctl could not start cluster $CLUSTER"; }
  exec 8>&-
  config_fingerprint >"$CLUSTER_DIR/osc-fingerprint"
}

fail_start() {
  show_component_logs
  die "$1 (logs: $CLUSTER_DIR/logs); clean up with: OSC_CLUSTER=$CLUSTER hack/cluster.sh down"
}

show_component_logs() {
  local f
  for f in "$CLUSTER_DIR"/logs/*.log; do
    [[ -s $f ]] || continue
    echo "--- last lines of $f" >&2
    tail -n 15 "$f" >&2
  done
}

# node_role I: the role of the I-th node (0-based): two of each role first, then round-robin.
node_role() {
  local i=$1
  if ((i < 6)); then echo "${ROLES[i / 2]}"; else echo "${ROLES[(i - 6) % 3]}"; fi
}

# node_names N: the names of N nodes, e.g. control-plane-1 control-plane-2 compute-1 ...
node_names() {
  local n=$1 i role
  declare -A count=()
  for ((i = 0; i < n; i++)); do
    role=$(node_role "$i")
    count[$role]=$((${count[$role]:-0} + 1))
    echo "$role-${count[$role]}"
  done
}

# node_manifest I NAME VERSION: a fake Node; kwok's node-initialize stage makes it Ready.
# Status may be set on create for Nodes; capacity fits many clouds, one /24 pod range per node.
node_manifest() {
  local i=$1 name=$2 version=$3 role
  role=$(node_role "$i")
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    ${NODE_LABEL%%=*}: ${NODE_LABEL#*=}
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    openstackcloud.dev/$role: "true"
spec:
  podCIDR: 10.244.$i.0/24
  podCIDRs: [10.244.$i.0/24]
status:
  addresses:
  - {type: InternalIP, address: 172.31.$((i / 250)).$((i % 250 + 1))}
  - {type: Hostname, address: $name}
  capacity: &resources {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  allocatable: *resources
  nodeInfo: {kubeletVersion: $version, operatingSystem: linux, architecture: amd64}
EOF
}

# ensure_nodes N: exactly N labelled fake nodes (creates missing ones, deletes extra ones).
ensure_nodes() {
  local n=$1 i name version="" manifest="" extra=()
  local -a want have
  mapfile -t want < <(node_names "$n")
  mapfile -t have < <(kubectl get nodes -l "$NODE_LABEL" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
  for ((i = 0; i < n; i++)); do
    name=${want[i]}
    [[ " ${have[*]} " == *" $name "* ]] && continue
    [[ -n $version ]] || version=$(kube_version)
    manifest+=$(node_manifest "$i" "$name" "$version")$'\n'
  done
  for name in "${have[@]}"; do
    [[ " ${want[*]} " == *" $name "* ]] || extra+=("$name")
  done
  if [[ -n $manifest ]]; then
    kubectl create -f - <<<"$manifest" >/dev/null
  fi
  if ((${#extra[@]})); then
    log "deleting extra nodes: ${extra[*]}"
    kubectl delete node "${extra[@]}" --wait=false >/dev/null
  fi
}

# The default StorageClass: the controller-manager's in-tree hostPath provisioner
# (--enable-hostpath-provisioner in hack/kwok/kwokctl.yaml) binds claims at once, so
# StatefulSets with volumeClaimTemplates schedule; kwok's pods never write to the volumes.
ensure_storage_class() {
  kubectl apply --server-side --field-manager=osc-cluster -f - >/dev/null <<'EOF2'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF2
}

# wait_for WHAT CMD...: polls CMD until it succeeds; fails at once if a component has exited.
wait_for() {
  local what=$1 dead deadline=$((SECONDS + READY_TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do
    if dead=$(dead_component); then fail_start "$dead of cluster $CLUSTER has exited"; fi
    ((SECONDS < deadline)) || fail_start "timed out after ${READY_TIMEOUT}s waiting for $what"
    sleep 0.2
  done
}

nodes_ready() {
  local want=$1 ready
  ready=$(kubectl get nodes -l "$NODE_LABEL" \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')
  ((ready == want))
}

# Usable = controller-manager and scheduler elected (their leases exist), the default
# ServiceAccount created (controllers work) and all nodes Ready (kwok works).
wait_usable() {
  local nodes=$1
  wait_for "kube-controller-manager and kube-scheduler" kubectl -n kube-system get lease kube-controller-manager kube-scheduler
  wait_for "the default ServiceAccount" kubectl -n default get serviceaccount default
  wait_for "$nodes Ready nodes" nodes_ready "$nodes"
}

cmd_up() {
  local nodes=6
  while (($#)); do
    case $1 in
      --nodes) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--nodes needs a number"; nodes=$2; shift 2 ;;
      --nodes=*) nodes=${1#*=}; shift ;;
      --real-node) REAL_NODE=true; shift ;;
      *) die "up: unknown argument $1 (usage: hack/cluster.sh up [--nodes N] [--real-node])" ;;
    esac
  done
  if $REAL_NODE && [[ $(id -u) != 0 ]]; then
    die "--real-node needs root: the real node runs containerd, kubelet and kube-proxy and changes the host's network (a bridge, routes, nftables). Run as root, or leave out --real-node for fake nodes only."
  fi
  [[ $nodes =~ ^[0-9]+$ ]] && ((nodes >= 1 && nodes <= 250)) || die "--nodes must be between 1 and 250"

  local start; start=$(now_ms)
  load_bin
  lock
  if is_running; then
    log "cluster $CLUSTER is already running"
    [[ $(cat "$CLUSTER_DIR/osc-fingerprint" 2>/dev/null) == "$(config_fingerprint)" ]] ||
      log "warning: hack/kwok/ or the binaries changed since $CLUSTER was created; run down, then up, to use them"
    if $REAL_NODE && [[ ! -f $CLUSTER_DIR/osc-real-node ]]; then
      die "cluster $CLUSTER runs without the real node; run down, then up --real-node"
    fi
  else
    if [[ -d $CLUSTER_DIR ]]; then
      log "cluster $CLUSTER exists but is not running (machine restarted, or a process died): recreating it"
      delete_cluster
    fi
    if $REAL_NODE; then REAL_NODE_IP=$("$HACK_DIR/real-node.sh" prepare "$CLUSTER"); fi
    create_cluster
    if $REAL_NODE; then echo "$REAL_NODE_IP" >"$CLUSTER_DIR/osc-real-node"; fi
  fi
  wait_for "the API server" kubectl get --raw /readyz
  ensure_storage_class
  ensure_nodes "$nodes"
  wait_usable "$nodes"
  if $REAL_NODE; then
    "$HACK_DIR/real-node.sh" up "$CLUSTER" || fail_start "the real node did not start"
    nodes=$((nodes + 1))
  fi
  log "cluster $CLUSTER is up: $nodes nodes Ready$($REAL_NODE && echo ', one of them real (real-1)'), API $(api_server) ($(elapsed_since "$start"))"
  log "use it with: eval \"\$(OSC_CLUSTER=$CLUSTER hack/cluster.sh env)\""
}

api_server() { kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null; }

# --- down -------------------------------------------------------------------------------------

cmd_down() {
  local start; start=$(now_ms)
  load_bin
  lock
  if [[ ! -d $CLUSTER_DIR ]]; then
    rm -f "$KUBECONFIG_FILE" "$KWOK_WORKDIR/logs/$CLUSTER-kwokctl.log"
    log "cluster $CLUSTER does not exist"
    return
  fi
  delete_cluster
  log "cluster $CLUSTER deleted ($(elapsed_since "$start"))"
}

delete_cluster() {
  local pids out
  # The node before the control plane: its kubelet must not see the API server vanish first.
  if [[ -f $CLUSTER_DIR/osc-real-node ]] || [[ $(cat "$OSC_CACHE/real-node/owner" 2>/dev/null) == "$CLUSTER" ]]; then
    "$HACK_DIR/real-node.sh" down || log "warning: the real node did not stop cleanly (hack/real-node.sh leftovers lists what is left)"
  fi
  mapfile -t pids < <(component_pids)
  if ! out=$(kwokctl delete cluster --kubeconfig="$KUBECONFIG_FILE" 2>&1); then
    echo "$out" >&2
    log "warning: kwokctl could not delete cluster $CLUSTER; stopping its processes directly"
  fi
  # kwokctl sends SIGKILL and does not wait; make sure the processes (and their ports) are gone.
  if ((${#pids[@]})) && ! wait_pids_gone 10 "${pids[@]}"; then
    log "killing leftover processes: ${pids[*]}"
    kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$CLUSTER_DIR" "$KUBECACHEDIR"
  rm -f "$KUBECONFIG_FILE" "$KWOK_WORKDIR/logs/$CLUSTER-kwokctl.log" "$KWOK_WORKDIR/$CLUSTER-kwokctl.yaml"
}

# --- restart-apiserver ------------------------------------------------------------------------

# Kills kube-apiserver (SIGKILL, as a crash) and starts it again with the same arguments; etcd
# keeps the state, kwok keeps running. The controller-manager and scheduler exit when they cannot
# renew their leases (in a real cluster the kubelet restarts them), so they are restarted with it.
cmd_restart_apiserver() {
  load_bin
  lock
  local c f pids=()
  declare -A cmdlines=()
  local restarted=(kube-apiserver kube-controller-manager kube-scheduler)
  for c in "${restarted[@]}"; do
    f=$CLUSTER_DIR/pids/$c.pid
    [[ -f $f ]] && component_alive "$f" || die "cluster $CLUSTER: $c is not running"
    cmdlines[$c]=$(tr '\0' '\n' <"/proc/$(<"$f")/cmdline")
    pids+=("$(<"$f")")
  done
  kill -9 "${pids[@]}"
  wait_pids_gone 10 "${pids[@]}" || die "cluster $CLUSTER: ${restarted[*]} did not exit"
  start_component kube-apiserver "${cmdlines[kube-apiserver]}"
  local deadline=$((SECONDS + READY_TIMEOUT))
  # not wait_for: it would stop at the two components that are down on purpose
  until kubectl get --raw /readyz >/dev/null 2>&1; do
    component_alive "$CLUSTER_DIR/pids/kube-apiserver.pid" || fail_start "kube-apiserver of cluster $CLUSTER has exited"
    ((SECONDS < deadline)) || fail_start "timed out after ${READY_TIMEOUT}s waiting for the API server"
    sleep 0.2
  done
  for c in kube-controller-manager kube-scheduler; do start_component "$c" "${cmdlines[$c]}"; done
  wait_for "kube-controller-manager and kube-scheduler" kubectl -n kube-system get lease kube-controller-manager kube-scheduler
  log "kube-apiserver of $CLUSTER restarted (pid $(<"$CLUSTER_DIR/pids/kube-apiserver.pid"))"
}

# start_component NAME CMDLINE: starts a component as kwokctl does (its directory, log and pid file),
# detached from us. CMDLINE has one argument per line.
start_component() {
  local name=$1 args=()
  mapfile -t args <<<"$2"
  (
    cd "$CLUSTER_DIR"
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec nohup "${args[@]}" >>"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null
  ) 9>&- &
  printf %s $! >"$CLUSTER_DIR/pids/$name.pid" # as kwokctl writes it: no newline
}

# --- status, env, kubeconfig ------------------------------------------------------------------

cmd_status() {
  load_bin
  if is_running; then
    local ready total
    total=$(kubectl get nodes --no-headers 2>/dev/null | wc -l)
    ready=$(kubectl get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)
    echo "cluster $CLUSTER: running, API $(api_server), $ready/$total nodes Ready, kubeconfig $KUBECONFIG_FILE"
  elif [[ -d $CLUSTER_DIR ]]; then
    echo "cluster $CLUSTER: not running (state in $CLUSTER_DIR; run up to restart it or down to delete it)"
    return 1
  else
    echo "cluster $CLUSTER: not running"
    return 1
  fi
}

cmd_env() {
  load_bin
  printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
  printf 'export PATH=%q:"$PATH"\n' "$BIN"
  printf 'export KUBECACHEDIR=%q\n' "$KUBECACHEDIR"
  [[ -f $KUBECONFIG_FILE ]] || log "note: cluster $CLUSTER is not up yet (hack/cluster.sh up)"
}

cmd_kubeconfig() { echo "$KUBECONFIG_FILE"; }

main() {
  [[ $CLUSTER =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "OSC_CLUSTER must be a DNS label (lower case letters, digits, '-'): $CLUSTER"
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    restart-apiserver) cmd_restart_apiserver "$@" ;;
    env) cmd_env "$@" ;;
    kubeconfig) cmd_kubeconfig "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
