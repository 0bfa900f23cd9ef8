# Shared by the hack/ scripts. Source it; it defines no behaviour of its own.
# shellcheck shell=bash

OSC_CACHE=${OSC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openstack-cloud-operator}
TOOL_BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl helm netpol-eval"
# What hack/build-tools.sh --real-node adds, next to pause.oci.tar and probe.oci.tar.
REAL_NODE_BINARIES="kubelet kube-proxy containerd containerd-shim-runc-v2 ctr coredns probe"

# The real node's own images, never pulled: imported from pause.oci.tar and probe.oci.tar.
real_node_pause_image() { echo osc.local/pause:3.10; }
real_node_probe_image() { echo osc.local/probe:1; }
# The real node's label and taint (hack/real-node.sh): pods that run there select and tolerate it.
REAL_NODE_KEY=openstackcloud.dev/real-node

# The Kolla images hack/images.sh builds: $LOCAL_KOLLA_REGISTRY/<image>:<release>-$LOCAL_KOLLA_DISTRO.
LOCAL_KOLLA_REGISTRY=osc.local/openstack.kolla
LOCAL_KOLLA_DISTRO=debian-bookworm

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

HACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KWOK_CONFIG_DIR=$HACK_DIR/kwok

# Prints the directory of links to the built binaries, or fails saying how to build them.
# tool_bin_dir --real-node: the same for the superset the real node needs.
tool_bin_dir() {
  "$HACK_DIR/build-tools.sh" "$@" --print 2>/dev/null && return
  if [[ ${1:-} == --real-node ]]; then
    die "the real node's binaries (kubelet, kube-proxy, containerd, coredns, ...) are not built; run: hack/build-tools.sh --real-node"
  fi
  die "the local cluster binaries (kube-apiserver, etcd, kwok, kubectl, helm, ...) are not built.
  Run: hack/build-tools.sh
  A cold build compiles them from the pinned Go modules: about 10 minutes on 8 cores (up to 40 on
  a small machine; kube-apiserver needs ~2 GB of memory to link). Later runs reuse the cache."
}

# Milliseconds since the epoch; elapsed_since START prints seconds since START with one decimal.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
elapsed_since() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

# wait_pids_gone TIMEOUT_SECONDS PID...: waits until none of the processes exists.
wait_pids_gone() {
  local deadline=$((SECONDS + $1)) pid; shift
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do
      ((SECONDS < deadline)) || return 1
      sleep 0.1
    done
  done
}

# without_extra_fds CMD...: runs CMD with only stdin, stdout and stderr open, so that daemons it
# leaves behind hold neither our lock nor a pipe of whoever ran us (which would never see EOF).
without_extra_fds() {
  (
    local fd
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "$@"
  )
}
