package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A watched namespace deleted while its cloud comes up: it goes away, and the operator carries on with the others. */
@ExtendWith(LocalCluster.class)
class NamespaceDeletedIT {

  @Test
  void theNamespaceGoesAndTheOperatorKeepsReconcilingOtherClouds(KubernetesClient client, TestNamespace other) throws Exception {
    var doomed = other.name() + "-doomed";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(doomed)
        .addToLabels("openstackcloud.dev/test", "true").endMetadata().build()).create();
    try (var operator = Clouds.operator(doomed, other.name())) {
      client.resource(Clouds.sample(client, "minimal.yaml", doomed)).create();
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> !client.batch().v1().jobs().inNamespace(doomed).list().getItems().isEmpty());
      client.namespaces().withName(doomed).delete();
      // nothing of ours holds it: no finalizer on the cloud, no object recreated into a terminating namespace
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> client.namespaces().withName(doomed).get() == null);

      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", other.name())).create();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
      assertThat(operator.isRunning()).as("event sources healthy").isTrue();
    } finally {
      client.namespaces().withName(doomed).delete();
    }
  }
}
