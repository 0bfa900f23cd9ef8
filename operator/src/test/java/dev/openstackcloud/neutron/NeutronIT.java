package dev.openstackcloud.neutron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.NeutronSpec;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Neutron on the local cluster's labelled nodes: every agent bound by the real scheduler to the
 * nodes of its roles, a Neutron config change that rolls Neutron and nothing else, and switching it
 * off, which removes it from the nodes and keeps its passwords.
 */
@ExtendWith(LocalCluster.class)
class NeutronIT {
  private static final String COMPUTE = "openstackcloud.dev/compute";
  private static final String NETWORK = "openstackcloud.dev/network";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  private static final Set<String> NEUTRON_WORKLOADS =
      Set.of(
          "neutron-server",
          "neutron-openvswitch-agent",
          "neutron-l3-agent",
          "neutron-dhcp-agent",
          "neutron-metadata-agent");

  @Test
  void agentsRunOnTheirRolesNodesAndAConfigChangeRollsOnlyNeutron(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().getServices().setNeutron(new NeutronSpec());
      cloud.getSpec().getPlacement().getCompute().setNodeSelector(Map.of(COMPUTE, "true"));
      cloud.getSpec().getPlacement().getNetwork().setNodeSelector(Map.of(NETWORK, "true"));
      cloud = client.resource(cloud).create();
      long start = System.nanoTime();
      var ready = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      System.out.printf(
          "cloud with neutron: Ready after %.1f s%n", (System.nanoTime() - start) / 1e9);

      assertThat(ready.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("NeutronReady=True");
      assertThat(ready.getStatus().getEndpoints())
          .containsEntry("network", "http://neutron." + ns.name() + ".svc:9696");
      assertThat(ready.getStatus().getComponents().get("neutron").ready()).isEqualTo(1);
      var server =
          client.apps().deployments().inNamespace(ns.name()).withName("neutron-server").get();
      assertThat(server.getStatus().getReadyReplicas()).isEqualTo(1);

      var computeNodes = nodes(client, COMPUTE);
      var networkNodes = nodes(client, NETWORK);
      assertThat(computeNodes).isNotEmpty().doesNotContainAnyElementsOf(networkNodes);
      assertThat(networkNodes).isNotEmpty();
      var both = new TreeSet<>(computeNodes);
      both.addAll(networkNodes);
      var byComponent = podNodes(client, ns.name());
      System.out.println("neutron pods by component and node: " + byComponent);
      for (var agent : List.of("l3-agent", "dhcp-agent", "metadata-agent")) {
        assertThat(byComponent.get(agent))
            .as(agent + ": one pod on each network node, nowhere else")
            .containsExactlyInAnyOrderElementsOf(networkNodes);
      }
      assertThat(byComponent.get("openvswitch-agent"))
          .as("openvswitch agent: one pod on each compute and network node")
          .containsExactlyInAnyOrderElementsOf(both);
      assertThat(byComponent.get("vswitch"))
          .as("Open vSwitch: where its agent runs")
          .containsExactlyInAnyOrderElementsOf(both);
      printCounts(client, ns.name());

      var writesBefore = operator.writes();
      forceReconcile(client, ready, operator);
      assertThat(operator.writes() - writesBefore)
          .as("writes made by reconciling an unchanged cloud with neutron")
          .isZero();

      var before = templates(client, ns.name());
      Clouds.edit(
          client
              .resources(OpenStackCloud.class)
              .inNamespace(ns.name())
              .withName(cloud.getMetadata().getName()),
          c -> {
            c.getSpec()
                .getServices()
                .getNeutron()
                .setConfig(Map.of("DEFAULT", Map.of("debug", "true")));
            return c;
          });
      Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      var after = templates(client, ns.name());
      var rolled =
          before.keySet().stream()
              .filter(name -> !before.get(name).equals(after.get(name)))
              .collect(Collectors.toSet());
      assertThat(rolled).as("workloads whose pod template changed").isEqualTo(NEUTRON_WORKLOADS);
      for (var name : NEUTRON_WORKLOADS) {
        assertThat(hash(after.get(name)))
            .as(name + " config hash")
            .isNotEqualTo(hash(before.get(name)));
      }
      assertThat(before.keySet())
          .as("the rest of the cloud is there and kept its templates")
          .contains("keystone", "mariadb", "rabbitmq", "memcached", "openvswitch");
      var agentsBefore = new TreeMap<>(byComponent);
      agentsBefore.remove("server");
      assertThat(podNodes(client, ns.name()))
          .as("still one agent per node after the rollout")
          .containsAllEntriesOf(agentsBefore);

      Clouds.edit(
          client
              .resources(OpenStackCloud.class)
              .inNamespace(ns.name())
              .withName(cloud.getMetadata().getName()),
          c -> {
            c.getSpec().getServices().getNeutron().setEnabled(false);
            return c;
          });
      var off = Clouds.awaitReady(client, cloud, READY_TIMEOUT);
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                assertThat(client.apps().daemonSets().inNamespace(ns.name()).list().getItems())
                    .as("agents and Open vSwitch removed")
                    .isEmpty();
                assertThat(
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ns.name())
                            .withName("neutron-server")
                            .get())
                    .isNull();
              });
      assertThat(client.secrets().inNamespace(ns.name()).withName("neutron-credentials").get())
          .as("passwords are kept")
          .isNotNull();
      assertThat(off.getStatus().getEndpoints()).doesNotContainKey("network");
    }
  }

  private static Set<String> nodes(KubernetesClient client, String role) {
    return client.nodes().withLabel(role, "true").list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * component -> the nodes its running pods are bound to, for Neutron's and Open vSwitch's
   * long-running pods.
   */
  private static Map<String, List<String>> podNodes(KubernetesClient client, String ns) {
    return Stream.of("neutron", OpenvswitchDaemonSet.NAME)
        .flatMap(
            app ->
                client
                    .pods()
                    .inNamespace(ns)
                    .withLabel(Labels.NAME, app)
                    .list()
                    .getItems()
                    .stream())
        .filter(
            p ->
                p.getMetadata().getDeletionTimestamp() == null
                    && "Running".equals(p.getStatus().getPhase()))
        .collect(
            Collectors.groupingBy(
                p -> p.getMetadata().getLabels().get(Labels.COMPONENT),
                TreeMap::new,
                Collectors.mapping(p -> p.getSpec().getNodeName(), Collectors.toList())))
        .entrySet()
        .stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> e.getValue().stream().sorted().toList(),
                (a, b) -> a,
                TreeMap::new));
  }

  /** Every workload's pod template, by name. */
  private static Map<String, PodTemplateSpec> templates(KubernetesClient client, String ns) {
    var map = new TreeMap<String, PodTemplateSpec>();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(d -> map.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(s -> map.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
    client
        .apps()
        .daemonSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(d -> map.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
    return map;
  }

  private static String hash(PodTemplateSpec template) {
    return template.getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
  }

  /** The Neutron part of the cloud: objects by kind, and pods. */
  private static void printCounts(KubernetesClient client, String ns) {
    var mine =
        (java.util.function.Predicate<HasMetadata>)
            o -> {
              var labels = o.getMetadata().getLabels();
              return labels != null
                  && (Set.of("neutron", OpenvswitchDaemonSet.NAME).contains(labels.get(Labels.NAME))
                      || "neutron-credentials".equals(labels.get(Labels.COMPONENT)));
            };
    var objects =
        Stream.<List<? extends HasMetadata>>of(
                client.secrets().inNamespace(ns).list().getItems(),
                client.services().inNamespace(ns).list().getItems(),
                client.apps().deployments().inNamespace(ns).list().getItems(),
                client.apps().daemonSets().inNamespace(ns).list().getItems(),
                client.batch().v1().jobs().inNamespace(ns).list().getItems())
            .flatMap(List::stream)
            .map(o -> (HasMetadata) o)
            .filter(mine)
            .collect(
                Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()));
    var pods =
        client.pods().inNamespace(ns).list().getItems().stream()
            .map(p -> (HasMetadata) p)
            .filter(mine)
            .collect(
                Collectors.groupingBy(
                    p ->
                        "Running".equals(((Pod) p).getStatus().getPhase())
                            ? "running"
                            : "completed",
                    TreeMap::new,
                    Collectors.counting()));
    System.out.println(
        "neutron objects: "
            + objects
            + " total "
            + objects.values().stream().mapToLong(Long::longValue).sum()
            + "; pods: "
            + pods);
  }

  /** Touches an annotation and waits for the reconcile it triggers to finish. */
  private static void forceReconcile(
      KubernetesClient client, OpenStackCloud cloud, CloudOperator operator)
      throws InterruptedException {
    var before = Clouds.reconciles(operator);
    Clouds.edit(
        client
            .resources(OpenStackCloud.class)
            .inNamespace(cloud.getMetadata().getNamespace())
            .withName(cloud.getMetadata().getName()),
        c -> {
          c.getMetadata()
              .getAnnotations()
              .put("openstackcloud.dev/poke", String.valueOf(System.nanoTime()));
          return c;
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> Clouds.reconciles(operator) > before);
    Thread.sleep(1000); // any write it would make has been sent by now
  }
}
