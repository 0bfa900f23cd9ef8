package dev.openstackcloud.testing;

import static org.awaitility.Awaitility.await;

import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.reconciler.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.DoubleSupplier;

/** Helpers for tests that run the operator in-process against the local cluster. */
public final class Clouds {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();

  private Clouds() {}

  /** An operator watching only {@code namespace}, with its own write-counting client. */
  public static CloudOperator operator(String... namespaces) {
    return operator(LocalCluster.config(), namespaces);
  }

  /** The same against the cluster of {@code config} (the real tier's). */
  public static CloudOperator operator(
      io.fabric8.kubernetes.client.Config config, String... namespaces) {
    var registry = new SimpleMeterRegistry();
    return CloudOperator.start(
        CloudOperator.countingClient(config, registry), registry, Set.of(namespaces), false);
  }

  /** A sample from config/samples, placed in {@code namespace}. */
  public static OpenStackCloud sample(KubernetesClient client, String file, String namespace) {
    try (var in = Files.newInputStream(REPO.resolve("config/samples").resolve(file))) {
      var cloud = client.getKubernetesSerialization().unmarshal(in, OpenStackCloud.class);
      cloud.getMetadata().setNamespace(namespace);
      return cloud;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static OpenStackCloud get(KubernetesClient client, OpenStackCloud cloud) {
    return client
        .resources(OpenStackCloud.class)
        .inNamespace(cloud.getMetadata().getNamespace())
        .withName(cloud.getMetadata().getName())
        .get();
  }

  /** Waits until the cloud reports Ready=True for its current generation. */
  public static OpenStackCloud awaitReady(
      KubernetesClient client, OpenStackCloud cloud, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> isReady(get(client, cloud)));
    return get(client, cloud);
  }

  public static boolean isReady(OpenStackCloud c) {
    return c != null
        && c.getStatus() != null
        && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration())
        && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY);
  }

  /**
   * Edits a cloud as a user would, trying again when the operator's status write came in between
   * (409 Conflict: fabric8's edit sends the resourceVersion it read).
   */
  public static OpenStackCloud edit(
      io.fabric8.kubernetes.client.dsl.Resource<OpenStackCloud> cloud,
      java.util.function.UnaryOperator<OpenStackCloud> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return cloud.edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * {@link #edit(io.fabric8.kubernetes.client.dsl.Resource, java.util.function.UnaryOperator)} of
   * {@code cloud} by name.
   */
  public static OpenStackCloud edit(
      KubernetesClient client,
      OpenStackCloud cloud,
      java.util.function.UnaryOperator<OpenStackCloud> change) {
    return edit(
        client
            .resources(OpenStackCloud.class)
            .inNamespace(cloud.getMetadata().getNamespace())
            .withName(cloud.getMetadata().getName()),
        change);
  }

  /** Touches an annotation and waits for the reconcile it triggers to finish. */
  public static void forceReconcile(
      KubernetesClient client, OpenStackCloud cloud, CloudOperator operator)
      throws InterruptedException {
    forceReconcile(client, cloud, () -> reconciles(operator));
  }

  /** The same for an operator running as its own process. */
  public static void forceReconcile(
      KubernetesClient client, OpenStackCloud cloud, OperatorProcess operator)
      throws InterruptedException {
    forceReconcile(client, cloud, operator::reconciles);
  }

  private static void forceReconcile(
      KubernetesClient client, OpenStackCloud cloud, DoubleSupplier reconciles)
      throws InterruptedException {
    var before = reconciles.getAsDouble();
    edit(
        client
            .resources(OpenStackCloud.class)
            .inNamespace(cloud.getMetadata().getNamespace())
            .withName(cloud.getMetadata().getName()),
        c -> {
          c.getMetadata()
              .getAnnotations()
              .put("openstackcloud.dev/poke", String.valueOf(System.nanoTime()));
          return c;
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles.getAsDouble() > before);
    Thread.sleep(1000); // any write it would make has been sent by now
  }

  /** Reconciles the operator has finished. */
  public static double reconciles(CloudOperator operator) {
    return operator.registry().find("operator.sdk.reconciliations.success").counters().stream()
            .mapToDouble(Counter::count)
            .sum()
        + operator.registry().find("operator.sdk.reconciliations.failed").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }
}
