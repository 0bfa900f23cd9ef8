package dev.openstackcloud.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An informer cache that keeps of each object only what the operator reads. Of managedFields, its
 * own server-side-apply entry, which JOSDK's SSA matcher compares the desired state with; the other
 * entries (the controllers' status writers, kubelets on Nodes, creators of Secrets, which are not
 * server-side applied) are nested maps per field, a large part of a cached object that nothing here
 * reads. Jobs keep metadata and status only: a Job is matched by its content-hashed name and judged
 * by its status, never by its pod template. Nodes lose their image lists too.
 */
public final class LeanItemStore<R extends HasMetadata> implements ItemStore<R> {
  private static final String APPLY = "Apply";

  private final ItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final String fieldManager;
  private final boolean keepOwn;
  private final Consumer<R> trim;

  LeanItemStore(String fieldManager, boolean keepOwn, Consumer<R> trim) {
    this.fieldManager = fieldManager;
    this.keepOwn = keepOwn;
    this.trim = trim;
  }

  /**
   * The store for objects of {@code kind} that {@code fieldManager} applies (or only reads: Nodes).
   */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> LeanItemStore<R> of(Class<R> kind, String fieldManager) {
    if (kind == Job.class) {
      return new LeanItemStore<>(fieldManager, false, job -> ((Job) job).setSpec(null));
    }
    if (kind == Node.class) {
      return new LeanItemStore<>(
          fieldManager,
          false,
          node -> {
            if (((Node) node).getStatus() != null) {
              ((Node) node).getStatus().setImages(null);
            }
          });
    }
    return new LeanItemStore<>(fieldManager, true, r -> {});
  }

  /** {@code object} reduced in place to what this store keeps; returns it. */
  R prune(R object) {
    var meta = object.getMetadata();
    if (meta != null && meta.getManagedFields() != null && !meta.getManagedFields().isEmpty()) {
      List<ManagedFieldsEntry> kept =
          keepOwn
              ? meta.getManagedFields().stream()
                  .filter(
                      e -> fieldManager.equals(e.getManager()) && APPLY.equals(e.getOperation()))
                  .toList()
              : List.of();
      if (kept.size() != meta.getManagedFields().size()) {
        meta.setManagedFields(kept);
      }
    }
    trim.accept(object);
    return object;
  }

  @Override
  public String getKey(R object) {
    return store.getKey(object);
  }

  @Override
  public R put(String key, R object) {
    return store.put(key, prune(object));
  }

  @Override
  public R remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<R> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }
}
