package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Services switched on by their key, and off by enabled: false, keeping their data. */
@ExtendWith(LocalCluster.class)
class OptionalServicesIT {

  @Test
  void glanceAndPlacementComeUpAndGoAwayKeepingTheirData(
      KubernetesClient client, TestNamespace ns) {
    try (var operator = Clouds.operator(ns.name())) {
      var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
      cloud.getSpec().getServices().setGlance(new GlanceSpec());
      cloud.getSpec().getServices().setPlacement(new PlacementApiSpec());
      cloud
          .getSpec()
          .getServices()
          .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
      cloud = client.resource(cloud).create();
      var ready = Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
      assertThat(ready.getStatus().getConditions())
          .extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("GlanceReady=True", "PlacementReady=True", "HorizonReady=True");
      assertThat(ready.getStatus().getComponents()).containsKeys("glance", "placement", "horizon");
      assertThat(ready.getStatus().getEndpoints()).containsKeys("identity", "image", "placement");
      assertThat(client.apps().deployments().inNamespace(ns.name()).withName("glance").get())
          .isNotNull();

      Clouds.edit(
          client
              .resources(OpenStackCloud.class)
              .inNamespace(ns.name())
              .withName(cloud.getMetadata().getName()),
          c -> {
            c.getSpec().getServices().getGlance().setEnabled(false);
            return c;
          });
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                assertThat(
                        client.apps().deployments().inNamespace(ns.name()).withName("glance").get())
                    .isNull();
                assertThat(client.secrets().inNamespace(ns.name()).withName("glance-config").get())
                    .isNull();
                assertThat(
                        client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(ns.name())
                            .withLabel("app.kubernetes.io/name", "glance")
                            .list()
                            .getItems())
                    .isEmpty();
              });
      assertThat(
              client
                  .persistentVolumeClaims()
                  .inNamespace(ns.name())
                  .withName("glance-images")
                  .get())
          .as("images are kept")
          .isNotNull();
      assertThat(client.secrets().inNamespace(ns.name()).withName("glance-credentials").get())
          .as("passwords are kept")
          .isNotNull();
      var after = Clouds.awaitReady(client, cloud, Duration.ofMinutes(1));
      assertThat(after.getStatus().getConditions())
          .extracting(c -> c.getType())
          .doesNotContain("GlanceReady")
          .contains("PlacementReady");
    }
  }
}
