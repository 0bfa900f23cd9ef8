package dev.openstackcloud.testing;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * A reconcile Context whose informer caches are a plain list of objects, for building desired state
 * without a cluster. Everything else throws: desired() must read only the primary and the caches.
 */
public final class ListContext implements Context<OpenStackCloud> {
  private final OpenStackCloud primary;
  private final List<HasMetadata> objects = new ArrayList<>();

  public ListContext(OpenStackCloud primary) {
    this.primary = primary;
  }

  /** Puts {@code object} in the caches, replacing one of the same kind and name. */
  public ListContext add(HasMetadata object) {
    objects.removeIf(
        o ->
            o.getClass().equals(object.getClass())
                && o.getMetadata().getName().equals(object.getMetadata().getName()));
    objects.add(object);
    return this;
  }

  public List<HasMetadata> objects() {
    return List.copyOf(objects);
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toSet());
  }

  @Override
  public <R> java.util.stream.Stream<R> getSecondaryResourcesAsStream(Class<R> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast);
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> kind, String eventSourceName) {
    throw unsupported("getSecondaryResource(kind, eventSource)");
  }

  @Override
  public OpenStackCloud getPrimaryResource() {
    return primary;
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  public ControllerConfiguration<OpenStackCloud> getControllerConfiguration() {
    throw unsupported("getControllerConfiguration");
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw unsupported("managedWorkflowAndDependentResourceContext");
  }

  @Override
  public EventSourceRetriever<OpenStackCloud> eventSourceRetriever() {
    throw unsupported("eventSourceRetriever");
  }

  @Override
  public KubernetesClient getClient() {
    throw unsupported("getClient");
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw unsupported("getWorkflowExecutorService");
  }

  @Override
  public IndexedResourceCache<OpenStackCloud> getPrimaryCache() {
    throw unsupported("getPrimaryCache");
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  private static UnsupportedOperationException unsupported(String method) {
    return new UnsupportedOperationException("desired() must not call Context." + method);
  }
}
