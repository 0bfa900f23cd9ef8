package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.glance.Glance;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.kube.Health;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.lifecycle.Lifetime;
import dev.openstackcloud.lifecycle.Pause;
import dev.openstackcloud.neutron.Neutron;
import dev.openstackcloud.nova.Nova;
import dev.openstackcloud.placement.NodeClaims;
import dev.openstackcloud.placementapi.PlacementApi;
import dev.openstackcloud.reconciler.CloudGraph.Member;
import dev.openstackcloud.upgrade.Upgrade;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Status from what the cluster reports, never from what was asked for: a component is ready only
 * when each of its objects exists at the current spec and reports ready.
 */
public final class CloudStatus {
  private CloudStatus() {}

  /** A catalog entry shown in status.endpoints while its Service exists. */
  private record Endpoint(String type, String service, Function<OpenStackCloud, String> url) {}

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("identity", Keystone.APP, Keystone::internalUrl),
          new Endpoint("image", Glance.APP, Glance::internalUrl),
          new Endpoint("placement", PlacementApi.APP, PlacementApi::internalUrl),
          new Endpoint("compute", Nova.APP, Nova::internalUrl),
          new Endpoint("network", Neutron.APP, Neutron::internalUrl));

  /** A component's verdict: its health and its pods. */
  record Verdict(String component, Health health, ComponentStatus pods) {}

  /**
   * {@code reconciled}: names of the dependents this reconcile's workflow run reached; {@code
   * paused}: the workflow did not run, so nothing may move (an upgrade holds).
   */
  public static OpenStackCloudStatus compute(
      OpenStackCloud cloud,
      Context<OpenStackCloud> context,
      CloudWorkflow workflow,
      Map<String, Exception> errors,
      Set<String> reconciled,
      NodeClaims.Verdict claims,
      Instant now,
      boolean paused) {
    var previous = cloud.getStatus() == null ? new OpenStackCloudStatus() : cloud.getStatus();
    long generation =
        cloud.getMetadata().getGeneration() == null ? 0 : cloud.getMetadata().getGeneration();
    var verdicts =
        workflow.byComponent(cloud).entrySet().stream()
            .map(e -> verdict(e.getKey(), e.getValue(), cloud, context, errors, reconciled))
            .toList();
    var enabled = verdicts.stream().map(Verdict::component).collect(Collectors.toSet());
    var readyComponents =
        verdicts.stream()
            .filter(v -> v.health().isReady())
            .map(Verdict::component)
            .collect(Collectors.toSet());
    var migrated =
        workflow.byComponent(cloud).entrySet().stream()
            .filter(e -> migrated(e.getValue(), cloud, context))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    var upgrade = Upgrade.plan(cloud, enabled, readyComponents, migrated, paused, now);
    boolean upgradeSettled =
        upgrade.state() == Upgrade.State.NONE || upgrade.state() == Upgrade.State.DONE;

    var conditions = new Conditions(previous.getConditions(), generation, now);
    for (var v : verdicts) {
      conditions.set(
          v.component() + "Ready", v.health().isReady(), v.health().reason(), v.health().message());
    }
    conditions.set(
        Conditions.NODE_CONFLICT,
        claims.conflict(),
        claims.conflict() ? "NodesHeldByAnotherCloud" : "NoConflict",
        claims.conflict() ? claims.message() : "");
    // A node conflict is a failure the user must resolve (change a selector or a node's labels).
    var conflict =
        claims.conflict()
            ? List.of(
                new Verdict("Placement", Health.failed("NodeConflict", claims.message()), null))
            : List.<Verdict>of();
    // A refused release change too: the spec asks for something the operator will not do.
    var refused =
        upgrade.state() == Upgrade.State.REFUSED
            ? List.of(
                new Verdict("Release", Health.failed("UpgradeRefused", upgrade.message()), null))
            : List.<Verdict>of();
    var upgrading =
        upgrade.state() == Upgrade.State.UPGRADING
            ? List.of(
                new Verdict(
                    "Upgrade", Health.progressing(upgrade.reason(), upgrade.message()), null))
            : List.<Verdict>of();
    var failed =
        Stream.of(conflict, refused, verdicts)
            .flatMap(List::stream)
            .filter(v -> v.health().isFailed())
            .findFirst()
            .map(v -> halted(v, upgrade));
    var waiting =
        Stream.of(conflict, refused, verdicts, upgrading)
            .flatMap(List::stream)
            .filter(v -> !v.health().isReady())
            .findFirst();
    boolean ready = waiting.isEmpty();
    conditions.set(
        Conditions.READY,
        ready,
        ready ? "AllComponentsReady" : waiting.get().component() + "NotReady",
        ready
            ? "every component is ready at generation " + generation
            : waiting.get().health().message());
    conditions.set(
        Conditions.PROGRESSING,
        !upgrading.isEmpty()
            || verdicts.stream().anyMatch(v -> v.health().state() == Health.State.PROGRESSING),
        waiting
            .filter(v -> !v.health().isFailed())
            .map(v -> v.component() + v.health().reason())
            .orElse("Stable"),
        waiting.filter(v -> !v.health().isFailed()).map(v -> v.health().message()).orElse(""));
    conditions.set(
        Conditions.DEGRADED,
        failed.isPresent(),
        failed.map(v -> v.component() + v.health().reason()).orElse("NoFailures"),
        failed.map(v -> v.component() + ": " + v.health().message()).orElse(""));
    conditions.set(
        Conditions.PAUSED,
        paused,
        paused ? Pause.reason(cloud) : "NotPaused",
        paused
            ? "no object of this cloud changes until it is unpaused; status still follows what runs"
            : "");
    conditions.set(
        Conditions.UPGRADING,
        upgrade.state() == Upgrade.State.UPGRADING,
        upgrade.state() == Upgrade.State.UPGRADING ? upgrade.reason() : "NotUpgrading",
        upgrade.state() == Upgrade.State.UPGRADING ? upgrade.message() : "");
    conditions.set(
        Conditions.UPGRADE_REFUSED,
        upgrade.state() == Upgrade.State.REFUSED,
        upgrade.state() == Upgrade.State.REFUSED ? upgrade.reason() : "NotRefused",
        upgrade.state() == Upgrade.State.REFUSED ? upgrade.message() : "");

    var status = new OpenStackCloudStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions.build());
    if (paused) {
      status.setRelease(previous.getRelease());
      status.setComponentReleases(previous.getComponentReleases());
      status.setMigratedSteps(previous.getMigratedSteps());
      status.setCanaryHosts(previous.getCanaryHosts());
      status.setCanaryHealthySince(previous.getCanaryHealthySince());
    } else {
      // a first install has no running release to upgrade from: it runs spec.release once ready
      status.setRelease(
          upgrade.release() != null
              ? upgrade.release()
              : ready && upgradeSettled ? cloud.getSpec().getRelease() : null);
      status.setComponentReleases(upgrade.componentReleases());
      status.setMigratedSteps(upgrade.migratedSteps());
      status.setCanaryHosts(upgrade.canaryHosts());
      status.setCanaryHealthySince(
          upgrade.canaryHealthySince() == null ? null : upgrade.canaryHealthySince().toString());
    }
    status.setExpiresAt(Lifetime.expiresAt(cloud).map(Instant::toString).orElse(null));
    status.setContestedNodes(claims.conflict() ? List.copyOf(claims.nodes()) : null);
    verdicts.forEach(
        v -> {
          if (v.pods() != null) {
            status.getComponents().put(v.component().toLowerCase(), v.pods());
          }
        });
    ENDPOINTS.stream()
        .filter(e -> Secondaries.get(context, Service.class, e.service()).isPresent())
        .forEach(e -> status.getEndpoints().put(e.type(), e.url().apply(cloud)));
    var cloudsYaml = Keystone.adminCloudsYamlSecret(cloud);
    if (Secondaries.get(context, Secret.class, cloudsYaml).isPresent()) {
      status.setAdminCredentials(cloudsYaml);
    }
    return status;
  }

  /**
   * A failure of the step an upgrade is on halts the upgrade there (later steps wait on it): say
   * so, and what the user can do about it.
   */
  private static Verdict halted(Verdict failed, Upgrade.Plan upgrade) {
    if (upgrade.state() != Upgrade.State.UPGRADING
        || upgrade.step() == null
        || !upgrade.step().components().contains(failed.component())) {
      return failed;
    }
    var way =
        upgrade.migratedSteps() == null
            ? "set spec.release back to " + upgrade.release() + " to roll back"
            : "fix the cause, and delete a failed Job to run it again; no rollback past step(s) "
                + String.join(", ", upgrade.migratedSteps());
    return new Verdict(
        failed.component(),
        Health.failed(
            failed.health().reason(),
            failed.health().message()
                + "; the upgrade is halted at step "
                + upgrade.step().key()
                + " ("
                + way
                + ")"),
        failed.pods());
  }

  /**
   * True when any of the component's database migration Jobs, as rendered now, has completed
   * (Nova's API database migrated is enough: a rollback would leave it ahead of the old code).
   * Unlike readiness, this trusts the cache even where this pass did not reach the Job: a Job of
   * that (content-hashed) name that completed has migrated, and erring this way refuses a rollback.
   */
  private static boolean migrated(
      List<Member> members, OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var migrations =
        members.stream()
            .filter(
                m ->
                    m.dependent() instanceof dev.openstackcloud.kube.JobDependent job
                        && job.migratesDatabase())
            .toList();
    return migrations.stream()
        .anyMatch(
            m -> {
              try {
                return m.dependent()
                    .getSecondaryResource(cloud, context)
                    .map(job -> m.workload().health(job).isReady())
                    .orElse(false);
              } catch (RuntimeException e) {
                return false; // its inputs are not there yet
              }
            });
  }

  private static Verdict verdict(
      String component,
      List<Member> members,
      OpenStackCloud cloud,
      Context<OpenStackCloud> context,
      Map<String, Exception> errors,
      Set<String> reconciled) {
    ComponentStatus pods = null;
    Health first = null;
    for (var m : members) {
      var error = errors.get(m.dependent().name());
      if (error instanceof dev.openstackcloud.kube.Secondaries.NotCachedYet) {
        return new Verdict(
            component,
            Health.progressing("Waiting", m.dependent().name() + ": " + error.getMessage()),
            pods);
      }
      if (error != null) {
        var reason = error instanceof InvalidConfigException ? "InvalidConfig" : "ApplyFailed";
        return new Verdict(
            component,
            Health.failed(reason, m.dependent().name() + ": " + error.getMessage()),
            pods);
      }
      Optional<? extends HasMetadata> actual;
      try {
        actual = m.dependent().getSecondaryResource(cloud, context);
      } catch (RuntimeException e) {
        // its desired state needs an object that is not there yet: it waits like a missing one
        actual = Optional.empty();
      }
      if (actual.isPresent() && pods == null) {
        pods = m.workload().pods(actual.get()).orElse(null);
      }
      // One the workflow did not reach waits for its inputs, whatever the cache shows: the cached
      // object may predate them (a Deployment not yet given the config a new db-sync just finished
      // with).
      Health h =
          actual.isEmpty() || !reconciled.contains(m.dependent().name())
              ? Health.progressing(
                  "Waiting", m.dependent().name() + " is waiting for its dependencies")
              : m.workload().health(actual.get());
      if (h.isFailed()) {
        return new Verdict(component, h, pods);
      }
      if (first == null && !h.isReady()) {
        first = h;
      }
    }
    return new Verdict(component, first == null ? Health.READY : first, pods);
  }
}
