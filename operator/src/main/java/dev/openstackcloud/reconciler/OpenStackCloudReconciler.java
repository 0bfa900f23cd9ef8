package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.LeanItemStore;
import dev.openstackcloud.kube.NamespaceTerminating;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.lifecycle.Lifetime;
import dev.openstackcloud.lifecycle.Pause;
import dev.openstackcloud.placement.ClusterNodes;
import dev.openstackcloud.placement.NodeClaims;
import dev.openstackcloud.reconciler.CloudEvents.Type;
import dev.openstackcloud.upgrade.Upgrade;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Thin on purpose: expire, claim the namespace, run the workflow (unless paused), tidy stale Jobs,
 * then write status only if it changed. Everything a cloud is made of lives in {@link
 * CloudWorkflow} and the service packages.
 */
@ControllerConfiguration(
    name = OpenStackCloudReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrMetadataChanged.class))
public class OpenStackCloudReconciler implements Reconciler<OpenStackCloud> {
  public static final String NAME = "openstackcloud";
  private static final Logger log = LoggerFactory.getLogger(OpenStackCloudReconciler.class);

  private final CloudWorkflow workflow = CloudWorkflow.create();
  private final StatusPacing pacing = new StatusPacing();

  /** Last announced status per cloud uid and condition; bounded, since clouds come and go. */
  private final java.util.Map<String, String> announced =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
              return size() > 10_000;
            }
          });

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<EventSource<?, OpenStackCloud>> prepareEventSources(
      EventSourceContext<OpenStackCloud> context) {
    // One informer per kind, shared by every dependent of that kind, seeing only our objects.
    var byKind = new LinkedHashMap<Class<?>, InformerEventSource<?, OpenStackCloud>>();
    for (var member : workflow.members()) {
      var dependent = member.dependent();
      var source =
          byKind.computeIfAbsent(
              dependent.resourceType(),
              kind ->
                  new InformerEventSource<>(
                      InformerEventSourceConfiguration.from(
                              (Class<HasMetadata>) kind, OpenStackCloud.class)
                          .withName(kind.getSimpleName().toLowerCase())
                          .withLabelSelector(Labels.MANAGED_SELECTOR)
                          .withSecondaryToPrimaryMapper(SpecOrMetadataChanged::ownerCloud)
                          .withItemStore(
                              LeanItemStore.of((Class<HasMetadata>) kind, Labels.OPERATOR))
                          .build(),
                      context));
      ((io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource)
              dependent)
          .setEventSource(source);
    }
    var sources = new ArrayList<EventSource<?, OpenStackCloud>>(byKind.values());
    sources.add(nodes(context));
    return sources;
  }

  /**
   * Every node, read-only, for node claims between clouds. A label change may move a node into or
   * out of any cloud's claim, so it wakes every cloud; status-only updates (heartbeats) wake none.
   */
  private static InformerEventSource<Node, OpenStackCloud> nodes(
      EventSourceContext<OpenStackCloud> context) {
    // Every cloud sees every node: a primary-to-secondary mapper over the informer's own cache, so
    // a cloud created after the nodes sees them too (an index built from node events would not).
    var self =
        new java.util.concurrent.atomic.AtomicReference<
            InformerEventSource<Node, OpenStackCloud>>();
    var source =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, OpenStackCloud.class)
                .withName(ClusterNodes.EVENT_SOURCE)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withItemStore(LeanItemStore.of(Node.class, Labels.OPERATOR))
                .withOnUpdateFilter(
                    (now, before) ->
                        !java.util.Objects.equals(
                            now.getMetadata().getLabels(), before.getMetadata().getLabels()))
                .withSecondaryToPrimaryMapper(
                    node ->
                        context
                            .getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(java.util.stream.Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                    cloud ->
                        self.get() == null
                            ? Set.<ResourceID>of()
                            : self.get()
                                .list()
                                .map(ResourceID::fromResource)
                                .collect(java.util.stream.Collectors.toSet()))
                .build(),
            context);
    self.set(source);
    return source;
  }

  @Override
  public UpdateControl<OpenStackCloud> reconcile(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    MDC.put("cloud", cloud.getMetadata().getNamespace() + "/" + cloud.getMetadata().getName());
    try {
      return doReconcile(cloud, context);
    } finally {
      MDC.remove("cloud");
    }
  }

  private UpdateControl<OpenStackCloud> doReconcile(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var now = Instant.now();
    boolean paused = Pause.isPaused(cloud);
    var expiresAt = Lifetime.expiresAt(cloud);
    if (expiresAt.isPresent() && !paused && !now.isBefore(expiresAt.get())) {
      return expire(cloud, context, expiresAt.get());
    }
    var owner =
        NamespaceClaim.owner(
            cloud, context.getPrimaryCache().list(cloud.getMetadata().getNamespace()).toList());
    if (!owner.equals(cloud.getMetadata().getName())) {
      return writeStatus(
          cloud, context, NamespaceClaim.conflictStatus(cloud, owner, Instant.now()));
    }

    // Claims first: pod placement reads status.contestedNodes, so set it before building anything.
    var previousContested =
        cloud.getStatus() == null ? null : cloud.getStatus().getContestedNodes();
    var claims =
        NodeClaims.verdict(
            cloud, context.getPrimaryCache().list().toList(), ClusterNodes.all(context));
    if (cloud.getStatus() == null) {
      cloud.setStatus(new OpenStackCloudStatus());
    }
    cloud.getStatus().setContestedNodes(claims.conflict() ? List.copyOf(claims.nodes()) : null);

    if (paused) {
      // Status from what runs: every object counts as reached, and nothing is applied or deleted.
      var all =
          workflow.members().stream().map(m -> m.dependent().name()).collect(Collectors.toSet());
      var next = CloudStatus.compute(cloud, context, workflow, Map.of(), all, claims, now, true);
      cloud.getStatus().setContestedNodes(previousContested);
      return writeStatus(cloud, context, next);
    }

    var result = workflow.workflow().reconcile(cloud, context);
    var errors = new HashMap<String, Exception>();
    result.getErroredDependents().forEach((dr, e) -> errors.put(dr.name(), e));
    var refused = new java.util.TreeSet<String>();
    errors.forEach(
        (name, e) -> {
          if (e instanceof InvalidConfigException) {
            log.info("{}: invalid config: {}", name, e.getMessage());
          } else if (e instanceof Secondaries.NotCachedYet) {
            log.debug("{}: waiting: {}", name, e.getMessage());
          } else if (NamespaceTerminating.refused(e)) {
            refused.add(name);
          } else {
            log.warn("{}: reconcile failed", name, e);
          }
        });
    if (!refused.isEmpty()) {
      log.info(
          "namespace {} is being deleted; the API server refuses to create {}",
          cloud.getMetadata().getNamespace(),
          String.join(", ", refused));
    }
    // Mid-upgrade, earlier generations stay: a rollback finds its old release's Jobs complete and
    // runs none of them again (an old db-sync must never meet a partly migrated database).
    if (errors.isEmpty() && cloud.getStatus().getComponentReleases() == null) {
      StaleJobs.delete(cloud, context, currentJobs(cloud, context));
    }
    var reconciled =
        result.getReconciledDependents().stream()
            .map(DependentResource::name)
            .collect(Collectors.toSet());
    var next =
        CloudStatus.compute(cloud, context, workflow, errors, reconciled, claims, now, false);
    cloud.getStatus().setContestedNodes(previousContested);
    // An upgrade step recorded in status is rendered by the next reconcile; our status write wakes
    // none.
    boolean stepMoved =
        !java.util.Objects.equals(
                next.getComponentReleases(), cloud.getStatus().getComponentReleases())
            || !java.util.Objects.equals(next.getCanaryHosts(), cloud.getStatus().getCanaryHosts())
            || !java.util.Objects.equals(
                next.getMigratedSteps(), cloud.getStatus().getMigratedSteps());
    var control = writeStatus(cloud, context, next);
    boolean transientError =
        errors.values().stream().anyMatch(e -> !(e instanceof InvalidConfigException));
    boolean onlyCaching =
        errors.values().stream().allMatch(e -> e instanceof Secondaries.NotCachedYet);
    var after = control.getScheduleDelay().map(Duration::ofMillis).orElse(null);
    if (transientError) {
      // a cache that lags our own create catches up in milliseconds (and its event wakes us anyway)
      after = sooner(after, onlyCaching ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
    }
    if (stepMoved) {
      after = sooner(after, Duration.ofMillis(200));
    }
    if (expiresAt.isPresent()) {
      after = sooner(after, Duration.between(now, expiresAt.get()).plusMillis(100));
    }
    var soaked =
        next.getCanaryHealthySince() == null
            ? java.util.Optional.<Instant>empty()
            : Upgrade.soakEnds(cloud, Instant.parse(next.getCanaryHealthySince()));
    if (soaked.isPresent()) {
      // nothing else wakes us when a canary soak ends
      var untilSoaked = Duration.between(now, soaked.get()).plusMillis(100);
      after = sooner(after, untilSoaked.isNegative() ? Duration.ofMillis(100) : untilSoaked);
    }
    return after == null ? control : control.rescheduleAfter(after);
  }

  private static Duration sooner(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }

  /**
   * A throwaway cloud past its lifetime: record why, then delete it (its deletionPolicy decides
   * what data stays).
   */
  private UpdateControl<OpenStackCloud> expire(
      OpenStackCloud cloud, Context<OpenStackCloud> context, Instant expiresAt) {
    if (cloud.getMetadata().getDeletionTimestamp() == null) {
      log.info(
          "lifetime {} ended at {}: deleting the cloud", cloud.getSpec().getLifetime(), expiresAt);
      CloudEvents.record(
          context.getClient(),
          cloud,
          Type.Normal,
          "LifetimeExpired",
          "lifetime "
              + cloud.getSpec().getLifetime()
              + " ended at "
              + expiresAt
              + "; deleting the cloud");
      context.getClient().resource(cloud).delete();
    }
    return UpdateControl.noUpdate();
  }

  private Map<String, String> currentJobs(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var current = new HashMap<String, String>();
    for (var m : workflow.members()) {
      if (m.dependent() instanceof JobDependent job) {
        try {
          current.put(job.task(), job.currentName(cloud, context));
        } catch (RuntimeException e) {
          // inputs not there yet: nothing of this task is stale
        }
      }
    }
    return current;
  }

  /**
   * Writes status only when it differs from what is stored: an unchanged cloud costs no write. A
   * change of detail while the cloud converges is paced ({@link StatusPacing}): held back, with a
   * reconcile scheduled for when it is due, so it is written then as it is by that time.
   */
  private UpdateControl<OpenStackCloud> writeStatus(
      OpenStackCloud cloud, Context<OpenStackCloud> context, OpenStackCloudStatus next) {
    var previous = cloud.getStatus();
    if (next.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    var now = Instant.now();
    var hold = pacing.hold(cloud.getMetadata().getUid(), previous, next, now);
    if (!hold.isZero()) {
      return UpdateControl.<OpenStackCloud>noUpdate().rescheduleAfter(hold);
    }
    pacing.written(cloud.getMetadata().getUid(), previous, next, now);
    announceTransitions(cloud, context, previous, next);
    var patch = new OpenStackCloud();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(cloud.getMetadata().getName())
            .withNamespace(cloud.getMetadata().getNamespace())
            .build());
    patch.setStatus(next);
    return UpdateControl.patchStatus(patch);
  }

  private void announceTransitions(
      OpenStackCloud cloud,
      Context<OpenStackCloud> context,
      OpenStackCloudStatus previous,
      OpenStackCloudStatus next) {
    var before = previous == null ? null : previous.getConditions();
    for (var type :
        List.of(
            Conditions.READY, Conditions.DEGRADED, Conditions.CONFLICT, Conditions.NODE_CONFLICT)) {
      var now = Conditions.find(next.getConditions(), type);
      if (now == null || Conditions.isTrue(before, type) == "True".equals(now.getStatus())) {
        continue;
      }
      boolean up = "True".equals(now.getStatus());
      if (type.equals(Conditions.READY) && !up && before == null) {
        continue; // a new cloud is not ready yet; that is not news
      }
      // A reconcile may still see the status from before our last patch in the cache; it would
      // announce the same transition again. Announce each (cloud, condition, status) once in a row.
      if (now.getStatus()
          .equals(announced.put(cloud.getMetadata().getUid() + "/" + type, now.getStatus()))) {
        continue;
      }
      var warn = type.equals(Conditions.READY) ? !up : up;
      log.info(
          "condition {} is now {}: {} {}",
          type,
          now.getStatus(),
          now.getReason(),
          now.getMessage());
      CloudEvents.record(
          context.getClient(),
          cloud,
          warn ? Type.Warning : Type.Normal,
          now.getReason(),
          now.getMessage());
    }
  }
}
