package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec.DeletionPolicy;
import dev.openstackcloud.api.v1alpha1.spec.StorageSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import java.util.List;
import java.util.Map;

/** How data outlives a cloud: kept by default, removed with it only under deletionPolicy Delete. */
public final class Retention {
  private Retention() {}

  public static boolean deleteWithCloud(OpenStackCloud cloud) {
    return cloud.getSpec().getDeletionPolicy() == DeletionPolicy.Delete;
  }

  /**
   * Owner references for data: the cloud under Delete (garbage-collected with it), none under
   * Retain.
   */
  public static List<OwnerReference> dataOwners(OpenStackCloud cloud) {
    if (!deleteWithCloud(cloud)) {
      return List.of();
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion(cloud.getApiVersion())
            .withKind(cloud.getKind())
            .withName(cloud.getMetadata().getName())
            .withUid(cloud.getMetadata().getUid())
            .withBlockOwnerDeletion(true)
            .withController(false)
            .build());
  }

  /** A claim for {@code storage} labelled for app/component. */
  public static PersistentVolumeClaim claim(
      OpenStackCloud cloud,
      String name,
      String app,
      String component,
      String accessMode,
      StorageSpec storage) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Labels.of(cloud, app, component))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(accessMode)
        .withStorageClassName(storage.getStorageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(storage.getSize())))
        .endResources()
        .endSpec()
        .build();
  }

  /** A StatefulSet's claims are kept when it is scaled down, and with the cloud unless Delete. */
  public static StatefulSetPersistentVolumeClaimRetentionPolicy statefulSetPolicy(
      OpenStackCloud cloud) {
    return new StatefulSetPersistentVolumeClaimRetentionPolicyBuilder()
        .withWhenDeleted(deleteWithCloud(cloud) ? "Delete" : "Retain")
        .withWhenScaled("Retain")
        .build();
  }
}
