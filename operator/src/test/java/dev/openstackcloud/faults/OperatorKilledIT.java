package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.OperatorProcess;
import dev.openstackcloud.testing.UpgradeTimeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of the operator process while a cloud comes up or upgrades; a fresh process finishes the
 * job cleanly.
 */
@ExtendWith(LocalCluster.class)
class OperatorKilledIT {
  private static final String TO = "2025.2";

  @Test
  void aFreshProcessConvergesWithoutDuplicatesNewPasswordsOrOrphanedJobs(
      KubernetesClient client, TestNamespace ns) throws Exception {
    var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
    Map<String, String> passwords;
    try (var first = OperatorProcess.start("killed-first", Map.of("WATCH_NAMESPACES", ns.name()))) {
      client.resource(cloud).create();
      // mid-convergence: credentials generated, a Job of the database setup running, not Ready
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !jobs(client, ns.name()).isEmpty());
      assertThat(Clouds.isReady(Clouds.get(client, cloud))).as("killed before Ready").isFalse();
      first.kill9();
      passwords = secret(client, ns.name(), CloudCredentials.NAME).getData();
      assertThat(passwords).isNotEmpty();
    }

    try (var second =
        OperatorProcess.start("killed-second", Map.of("WATCH_NAMESPACES", ns.name()))) {
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(4));
      assertThat(second.reconcileFailures()).as("failed reconciles of the second process").isZero();
    }

    assertThat(secret(client, ns.name(), CloudCredentials.NAME).getData())
        .as("passwords after the crash")
        .isEqualTo(passwords);
    assertOneCompleteJobPerTask(jobs(client, ns.name()));
    assertNoDuplicateWorkloads(client, ns.name());
  }

  @Test
  void aKillDuringAnUpgradeFinishesItInOrderWithTheSamePasswordsAndNoStaleJobs(
      KubernetesClient client, TestNamespace ns) throws Exception {
    var env = Map.of("WATCH_NAMESPACES", ns.name());
    var sample = Clouds.sample(client, "minimal.yaml", ns.name());
    sample.getSpec().getServices().setGlance(new GlanceSpec());
    sample.getSpec().getServices().setPlacement(new PlacementApiSpec());
    Map<String, Map<String, String>> passwords;
    try (var first = OperatorProcess.start("upgrade-killed-first", env);
        var timeline = UpgradeTimeline.watch(client, ns.name(), TO)) {
      var cloud =
          Clouds.awaitReady(client, client.resource(sample).create(), Duration.ofMinutes(4));
      passwords = generatedSecrets(client, ns.name());
      Clouds.edit(
          client
              .resources(OpenStackCloud.class)
              .inNamespace(ns.name())
              .withName(cloud.getMetadata().getName()),
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });
      // mid-upgrade: infrastructure done, Keystone's new-release Jobs created, the cloud not at TO
      // yet
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                var upgrading =
                    Conditions.find(
                        Clouds.get(client, cloud).getStatus().getConditions(),
                        Conditions.UPGRADING);
                return upgrading != null
                    && "True".equals(upgrading.getStatus())
                    && !"Infrastructure".equals(upgrading.getReason())
                    && timeline.steps().contains("step keystone");
              });
      first.kill9();
      var killedAt = Clouds.get(client, cloud);
      assertThat(killedAt.getStatus().getRelease())
          .as("killed before the upgrade finished")
          .isEqualTo("2025.1");
      System.out.printf(
          "killed mid-upgrade: %s; timeline %s; Jobs %s%n",
          Conditions.find(killedAt.getStatus().getConditions(), Conditions.UPGRADING).getMessage(),
          timeline.entries(),
          jobs(client, ns.name()).stream().map(j -> j.getMetadata().getName()).toList());

      try (var second = OperatorProcess.start("upgrade-killed-second", env)) {
        await()
            .atMost(Duration.ofMinutes(6))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
        var done = Clouds.awaitReady(client, cloud, Duration.ofMinutes(1));
        Thread.sleep(500); // let the watches deliver the last events
        System.out.println("upgrade timeline across the kill: " + timeline.entries());
        assertThat(timeline.steps())
            .as("steps across the kill")
            .containsExactly(
                "step infrastructure", "step keystone", "step glance", "step placement");
        assertThat(timeline.entries()).last().isEqualTo("status.release " + TO);
        assertThat(done.getStatus().getConditions())
            .extracting(c -> c.getType() + "=" + c.getStatus())
            .contains("Upgrading=False", "Ready=True");
        assertThat(second.reconcileFailures())
            .as("failed reconciles of the second process")
            .isZero();

        assertThat(generatedSecrets(client, ns.name()))
            .as("generated credentials after the crash")
            .isEqualTo(passwords);
        var uid = done.getMetadata().getUid();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  var jobs = jobs(client, ns.name());
                  assertOneCompleteJobPerTask(jobs);
                  assertThat(jobs)
                      .isNotEmpty()
                      .allSatisfy(
                          j -> {
                            assertThat(j.getMetadata().getOwnerReferences())
                                .as("owner of " + j.getMetadata().getName())
                                .extracting(o -> o.getUid())
                                .containsExactly(uid);
                            assertThat(j.getSpec().getTemplate().getSpec().getContainers())
                                .as("release of " + j.getMetadata().getName())
                                .allSatisfy(c -> assertThat(c.getImage()).contains(":" + TO + "-"));
                          });
                });
        assertNoDuplicateWorkloads(client, ns.name());

        var writes = second.writes();
        Clouds.forceReconcile(client, cloud, second);
        assertThat(second.writes() - writes)
            .as("writes of a full reconcile after the upgrade")
            .isZero();
      }
    }
  }

  /** One Job per task (no orphan of an earlier generation), every one complete. */
  private static void assertOneCompleteJobPerTask(java.util.List<Job> jobs) {
    assertThat(
            jobs.stream()
                .collect(
                    Collectors.groupingBy(
                        j -> j.getMetadata().getLabels().get(JobDependent.TASK_LABEL),
                        Collectors.counting())))
        .as("Jobs per task")
        .allSatisfy((task, count) -> assertThat(count).as(task).isEqualTo(1L));
    assertThat(jobs)
        .allSatisfy(
            j ->
                assertThat(j.getStatus().getSucceeded())
                    .as(j.getMetadata().getName())
                    .isEqualTo(1));
  }

  /** One workload per (name, component), and the cloud's core ones present. */
  private static void assertNoDuplicateWorkloads(KubernetesClient client, String ns) {
    Function<HasMetadata, String> role =
        o ->
            o.getMetadata().getLabels().get(Labels.NAME)
                + "/"
                + o.getMetadata().getLabels().get(Labels.COMPONENT);
    var workloads =
        Stream.concat(
                client
                    .apps()
                    .deployments()
                    .inNamespace(ns)
                    .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
                    .list()
                    .getItems()
                    .stream()
                    .map(d -> (HasMetadata) d),
                client
                    .apps()
                    .statefulSets()
                    .inNamespace(ns)
                    .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
                    .list()
                    .getItems()
                    .stream()
                    .map(s -> (HasMetadata) s))
            .toList();
    assertThat(workloads)
        .extracting(o -> o.getKind() + " " + role.apply(o))
        .doesNotHaveDuplicates();
    assertThat(workloads)
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .contains("Deployment keystone", "StatefulSet mariadb");
  }

  /** name -> data of every generated Secret (passwords, keys): created once, never replaced. */
  private static Map<String, Map<String, String>> generatedSecrets(
      KubernetesClient client, String ns) {
    return client
        .secrets()
        .inNamespace(ns)
        .withLabel(Labels.NAME, "credentials")
        .list()
        .getItems()
        .stream()
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getName(), Secret::getData, (a, b) -> a, TreeMap::new));
  }

  private static java.util.List<Job> jobs(KubernetesClient client, String ns) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
        .list()
        .getItems();
  }

  private static Secret secret(KubernetesClient client, String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }
}
