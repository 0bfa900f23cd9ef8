package dev.openstackcloud.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The minimal sample on k3s with real Kolla images: real containers, real MariaDB, real Keystone,
 * and a real token issued through the cloud's clouds.yaml Secret. CRD and RBAC come from the Helm
 * chart; the operator runs in the test JVM (building its image needs the Docker build this test
 * cannot assume). Needs a Docker engine and a Kolla image registry (OSC_E2E_REGISTRY, your mirror's
 * host/path); skips with the reason where either is missing.
 */
class MinimalCloudOnK3sIT {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  /** The pinned helm that hack/build-tools.sh built (hack/test.sh builds it before the tests). */
  private static String helm(String... args) throws Exception {
    var bin =
        new String(
                new ProcessBuilder(REPO.resolve("hack/build-tools.sh").toString(), "--print")
                    .start()
                    .getInputStream()
                    .readAllBytes())
            .trim();
    var cmd = new java.util.ArrayList<String>(java.util.List.of(bin + "/helm"));
    cmd.addAll(java.util.List.of(args));
    var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    var out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("helm failed: " + out);
    }
    return out;
  }

  private static final String K3S_IMAGE = "rancher/k3s:v1.33.1-k3s1";

  /**
   * Decides in seconds, from what is here, whether the test can run. Testcontainers' own check
   * starts its ryuk container, which on a machine with Docker but no registry tries to pull for
   * minutes: so the registry variable and the local images are checked first, with the docker CLI.
   */
  @BeforeEach
  void requireDockerAndImages() {
    assumeTrue(
        System.getenv("OSC_E2E_REGISTRY") != null,
        "skipped: OSC_E2E_REGISTRY is not set; point it at a registry serving the Kolla images (the real tier, RealCloudIT, runs them without one)");
    assumeTrue(
        docker(List.of("docker", "info", "--format", "{{.ServerVersion}}")),
        "skipped: no Docker engine answers; the k3s e2e tests run real containers and need one");
    assumeTrue(
        docker(List.of("docker", "image", "inspect", K3S_IMAGE)),
        "skipped: " + K3S_IMAGE + " is not a local image, and pulling it is not for a test to do");
    assumeTrue(
        "true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
            || docker(List.of("docker", "image", "inspect", "testcontainers/ryuk:0.12.0")),
        "skipped: Testcontainers' ryuk image is not local (or set TESTCONTAINERS_RYUK_DISABLED=true)");
    assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "skipped: Testcontainers cannot reach the Docker engine");
  }

  /** True when {@code command} exits 0 within 10 s. */
  private static boolean docker(List<String> command) {
    try {
      var p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void minimalCloudBecomesReadyWithRealImages() throws Exception {
    try (var k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
      k3s.start();
      var config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
      var registry = new SimpleMeterRegistry();
      try (var client = new KubernetesClientBuilder().withConfig(config).build();
          var unused =
              CloudOperator.start(
                  CloudOperator.countingClient(config, registry), registry, Set.of(), false)) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("osc-system")
                    .endMetadata()
                    .build())
            .create();
        var rendered =
            helm(
                "template",
                "osc",
                REPO.resolve("charts/openstack-cloud-operator").toString(),
                "--namespace",
                "osc-system",
                "--include-crds",
                "--set",
                "operator.enabled=false");
        client
            .load(
                new java.io.ByteArrayInputStream(
                    rendered.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .inNamespace("osc-system")
            .serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("openstackclouds.openstackcloud.dev")
            .waitUntilCondition(
                c ->
                    c.getStatus() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                x ->
                                    "Established".equals(x.getType())
                                        && "True".equals(x.getStatus())),
                1,
                java.util.concurrent.TimeUnit.MINUTES);
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName("e2e").endMetadata().build())
            .create();
        OpenStackCloud cloud;
        try (var in = Files.newInputStream(REPO.resolve("config/samples/minimal.yaml"))) {
          cloud = client.getKubernetesSerialization().unmarshal(in, OpenStackCloud.class);
        }
        cloud.getMetadata().setNamespace("e2e");
        cloud.getSpec().getImages().setRegistry(System.getenv("OSC_E2E_REGISTRY"));
        var created = client.resource(cloud).create();
        await()
            .atMost(Duration.ofMinutes(20))
            .pollInterval(Duration.ofSeconds(5))
            .until(
                () -> {
                  var c = client.resource(created).get();
                  return c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus()));
                });
        var ready = client.resource(created).get();
        var toolbox =
            System.getenv("OSC_E2E_REGISTRY")
                + "/kolla-toolbox:"
                + ready.getSpec().getRelease()
                + "-"
                + ready.getSpec().getImages().getDistro();
        client
            .resource(
                new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                    .withNewMetadata()
                    .withName("token")
                    .withNamespace("e2e")
                    .endMetadata()
                    .withNewSpec()
                    .withBackoffLimit(3)
                    .withNewTemplate()
                    .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer()
                    .withName("openstack")
                    .withImage(toolbox)
                    .withCommand("openstack", "token", "issue", "-f", "value", "-c", "id")
                    .addNewEnv()
                    .withName("OS_CLOUD")
                    .withValue(ready.getMetadata().getName())
                    .endEnv()
                    .addNewVolumeMount()
                    .withName("clouds")
                    .withMountPath("/etc/openstack")
                    .withReadOnly(true)
                    .endVolumeMount()
                    .endContainer()
                    .addNewVolume()
                    .withName("clouds")
                    .withNewSecret()
                    .withSecretName(ready.getStatus().getAdminCredentials())
                    .endSecret()
                    .endVolume()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
        await()
            .atMost(Duration.ofMinutes(5))
            .until(
                () -> {
                  var job = client.batch().v1().jobs().inNamespace("e2e").withName("token").get();
                  return job.getStatus() != null
                      && job.getStatus().getSucceeded() != null
                      && job.getStatus().getSucceeded() > 0;
                });
      }
    }
  }
}
