package dev.openstackcloud.glance;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.ProcessDeployment;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * glance-api with the image store mounted. The volume is ReadWriteOnce, so a rollout recreates the
 * pod instead of surging a second one that could not attach it.
 */
public class GlanceDeployment extends ProcessDeployment {
  public GlanceDeployment(OpenStackProcess process) {
    super(process);
  }

  @Override
  protected Deployment desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var d = super.desired(cloud, context);
    var pod = d.getSpec().getTemplate().getSpec();
    // readOnly left unset: the API server drops "false", and a field it drops is re-applied on
    // every reconcile
    pod.getVolumes()
        .add(
            new VolumeBuilder()
                .withName("images")
                .withNewPersistentVolumeClaim()
                .withClaimName(Glance.IMAGES_VOLUME)
                .endPersistentVolumeClaim()
                .build());
    pod.getContainers()
        .get(0)
        .getVolumeMounts()
        .add(new VolumeMountBuilder().withName("images").withMountPath("/var/lib/glance").build());
    return new DeploymentBuilder(d)
        .editSpec()
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .endSpec()
        .build();
  }
}
