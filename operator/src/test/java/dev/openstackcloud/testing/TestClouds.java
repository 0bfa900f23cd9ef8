package dev.openstackcloud.testing;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Clouds built in Java the way the API server would hand them over (defaults filled in). */
public final class TestClouds {
  private TestClouds() {}

  /** Cloud "dev" in namespace "cloud-dev", release 2025.1, every default. */
  public static OpenStackCloud dev() {
    var cloud = new OpenStackCloud();
    cloud.setMetadata(
        new ObjectMetaBuilder()
            .withName("dev")
            .withNamespace("cloud-dev")
            .withUid("00000000-0000-0000-0000-000000000001")
            .withGeneration(1L)
            .build());
    cloud.getSpec().setRelease("2025.1");
    return cloud;
  }
}
