package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.NodePlacement;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** Applies a role's placement to a pod spec. Every workload builder calls this, Jobs included. */
public enum PodPlacement {
  CONTROL_PLANE, COMPUTE, NETWORK;

  public NodePlacement of(OpenStackCloud cloud) {
    var p = cloud.getSpec().getPlacement();
    return switch (this) {
      case CONTROL_PLANE -> p.getControlPlane();
      case COMPUTE -> p.getCompute();
      case NETWORK -> p.getNetwork();
    };
  }

  /** Returns {@code pod} with this role's nodeSelector, node affinity and tolerations. */
  public PodSpec apply(OpenStackCloud cloud, PodSpec pod) {
    var placement = of(cloud);
    if (placement == null) {
      return pod;
    }
    if (placement.getNodeSelector() != null && !placement.getNodeSelector().isEmpty()) {
      pod.setNodeSelector(new LinkedHashMap<>(placement.getNodeSelector()));
    }
    if (placement.getNodeAffinity() != null) {
      pod.setAffinity(new AffinityBuilder(pod.getAffinity() == null ? new io.fabric8.kubernetes.api.model.Affinity() : pod.getAffinity())
          .withNodeAffinity(placement.getNodeAffinity()).build());
    }
    if (placement.getTolerations() != null && !placement.getTolerations().isEmpty()) {
      pod.setTolerations(new ArrayList<>(placement.getTolerations()));
    }
    return pod;
  }
}
