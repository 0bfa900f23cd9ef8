package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/** Looks up one of the cloud's objects by kind and name in the informer caches (no API call). */
public final class Secondaries {
  private Secondaries() {}

  public static <R extends HasMetadata> Optional<R> get(Context<OpenStackCloud> context, Class<R> kind, String name) {
    return context.getSecondaryResourcesAsStream(kind).filter(r -> name.equals(r.getMetadata().getName())).findFirst();
  }

  /** For objects a dependency edge guarantees: a missing one is a bug in the graph, not a user error. */
  public static <R extends HasMetadata> R require(Context<OpenStackCloud> context, Class<R> kind, String name) {
    return get(context, kind, name).orElseThrow(
        () -> new IllegalStateException(kind.getSimpleName() + " " + name + " is not in the cache yet"));
  }
}
