#!/usr/bin/env bash
# Builds the Kolla images a cloud of the samples needs (config/samples/minimal.yaml, ci-fake.yaml,
# plus Horizon) with Kolla's own kolla-build, offline: a local Debian base (debootstrap + docker
# import), OpenStack sources as sdists from PyPI, upper-constraints from hack/kolla/<release>/.
# The images carry Kolla's names and tags under a local prefix:
#
#   osc.local/openstack.kolla/<image>:<release>-debian-bookworm
#
# so a cloud only sets spec.images.registry: osc.local/openstack.kolla, distro: debian-bookworm.
#
# Cached under ~/.cache/openstack-cloud-operator/images/<key>, where <key> hashes everything that
# goes in (kolla and source versions, hack/kolla/*, upper-constraints, the base); a warm run builds
# nothing. Logs: ~/.cache/openstack-cloud-operator/images/logs. Root only (Docker, debootstrap).
#
#   hack/images.sh [--release 2025.1]       build what is missing (cold: see docs/images.md)
#   hack/images.sh --core                   only the infrastructure and Keystone (minimal.yaml)
#   hack/images.sh --list                   print the image refs of the current inputs, build nothing
#   hack/images.sh --import SOCKET          also import them into the containerd at SOCKET (k8s.io)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

release=2025.1
list_only=false
core_only=false
import_sock=
while (($#)); do
  case $1 in
    --release) release=${2:?--release needs a value}; shift 2 ;;
    --release=*) release=${1#*=}; shift ;;
    --list) list_only=true; shift ;;
    --core) core_only=true; shift ;;
    --import) import_sock=${2:?--import needs a containerd socket}; shift 2 ;;
    --import=*) import_sock=${1#*=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see hack/images.sh --help)" ;;
  esac
done

KOLLA_DIR=$here/kolla
RELEASE_DIR=$KOLLA_DIR/$release
[[ -f $RELEASE_DIR/sources.tsv && -f $RELEASE_DIR/upper-constraints.txt ]] \
  || die "no image inputs for release $release under hack/kolla/$release/ (sources.tsv, upper-constraints.txt)"

DISTRO=$LOCAL_KOLLA_DISTRO
SUITE=${DISTRO#debian-}
REGISTRY=$LOCAL_KOLLA_REGISTRY
TAG=$release-$DISTRO
BASE_REPO=osc.local/debootstrap/debian
IMAGES_DIR=$OSC_CACHE/images
LOG_DIR=$IMAGES_DIR/logs

# What the operator runs (grep KollaImages.image / kollaImage in operator/src/main/java), in build
# order: the first stage is what a cloud with only Keystone needs. kolla-build adds the parents
# (base, openstack-base, <service>-base).
CORE_IMAGES=(mariadb-server rabbitmq memcached kolla-toolbox keystone)
SERVICE_IMAGES=(
  glance-api placement-api
  nova-api nova-conductor nova-scheduler nova-novncproxy nova-compute
  neutron-server neutron-openvswitch-agent neutron-dhcp-agent neutron-l3-agent neutron-metadata-agent
  openvswitch-db-server openvswitch-vswitchd
  horizon
)
wanted=("${CORE_IMAGES[@]}")
$core_only || wanted+=("${SERVICE_IMAGES[@]}")

# sources.tsv: section, package, version.
source_version() { awk -v s="$1" -v p="$2" '$1 == s && $2 == p { print $3 }' "$RELEASE_DIR/sources.tsv"; }
KOLLA_VERSION=$(source_version kolla kolla)
DOCKER_PY_VERSION=$(source_version kolla docker)
[[ -n $KOLLA_VERSION && -n $DOCKER_PY_VERSION ]] || die "hack/kolla/$release/sources.tsv names no kolla/docker version"
service_sources() { awk '!/^#/ && NF == 3 && $1 != "kolla"' "$RELEASE_DIR/sources.tsv"; }

# The Debian mirror the host's apt uses (debootstrap needs one; no mirror name lives in this repo).
debian_mirror() {
  [[ -n ${OSC_DEBIAN_MIRROR:-} ]] && { echo "$OSC_DEBIAN_MIRROR"; return; }
  apt-cache policy 2>/dev/null | awk -v s=" $SUITE/main " 'index($0, s) { print $2; exit }'
}

# The CA certificates the host trusts beyond Debian's (an egress proxy's, say): pip inside the
# builds needs them to reach the package registries.
ca_files() {
  local f
  for f in /usr/local/share/ca-certificates/*.crt; do [[ -f $f ]] && echo "$f"; done
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && echo /etc/ssl/certs/ca-certificates.crt
  return 0
}

base_key() {
  { echo "debootstrap --variant=minbase $SUITE $(debian_mirror)"; ca_files | xargs -r cat; } | sha256sum | cut -c1-16
}

# Everything that goes into the images. The image set is not part of it: a --core build and a
# full build of the same inputs share their images.
inputs_key() {
  {
    echo "release=$release distro=$DISTRO registry=$REGISTRY tag=$TAG base=$(base_key)"
    declare -f ensure_base write_conf
    grep -v '^#' "$RELEASE_DIR/sources.tsv"
    cat "$RELEASE_DIR/upper-constraints.txt"
    (cd "$KOLLA_DIR" && find . -path "./2*" -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-16
}

KEY=$(inputs_key)
STATE_DIR=$IMAGES_DIR/$KEY
STAMP=$STATE_DIR/images.tsv
refs=()
for image in "${wanted[@]}"; do refs+=("$REGISTRY/$image:$TAG"); done

if $list_only; then
  printf '%s\n' "${refs[@]}"
  exit 0
fi

# --- host -----------------------------------------------------------------------------------

need_root() {
  ((EUID == 0)) || die "hack/images.sh must run as root: it runs Docker and debootstrap (try: sudo hack/images.sh)"
}

ensure_packages() {
  local missing=() cmd pkg
  for cmd in debootstrap:debootstrap dockerd:docker.io docker:docker.io; do
    command -v "${cmd%%:*}" >/dev/null || missing+=("${cmd#*:}")
  done
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  ((${#missing[@]})) || return 0
  need_root
  pkg=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  log "installing $pkg from Debian's packages"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkg >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkg >&2; } \
    || die "could not install $pkg"
}

docker_ids() { docker image inspect --format '{{.Id}}' "$@" 2>/dev/null; }

# True when the stamp lists every wanted ref and Docker still holds each at the recorded id.
stamp_current() {
  [[ -s $STAMP ]] || return 1
  local expected actual
  expected=$(for r in "${refs[@]}"; do awk -v r="$r" '$1 == r { print $2; f = 1 } END { if (!f) print "missing" }' "$STAMP"; done)
  [[ $expected != *missing* ]] || return 1
  actual=$(docker_ids "${refs[@]}") || return 1
  [[ $actual == "$expected" ]]
}

# --- inputs ---------------------------------------------------------------------------------

VENV=$IMAGES_DIR/kolla-$KOLLA_VERSION-docker-$DOCKER_PY_VERSION
ensure_venv() {
  [[ -x $VENV/bin/kolla-build && -f $VENV/.complete ]] && return
  local start; start=$(now_ms)
  log "installing kolla $KOLLA_VERSION (kolla-build) into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "kolla==$KOLLA_VERSION" "docker==$DOCKER_PY_VERSION" >"$LOG_DIR/venv.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/venv.log" >&2; die "installing kolla failed; log: $LOG_DIR/venv.log"; }
  touch "$VENV/.complete"
  log "kolla-build ready in $(elapsed_since "$start")"
}

# Prints the path of the sdist of PACKAGE==VERSION, downloading it once.
sdist() {
  local pkg=$1 version=$2 dir=$IMAGES_DIR/sdists/$1-$2 f
  f=$(find "$dir" -maxdepth 1 -name '*.tar.gz' 2>/dev/null | head -n 1)
  if [[ -z $f ]]; then
    rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
    "$VENV/bin/pip" download -q --no-deps --no-binary :all: -d "$dir.tmp" "$pkg==$version" >"$LOG_DIR/sdist-$pkg.log" 2>&1 \
      || { tail -n 20 "$LOG_DIR/sdist-$pkg.log" >&2; die "downloading the sdist of $pkg==$version failed"; }
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
    f=$(find "$dir" -maxdepth 1 -name '*.tar.gz' | head -n 1)
    [[ -n $f ]] || die "pip downloaded no .tar.gz for $pkg==$version"
  fi
  echo "$f"
}

# The local base image: debootstrap's minbase plus the host's CA certificates.
ensure_base() {
  local tag; tag=$SUITE-$(base_key)
  BASE_TAG=$tag
  docker_ids "$BASE_REPO:$tag" >/dev/null && return
  local mirror; mirror=$(debian_mirror)
  [[ -n $mirror ]] || die "no Debian mirror for $SUITE in the host's apt sources; set OSC_DEBIAN_MIRROR"
  local root=$IMAGES_DIR/rootfs start; start=$(now_ms)
  log "debootstrap --variant=minbase $SUITE (base image $BASE_REPO:$tag)"
  unmount_under "$root"; rm -rf "$root"; mkdir -p "$root" "$IMAGES_DIR/debootstrap-debs"
  debootstrap --variant=minbase --cache-dir="$IMAGES_DIR/debootstrap-debs" "$SUITE" "$root" "$mirror" \
    >"$LOG_DIR/debootstrap.log" 2>&1 \
    || { unmount_under "$root"; tail -n 20 "$LOG_DIR/debootstrap.log" >&2; die "debootstrap failed; log: $LOG_DIR/debootstrap.log"; }
  unmount_under "$root"
  mkdir -p "$root/usr/local/share/ca-certificates" "$root/etc/ssl/certs"
  local f
  while read -r f; do
    case $f in
      /usr/local/share/*) cp "$f" "$root$f" ;;
      *) cp "$f" "$root/etc/ssl/certs/ca-certificates.crt" ;;
    esac
  done < <(ca_files)
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner -c . | docker import - "$BASE_REPO:$tag" >/dev/null
  rm -rf "$root"
  log "base image ready in $(elapsed_since "$start")"
}

unmount_under() {
  local m
  [[ -d $1 ]] || return 0
  awk -v r="$(realpath "$1")" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r \
    | while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

WORK=$IMAGES_DIR/work
write_conf() {
  rm -rf "$WORK"; mkdir -p "$WORK/requirements" "$LOG_DIR/kolla"
  cp "$RELEASE_DIR/upper-constraints.txt" "$WORK/requirements/upper-constraints.txt"
  local conf=$WORK/kolla-build.conf section pkg version
  {
    cat "$KOLLA_DIR/kolla-build.conf"
    echo "base_tag = $BASE_TAG"
    echo "tag = $TAG"
    echo "template_override = $KOLLA_DIR/template-overrides.j2"
    echo "repos_yaml = $KOLLA_DIR/repos.yaml"
    echo "work_dir = $WORK/build"
    echo "logs_dir = $LOG_DIR/kolla"
    echo
    echo "# upper-constraints.txt for openstack-base (and kolla-toolbox's venv)"
    for section in openstack-base kolla-toolbox; do
      printf '[%s]\ntype = local\nlocation = %s\n\n' "$section" "$WORK/requirements"
    done
    printf '[mariadb-base]\ntype = local\nlocation = %s\n\n' "$KOLLA_DIR/mariadb-base"
    while read -r section pkg version; do
      printf '[%s]\ntype = local\nlocation = %s\n\n' "$section" "$(sdist "$pkg" "$version")"
    done < <(service_sources)
    echo "# Plugins and additions Kolla would download (dashboards, Neutron and Nova plugins): off."
    "$VENV/bin/python" -c '
from kolla.common import sources
for name in sorted(sources.SOURCES):
    if "-plugin-" in name or "-additions-" in name:
        print("[%s]\nenabled = false\n" % name)'
  } >"$conf"
  CONF=$conf
}

# --- build ----------------------------------------------------------------------------------

# Runs kolla-build for the named images (anchored regexes), printing each image as it starts and
# ends. kolla-build's own output goes to $LOG_DIR/kolla-build-<stage>.log.
kolla_build() {
  local stage=$1; shift
  local regexes=() image
  for image in "$@"; do regexes+=("^$image\$"); done
  local out=$LOG_DIR/kolla-build-$stage.log start; start=$(now_ms)
  log "kolla-build ($stage): $*"
  local rc=0
  "$VENV/bin/kolla-build" --config-file "$CONF" "${regexes[@]}" >"$out" 2>&1 &
  local pid=$!
  report_progress "$out" "$pid" &
  local reporter=$!
  wait "$pid" || rc=$?
  wait "$reporter" 2>/dev/null || true
  if ((rc != 0)) || grep -q '^INFO:kolla.common.utils:Images that failed to build' "$out"; then
    local failed
    failed=$(sed -n 's/^ERROR:kolla.common.utils:\([^ ]*\) Failed with status: error$/\1/p' "$out")
    for image in $failed; do
      echo "--- $image, the end of its build:" >&2
      grep -v '^ *$' "$LOG_DIR/kolla/$image.log" | tail -n 15 >&2 || true
    done
    die "kolla-build ($stage) failed after $(elapsed_since "$start"); logs: $out and $LOG_DIR/kolla/<image>.log"
  fi
  log "kolla-build ($stage) done in $(elapsed_since "$start")"
}

# 0:03:21 -> 3m21s
hms() {
  local h m s
  IFS=: read -r h m s <<<"$1"
  h=$((10#$h)) m=$((10#$m)) s=$((10#$s))
  if ((h)); then printf '%dh%02dm%02ds' "$h" "$m" "$s"; elif ((m)); then printf '%dm%02ds' "$m" "$s"; else printf '%ds' "$s"; fi
}

# Follows kolla-build's log: "building X", "built X in 3m21s", errors, and a line a minute for
# long builds.
report_progress() {
  local out=$1 pid=$2 line image took next=$((SECONDS + 60))
  declare -A started=()
  exec 3< <(tail -n +1 -F --pid="$pid" "$out" 2>/dev/null)
  while true; do
    if read -r -t 5 line <&3; then
      case $line in
        INFO:kolla.common.utils.*:Building\ started\ at*)
          image=${line#INFO:kolla.common.utils.}; image=${image%%:*}
          started[$image]=$SECONDS
          echo "    building $image ..." >&2 ;;
        INFO:kolla.common.utils.*:Built\ at*)
          image=${line#INFO:kolla.common.utils.}; image=${image%%:*}
          took=${line##*took }; took=${took%)}; took=$(hms "${took%.*}")
          unset "started[$image]"
          echo "    built $image in $took" >&2 ;;
        ERROR:kolla.common.utils.*)
          # kolla-build logs a failed build's whole output at ERROR: say so once.
          image=${line#ERROR:kolla.common.utils.}; image=${image%%:*}
          if [[ -v "started[$image]" ]]; then
            unset "started[$image]"
            echo "    FAILED $image (log: $LOG_DIR/kolla/$image.log)" >&2
          fi ;;
      esac
    elif ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    if ((SECONDS >= next)) && ((${#started[@]})); then
      local busy=() i
      for i in "${!started[@]}"; do busy+=("$i $((SECONDS - started[$i]))s"); done
      echo "    still building: ${busy[*]}" >&2
      next=$((SECONDS + 60))
    fi
  done
  exec 3<&-
}

our_tags() { docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^$REGISTRY/[^:]+:$1\$" || true; }

# The tags belong to one set of inputs. Before building other inputs, move the tags left by
# earlier ones aside (to <tag>-previous), or --skip-existing would keep them; their layers stay
# until this build succeeds, so Docker's cache still serves the steps that did not change.
claim_tags() {
  local owner=$IMAGES_DIR/tags.key ref
  [[ -f $owner && $(<"$owner") == "$KEY" ]] && return
  local ours; ours=$(our_tags "$TAG")
  if [[ -n $ours ]]; then
    log "inputs changed: moving $(wc -l <<<"$ours") images built from other inputs to :$TAG-previous"
    for ref in $ours; do docker tag "$ref" "${ref%:*}:$TAG-previous"; done
    # shellcheck disable=SC2086
    docker rmi $ours >/dev/null
  fi
  echo "$KEY" >"$owner"
}

drop_previous() {
  local old; old=$(our_tags "$TAG-previous")
  [[ -z $old ]] && return
  # shellcheck disable=SC2086
  docker rmi $old >/dev/null 2>&1 || true
  # What failed builds left (untagged); only on our own engine, whose images are all ours.
  if [[ $("$here/docker.sh" status 2>/dev/null) == *"(ours"* ]]; then
    docker image prune -f >/dev/null 2>&1 || true
  fi
}

record_stamp() {
  local all ids tmp
  all=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^$REGISTRY/[^:]+:$TAG\$" | LC_ALL=C sort)
  # shellcheck disable=SC2086
  ids=$(docker_ids $all)
  mkdir -p "$STATE_DIR"
  tmp=$(mktemp "$STATE_DIR/.images.XXXXXX")
  paste <(echo "$all") <(echo "$ids") >"$tmp"
  mv "$tmp" "$STAMP"
  { echo "# inputs of $KEY"; echo "kolla $KOLLA_VERSION, base $BASE_REPO:$BASE_TAG"; service_sources; } >"$STATE_DIR/inputs.txt"
}

build() {
  need_root
  ensure_packages
  "$here/docker.sh" up
  if stamp_current; then return; fi
  mkdir -p "$LOG_DIR"
  # One build at a time: a second waits, then finds the images built.
  exec 9>"$IMAGES_DIR/.lock"
  if ! flock -n 9; then
    log "another hack/images.sh is building; waiting for it"
    flock 9
  fi
  if stamp_current; then return; fi
  local total; total=$(now_ms)
  log "building Kolla images $TAG (inputs $KEY); logs in $LOG_DIR"
  ensure_venv &
  local venv_pid=$!
  ensure_base
  wait "$venv_pid" || die "installing kolla failed"
  write_conf
  claim_tags
  kolla_build core "${CORE_IMAGES[@]}"
  $core_only || kolla_build services "${SERVICE_IMAGES[@]}"
  record_stamp
  $core_only || drop_previous
  stamp_current || die "kolla-build finished but not every image exists: $(for r in "${refs[@]}"; do docker_ids "$r" >/dev/null || echo -n "$r "; done)"
  rm -rf "$WORK"
  log "Kolla images ready in $(elapsed_since "$total")"
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^$REGISTRY/" >&2 || true
}

# --- import into a containerd -----------------------------------------------------------------

ctr_bin() {
  local bin
  bin=$("$here/build-tools.sh" --real-node --print 2>/dev/null | tail -n 1) && [[ -x $bin/ctr ]] && { echo "$bin/ctr"; return; }
  command -v ctr && return
  die "no ctr binary (hack/build-tools.sh builds it); needed for --import"
}

# ref -> digest, as the containerd at $1 lists them.
ctr_digests() { "$2" -a "$1" -n k8s.io images ls 2>/dev/null | awk 'NR > 1 { print $1, $3 }' | LC_ALL=C sort; }

import_images() {
  local sock=$1 ctr
  [[ -S $sock ]] || die "no containerd socket at $sock"
  ctr=$(ctr_bin)
  # The record of the last import into this containerd: docker ids of the refs, and the
  # digests containerd gave them. Both unchanged: nothing to import.
  local record; record=$IMAGES_DIR/imports/$(echo -n "$(realpath "$sock")" | sha256sum | cut -c1-16).tsv
  local want have
  want=$(for r in "${refs[@]}"; do echo "$r $(docker_ids "$r")"; done | LC_ALL=C sort)
  have=$(ctr_digests "$sock" "$ctr" | awk 'NR == FNR { w[$1] = 1; next } ($1 in w)' <(echo "$want") -)
  if [[ -f $record && $(<"$record") == "$want"$'\n'"$have" && $(wc -l <<<"$have") -eq ${#refs[@]} ]]; then
    return
  fi
  local start; start=$(now_ms)
  log "importing ${#refs[@]} images into the containerd at $sock (namespace k8s.io)"
  docker save "${refs[@]}" | "$ctr" -a "$sock" -n k8s.io images import - >"$LOG_DIR/import.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/import.log" >&2; die "importing into $sock failed; log: $LOG_DIR/import.log"; }
  have=$(ctr_digests "$sock" "$ctr" | awk 'NR == FNR { w[$1] = 1; next } ($1 in w)' <(echo "$want") -)
  [[ $(wc -l <<<"$have") -eq ${#refs[@]} ]] || die "after the import, the containerd at $sock lacks some of: ${refs[*]}"
  mkdir -p "${record%/*}"
  printf '%s\n%s\n' "$want" "$have" >"$record"
  log "imported in $(elapsed_since "$start")"
}

start=$(now_ms)
build
[[ -z $import_sock ]] || import_images "$import_sock"
log "Kolla images $TAG ready ($(elapsed_since "$start")): ${#refs[@]} images under $REGISTRY"
