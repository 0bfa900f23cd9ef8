package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DefaultContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Looks up one of the cloud's objects by kind and name in the informer caches (no API call), by
 * key: JOSDK's own lookups collect every object of the kind into a Set first, hashing each whole
 * object, which was the largest single cost of a reconcile.
 */
public final class Secondaries {
  private Secondaries() {}

  public static <R extends HasMetadata> Optional<R> get(
      Context<OpenStackCloud> context, Class<R> kind, String name) {
    // A reconcile's context reaches the informers; a test's stands in for them with the secondaries
    // alone.
    if (context instanceof DefaultContext<OpenStackCloud>) {
      var cloud = context.getPrimaryResource();
      var id = new ResourceID(name, cloud.getMetadata().getNamespace());
      for (var source : context.eventSourceRetriever().getEventSourcesFor(kind)) {
        if (source instanceof InformerEventSource<R, OpenStackCloud> informer) {
          return ofCloud(informer.get(id), cloud);
        }
      }
    }
    return context
        .getSecondaryResourcesAsStream(kind)
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }

  /**
   * {@code found}, if it belongs to {@code cloud} (its instance label names the cloud), as JOSDK's
   * secondaries of the cloud would.
   */
  public static <R extends HasMetadata> Optional<R> ofCloud(
      Optional<R> found, OpenStackCloud cloud) {
    return found.filter(
        r ->
            r.getMetadata().getLabels() != null
                && cloud
                    .getMetadata()
                    .getName()
                    .equals(r.getMetadata().getLabels().get(Labels.INSTANCE)));
  }

  /**
   * For objects a dependency edge guarantees. One just created in this reconcile may not have
   * reached the informer cache yet: that is a wait, not a failure ({@link NotCachedYet}).
   */
  public static <R extends HasMetadata> R require(
      Context<OpenStackCloud> context, Class<R> kind, String name) {
    return get(context, kind, name)
        .orElseThrow(
            () -> new NotCachedYet(kind.getSimpleName() + " " + name + " is not in the cache yet"));
  }

  /**
   * An input the graph guarantees is not in the informer cache yet; the next reconcile finds it.
   */
  public static final class NotCachedYet extends IllegalStateException {
    public NotCachedYet(String message) {
      super(message);
    }
  }
}
