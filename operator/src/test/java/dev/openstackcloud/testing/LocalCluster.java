package dev.openstackcloud.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kubernetes control plane for integration tests: reuses the cluster KUBECONFIG points at
 * when it answers, otherwise starts one with hack/cluster.sh for this JVM and stops it at exit.
 * Each test gets a client and a fresh namespace, deleted afterwards. The CRD is applied once.
 */
public class LocalCluster extends ClusterExtension implements BeforeAllCallback {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static volatile KubernetesClient shared;
  private static volatile Path kubeconfig;

  /** The namespace a test runs in. */
  public record TestNamespace(String name) {}

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    client();
  }

  public LocalCluster() {
    super(LocalCluster::client, () -> shared);
  }

  /** The shared client (plain: tests that count the operator's writes give it its own client). */
  public static synchronized KubernetesClient client() {
    if (shared == null) {
      var config = connect();
      shared = new KubernetesClientBuilder().withConfig(config).build();
      applyCrds(shared);
    }
    return shared;
  }

  /** Runs the cluster's kubectl with {@code stdin}; returns exit code and combined output. */
  public static Kubectl.Result kubectl(String stdin, String... args) {
    client();
    return Kubectl.run(REPO, kubeconfig, stdin, args);
  }

  /** The kubeconfig file of the cluster under test (for operator processes the tests start). */
  public static Path kubeconfig() {
    client();
    return kubeconfig;
  }

  /**
   * Kills kube-apiserver and starts it again ({@code hack/cluster.sh restart-apiserver}); only for
   * clusters hack/cluster.sh made, whose kubeconfig is {@code <kwok dir>/<cluster>.kubeconfig}.
   */
  public static void restartApiServer() {
    var file = kubeconfig().getFileName().toString();
    if (!file.endsWith(".kubeconfig")
        || !kubeconfig().toAbsolutePath().toString().contains("/openstack-cloud-operator/kwok/")) {
      throw new org.opentest4j.TestAbortedException(
          "the API server of " + kubeconfig() + " was not started by hack/cluster.sh");
    }
    run(
        List.of(REPO.resolve("hack/cluster.sh").toString(), "restart-apiserver"),
        file.substring(0, file.length() - ".kubeconfig".length()),
        Duration.ofMinutes(3));
  }

  /** Config of the cluster under test. */
  public static Config config() {
    return client().getConfiguration();
  }

  private static Config connect() {
    var existing = System.getenv("KUBECONFIG");
    if (existing != null
        && Files.exists(Path.of(existing))
        && answers(Config.autoConfigure(null))) {
      kubeconfig = Path.of(existing);
      return Config.autoConfigure(null);
    }
    var cluster = "osc-it-" + ProcessHandle.current().pid();
    run(List.of(REPO.resolve("hack/cluster.sh").toString(), "up"), cluster, Duration.ofMinutes(5));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    run(
                        List.of(REPO.resolve("hack/cluster.sh").toString(), "down"),
                        cluster,
                        Duration.ofMinutes(2))));
    kubeconfig =
        Path.of(
            run(
                    List.of(REPO.resolve("hack/cluster.sh").toString(), "kubeconfig"),
                    cluster,
                    Duration.ofSeconds(30))
                .trim());
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kubeconfig, e);
    }
  }

  private static boolean answers(Config config) {
    try (var c = new KubernetesClientBuilder().withConfig(config).build()) {
      c.getKubernetesVersion();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static void applyCrds(KubernetesClient client) {
    try (var files = Files.list(REPO.resolve("crds"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        try (var in = Files.newInputStream(file)) {
          var crd =
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.resource(crd).forceConflicts().fieldManager("osc-tests").serverSideApply();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(
                  c ->
                      c.getStatus() != null
                          && c.getStatus().getConditions() != null
                          && c.getStatus().getConditions().stream()
                              .anyMatch(
                                  x ->
                                      "Established".equals(x.getType())
                                          && "True".equals(x.getStatus())),
                  30,
                  TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read crds/", e);
    }
  }

  /** Runs a hack/ script with OSC_CLUSTER set; returns stdout, fails with its output. */
  static String run(List<String> command, String cluster, Duration timeout) {
    try {
      var pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(false);
      pb.environment().put("OSC_CLUSTER", cluster);
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      var p = pb.start();
      var out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
