package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.Set;

/**
 * Reconcile on spec, label, annotation or deletion changes, not on our own status writes (those
 * would only cost a reconcile that finds nothing to do).
 */
public class SpecOrMetadataChanged implements OnUpdateFilter<OpenStackCloud> {
  @Override
  public boolean accept(OpenStackCloud now, OpenStackCloud before) {
    var a = now.getMetadata();
    var b = before.getMetadata();
    return !Objects.equals(a.getGeneration(), b.getGeneration())
        || !Objects.equals(a.getAnnotations(), b.getAnnotations())
        || !Objects.equals(a.getLabels(), b.getLabels())
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp());
  }

  /**
   * Every object of a cloud names it in its instance label; owner references are not on all
   * (retained Secrets).
   */
  static Set<ResourceID> ownerCloud(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    var cloud = labels == null ? null : labels.get(Labels.INSTANCE);
    return cloud == null
        ? Set.of()
        : Set.of(new ResourceID(cloud, object.getMetadata().getNamespace()));
  }
}
