#!/usr/bin/env bash
# The real node `real-1`: containerd, kubelet, kube-proxy (nftables) and CoreDNS as local processes
# that join a cluster of hack/cluster.sh and run real containers next to kwok's fake nodes. Called
# by `hack/cluster.sh up --real-node` and `down`; root only. One real node per machine.
#
#   hack/real-node.sh prepare CLUSTER   host network the cluster binds to (before the cluster starts)
#   hack/real-node.sh up CLUSTER        start the node's processes (after the cluster starts)
#   hack/real-node.sh down              stop the node and undo every change to the host
#   hack/real-node.sh status            say whether it runs and for which cluster
#   hack/real-node.sh leftovers         list what down should have removed (empty when clean)
#   hack/real-node.sh socket            print the node's containerd socket (for hack/images.sh --import)
#   hack/real-node.sh owner             print the cluster the node belongs to (empty when none)
#
# Nothing leaves the machine: pods have routes to the cluster's own ranges only (no default route),
# the fake nodes' ranges are unreachable, CoreDNS answers cluster names and NXDOMAIN for the rest,
# and containerd sends every pull to a closed local port, so an image that is not local fails at
# once. Images are imported from archives built here (hack/images.sh --import, pause.oci.tar).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

NODE=real-1
BRIDGE=osc-br0
NODE_IP=10.88.0.1
POD_CIDR=10.88.0.0/24
SERVICE_CIDR=10.96.0.0/16 # kube-apiserver's service-cluster-ip-range (hack/kwok/kwokctl.yaml)
FAKE_RANGES=(10.244.0.0/16 172.31.0.0/16) # fake nodes' pod and node addresses (hack/cluster.sh)
CLOSED_PORT=1 # tcpmux: nothing listens, so a pull is refused at once
TAINT_KEY=$REAL_NODE_KEY
SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)
KUBELET_PORT=10250
# CoreDNS's readiness endpoint (127.0.0.1): not 18080 or 18181, where hack/demo.sh and hack/bench.sh
# serve the operator's HTTP port on every address.
DNS_READY_PORT=18153
NFT_TABLE=osc-real-node

STATE=$OSC_CACHE/real-node
RUN=$STATE/run # everything of one run; removed by down
IMAGE_ROOT=$STATE/containerd-root # containerd's content store: images outlive the node
CGROUP_ROOT=/osc-real-node
SOCK=$RUN/containerd.sock

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

need_root() {
  [[ $(id -u) == 0 ]] || die "the real node needs root (it runs containerd, kubelet and kube-proxy and changes the host's network); run as root, or use hack/cluster.sh up without --real-node"
}

# ensure_packages: the Debian packages the node needs, installed when missing.
ensure_packages() {
  local missing=() p
  [[ -x /usr/sbin/runc || -x /usr/bin/runc ]] || missing+=(runc)
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/firewall && -x /usr/lib/cni/portmap ]] || missing+=(containernetworking-plugins)
  command -v nft >/dev/null || missing+=(nftables)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v openssl >/dev/null || missing+=(openssl)
  ((${#missing[@]})) || return 0
  log "installing Debian packages the real node needs: ${missing[*]}"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$STATE/apt.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed (log: $STATE/apt.log)"
  for p in "${missing[@]}"; do log "installed $p"; done
}

BIN=""
load_bin() { BIN=$(tool_bin_dir --real-node); }

owner() { cat "$STATE/owner" 2>/dev/null || true; }

# --- prepare: the host network the cluster binds to --------------------------------------------

cmd_prepare() {
  local cluster=$1 s
  need_root
  mkdir -p "$STATE"
  ensure_packages
  local o; o=$(owner)
  if [[ -n $o && $o != "$cluster" ]]; then
    die "the real node belongs to cluster $o; run OSC_CLUSTER=$o hack/cluster.sh down first (one real node per machine)"
  fi
  echo "$cluster" >"$STATE/owner"
  # What down restores: the sysctls as they were before the node changed any.
  # What down restores (and leftovers compares with): the host as it was before the node.
  if [[ ! -d $RUN ]] || [[ ! -f $RUN/sysctls ]]; then
    mkdir -p "$RUN"
    for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s" 2>/dev/null || echo)"; done >"$RUN/sysctls"
    for d in /var/lib/kubelet /var/lib/cni /var/log/pods /var/log/containers; do
      if [[ -e $d ]]; then echo "$d"; fi
    done >"$RUN/preexisting"
    cp "$RUN/sysctls" "$STATE/host-sysctls"
    cp "$RUN/preexisting" "$STATE/host-dirs"
  fi
  # Open vSwitch's pods mount the host's kernel modules; a host whose kernel has none built as
  # modules (this kind of VM) has no /lib/modules: an empty one stands in, and down removes it.
  if [[ ! -e /lib/modules ]]; then mkdir /lib/modules && echo /lib/modules >"$STATE/made-lib-modules"; fi
  # The L3 and DHCP agents share their network namespaces with the host through /run/netns
  # (Bidirectional propagation), which needs a shared mount there; systemd hosts have / shared,
  # this kind of VM does not. `ip netns add` makes the same mount.
  if [[ $(findmnt -no PROPAGATION /run/netns 2>/dev/null) != shared* ]]; then
    mkdir -p /run/netns
    mount --bind /run/netns /run/netns && mount --make-shared /run/netns && echo /run/netns >"$STATE/made-netns-mount"
  fi
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$NODE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local r
  for r in "${FAKE_RANGES[@]}"; do ip route replace unreachable "$r"; done
  sysctl -qw net.ipv4.ip_forward=1
  modprobe br_netfilter 2>/dev/null || true
  [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] && sysctl -qw net.bridge.bridge-nf-call-iptables=1
  echo "$NODE_IP"
}

# --- up ---------------------------------------------------------------------------------------

# sign NAME CN ORG [SAN]: a client or serving certificate from the cluster's CA.
sign() {
  local name=$1 cn=$2 org=$3 san=${4:-} pki=$5
  [[ -s $RUN/pki/$name.crt ]] && return
  mkdir -p "$RUN/pki"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$RUN/pki/$name.key" -subj "/CN=$cn${org:+/O=$org}" \
    -out "$RUN/pki/$name.csr" 2>/dev/null
  local ext=$RUN/pki/$name.ext
  if [[ -n $san ]]; then
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" >"$ext"
  else
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$ext"
  fi
  openssl x509 -req -in "$RUN/pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 30 -extfile "$ext" -out "$RUN/pki/$name.crt" 2>/dev/null
}

# put FILE: writes stdin to FILE unless FILE has that content already. An up of a running node
# rewrites nothing: kube-proxy exits when its configuration file changes.
put() {
  local tmp; tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

# kubeconfig NAME SERVER: a kubeconfig for a node component with its client certificate.
kubeconfig() {
  local name=$1 server=$2 pki=$3
  put "$RUN/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "$server", certificate-authority: "$pki/ca.crt"}
users:
- name: $name
  user: {client-certificate: "$RUN/pki/$name.crt", client-key: "$RUN/pki/$name.key"}
contexts:
- name: local
  context: {cluster: local, user: $name}
current-context: local
EOF
}

write_containerd_config() {
  mkdir -p "$IMAGE_ROOT" "$RUN/containerd" "$RUN/runc" "$RUN/cni/net.d" "$RUN/cni/ipam" "$RUN/certs.d/_default"
  # Every registry host, the default one included, resolves to a port where nothing listens.
  put "$RUN/certs.d/_default/hosts.toml" <<EOF
server = "http://127.0.0.1:$CLOSED_PORT"
[host."http://127.0.0.1:$CLOSED_PORT"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
EOF
  put "$RUN/containerd.toml" <<EOF
version = 4
root = "$IMAGE_ROOT"
state = "$RUN/containerd"
imports = []
disabled_plugins = ["io.containerd.nri.v1.nri", "io.containerd.grpc.v1.cri-rdt", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.blockfile", "io.containerd.snapshotter.v1.erofs"]

[plugins.'io.containerd.server.v1.grpc']
  address = "$SOCK"
[plugins.'io.containerd.server.v1.ttrpc']
  address = "$RUN/containerd.sock.ttrpc"
[plugins.'io.containerd.server.v1.debug']
  address = "$RUN/containerd-debug.sock"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$(real_node_pause_image)"
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = "$RUN/certs.d"

[plugins.'io.containerd.cri.v1.runtime']
  enable_selinux = false
  # This machine withholds CAP_SYS_RESOURCE: without this runc fails every pod ("can't get final
  # child's PID from pipe") when a container's oom_score_adj is below the shim's.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      runtime_path = "$BIN/containerd-shim-runc-v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$RUN/runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$RUN/cni/net.d"
    max_conf_num = 1

[plugins.'io.containerd.grpc.v1.cri']
  disable_tcp_service = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
EOF
  # Pods get routes to the cluster's ranges only: the node (API server, DNS), the Services and the
  # other pods here. No default route, so nothing in a pod can reach beyond the machine.
  put "$RUN/cni/net.d/10-osc.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "osc",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "isDefaultGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$RUN/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP", "rangeStart": "10.88.0.10"}]],
        "routes": [{"dst": "$SERVICE_CIDR", "gw": "$NODE_IP"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "firewall", "backend": "iptables"}
  ]
}
EOF
}

write_kubelet_config() {
  local pki=$1
  mkdir -p "$RUN/kubelet" "$RUN/pod-logs"
  # No host nameserver: pods that do not use cluster DNS resolve nothing.
  echo "options ndots:5" | put "$RUN/resolv.conf"
  put "$RUN/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$pki/ca.crt"}
authorization: {mode: Webhook}
tlsCertFile: "$RUN/pki/kubelet-serving.crt"
tlsPrivateKeyFile: "$RUN/pki/kubelet-serving.key"
containerRuntimeEndpoint: "unix://$SOCK"
# This machine has cgroup v1 hierarchies; 1.35+ refuses them unless told.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
cgroupsPerQOS: true
failSwapOn: false
oomScoreAdj: 0
clusterDomain: cluster.local
clusterDNS: [$NODE_IP]
resolvConf: "$RUN/resolv.conf"
podLogsDir: "$RUN/pod-logs"
registerWithTaints:
- {key: $TAINT_KEY, value: "true", effect: NoSchedule}
# Images are imported, never pulled: the garbage collector must not remove them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
evictionPressureTransitionPeriod: 10s
maxPods: 110
serializeImagePulls: false
rotateCertificates: false
serverTLSBootstrap: false
protectKernelDefaults: false
makeIPTablesUtilChains: false
localStorageCapacityIsolation: true
shutdownGracePeriod: 0s
EOF
  put "$RUN/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
hostnameOverride: $NODE
bindAddress: $NODE_IP
clusterCIDR: $POD_CIDR
clientConnection: {kubeconfig: "$RUN/kube-proxy.kubeconfig"}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack: {maxPerCore: 0}
EOF
  put "$RUN/Corefile" <<EOF
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $NODE_IP
    errors
    ready 127.0.0.1:$DNS_READY_PORT
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $RUN/coredns.kubeconfig
        pods insecure
        ttl 5
    }
    cache 5
    loadbalance
}
# Every other name: NXDOMAIN at once; nothing is forwarded off the machine.
.:53 {
    bind $NODE_IP
    errors
    template ANY ANY {
        rcode NXDOMAIN
    }
}
EOF
}

# start NAME CMD...: a node process, detached, with its log and pid file under RUN.
start() {
  local name=$1; shift
  mkdir -p "$RUN/logs" "$RUN/pids"
  if [[ -f $RUN/pids/$name.pid ]] && kill -0 "$(<"$RUN/pids/$name.pid")" 2>/dev/null; then return; fi
  # One process: the subshell closes every inherited descriptor (our caller's lock among them)
  # and becomes the program, so $! is the program's pid.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid "$@" >>"$RUN/logs/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$RUN/pids/$name.pid"
}

alive() { [[ -f $RUN/pids/$1.pid ]] && kill -0 "$(<"$RUN/pids/$1.pid")" 2>/dev/null; }

wait_until() {
  local what=$1 timeout=$2 proc=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $proc ]] && ! alive "$proc"; then
      tail -n 20 "$RUN/logs/$proc.log" >&2 || true
      die "$proc exited while waiting for $what (log: $RUN/logs/$proc.log)"
    fi
    ((SECONDS < deadline)) || { [[ -n $proc ]] && tail -n 20 "$RUN/logs/$proc.log" >&2; die "timed out after ${timeout}s waiting for $what"; }
    sleep 0.2
  done
}

ctr() { "$BIN/ctr" --address "$SOCK" -n k8s.io "$@"; }

# The cgroup root in every v1 hierarchy (and v2, where mounted): the kubelet expects it to exist.
make_cgroups() {
  local h
  for h in /sys/fs/cgroup/*/; do
    [[ -d $h && $(stat -fc %T "$h") == cgroup* ]] || continue
    mkdir -p "$h${CGROUP_ROOT#/}"
  done
}

cmd_up() {
  local cluster=$1 cluster_dir kcfg server start; start=$(now_ms)
  need_root
  load_bin
  [[ $(owner) == "$cluster" ]] || die "run hack/real-node.sh prepare $cluster first"
  cluster_dir=$OSC_CACHE/kwok/clusters/$cluster
  kcfg=$OSC_CACHE/kwok/$cluster.kubeconfig
  local pki=$cluster_dir/pki
  [[ -s $pki/ca.key ]] || die "cluster $cluster has no CA key in $pki"
  server=$("$BIN/kubectl" --kubeconfig "$kcfg" config view --minify -o jsonpath='{.clusters[0].cluster.server}')

  sign kubelet "system:node:$NODE" system:nodes "" "$pki"
  sign kube-proxy system:kube-proxy "" "" "$pki"
  sign coredns osc:coredns "" "" "$pki"
  sign kubelet-serving "system:node:$NODE" system:nodes "IP:$NODE_IP,DNS:$NODE" "$pki"
  kubeconfig kubelet "$server" "$pki"
  kubeconfig kube-proxy "$server" "$pki"
  kubeconfig coredns "$server" "$pki"
  "$BIN/kubectl" --kubeconfig "$kcfg" apply --server-side --field-manager=osc-real-node -f - >/dev/null <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "osc:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "osc:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "osc:coredns"}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "osc:coredns"}
EOF

  guard_api_server "${server##*:}"
  write_containerd_config
  write_kubelet_config "$pki"
  make_cgroups

  if alive containerd; then
    wait_until "containerd" 30 containerd ctr version
  else
    local booted; booted=$(cri_started)
    start containerd "$BIN/containerd" --config "$RUN/containerd.toml"
    # ctr answers before the CRI plugin serves, and a kubelet that asks too early exits ("server
    # is not initialized yet"). The plugin logs this line just before it serves.
    wait_until "containerd's CRI plugin" 60 containerd cri_started_after "$booted"
  fi
  import_archive "$BIN/pause.oci.tar"
  import_archive "$BIN/probe.oci.tar"
  if [[ -n ${OSC_REAL_NODE_IMAGES:-} ]]; then
    local a
    for a in $OSC_REAL_NODE_IMAGES; do import_archive "$a"; done
  fi

  start kubelet "$BIN/kubelet" --config "$RUN/kubelet.yaml" --kubeconfig "$RUN/kubelet.kubeconfig" \
    --root-dir "$RUN/kubelet" --cert-dir "$RUN/pki" --hostname-override "$NODE" --node-ip "$NODE_IP" \
    --node-labels "openstackcloud.dev/control-plane=true,openstackcloud.dev/compute=true,openstackcloud.dev/network=true,$TAINT_KEY=true,type=real"
  start kube-proxy "$BIN/kube-proxy" --config "$RUN/kube-proxy.yaml"
  start coredns "$BIN/coredns" -conf "$RUN/Corefile"
  wait_until "node $NODE to be Ready" 90 kubelet node_ready "$kcfg"
  wait_until "CoreDNS" 30 coredns dns_answers
  log "real node $NODE is Ready ($(elapsed_since "$start")): containerd $SOCK"
}

# The API server listens on every address so that pods reach it at the node address; only
# loopback and the node's bridge may connect.
guard_api_server() {
  local port=$1
  nft -f - <<EOF
table inet $NFT_TABLE
delete table inet $NFT_TABLE
table inet $NFT_TABLE {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname != { "lo", "$BRIDGE" } tcp dport $port drop
  }
}
EOF
}

cri_started() { local n; n=$(grep -c 'Start streaming server' "$RUN/logs/containerd.log" 2>/dev/null); echo "${n:-0}"; }
cri_started_after() { (($(cri_started) > $1)); }

node_ready() {
  [[ $("$BIN/kubectl" --kubeconfig "$1" get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

dns_answers() { curl -fsS -o /dev/null "http://127.0.0.1:$DNS_READY_PORT/ready"; }

# import_archive FILE: an OCI or docker-save archive into the node's image store, once per content.
import_archive() {
  local file=$1 sum stamp
  sum=$(stat -c '%s-%Y' "$(readlink -f "$file")")-$(basename "$(readlink -f "$file")")
  stamp=$IMAGE_ROOT/imported/$(echo "$sum" | sha256sum | cut -c1-16)
  [[ -f $stamp ]] && return
  ctr images import --no-unpack=false "$file" >/dev/null
  mkdir -p "$IMAGE_ROOT/imported" && echo "$file" >"$stamp"
}

# --- down -------------------------------------------------------------------------------------

cmd_down() {
  need_root
  local start; start=$(now_ms)
  # Idempotent: with nothing running it still removes what an interrupted run may have left.
  BIN=$("$HACK_DIR/build-tools.sh" --real-node --print 2>/dev/null) || BIN=""
  timed stop_proc kubelet
  timed stop_proc kube-proxy
  timed stop_proc coredns
  timed remove_pods
  timed stop_proc containerd
  timed kill_shims
  if [[ -n $BIN ]]; then "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  nft delete table ip kube-proxy 2>/dev/null || true
  nft delete table ip6 kube-proxy 2>/dev/null || true
  nft delete table inet "$NFT_TABLE" 2>/dev/null || true
  timed unmount_under "$RUN"
  timed unmount_under "$IMAGE_ROOT"
  timed remove_chains
  timed remove_cgroups
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  local r
  for r in "${FAKE_RANGES[@]}"; do ip route del unreachable "$r" 2>/dev/null || true; done
  timed restore_sysctls
  timed remove_host_dirs
  rm -rf "$RUN" "$STATE/owner"
  log "real node $NODE stopped, host restored ($(elapsed_since "$start"))"
}

# timed CMD...: runs a step of down, and says so when it takes more than 2 s.
timed() {
  local t; t=$(now_ms)
  "$@"
  local ms=$(($(now_ms) - t))
  if ((ms > 2000)); then log "  down: $* took $((ms / 1000)).$((ms % 1000 / 100))s"; fi
}

stop_proc() {
  local name=$1 pid
  [[ -f $RUN/pids/$name.pid ]] || return 0
  pid=$(<"$RUN/pids/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait_pids_gone 15 "$pid" || kill -9 "$pid" 2>/dev/null || true
    wait_pids_gone 5 "$pid" || true
  fi
  rm -f "$RUN/pids/$name.pid"
}

# Every container and sandbox of the node, stopped and removed while containerd still runs, so
# that the CNI plugins tear down their links and the shims exit.
remove_pods() {
  [[ -n $BIN ]] && alive containerd || return 0
  local ids id
  mapfile -t ids < <(ctr tasks ls -q 2>/dev/null)
  # All at once: one by one, with a wait for each to exit, took two minutes for a whole cloud.
  for id in "${ids[@]}"; do ctr tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 & done
  wait
  for _ in $(seq 50); do
    [[ -z $(ctr tasks ls 2>/dev/null | awk 'NR > 1 && $3 != "STOPPED"') ]] && break
    sleep 0.2
  done
  for id in "${ids[@]}"; do ctr tasks delete "$id" >/dev/null 2>&1 & done
  wait
  mapfile -t ids < <(ctr containers ls -q 2>/dev/null)
  ((${#ids[@]} == 0)) || ctr containers delete "${ids[@]}" >/dev/null 2>&1 || true
  # Sandboxes' network namespaces: the CNI DEL that the CRI plugin would have sent.
  local ns
  for ns in "$RUN"/containerd/io.containerd.grpc.v1.cri/netns/* "$RUN"/containerd/netns/*; do
    [[ -e $ns ]] || continue
    umount "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  local link
  for link in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link delete "$link" 2>/dev/null || true
  done
}

# Shims of our containerd (their command line names our socket) that outlived it.
kill_shims() {
  local pid pids=()
  for pid in $(pgrep -f containerd-shim-runc-v2 || true); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$SOCK" && pids+=("$pid")
  done
  ((${#pids[@]})) || return 0
  kill -9 "${pids[@]}" 2>/dev/null || true
  wait_pids_gone 5 "${pids[@]}" || true
}

unmount_under() {
  local prefix=$1 m
  [[ -e $prefix ]] || return 0
  prefix=$(readlink -f "$prefix")
  # deepest first
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(awk -v p="$prefix" '$5 == p || index($5, p "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
}

# Chains the kubelet, kube-proxy's iptables leftovers and the CNI plugins add; Docker's stay.
remove_chains() {
  local cmd table chain
  for cmd in iptables ip6tables; do
    command -v $cmd >/dev/null || continue
    for table in filter nat mangle; do
      # -S prints rules as shell words (comments quoted): eval reads them back the same way.
      $cmd -t $table -S 2>/dev/null | awk '$1 == "-A" && $0 ~ /(KUBE-|CNI-)/' | while IFS= read -r rule; do
        eval "$cmd -t $table -D ${rule#-A }" 2>/dev/null || true
      done
      for chain in $($cmd -t $table -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}'); do
        $cmd -t $table -F "$chain" 2>/dev/null || true
      done
      for chain in $($cmd -t $table -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}'); do
        $cmd -t $table -X "$chain" 2>/dev/null || true
      done
    done
  done
}

remove_cgroups() {
  local h
  for h in /sys/fs/cgroup/*/; do
    [[ -d $h${CGROUP_ROOT#/} ]] || continue
    find "$h${CGROUP_ROOT#/}" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

restore_sysctls() {
  [[ -f $RUN/sysctls ]] || return 0
  local line
  while IFS= read -r line; do
    [[ -n ${line#*=} ]] && sysctl -qw "$line" 2>/dev/null || true
  done <"$RUN/sysctls"
}

# Directories the kubelet and the CNI plugins create at fixed paths, removed unless they were there.
remove_host_dirs() {
  local d
  for d in /var/lib/kubelet /var/lib/cni /var/log/pods /var/log/containers; do
    [[ -e $d ]] || continue
    grep -qxF "$d" "$RUN/preexisting" 2>/dev/null && continue
    rm -rf "$d"
  done
  if [[ -f $STATE/made-lib-modules ]]; then rmdir /lib/modules 2>/dev/null || true; rm -f "$STATE/made-lib-modules"; fi
  if [[ -f $STATE/made-netns-mount ]]; then
    umount -l /run/netns 2>/dev/null || true
    rm -f "$STATE/made-netns-mount"
  fi
}

# --- status, leftovers ------------------------------------------------------------------------

cmd_status() {
  local o; o=$(owner)
  if [[ -n $o ]] && alive kubelet && alive containerd; then
    echo "real node $NODE: running for cluster $o, containerd $SOCK"
  else
    echo "real node $NODE: not running${o:+ (state left for cluster $o: run down)}"
    return 1
  fi
}

# What a clean down leaves: nothing. Prints one line per leftover; used by the tests.
cmd_leftovers() {
  local p h line
  for p in containerd kubelet kube-proxy coredns; do
    [[ -f $RUN/pids/$p.pid ]] && kill -0 "$(<"$RUN/pids/$p.pid")" 2>/dev/null && echo "process $p"
  done
  pgrep -af "$STATE" 2>/dev/null | sed 's/^/process /' || true
  awk -v p="$(readlink -f "$STATE" 2>/dev/null || echo "$STATE")" 'index($5, p) == 1 {print "mount " $5}' /proc/self/mountinfo
  for h in /sys/fs/cgroup/*/; do [[ -d $h${CGROUP_ROOT#/} ]] && echo "cgroup $h${CGROUP_ROOT#/}"; done
  ip link show "$BRIDGE" >/dev/null 2>&1 && echo "link $BRIDGE"
  ip -o link show type veth 2>/dev/null | grep -q "master $BRIDGE" && echo "veth on $BRIDGE"
  local r
  for r in "${FAKE_RANGES[@]}"; do ip route show type unreachable "$r" | sed 's/^/route /'; done
  ip route show | grep -F "$BRIDGE" | sed 's/^/route /' || true
  nft list tables 2>/dev/null | grep -E "kube-proxy|$NFT_TABLE" | sed 's/^/nft /' || true
  for cmd in iptables ip6tables; do
    command -v $cmd >/dev/null || continue
    for t in filter nat mangle; do
      $cmd -t $t -S 2>/dev/null | awk -v c=$cmd -v t=$t '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print "chain " c " " t " " $2}'
    done
  done
  if [[ -f $STATE/host-sysctls ]]; then
    while IFS= read -r line; do
      if [[ -n ${line#*=} && $(sysctl -n "${line%%=*}" 2>/dev/null) != "${line#*=}" ]]; then
        echo "sysctl ${line%%=*}=$(sysctl -n "${line%%=*}") (was ${line#*=})"
      fi
    done <"$STATE/host-sysctls"
  fi
  for p in /var/lib/kubelet /var/lib/cni /var/log/pods /var/log/containers; do
    if [[ -e $p ]] && ! grep -qxF "$p" "$STATE/host-dirs" 2>/dev/null; then echo "dir $p"; fi
  done
  [[ -e $RUN ]] && echo "dir $RUN"
  [[ -f $STATE/made-lib-modules ]] && echo "dir /lib/modules"
  [[ -f $STATE/made-netns-mount ]] && echo "mount /run/netns"
  true
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    prepare) (($# == 1)) || die "usage: hack/real-node.sh prepare CLUSTER"; cmd_prepare "$1" ;;
    up) (($# == 1)) || die "usage: hack/real-node.sh up CLUSTER"; cmd_up "$1" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    leftovers) cmd_leftovers ;;
    socket) echo "$SOCK" ;;
    owner) owner ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
