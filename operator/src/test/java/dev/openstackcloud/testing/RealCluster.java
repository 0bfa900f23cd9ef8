package dev.openstackcloud.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real tier: a cluster with the real node {@code real-1} ({@code hack/cluster.sh up
 * --real-node}), started once for every test of the JVM that asks for it and stopped at exit. Tests
 * tagged {@code real} use it. Where the machine cannot run real containers (not root, the real
 * node's binaries not built) they are skipped with the reason, unless {@code
 * OSC_REAL_TIER=required} (hack/test.sh sets it when it runs as root), where a missing piece fails
 * instead.
 */
public class RealCluster extends ClusterExtension implements ExecutionCondition {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final String CLUSTER = "osc-real";
  private static volatile KubernetesClient shared;
  private static volatile Path kubeconfig;
  private static volatile boolean hookInstalled;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    var missing = missing();
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("the real node can run here");
    }
    if ("required".equals(System.getenv("OSC_REAL_TIER"))) {
      throw new IllegalStateException("OSC_REAL_TIER=required, but " + missing.get());
    }
    return ConditionEvaluationResult.disabled("real tier skipped: " + missing.get());
  }

  /** Why the real tier cannot run on this machine, if it cannot. */
  public static Optional<String> missing() {
    if (!"0".equals(exec(List.of("id", "-u"), Duration.ofSeconds(5)).output().trim())) {
      return Optional.of(
          "it needs root (the real node runs containerd, kubelet and kube-proxy and changes the host network)");
    }
    if (exec(
                List.of(REPO.resolve("hack/build-tools.sh").toString(), "--real-node", "--print"),
                Duration.ofSeconds(60))
            .exitCode()
        != 0) {
      return Optional.of(
          "the real node's binaries are not built (hack/build-tools.sh --real-node)");
    }
    return Optional.empty();
  }

  public RealCluster() {
    super(RealCluster::client, () -> shared);
  }

  /** The client of the real cluster, starting it (with the CRDs applied) the first time. */
  public static synchronized KubernetesClient client() {
    if (shared == null) {
      long start = System.nanoTime();
      holdTheNode();
      script(Duration.ofMinutes(5), "hack/cluster.sh", "up", "--real-node");
      if (!hookInstalled) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(() -> script(Duration.ofMinutes(2), "hack/cluster.sh", "down")));
        hookInstalled = true;
      }
      kubeconfig = Path.of(script(Duration.ofSeconds(30), "hack/cluster.sh", "kubeconfig").trim());
      try {
        shared =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + kubeconfig, e);
      }
      LocalCluster.applyCrds(shared);
      System.out.printf(
          "real cluster %s up with real-1 in %.1f s%n", CLUSTER, (System.nanoTime() - start) / 1e9);
    }
    return shared;
  }

  private static volatile FileLock nodeLock;

  /**
   * One real node per machine: a JVM of another checkout (a worktree) that runs the real tier waits
   * here until this one has exited (the lock goes with the process), instead of tearing down the
   * node under it.
   */
  private static void holdTheNode() {
    if (nodeLock != null) {
      return;
    }
    var cache =
        Optional.ofNullable(System.getenv("OSC_CACHE"))
            .map(Path::of)
            .orElse(
                Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                    .map(Path::of)
                    .orElse(Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("openstack-cloud-operator"));
    var file = cache.resolve("real-node.lock");
    try {
      Files.createDirectories(cache);
      var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      nodeLock = channel.tryLock();
      if (nodeLock == null) {
        System.out.printf("real node in use by another test run (%s): waiting%n", file);
        long start = System.nanoTime();
        nodeLock = channel.lock();
        System.out.printf("real node free after %.0f s%n", (System.nanoTime() - start) / 1e9);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + file, e);
    }
  }

  public static Config config() {
    return client().getConfiguration();
  }

  public static Path kubeconfig() {
    client();
    return kubeconfig;
  }

  /**
   * Stops the shared cluster and its real node ({@code hack/cluster.sh down}); the next client()
   * starts a new one.
   */
  public static synchronized void stop() {
    imagesImported = false; // a new node: import again (skipped where its image store has them)
    if (shared != null) {
      shared.close();
      shared = null;
    }
    script(Duration.ofMinutes(2), "hack/cluster.sh", "down");
  }

  /** The registry prefix of the Kolla images hack/images.sh builds here. */
  public static final String KOLLA_REGISTRY = "osc.local/openstack.kolla";

  public static final String KOLLA_DISTRO = "debian-bookworm";
  private static volatile boolean imagesImported;

  /**
   * Builds the Kolla images if they are not cached ({@code hack/images.sh}: minutes cold, a second
   * warm) and imports them into the real node's containerd (skipped when it has them already).
   */
  public static synchronized void kollaImages() {
    client();
    if (imagesImported) {
      return;
    }
    long start = System.nanoTime();
    var socket = script(Duration.ofSeconds(10), "hack/real-node.sh", "socket").trim();
    script(Duration.ofMinutes(45), "hack/images.sh", "--import", socket);
    imagesImported = true;
    System.out.printf(
        "Kolla images built and imported into real-1 in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  /** What {@code down} should have removed from the host, one line each; empty when clean. */
  public static List<String> leftovers() {
    var out = script(Duration.ofSeconds(60), "hack/real-node.sh", "leftovers");
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Runs the cluster's kubectl; returns exit code and combined output. */
  public static Kubectl.Result kubectl(String stdin, String... args) {
    return Kubectl.run(REPO, kubeconfig(), stdin, args);
  }

  /** Runs a hack/ script for the real cluster; returns its stdout, fails with its output. */
  static String script(Duration timeout, String script, String... args) {
    var command = new ArrayList<String>();
    command.add(REPO.resolve(script).toString());
    command.addAll(List.of(args));
    var r = exec(command, timeout);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + r.exitCode() + "):\n" + r.output());
    }
    return r.output();
  }

  private static Kubectl.Result exec(List<String> command, Duration timeout) {
    try {
      var pb = new ProcessBuilder(command).directory(REPO.toFile());
      pb.environment().put("OSC_CLUSTER", CLUSTER);
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      var p = pb.start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Kubectl.Result(-1, out + "\n(timed out after " + timeout + ")");
      }
      return new Kubectl.Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Kubectl.Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
