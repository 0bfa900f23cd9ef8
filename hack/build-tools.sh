#!/usr/bin/env bash
# Builds the local control-plane binaries (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok, kwokctl, helm) and netpol-eval (NetworkPolicy verdicts for tests) from the
# pinned Go modules under hack/tools/, once. With --real-node, also what the real node runs:
# kubelet and kube-proxy (the same kubernetes module), containerd with its runc shim and ctr (a
# module of their own), CoreDNS with cluster plugins only, and two OCI archives: the pause image
# (the kubernetes module's pause.c) and the probe image the real node's tests run (tools/probe).
#
# Each family lands in ~/.cache/openstack-cloud-operator/bin/<family>-<key>, where <key> hashes that
# family's go.mod, go.sum and build flags; a warm cache builds nothing. Prints the bin directory
# (a directory of links to every binary) on the last line of stdout.
#
#   hack/build-tools.sh [--real-node]          build what is missing, print the bin dir
#   hack/build-tools.sh [--real-node] --print  print the bin dir if everything is cached, else fail
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

print_only=false real_node=false
for arg; do
  case $arg in
    --print) print_only=true ;;
    --real-node) real_node=true ;;
    *) die "unknown argument $arg (usage: hack/build-tools.sh [--real-node] [--print])" ;;
  esac
done

export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly

K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
HELM_VERSION=v4.2.4
CONTAINERD_VERSION=v2.4.2
COREDNS_VERSION=v1.14.7
# Fixed so the binaries are reproducible; /version shows it as buildDate.
BUILD_DATE=2026-01-01T00:00:00Z

k8s_ldflags() {
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local f="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    f+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
  done
  echo "$f"
}

# family  binary  package  tags  ldflags
base_targets() {
  local k; k=$(k8s_ldflags)
  cat <<EOF
kubernetes|kube-apiserver|k8s.io/kubernetes/cmd/kube-apiserver|selinux,notest|$k
kubernetes|kube-controller-manager|k8s.io/kubernetes/cmd/kube-controller-manager|selinux,notest|$k
kubernetes|kube-scheduler|k8s.io/kubernetes/cmd/kube-scheduler|selinux,notest|$k
kubernetes|kubectl|k8s.io/kubernetes/cmd/kubectl|selinux,notest|$k
kubernetes|etcd|go.etcd.io/etcd/server/v3||-s -w
kwok|kwok|sigs.k8s.io/kwok/cmd/kwok||-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}
kwok|kwokctl|sigs.k8s.io/kwok/cmd/kwokctl||-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}
helm|helm|helm.sh/helm/v4/cmd/helm||-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean
netpol|netpol-eval|openstackcloud.dev/hack/tools/netpol||-s -w
EOF
}

# The real node's binaries. containerd's tags are its release build's, without the storage
# drivers this machine has no use for; the shim needs no gRPC server (ttrpc only).
real_node_targets() {
  local k c tags=urfave_cli_no_docs,no_btrfs,no_devmapper,no_zfs
  k=$(k8s_ldflags)
  c="-s -w -X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION"
  cat <<EOF
kubernetes|kubelet|k8s.io/kubernetes/cmd/kubelet|selinux,notest|$k
kubernetes|kube-proxy|k8s.io/kubernetes/cmd/kube-proxy|selinux,notest|$k
containerd|containerd|github.com/containerd/containerd/v2/cmd/containerd|$tags|$c
containerd|containerd-shim-runc-v2|github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2|$tags,no_grpc|$c
containerd|ctr|github.com/containerd/containerd/v2/cmd/ctr|$tags|$c
coredns|coredns|openstackcloud.dev/hack/tools/coredns||-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION
probe|probe|openstackcloud.dev/hack/tools/probe||-s -w
EOF
}

targets() {
  base_targets
  if $real_node; then real_node_targets; fi
}

# A family's key covers its module's files (go.mod, go.sum, sources) and every binary it can build,
# so --real-node reuses the base binaries.
family_key() {
  local fam=$1
  { cat "$here/tools/$fam"/*; go version
    { base_targets; real_node_targets; } | grep "^$fam|"; } | sha256sum | cut -c1-16
}

build_one() {
  local dir=$1 bin=$2 pkg=$3 tags=$4 ldflags=$5 mod=$6
  local start=$SECONDS log; log=$(mktemp)
  echo "building $bin ($pkg) ..." >&2
  ( cd "$mod" && go build -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" -o "$dir/.$bin.tmp" "$pkg" ) >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    kill -0 "$pid" 2>/dev/null && (( (SECONDS - start) % 30 < 5 )) && echo "  still building $bin: $((SECONDS - start))s" >&2
  done
  if ! wait "$pid"; then
    cat "$log" >&2; rm -f "$log"
    die "building $bin failed"
  fi
  rm -f "$log"
  mv "$dir/.$bin.tmp" "$dir/$bin"
  echo "built $bin in $((SECONDS - start))s" >&2
}

# --- the real node's own images --------------------------------------------------------------------

# The sandbox image of every pod on the real node, and the probe image its tests run; both are
# imported by hack/real-node.sh under these names.
PAUSE_IMAGE=$(real_node_pause_image)
PROBE_IMAGE=$(real_node_probe_image)

pause_source() {
  local dir
  dir=$(cd "$here/tools/kubernetes" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)
  echo "$dir/build/pause/linux/pause.c"
}

node_images_key() {
  { cat "$(pause_source)"; gcc --version | head -1; echo "$PAUSE_IMAGE $PROBE_IMAGE"; family_key probe; cat "$here/oci-archive.py"; } |
    sha256sum | cut -c1-16
}

build_node_images() {
  local dir; dir="$OSC_CACHE/bin/node-images-$(node_images_key)"
  [[ -s $dir/pause.oci.tar && -s $dir/probe.oci.tar ]] && return
  command -v gcc >/dev/null || die "gcc is needed for the pause image (apt-get install gcc libc6-dev)"
  local start=$SECONDS root; root=$(mktemp -d)
  mkdir -p "$dir" "$root/rootfs"
  gcc -Os -Wall -Werror -static -DVERSION=v3.10-osc -o "$root/rootfs/pause" "$(pause_source)"
  strip "$root/rootfs/pause"
  python3 "$here/oci-archive.py" --rootfs "$root/rootfs" --name "$PAUSE_IMAGE" --entrypoint /pause \
    --out "$dir/.pause.oci.tar.tmp"
  mkdir -p "$root/probe"
  cp "$OSC_CACHE/bin/probe-$(family_key probe)/probe" "$root/probe/probe"
  python3 "$here/oci-archive.py" --rootfs "$root/probe" --name "$PROBE_IMAGE" --entrypoint /probe \
    --out "$dir/.probe.oci.tar.tmp"
  mv "$dir/.pause.oci.tar.tmp" "$dir/pause.oci.tar"
  mv "$dir/.probe.oci.tar.tmp" "$dir/probe.oci.tar"
  rm -rf "$root"
  echo "built the pause and probe images in $((SECONDS - start))s" >&2
}

# --- main -----------------------------------------------------------------------------------------

# links_dir REAL_NODE: the directory of links for the base set or (true) the real node's superset.
links_dir() {
  local fam
  echo "$OSC_CACHE/bin/current-$( { for fam in $(real_node=$1 targets | cut -d'|' -f1 | uniq); do family_key "$fam"; done
    if $1; then node_images_key; fi; } | sha256sum | cut -c1-16)"
}

# make_links REAL_NODE: (re)creates that directory of links to the built binaries.
make_links() {
  local links tmp fam bin
  links=$(links_dir "$1")
  tmp="$links.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  while IFS='|' read -r fam bin _; do
    ln -s "../$fam-$(family_key "$fam")/$bin" "$tmp/$bin"
  done < <(real_node=$1 targets)
  if $1; then
    ln -s "../node-images-$(node_images_key)/pause.oci.tar" "$tmp/pause.oci.tar"
    ln -s "../node-images-$(node_images_key)/probe.oci.tar" "$tmp/probe.oci.tar"
  fi
  rm -rf "$links"; mv "$tmp" "$links"
}

main() {
  local links; links=$(links_dir $real_node)
  if [[ -d $links ]] && all_present "$links"; then echo "$links"; return; fi
  if $print_only; then
    die "the local cluster binaries are not built yet; run: hack/build-tools.sh$($real_node && echo ' --real-node') (a cold build takes 20-40 min)"
  fi

  local total_start=$SECONDS fam bin pkg tags ldflags dir
  mkdir -p "$OSC_CACHE/bin"
  while IFS='|' read -r fam bin pkg tags ldflags; do
    dir="$OSC_CACHE/bin/$fam-$(family_key "$fam")"
    mkdir -p "$dir"
    [[ -x $dir/$bin ]] || build_one "$dir" "$bin" "$pkg" "$tags" "$ldflags" "$here/tools/$fam"
  done < <(targets)
  if $real_node; then build_node_images; fi

  # The base set is part of the real node's: both directories of links exist after either build.
  make_links false
  if $real_node; then make_links true; fi
  (( SECONDS - total_start > 1 )) && echo "all binaries ready in $((SECONDS - total_start))s: $links" >&2
  echo "$links"
}

all_present() {
  local b
  for b in $TOOL_BINARIES; do [[ -x $1/$b ]] || return 1; done
  if $real_node; then
    for b in $REAL_NODE_BINARIES; do [[ -x $1/$b ]] || return 1; done
    [[ -s $1/pause.oci.tar && -s $1/probe.oci.tar ]] || return 1
  fi
}

main
