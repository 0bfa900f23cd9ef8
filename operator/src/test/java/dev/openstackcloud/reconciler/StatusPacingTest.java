package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPacingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void detailOfAConvergingCloudWaitsLongerWithEachWriteUpToTheLongest() {
    var pacing = new StatusPacing();
    var first = converging("KeystoneNotReady", 1L);
    pacing.written("uid", new OpenStackCloudStatus(), first, T0);
    var detail = converging("GlanceNotReady", 1L);
    detail.getComponents().put("keystone", new ComponentStatus(1, 1, "keystone"));

    assertThat(pacing.hold("uid", first, detail, T0.plusSeconds(3)))
        .isEqualTo(StatusPacing.FIRST.minusSeconds(3));
    assertThat(pacing.hold("uid", first, detail, T0.plus(StatusPacing.FIRST))).isZero();
    assertThat(pacing.hold("other-uid", first, detail, T0.plusSeconds(3)))
        .as("no write seen since start: write")
        .isZero();

    var at = T0;
    for (var wait : new long[] {10, 20, 30, 30}) {
      at = at.plusSeconds(100);
      pacing.written("uid", first, detail, at);
      assertThat(pacing.hold("uid", first, detail, at)).isEqualTo(Duration.ofSeconds(wait));
    }
    at = at.plusSeconds(100);
    pacing.written("uid", first, converging("KeystoneNotReady", 2L), at);
    assertThat(pacing.hold("uid", first, detail, at))
        .as("an urgent write starts the waits over")
        .isEqualTo(StatusPacing.FIRST);
  }

  @Test
  void headlineFlipsNewGenerationsAndCloudsAtRestGoOutAtOnce() {
    var pacing = new StatusPacing();
    var before = converging("KeystoneNotReady", 1L);
    pacing.written("uid", new OpenStackCloudStatus(), before, T0);
    var soon = T0.plusSeconds(1);

    assertThat(pacing.hold("uid", new OpenStackCloudStatus(), before, soon))
        .as("first status")
        .isZero();
    assertThat(pacing.hold("uid", before, converging("KeystoneNotReady", 2L), soon))
        .as("new generation")
        .isZero();
    assertThat(
            pacing.hold("uid", before, status(true, false, false, "AllComponentsReady", 1L), soon))
        .as("Ready")
        .isZero();
    assertThat(pacing.hold("uid", before, status(false, true, true, "KeystoneNotReady", 1L), soon))
        .as("Degraded")
        .isZero();
    var degraded = status(false, true, true, "KeystoneNotReady", 1L);
    assertThat(pacing.hold("uid", degraded, status(false, true, true, "GlanceNotReady", 1L), soon))
        .as("change of a degraded cloud")
        .isZero();
    var upgradeStep = converging("KeystoneNotReady", 1L);
    upgradeStep.setComponentReleases(Map.of("Keystone", "2025.1"));
    assertThat(pacing.hold("uid", before, upgradeStep, soon)).as("upgrade step").isZero();
    assertThat(pacing.hold("uid", before, converging("GlanceNotReady", 1L), soon))
        .as("detail")
        .isEqualTo(Duration.ofSeconds(4));
  }

  private static OpenStackCloudStatus converging(String reason, long generation) {
    return status(false, true, false, reason, generation);
  }

  private static OpenStackCloudStatus status(
      boolean ready, boolean progressing, boolean degraded, String reason, long generation) {
    var s = new OpenStackCloudStatus();
    s.setObservedGeneration(generation);
    s.setConditions(
        new Conditions(null, generation, T0)
            .set(Conditions.READY, ready, reason, "")
            .set(Conditions.PROGRESSING, progressing, reason, "")
            .set(Conditions.DEGRADED, degraded, degraded ? reason : "NoFailures", "")
            .set("KeystoneReady", ready, reason, "")
            .build());
    return s;
  }
}
