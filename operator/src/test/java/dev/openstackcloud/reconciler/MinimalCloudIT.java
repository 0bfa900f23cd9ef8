package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The minimal sample against the real API server: order, truthful status, no idle writes, restarts,
 * deletion.
 */
@ExtendWith(LocalCluster.class)
class MinimalCloudIT {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void becomesReadyInOrderAndAnUnchangedCloudCostsNoWrites(
      KubernetesClient client, TestNamespace ns) throws Exception {
    var timeline = new CopyOnWriteArrayList<String>();
    try (var jobs =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns.name())
                .watch(
                    recorder(
                        timeline, j -> isComplete((Job) j) ? "complete " + task((Job) j) : null));
        var deployments =
            client
                .apps()
                .deployments()
                .inNamespace(ns.name())
                .watch(recorder(timeline, d -> "created deployment " + d.getMetadata().getName()));
        var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      long start = System.nanoTime();
      var ready = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      System.out.printf(
          "minimal cloud: Ready after %.1f s, %d objects, %.0f writes%n",
          (System.nanoTime() - start) / 1e9,
          managedObjects(client, ns.name()).size(),
          operator.writes());

      assertThat(timeline)
          .containsSubsequence("complete keystone-db-sync", "created deployment keystone");
      assertThat(ready.getStatus().getComponents().get("keystone").ready()).isEqualTo(1);
      assertThat(ready.getStatus().getEndpoints())
          .containsEntry("identity", "http://keystone." + ns.name() + ".svc:5000/v3");
      assertThat(ready.getStatus().getAdminCredentials()).isEqualTo("minimal-admin-clouds-yaml");
      assertThat(ready.getStatus().getRelease()).isEqualTo("2025.1");
      assertThat(ready.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains(
              "Ready=True",
              "Degraded=False",
              "Progressing=False",
              "DatabaseReady=True",
              "MessagingReady=True",
              "CacheReady=True",
              "KeystoneReady=True");

      var writesBefore = operator.writes();
      Clouds.forceReconcile(client, ready, operator);
      assertThat(operator.writes() - writesBefore)
          .as("writes made by reconciling an unchanged cloud")
          .isZero();
      System.out.printf(
          "idle reconcile of an unchanged cloud: %.0f writes%n", operator.writes() - writesBefore);
      assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
          .filteredOn(e -> "AllComponentsReady".equals(e.getReason()))
          .as("one Event for one transition to Ready")
          .hasSize(1);
    }
  }

  @Test
  void aRestartedOperatorKeepsPasswordsAndDuplicatesNothing(
      KubernetesClient client, TestNamespace ns) throws Exception {
    Map<String, String> objectsBefore;
    Map<String, String> passwordsBefore;
    OpenStackCloud cloud;
    try (var operator = Clouds.operator(ns.name())) {
      cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      objectsBefore = managedObjects(client, ns.name());
      passwordsBefore = secret(client, ns.name(), CloudCredentials.NAME).getData();
    }
    try (var operator = Clouds.operator(ns.name())) {
      Clouds.forceReconcile(client, cloud, operator);
      assertThat(operator.writes())
          .as("writes by a restarted operator over a Ready cloud")
          .isZero();
      assertThat(Clouds.isReady(Clouds.get(client, cloud))).isTrue();
    }
    assertThat(secret(client, ns.name(), CloudCredentials.NAME).getData())
        .isEqualTo(passwordsBefore);
    assertThat(managedObjects(client, ns.name())).isEqualTo(objectsBefore);
  }

  @Test
  void deletingTheCloudRemovesEverythingButRetainedData(KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      client.resource(cloud).delete();
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () ->
                  assertThat(managedObjects(client, ns.name()).keySet())
                      .containsExactlyInAnyOrder(
                          "Secret/" + CloudCredentials.NAME, "Secret/" + Keystone.KEYS_SECRET));
      assertThat(client.persistentVolumeClaims().inNamespace(ns.name()).list().getItems())
          .extracting(pvc -> pvc.getMetadata().getName())
          .containsExactlyInAnyOrder("data-mariadb-0", "data-rabbitmq-0");
    }
  }

  @Test
  void underDeletionPolicyDeleteTheDataGoesWithTheCloud(KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var sample = Clouds.sample(client, "minimal.yaml", ns.name());
      sample
          .getSpec()
          .setDeletionPolicy(
              dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec.DeletionPolicy.Delete);
      var cloud = client.resource(sample).create();
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      assertThat(client.persistentVolumeClaims().inNamespace(ns.name()).list().getItems())
          .hasSize(2);
      client.resource(cloud).delete();
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                assertThat(managedObjects(client, ns.name())).as("managed objects").isEmpty();
                assertThat(client.persistentVolumeClaims().inNamespace(ns.name()).list().getItems())
                    .as("claims")
                    .isEmpty();
              });
    }
  }

  @Test
  void aFailedDbSyncIsDegradedAndRecoversWhenFixed(KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().getServices().getKeystone().setImage("kolla/keystone:2025.1-fail");
      cloud = client.resource(cloud).create();
      var created = cloud;
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                var c = Clouds.get(client, created);
                return c.getStatus() != null
                    && Conditions.isTrue(c.getStatus().getConditions(), Conditions.DEGRADED);
              });
      var degraded =
          Conditions.find(
              Clouds.get(client, cloud).getStatus().getConditions(), Conditions.DEGRADED);
      System.out.println("degraded: " + degraded.getReason() + ": " + degraded.getMessage());
      assertThat(degraded.getReason()).isEqualTo("KeystoneJobFailed");
      assertThat(degraded.getMessage())
          .startsWith("Keystone: Job keystone-db-sync-")
          .contains("BackoffLimitExceeded");
      assertThat(
              Conditions.isTrue(
                  Clouds.get(client, cloud).getStatus().getConditions(), Conditions.READY))
          .isFalse();
      assertThat(client.apps().deployments().inNamespace(ns.name()).withName(Keystone.APP).get())
          .as("API waits for db-sync")
          .isNull();

      Clouds.edit(
          client
              .resources(OpenStackCloud.class)
              .inNamespace(ns.name())
              .withName(cloud.getMetadata().getName()),
          c -> {
            c.getSpec().getServices().getKeystone().setImage(null);
            return c;
          });
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.batch().v1().jobs().inNamespace(ns.name()).list().getItems())
                      .as("the failed db-sync Job is cleaned up")
                      .noneMatch(
                          j -> j.getStatus().getFailed() != null && j.getStatus().getFailed() > 0));
    }
  }

  /** kind/name -> uid of every object the operator manages in {@code namespace}. */
  static Map<String, String> managedObjects(KubernetesClient client, String namespace) {
    var sel = Map.of(Labels.MANAGED_BY, Labels.OPERATOR);
    List<? extends HasMetadata> all =
        Stream.of(
                client.secrets().inNamespace(namespace).withLabels(sel).list().getItems(),
                client.services().inNamespace(namespace).withLabels(sel).list().getItems(),
                client
                    .apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withLabels(sel)
                    .list()
                    .getItems(),
                client
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withLabels(sel)
                    .list()
                    .getItems(),
                client.batch().v1().jobs().inNamespace(namespace).withLabels(sel).list().getItems())
            .flatMap(List::stream)
            .map(o -> (HasMetadata) o)
            .toList();
    var map = new TreeMap<String, String>();
    all.forEach(
        o -> map.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getUid()));
    return map;
  }

  static Secret secret(KubernetesClient client, String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

  static boolean isComplete(Job j) {
    return j.getStatus() != null
        && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String task(Job j) {
    return j.getMetadata().getLabels().get(dev.openstackcloud.kube.JobDependent.TASK_LABEL);
  }

  static <T extends HasMetadata> Watcher<T> recorder(
      List<String> timeline, java.util.function.Function<HasMetadata, String> label) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        var entry = label.apply(resource);
        if (entry != null && !timeline.contains(entry)) {
          timeline.add(entry);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
