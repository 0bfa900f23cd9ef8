package dev.openstackcloud.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.ManagedObjects;
import dev.openstackcloud.testing.UpgradeTimeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Release upgrades on the real API server: refused hops change nothing; allowed ones move step by
 * step.
 */
@ExtendWith(LocalCluster.class)
class UpgradeIT {
  private static final String TO = "2025.2";

  @Test
  void anUnsupportedHopIsRefusedThenAnUpgradeMovesStepByStepAndReleaseLast(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().getServices().setGlance(new GlanceSpec());
      cloud.getSpec().getServices().setPlacement(new PlacementApiSpec());
      cloud = Clouds.awaitReady(client, client.resource(cloud).create(), Duration.ofMinutes(4));
      assertThat(cloud.getStatus().getRelease()).isEqualTo("2025.1");
      var created = cloud;

      // 2025.1 -> 2023.1 is a downgrade: refused, named targets, nothing touched.
      var before = ManagedObjects.versions(client, ns.name());
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease("2023.1");
            return c;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Conditions.isTrue(
                      Clouds.get(client, created).getStatus().getConditions(),
                      Conditions.UPGRADE_REFUSED));
      Clouds.forceReconcile(client, cloud, operator);
      var refused = Clouds.get(client, cloud);
      assertThat(
              Conditions.find(refused.getStatus().getConditions(), Conditions.UPGRADE_REFUSED)
                  .getMessage())
          .contains("cannot upgrade from 2025.1 to 2023.1")
          .contains("2025.2, 2026.1");
      assertThat(
              Conditions.find(refused.getStatus().getConditions(), Conditions.DEGRADED).getReason())
          .isEqualTo("ReleaseUpgradeRefused");
      assertThat(refused.getStatus().getRelease()).isEqualTo("2025.1");
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
          .as("objects changed by a refused hop")
          .isEmpty();

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease("2025.1");
            return c;
          });
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(1));

      upgradeAndCheckOrder(
          client,
          operator,
          cloud,
          "minimal cloud with glance and placement",
          "step infrastructure",
          "step keystone",
          "step glance",
          "step placement");
    }
  }

  @Test
  void aFullCloudUpgradesEveryStepInOrder(KubernetesClient client, TestNamespace ns)
      throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud =
          Clouds.awaitReady(
              client,
              client.resource(Clouds.sample(client, "full.yaml", ns.name())).create(),
              Duration.ofMinutes(5));
      upgradeAndCheckOrder(
          client,
          operator,
          cloud,
          "full cloud",
          "step infrastructure",
          "step keystone",
          "step glance",
          "step placement",
          "step nova",
          "step compute",
          "step neutron");
    }
  }

  @Test
  void aCanaryOfFakeHypervisorsHoldsUntilApproved(KubernetesClient client, TestNamespace ns)
      throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var sample = Clouds.sample(client, "ci-fake.yaml", ns.name());
      sample.getSpec().getUpgrade().setCanary(1);
      var cloud =
          Clouds.awaitReady(client, client.resource(sample).create(), Duration.ofMinutes(5));
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });

      awaitCanaryHold(client, cloud);
      Clouds.forceReconcile(client, cloud, operator);
      var held = Clouds.get(client, cloud);
      assertThat(held.getStatus().getCanaryHosts()).isEqualTo(1);
      assertThat(held.getStatus().getRelease()).isEqualTo("2025.1");
      assertThat(
              Conditions.find(held.getStatus().getConditions(), Conditions.UPGRADING).getMessage())
          .contains(Upgrade.APPROVE_ANNOTATION + "=" + TO);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(computeImages(client, ns.name()))
                      .as("one canary of three")
                      .containsExactly(
                          "nova-compute-fake-0=2025.1",
                          "nova-compute-fake-1=2025.1",
                          "nova-compute-fake-2=" + TO));
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns.name())
                  .withName("neutron-server")
                  .get()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .as("neutron waits behind the canary")
          .endsWith(":2025.1-ubuntu-noble");

      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getMetadata().getAnnotations().put(Upgrade.APPROVE_ANNOTATION, TO);
            return c;
          });
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
      assertThat(Clouds.get(client, cloud).getStatus().getCanaryHosts()).isNull();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(computeImages(client, ns.name()))
                      .containsExactly(
                          "nova-compute-fake-0=" + TO,
                          "nova-compute-fake-1=" + TO,
                          "nova-compute-fake-2=" + TO));
    }
  }

  @Test
  void aCanaryThatStaysHealthyForItsSoakProceedsWithoutApproval(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var sample = Clouds.sample(client, "ci-fake.yaml", ns.name());
      sample.getSpec().getUpgrade().setCanary(1);
      sample.getSpec().getUpgrade().setCanarySoak("15s");
      var cloud =
          Clouds.awaitReady(client, client.resource(sample).create(), Duration.ofMinutes(5));
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });

      awaitCanaryHold(client, cloud);
      var held = Clouds.get(client, cloud);
      var since = java.time.Instant.parse(held.getStatus().getCanaryHealthySince());
      assertThat(
              Conditions.find(held.getStatus().getConditions(), Conditions.UPGRADING).getMessage())
          .contains("stay ready until " + since.plusSeconds(15));
      var generation = held.getMetadata().getGeneration();

      // No edit, no approval: the soak ends and the operator wakes itself.
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
      var done = Clouds.get(client, cloud);
      assertThat(done.getMetadata().getGeneration()).isEqualTo(generation);
      assertThat(done.getStatus().getCanaryHealthySince()).isNull();
      assertThat(computeImages(client, ns.name()))
          .containsExactly(
              "nova-compute-fake-0=" + TO,
              "nova-compute-fake-1=" + TO,
              "nova-compute-fake-2=" + TO);
    }
  }

  @Test
  void aLibvirtCanaryReplacesTheFirstNodesPodAndTheRestRollAfterApproval(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var sample = Clouds.sample(client, "full.yaml", ns.name());
      sample.getSpec().getUpgrade().setCanary(1);
      var cloud =
          Clouds.awaitReady(client, client.resource(sample).create(), Duration.ofMinutes(5));
      assertThat(libvirtPods(client, ns.name()))
          .as("a libvirt pod on each compute node")
          .containsExactly("compute-1=2025.1", "compute-2=2025.1");
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });

      awaitCanaryHold(client, cloud);
      var daemonSet =
          client.apps().daemonSets().inNamespace(ns.name()).withName("nova-compute").get();
      assertThat(daemonSet.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
      assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .endsWith(":" + TO + "-ubuntu-noble");
      assertThat(libvirtPods(client, ns.name()))
          .as("the first compute node is the canary")
          .containsExactly("compute-1=" + TO, "compute-2=2025.1");
      Clouds.forceReconcile(client, cloud, operator);
      assertThat(libvirtPods(client, ns.name()))
          .as("the hold holds")
          .containsExactly("compute-1=" + TO, "compute-2=2025.1");

      // approved from git: a spec field, not an annotation
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().getUpgrade().setApprovedRelease(TO);
            return c;
          });
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
      var rolled = client.apps().daemonSets().inNamespace(ns.name()).withName("nova-compute").get();
      assertThat(rolled.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
      assertThat(rolled.getMetadata().getAnnotations())
          .doesNotContainKey("openstackcloud.dev/canary-hosts");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(libvirtPods(client, ns.name()))
                      .containsExactly("compute-1=" + TO, "compute-2=" + TO));
      var ready = Clouds.awaitReady(client, cloud, Duration.ofSeconds(30));
      // settled: the old release's Jobs, kept for a rollback while the upgrade ran, are gone
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.batch().v1().jobs().inNamespace(ns.name()).list().getItems())
                      .extracting(
                          j ->
                              j.getMetadata()
                                  .getLabels()
                                  .get(dev.openstackcloud.kube.JobDependent.TASK_LABEL))
                      .doesNotHaveDuplicates());
      var before = ManagedObjects.versions(client, ns.name());
      var writes = operator.writes();
      Clouds.forceReconcile(client, ready, operator);
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name())))
          .as("objects written when idle after the upgrade")
          .isEmpty();
      assertThat(operator.writes() - writes).as("writes when idle after the upgrade").isZero();
    }
  }

  /** node=release of every libvirt compute pod that is not terminating, sorted. */
  private static List<String> libvirtPods(KubernetesClient client, String ns) {
    return client
        .pods()
        .inNamespace(ns)
        .withLabel("app.kubernetes.io/component", "compute")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(
            p -> {
              var image = p.getSpec().getContainers().get(0).getImage();
              return p.getSpec().getNodeName()
                  + "="
                  + image.substring(image.lastIndexOf(':') + 1, image.lastIndexOf(':') + 7);
            })
        .sorted()
        .toList();
  }

  private static void awaitCanaryHold(KubernetesClient client, OpenStackCloud cloud) {
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              var upgrading =
                  Conditions.find(
                      Clouds.get(client, cloud).getStatus().getConditions(), Conditions.UPGRADING);
              return upgrading != null && "CanaryAwaitingApproval".equals(upgrading.getReason());
            });
  }

  /** pod name=release of every fake hypervisor pod, sorted. */
  private static List<String> computeImages(KubernetesClient client, String ns) {
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("nova-compute-fake-"))
        .map(
            p -> {
              var image = p.getSpec().getContainers().get(0).getImage();
              return p.getMetadata().getName()
                  + "="
                  + image.substring(image.lastIndexOf(':') + 1, image.lastIndexOf(':') + 7);
            })
        .sorted()
        .toList();
  }

  /**
   * 2025.1 -> 2025.2, recording when each object first runs a new-release image and when
   * status.release moves.
   */
  private static void upgradeAndCheckOrder(
      KubernetesClient client,
      dev.openstackcloud.CloudOperator operator,
      OpenStackCloud cloud,
      String what,
      String... steps)
      throws Exception {
    var ns = cloud.getMetadata().getNamespace();
    var writes = operator.writes();
    var objectWrites = operator.objectWrites();
    long start = System.nanoTime();
    try (var timeline = UpgradeTimeline.watch(client, ns, TO)) {
      Clouds.edit(
          client,
          cloud,
          c -> {
            c.getSpec().setRelease(TO);
            return c;
          });
      await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> TO.equals(Clouds.get(client, cloud).getStatus().getRelease()));
      var seconds = (System.nanoTime() - start) / 1e9;
      var done = Clouds.awaitReady(client, cloud, Duration.ofSeconds(30));
      Thread.sleep(500); // let the watches deliver the last events
      System.out.printf(
          "upgrade of a %s 2025.1 -> %s: %.1f s, %.0f writes (%.0f to objects, the rest status and events)%n",
          what, TO, seconds, operator.writes() - writes, operator.objectWrites() - objectWrites);
      System.out.println("upgrade timeline: " + timeline.entries());
      operator
          .registry()
          .find(dev.openstackcloud.CloudOperator.WRITES_METRIC)
          .counters()
          .forEach(
              c ->
                  System.out.println(
                      "  writes since start "
                          + c.getId().getTag("verb")
                          + " "
                          + c.getId().getTag("target")
                          + ": "
                          + c.count()));

      assertThat(timeline.steps()).containsExactly(steps);
      assertThat(timeline.entries()).last().isEqualTo("status.release " + TO);
      assertThat(done.getStatus().getComponentReleases()).isNull();
      assertThat(done.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("Upgrading=False", "UpgradeRefused=False", "Ready=True");
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("keystone")
                  .get()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .endsWith(":" + TO + "-ubuntu-noble");
    }
  }
}
