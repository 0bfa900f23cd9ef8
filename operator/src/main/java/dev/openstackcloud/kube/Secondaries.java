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

  /**
   * For objects a dependency edge guarantees. One just created in this reconcile may not have
   * reached the informer cache yet: that is a wait, not a failure ({@link NotCachedYet}).
   */
  public static <R extends HasMetadata> R require(Context<OpenStackCloud> context, Class<R> kind, String name) {
    return get(context, kind, name).orElseThrow(() -> new NotCachedYet(kind.getSimpleName() + " " + name + " is not in the cache yet"));
  }

  /** An input the graph guarantees is not in the informer cache yet; the next reconcile finds it. */
  public static final class NotCachedYet extends IllegalStateException {
    public NotCachedYet(String message) {
      super(message);
    }
  }
}
