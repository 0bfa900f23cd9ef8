package dev.openstackcloud.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.reconciler.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Properties of every spec, without an API server: thousands of generated specs (SpecGen) through
 * the CRD's checks (CrdSchema), desired() and the renderers (Rendered). A failure prints the
 * smallest failing spec QuickTheories shrank it to, and the seed (-Dosc.fuzz.seed) that replays it.
 * SpecFuzzIT drives a few such specs through a real API server and operator.
 */
class SpecPropertiesTest {
  private static final long SEED = Long.getLong("osc.fuzz.seed", 20261202L);
  private static final int EXAMPLES = Integer.getInteger("osc.fuzz.examples", 1000);

  /** How an INI, YAML, JSON or Python file reader splits lines. */
  private static final Pattern LINES = Pattern.compile("\r\n|\r|\n");

  private static QuickTheory theory(long salt) {
    // QuickTheories skips a draw it has tried before: ask for a few more so that EXAMPLES distinct
    // specs run
    return qt().withFixedSeed(SEED + salt)
        .withExamples(EXAMPLES + EXAMPLES / 20)
        .withShrinkCycles(2000);
  }

  /**
   * Refused by the schema or by the operator with a message that names the field; otherwise
   * rendered and reported.
   */
  @Test
  void everySpecIsRefusedNamingTheFieldOrRenders() {
    check(
        "refused or rendered",
        1,
        (c, r) -> {
          if (r.rejectedBySchema()) {
            assertThat(r.schemaViolations()).allSatisfy(v -> assertThat(v).startsWith("spec."));
            return "rejected by the CRD schema";
          }
          var keys = configKeys(c.spec());
          r.refusals()
              .forEach(
                  (dependent, e) ->
                      assertThat(keys)
                          .as(
                              "%s refused with \"%s\", naming none of the override keys %s",
                              dependent, e.getMessage(), keys)
                          .anyMatch(k -> e.getMessage().contains(InvalidConfigException.shown(k))));
          var degraded = Conditions.find(r.status().getConditions(), Conditions.DEGRADED);
          var upgradeRefused =
              Conditions.find(r.status().getConditions(), Conditions.UPGRADE_REFUSED);
          if (r.refusals().isEmpty() && "True".equals(upgradeRefused.getStatus())) {
            // a release change the operator will not make: it says which release it refuses
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getMessage()).contains(String.valueOf(c.spec().get("release")));
            return "refused by the operator (UpgradeRefused)";
          }
          if (r.refusals().isEmpty()) {
            assertThat(degraded.getStatus())
                .as("Degraded with no refusal: %s", degraded.getMessage())
                .isEqualTo("False");
            return "rendered";
          }
          assertThat(degraded.getStatus()).isEqualTo("True");
          // a refused component's condition says why (it names its first refused dependent;
          // Degraded may name another failure)
          assertThat(r.status().getConditions())
              .as("conditions naming one of %s", r.refusals().keySet())
              .anyMatch(
                  cond ->
                      "InvalidConfig".equals(cond.getReason())
                          && r.refusals().entrySet().stream()
                              .anyMatch(
                                  e ->
                                      cond.getMessage()
                                          .contains(
                                              e.getKey() + ": " + e.getValue().getMessage())));
          return "refused by the operator (InvalidConfig)";
        });
  }

  /**
   * No rendered file has a line that a user string opened (a section, or an option of its own), nor
   * has a status message.
   */
  @Test
  void noRenderedFileHasAnInjectedSectionOrLine() {
    check(
        "no injected line",
        2,
        (c, r) -> {
          var injected = new ArrayList<String>();
          r.renderedFiles()
              .forEach(
                  (file, text) ->
                      LINES
                          .splitAsStream(text)
                          .map(String::strip)
                          .filter(
                              l -> l.startsWith("[" + SpecGen.MARK) || l.startsWith(SpecGen.MARK))
                          .forEach(l -> injected.add(file + ": " + l)));
          assertThat(injected).as("injected lines").isEmpty();
          // status (and so kubectl describe, the Events and the log that repeat it) quotes user
          // strings on one line
          if (!r.rejectedBySchema()) {
            assertThat(r.status().getConditions())
                .as("condition messages")
                .allSatisfy(cond -> assertThat(cond.getMessage()).doesNotContain("\n", "\r"));
          }
          return r.rejectedBySchema()
              ? "rejected by the CRD schema"
              : "files checked: " + bucket(r.renderedFiles().size());
        });
  }

  /** Generated passwords and secret override values stay out of labels, annotations and status. */
  @Test
  void noSecretInALabelAnAnnotationOrStatus() {
    check(
        "no secret exposed",
        3,
        (c, r) -> {
          if (r.rejectedBySchema()) {
            return "rejected by the CRD schema";
          }
          var secrets = new HashSet<>(r.generatedSecrets());
          configValues(c.spec()).stream()
              .filter(v -> v.startsWith(SpecGen.USER_SECRET))
              .forEach(secrets::add);
          var exposed = new ArrayList<String>();
          for (var o : r.objects()) {
            metadataValues(
                Serialization.jsonMapper().valueToTree(o),
                o.getKind() + "/" + o.getMetadata().getName(),
                exposed);
          }
          exposed.add("status: " + Serialization.asJson(r.status()));
          assertThat(exposed.stream().filter(text -> secrets.stream().anyMatch(text::contains)))
              .as("secrets in labels, annotations and status")
              .isEmpty();
          return secrets.size() > r.generatedSecrets().size()
              ? "with user secrets"
              : "generated secrets only";
        });
  }

  /** Values of every labels and annotations map in the object, pod templates included. */
  private static void metadataValues(JsonNode node, String where, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                if ((f.getKey().equals("labels") || f.getKey().equals("annotations"))
                    && f.getValue().isObject()) {
                  f.getValue()
                      .fields()
                      .forEachRemaining(
                          kv ->
                              out.add(
                                  where
                                      + " "
                                      + f.getKey()
                                      + " "
                                      + kv.getKey()
                                      + "="
                                      + kv.getValue().asText()));
                } else {
                  metadataValues(f.getValue(), where, out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> metadataValues(n, where, out));
    }
  }

  /** Section and option names of every service's overrides. */
  private static Set<String> configKeys(Map<String, Object> spec) {
    var keys = new HashSet<String>();
    configs(spec)
        .forEach(
            config ->
                config.forEach(
                    (section, options) -> {
                      keys.add(section);
                      keys.addAll(options.keySet());
                    }));
    return keys;
  }

  private static List<String> configValues(Map<String, Object> spec) {
    var values = new ArrayList<String>();
    configs(spec)
        .forEach(config -> config.values().forEach(options -> values.addAll(options.values())));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Map<String, String>>> configs(Map<String, Object> spec) {
    var services = (Map<String, Map<String, Object>>) spec.getOrDefault("services", Map.of());
    return services.values().stream()
        .map(s -> (Map<String, Map<String, String>>) s.get("config"))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private static String bucket(int files) {
    return files < 10 ? "<10" : files < 30 ? "10-29" : "30+";
  }

  /**
   * Runs {@code property} (asserting; it returns the case's outcome) over EXAMPLES distinct specs,
   * then prints how many cases had each outcome: the run must have tried as many as asked for.
   */
  private static void check(
      String name, long salt, BiFunction<SpecGen.Case, Rendered, String> property) {
    var tally = new TreeMap<String, AtomicInteger>();
    theory(salt)
        .forAll(SpecGen.cases())
        .checkAssert(
            c ->
                tally
                    .computeIfAbsent(property.apply(c, Rendered.of(c)), k -> new AtomicInteger())
                    .incrementAndGet());
    int total = tally.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf("property \"%s\" (seed %d): %d cases %s%n", name, SEED, total, tally);
    assertThat(total).as("cases tried").isGreaterThanOrEqualTo(EXAMPLES);
  }
}
