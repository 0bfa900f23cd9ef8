package dev.openstackcloud.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.ManagedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Release upgrades on the real API server: refused hops change nothing; allowed ones move step by step. */
@ExtendWith(LocalCluster.class)
class UpgradeIT {
  private static final String TO = "2025.2";

  @Test
  void anUnsupportedHopIsRefusedThenAnUpgradeMovesStepByStepAndReleaseLast(KubernetesClient client, TestNamespace ns) throws Exception {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().getServices().setGlance(new GlanceSpec());
      cloud.getSpec().getServices().setPlacement(new PlacementApiSpec());
      cloud = Clouds.awaitReady(client, client.resource(cloud).create(), Duration.ofMinutes(4));
      assertThat(cloud.getStatus().getRelease()).isEqualTo("2025.1");
      var created = cloud;

      // 2025.1 -> 2023.1 is a downgrade: refused, named targets, nothing touched.
      var before = ManagedObjects.versions(client, ns.name());
      edit(client, cloud, c -> { c.getSpec().setRelease("2023.1"); return c; });
      await().atMost(Duration.ofSeconds(30)).until(() -> Conditions.isTrue(Clouds.get(client, created).getStatus().getConditions(), Conditions.UPGRADE_REFUSED));
      Clouds.forceReconcile(client, cloud, operator);
      var refused = Clouds.get(client, cloud);
      assertThat(Conditions.find(refused.getStatus().getConditions(), Conditions.UPGRADE_REFUSED).getMessage())
          .contains("cannot upgrade from 2025.1 to 2023.1").contains("2025.2, 2026.1");
      assertThat(Conditions.find(refused.getStatus().getConditions(), Conditions.DEGRADED).getReason()).isEqualTo("ReleaseUpgradeRefused");
      assertThat(refused.getStatus().getRelease()).isEqualTo("2025.1");
      assertThat(ManagedObjects.changed(before, ManagedObjects.versions(client, ns.name()))).as("objects changed by a refused hop").isEmpty();

      edit(client, cloud, c -> { c.getSpec().setRelease("2025.1"); return c; });
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(1));

      // 2025.1 -> 2025.2: record when each object first runs a new-release image, and when status.release moves.
      var timeline = new CopyOnWriteArrayList<String>();
      var writes = operator.writes();
      long start = System.nanoTime();
      try (var d = client.apps().deployments().inNamespace(ns.name()).watch(recorder(timeline, o -> ((Deployment) o).getSpec().getTemplate().getSpec()));
          var s = client.apps().statefulSets().inNamespace(ns.name()).watch(recorder(timeline, o -> ((StatefulSet) o).getSpec().getTemplate().getSpec()));
          var j = client.batch().v1().jobs().inNamespace(ns.name()).watch(recorder(timeline, o -> ((Job) o).getSpec().getTemplate().getSpec()));
          var r = client.resources(OpenStackCloud.class).inNamespace(ns.name()).watch(releaseRecorder(timeline))) {
        edit(client, cloud, c -> { c.getSpec().setRelease(TO); return c; });
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> TO.equals(Clouds.get(client, created).getStatus().getRelease()));
        var seconds = (System.nanoTime() - start) / 1e9;
        var done = Clouds.awaitReady(client, cloud, Duration.ofSeconds(30));
        Thread.sleep(500); // let the watches deliver the last events
        System.out.printf("upgrade 2025.1 -> 2025.2 (infrastructure, keystone, glance, placement): %.1f s, %.0f writes%n",
            seconds, operator.writes() - writes);
        System.out.println("upgrade timeline: " + timeline);

        var steps = timeline.stream().filter(e -> e.startsWith("step ")).distinct().toList();
        assertThat(steps).containsExactly("step infrastructure", "step keystone", "step glance", "step placement");
        assertThat(timeline.get(timeline.size() - 1)).isEqualTo("status.release " + TO);
        assertThat(done.getStatus().getComponentReleases()).isNull();
        assertThat(done.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
            .contains("Upgrading=False", "UpgradeRefused=False", "Ready=True");
        assertThat(client.apps().deployments().inNamespace(ns.name()).withName("keystone").get().getSpec().getTemplate().getSpec()
            .getContainers().get(0).getImage()).endsWith(":" + TO + "-ubuntu-noble");
      }
    }
  }

  /** Appends "step <key>" the first time an object's pod template runs a new-release image. */
  private static <T extends HasMetadata> Watcher<T> recorder(List<String> timeline, Function<HasMetadata, PodSpec> pod) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        var spec = pod.apply(resource);
        java.util.stream.Stream.concat(spec.getContainers().stream(), spec.getInitContainers() == null ? java.util.stream.Stream.empty() : spec.getInitContainers().stream())
            .map(c -> c.getImage())
            .filter(image -> image.contains(":" + TO + "-"))
            .map(image -> "step " + UpgradeStep.ofImage(image.substring(image.lastIndexOf('/') + 1, image.lastIndexOf(':'))).key())
            .forEach(entry -> { synchronized (timeline) { if (!timeline.contains(entry)) { timeline.add(entry); } } });
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static Watcher<OpenStackCloud> releaseRecorder(List<String> timeline) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, OpenStackCloud cloud) {
        if (cloud.getStatus() != null && TO.equals(cloud.getStatus().getRelease())) {
          synchronized (timeline) { if (!timeline.contains("status.release " + TO)) { timeline.add("status.release " + TO); } }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static void edit(KubernetesClient client, OpenStackCloud cloud, java.util.function.UnaryOperator<OpenStackCloud> change) {
    client.resources(OpenStackCloud.class).inNamespace(cloud.getMetadata().getNamespace()).withName(cloud.getMetadata().getName()).edit(change);
  }
}
