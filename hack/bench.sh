#!/usr/bin/env bash
# Benchmarks the operator against the physical floor of the API server, in one run.
#
#   hack/bench.sh [--clouds N] [--nodes M]   N clouds (default 10, up to 100, at most M) from
#                                            config/samples/ci-fake.yaml, one per namespace, on M
#                                            fake nodes (default 50) of its own local cluster
#                                            (OSC_CLUSTER, default osc-bench)
#
# Measures: apply-to-all-Ready time; operator writes per cloud over objects per cloud; writes during
# a forced re-reconcile of every (unchanged) cloud; reconcile p50/p99 from the operator's metrics;
# operator heap and RSS. The floor: the objects of one converged cloud, copied into N fresh
# namespaces by a plain parallel writer (kubectl create, one per namespace, all at once).
# (ci-fake.yaml with one compute/network node per cloud, see below.) Prints a table and writes
# target/bench/results.json. Leaves no process and no cluster behind.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

clouds=10 nodes=50
while (($#)); do
  case $1 in
    --clouds) clouds=${2:-}; shift 2 ;;
    --nodes) nodes=${2:-}; shift 2 ;;
    -h|--help) sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (usage: hack/bench.sh [--clouds N] [--nodes M])" ;;
  esac
done
[[ $clouds =~ ^[0-9]+$ ]] && ((clouds >= 1 && clouds <= 100)) || die "--clouds must be 1..100"
[[ $nodes =~ ^[0-9]+$ ]] && ((nodes >= 3 && nodes <= 250)) || die "--nodes must be 3..250"
((nodes >= clouds)) || die "--nodes must be at least --clouds: each cloud gets a compute/network node of its own"

export OSC_CLUSTER=${OSC_CLUSTER:-osc-bench}
out=target/bench
mkdir -p "$out"
jar=${OPERATOR_JAR:-operator/target/openstack-cloud-operator.jar}
# The operator's JVM options, as every launcher's (operator/jvm.options); OPERATOR_JAVA_OPTS to compare others.
java_opts=${OPERATOR_JAVA_OPTS:-@operator/jvm.options -Xmx256m}
port=${OPERATOR_HTTP_PORT:-18181}
sample=config/samples/ci-fake.yaml
# ci-fake.yaml pins compute and network pods to role-labelled nodes, which makes those nodes the
# cloud's own (node claims): N such clouds cannot share them. So each bench cloud gets one node of
# its own for compute and network (labelled bench.openstackcloud.dev/cloud=bench-i), as a CI cloud
# would; the control plane stays on the control-plane nodes, shared. Hence --nodes >= --clouds.
cloud_manifest=$out/bench-cloud.json
op_pid=""

cleanup() {
  if [[ -n $op_pid ]] && kill -0 "$op_pid" 2>/dev/null; then
    kill "$op_pid" 2>/dev/null || true
    wait_pids_gone 20 "$op_pid" || kill -9 "$op_pid" 2>/dev/null || true
  fi
  hack/cluster.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -f $jar && -z ${OPERATOR_JAR:-} ]]; then
  log "building the operator jar"
  mvn -B -q -ntp -pl operator -am package -DskipTests -DskipITs
fi
hack/build-tools.sh >/dev/null
hack/cluster.sh up --nodes "$nodes"
eval "$(hack/cluster.sh env)"
kubectl apply --server-side --force-conflicts --field-manager=osc-bench -f crds/ >/dev/null
# (a CRD that was just created may have no conditions yet, which kubectl wait rejects outright)
for _ in $(seq 60); do
  kubectl wait --for=condition=Established crd/openstackclouds.openstackcloud.dev --timeout=5s >/dev/null 2>&1 && break
  sleep 1
done
kubectl create --dry-run=client -o json -f "$sample" | jq 'del(.metadata.namespace)' >"$cloud_manifest"
mapfile -t node_names < <(kubectl get nodes -l type=kwok -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
for i in $(seq 1 "$clouds"); do
  kubectl label node "${node_names[i - 1]}" --overwrite bench.openstackcloud.dev/cloud="bench-$i" >/dev/null
done

metrics() { curl -sf "http://127.0.0.1:$port/metrics"; }
# sum_metric NAME [LABEL-FILTER]: the sum of all samples of NAME (exact name, any labels).
sum_metric() {
  metrics | awk -v n="$1" -v f="${2:-}" '$1 !~ /^#/ { split($1, a, "{"); if (a[1] == n && index($1, f)) s += $NF } END { printf "%.0f\n", s }'
}

log "starting the operator (logs: $out/operator.log, metrics on 127.0.0.1:$port)"
OPERATOR_HTTP_PORT=$port LOG_LEVEL=${LOG_LEVEL:-INFO} MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} \
  java $java_opts -jar "$jar" >"$out/operator.log" 2>&1 & # (word splitting intended)
op_pid=$!
deadline=$((SECONDS + 60))
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 "$op_pid" 2>/dev/null || { tail -20 "$out/operator.log" >&2; die "the operator exited"; }
  ((SECONDS < deadline)) || die "the operator is not ready after 60 s"
  sleep 0.5
done

ready_count() {
  kubectl get osc -A -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c '^True$' || true
}

# --- convergence ------------------------------------------------------------------------------
for i in $(seq 1 "$clouds"); do echo "apiVersion: v1
kind: Namespace
metadata: {name: bench-$i}
---"; done | kubectl apply -f - >/dev/null
writes_before=$(sum_metric osc_api_writes_total)
metrics | grep -E '^osc_api_writes_total' >"$out/writes-start.txt" || true
start=$(now_ms)
for i in $(seq 1 "$clouds"); do
  jq --arg c "bench-$i" '.spec.placement.compute = {nodeSelector: {"bench.openstackcloud.dev/cloud": $c}}
    | .spec.placement.network = {nodeSelector: {"bench.openstackcloud.dev/cloud": $c}}' "$cloud_manifest" >"$out/bench-cloud-$i.json"
done
seq 1 "$clouds" | xargs -P 8 -I{} kubectl -n bench-{} apply --server-side --field-manager=osc-bench -f "$out/bench-cloud-{}.json" >/dev/null
log "applied $clouds clouds; waiting for all Ready"
deadline=$((SECONDS + 300 + 30 * clouds))
until (($(ready_count) == clouds)); do
  kill -0 "$op_pid" 2>/dev/null || { tail -20 "$out/operator.log" >&2; die "the operator exited"; }
  ((SECONDS < deadline)) || die "only $(ready_count)/$clouds clouds Ready in time"
  sleep 0.5
done
convergence_ms=$(($(now_ms) - start))
sleep 3 # let status writes and events of the last reconciles land
writes_converge=$(($(sum_metric osc_api_writes_total) - writes_before))
log "all $clouds clouds Ready in $((convergence_ms / 1000)).$((convergence_ms % 1000 / 100)) s"

# --- objects of one cloud ---------------------------------------------------------------------
# Everything the operator made in bench-1: its label on namespaced kinds, minus what Kubernetes
# controllers derive from the operator's objects (pods, replica sets, revisions, endpoints).
derived='^(pods|replicasets\.apps|controllerrevisions\.apps|endpoints|endpointslices\.discovery\.k8s\.io|events|events\.events\.k8s\.io)$'
mapfile -t kinds < <(kubectl api-resources --verbs=list,create --namespaced -o name | grep -Ev "$derived" | grep -v openstackcloud)
kubectl -n bench-1 get "$(IFS=,; echo "${kinds[*]}")" -l app.kubernetes.io/managed-by=openstack-cloud-operator -o json >"$out/cloud-objects.json"
objects_per_cloud=$(jq '.items | length' "$out/cloud-objects.json")
# +1: the cloud's own status is one write per cloud at best.
kinds_summary=$(jq -r '[.items[].kind] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$out/cloud-objects.json")

# The critical path of one cloud: when each of bench-1's objects was created, and its Jobs ran,
# in seconds after the apply (second resolution: the API server's timestamps).
kubectl -n bench-1 get jobs,deployments,statefulsets,daemonsets,osc -o json | jq -r --argjson t0 "$((start / 1000))" '
  def s: if . then (sub("\\.[0-9]+"; "") | fromdateiso8601) - $t0 else null end;
  [.items[] | {kind, name: (.metadata.labels["openstackcloud.dev/task"] // .metadata.name), created: (.metadata.creationTimestamp | s),
    started: (.status.startTime | s), done: (.status.completionTime // first(.status.conditions[]? | select((.type == "Ready" or .type == "Available") and .status == "True") | .lastTransitionTime) | s)}]
  | sort_by(.created, .done) | .[] | "\(.created)\t\(.started // "-")\t\(.done // "-")\t\(.kind)/\(.name)"' \
  | (echo -e "created\tstarted\tdone\tobject (s after apply)"; cat) >"$out/bench-1-timeline.txt" || true

# --- idle: force a reconcile of every unchanged cloud -----------------------------------------
reconciles() { sum_metric operator_sdk_reconciliations_started_total; }
r0=$(reconciles) w0=$(sum_metric osc_api_writes_total)
metrics | grep -E '^osc_api_writes_total' >"$out/writes-before-idle.txt" || true
# Convergence writes per cloud by target and resource (osc_api_writes_total{verb,target,resource}).
converge_by_target=$(awk -v n="$clouds" 'FILENAME == ARGV[1] { b[$1] = $NF; next } {
    match($1, /target="[a-z]+"/); t = substr($1, RSTART + 8, RLENGTH - 9); d[t] += $NF - b[$1] }
  END { for (t in d) if (d[t] > 0) { printf "%s%s=%.1f", sep, t, d[t] / n; sep = " " } }' "$out/writes-start.txt" "$out/writes-before-idle.txt")
touched_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
kubectl annotate osc -A --all --overwrite bench.openstackcloud.dev/touched="$(date +%s%N)" >/dev/null
deadline=$((SECONDS + 120))
until (($(reconciles) >= r0 + clouds)); do
  ((SECONDS < deadline)) || die "the touched clouds were not reconciled in 120 s"
  sleep 0.5
done
sleep 5
idle_writes=$(($(sum_metric osc_api_writes_total) - w0))
metrics | grep -E '^osc_api_writes_total' >"$out/writes-by-verb.txt" || true
idle_by_verb=$(awk 'FILENAME == ARGV[1] { b[$1] = $NF; next } { d = $NF - b[$1]; if (d > 0) { match($1, /verb="[A-Z]+"/); printf "%s%s=%d", sep, substr($1, RSTART + 6, RLENGTH - 7), d; sep = " " } }' \
  "$out/writes-before-idle.txt" "$out/writes-by-verb.txt")
# Which objects the operator wrote after the touch (its managedFields entries carry the time).
idle_objects=$( { kubectl get "$(IFS=,; echo "${kinds[*]}")" -A -l app.kubernetes.io/managed-by=openstack-cloud-operator -o json
    kubectl get osc -A -o json; } | jq -r --arg t "$touched_at" '.items[] | select(any(.metadata.managedFields[]?;
      .manager == "openstack-cloud-operator" and .time >= $t)) | "\(.kind)/\(.metadata.name)"' | sort | uniq -c | awk '{ printf "%s%s x%d", sep, $2, $1; sep = ", " }')

# --- reconcile latency from the histogram -----------------------------------------------------
metrics | grep -E '^operator_sdk_controllers_execution_reconcile_seconds_bucket' >"$out/reconcile-buckets.txt" || true
quantile() { # quantile Q: upper bound (ms) of the first bucket holding Q of all reconciles
  python3 - "$1" "$out/reconcile-buckets.txt" <<'PY'
import re, sys
q, counts = float(sys.argv[1]), {}
for line in open(sys.argv[2]):
    le = re.search(r'le="([^"]+)"', line).group(1)
    counts[float(le)] = counts.get(float(le), 0) + float(line.split()[-1])
total = counts.get(float("inf"), 0)
print(next((f"{le * 1000:.1f}" for le in sorted(counts) if total and counts[le] >= q * total), "nan"))
PY
}
p50=$(quantile 0.5) p99=$(quantile 0.99)

# --- operator memory --------------------------------------------------------------------------
heap_mib=$(metrics | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.1f\n", s / 1048576 }')
rss_mib=$(awk '/^VmRSS/ { printf "%.1f\n", $2 / 1024 }' "/proc/$op_pid/status")
rss_peak_mib=$(awk '/^VmHWM/ { printf "%.1f\n", $2 / 1024 }' "/proc/$op_pid/status")
threads=$(awk '/^Threads/ { print $2 }' "/proc/$op_pid/status")
# Where the memory is, for whoever tunes it: the heap before and after a full GC (live), native
# memory with -XX:NativeMemoryTracking=summary.
if command -v jcmd >/dev/null; then
  for c in GC.heap_info GC.run GC.heap_info "VM.native_memory summary"; do echo "== $c"; jcmd "$op_pid" $c 2>&1 | sed 1d; done >"$out/jvm-memory.txt" || true
fi
kill "$op_pid"; wait_pids_gone 20 "$op_pid" || kill -9 "$op_pid"
op_pid=""

# --- the floor: the same objects, written by a plain parallel writer --------------------------
# Strip what the server owns (status, uids, versions, owner links to a cloud that is not there,
# allocated IPs, Job selectors); rename into floor-i.
jq -c '.items[] | del(.status, .metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp,
    .metadata.managedFields, .metadata.ownerReferences, .metadata.generation, .metadata.finalizers,
    .metadata.annotations["pv.kubernetes.io/bind-completed"], .metadata.annotations["pv.kubernetes.io/bound-by-controller"],
    .spec.clusterIP, .spec.clusterIPs, .spec.volumeName)
  | if .kind == "Job" then del(.spec.selector, .spec.template.metadata.labels["controller-uid"],
      .spec.template.metadata.labels["batch.kubernetes.io/controller-uid"],
      .spec.template.metadata.labels["job-name"], .spec.template.metadata.labels["batch.kubernetes.io/job-name"],
      .metadata.labels["controller-uid"], .metadata.labels["batch.kubernetes.io/controller-uid"],
      .metadata.labels["job-name"], .metadata.labels["batch.kubernetes.io/job-name"]) else . end
  | del(.metadata.namespace)' "$out/cloud-objects.json" >"$out/floor-objects.jsonl"
jq -s '{apiVersion: "v1", kind: "List", items: .}' "$out/floor-objects.jsonl" >"$out/floor-list.json"
for i in $(seq 1 "$clouds"); do echo "apiVersion: v1
kind: Namespace
metadata: {name: floor-$i}
---"; done | kubectl apply -f - >/dev/null
floor_start=$(now_ms)
seq 1 "$clouds" | xargs -P "$clouds" -I{} kubectl -n floor-{} create -f "$out/floor-list.json" >/dev/null
floor_ms=$(($(now_ms) - floor_start))
floor_objects=$(kubectl get "$(IFS=,; echo "${kinds[*]}")" -A -l app.kubernetes.io/managed-by=openstack-cloud-operator --no-headers 2>/dev/null | grep -c '^floor-' || true)
((floor_objects == objects_per_cloud * clouds)) || die "the floor writer made $floor_objects objects, expected $((objects_per_cloud * clouds))"

# --- report -----------------------------------------------------------------------------------
python3 - "$out/results.json" <<EOF
import json, sys
conv = $convergence_ms / 1000
floor = $floor_ms / 1000
writes = $writes_converge
objects = $objects_per_cloud
r = {
  "clouds": $clouds, "nodes": $nodes, "cpus": $(nproc),
  "objects_per_cloud": objects, "writes_per_cloud": round(writes / $clouds, 1),
  "write_ratio": round(writes / ($clouds * objects), 2),
  "idle_writes": $idle_writes, "idle_writes_by_verb": "$idle_by_verb", "idle_written_objects": "$idle_objects",
  "convergence_seconds": round(conv, 1), "floor_seconds": round(floor, 1),
  "convergence_over_floor": round(conv / floor, 1),
  "reconcile_p50_ms": float("$p50"), "reconcile_p99_ms": float("$p99"),
  "operator_heap_mib": $heap_mib, "operator_rss_mib": $rss_mib, "operator_rss_peak_mib": $rss_peak_mib,
  "operator_threads": $threads, "operator_java_opts": "$java_opts",
  "object_kinds": "$kinds_summary", "writes_per_cloud_by_target": "$converge_by_target",
}
json.dump(r, open(sys.argv[1], "w"), indent=2)
rows = [
  ("clouds x nodes (cpus)", f"{r['clouds']} x {r['nodes']} ({r['cpus']})", ""),
  ("objects per cloud", objects, r["object_kinds"]),
  ("convergence, apply to all Ready", f"{r['convergence_seconds']} s", ""),
  ("floor, plain parallel writer", f"{r['floor_seconds']} s", "same objects, N namespaces"),
  ("convergence / floor", r["convergence_over_floor"], "target <= 1.5"),
  ("writes per cloud", r["writes_per_cloud"], r["writes_per_cloud_by_target"]),
  ("write ratio (writes / objects)", r["write_ratio"], "target <= 1.1"),
  ("idle writes, forced re-reconcile", r["idle_writes"], "target 0; " + (r["idle_writes_by_verb"] or "none")),
  ("  objects written while idle", r["idle_written_objects"] or "none", ""),
  ("reconcile p50 / p99", f"{r['reconcile_p50_ms']} / {r['reconcile_p99_ms']} ms", "histogram bucket bounds"),
  ("operator heap used / RSS", f"{r['operator_heap_mib']} / {r['operator_rss_mib']} MiB", "RSS target < 300"),
  ("operator peak RSS / threads", f"{r['operator_rss_peak_mib']} MiB / {r['operator_threads']}", r["operator_java_opts"]),
]
for k, v, n in rows:
  print(f"{k:<34} {str(v):<22} {n}")
EOF
log "results: $out/results.json (writes by verb: $out/writes-by-verb.txt)"
