package dev.openstackcloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD under crds/ is generated from the Java types. The build fails when the committed copy
 * drifts; run {@code hack/update-generated.sh} (or this test with -Dosc.update=true) to refresh it.
 */
class CrdDriftTest {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/openstackclouds.openstackcloud.dev-v1.yml");
  private static final Path COMMITTED =
      REPO.resolve("crds/openstackclouds.openstackcloud.dev.yaml");

  @Test
  void committedCrdMatchesTheJavaTypes() throws IOException {
    var generated = Files.readString(GENERATED);
    if (Boolean.getBoolean("osc.update")) {
      Files.writeString(COMMITTED, generated);
    }
    assertThat(Files.readString(COMMITTED))
        .as("crds/ is stale: run hack/update-generated.sh and commit the result")
        .isEqualTo(generated);
  }
}
