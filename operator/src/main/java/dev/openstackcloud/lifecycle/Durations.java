package dev.openstackcloud.lifecycle;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as the CRD writes them (spec.lifetime, spec.upgrade.canarySoak): 30m, 6h, 1d12h. */
public final class Durations {
  /**
   * Longer than any cloud lives. The pattern admits any count, so a longer duration (up to one that
   * overflows a long) counts as this: creation + it stays an instant, and a delay in millis.
   */
  public static final Duration MAX = Duration.ofDays(36_500);

  private static final Pattern PART = Pattern.compile("([0-9]+)([smhd])");

  /** The CRD's own pattern, so the API server refuses anything this would. */
  private static final Pattern WHOLE =
      Pattern.compile(dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec.DURATION_PATTERN);

  private Durations() {}

  public static Duration parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    var total = Duration.ZERO;
    var m = PART.matcher(text);
    while (m.find()) {
      // 12 digits of days still fit a Duration; more is past MAX anyway
      if (m.group(1).length() > 12) {
        return MAX;
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      if (total.compareTo(MAX) > 0) {
        return MAX;
      }
    }
    return total;
  }
}
