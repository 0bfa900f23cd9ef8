package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kube-apiserver killed and started again under a running operator: its watches come back by
 * themselves.
 */
@ExtendWith(LocalCluster.class)
class ApiServerRestartIT {

  @Test
  void informersRecoverAndASpecChangeAfterTheRestartIsReconciled(
      KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));

      long start = System.nanoTime();
      LocalCluster.restartApiServer();
      System.out.printf("kube-apiserver restarted in %.1f s%n", (System.nanoTime() - start) / 1e9);

      // a change only the watches can bring: the operator is not restarted, nor poked
      var changed =
          Clouds.edit(
              client
                  .resources(OpenStackCloud.class)
                  .inNamespace(ns.name())
                  .withName(cloud.getMetadata().getName()),
              c -> {
                c.getSpec().getServices().getKeystone().setReplicas(2);
                return c;
              });
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .apps()
                              .deployments()
                              .inNamespace(ns.name())
                              .withName("keystone")
                              .get()
                              .getSpec()
                              .getReplicas())
                      .isEqualTo(2));
      var ready = Clouds.awaitReady(client, changed, Duration.ofMinutes(2));
      assertThat(ready.getStatus().getObservedGeneration())
          .isEqualTo(changed.getMetadata().getGeneration());
      assertThat(ready.getStatus().getComponents().get("keystone").ready()).isEqualTo(2);
      System.out.printf(
          "spec change reconciled %.1f s after the restart began%n",
          (System.nanoTime() - start) / 1e9);
      await().atMost(Duration.ofSeconds(30)).until(operator::isRunning);
    }
  }
}
