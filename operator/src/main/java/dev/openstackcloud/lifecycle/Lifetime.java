package dev.openstackcloud.lifecycle;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import java.time.Instant;
import java.util.Optional;

/**
 * spec.lifetime: throwaway clouds that delete themselves, so a crashed CI job leaves nothing
 * running.
 */
public final class Lifetime {
  private Lifetime() {}

  /** creationTimestamp + lifetime, or empty for a cloud without one. */
  public static Optional<Instant> expiresAt(OpenStackCloud cloud) {
    var lifetime = cloud.getSpec().getLifetime();
    var created = cloud.getMetadata().getCreationTimestamp();
    if (lifetime == null || created == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(created).plus(Durations.parse(lifetime)));
  }
}
