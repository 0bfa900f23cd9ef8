package dev.openstackcloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md is generated from the CRD the build produces; the build fails when it is stale. Run
 * hack/update-generated.sh (or this test with -Dosc.update=true) to refresh it.
 */
class ApiReferenceTest {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/openstackclouds.openstackcloud.dev-v1.yml");
  private static final Path DOC = REPO.resolve("docs/api.md");
  private static String rendered;

  @BeforeAll
  static void render() throws IOException {
    try (var in = Files.newInputStream(GENERATED)) {
      var crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      rendered = ApiReference.render(crd, "crds/openstackclouds.openstackcloud.dev.yaml");
    }
  }

  @Test
  void committedReferenceMatchesTheCrd() throws IOException {
    if (Boolean.getBoolean("osc.update")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, rendered);
    }
    assertThat(DOC).as("docs/api.md is missing: run hack/update-generated.sh").exists();
    assertThat(Files.readString(DOC))
        .as("docs/api.md is stale: run hack/update-generated.sh and commit the result")
        .isEqualTo(rendered);
  }

  @Test
  void rowsCarryTypeDefaultAndValidation() {
    assertThat(rendered)
        .contains(
            "| `release` | string |  | required; pattern `^20[2-9][0-9]\\.[12]$` | OpenStack release to run")
        .contains("| `deletionPolicy` | string | `Retain` | one of `Delete`, `Retain` |")
        .contains("| `memoryMiB` | integer | `1024` | 64 to 65536 |")
        .contains("| `replicas` | integer | `1` | exactly 1 | Number of MariaDB servers.")
        .as("<Component> in prose would be an HTML tag to Markdown")
        .contains("one &lt;Component&gt;Ready condition per component")
        .as("a pipe inside a pattern would split the table cell")
        .contains("pattern `^[1-9][0-9]*(Mi\\|Gi\\|Ti)$`")
        .as("CEL rules are shown with their message")
        .contains(
            "`self.all(s, s.matches('^[A-Za-z0-9_.:-]{1,64}$'))`: config section names may only hold");
  }

  @Test
  void ownObjectsGetTablesAndEmbeddedKubernetesTypesDoNot() {
    assertThat(rendered)
        .contains(
            "\n## spec\n",
            "\n### spec.infrastructure.database.storage\n",
            "\n### spec.placement.compute\n",
            "\n## status\n")
        .contains("[`storage`](#specinfrastructuredatabasestorage)")
        .as("map values with described fields get their own table")
        .contains("\n### status.components.*\n")
        .doesNotContain(
            "### spec.services.keystone.resources",
            "### spec.placement.compute.nodeAffinity",
            "tolerations[]")
        .contains(
            "| `resources` | object |  |  | CPU and memory requests and limits of the main container. |")
        .contains("| `nodeSelector` | map[string]string |  | at most 32 entries |")
        .contains("| `config` | map[string]map[string]string |");
  }
}
