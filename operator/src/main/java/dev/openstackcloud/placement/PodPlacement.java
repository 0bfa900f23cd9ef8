package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.NodePlacement;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Applies a role's placement to a pod spec. Every workload builder calls this, Jobs included. */
public enum PodPlacement {
  CONTROL_PLANE,
  COMPUTE,
  NETWORK;

  public NodePlacement of(OpenStackCloud cloud) {
    var p = cloud.getSpec().getPlacement();
    return switch (this) {
      case CONTROL_PLANE -> p.getControlPlane();
      case COMPUTE -> p.getCompute();
      case NETWORK -> p.getNetwork();
    };
  }

  /**
   * Places {@code pod} on nodes of ANY of {@code roles} (the openvswitch agent runs on compute and
   * network nodes): one required node-affinity term per role, tolerations of all. A role that
   * selects nothing selects every node, and so does the union.
   */
  public static PodSpec applyAny(OpenStackCloud cloud, PodSpec pod, PodPlacement... roles) {
    var terms = new ArrayList<io.fabric8.kubernetes.api.model.NodeSelectorTerm>();
    var tolerations = new ArrayList<io.fabric8.kubernetes.api.model.Toleration>();
    boolean everyNode = false;
    for (var role : roles) {
      var p = role.of(cloud);
      if (p == null) {
        everyNode = true;
        continue;
      }
      if (p.getTolerations() != null) {
        p.getTolerations().stream().filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
      }
      var selector =
          p.getNodeSelector() == null ? java.util.Map.<String, String>of() : p.getNodeSelector();
      var required =
          p.getNodeAffinity() == null
                  || p.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
              ? java.util.List.<io.fabric8.kubernetes.api.model.NodeSelectorTerm>of()
              : p.getNodeAffinity()
                  .getRequiredDuringSchedulingIgnoredDuringExecution()
                  .getNodeSelectorTerms();
      if (selector.isEmpty() && required.isEmpty()) {
        everyNode = true;
        continue;
      }
      var selectorExpressions =
          selector.entrySet().stream()
              .map(
                  e ->
                      new io.fabric8.kubernetes.api.model.NodeSelectorRequirement(
                          e.getKey(), "In", java.util.List.of(e.getValue())))
              .toList();
      if (required.isEmpty()) {
        terms.add(
            new io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder()
                .withMatchExpressions(selectorExpressions)
                .build());
      } else {
        for (var term : required) {
          var expressions = new ArrayList<>(selectorExpressions);
          if (term.getMatchExpressions() != null) {
            expressions.addAll(term.getMatchExpressions());
          }
          terms.add(
              new io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder(term)
                  .withMatchExpressions(expressions)
                  .build());
        }
      }
    }
    if (!everyNode && !terms.isEmpty()) {
      pod.setAffinity(
          new AffinityBuilder(
                  pod.getAffinity() == null
                      ? new io.fabric8.kubernetes.api.model.Affinity()
                      : pod.getAffinity())
              .withNewNodeAffinity()
              .withNewRequiredDuringSchedulingIgnoredDuringExecution()
              .withNodeSelectorTerms(terms)
              .endRequiredDuringSchedulingIgnoredDuringExecution()
              .endNodeAffinity()
              .build());
    }
    if (!tolerations.isEmpty()) {
      pod.setTolerations(tolerations);
    }
    return avoidContested(cloud, roles.length == 0 ? CONTROL_PLANE : roles[0], pod);
  }

  /** Returns {@code pod} with this role's nodeSelector, node affinity and tolerations. */
  public PodSpec apply(OpenStackCloud cloud, PodSpec pod) {
    var placement = of(cloud);
    if (placement == null) {
      return avoidContested(cloud, this, pod);
    }
    if (placement.getNodeSelector() != null && !placement.getNodeSelector().isEmpty()) {
      pod.setNodeSelector(new LinkedHashMap<>(placement.getNodeSelector()));
    }
    if (placement.getNodeAffinity() != null) {
      pod.setAffinity(
          new AffinityBuilder(
                  pod.getAffinity() == null
                      ? new io.fabric8.kubernetes.api.model.Affinity()
                      : pod.getAffinity())
              .withNodeAffinity(placement.getNodeAffinity())
              .build());
    }
    if (placement.getTolerations() != null && !placement.getTolerations().isEmpty()) {
      pod.setTolerations(new ArrayList<>(placement.getTolerations()));
    }
    return avoidContested(cloud, this, pod);
  }

  /**
   * Keeps compute and network pods off nodes an older cloud holds (status.contestedNodes, set by
   * the reconciler from NodeClaims): every required affinity term also says "not these nodes".
   */
  private static PodSpec avoidContested(OpenStackCloud cloud, PodPlacement role, PodSpec pod) {
    var contested = cloud.getStatus() == null ? null : cloud.getStatus().getContestedNodes();
    if (role == CONTROL_PLANE || contested == null || contested.isEmpty()) {
      return pod;
    }
    var notThere =
        new io.fabric8.kubernetes.api.model.NodeSelectorRequirement(
            "metadata.name", "NotIn", new ArrayList<>(contested));
    var affinity =
        pod.getAffinity() == null
            ? new io.fabric8.kubernetes.api.model.Affinity()
            : pod.getAffinity();
    var nodeAffinity =
        affinity.getNodeAffinity() == null
            ? new io.fabric8.kubernetes.api.model.NodeAffinity()
            : affinity.getNodeAffinity();
    var required = nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
    var terms =
        required == null
                || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()
            ? List.of(new io.fabric8.kubernetes.api.model.NodeSelectorTerm())
            : required.getNodeSelectorTerms();
    var restricted =
        terms.stream()
            .map(
                t -> {
                  var fields =
                      new ArrayList<io.fabric8.kubernetes.api.model.NodeSelectorRequirement>(
                          t.getMatchFields() == null ? List.of() : t.getMatchFields());
                  fields.add(notThere);
                  return new io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder(t)
                      .withMatchFields(fields)
                      .build();
                })
            .toList();
    pod.setAffinity(
        new AffinityBuilder(affinity)
            .withNewNodeAffinityLike(nodeAffinity)
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(restricted)
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build());
    return pod;
  }
}
