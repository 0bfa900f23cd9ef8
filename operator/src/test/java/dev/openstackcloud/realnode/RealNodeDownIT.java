package dev.openstackcloud.realnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.RealCluster;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code hack/cluster.sh down} stops the real node before the control plane and leaves nothing on
 * the host: no process, mount, cgroup, link, route, nftables table, iptables chain, changed sysctl
 * or kubelet/CNI directory ({@code hack/real-node.sh leftovers} checks each). The node is stopped
 * with a running pod that has Secret and emptyDir volumes, so there is something to clean.
 */
@Tag("real")
@ExtendWith(RealCluster.class)
class RealNodeDownIT {
  @Test
  void downLeavesNothingBehind(KubernetesClient client, TestNamespace ns) {
    client
        .secrets()
        .inNamespace(ns.name())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s")
                .endMetadata()
                .withStringData(Map.of("k", "v"))
                .build())
        .create();
    var container = RealNodeIT.probe("sleeper", "sleep", "0");
    container.setVolumeMounts(
        java.util.List.of(
            new VolumeMountBuilder().withName("secret").withMountPath("/secret").build(),
            new VolumeMountBuilder().withName("scratch").withMountPath("/scratch").build()));
    var spec = RealNodeIT.onRealNode(container, "Always");
    spec.setVolumes(
        java.util.List.of(
            new VolumeBuilder()
                .withName("secret")
                .withNewSecret()
                .withSecretName("s")
                .endSecret()
                .build(),
            new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build()));
    var pod =
        client
            .pods()
            .inNamespace(ns.name())
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("sleeper")
                    .endMetadata()
                    .withSpec(spec)
                    .build())
            .create();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> "Running".equals(client.resource(pod).get().getStatus().getPhase()));
    assertThat(RealCluster.leftovers()).as("while the node runs, leftovers lists it").isNotEmpty();

    long start = System.nanoTime();
    RealCluster.stop();
    System.out.printf("real cluster down in %.1f s%n", (System.nanoTime() - start) / 1e9);
    var left = RealCluster.leftovers();
    System.out.println(
        "checked after down: processes, mounts, cgroups, links, routes, nftables tables, iptables chains, sysctls, kubelet/CNI dirs: "
            + (left.isEmpty() ? "nothing left" : left));
    assertThat(left).as("what down left on the host").isEmpty();
  }
}
