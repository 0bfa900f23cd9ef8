{{/*
The operator's permissions, in one place so that the ClusterRole (all namespaces) and the Roles
(watchNamespaces) grant exactly the same. config/rbac must match; KustomizeIT compares them.
*/}}

{{/* What the operator does inside a cloud's namespace. */}}
{{- define "osc.rules.namespaced" -}}
# The clouds: read to reconcile them.
- apiGroups: ["openstackcloud.dev"]
  resources: ["openstackclouds"]
  verbs: ["get", "list", "watch"]
# Only status is written back; spec is never touched (its defaults live in the CRD).
- apiGroups: ["openstackcloud.dev"]
  resources: ["openstackclouds/status"]
  verbs: ["patch"]
# What a cloud is made of: generated credentials and rendered config (Secrets, ConfigMaps) and
# Services. Applied server-side, watched to follow readiness, deleted when stale or with the cloud.
- apiGroups: [""]
  resources: ["secrets", "services", "configmaps"]
  verbs: ["create", "get", "list", "watch", "patch", "update", "delete"]
# Infrastructure (StatefulSets), API services (Deployments) and the compute and network agents on
# the nodes a cloud's placement selects (DaemonSets).
- apiGroups: ["apps"]
  resources: ["statefulsets", "deployments", "daemonsets"]
  verbs: ["create", "get", "list", "watch", "patch", "update", "delete"]
# One-shot tasks (db create, db-sync, bootstrap) and periodic ones (e.g. key rotation).
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["create", "get", "list", "watch", "patch", "update", "delete"]
# Keeps each cloud's traffic apart from the other clouds on the cluster.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["create", "get", "list", "watch", "patch", "update", "delete"]
# Volumes: data volumes a service claims directly (Glance's images), created once and watched until
# Bound; with deletionPolicy Delete they and the volumes StatefulSets leave behind are removed.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["create", "get", "list", "watch", "patch", "update", "delete"]
# Pods: during an upgrade's canary on libvirt compute hosts, the hosts that go first get their
# old pod deleted (the DaemonSet is OnDelete then); listed to find them. Nothing else.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "delete"]
# Events on the cloud when Ready, Degraded or Conflict flip, for kubectl describe.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* What has no namespace: always cluster-wide, and read-only. */}}
{{- define "osc.rules.cluster" -}}
# Nodes: compute and network placement checks that the nodes a cloud selects exist and that no
# other cloud claims them.
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get", "list", "watch"]
# Our own CRD, by name and read-only: for a start-up check that the served schema is the one the
# operator was built for (JOSDK's CRD check; not switched on yet).
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["openstackclouds.openstackcloud.dev"]
  verbs: ["get"]
{{- end }}

{{/*
Leader election: one Lease in the operator's own namespace, by name (create cannot be limited by
name). fabric8's LeaseLock renews with PATCH; JOSDK checks create, get and update at start-up.
*/}}
{{- define "osc.rules.leaderElection" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: ["openstack-cloud-operator-lock"]
  verbs: ["get", "update", "patch"]
{{- end }}
