package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.StorageSpec;
import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.Function;

/**
 * A volume with data (Glance's images): created once, never updated (a claim's spec is mostly
 * immutable), never removed when its service is switched off, and kept after the cloud unless
 * deletionPolicy is Delete.
 */
public class RetainedVolume
    extends KubernetesDependentResource<PersistentVolumeClaim, OpenStackCloud>
    implements Creator<PersistentVolumeClaim, OpenStackCloud>, Workload<PersistentVolumeClaim> {
  private final String name;
  private final String app;
  private final String accessMode;
  private final Function<OpenStackCloud, StorageSpec> storage;

  public RetainedVolume(
      String name, String app, String accessMode, Function<OpenStackCloud, StorageSpec> storage) {
    super(PersistentVolumeClaim.class, name + "-volume");
    this.name = name;
    this.app = app;
    this.accessMode = accessMode;
    this.storage = storage;
  }

  @Override
  protected PersistentVolumeClaim desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var pvc = Retention.claim(cloud, name, app, "data", accessMode, storage.apply(cloud));
    pvc.getMetadata().setNamespace(cloud.getMetadata().getNamespace());
    pvc.getMetadata().setOwnerReferences(Retention.dataOwners(cloud));
    return pvc;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return new ResourceID(name, cloud.getMetadata().getNamespace());
  }

  @Override
  public Health health(PersistentVolumeClaim actual) {
    var phase = actual.getStatus() == null ? null : actual.getStatus().getPhase();
    return "Bound".equals(phase)
        ? Health.READY
        : Health.progressing(
            "VolumePending",
            "PersistentVolumeClaim " + name + " is " + (phase == null ? "Pending" : phase));
  }

  @Override
  public Optional<ComponentStatus> pods(PersistentVolumeClaim actual) {
    return Optional.empty();
  }
}
