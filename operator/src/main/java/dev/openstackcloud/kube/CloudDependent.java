package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * An object the cloud owns: created, kept in line by server-side apply, and garbage-collected with
 * the cloud. Subclasses build it in {@code desired()} from the cloud and the context's secondaries
 * only.
 */
public abstract class CloudDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, OpenStackCloud> implements Workload<R> {

  protected CloudDependent(Class<R> type) {
    super(type);
  }

  /** For classes used more than once in a cloud: {@code name} must be unique in the workflow. */
  protected CloudDependent(Class<R> type, String name) {
    super(type, name);
  }

  /** Metadata for an object named {@code name} with the cloud's standard labels. */
  protected static ObjectMeta meta(
      OpenStackCloud cloud, String name, String app, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(cloud.getMetadata().getNamespace())
        .withLabels(Labels.of(cloud, app, component))
        .build();
  }

  /**
   * The object's name when it does not depend on the cloud's content, so the object can be found
   * (and removed when its component is switched off) without building it; null means build it.
   */
  protected String fixedName(OpenStackCloud cloud) {
    return null;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var name = fixedName(cloud);
    return name != null
        ? new ResourceID(name, cloud.getMetadata().getNamespace())
        : super.targetSecondaryResourceID(cloud, context);
  }

  /**
   * Runs in the workflow's threads: the log lines it makes name the cloud, as the reconciler's do.
   */
  @Override
  public ReconcileResult<R> reconcile(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    try (var ignored =
        MDC.putCloseable(
            "cloud", cloud.getMetadata().getNamespace() + "/" + cloud.getMetadata().getName())) {
      var result = super.reconcile(cloud, context);
      afterReconcile(cloud, context);
      return result;
    }
  }

  /**
   * What a dependent does once its object is in line (an upgrade canary's pod replacement); usually
   * nothing.
   */
  protected void afterReconcile(OpenStackCloud cloud, Context<OpenStackCloud> context) {}

  /** By key from the informer cache; see {@link Secondaries} for why not JOSDK's default. */
  @Override
  public Optional<R> getSecondaryResource(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var id = targetSecondaryResourceID(cloud, context);
    return eventSource()
        .map(source -> Secondaries.ofCloud(source.get(id), cloud))
        .orElseGet(() -> super.getSecondaryResource(cloud, context));
  }

  @Override
  public Health health(R actual) {
    return Health.READY;
  }

  @Override
  public Optional<ComponentStatus> pods(R actual) {
    return Optional.empty();
  }
}
