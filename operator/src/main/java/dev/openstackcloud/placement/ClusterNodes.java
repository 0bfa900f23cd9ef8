package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DefaultContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.TreeSet;

/** The cluster's nodes, from the operator's read-only Node informer (no API call). */
public final class ClusterNodes {
  /** Name of the Node event source the reconciler registers. */
  public static final String EVENT_SOURCE = "nodes";

  private ClusterNodes() {}

  /**
   * Listed from the informer: the cloud's secondaries would collect them into a Set, hashing every
   * whole Node.
   */
  @SuppressWarnings("unchecked")
  public static List<Node> all(Context<OpenStackCloud> context) {
    // a reconcile's context reaches the informer; a test's stands in for it with the secondaries
    // alone
    if (context instanceof DefaultContext<OpenStackCloud>
        && context.eventSourceRetriever().getEventSourceFor(Node.class, EVENT_SOURCE)
            instanceof InformerEventSource<?, ?> informer) {
      return ((InformerEventSource<Node, OpenStackCloud>) informer).list().toList();
    }
    return context.getSecondaryResourcesAsStream(Node.class).toList();
  }

  /**
   * Internal addresses of the nodes the cloud's host-network pods may run on: those its compute or
   * network placement selects, or every node when a role selects none (its agents may run
   * anywhere).
   */
  public static List<String> agentAddresses(OpenStackCloud cloud, List<Node> nodes) {
    boolean anywhere =
        List.of(PodPlacement.COMPUTE, PodPlacement.NETWORK).stream()
            .anyMatch(role -> !NodeMatcher.selectsSpecificNodes(role.of(cloud)));
    var names = anywhere ? null : NodeClaims.claimed(cloud, nodes);
    var addresses = new TreeSet<String>();
    for (var node : nodes) {
      if ((names == null || names.contains(node.getMetadata().getName()))
          && node.getStatus() != null
          && node.getStatus().getAddresses() != null) {
        node.getStatus().getAddresses().stream()
            .filter(a -> "InternalIP".equals(a.getType()))
            .forEach(a -> addresses.add(a.getAddress()));
      }
    }
    return List.copyOf(addresses);
  }
}
