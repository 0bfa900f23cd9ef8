package dev.openstackcloud.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a condition list that keeps each lastTransitionTime unless that condition's status flips.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String CONFLICT = "Conflict";
  public static final String NODE_CONFLICT = "NodeConflict";
  public static final String PAUSED = "Paused";
  public static final String UPGRADING = "Upgrading";
  public static final String UPGRADE_REFUSED = "UpgradeRefused";

  private final List<Condition> previous;
  private final long generation;
  private final List<Condition> next = new ArrayList<>();
  private final Instant now;

  public Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  public Conditions set(String type, boolean status, String reason, String message) {
    var s = status ? "True" : "False";
    var old = find(previous, type);
    var since =
        old != null && Objects.equals(old.getStatus(), s)
            ? old.getLastTransitionTime()
            : now.toString();
    next.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(s)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  public List<Condition> build() {
    return next;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    var c = find(conditions, type);
    return c != null && "True".equals(c.getStatus());
  }
}
