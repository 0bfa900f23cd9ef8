package dev.openstackcloud.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Helm and kustomize each need the CRD inside their own directory (helm reads only the chart's
 * crds/, kustomize loads no file outside its root), so both hold a copy. Each copy must be the CRD
 * the build generates, as crds/ is (CrdDriftTest); run hack/update-generated.sh (-Dosc.update=true)
 * to refresh them. Copying from the generated file, not crds/, keeps one update run order-free.
 */
class CrdCopiesDriftTest {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/openstackclouds.openstackcloud.dev-v1.yml");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "charts/openstack-cloud-operator/crds/openstackclouds.openstackcloud.dev.yaml",
        "config/crd/bases/openstackclouds.openstackcloud.dev.yaml",
      })
  void copyMatchesTheGeneratedCrd(String copy) throws IOException {
    var generated = Files.readString(GENERATED);
    var file = REPO.resolve(copy);
    if (Boolean.getBoolean("osc.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
    }
    assertThat(file).as("%s is missing: run hack/update-generated.sh", copy).exists();
    assertThat(Files.readString(file))
        .as("%s is stale: run hack/update-generated.sh and commit the result", copy)
        .isEqualTo(generated);
  }
}
