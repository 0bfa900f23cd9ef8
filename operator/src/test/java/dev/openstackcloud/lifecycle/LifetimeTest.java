package dev.openstackcloud.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifetimeTest {

  @Test
  void parsesCombinedUnits() {
    assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> Durations.parse("6 hours"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiresAtCreationPlusLifetimeAndNeverWithoutOne() {
    var cloud = cloud(null);
    assertThat(Lifetime.expiresAt(cloud)).isEmpty();
    cloud.getSpec().setLifetime("6h");
    assertThat(Lifetime.expiresAt(cloud)).contains(Instant.parse("2026-01-01T06:00:00Z"));
  }

  /**
   * Found by SpecPropertiesTest: the pattern admits counts that overflow a long, a Duration or an
   * Instant; status threw.
   */
  @Test
  void aLifetimeTooLongForTheClockIsTheLongestOne() {
    assertThat(Durations.parse("99999999999999999999d")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("106751991167301d")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("36500d1s")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("36499d24h")).isEqualTo(Duration.ofDays(36_500));
    var cloud = cloud("9999999999999d");
    assertThat(Lifetime.expiresAt(cloud))
        .contains(Instant.parse("2026-01-01T00:00:00Z").plus(Durations.MAX));
  }

  @Test
  void pausedBySpecOrAnnotation() {
    var cloud = cloud(null);
    assertThat(Pause.isPaused(cloud)).isFalse();
    cloud.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true"));
    assertThat(Pause.isPaused(cloud)).isTrue();
    assertThat(Pause.reason(cloud)).isEqualTo("PausedByAnnotation");
    cloud.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "false"));
    cloud.getSpec().setPaused(true);
    assertThat(Pause.isPaused(cloud)).isTrue();
    assertThat(Pause.reason(cloud)).isEqualTo("PausedBySpec");
  }

  private static OpenStackCloud cloud(String lifetime) {
    var cloud = new OpenStackCloud();
    cloud.setMetadata(
        new ObjectMetaBuilder()
            .withName("c")
            .withNamespace("n")
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .build());
    var spec = new OpenStackCloudSpec();
    spec.setRelease("2025.1");
    spec.setLifetime(lifetime);
    cloud.setSpec(spec);
    return cloud;
  }
}
