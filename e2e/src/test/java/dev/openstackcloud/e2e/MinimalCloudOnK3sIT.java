package dev.openstackcloud.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The minimal sample on k3s with real Kolla images: real containers, real MariaDB, real Keystone.
 * Needs a Docker engine and a reachable Kolla image registry (OSC_E2E_REGISTRY, e.g. your mirror's
 * host/path); skips with the reason where either is missing.
 */
class MinimalCloudOnK3sIT {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  @BeforeEach
  void requireDockerAndImages() {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "skipped: no Docker engine reachable; the k3s e2e tests run real containers and need one");
    assumeTrue(System.getenv("OSC_E2E_REGISTRY") != null,
        "skipped: OSC_E2E_REGISTRY is not set; point it at a registry serving the Kolla images");
  }

  @Test
  void minimalCloudBecomesReadyWithRealImages() throws Exception {
    try (var k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.33.1-k3s1"))) {
      k3s.start();
      var config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
      var registry = new SimpleMeterRegistry();
      try (var client = new KubernetesClientBuilder().withConfig(config).build();
          var unused = CloudOperator.start(CloudOperator.countingClient(config, registry), registry, Set.of(), false)) {
        try (var in = Files.newInputStream(REPO.resolve("crds/openstackclouds.openstackcloud.dev.yaml"))) {
          client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).serverSideApply();
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("e2e").endMetadata().build()).create();
        OpenStackCloud cloud;
        try (var in = Files.newInputStream(REPO.resolve("config/samples/minimal.yaml"))) {
          cloud = client.getKubernetesSerialization().unmarshal(in, OpenStackCloud.class);
        }
        cloud.getMetadata().setNamespace("e2e");
        cloud.getSpec().getImages().setRegistry(System.getenv("OSC_E2E_REGISTRY"));
        var created = client.resource(cloud).create();
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(5)).until(() -> {
          var c = client.resource(created).get();
          return c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus()));
        });
      }
    }
  }
}
