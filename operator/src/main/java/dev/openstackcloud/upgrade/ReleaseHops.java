package dev.openstackcloud.upgrade;

import java.util.List;
import java.util.Map;

/**
 * The one place that says which release changes the operator performs: each release to the next,
 * and the skip-level pairs between SLURP releases (.1 to the next year's .1) OpenStack tests.
 */
public final class ReleaseHops {
  private static final Map<String, List<String>> TARGETS =
      Map.of(
          "2024.1", List.of("2024.2", "2025.1"),
          "2024.2", List.of("2025.1"),
          "2025.1", List.of("2025.2", "2026.1"),
          "2025.2", List.of("2026.1"));

  private ReleaseHops() {}

  public static boolean allowed(String from, String to) {
    return targets(from).contains(to);
  }

  /** Where a cloud running {@code from} may go; empty when no upgrade from it is supported. */
  public static List<String> targets(String from) {
    return TARGETS.getOrDefault(from, List.of());
  }
}
