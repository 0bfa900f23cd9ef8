package dev.openstackcloud.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random and malformed specs, from a seed (-Dosc.fuzz.seed, -Dosc.fuzz.cases): each is rejected by
 * the API server or accepted and reported in status; the operator process stays up, renders no
 * injected INI line and logs no generated secret.
 */
@ExtendWith(LocalCluster.class)
class SpecFuzzIT {
  private static final ResourceDefinitionContext CLOUDS =
      new ResourceDefinitionContext.Builder()
          .withGroup("openstackcloud.dev")
          .withVersion("v1alpha1")
          .withPlural("openstackclouds")
          .withKind("OpenStackCloud")
          .withNamespaced(true)
          .build();

  /** Every injection carries this marker; no rendered line may start with it. */
  private static final String MARK = "oscfuzz";

  @Test
  void badSpecsAreRejectedOrReportedAndNeverCrashInjectOrLeak(KubernetesClient client)
      throws Exception {
    long seed = Long.getLong("osc.fuzz.seed", 20261122L);
    int cases = Integer.getInteger("osc.fuzz.cases", 24);
    var random = new Random(seed);
    var run = Integer.toHexString(random.nextInt(0x1000, 0xffff));
    var namespaces = new ArrayList<String>();
    for (int i = 0; i < cases; i++) {
      var ns = "specfuzz-" + run + "-" + i;
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("openstackcloud.dev/test", "true")
                  .endMetadata()
                  .build())
          .create();
      namespaces.add(ns);
    }
    try (var operator =
        OperatorProcess.start(
            "specfuzz", Map.of("WATCH_NAMESPACES", String.join(",", namespaces)))) {
      var accepted = new TreeMap<String, String>();
      int rejected = 0;
      for (int i = 0; i < cases; i++) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("release", "2025.1");
        var applied = new ArrayList<String>();
        for (int m = 0, n = 1 + random.nextInt(2); m < n; m++) {
          var mutation = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
          mutation.change().accept(new Mutation.Target(spec, random));
          applied.add(mutation.name());
        }
        var cloud =
            new GenericKubernetesResourceBuilder()
                .withApiVersion("openstackcloud.dev/v1alpha1")
                .withKind("OpenStackCloud")
                .withNewMetadata()
                .withName("fuzz")
                .withNamespace(namespaces.get(i))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
        try {
          client
              .genericKubernetesResources(CLOUDS)
              .resource(cloud)
              .fieldManager("specfuzz")
              .forceConflicts()
              .serverSideApply();
          accepted.put(namespaces.get(i), String.join("+", applied));
        } catch (KubernetesClientException e) {
          // server-side apply answers a value of the wrong type with 500 "failed to create typed
          // patch object"
          boolean typeError =
              e.getCode() == 500
                  && String.valueOf(e.getMessage()).contains("failed to create typed patch object");
          assertThat(e.getCode() == 400 || e.getCode() == 422 || typeError)
              .as("rejection of %s: %s", applied, e.getMessage())
              .isTrue();
          rejected++;
        }
      }

      // every accepted cloud gets a status for its generation: Ready, Degraded with a reason, or
      // still coming up
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> accepted.keySet().stream().allMatch(ns -> observed(get(client, ns))));
      var outcome = new TreeMap<String, Integer>();
      accepted.forEach(
          (ns, what) -> {
            var cloud = get(client, ns);
            var verdict =
                condition(cloud, "Ready").equals("True")
                    ? "Ready"
                    : condition(cloud, "Degraded").equals("True")
                        ? "Degraded/" + reason(cloud, "Degraded")
                        : "Progressing";
            outcome.merge(verdict, 1, Integer::sum);
            System.out.printf("  %-28s %-40s %s%n", ns, what, verdict);
          });
      double failures = operator.reconcileFailures();
      Thread.sleep(10_000);
      double failuresLater = operator.reconcileFailures();

      // no rendered line starts with an injected section or key
      var secrets =
          namespaces.stream()
              .flatMap(ns -> client.secrets().inNamespace(ns).list().getItems().stream())
              .toList();
      var injected = new ArrayList<String>();
      for (Secret s : secrets) {
        decoded(s)
            .forEach(
                (key, text) ->
                    text.lines()
                        .map(String::strip)
                        .filter(l -> l.startsWith("[" + MARK) || l.startsWith(MARK))
                        .forEach(
                            l ->
                                injected.add(
                                    s.getMetadata().getNamespace()
                                        + "/"
                                        + s.getMetadata().getName()
                                        + "/"
                                        + key
                                        + ": "
                                        + l)));
      }
      // no generated secret value in the log
      var log = operator.log();
      var leaked =
          secrets.stream()
              .filter(
                  s ->
                      Labels.OPERATOR.equals(
                          s.getMetadata().getLabels() == null
                              ? null
                              : s.getMetadata().getLabels().get(Labels.MANAGED_BY)))
              .flatMap(s -> decoded(s).values().stream())
              .filter(v -> v.length() >= 12 && !v.contains("\n") && log.contains(v))
              .toList();

      System.out.printf(
          "spec fuzz (seed %d): tried %d, rejected %d, accepted %d %s, reconcile failures %.0f (%.0f 10 s later), crashes %d, injected lines %d, leaked secrets %d%n",
          seed,
          cases,
          rejected,
          accepted.size(),
          outcome,
          failures,
          failuresLater,
          operator.isAlive() ? 0 : 1,
          injected.size(),
          leaked.size());
      assertThat(operator.isAlive()).as("operator process alive").isTrue();
      assertThat(rejected + accepted.size()).isEqualTo(cases);
      assertThat(rejected).as("the generator makes some specs the API server refuses").isPositive();
      assertThat(accepted).as("and some it takes").isNotEmpty();
      assertThat(injected).as("injected INI lines").isEmpty();
      assertThat(leaked).as("generated secrets in the operator log").isEmpty();
      // failing clouds are retried with back-off, not in a hot loop
      assertThat(failuresLater - failures)
          .as("reconcile failures in 10 s")
          .isLessThanOrEqualTo(accepted.size());
    } finally {
      namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
    }
  }

  private static GenericKubernetesResource get(KubernetesClient client, String ns) {
    return client.genericKubernetesResources(CLOUDS).inNamespace(ns).withName("fuzz").get();
  }

  @SuppressWarnings("unchecked")
  private static boolean observed(GenericKubernetesResource cloud) {
    var status = (Map<String, Object>) cloud.getAdditionalProperties().get("status");
    return status != null
        && status.get("observedGeneration") instanceof Number g
        && g.longValue() == cloud.getMetadata().getGeneration();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> conditionOf(GenericKubernetesResource cloud, String type) {
    var status = (Map<String, Object>) cloud.getAdditionalProperties().get("status");
    var conditions =
        status == null
            ? List.<Map<String, Object>>of()
            : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }

  private static String condition(GenericKubernetesResource cloud, String type) {
    return String.valueOf(conditionOf(cloud, type).get("status"));
  }

  private static String reason(GenericKubernetesResource cloud, String type) {
    return String.valueOf(conditionOf(cloud, type).get("reason"));
  }

  private static Map<String, String> decoded(Secret s) {
    var out = new TreeMap<String, String>();
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** One way to spoil a spec. */
  record Mutation(String name, Consumer<Target> change) {
    record Target(Map<String, Object> spec, Random random) {
      @SuppressWarnings("unchecked")
      Map<String, Object> at(String... path) {
        Map<String, Object> m = spec;
        for (var p : path) {
          // a later mutation overrides an earlier one: a non-map (or immutable map) becomes a fresh
          // map
          var next =
              m.get(p) instanceof LinkedHashMap<?, ?> existing
                  ? (Map<String, Object>) existing
                  : m.get(p) instanceof Map<?, ?> other
                      ? new LinkedHashMap<>((Map<String, Object>) other)
                      : new LinkedHashMap<String, Object>();
          m.put(p, next);
          m = next;
        }
        return m;
      }

      String longString(int n) {
        var b = new StringBuilder();
        while (b.length() < n) {
          b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
      }
    }
  }

  private static Map<String, Object> override(String section, String key, String value) {
    return Map.of(section, Map.of(key, value));
  }

  private static final List<Mutation> MUTATIONS =
      List.of(
          new Mutation("release-number", t -> t.spec().put("release", 2025)),
          new Mutation("services-string", t -> t.spec().put("services", "keystone")),
          new Mutation("replicas-string", t -> t.at("services", "keystone").put("replicas", "two")),
          new Mutation(
              "replicas-huge", t -> t.at("services", "keystone").put("replicas", 1L << 40)),
          new Mutation("replicas-negative", t -> t.at("services", "keystone").put("replicas", -1)),
          new Mutation("replicas-float", t -> t.at("services", "keystone").put("replicas", 1e300)),
          new Mutation("unknown-field", t -> t.spec().put("bogus" + t.random().nextInt(100), true)),
          new Mutation("release-unicode", t -> t.spec().put("release", "２０２５.１")),
          new Mutation(
              "region-unicode", t -> t.at("services", "keystone").put("region", "Région-東京-🚀")),
          new Mutation(
              "region-long", t -> t.at("services", "keystone").put("region", t.longString(10_000))),
          new Mutation(
              "image-long",
              t -> t.at("services", "keystone").put("image", "img/" + t.longString(5_000))),
          new Mutation("empty-services", t -> t.spec().put("services", Map.of())),
          new Mutation("empty-placement", t -> t.spec().put("placement", Map.of())),
          new Mutation("empty-config", t -> t.at("services", "keystone").put("config", Map.of())),
          new Mutation(
              "empty-section",
              t -> t.at("services", "keystone").put("config", Map.of("DEFAULT", Map.of()))),
          new Mutation("nova-without-placement", t -> t.at("services", "nova")),
          new Mutation(
              "fake-hypervisors-libvirt",
              t ->
                  t.at("services", "nova", "compute")
                      .putAll(Map.of("driver", "libvirt", "fakeHypervisors", 3))),
          new Mutation("glance-two-replicas", t -> t.at("services", "glance").put("replicas", 2)),
          new Mutation(
              "inject-newline-section",
              t ->
                  t.at("services", "keystone")
                      .put(
                          "config",
                          override("DEFAULT", "debug", "true\n[" + MARK + "]\n" + MARK + " = 1"))),
          new Mutation(
              "inject-crlf",
              t ->
                  t.at("services", "keystone")
                      .put("config", override("DEFAULT", "debug", "true\r\n" + MARK + "_key = 1"))),
          new Mutation(
              "inject-in-key",
              t ->
                  t.at("services", "keystone")
                      .put("config", override("DEFAULT", "x\n[" + MARK + "]", "1"))),
          new Mutation(
              "inject-in-section",
              t ->
                  t.at("services", "keystone")
                      .put("config", override("DEFAULT]\n[" + MARK, "a", "1"))),
          new Mutation(
              "inject-unicode-separator",
              t ->
                  t.at("services", "keystone")
                      .put(
                          "config",
                          override(
                              "DEFAULT", "debug", "true\u2028[" + MARK + "]\u0085" + MARK + "=1"))),
          new Mutation(
              "bracket-value",
              t ->
                  t.at("services", "keystone")
                      .put("config", override("DEFAULT", "debug", "[" + MARK + "]"))),
          new Mutation(
              "plain-override",
              t ->
                  t.at("services", "keystone").put("config", override("DEFAULT", "debug", "true"))),
          new Mutation(
              "huge-map",
              t -> {
                var big = new LinkedHashMap<String, String>();
                for (int i = 0; i < 500; i++) {
                  big.put("opt_" + i, t.longString(50));
                }
                t.at("services", "keystone").put("config", Map.of("DEFAULT", big));
              }));
}
