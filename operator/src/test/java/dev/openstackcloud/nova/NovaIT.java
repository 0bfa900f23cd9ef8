package dev.openstackcloud.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CI cloud (ci-fake.yaml) with Nova on the real API server, scheduler and kwok nodes. */
@ExtendWith(LocalCluster.class)
class NovaIT {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  private static final List<String> PROCESSES =
      List.of("api", "metadata", "scheduler", "conductor", "novncproxy");

  @Test
  void aFakeComputeCloudComesUpInOrderOnItsNodesAndANovaConfigChangeRollsOnlyNova(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "ci-fake.yaml", ns.name())).create();
      long start = System.nanoTime();
      var ready = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      var novaObjects = novaObjects(client, ns.name());
      System.out.printf(
          "ci-fake cloud: Ready after %.1f s; nova part: %d objects %s, %d pods%n",
          (System.nanoTime() - start) / 1e9,
          novaObjects.values().stream().mapToInt(List::size).sum(),
          novaObjects,
          novaPods(client, ns.name()).size());

      assertThat(ready.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("NovaReady=True");
      assertThat(ready.getStatus().getComponents().get("nova").ready()).isEqualTo(1);
      assertThat(ready.getStatus().getEndpoints())
          .containsEntry("compute", "http://nova." + ns.name() + ".svc:8774/v2.1");

      for (var process : PROCESSES) {
        assertThat(pods(client, ns.name(), process))
            .as("pods of nova %s", process)
            .hasSize(1)
            .allMatch(NovaIT::isReady);
      }
      var hypervisors = pods(client, ns.name(), FakeComputeStatefulSet.COMPONENT);
      assertThat(hypervisors)
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder(
              "nova-compute-fake-0", "nova-compute-fake-1", "nova-compute-fake-2");
      assertThat(hypervisors).allMatch(NovaIT::isReady);
      assertThat(hypervisors)
          .as("fake hypervisors run on compute nodes only")
          .allMatch(p -> "true".equals(nodeLabels(client, p).get("openstackcloud.dev/compute")));

      var cronJob =
          client
              .batch()
              .v1()
              .cronjobs()
              .inNamespace(ns.name())
              .withName(NovaArchiveCronJob.NAME)
              .get();
      assertThat(cronJob).isNotNull();
      assertThat(
              cronJob
                  .getSpec()
                  .getJobTemplate()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getNodeSelector())
          .isEqualTo(NovaClouds.CONTROL_PLANE);

      // the cell setup ran in order, and the API started after it
      var sync =
          List.of(
              "nova-api-db-sync",
              "nova-map-cell0",
              "nova-create-cell1",
              "nova-db-sync",
              "nova-online-data-migrations");
      for (int i = 1; i < sync.size(); i++) {
        assertThat(started(job(client, ns.name(), sync.get(i))))
            .as("%s starts after %s completes", sync.get(i), sync.get(i - 1))
            .isAfterOrEqualTo(completed(job(client, ns.name(), sync.get(i - 1))));
      }
      var api = client.apps().deployments().inNamespace(ns.name()).withName(Nova.APP).get();
      assertThat(Instant.parse(api.getMetadata().getCreationTimestamp()))
          .isAfterOrEqualTo(completed(job(client, ns.name(), "nova-db-sync")));

      var writesBefore = operator.writes();
      Clouds.forceReconcile(client, ready, operator);
      assertThat(operator.writes() - writesBefore)
          .as("writes made by reconciling an unchanged cloud with nova")
          .isZero();

      var hashesBefore = configHashes(client, ns.name());
      edit(
          client,
          cloud,
          c ->
              c.getSpec()
                  .getServices()
                  .getNova()
                  .setConfig(Map.of("DEFAULT", Map.of("debug", "true"))));
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      var hashesAfter = configHashes(client, ns.name());
      assertThat(hashesAfter.keySet()).isEqualTo(hashesBefore.keySet());
      hashesBefore.forEach(
          (object, hash) -> {
            if (object.contains("/nova")) {
              assertThat(hashesAfter.get(object))
                  .as("config hash of %s", object)
                  .isNotEqualTo(hash);
            } else {
              assertThat(hashesAfter.get(object)).as("config hash of %s", object).isEqualTo(hash);
            }
          });
      assertThat(hashesBefore.keySet())
          .as("templates compared")
          .contains(
              "Deployment/keystone",
              "Deployment/glance",
              "Deployment/placement",
              "Deployment/nova",
              "StatefulSet/nova-compute-fake",
              "CronJob/nova-archive-deleted-rows");
    }
  }

  @Test
  void switchingToLibvirtReplacesTheFakeHypervisorsWithAnAgentOnEveryComputeNode(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "ci-fake.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);

      edit(
          client,
          cloud,
          c -> {
            c.getSpec().getServices().getNova().getCompute().setDriver(Driver.libvirt);
            c.getSpec().getServices().getNova().getCompute().setFakeHypervisors(null);
          });
      var ready = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      assertThat(ready.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("NovaReady=True");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(
                        client
                            .apps()
                            .statefulSets()
                            .inNamespace(ns.name())
                            .withName(FakeComputeStatefulSet.NAME)
                            .get())
                    .isNull();
                assertThat(pods(client, ns.name(), FakeComputeStatefulSet.COMPONENT)).isEmpty();
              });
      var computeNodes =
          client.nodes().withLabel("openstackcloud.dev/compute", "true").list().getItems().size();
      var agents = pods(client, ns.name(), LibvirtComputeDaemonSet.COMPONENT);
      assertThat(agents)
          .hasSize(computeNodes)
          .allMatch(NovaIT::isReady)
          .allMatch(p -> "true".equals(nodeLabels(client, p).get("openstackcloud.dev/compute")));
      assertThat(agents.get(0).getSpec().getHostNetwork()).isTrue();

      var writesBefore = operator.writes();
      Clouds.forceReconcile(client, ready, operator);
      assertThat(operator.writes() - writesBefore)
          .as("writes made by reconciling an unchanged cloud on libvirt")
          .isZero();
    }
  }

  private static void edit(
      KubernetesClient client,
      OpenStackCloud cloud,
      java.util.function.Consumer<OpenStackCloud> change) {
    Clouds.edit(
        client
            .resources(OpenStackCloud.class)
            .inNamespace(cloud.getMetadata().getNamespace())
            .withName(cloud.getMetadata().getName()),
        c -> {
          change.accept(c);
          return c;
        });
  }

  private static List<Pod> pods(KubernetesClient client, String ns, String component) {
    return client
        .pods()
        .inNamespace(ns)
        .withLabel(Labels.NAME, Nova.APP)
        .withLabel(Labels.COMPONENT, component)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static List<Pod> novaPods(KubernetesClient client, String ns) {
    return client.pods().inNamespace(ns).withLabel(Labels.NAME, Nova.APP).list().getItems().stream()
        .filter(p -> !"Succeeded".equals(p.getStatus().getPhase()))
        .toList();
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Map<String, String> nodeLabels(KubernetesClient client, Pod pod) {
    return client.nodes().withName(pod.getSpec().getNodeName()).get().getMetadata().getLabels();
  }

  private static Job job(KubernetesClient client, String ns, String task) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withLabel(JobDependent.TASK_LABEL, task)
        .list()
        .getItems()
        .get(0);
  }

  private static Instant started(Job job) {
    return Instant.parse(job.getStatus().getStartTime());
  }

  private static Instant completed(Job job) {
    return Instant.parse(job.getStatus().getCompletionTime());
  }

  /** Kind to names of the cloud's objects that belong to Nova. */
  private static Map<String, List<String>> novaObjects(KubernetesClient client, String ns) {
    var sel = Map.of(Labels.MANAGED_BY, Labels.OPERATOR);
    return Stream.of(
            client.secrets().inNamespace(ns).withLabels(sel).list().getItems(),
            client.services().inNamespace(ns).withLabels(sel).list().getItems(),
            client.apps().deployments().inNamespace(ns).withLabels(sel).list().getItems(),
            client.apps().statefulSets().inNamespace(ns).withLabels(sel).list().getItems(),
            client.apps().daemonSets().inNamespace(ns).withLabels(sel).list().getItems(),
            client.batch().v1().jobs().inNamespace(ns).withLabels(sel).list().getItems(),
            client.batch().v1().cronjobs().inNamespace(ns).withLabels(sel).list().getItems())
        .flatMap(List::stream)
        .map(o -> (HasMetadata) o)
        .filter(o -> o.getMetadata().getName().startsWith(Nova.APP))
        .collect(
            Collectors.groupingBy(
                HasMetadata::getKind,
                TreeMap::new,
                Collectors.mapping(o -> o.getMetadata().getName(), Collectors.toList())));
  }

  /**
   * Kind/name to the config-hash annotation of every pod template in the namespace that carries
   * one.
   */
  private static Map<String, String> configHashes(KubernetesClient client, String ns) {
    var templates = new TreeMap<String, PodTemplateSpec>();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            d ->
                templates.put(
                    "Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            s ->
                templates.put(
                    "StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
    client
        .apps()
        .daemonSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            d ->
                templates.put("DaemonSet/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
    client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            c ->
                templates.put(
                    "CronJob/" + c.getMetadata().getName(),
                    c.getSpec().getJobTemplate().getSpec().getTemplate()));
    var hashes = new TreeMap<String, String>();
    templates.forEach(
        (name, t) -> {
          var annotations = t.getMetadata().getAnnotations();
          if (annotations != null && annotations.containsKey(Labels.CONFIG_HASH)) {
            hashes.put(name, annotations.get(Labels.CONFIG_HASH));
          }
        });
    return hashes;
  }
}
