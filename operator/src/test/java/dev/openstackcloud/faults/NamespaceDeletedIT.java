package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A watched namespace deleted while its cloud comes up: it goes away, the operator carries on with
 * the others, and the API server refusing to create in it is an INFO line, not a warning.
 */
@ExtendWith(LocalCluster.class)
class NamespaceDeletedIT {

  @Test
  void theNamespaceGoesAndTheOperatorKeepsReconcilingOtherClouds(
      KubernetesClient client, TestNamespace other) throws Exception {
    var doomed = other.name() + "-doomed";
    var log = new ListAppender<ILoggingEvent>();
    var root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    log.start();
    root.addAppender(log);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(doomed)
                .addToLabels("openstackcloud.dev/test", "true")
                .endMetadata()
                .build())
        .create();
    try (var operator = Clouds.operator(doomed, other.name())) {
      client.resource(Clouds.sample(client, "minimal.yaml", doomed)).create();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !client.batch().v1().jobs().inNamespace(doomed).list().getItems().isEmpty());
      client.namespaces().withName(doomed).delete();
      // nothing of ours holds it: no finalizer on the cloud, no object recreated into a terminating
      // namespace
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> client.namespaces().withName(doomed).get() == null);

      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", other.name())).create();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
      assertThat(operator.isRunning()).as("event sources healthy").isTrue();
    } finally {
      root.detachAppender(log);
      client.namespaces().withName(doomed).delete();
    }
    // the API server refusing to create in the namespace being deleted is expected: one INFO line
    // a reconcile, no warning, no stack trace
    var events = List.copyOf(log.list);
    events.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .forEach(e -> System.out.println("warning: " + e.getFormattedMessage()));
    assertThat(events)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .as("warnings about the namespace being terminated")
        .noneMatch(NamespaceDeletedIT::aboutTermination);
    assertThat(events)
        .filteredOn(e -> e.getLevel() == Level.INFO && aboutTermination(e))
        .as("INFO lines about the namespace being deleted")
        .isNotEmpty()
        .allMatch(e -> e.getThrowableProxy() == null);
  }

  private static boolean aboutTermination(ILoggingEvent e) {
    var text = new StringBuilder(e.getFormattedMessage());
    for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append('\n').append(t.getMessage());
    }
    return text.toString().contains("is being terminated")
        || text.toString().contains("is being deleted");
  }
}
