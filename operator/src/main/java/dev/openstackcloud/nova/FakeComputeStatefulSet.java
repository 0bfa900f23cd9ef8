package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.StorageSpec;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.Retention;
import dev.openstackcloud.kube.StatefulSetDependent;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Nova's fake driver, for CI clouds: one pod per fake hypervisor. A StatefulSet, so each pod keeps
 * its name, which is its host name and so its nova host across restarts, and its own claim for
 * /var/lib/nova, where nova-compute keeps its compute_id: on the container's filesystem a new pod
 * would register a new compute node under the same host name. No host access at all.
 */
class FakeComputeStatefulSet extends StatefulSetDependent {
  static final String NAME = "nova-compute-fake";
  static final String COMPONENT = "compute-fake";
  static final String STATE_VOLUME = "nova-state";

  /** A compute_id file and lock files: the smallest claim most provisioners hand out. */
  static final String STATE_SIZE = "1Gi";

  private final NovaComputeConfig config;

  FakeComputeStatefulSet(NovaComputeConfig config) {
    this.config = config;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return NAME;
  }

  @Override
  protected StatefulSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var compute =
        ComputePods.novaCompute(cloud)
            .addNewVolumeMount()
            .withName(STATE_VOLUME)
            .withMountPath("/var/lib/nova")
            .endVolumeMount()
            .build();
    var template =
        ComputePods.pod(cloud, COMPONENT, config.secretName(), config.files(cloud, context))
            .container(compute)
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(cloud, NAME, Nova.APP, COMPONENT))
        .withNewSpec()
        .withReplicas(Nova.spec(cloud).getCompute().getFakeHypervisors())
        // hypervisors are independent of each other: start and replace them all at once
        .withPodManagementPolicy("Parallel")
        // an upgrade's canary: pods at or above the partition's ordinal run the new template
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(partition(cloud))
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Nova.APP, COMPONENT))
        .endSelector()
        .withTemplate(template)
        .withVolumeClaimTemplates(
            Retention.claim(
                cloud, STATE_VOLUME, Nova.APP, COMPONENT, "ReadWriteOnce", stateStorage(cloud)))
        .withPersistentVolumeClaimRetentionPolicy(Retention.statefulSetPolicy(cloud))
        .endSpec()
        .build();
  }

  /** In the StorageClass the cloud's database uses, which the cluster is known to provision. */
  private static StorageSpec stateStorage(OpenStackCloud cloud) {
    var storage = new StorageSpec();
    storage.setSize(STATE_SIZE);
    storage.setStorageClassName(
        cloud.getSpec().getInfrastructure().getDatabase().getStorage().getStorageClassName());
    return storage;
  }

  private static int partition(OpenStackCloud cloud) {
    var canary = cloud.getStatus() == null ? null : cloud.getStatus().getCanaryHosts();
    return canary == null
        ? 0
        : Math.max(0, Nova.spec(cloud).getCompute().getFakeHypervisors() - canary);
  }
}
