package dev.openstackcloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.testing.TestClouds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The images a cloud gets by default exist: Kolla publishes 2025.x at quay.io/openstack.kolla, no
 * longer on Docker Hub.
 */
class ImageDefaultsTest {
  @Test
  void theDefaultRegistryIsWhereKollaPublishes() throws IOException {
    assertThat(KollaImages.image(TestClouds.dev(), "keystone", null))
        .isEqualTo("quay.io/openstack.kolla/keystone:2025.1-ubuntu-noble");
    var crd =
        Files.readString(
            Path.of("target/classes/META-INF/fabric8/openstackclouds.openstackcloud.dev-v1.yml"));
    assertThat(crd)
        .contains("registry: \"quay.io/openstack.kolla\"")
        .doesNotContain("registry: \"kolla\"");
  }
}
