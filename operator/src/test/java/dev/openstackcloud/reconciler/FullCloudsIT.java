package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole clouds side by side on one cluster: each on its own compute and network node, sharing the
 * control-plane nodes, every pod bound by the real scheduler to a node of its cloud and role.
 */
@ExtendWith(LocalCluster.class)
class FullCloudsIT {
  private static final Set<String> CONTROL_PLANE = Set.of("control-plane-1", "control-plane-2");

  /** Components that run on compute nodes, on network nodes, or on either (per-node agents). */
  private static final Set<String> ON_COMPUTE = Set.of("nova/compute", "nova/compute-fake");

  private static final Set<String> ON_NETWORK =
      Set.of("neutron/l3-agent", "neutron/dhcp-agent", "neutron/metadata-agent");
  private static final Set<String> ON_EITHER =
      Set.of("neutron/openvswitch-agent", "openvswitch/vswitch");

  @Test
  void oneFullCloudBecomesReady(KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud =
          client
              .resource(
                  pinned(Clouds.sample(client, "full.yaml", ns.name()), "compute-1", "network-1"))
              .create();
      long start = System.nanoTime();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(5));
      var pods = client.pods().inNamespace(ns.name()).list().getItems();
      System.out.printf(
          "one full cloud: Ready after %.1f s; %d objects; %d pods (%d running)%n",
          (System.nanoTime() - start) / 1e9,
          MinimalCloudIT.managedObjects(client, ns.name()).size()
              + client.network().networkPolicies().inNamespace(ns.name()).list().getItems().size()
              + client.batch().v1().cronjobs().inNamespace(ns.name()).list().getItems().size()
              + client.apps().daemonSets().inNamespace(ns.name()).list().getItems().size(),
          pods.size(),
          pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count());
      assertPlacedByRole(client, ns.name(), Set.of("compute-1"), Set.of("network-1"));
    }
  }

  @Test
  void twoFullCloudsOnDisjointNodesAreBothReadyAndStayOnTheirNodes(
      KubernetesClient client, TestNamespace ns) throws Exception {
    var other = ns.name() + "-b";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
        .create();
    try (var operator = Clouds.operator(ns.name(), other)) {
      var a =
          client
              .resource(
                  pinned(Clouds.sample(client, "full.yaml", ns.name()), "compute-1", "network-1"))
              .create();
      var b =
          client
              .resource(pinned(Clouds.sample(client, "full.yaml", other), "compute-2", "network-2"))
              .create();
      long start = System.nanoTime();
      CompletableFuture.allOf(
              CompletableFuture.runAsync(() -> Clouds.awaitReady(client, a, Duration.ofMinutes(6))),
              CompletableFuture.runAsync(() -> Clouds.awaitReady(client, b, Duration.ofMinutes(6))))
          .get();
      System.out.printf(
          "two full clouds at once: both Ready after %.1f s%n", (System.nanoTime() - start) / 1e9);

      assertPlacedByRole(client, ns.name(), Set.of("compute-1"), Set.of("network-1"));
      assertPlacedByRole(client, other, Set.of("compute-2"), Set.of("network-2"));
      for (var c : List.of(a, b)) {
        assertThat(Clouds.get(client, c).getStatus().getContestedNodes()).isNull();
      }
    } finally {
      client.namespaces().withName(other).delete();
    }
  }

  /** Lists the namespace's pods by node and checks each against its role's nodes. */
  static void assertPlacedByRole(
      KubernetesClient client, String namespace, Set<String> compute, Set<String> network) {
    var byNode = new TreeMap<String, List<String>>();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      var labels = pod.getMetadata().getLabels();
      var role = labels.get(Labels.NAME) + "/" + labels.get(Labels.COMPONENT);
      var node = pod.getSpec().getNodeName();
      byNode.computeIfAbsent(String.valueOf(node), k -> new java.util.ArrayList<>()).add(role);
      Set<String> allowed =
          ON_COMPUTE.contains(role)
              ? compute
              : ON_NETWORK.contains(role)
                  ? network
                  : ON_EITHER.contains(role) ? union(compute, network) : CONTROL_PLANE;
      assertThat(node)
          .as("%s (%s) in %s", pod.getMetadata().getName(), role, namespace)
          .isIn(allowed);
    }
    System.out.println(namespace + " pods by node: " + byNode);
    var roles = byNode.values().stream().flatMap(List::stream).toList();
    assertThat(roles)
        .as("the per-node agents exist")
        .contains(
            "nova/compute", "neutron/l3-agent", "neutron/openvswitch-agent", "openvswitch/vswitch");
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var s = new java.util.HashSet<>(a);
    s.addAll(b);
    return s;
  }

  /** The full sample with compute and network pinned to one named node each. */
  private static OpenStackCloud pinned(
      OpenStackCloud cloud, String computeNode, String networkNode) {
    var placement = cloud.getSpec().getPlacement();
    placement.getCompute().setNodeSelector(Map.of());
    placement.getCompute().setNodeAffinity(byName(computeNode));
    placement.getNetwork().setNodeSelector(Map.of());
    placement.getNetwork().setNodeAffinity(byName(networkNode));
    return cloud;
  }

  private static io.fabric8.kubernetes.api.model.NodeAffinity byName(String node) {
    return new NodeAffinityBuilder()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .withMatchFields(new NodeSelectorRequirement("metadata.name", "In", List.of(node)))
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .build();
  }
}
