package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.JobDependent;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * keystone-manage bootstrap: the admin user and project, the region and the identity endpoints.
 * Idempotent; the admin password comes from the Secret through OS_BOOTSTRAP_PASSWORD.
 */
public class KeystoneBootstrapJob extends JobDependent {
  public KeystoneBootstrapJob() {
    super(Keystone.APP, "bootstrap");
  }

  @Override
  protected JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var keystone = cloud.getSpec().getServices().getKeystone();
    var url = Keystone.internalUrl(cloud);
    var script =
        "sudo -E kolla_set_configs && exec keystone-manage bootstrap"
            + " --bootstrap-username "
            + Keystone.ADMIN_USER
            + " --bootstrap-project-name "
            + Keystone.ADMIN_PROJECT
            + " --bootstrap-role-name admin --bootstrap-service-name keystone"
            + " --bootstrap-region-id "
            + keystone.getRegion()
            + " --bootstrap-admin-url "
            + url
            + " --bootstrap-internal-url "
            + url
            + " --bootstrap-public-url "
            + url;
    var container =
        KollaPod.kollaContainer(
                cloud,
                "bootstrap",
                KollaImages.image(cloud, "keystone", keystone),
                keystone.getResources())
            .withArgs("/bin/bash", "-c", script)
            .addToEnv(
                KollaPod.secretEnv(
                    "OS_BOOTSTRAP_PASSWORD", CloudCredentials.NAME, CloudCredentials.ADMIN))
            .withVolumeMounts(KeystonePod.BOOTSTRAP.mounts())
            .build();
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(
            KeystonePod.BOOTSTRAP
                .of(cloud, "bootstrap", new KeystoneConfig().files(cloud, context))
                .restartPolicy("Never")
                .container(container)
                .build())
        .build();
  }
}
