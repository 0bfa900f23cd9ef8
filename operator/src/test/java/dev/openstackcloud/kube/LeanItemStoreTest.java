package dev.openstackcloud.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
  private static final ManagedFieldsEntry OURS = entry(Labels.OPERATOR, "Apply", null);
  private static final ManagedFieldsEntry CONTROLLER =
      entry("kube-controller-manager", "Update", "status");

  @Test
  void keepsOnlyTheOperatorsOwnApplyEntryTheSsaMatcherReads() {
    var store = LeanItemStore.of(Deployment.class, Labels.OPERATOR);
    var d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("keystone")
            .withNamespace("ns")
            .withManagedFields(OURS, CONTROLLER, entry(Labels.OPERATOR, "Update", null))
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    store.put(store.getKey(d), d);
    assertThat(store.get("ns/keystone").getMetadata().getManagedFields()).containsExactly(OURS);
    assertThat(store.get("ns/keystone").getSpec().getReplicas()).isEqualTo(2);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void keepsOfAJobItsNameLabelsAndStatusOnly() {
    var store = LeanItemStore.of(Job.class, Labels.OPERATOR);
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("keystone-db-sync-abc")
            .withNamespace("ns")
            .addToLabels("a", "b")
            .withManagedFields(OURS, CONTROLLER)
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(2)
            .endSpec()
            .withNewStatus()
            .withSucceeded(1)
            .endStatus()
            .build();
    store.put(store.getKey(job), job);
    var kept = store.get("ns/keystone-db-sync-abc");
    assertThat(kept.getMetadata().getManagedFields()).isEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(kept.getSpec()).isNull();
    assertThat(kept.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(store.remove("ns/keystone-db-sync-abc")).isSameAs(job);
    assertThat(store.size()).isZero();
  }

  @Test
  void keepsOfANodeItsLabelsAndAddressesButNotItsImages() {
    var store = LeanItemStore.of(Node.class, Labels.OPERATOR);
    var node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .addToLabels("role", "compute")
            .withManagedFields(CONTROLLER)
            .endMetadata()
            .withNewStatus()
            .addNewAddress("10.0.0.1", "InternalIP")
            .withImages(new ContainerImageBuilder().withNames("kolla/nova").build())
            .endStatus()
            .build();
    store.put(store.getKey(node), node);
    var kept = store.get("n1");
    assertThat(kept.getMetadata().getManagedFields()).isEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("role", "compute");
    assertThat(kept.getStatus().getAddresses()).hasSize(1);
    assertThat(kept.getStatus().getImages()).isNull();
  }

  private static ManagedFieldsEntry entry(String manager, String operation, String subresource) {
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withSubresource(subresource)
        .build();
  }
}
