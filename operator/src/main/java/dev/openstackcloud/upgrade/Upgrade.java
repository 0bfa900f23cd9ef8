package dev.openstackcloud.upgrade;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.lifecycle.Durations;
import java.time.Instant;
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
  public enum State {
    NONE,
    UPGRADING,
    REFUSED,
    DONE
  }

  /**
   * @param step the step being upgraded, waited on or rolled back (UPGRADING), else null
   * @param componentReleases what status.componentReleases becomes (null: every step runs release)
   * @param release what status.release becomes
   * @param migratedSteps what status.migratedSteps becomes (null: none)
   */
  public record Plan(
      State state,
      UpgradeStep step,
      String reason,
      String message,
      Map<String, String> componentReleases,
      String release,
      Integer canaryHosts,
      List<String> migratedSteps,
      Instant canaryHealthySince) {
    Plan(
        State state,
        UpgradeStep step,
        String reason,
        String message,
        Map<String, String> componentReleases,
        String release,
        Integer canaryHosts,
        List<String> migratedSteps) {
      this(
          state,
          step,
          reason,
          message,
          componentReleases,
          release,
          canaryHosts,
          migratedSteps,
          null);
    }
  }

  /**
   * Names the release it approves, so an approval left on the cloud never approves a later upgrade.
   */
  public static final String APPROVE_ANNOTATION = "openstackcloud.dev/approve-upgrade";

  private Upgrade() {}

  /**
   * @param enabled status components the cloud has
   * @param ready those that reported ready in this reconcile
   * @param migrated those whose database migration Jobs, as rendered in this reconcile, completed
   * @param hold true while paused: report where the upgrade is, move nothing
   * @param now the reconcile's clock, for the canary soak
   */
  public static Plan plan(
      OpenStackCloud cloud,
      Set<String> enabled,
      Set<String> ready,
      Set<String> migrated,
      boolean hold,
      Instant now) {
    var status = cloud.getStatus();
    var running = status == null ? null : status.getRelease();
    var target = cloud.getSpec().getRelease();
    var moved =
        new TreeMap<String, String>(
            status == null || status.getComponentReleases() == null
                ? Map.of()
                : status.getComponentReleases());
    boolean allReady = ready.containsAll(enabled);
    var canary = status == null ? null : status.getCanaryHosts();
    if (running == null) {
      return new Plan(
          State.NONE,
          null,
          "NoUpgrade",
          "",
          null,
          null,
          null,
          null); // first install: the caller decides
    }
    var inFlight = moved.values().stream().filter(r -> !r.equals(running)).findFirst().orElse(null);
    var past = migratedSteps(status.getMigratedSteps(), moved, inFlight, migrated);
    if (inFlight == null && !moved.isEmpty() && running.equals(target)) {
      return rollingBack(running, moved, enabled, ready);
    }
    if (inFlight == null && running.equals(target)) {
      return new Plan(State.NONE, null, "NoUpgrade", "", null, running, null, null);
    }
    if (inFlight != null && !inFlight.equals(target)) {
      return rollback(running, inFlight, target, moved, canary, past);
    }
    if (inFlight == null && !ReleaseHops.allowed(running, target)) {
      var targets = ReleaseHops.targets(running);
      return new Plan(
          State.REFUSED,
          null,
          "UnsupportedHop",
          "cannot upgrade from "
              + running
              + " to "
              + target
              + "; allowed targets from "
              + running
              + ": "
              + (targets.isEmpty() ? "none" : String.join(", ", targets)),
          null,
          running,
          null,
          null);
    }
    var steps = List.of(UpgradeStep.values());
    var next = steps.stream().filter(s -> !target.equals(moved.get(s.key()))).findFirst();
    if (hold && (next.isPresent() || canary != null)) {
      var at = next.orElse(UpgradeStep.COMPUTE);
      return upgrading(at, running, target, moved, canary, past, "paused at step " + at.key());
    }
    for (int i = 0; i < steps.size(); i++) {
      var step = steps.get(i);
      if (target.equals(moved.get(step.key()))) {
        if (step == UpgradeStep.COMPUTE && canary != null) {
          return canaryStep(cloud, running, target, moved, canary, past, ready, now);
        }
        continue;
      }
      boolean present = step.components().stream().anyMatch(enabled::contains);
      var earlier = steps.subList(0, i);
      var waitingOn =
          earlier.stream()
              .filter(
                  s ->
                      s.components().stream()
                          .anyMatch(c -> enabled.contains(c) && !ready.contains(c)))
              .findFirst();
      if (!present) {
        moved.put(step.key(), target); // nothing of it runs: nothing to wait for
        continue;
      }
      if (waitingOn.isPresent()) {
        return upgrading(
            waitingOn.get(),
            running,
            target,
            moved,
            null,
            past,
            "waiting for step " + waitingOn.get().key() + " to be ready at " + target);
      }
      moved.put(step.key(), target);
      var hosts = step == UpgradeStep.COMPUTE ? canaryHosts(cloud) : null;
      return upgrading(
          step,
          running,
          target,
          moved,
          hosts,
          past,
          "step "
              + step.key()
              + " moving to "
              + target
              + (hosts == null ? "" : " on " + hosts + " canary compute host(s)"));
    }
    if (allReady) {
      return new Plan(
          State.DONE,
          null,
          "UpgradeComplete",
          "upgraded from " + running + " to " + target,
          null,
          target,
          null,
          null);
    }
    var last =
        steps.stream()
            .filter(
                s ->
                    s.components().stream()
                        .anyMatch(c -> enabled.contains(c) && !ready.contains(c)))
            .findFirst()
            .orElse(UpgradeStep.HORIZON);
    return upgrading(
        last,
        running,
        target,
        moved,
        null,
        past,
        "waiting for step " + last.key() + " to be ready at " + target);
  }

  /**
   * spec.release no longer names the release in flight. Back to the running release is a rollback,
   * safe while no step has migrated its database: every moved step is rendered at the running
   * release again, all at once. Anything else (another target, or a rollback past a migration) is
   * refused, and the upgrade holds where it is.
   */
  private static Plan rollback(
      String running,
      String inFlight,
      String target,
      Map<String, String> moved,
      Integer canary,
      List<String> past) {
    if (!target.equals(running)) {
      return new Plan(
          State.REFUSED,
          null,
          "UpgradeInProgress",
          "an upgrade from "
              + running
              + " to "
              + inFlight
              + " is in progress; set spec.release to "
              + inFlight
              + " to finish it"
              + (past.isEmpty() ? " or back to " + running + " to roll it back" : ""),
          orNull(moved),
          running,
          canary,
          orNull(past));
    }
    if (!past.isEmpty()) {
      return new Plan(
          State.REFUSED,
          null,
          "RollbackUnsafe",
          "cannot roll back to "
              + running
              + ": step(s) "
              + String.join(", ", past)
              + " already migrated their databases to "
              + inFlight
              + ", which "
              + running
              + " cannot read; set spec.release to "
              + inFlight
              + " to finish the upgrade",
          orNull(moved),
          running,
          canary,
          orNull(past));
    }
    var back = new TreeMap<String, String>();
    moved.keySet().forEach(step -> back.put(step, running));
    var first =
        List.of(UpgradeStep.values()).stream()
            .filter(s -> back.containsKey(s.key()))
            .findFirst()
            .orElse(UpgradeStep.INFRASTRUCTURE);
    return new Plan(
        State.UPGRADING,
        first,
        "RollingBack",
        "rolling back from "
            + inFlight
            + " to "
            + running
            + ": no step had migrated its database; steps "
            + String.join(", ", back.keySet())
            + " return to "
            + running,
        back,
        running,
        null,
        null);
  }

  /**
   * Every moved step is back at the running release: wait until each is ready there, then forget
   * the upgrade. (Asked forward again meanwhile, the upgrade starts over from its first step.)
   */
  private static Plan rollingBack(
      String running, Map<String, String> moved, Set<String> enabled, Set<String> ready) {
    var waiting =
        List.of(UpgradeStep.values()).stream()
            .filter(
                s ->
                    moved.containsKey(s.key())
                        && s.components().stream()
                            .anyMatch(c -> enabled.contains(c) && !ready.contains(c)))
            .findFirst();
    if (waiting.isEmpty()) {
      return new Plan(
          State.NONE, null, "RolledBack", "rolled back to " + running, null, running, null, null);
    }
    return new Plan(
        State.UPGRADING,
        waiting.get(),
        "RollingBack",
        "rolling back to "
            + running
            + ": waiting for step "
            + waiting.get().key()
            + " to be ready at "
            + running,
        new TreeMap<>(moved),
        running,
        null,
        null);
  }

  /**
   * The steps past the point of no return: those recorded before, plus each migrating step rendered
   * at the release in flight whose migration Jobs completed there. In step order.
   */
  private static List<String> migratedSteps(
      List<String> recorded, Map<String, String> moved, String inFlight, Set<String> migrated) {
    var past = new java.util.LinkedHashSet<String>(recorded == null ? List.of() : recorded);
    for (var step : UpgradeStep.values()) {
      if (step.migrates()
          && inFlight != null
          && inFlight.equals(moved.get(step.key()))
          && step.components().stream().anyMatch(migrated::contains)) {
        past.add(step.key());
      }
    }
    return List.of(UpgradeStep.values()).stream()
        .map(UpgradeStep::key)
        .filter(past::contains)
        .toList();
  }

  private static Plan upgrading(
      UpgradeStep step,
      String from,
      String to,
      Map<String, String> moved,
      Integer canary,
      List<String> past,
      String detail) {
    return new Plan(
        State.UPGRADING,
        step,
        step.reason(),
        "upgrading from " + from + " to " + to + ": " + detail,
        orNull(moved),
        from,
        canary,
        orNull(past));
  }

  /**
   * The canary hosts run the new release: hold until they are ready and the upgrade is approved (by
   * the annotation, spec.upgrade.approvedRelease, or the canary staying ready for canarySoak), then
   * move the rest. A canary that stops being ready starts its soak over.
   */
  private static Plan canaryStep(
      OpenStackCloud cloud,
      String from,
      String to,
      Map<String, String> moved,
      int hosts,
      List<String> past,
      Set<String> ready,
      Instant now) {
    var step = UpgradeStep.COMPUTE;
    if (!step.components().stream().allMatch(ready::contains)) {
      return upgrading(
          step,
          from,
          to,
          moved,
          hosts,
          past,
          "canary: " + hosts + " compute host(s) moving to " + to);
    }
    var upgrade = cloud.getSpec().getUpgrade();
    var annotations = cloud.getMetadata().getAnnotations();
    var healthySince = canaryHealthySince(cloud).orElse(now);
    var soakEnds = soakEnds(cloud, healthySince).orElse(null);
    boolean approved =
        to.equals(upgrade.getApprovedRelease())
            || (annotations != null && to.equals(annotations.get(APPROVE_ANNOTATION)))
            || (soakEnds != null && !now.isBefore(soakEnds));
    if (!approved) {
      return new Plan(
          State.UPGRADING,
          step,
          "CanaryAwaitingApproval",
          "upgrading from "
              + from
              + " to "
              + to
              + ": canary: "
              + hosts
              + " compute host(s) run "
              + to
              + "; the rest wait for approval (kubectl annotate osc "
              + cloud.getMetadata().getName()
              + " "
              + APPROVE_ANNOTATION
              + "="
              + to
              + ", or spec.upgrade.approvedRelease: \""
              + to
              + "\")"
              + (soakEnds == null ? "" : " or for the canary to stay ready until " + soakEnds),
          orNull(moved),
          from,
          hosts,
          orNull(past),
          healthySince);
    }
    return upgrading(
        step, from, to, moved, null, past, "canary approved: every compute host moving to " + to);
  }

  /**
   * When a canary healthy since {@code healthySince} has soaked (spec.upgrade.canarySoak), or empty
   * without a soak.
   */
  public static java.util.Optional<Instant> soakEnds(OpenStackCloud cloud, Instant healthySince) {
    var soak =
        cloud.getSpec().getUpgrade() == null ? null : cloud.getSpec().getUpgrade().getCanarySoak();
    return soak == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(healthySince.plus(Durations.parse(soak)));
  }

  /** When the canary hold started finding every canary ready, as recorded in status. */
  public static java.util.Optional<Instant> canaryHealthySince(OpenStackCloud cloud) {
    var status = cloud.getStatus();
    return status == null || status.getCanaryHealthySince() == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(Instant.parse(status.getCanaryHealthySince()));
  }

  /**
   * How many compute hosts (fake hypervisors, or libvirt nodes) go first, or null for no canary.
   * Fake hypervisors are counted here; libvirt nodes by the DaemonSet's health (it knows the
   * nodes).
   */
  private static Integer canaryHosts(OpenStackCloud cloud) {
    var canary =
        cloud.getSpec().getUpgrade() == null ? null : cloud.getSpec().getUpgrade().getCanary();
    var nova = cloud.getSpec().getServices().getNova();
    if (canary == null
        || canary <= 0
        || nova == null
        || !dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec.isOn(nova)) {
      return null;
    }
    boolean fake =
        nova.getCompute().getDriver()
            == dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver.fake;
    return fake ? Math.min(canary, nova.getCompute().getFakeHypervisors()) : canary;
  }

  private static Map<String, String> orNull(Map<String, String> moved) {
    return moved.isEmpty() ? null : new TreeMap<>(moved);
  }

  private static List<String> orNull(List<String> steps) {
    return steps.isEmpty() ? null : List.copyOf(steps);
  }
}
