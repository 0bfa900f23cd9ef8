package dev.openstackcloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad manifests are refused by the API server at apply time, with a message naming the field. */
@ExtendWith(LocalCluster.class)
class SchemaValidationIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed release       | release: \"2025.x\"                                                  | spec.release",
      "negative replicas       | {release: \"2025.1\", services: {keystone: {replicas: -1}}}           | spec.services.keystone.replicas",
      "unknown service key     | {release: \"2025.1\", services: {swift: {}}}                          | spec.services.swift",
      "out-of-range value      | {release: \"2025.1\", infrastructure: {cache: {memoryMiB: 10}}}       | spec.infrastructure.cache.memoryMiB",
      "unknown deletion policy | {release: \"2025.1\", deletionPolicy: Orphan}                         | spec.deletionPolicy",
      "injected section name   | {release: \"2025.1\", services: {keystone: {config: {\"a]\\n[b\": {k: v}}}}} | spec.services.keystone.config",
      "lifetime in words       | {release: \"2025.1\", lifetime: \"6 hours\"}                         | spec.lifetime",
      "negative canary         | {release: \"2025.1\", upgrade: {canary: -1}}                         | spec.upgrade.canary",
  })
  void rejectedWithTheFieldNamed(String title, String spec, String field, TestNamespace ns) {
    var manifest = "apiVersion: openstackcloud.dev/v1alpha1\nkind: OpenStackCloud\nmetadata: {name: bad, namespace: " + ns.name() + "}\n"
        + "spec: " + (spec.startsWith("{") ? spec : "{" + spec + "}") + "\n";
    var result = LocalCluster.kubectl(manifest, "apply", "--server-side", "-f", "-");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "minimal | {release: \"2025.1\"}",
      "overrides | {release: \"2025.2\", services: {keystone: {replicas: 3, config: {DEFAULT: {debug: \"true\"}}}}}",
  })
  void acceptedWithDefaultsFilledIn(String title, String spec, TestNamespace ns) {
    var manifest = "apiVersion: openstackcloud.dev/v1alpha1\nkind: OpenStackCloud\nmetadata: {name: good, namespace: " + ns.name() + "}\n"
        + "spec: " + spec + "\n";
    var result = LocalCluster.kubectl(manifest, "apply", "--server-side", "-f", "-", "-o", "jsonpath={.spec.deletionPolicy} {.spec.infrastructure.database.storage.size} {.spec.images.distro} {.spec.paused} {.spec.upgrade.canary}");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("Retain 10Gi ubuntu-noble false 0");
  }
}
