package dev.openstackcloud;

import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.reconciler.OpenStackCloudReconciler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;

/**
 * The operator as a value: a client that counts its writes, JOSDK with Micrometer metrics, and the
 * cloud reconciler. {@link OperatorMain} runs one; integration tests start one in-process.
 */
public final class CloudOperator implements AutoCloseable {
  /**
   * Counter of every mutating request (POST, PUT, PATCH, DELETE; not access reviews) this operator
   * sends, by verb, target (object, status, event) and resource.
   */
  public static final String WRITES_METRIC = "osc.api.writes";

  private final KubernetesClient client;
  private final Operator operator;
  private final MeterRegistry registry;

  /** Set when this operator stops on purpose, so ending leadership then is not a lost lease. */
  private final java.util.concurrent.atomic.AtomicBoolean stopping;

  private CloudOperator(
      KubernetesClient client,
      Operator operator,
      MeterRegistry registry,
      java.util.concurrent.atomic.AtomicBoolean stopping) {
    this.client = client;
    this.operator = operator;
    this.registry = registry;
    this.stopping = stopping;
  }

  /** Builds a client from {@code config} whose writes are counted in {@code registry}. */
  public static KubernetesClient countingClient(Config config, MeterRegistry registry) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("osc-write-counter", new WriteCounter(registry)))
        .build();
  }

  /** Starts reconciling clouds in {@code namespaces} (all when empty). */
  public static CloudOperator start(
      KubernetesClient client,
      MeterRegistry registry,
      Set<String> namespaces,
      boolean leaderElection) {
    var stopping = new java.util.concurrent.atomic.AtomicBoolean();
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(
                      MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                          .notCollectingMetricsPerResource()
                          .build())
                  .withCloseClientOnStop(false)
                  .withStopOnInformerErrorDuringStartup(false);
              if (leaderElection) {
                // A lost lease ends the process so Kubernetes restarts it as a candidate; a
                // deliberate stop
                // (shutdown hook, tests) must return instead: System.exit inside a shutdown hook
                // hangs.
                o.withLeaderElectionConfiguration(
                    io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration("openstack-cloud-operator-lock")
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new io.fabric8.kubernetes.client.extended.leaderelection
                                .LeaderCallbacks(
                                () -> {},
                                () -> {
                                  if (!stopping.get()) {
                                    org.slf4j.LoggerFactory.getLogger(CloudOperator.class)
                                        .error(
                                            "lost leadership; exiting so a fresh process can stand again");
                                    new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
                                  }
                                },
                                leader -> {}))
                        .build());
              }
            });
    operator.register(
        new OpenStackCloudReconciler(),
        c -> {
          c.withFieldManager(Labels.OPERATOR);
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.start();
    return new CloudOperator(client, operator, registry, stopping);
  }

  public KubernetesClient client() {
    return client;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Writes sent so far, all verbs. */
  public double writes() {
    return registry.find(WRITES_METRIC).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Writes that change objects: neither status updates nor Events. */
  public double objectWrites() {
    return registry.find(WRITES_METRIC).tag("target", "object").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  public boolean isRunning() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    stopping.set(true);
    operator.stop();
  }

  /**
   * The resource (plural) a request path names: /api/v1/namespaces/n/services/x gives services,
   * /apis/apps/v1/namespaces/n/deployments/x/status deployments; a bounded label, one per kind.
   */
  static String resource(String path) {
    var parts = path.split("/");
    int i =
        parts.length > 1 && "api".equals(parts[1]) ? 3 : 4; // after /api/v1 or /apis/group/version
    if (parts.length > i + 1 && "namespaces".equals(parts[i]) && parts.length > i + 2) {
      i += 2;
    }
    return parts.length > i ? parts[i] : "unknown";
  }

  static final class WriteCounter implements Interceptor {
    private final MeterRegistry registry;

    WriteCounter(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      var method = request.method().toUpperCase(Locale.ROOT);
      // a POST of a SelfSubjectRulesReview (JOSDK checks its Lease rights on start) asks, it
      // changes nothing
      boolean question = request.uri().getPath().startsWith("/apis/authorization.k8s.io/");
      if (!method.equals("GET")
          && !method.equals("HEAD")
          && !method.equals("OPTIONS")
          && !question) {
        // status and event writes apart, so a test can prove a paused cloud's objects got none
        var path = request.uri().getPath();
        var target =
            path.endsWith("/status") ? "status" : path.contains("/events") ? "event" : "object";
        registry
            .counter(WRITES_METRIC, "verb", method, "target", target, "resource", resource(path))
            .increment();
      }
    }
  }
}
