package dev.openstackcloud.lifecycle;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** spec.lifetime: throwaway clouds that delete themselves, so a crashed CI job leaves nothing running. */
public final class Lifetime {
  private static final Pattern PART = Pattern.compile("([0-9]+)([smhd])");
  private static final Pattern WHOLE = Pattern.compile("^(?:[0-9]+[smhd])+$");

  private Lifetime() {}

  /** {@code 1d12h}, {@code 30m}; the CRD pattern already refuses anything else. */
  public static Duration parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a lifetime: " + text);
    }
    var total = Duration.ZERO;
    var m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    return total;
  }

  /** creationTimestamp + lifetime, or empty for a cloud without one. */
  public static Optional<Instant> expiresAt(OpenStackCloud cloud) {
    var lifetime = cloud.getSpec().getLifetime();
    var created = cloud.getMetadata().getCreationTimestamp();
    if (lifetime == null || created == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(created).plus(parse(lifetime)));
  }
}
