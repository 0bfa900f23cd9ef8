package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * While a cloud converges, its status changes with every Job that finishes and every pod that comes
 * up; writing each change cost more writes than the objects themselves. So a change that only moves
 * detail (per-component conditions, pod counts, endpoints, which object is waited for) is held back
 * and written, as it is by then, {@link #FIRST} after the cloud's last status write; the wait
 * doubles with each such write, up to {@link #LONGEST}, as a long convergence is a slow one.
 * Everything else is written at once and starts the waits over: the first status, a new
 * observedGeneration, a flip of any headline condition (Ready, Degraded, Progressing, Paused,
 * Conflict, ...), release and upgrade steps and the Upgrading reason (a canary awaiting approval),
 * contested nodes, expiry, and any change to a cloud that is not converging (Ready, Degraded, or at
 * rest).
 */
final class StatusPacing {
  static final Duration FIRST = Duration.ofSeconds(5);
  static final Duration LONGEST = Duration.ofSeconds(30);
  private static final List<String> HEADLINE =
      List.of(
          Conditions.READY,
          Conditions.PROGRESSING,
          Conditions.DEGRADED,
          Conditions.CONFLICT,
          Conditions.NODE_CONFLICT,
          Conditions.PAUSED,
          Conditions.UPGRADING,
          Conditions.UPGRADE_REFUSED);

  /** A cloud's last status write and the wait before the next change of detail may follow it. */
  private record Last(Instant at, Duration delay) {}

  /** Per cloud uid; bounded, since clouds come and go. */
  private final Map<String, Last> last =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
              return size() > 10_000;
            }
          });

  /**
   * How long to hold {@code next} back; zero means write it now, and the caller then reports the
   * write with {@link #written}.
   */
  Duration hold(String uid, OpenStackCloudStatus previous, OpenStackCloudStatus next, Instant now) {
    var l = last.get(uid);
    if (l == null || urgent(previous, next)) {
      return Duration.ZERO;
    }
    var left = Duration.between(now, l.at().plus(l.delay()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Records a write of {@code next} over {@code previous}: an urgent one starts the waits over, a
   * held one doubles the wait.
   */
  void written(String uid, OpenStackCloudStatus previous, OpenStackCloudStatus next, Instant now) {
    var l = last.get(uid);
    var wait = l == null || urgent(previous, next) ? FIRST : l.delay().multipliedBy(2);
    last.put(uid, new Last(now, wait.compareTo(LONGEST) > 0 ? LONGEST : wait));
  }

  /** A change nobody should wait for: see the class comment. */
  static boolean urgent(OpenStackCloudStatus previous, OpenStackCloudStatus next) {
    if (previous == null
        || previous.getConditions() == null
        || previous.getConditions().isEmpty()) {
      return true;
    }
    var conditions = next.getConditions();
    boolean converging =
        Conditions.isTrue(conditions, Conditions.PROGRESSING)
            && !Conditions.isTrue(conditions, Conditions.READY)
            && !Conditions.isTrue(conditions, Conditions.DEGRADED);
    return !converging
        || HEADLINE.stream()
            .anyMatch(
                type ->
                    !Objects.equals(
                        status(previous.getConditions(), type), status(conditions, type)))
        // an upgrade's step (a canary waiting for approval) asks something of the user
        || !Objects.equals(
            reason(previous.getConditions(), Conditions.UPGRADING),
            reason(conditions, Conditions.UPGRADING))
        || !Objects.equals(previous.getObservedGeneration(), next.getObservedGeneration())
        || !Objects.equals(previous.getRelease(), next.getRelease())
        || !Objects.equals(previous.getComponentReleases(), next.getComponentReleases())
        || !Objects.equals(previous.getCanaryHosts(), next.getCanaryHosts())
        || !Objects.equals(previous.getMigratedSteps(), next.getMigratedSteps())
        || !Objects.equals(previous.getCanaryHealthySince(), next.getCanaryHealthySince())
        || !Objects.equals(previous.getContestedNodes(), next.getContestedNodes())
        || !Objects.equals(previous.getExpiresAt(), next.getExpiresAt());
  }

  private static String reason(List<Condition> conditions, String type) {
    var c = Conditions.find(conditions, type);
    return c == null ? null : c.getReason();
  }

  private static String status(List<Condition> conditions, String type) {
    var c = Conditions.find(conditions, type);
    return c == null ? null : c.getStatus();
  }
}
