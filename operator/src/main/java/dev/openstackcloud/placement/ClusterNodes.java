package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.TreeSet;

/** The cluster's nodes, from the operator's read-only Node informer (no API call). */
public final class ClusterNodes {
  /** Name of the Node event source the reconciler registers. */
  public static final String EVENT_SOURCE = "nodes";

  private ClusterNodes() {}

  public static List<Node> all(Context<OpenStackCloud> context) {
    return context.getSecondaryResourcesAsStream(Node.class).toList();
  }

  /**
   * Internal addresses of the nodes the cloud's host-network pods may run on: those its compute or
   * network placement selects, or every node when a role selects none (its agents may run anywhere).
   */
  public static List<String> agentAddresses(OpenStackCloud cloud, List<Node> nodes) {
    boolean anywhere = List.of(PodPlacement.COMPUTE, PodPlacement.NETWORK).stream()
        .anyMatch(role -> !NodeMatcher.selectsSpecificNodes(role.of(cloud)));
    var names = anywhere ? null : NodeClaims.claimed(cloud, nodes);
    var addresses = new TreeSet<String>();
    for (var node : nodes) {
      if ((names == null || names.contains(node.getMetadata().getName())) && node.getStatus() != null && node.getStatus().getAddresses() != null) {
        node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).forEach(a -> addresses.add(a.getAddress()));
      }
    }
    return List.copyOf(addresses);
  }
}
