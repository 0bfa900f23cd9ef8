package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.placement.ClusterNodes;
import dev.openstackcloud.placement.NodeMatcher;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Set;

/**
 * An upgrade's canary on libvirt compute hosts. A DaemonSet has no partition, so during the canary
 * it is OnDelete: a template change replaces no pod by itself, and this deletes the old pod of the
 * first N compute hosts (by node name), one at a time, which the DaemonSet controller recreates
 * from the new template. After approval the DaemonSet is RollingUpdate again and rolls the rest.
 * The old pod is gone before its successor starts, so two libvirtds never share a host.
 */
final class LibvirtCanary {
  /**
   * On the DaemonSet during a canary: how many hosts run the new template (its health reads it).
   */
  static final String HOSTS_ANNOTATION = "openstackcloud.dev/canary-hosts";

  private LibvirtCanary() {}

  /** The canary's size while one runs (status.canaryHosts), else null. */
  static Integer hosts(OpenStackCloud cloud) {
    return cloud.getStatus() == null ? null : cloud.getStatus().getCanaryHosts();
  }

  /** The hosts that go first: the first {@code hosts} compute nodes of the cloud, by name. */
  static List<String> nodes(OpenStackCloud cloud, List<Node> cluster, int hosts) {
    var placement = PodPlacement.COMPUTE.of(cloud);
    var contested =
        cloud.getStatus() == null || cloud.getStatus().getContestedNodes() == null
            ? Set.<String>of()
            : Set.copyOf(cloud.getStatus().getContestedNodes());
    return cluster.stream()
        .filter(
            n -> !NodeMatcher.selectsSpecificNodes(placement) || NodeMatcher.matches(placement, n))
        .map(n -> n.getMetadata().getName())
        .filter(name -> !contested.contains(name))
        .sorted()
        .limit(hosts)
        .toList();
  }

  /**
   * Deletes the next old pod on a canary host, if none is being replaced right now. Returns the pod
   * deleted, or null. Lists pods only while a canary runs.
   */
  static String roll(OpenStackCloud cloud, Context<OpenStackCloud> context, String image) {
    var hosts = hosts(cloud);
    if (hosts == null) {
      return null;
    }
    var canaryNodes = nodes(cloud, ClusterNodes.all(context), hosts);
    var pods =
        context
            .getClient()
            .pods()
            .inNamespace(cloud.getMetadata().getNamespace())
            .withLabels(Labels.selector(cloud, Nova.APP, LibvirtComputeDaemonSet.COMPONENT))
            .list()
            .getItems();
    var onCanaries =
        pods.stream().filter(p -> canaryNodes.contains(p.getSpec().getNodeName())).toList();
    boolean replacing =
        onCanaries.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null)
            || onCanaries.stream().map(p -> p.getSpec().getNodeName()).distinct().count()
                < canaryNodes.size();
    if (replacing) {
      return null; // one host at a time: wait until the DaemonSet has brought the last one back
    }
    var next =
        onCanaries.stream()
            .filter(p -> !image.equals(p.getSpec().getContainers().get(0).getImage()))
            .min(java.util.Comparator.comparing((Pod p) -> p.getSpec().getNodeName()));
    next.ifPresent(p -> context.getClient().resource(p).delete());
    return next.map(p -> p.getMetadata().getName()).orElse(null);
  }
}
