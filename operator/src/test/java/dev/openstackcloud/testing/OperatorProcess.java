package dev.openstackcloud.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator jar as its own process, as it runs in production (same JVM flags), against the
 * cluster under test: for faults an in-process operator cannot have (kill -9, two replicas).
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private OperatorProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the jar with {@code env} on top of KUBECONFIG and a free metrics port; returns once
   * /healthz answers.
   */
  public static OperatorProcess start(String name, Map<String, String> env) {
    var jar = REPO.resolve("operator/target/openstack-cloud-operator.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the fault tests run after mvn package");
    }
    try {
      int port;
      try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      var log = REPO.resolve("operator/target/operator-processes").resolve(name + ".log");
      Files.createDirectories(log.getParent());
      var java = ProcessHandle.current().info().command().orElse("java");
      var pb =
          new ProcessBuilder(
                  java,
                  "@" + REPO.resolve("operator/jvm.options"),
                  "-Xmx256m",
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("MALLOC_ARENA_MAX", "2");
      pb.environment().put("KUBECONFIG", LocalCluster.kubeconfig().toString());
      pb.environment().put("OPERATOR_HTTP_PORT", String.valueOf(port));
      pb.environment().putAll(env);
      var p = new OperatorProcess(name, pb.start(), port, log);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!p.process.isAlive()) {
                  throw new IllegalStateException(name + " exited:\n" + p.log());
                }
                return p.get("/healthz") == 200;
              });
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no lease released, nothing flushed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sum of the samples of {@code metric} (Prometheus name) on /metrics; 0 when absent. */
  public double metric(String metric) {
    try {
      var body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines()
          .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Requests this operator has sent that change something (osc_api_writes_total). */
  public double writes() {
    return metric("osc_api_writes_total");
  }

  /** Reconciles this operator has finished, successful or not. */
  public double reconciles() {
    return metric("operator_sdk_reconciliations_success_total") + reconcileFailures();
  }

  public double reconcileFailures() {
    return metric("operator_sdk_reconciliations_failed_total");
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private int get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
