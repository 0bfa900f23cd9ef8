package dev.openstackcloud;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar openstack-cloud-operator.jar}. Reads KUBECONFIG or the in-cluster config;
 * watches every namespace, or those in WATCH_NAMESPACES (comma-separated). Serves /metrics,
 * /healthz and /readyz on OPERATOR_HTTP_PORT (default 8080). LEADER_ELECTION=true for more than one
 * replica.
 */
public final class OperatorMain {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws IOException {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(reconcileHistograms());
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    var namespaces = namespaces(System.getenv("WATCH_NAMESPACES"));
    var leaderElection =
        Boolean.parseBoolean(System.getenv().getOrDefault("LEADER_ELECTION", "false"));
    var client = CloudOperator.countingClient(Config.autoConfigure(null), registry);
    var operator = CloudOperator.start(client, registry, namespaces, leaderElection);
    int port = Integer.parseInt(System.getenv().getOrDefault("OPERATOR_HTTP_PORT", "8080"));
    serve(port, registry, operator);
    log.info(
        "operator started: namespaces={}, leaderElection={}, http port={}",
        namespaces.isEmpty() ? "all" : namespaces,
        leaderElection,
        port);
    Runtime.getRuntime().addShutdownHook(new Thread(operator::close, "shutdown"));
  }

  /**
   * Histogram buckets on JOSDK's timers, so p50/p99 reconcile latency can be read from /metrics
   * (hack/bench.sh).
   */
  static MeterFilter reconcileHistograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("operator.sdk.")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }

  static Set<String> namespaces(String env) {
    if (env == null || env.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(env.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static void serve(int port, PrometheusMeterRegistry registry, CloudOperator operator)
      throws IOException {
    var server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", ex -> respond(ex, 200, registry.scrape()));
    server.createContext("/healthz", ex -> respond(ex, 200, "ok"));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ok = operator.isRunning();
          respond(ex, ok ? 200 : 503, ok ? "ok" : "informers not healthy");
        });
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int code, String body)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
