package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.network.CloudNetworkPolicies;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clouds side by side: one per namespace, compute and network nodes held by one cloud each. */
@ExtendWith(LocalCluster.class)
class MultiCloudIT {

  @Test
  void aSecondCloudInTheSameNamespaceIsAConflictAndCreatesNothing(
      KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var first = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, first, Duration.ofMinutes(3));
      var before = MinimalCloudIT.managedObjects(client, ns.name());
      var second = Clouds.sample(client, "minimal.yaml", ns.name());
      second.getMetadata().setName("second");
      var created = client.resource(second).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                var s = Clouds.get(client, created).getStatus();
                return s != null && Conditions.isTrue(s.getConditions(), Conditions.CONFLICT);
              });
      var conflict =
          Conditions.find(
              Clouds.get(client, created).getStatus().getConditions(), Conditions.CONFLICT);
      assertThat(conflict.getMessage()).contains("already holds cloud minimal");
      assertThat(MinimalCloudIT.managedObjects(client, ns.name())).isEqualTo(before);
      assertThat(Clouds.isReady(Clouds.get(client, first))).isTrue();
    }
  }

  @Test
  void overlappingComputeSelectorsAreANodeConflictForTheYoungerCloudOnly(
      KubernetesClient client, TestNamespace ns) {
    var other = ns.name() + "-b";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
        .create();
    try (var operator = Clouds.operator(ns.name(), other)) {
      var older =
          client
              .resource(pinned(Clouds.sample(client, "minimal.yaml", ns.name()), "older"))
              .create();
      Clouds.awaitReady(client, older, Duration.ofMinutes(3));
      var olderStatus = Clouds.get(client, older).getStatus();

      var younger =
          client.resource(pinned(Clouds.sample(client, "minimal.yaml", other), "younger")).create();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                var s = Clouds.get(client, younger).getStatus();
                return s != null && Conditions.isTrue(s.getConditions(), Conditions.NODE_CONFLICT);
              });
      var status = Clouds.get(client, younger).getStatus();
      var computeNodes =
          client.nodes().withLabel("openstackcloud.dev/compute", "true").list().getItems().stream()
              .map(n -> n.getMetadata().getName())
              .sorted()
              .toList();
      assertThat(status.getContestedNodes()).containsExactlyElementsOf(computeNodes);
      assertThat(Conditions.find(status.getConditions(), Conditions.NODE_CONFLICT).getMessage())
          .contains(String.join(", ", computeNodes))
          .contains("cloud " + ns.name() + "/older");
      assertThat(Conditions.isTrue(status.getConditions(), Conditions.DEGRADED)).isTrue();
      assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
      assertThat(Clouds.get(client, older).getStatus())
          .as("the older cloud is untouched")
          .isEqualTo(olderStatus);

      Clouds.edit(
          client.resources(OpenStackCloud.class).inNamespace(other).withName("younger"),
          c -> {
            c.getSpec()
                .getPlacement()
                .getCompute()
                .setNodeSelector(Map.of("openstackcloud.dev/network", "true"));
            return c;
          });
      var resolved = Clouds.awaitReady(client, younger, Duration.ofMinutes(1));
      assertThat(resolved.getStatus().getContestedNodes()).isNull();
      assertThat(Conditions.isTrue(resolved.getStatus().getConditions(), Conditions.NODE_CONFLICT))
          .isFalse();
    } finally {
      client.namespaces().withName(other).delete();
    }
  }

  @Test
  void networkPoliciesAdmitOnlyTheCloudsOwnNamespace(KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
      var isolation =
          client
              .network()
              .networkPolicies()
              .inNamespace(ns.name())
              .withName(CloudNetworkPolicies.ISOLATION)
              .get();
      assertThat(isolation.getSpec().getPodSelector().getMatchLabels())
          .containsEntry(Labels.INSTANCE, "minimal");
      var nodeAddresses =
          client.nodes().list().getItems().stream()
              .flatMap(n -> n.getStatus().getAddresses().stream())
              .filter(a -> "InternalIP".equals(a.getType()))
              .map(a -> a.getAddress() + "/32")
              .sorted()
              .toList();
      assertThat(isolation.getSpec().getIngress())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getFrom())
                    .allSatisfy(
                        peer ->
                            assertThat(peer.getNamespaceSelector())
                                .as("no other namespace")
                                .isNull());
                assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
                    .as("any pod of this namespace")
                    .isNullOrEmpty();
                // the minimal cloud places its (future) agents nowhere in particular, so every
                // node's address
                assertThat(rule.getFrom().subList(1, rule.getFrom().size()))
                    .extracting(peer -> peer.getIpBlock().getCidr())
                    .as("host-network agents reach the cloud from their node's address")
                    .containsExactlyElementsOf(nodeAddresses);
              });
      assertThat(
              client
                  .network()
                  .networkPolicies()
                  .inNamespace(ns.name())
                  .withName(CloudNetworkPolicies.API_INGRESS)
                  .get())
          .as("no extra ingress unless configured")
          .isNull();
    }
  }

  private static OpenStackCloud pinned(OpenStackCloud cloud, String name) {
    cloud.getMetadata().setName(name);
    cloud
        .getSpec()
        .getPlacement()
        .getCompute()
        .setNodeSelector(Map.of("openstackcloud.dev/compute", "true"));
    return cloud;
  }
}
