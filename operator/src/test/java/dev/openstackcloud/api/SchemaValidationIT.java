package dev.openstackcloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec;
import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad manifests are refused by the API server at apply time, with a message naming the field; the
 * status the operator writes is accepted.
 */
@ExtendWith(LocalCluster.class)
class SchemaValidationIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
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
    var manifest =
        "apiVersion: openstackcloud.dev/v1alpha1\nkind: OpenStackCloud\nmetadata: {name: bad, namespace: "
            + ns.name()
            + "}\n"
            + "spec: "
            + (spec.startsWith("{") ? spec : "{" + spec + "}")
            + "\n";
    var result = LocalCluster.kubectl(manifest, "apply", "--server-side", "-f", "-");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "minimal | {release: \"2025.1\"}",
        "overrides | {release: \"2025.2\", services: {keystone: {replicas: 3, config: {DEFAULT: {debug: \"true\"}}}}}",
      })
  void acceptedWithDefaultsFilledIn(String title, String spec, TestNamespace ns) {
    var manifest =
        "apiVersion: openstackcloud.dev/v1alpha1\nkind: OpenStackCloud\nmetadata: {name: good, namespace: "
            + ns.name()
            + "}\n"
            + "spec: "
            + spec
            + "\n";
    var result =
        LocalCluster.kubectl(
            manifest,
            "apply",
            "--server-side",
            "-f",
            "-",
            "-o",
            "jsonpath={.spec.deletionPolicy} {.spec.infrastructure.database.storage.size} {.spec.images.distro} {.spec.paused} {.spec.upgrade.canary}");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("Retain 10Gi ubuntu-noble false 0");
  }

  /**
   * The operator writes status with server-side apply. A map it sends empty after it held entries
   * (every workload gone, e.g. in a namespace being deleted) comes out null and fails the schema;
   * an empty map must be left out instead, which removes the field.
   */
  @Test
  void aStatusWhoseComponentsAllWentAwayIsAccepted(KubernetesClient client, TestNamespace ns) {
    var cloud = new OpenStackCloud();
    cloud.setMetadata(new ObjectMetaBuilder().withName("status").withNamespace(ns.name()).build());
    cloud.setSpec(new OpenStackCloudSpec());
    cloud.getSpec().setRelease("2025.1");
    client.resource(cloud).create();

    var status = new OpenStackCloudStatus();
    status.setObservedGeneration(1L);
    status.getComponents().put("mariadb", new ComponentStatus(1, 1, "mariadb"));
    status.getEndpoints().put("identity", "http://keystone:5000/v3");
    applyStatus(client, ns, status);
    status.getComponents().clear();
    status.getEndpoints().clear();
    var after = applyStatus(client, ns, status);
    assertThat(after.getStatus().getComponents()).isEmpty();
    assertThat(after.getStatus().getEndpoints()).isEmpty();
    assertThat(after.getStatus())
        .as("read back equals what was written: no write on the next reconcile")
        .isEqualTo(status);
  }

  /** As JOSDK patches status: server-side apply of a bare object carrying the status, forced. */
  private static OpenStackCloud applyStatus(
      KubernetesClient client, TestNamespace ns, OpenStackCloudStatus status) {
    var patch = new OpenStackCloud();
    patch.setMetadata(new ObjectMetaBuilder().withName("status").withNamespace(ns.name()).build());
    patch.setStatus(status);
    return client
        .resource(patch)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withFieldManager("openstack-cloud-operator")
                .withForce(true)
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .build());
  }
}
