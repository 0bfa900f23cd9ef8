package dev.openstackcloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteResourceTest {
  @Test
  void namesTheResourceOfCoreGroupNamespacedAndClusterScopedPaths() {
    assertThat(CloudOperator.resource("/api/v1/namespaces/n/services/keystone"))
        .isEqualTo("services");
    assertThat(CloudOperator.resource("/api/v1/namespaces/n/events")).isEqualTo("events");
    assertThat(CloudOperator.resource("/apis/apps/v1/namespaces/n/deployments/keystone"))
        .isEqualTo("deployments");
    assertThat(
            CloudOperator.resource(
                "/apis/openstackcloud.dev/v1alpha1/namespaces/n/openstackclouds/c/status"))
        .isEqualTo("openstackclouds");
    assertThat(CloudOperator.resource("/api/v1/namespaces/n")).isEqualTo("namespaces");
    assertThat(CloudOperator.resource("/api/v1/nodes/node-1")).isEqualTo("nodes");
  }
}
