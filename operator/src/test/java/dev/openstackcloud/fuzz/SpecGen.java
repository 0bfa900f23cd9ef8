package dev.openstackcloud.fuzz;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Specs as a user writes them (only the fields they set), built from shrinkable generators: every
 * pool lists its plain value first, so a failing spec shrinks towards fewer services, fewer
 * overrides and plain values. Hostile strings carry {@link #MARK}; CEL rules (nova needs glance,
 * placement and neutron; fake hypervisors only with the fake driver) are kept by construction.
 */
final class SpecGen {
  /** Every injection attempt carries this marker; no rendered line may start with it. */
  static final String MARK = "oscfuzz";

  /** Override values that start with this are what a user would keep secret (a password). */
  static final String USER_SECRET = "usersecret-";

  private SpecGen() {}

  /**
   * A cloud's metadata, the spec the user wrote, and the release its status says runs (null: a
   * first install).
   */
  record Case(String name, String namespace, String running, Map<String, Object> spec) {
    @Override
    public String toString() {
      var status = running == null ? Map.of() : Map.of("status", Map.of("release", running));
      return "\n"
          + Serialization.asYaml(
              map("metadata", Map.of("name", name, "namespace", namespace), "spec", spec))
          + Serialization.asYaml(status);
    }
  }

  /**
   * Override names and values as users write them, then hostile ones (multi-line, brackets, key =
   * value, too long).
   */
  private static final List<String> SECTIONS =
      List.of(
          "DEFAULT",
          "database",
          "keystone_authtoken",
          "oslo_messaging_rabbit",
          "local_settings",
          "token");

  private static final List<String> HOSTILE_SECTIONS =
      List.of("DEFAULT]\n[" + MARK, MARK + " section", "[" + MARK + "]", "", "s".repeat(65));
  private static final List<String> OPTIONS =
      List.of("debug", "connection", "password", "SITE_BRANDING", "transport_url", "DEBUG");
  private static final List<String> HOSTILE_OPTIONS =
      List.of("x\n[" + MARK + "]", MARK + " = 1", MARK + "=1", "", "a b", "o".repeat(129));
  private static final List<String> VALUES =
      List.of(
          "true",
          "1",
          "",
          USER_SECRET + "7f3a9c2e1b",
          USER_SECRET + "0042aa",
          "[" + MARK + "]",
          MARK + " = 2",
          "%(" + MARK + ")s",
          "é東京🚀 \"'\\",
          "true\u2028[" + MARK + "]\u0085" + MARK + "=1",
          "v".repeat(4000));
  private static final List<String> HOSTILE_VALUES =
      List.of(
          "true\n[" + MARK + "]\n" + MARK + " = 1",
          "v\r\n" + MARK + "_key = 1",
          "\n" + MARK + " = 1",
          "v\r[" + MARK + "]");

  static Gen<Case> cases() {
    Gen<String> name = arbitrary().pick("dev", "c1", "a-cloud-whose-name-is-long-enough-to-matter");
    Gen<String> namespace = arbitrary().pick("cloud-dev", "ns-1");
    // a running release other than spec.release is an upgrade (or a refused one) in progress
    Gen<String> running =
        arbitrary().pick(Arrays.asList(null, "2025.1", "2024.2", "2024.1", "2025.2"));
    return name.zip(namespace, running, (n, ns, r) -> List.of(n, ns, r == null ? "" : r))
        .zip(
            top(),
            services(),
            (meta, top, services) -> {
              var spec = new LinkedHashMap<String, Object>(top);
              if (!services.isEmpty()) {
                spec.put("services", services);
              }
              return new Case(
                  meta.get(0), meta.get(1), meta.get(2).isEmpty() ? null : meta.get(2), spec);
            });
  }

  /** release, images, infrastructure, placement, lifetime. */
  private static Gen<Map<String, Object>> top() {
    Gen<String> release =
        mostly(
            List.of("2025.1", "2024.2", "2025.2", "2024.1", "2026.1", "2099.2"),
            List.of("2025.3", "2025.1\n[" + MARK + "]"));
    Gen<Map<String, Object>> images =
        optional(
            mostly(
                    List.of("quay.io/openstack.kolla", "registry.local:5000/kolla"),
                    List.of("Quay.io/x", "reg\n[" + MARK + "]"))
                .zip(
                    mostly(
                        List.of("ubuntu-noble", "debian-bookworm", "rocky-9"), List.of("Ubuntu")),
                    mostly(
                        Arrays.asList(null, "2025.1-local", "_x"),
                        List.of("-bad", "a\n[" + MARK + "]")),
                    (registry, distro, tag) ->
                        map("registry", registry, "distro", distro, "tag", tag)));
    Gen<Map<String, Object>> infrastructure =
        optional(
            mostly(List.of(1), List.of(0, 2))
                .zip(
                    mostly(List.of("10Gi", "1Mi", "512Mi", "2Ti"), List.of("0Gi", "10GB")),
                    replicas(),
                    mostly(List.of(1024, 64), List.of(0, 100000)),
                    (dbReplicas, size, cacheReplicas, memory) ->
                        map(
                            "database", map("replicas", dbReplicas, "storage", map("size", size)),
                            "cache", map("replicas", cacheReplicas, "memoryMiB", memory))));
    Gen<Map<String, Object>> placement =
        optional(
            arbitrary()
                .pick(
                    Map.<String, String>of(),
                    Map.of("openstackcloud.dev/compute", "true"),
                    Map.of("node-role", MARK + "\n[x]"))
                .map(selector -> map("compute", map("nodeSelector", selector))));
    // the pattern admits any count: the last ones overflow a long, a Duration, an Instant
    Gen<String> lifetime =
        mostly(
            Arrays.asList(
                null,
                "6h",
                "1d12h",
                "30m",
                "1h1h",
                "99999999999999999999d",
                "106751991167301d",
                "9999999999999d"),
            List.of("6 hours", "1.5h"));
    return release
        .zip(
            images,
            infrastructure,
            placement,
            (r, i, inf, p) -> map("release", r, "images", i, "infrastructure", inf, "placement", p))
        .zip(
            lifetime,
            upgrade(),
            (m, l, u) -> {
              var out = new LinkedHashMap<>(m);
              put(out, "lifetime", l);
              put(out, "upgrade", u);
              return out;
            });
  }

  /** Canary hosts, an approval and a soak (durations as for lifetime). */
  private static Gen<Map<String, Object>> upgrade() {
    return optional(
        mostly(List.of(0, 1, 2, 1000), List.of(-1, 1001))
            .zip(
                mostly(Arrays.asList(null, "2025.1", "2025.2"), List.of("2025")),
                mostly(
                    Arrays.asList(null, "10m", "99999999999999999999d", "9999999999999d"),
                    List.of("soon")),
                (canary, approved, soak) ->
                    map("canary", canary, "approvedRelease", approved, "canarySoak", soak)));
  }

  private static Gen<Map<String, Object>> services() {
    Gen<Map<String, Object>> keystone =
        optional(
            mostly(
                    List.of("RegionOne", "RegionTwo", "r1", "x".repeat(64)),
                    List.of("Région-東京", "a\n[" + MARK + "]", MARK + " = 1", "x".repeat(65)))
                .zip(
                    replicas(),
                    config(),
                    image(),
                    (region, replicas, config, image) ->
                        map(
                            "region",
                            region,
                            "replicas",
                            replicas,
                            "config",
                            config,
                            "image",
                            image)));
    Gen<Map<String, Object>> glance = service();
    Gen<Map<String, Object>> placement = service();
    Gen<Map<String, Object>> neutron = service();
    Gen<Map<String, Object>> horizon = service();
    Gen<Map<String, Object>> nova =
        service()
            .zip(
                arbitrary().pick("libvirt", "fake"),
                integers().between(1, 4),
                (s, driver, fakes) ->
                    s == null
                        ? null
                        : with(
                            s,
                            "compute",
                            "fake".equals(driver)
                                ? map("driver", driver, "fakeHypervisors", fakes)
                                : map("driver", driver)));
    return keystone
        .zip(
            glance,
            placement,
            neutron,
            (k, g, p, n) -> map("keystone", k, "glance", g, "placement", p, "neutron", n))
        .zip(
            horizon,
            nova,
            (m, h, nv) -> {
              var out = new LinkedHashMap<>(m);
              put(out, "horizon", h);
              put(out, "nova", nv);
              if (nv != null && !Boolean.FALSE.equals(nv.get("enabled"))) {
                // the CRD's CEL rules: nova needs glance, placement and neutron (enabled)
                for (var needed : List.of("glance", "placement", "neutron")) {
                  @SuppressWarnings("unchecked")
                  var s = (Map<String, Object>) out.get(needed);
                  out.put(needed, s == null ? map() : without(s, "enabled"));
                }
              }
              return out;
            });
  }

  /**
   * An optional service: absent, or present with enabled unset/true/false, replicas and overrides.
   */
  private static Gen<Map<String, Object>> service() {
    return booleans()
        .all()
        .zip(
            arbitrary().pick(Arrays.asList(null, true, false)),
            replicas(),
            config(),
            (present, enabled, replicas, config) ->
                present ? map("enabled", enabled, "replicas", replicas, "config", config) : null)
        .zip(image(), (s, image) -> s == null || image == null ? s : with(s, "image", image));
  }

  /** A workload's own image instead of the Kolla one. */
  private static Gen<String> image() {
    return mostly(
        Arrays.asList(null, "registry.local/keystone:custom", "x", MARK + "/[" + MARK + "]:1"),
        List.of("two words", "a\n[" + MARK + "]"));
  }

  /** section -> option -> value, from pools where plain names come first. */
  private static Gen<Map<String, Map<String, String>>> config() {
    Gen<List<String>> entry =
        often(SECTIONS, HOSTILE_SECTIONS)
            .zip(often(OPTIONS, HOSTILE_OPTIONS), often(VALUES, HOSTILE_VALUES), List::of);
    return lists()
        .of(entry)
        .ofSizeBetween(0, 3)
        .map(
            entries -> {
              var config = new LinkedHashMap<String, Map<String, String>>();
              entries.forEach(
                  e ->
                      config
                          .computeIfAbsent(e.get(0), s -> new LinkedHashMap<>())
                          .put(e.get(1), e.get(2)));
              return config;
            });
  }

  /** Mostly in the schema's range, sometimes just outside it. */
  private static Gen<Integer> replicas() {
    return mostly(List.of(1, 2, 3), List.of(0, 33));
  }

  /**
   * One of {@code admitted} 49 times in 50, else one the CRD refuses: most specs reach the
   * operator, and the schema's refusals are still tried. Shrinks towards the first admitted value.
   */
  private static <T> Gen<T> mostly(List<T> admitted, List<T> refused) {
    return Generate.frequency(
        Pair.of(49, arbitrary().pick(admitted)), Pair.of(1, arbitrary().pick(refused)));
  }

  /**
   * Plain nine times in ten: overrides are the operator's own checks, so hostile ones come often.
   */
  private static <T> Gen<T> often(List<T> plain, List<T> hostile) {
    return Generate.frequency(
        Pair.of(9, arbitrary().pick(plain)), Pair.of(1, arbitrary().pick(hostile)));
  }

  private static <T> Gen<T> optional(Gen<T> gen) {
    return booleans().all().zip(gen, (present, value) -> present ? value : null);
  }

  /** A map of the pairs whose value is set (null, or an empty config: the user left it out). */
  static Map<String, Object> map(Object... pairs) {
    var out = new LinkedHashMap<String, Object>();
    for (int i = 0; i < pairs.length; i += 2) {
      put(out, (String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null && !(value instanceof Map<?, ?> m && m.isEmpty() && "config".equals(key))) {
      out.put(key, value);
    }
  }

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    var out = new LinkedHashMap<>(m);
    out.put(key, value);
    return out;
  }

  private static Map<String, Object> without(Map<String, Object> m, String key) {
    var out = new LinkedHashMap<>(m);
    out.remove(key);
    return out;
  }
}
