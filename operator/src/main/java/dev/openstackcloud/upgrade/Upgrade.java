package dev.openstackcloud.upgrade;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a release upgrade stands and what it does next, decided from the cloud and the component
 * readiness this reconcile observed. A step moves to the new release only once every earlier step
 * is ready at it; the move is recorded in status first and rendered by the next reconcile.
 */
public final class Upgrade {
  public enum State { NONE, UPGRADING, REFUSED, DONE }

  /**
   * @param step the step being upgraded or waited on (UPGRADING), else null
   * @param componentReleases what status.componentReleases becomes (null: every step runs release)
   * @param release what status.release becomes
   */
  public record Plan(State state, UpgradeStep step, String reason, String message,
      Map<String, String> componentReleases, String release) {}

  private Upgrade() {}

  /**
   * @param enabled status components the cloud has
   * @param ready those that reported ready in this reconcile
   * @param hold true while paused: report where the upgrade is, move nothing
   */
  public static Plan plan(OpenStackCloud cloud, Set<String> enabled, Set<String> ready, boolean hold) {
    var status = cloud.getStatus();
    var running = status == null ? null : status.getRelease();
    var target = cloud.getSpec().getRelease();
    var moved = new TreeMap<String, String>(status == null || status.getComponentReleases() == null ? Map.of() : status.getComponentReleases());
    boolean allReady = ready.containsAll(enabled);
    if (running == null) {
      return new Plan(State.NONE, null, "NoUpgrade", "", null, null); // first install: the caller decides
    }
    var inFlight = moved.values().stream().filter(r -> !r.equals(running)).findFirst().orElse(null);
    if (inFlight == null && running.equals(target)) {
      return new Plan(State.NONE, null, "NoUpgrade", "", null, running);
    }
    if (inFlight != null && !inFlight.equals(target)) {
      // Some steps already ran their new release's database migrations: going elsewhere is not safe.
      return new Plan(State.REFUSED, null, "UpgradeInProgress",
          "an upgrade from " + running + " to " + inFlight + " is in progress; set spec.release back to " + inFlight
              + " to finish it (rollback is not supported)", orNull(moved), running);
    }
    if (inFlight == null && !ReleaseHops.allowed(running, target)) {
      var targets = ReleaseHops.targets(running);
      return new Plan(State.REFUSED, null, "UnsupportedHop",
          "cannot upgrade from " + running + " to " + target + "; allowed targets from " + running + ": "
              + (targets.isEmpty() ? "none" : String.join(", ", targets)), null, running);
    }
    var steps = List.of(UpgradeStep.values());
    var next = steps.stream().filter(s -> !target.equals(moved.get(s.key()))).findFirst();
    if (hold && next.isPresent()) {
      return upgrading(next.get(), running, target, moved, "paused before step " + next.get().key());
    }
    for (int i = 0; i < steps.size(); i++) {
      var step = steps.get(i);
      if (target.equals(moved.get(step.key()))) {
        continue;
      }
      boolean present = step.components().stream().anyMatch(enabled::contains);
      var earlier = steps.subList(0, i);
      var waitingOn = earlier.stream().filter(s -> s.components().stream().anyMatch(c -> enabled.contains(c) && !ready.contains(c))).findFirst();
      if (!present) {
        moved.put(step.key(), target); // nothing of it runs: nothing to wait for
        continue;
      }
      if (waitingOn.isPresent()) {
        return upgrading(waitingOn.get(), running, target, moved, "waiting for step " + waitingOn.get().key() + " to be ready at " + target);
      }
      moved.put(step.key(), target);
      return upgrading(step, running, target, moved, "step " + step.key() + " moving to " + target);
    }
    if (allReady) {
      return new Plan(State.DONE, null, "UpgradeComplete", "upgraded from " + running + " to " + target, null, target);
    }
    var last = steps.stream().filter(s -> s.components().stream().anyMatch(c -> enabled.contains(c) && !ready.contains(c))).findFirst().orElse(UpgradeStep.HORIZON);
    return upgrading(last, running, target, moved, "waiting for step " + last.key() + " to be ready at " + target);
  }

  private static Plan upgrading(UpgradeStep step, String from, String to, Map<String, String> moved, String detail) {
    return new Plan(State.UPGRADING, step, step.reason(), "upgrading from " + from + " to " + to + ": " + detail, orNull(moved), from);
  }

  private static Map<String, String> orNull(Map<String, String> moved) {
    return moved.isEmpty() ? null : new TreeMap<>(moved);
  }
}
