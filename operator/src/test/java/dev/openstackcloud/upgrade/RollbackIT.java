package dev.openstackcloud.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.ManagedObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failed upgrade steps and rollbacks on the real API server. The fault is injected by the API
 * server itself: a MutatingAdmissionPolicy gives one service's db-sync pods at the new release an
 * image tag with "fail" in it, which the kwok stages turn into a failed container (hack/kwok).
 */
@ExtendWith(LocalCluster.class)
class RollbackIT {
  private static final String FROM = "2025.1";
  private static final String TO = "2025.2";
  private static final Duration HALT =
      Duration.ofMinutes(3); // three failed pods, with the Job controller's backoff

  @Test
  void aFailedDbSyncHaltsTheUpgradeAndRevertingTheReleaseRollsBackToReady(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name());
        var fault = FailingDbSync.of("keystone", ns.name())) {
      var cloud = readyCloudWithGlance(client, ns.name());
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });

      var degraded = awaitCondition(client, cloud, Conditions.DEGRADED, HALT);
      assertThat(degraded.getReason()).isEqualTo("KeystoneJobFailed");
      assertThat(degraded.getMessage())
          .contains("keystone-db-sync-")
          .contains("halted at step keystone")
          .contains("set spec.release back to " + FROM + " to roll back");
      var halted = Clouds.get(client, cloud);
      assertThat(
              Conditions.find(halted.getStatus().getConditions(), Conditions.UPGRADING).getReason())
          .isEqualTo("Keystone");
      assertThat(halted.getStatus().getRelease()).isEqualTo(FROM);
      assertThat(halted.getStatus().getMigratedSteps()).isNull();
      assertThat(image(client, ns.name(), "glance"))
          .as("glance waits behind keystone")
          .endsWith(":" + FROM + "-ubuntu-noble");

      // Halted means halted: a reconcile changes nothing.
      var before = ManagedObjects.versions(client, ns.name());
      var writes = operator.objectWrites();
      Clouds.forceReconcile(client, cloud, operator);
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
          .as("objects changed while halted")
          .isEmpty();
      assertThat(operator.objectWrites() - writes).isZero();

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(FROM);
            return c;
          });
      var back = Clouds.awaitReady(client, cloud, Duration.ofMinutes(2));
      assertThat(back.getStatus().getRelease()).isEqualTo(FROM);
      assertThat(back.getStatus().getComponentReleases()).isNull();
      assertThat(image(client, ns.name(), "keystone")).endsWith(":" + FROM + "-ubuntu-noble");
      assertThat(Conditions.find(back.getStatus().getConditions(), Conditions.DEGRADED).getStatus())
          .isEqualTo("False");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(jobs(client, ns.name()))
                      .as("the failed new-release Job is tidied once settled")
                      .noneMatch(
                          j -> j.startsWith("keystone-db-sync-") && failed(client, ns.name(), j)));
      assertIdle(client, cloud, operator);
    }
  }

  @Test
  void aRollbackPastACompletedMigrationIsRefusedAndTheUpgradeCanStillFinish(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = readyCloudWithGlance(client, ns.name());
      String failedJob;
      try (var fault = FailingDbSync.of("glance", ns.name())) {
        Clouds.edit(
            client,
            cloud,
            c -> {
              c.getSpec().setRelease(TO);
              return c;
            });
        var degraded = awaitCondition(client, cloud, Conditions.DEGRADED, HALT);
        assertThat(degraded.getMessage())
            .contains("halted at step glance")
            .contains("no rollback past step(s) keystone");
        assertThat(Clouds.get(client, cloud).getStatus().getMigratedSteps())
            .containsExactly("keystone");

        var before = ManagedObjects.versions(client, ns.name());
        Clouds.edit(
            client,
            cloud,
            c -> {
              c.getSpec().setRelease(FROM);
              return c;
            });
        var refused =
            awaitCondition(client, cloud, Conditions.UPGRADE_REFUSED, Duration.ofSeconds(30));
        assertThat(refused.getReason()).isEqualTo("RollbackUnsafe");
        assertThat(refused.getMessage())
            .contains("cannot roll back to " + FROM + ": step(s) keystone")
            .contains("set spec.release to " + TO + " to finish the upgrade");
        Clouds.forceReconcile(client, cloud, operator);
        assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
            .as("objects changed by a refused rollback")
            .isEmpty();
        assertThat(image(client, ns.name(), "keystone")).endsWith(":" + TO + "-ubuntu-noble");
        failedJob =
            jobs(client, ns.name()).stream()
                .filter(j -> j.startsWith("glance-db-sync-") && failed(client, ns.name(), j))
                .findFirst()
                .orElseThrow();
      }

      // The way forward: back to the target, and the failed Job deleted so that it runs again.
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(ns.name())
          .withName(failedJob)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
      var done = Clouds.awaitReady(client, cloud, Duration.ofSeconds(30));
      assertThat(done.getStatus().getMigratedSteps()).isNull();
      assertThat(done.getStatus().getComponentReleases()).isNull();
      assertThat(image(client, ns.name(), "glance")).endsWith(":" + TO + "-ubuntu-noble");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          jobs(client, ns.name()).stream()
                              .filter(j -> j.startsWith("keystone-db-sync-")))
                      .as("one keystone db-sync Job once settled")
                      .hasSize(1));
      assertIdle(client, cloud, operator);
    }
  }

  @Test
  void deletingACloudMidUpgradeRemovesItCleanly(KubernetesClient client, TestNamespace ns)
      throws Exception {
    try (var operator = Clouds.operator(ns.name());
        var fault = FailingDbSync.of("glance", ns.name())) {
      var cloud = readyCloudWithGlance(client, ns.name());
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                var upgrading =
                    Conditions.find(
                        Clouds.get(client, cloud).getStatus().getConditions(),
                        Conditions.UPGRADING);
                return upgrading != null && "Glance".equals(upgrading.getReason());
              });
      client.resource(cloud).delete();
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                assertThat(Clouds.get(client, cloud)).isNull();
                assertThat(ManagedObjects.versions(client, ns.name()).keySet())
                    .as("what outlives the cloud (deletionPolicy Retain): data only")
                    .allMatch(
                        k -> k.startsWith("Secret/") || k.startsWith("PersistentVolumeClaim/"))
                    .contains(
                        "Secret/openstack-credentials",
                        "Secret/keystone-keys",
                        "PersistentVolumeClaim/data-mariadb-0");
                assertThat(client.persistentVolumeClaims().inNamespace(ns.name()).list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .contains("data-mariadb-0", "data-rabbitmq-0");
                assertThat(client.pods().inNamespace(ns.name()).list().getItems())
                    .as("pods")
                    .isEmpty();
              });
    }
  }

  private static OpenStackCloud readyCloudWithGlance(KubernetesClient client, String ns) {
    var cloud = Clouds.sample(client, "minimal.yaml", ns);
    cloud.getSpec().getServices().setGlance(new GlanceSpec());
    cloud = Clouds.awaitReady(client, client.resource(cloud).create(), Duration.ofMinutes(4));
    assertThat(cloud.getStatus().getRelease()).isEqualTo(FROM);
    return cloud;
  }

  private static Condition awaitCondition(
      KubernetesClient client, OpenStackCloud cloud, String type, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> Conditions.isTrue(Clouds.get(client, cloud).getStatus().getConditions(), type));
    return Conditions.find(Clouds.get(client, cloud).getStatus().getConditions(), type);
  }

  private static void assertIdle(
      KubernetesClient client, OpenStackCloud cloud, dev.openstackcloud.CloudOperator operator)
      throws InterruptedException {
    Thread.sleep(1000);
    var writes = operator.writes();
    Clouds.forceReconcile(client, cloud, operator);
    assertThat(operator.writes() - writes).as("writes when idle").isZero();
  }

  private static String image(KubernetesClient client, String ns, String deployment) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(deployment)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private static java.util.List<String> jobs(KubernetesClient client, String ns) {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
        .map(j -> j.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static boolean failed(KubernetesClient client, String ns, String name) {
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    return job != null
        && job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * A MutatingAdmissionPolicy (and its binding) that appends "-fail" to the image of every {@code
   * app} db-sync pod created in one namespace at the new release. Removed on close.
   */
  private record FailingDbSync(String name, String app, String namespace) implements AutoCloseable {
    static FailingDbSync of(String app, String namespace) {
      var name = "fail-" + app + "-db-sync-" + namespace;
      var manifest =
          """
          apiVersion: admissionregistration.k8s.io/v1
          kind: MutatingAdmissionPolicy
          metadata: {name: %1$s}
          spec:
            failurePolicy: Fail
            reinvocationPolicy: Never
            matchConstraints:
              resourceRules:
              - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
            matchConditions:
            - name: db-sync-at-new-release
              expression: >-
                object.metadata.?generateName.orValue("").startsWith("%2$s-db-sync-")
                && object.spec.containers[0].image.endsWith(":%3$s-ubuntu-noble")
            mutations:
            - patchType: JSONPatch
              jsonPatch:
                expression: >-
                  [JSONPatch{op: "replace", path: "/spec/containers/0/image", value: object.spec.containers[0].image + "-fail"}]
          ---
          apiVersion: admissionregistration.k8s.io/v1
          kind: MutatingAdmissionPolicyBinding
          metadata: {name: %1$s}
          spec:
            policyName: %1$s
            matchResources:
              namespaceSelector:
                matchLabels: {kubernetes.io/metadata.name: %4$s}
          """
              .formatted(name, app, TO, namespace);
      var result = LocalCluster.kubectl(manifest, "apply", "-f", "-");
      assertThat(result.exitCode()).as(result.output()).isZero();
      var fault = new FailingDbSync(name, app, namespace);
      fault.awaitActive(true);
      return fault;
    }

    @Override
    public void close() {
      LocalCluster.kubectl(
          null,
          "delete",
          "mutatingadmissionpolicybinding,mutatingadmissionpolicy",
          name,
          "--ignore-not-found");
      awaitActive(false);
    }

    /**
     * The policy reaches the admission chain asynchronously: wait until a dry-run pod shows it (or
     * not).
     */
    private void awaitActive(boolean active) {
      var probe =
          new io.fabric8.kubernetes.api.model.PodBuilder()
              .withNewMetadata()
              .withGenerateName(app + "-db-sync-probe-")
              .withNamespace(namespace)
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("c")
              .withImage("kolla/probe:" + TO + "-ubuntu-noble")
              .endContainer()
              .endSpec()
              .build();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  LocalCluster.client()
                          .pods()
                          .resource(probe)
                          .dryRun()
                          .create()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getImage()
                          .endsWith("-fail")
                      == active);
    }
  }
}
