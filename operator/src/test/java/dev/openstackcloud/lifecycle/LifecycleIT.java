package dev.openstackcloud.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.ManagedObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pause, scale, and lifetime against the real API server. */
@ExtendWith(LocalCluster.class)
class LifecycleIT {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void aPausedCloudKeepsEveryObjectWhileItsSpecChangesAndCatchesUpWhenUnpaused(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud =
          Clouds.awaitReady(
              client,
              client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create(),
              READY_TIMEOUT);
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setPaused(true);
            return c;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Conditions.isTrue(
                      Clouds.get(client, cloud).getStatus().getConditions(), Conditions.PAUSED));
      var before = ManagedObjects.versions(client, ns.name());
      var objectWrites = operator.objectWrites();

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().getServices().getKeystone().setReplicas(2);
            c.getSpec()
                .getServices()
                .getKeystone()
                .getConfig()
                .put("DEFAULT", Map.of("debug", "true"));
            return c;
          });
      Clouds.forceReconcile(client, cloud, operator);

      assertThat(operator.objectWrites() - objectWrites)
          .as("writes other than status while paused")
          .isZero();
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
          .as("objects changed while paused")
          .isEmpty();
      var paused = Clouds.get(client, cloud);
      assertThat(paused.getStatus().getObservedGeneration())
          .as("status still follows the spec's generation")
          .isEqualTo(paused.getMetadata().getGeneration());
      assertThat(Conditions.find(paused.getStatus().getConditions(), Conditions.PAUSED).getReason())
          .isEqualTo("PausedBySpec");
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns.name())
                  .withName("keystone")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(1);

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setPaused(false);
            return c;
          });
      var resumed = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns.name())
                  .withName("keystone")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(resumed.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("Paused=False");
    }
  }

  @Test
  void keystoneReplicasChangeOnlyTheKeystoneDeployment(KubernetesClient client, TestNamespace ns)
      throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud =
          Clouds.awaitReady(
              client,
              client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create(),
              READY_TIMEOUT);
      Clouds.forceReconcile(client, cloud, operator); // settle: every Job and rollout finished
      var before = ManagedObjects.versions(client, ns.name());

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().getServices().getKeystone().setReplicas(2);
            return c;
          });
      var scaled = Clouds.awaitReady(client, cloud, READY_TIMEOUT);

      assertThat(scaled.getStatus().getComponents().get("keystone").ready()).isEqualTo(2);
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
          .containsExactly("Deployment/keystone");
    }
  }

  @Test
  void aCloudPastItsLifetimeDeletesItselfAndSaysSoInAnEvent(
      KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().setLifetime("10s");
      var created = client.resource(cloud).create();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                var c = Clouds.get(client, created);
                return c != null && c.getStatus() != null && c.getStatus().getExpiresAt() != null;
              });
      var expiresAt = Instant.parse(Clouds.get(client, created).getStatus().getExpiresAt());
      assertThat(expiresAt)
          .isEqualTo(Instant.parse(created.getMetadata().getCreationTimestamp()).plusSeconds(10));

      await().atMost(Duration.ofSeconds(40)).until(() -> Clouds.get(client, created) == null);
      assertThat(Instant.now()).as("not deleted before it expired").isAfterOrEqualTo(expiresAt);
      var events = client.v1().events().inNamespace(ns.name()).list().getItems();
      assertThat(events)
          .filteredOn(e -> "LifetimeExpired".equals(e.getReason()))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("lifetime 10s"));
    }
  }
}
