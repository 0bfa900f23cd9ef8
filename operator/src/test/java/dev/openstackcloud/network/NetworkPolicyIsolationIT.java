package dev.openstackcloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.messaging.Messaging;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.PolicyVerdicts;
import dev.openstackcloud.testing.PolicyVerdicts.Connection;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two clouds (both named "minimal", so their pods carry the same labels) in two namespaces, and a
 * client pod in a third namespace that cloud A lists in spec.networkPolicy.allowedIngress. The
 * NetworkPolicies the operator created, read back from the API server, are judged by netpol-eval: a
 * cloud's pods accept only their own namespace; its API pods also the allowed peers, and only they
 * do.
 */
@ExtendWith(LocalCluster.class)
class NetworkPolicyIsolationIT {

  @Test
  void aCloudAcceptsItsOwnNamespaceAndItsApiAlsoTheAllowedPeersNothingElse(
      KubernetesClient client, TestNamespace a) throws Exception {
    var b = a.name() + "-b";
    var clients = a.name() + "-clients";
    for (var ns : List.of(b, clients)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("openstackcloud.dev/test", "true")
                  .endMetadata()
                  .build())
          .create();
    }
    try (var operator = Clouds.operator(a.name(), b)) {
      var sampleA = Clouds.sample(client, "minimal.yaml", a.name());
      sampleA
          .getSpec()
          .getNetworkPolicy()
          .setAllowedIngress(
              List.of(
                  new NetworkPolicyPeerBuilder()
                      .withNewNamespaceSelector()
                      .addToMatchLabels("kubernetes.io/metadata.name", clients)
                      .endNamespaceSelector()
                      .build()));
      var cloudA = client.resource(sampleA).create();
      var cloudB = client.resource(Clouds.sample(client, "minimal.yaml", b)).create();
      client
          .pods()
          .inNamespace(clients)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("client")
                  .addToLabels("app", "client")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("client")
                  .withImage("registry.invalid/client:1")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Clouds.awaitReady(client, cloudA, Duration.ofMinutes(4));
      Clouds.awaitReady(client, cloudB, Duration.ofMinutes(4));

      assertThat(client.network().v1().networkPolicies().inNamespace(a.name()).list().getItems())
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder(
              CloudNetworkPolicies.ISOLATION, CloudNetworkPolicies.API_INGRESS);
      assertThat(client.network().v1().networkPolicies().inNamespace(b).list().getItems())
          .extracting(p -> p.getMetadata().getName())
          .containsExactly(CloudNetworkPolicies.ISOLATION);

      var keystoneA = pod(client, a.name(), Keystone.APP, Keystone.COMPONENT);
      var mariadbA = pod(client, a.name(), Database.APP, Database.COMPONENT);
      var rabbitmqA = pod(client, a.name(), Messaging.APP, Messaging.COMPONENT);
      var memcachedA = pod(client, a.name(), Cache.APP, Cache.COMPONENT);
      var keystoneB = pod(client, b, Keystone.APP, Keystone.COMPONENT);
      var mariadbB = pod(client, b, Database.APP, Database.COMPONENT);
      var client1 = pod(client, clients, null, null);

      var expected = new LinkedHashMap<Connection, Boolean>();
      // inside cloud A: what Keystone and the database Jobs need
      expected.put(new Connection(keystoneA, mariadbA, Database.PORT), true);
      expected.put(new Connection(keystoneA, rabbitmqA, Messaging.PORT), true);
      expected.put(new Connection(keystoneA, memcachedA, Cache.PORT), true);
      expected.put(new Connection(mariadbA, keystoneA, Keystone.PORT), true);
      // cloud B, though its pods carry the same labels: nothing of A, not even the API
      for (var source : List.of(keystoneB, mariadbB)) {
        expected.put(new Connection(source, mariadbA, Database.PORT), false);
        expected.put(new Connection(source, rabbitmqA, Messaging.PORT), false);
        expected.put(new Connection(source, memcachedA, Cache.PORT), false);
        expected.put(new Connection(source, keystoneA, Keystone.PORT), false);
      }
      // and the other way round
      expected.put(new Connection(keystoneA, mariadbB, Database.PORT), false);
      expected.put(new Connection(keystoneA, keystoneB, Keystone.PORT), false);
      // the namespace cloud A allows: the API, and only the API
      expected.put(new Connection(client1, keystoneA, Keystone.PORT), true);
      expected.put(new Connection(client1, mariadbA, Database.PORT), false);
      expected.put(new Connection(client1, rabbitmqA, Messaging.PORT), false);
      expected.put(new Connection(client1, memcachedA, Cache.PORT), false);
      // cloud B allows no one outside
      expected.put(new Connection(client1, keystoneB, Keystone.PORT), false);
      expected.put(new Connection(client1, mariadbB, Database.PORT), false);

      var verdicts = PolicyVerdicts.evaluate(client, new ArrayList<>(expected.keySet()));
      verdicts.forEach(
          (c, allowed) -> System.out.printf("netpol %-5s %s%n", allowed ? "allow" : "deny", c));
      assertThat(verdicts)
          .as("verdicts of netpol-eval on the policies in the API server")
          .isEqualTo(expected);
      System.out.printf(
          "netpol: %d connections judged, %d allowed, %d denied%n",
          verdicts.size(),
          verdicts.values().stream().filter(v -> v).count(),
          verdicts.values().stream().filter(v -> !v).count());
    } finally {
      client.namespaces().withName(b).delete();
      client.namespaces().withName(clients).delete();
    }
  }

  /**
   * The running pod of {@code app}/{@code component} (any pod when null), once it has an address.
   */
  private static Pod pod(KubernetesClient client, String ns, String app, String component) {
    var found = new Pod[1];
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              var pods =
                  client
                      .pods()
                      .inNamespace(ns)
                      .withLabels(
                          app == null
                              ? Map.of()
                              : Map.of(Labels.NAME, app, Labels.COMPONENT, component))
                      .list()
                      .getItems()
                      .stream()
                      .filter(
                          p ->
                              "Running".equals(p.getStatus().getPhase())
                                  && p.getStatus().getPodIP() != null)
                      .toList();
              found[0] = pods.isEmpty() ? null : pods.get(0);
              return found[0] != null;
            });
    return found[0];
  }
}
