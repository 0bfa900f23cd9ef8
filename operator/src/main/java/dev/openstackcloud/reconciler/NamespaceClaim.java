package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** One cloud per namespace: the oldest claims it; any other is told so and creates nothing. */
final class NamespaceClaim {
  private NamespaceClaim() {}

  static String owner(OpenStackCloud cloud, List<OpenStackCloud> inNamespace) {
    return inNamespace.stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .min(
            Comparator.comparing(
                    (OpenStackCloud c) ->
                        c.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : c.getMetadata().getCreationTimestamp())
                .thenComparing(c -> c.getMetadata().getName()))
        .map(c -> c.getMetadata().getName())
        .orElse(cloud.getMetadata().getName());
  }

  static OpenStackCloudStatus conflictStatus(OpenStackCloud cloud, String owner, Instant now) {
    var previous = cloud.getStatus();
    long generation =
        cloud.getMetadata().getGeneration() == null ? 0 : cloud.getMetadata().getGeneration();
    var message =
        "namespace "
            + cloud.getMetadata().getNamespace()
            + " already holds cloud "
            + owner
            + "; one cloud per namespace, so this one creates nothing";
    var status = new OpenStackCloudStatus();
    status.setObservedGeneration(generation);
    status.setConditions(
        new Conditions(previous == null ? null : previous.getConditions(), generation, now)
            .set(Conditions.READY, false, "Conflict", message)
            .set(Conditions.CONFLICT, true, "NamespaceTaken", message)
            .build());
    return status;
  }
}
