package dev.openstackcloud.testing;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.upgrade.UpgradeStep;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a release upgrade did, in the order the API server saw it: "step &lt;key&gt;" the first time
 * a workload's pod template runs an image of the target release, "status.release &lt;target&gt;"
 * when the cloud reports it. Watches every workload kind of a namespace until closed.
 */
public final class UpgradeTimeline implements AutoCloseable {
  private final String target;
  private final List<String> entries = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();

  private UpgradeTimeline(String target) {
    this.target = target;
  }

  public static UpgradeTimeline watch(KubernetesClient client, String namespace, String target) {
    var t = new UpgradeTimeline(target);
    t.watches.add(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .watch(t.images(o -> ((Deployment) o).getSpec().getTemplate().getSpec())));
    t.watches.add(
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .watch(t.images(o -> ((StatefulSet) o).getSpec().getTemplate().getSpec())));
    t.watches.add(
        client
            .apps()
            .daemonSets()
            .inNamespace(namespace)
            .watch(t.images(o -> ((DaemonSet) o).getSpec().getTemplate().getSpec())));
    t.watches.add(
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(t.images(o -> ((Job) o).getSpec().getTemplate().getSpec())));
    t.watches.add(
        client
            .batch()
            .v1()
            .cronjobs()
            .inNamespace(namespace)
            .watch(
                t.images(
                    o ->
                        ((CronJob) o)
                            .getSpec()
                            .getJobTemplate()
                            .getSpec()
                            .getTemplate()
                            .getSpec())));
    t.watches.add(
        client
            .resources(OpenStackCloud.class)
            .inNamespace(namespace)
            .watch(
                t.watcher(
                    cloud -> {
                      if (cloud.getStatus() != null
                          && target.equals(cloud.getStatus().getRelease())) {
                        t.add("status.release " + target);
                      }
                    })));
    return t;
  }

  /** Every entry so far, in order. */
  public synchronized List<String> entries() {
    return List.copyOf(entries);
  }

  /** The "step ..." entries so far, in order. */
  public synchronized List<String> steps() {
    return entries.stream().filter(e -> e.startsWith("step ")).toList();
  }

  private synchronized void add(String entry) {
    if (!entries.contains(entry)) {
      entries.add(entry);
    }
  }

  private <T extends HasMetadata> Watcher<T> images(Function<HasMetadata, PodSpec> pod) {
    return watcher(
        resource -> {
          var spec = pod.apply(resource);
          Stream.concat(
                  spec.getContainers().stream(),
                  spec.getInitContainers() == null
                      ? Stream.empty()
                      : spec.getInitContainers().stream())
              .map(c -> c.getImage())
              .filter(image -> image.contains(":" + target + "-"))
              .map(
                  image ->
                      "step "
                          + UpgradeStep.ofImage(
                                  image.substring(
                                      image.lastIndexOf('/') + 1, image.lastIndexOf(':')))
                              .key())
              .forEach(this::add);
        });
  }

  private static <T> Watcher<T> watcher(Consumer<T> onEvent) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        onEvent.accept(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
