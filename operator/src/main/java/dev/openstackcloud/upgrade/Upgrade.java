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
      Map<String, String> componentReleases, String release, Integer canaryHosts) {}

  /** Names the release it approves, so an approval left on the cloud never approves a later upgrade. */
  public static final String APPROVE_ANNOTATION = "openstackcloud.dev/approve-upgrade";

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
    var canary = status == null ? null : status.getCanaryHosts();
    if (running == null) {
      return new Plan(State.NONE, null, "NoUpgrade", "", null, null, null); // first install: the caller decides
    }
    var inFlight = moved.values().stream().filter(r -> !r.equals(running)).findFirst().orElse(null);
    if (inFlight == null && running.equals(target)) {
      return new Plan(State.NONE, null, "NoUpgrade", "", null, running, null);
    }
    if (inFlight != null && !inFlight.equals(target)) {
      // Some steps already ran their new release's database migrations: going elsewhere is not safe.
      return new Plan(State.REFUSED, null, "UpgradeInProgress",
          "an upgrade from " + running + " to " + inFlight + " is in progress; set spec.release back to " + inFlight
              + " to finish it (rollback is not supported)", orNull(moved), running, canary);
    }
    if (inFlight == null && !ReleaseHops.allowed(running, target)) {
      var targets = ReleaseHops.targets(running);
      return new Plan(State.REFUSED, null, "UnsupportedHop",
          "cannot upgrade from " + running + " to " + target + "; allowed targets from " + running + ": "
              + (targets.isEmpty() ? "none" : String.join(", ", targets)), null, running, null);
    }
    var steps = List.of(UpgradeStep.values());
    var next = steps.stream().filter(s -> !target.equals(moved.get(s.key()))).findFirst();
    if (hold && (next.isPresent() || canary != null)) {
      var at = next.orElse(UpgradeStep.COMPUTE);
      return upgrading(at, running, target, moved, canary, "paused at step " + at.key());
    }
    for (int i = 0; i < steps.size(); i++) {
      var step = steps.get(i);
      if (target.equals(moved.get(step.key()))) {
        if (step == UpgradeStep.COMPUTE && canary != null) {
          return canaryStep(cloud, running, target, moved, canary, ready);
        }
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
        return upgrading(waitingOn.get(), running, target, moved, null, "waiting for step " + waitingOn.get().key() + " to be ready at " + target);
      }
      moved.put(step.key(), target);
      var hosts = step == UpgradeStep.COMPUTE ? canaryHosts(cloud) : null;
      return upgrading(step, running, target, moved, hosts,
          "step " + step.key() + " moving to " + target + (hosts == null ? "" : " on " + hosts + " canary fake hypervisor(s)"));
    }
    if (allReady) {
      return new Plan(State.DONE, null, "UpgradeComplete", "upgraded from " + running + " to " + target, null, target, null);
    }
    var last = steps.stream().filter(s -> s.components().stream().anyMatch(c -> enabled.contains(c) && !ready.contains(c))).findFirst().orElse(UpgradeStep.HORIZON);
    return upgrading(last, running, target, moved, null, "waiting for step " + last.key() + " to be ready at " + target);
  }

  private static Plan upgrading(UpgradeStep step, String from, String to, Map<String, String> moved, Integer canary, String detail) {
    return new Plan(State.UPGRADING, step, step.reason(), "upgrading from " + from + " to " + to + ": " + detail, orNull(moved), from, canary);
  }

  /** The canary hosts run the new release: hold until they are ready and the upgrade is approved, then move the rest. */
  private static Plan canaryStep(OpenStackCloud cloud, String from, String to, Map<String, String> moved, int hosts, Set<String> ready) {
    var step = UpgradeStep.COMPUTE;
    if (!step.components().stream().allMatch(ready::contains)) {
      return upgrading(step, from, to, moved, hosts, "canary: " + hosts + " fake hypervisor(s) moving to " + to);
    }
    var annotations = cloud.getMetadata().getAnnotations();
    if (annotations == null || !to.equals(annotations.get(APPROVE_ANNOTATION))) {
      return new Plan(State.UPGRADING, step, "CanaryAwaitingApproval", "upgrading from " + from + " to " + to + ": canary: " + hosts
          + " fake hypervisor(s) run " + to + "; the rest wait for approval: kubectl annotate osc " + cloud.getMetadata().getName()
          + " " + APPROVE_ANNOTATION + "=" + to, orNull(moved), from, hosts);
    }
    return upgrading(step, from, to, moved, null, "canary approved: every compute host moving to " + to);
  }

  /** How many fake hypervisors go first, or null for no canary (none asked, or no fake compute). */
  private static Integer canaryHosts(OpenStackCloud cloud) {
    var canary = cloud.getSpec().getUpgrade() == null ? null : cloud.getSpec().getUpgrade().getCanary();
    var nova = cloud.getSpec().getServices().getNova();
    if (canary == null || canary <= 0 || nova == null || !dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec.isOn(nova)
        || nova.getCompute().getDriver() != dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver.fake) {
      return null;
    }
    return Math.min(canary, nova.getCompute().getFakeHypervisors());
  }

  private static Map<String, String> orNull(Map<String, String> moved) {
    return moved.isEmpty() ? null : new TreeMap<>(moved);
  }
}
