#!/usr/bin/env bash
# Builds the local control-plane binaries (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok, kwokctl, helm) and netpol-eval (NetworkPolicy verdicts for tests) from the
# pinned Go modules under hack/tools/, once.
#
# Each family lands in ~/.cache/openstack-cloud-operator/bin/<family>-<key>, where <key> hashes that
# family's go.mod, go.sum and build flags; a warm cache builds nothing. Prints the bin directory
# (a directory of links to every binary) on the last line of stdout.
#
#   hack/build-tools.sh            build what is missing, print the bin dir
#   hack/build-tools.sh --print    print the bin dir if everything is cached, else fail (never builds)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

print_only=false
[[ ${1:-} == --print ]] && print_only=true

export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly

K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
HELM_VERSION=v4.2.4
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
targets() {
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

family_key() {
  local fam=$1
  { cat "$here/tools/$fam/go.mod" "$here/tools/$fam/go.sum"; go version; targets | grep "^$fam|"; } \
    | sha256sum | cut -c1-16
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

main() {
  local links; links="$OSC_CACHE/bin/current-$( for f in kubernetes kwok helm netpol; do family_key $f; done | sha256sum | cut -c1-16)"
  if [[ -d $links ]] && all_present "$links"; then echo "$links"; return; fi
  $print_only && die "the local cluster binaries are not built yet; run: hack/build-tools.sh (a cold build takes 20-40 min)"

  local total_start=$SECONDS fam bin pkg tags ldflags dir
  mkdir -p "$OSC_CACHE/bin"
  while IFS='|' read -r fam bin pkg tags ldflags; do
    dir="$OSC_CACHE/bin/$fam-$(family_key "$fam")"
    mkdir -p "$dir"
    [[ -x $dir/$bin ]] || build_one "$dir" "$bin" "$pkg" "$tags" "$ldflags" "$here/tools/$fam"
  done < <(targets)

  local tmp="$links.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  while IFS='|' read -r fam bin _; do
    ln -s "../$fam-$(family_key "$fam")/$bin" "$tmp/$bin"
  done < <(targets)
  rm -rf "$links"; mv "$tmp" "$links"
  (( SECONDS - total_start > 1 )) && echo "all binaries ready in $((SECONDS - total_start))s: $links" >&2
  echo "$links"
}

all_present() {
  local b
  for b in $TOOL_BINARIES; do [[ -x $1/$b ]] || return 1; done
}

main
