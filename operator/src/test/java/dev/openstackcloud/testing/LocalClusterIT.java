package dev.openstackcloud.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the operator relies on from the local control plane, proven on it directly. */
@ExtendWith(LocalCluster.class)
class LocalClusterIT {

  @Test
  void theSchedulerBindsPodsOnlyToMatchingNodesAndTheyRun(
      KubernetesClient client, TestNamespace ns) {
    var compute =
        client.nodes().withLabel("openstackcloud.dev/compute", "true").list().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .collect(Collectors.toSet());
    assertThat(compute).as("the local cluster labels compute nodes").isNotEmpty();
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("pinned")
                .withNamespace(ns.name())
                .endMetadata()
                .withNewSpec()
                .withReplicas(6)
                .withNewSelector()
                .withMatchLabels(Map.of("app", "pinned"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "pinned"))
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(Map.of("openstackcloud.dev/compute", "true"))
                .addNewContainer()
                .withName("c")
                .withImage("busybox:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              var pods =
                  client.pods().inNamespace(ns.name()).withLabel("app", "pinned").list().getItems();
              assertThat(pods).hasSize(6).allMatch(p -> "Running".equals(p.getStatus().getPhase()));
              assertThat(pods)
                  .extracting(p -> p.getSpec().getNodeName())
                  .allMatch(compute::contains);
            });
  }

  @Test
  void aJobCompletesAndAFailingOneFails(KubernetesClient client, TestNamespace ns) {
    for (var image : new String[] {"busybox:1", "busybox:fail"}) {
      client
          .resource(
              new JobBuilder()
                  .withNewMetadata()
                  .withName(image.endsWith("fail") ? "fails" : "works")
                  .withNamespace(ns.name())
                  .endMetadata()
                  .withNewSpec()
                  .withBackoffLimit(0)
                  .withNewTemplate()
                  .withNewSpec()
                  .withRestartPolicy("Never")
                  .addNewContainer()
                  .withName("c")
                  .withImage(image)
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(conditions(client, ns.name(), "works")).contains("Complete");
              assertThat(conditions(client, ns.name(), "fails")).contains("Failed");
            });
  }

  @Test
  void deletingAnOwnerGarbageCollectsItsDependents(KubernetesClient client, TestNamespace ns) {
    var owner =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("owner")
                    .withNamespace(ns.name())
                    .endMetadata()
                    .build())
            .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("dependent")
                .withNamespace(ns.name())
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName("owner")
                        .withUid(owner.getMetadata().getUid())
                        .build())
                .endMetadata()
                .build())
        .create();
    client.resource(owner).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.configMaps().inNamespace(ns.name()).withName("dependent").get() == null);
  }

  @Test
  void serverReportsTheBuiltVersion(KubernetesClient client) {
    assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.36.");
    assertThat(client.nodes().list().getItems())
        .extracting(Node::getMetadata)
        .hasSizeGreaterThanOrEqualTo(6);
  }

  private static Set<String> conditions(KubernetesClient client, String ns, String job) {
    var j = client.batch().v1().jobs().inNamespace(ns).withName(job).get();
    if (j.getStatus() == null || j.getStatus().getConditions() == null) {
      return Set.of();
    }
    return j.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> c.getType())
        .collect(Collectors.toSet());
  }
}
