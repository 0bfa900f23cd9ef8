package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.JobDependent;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * keystone-manage db_sync, through Kolla's bootstrap mode. Its name carries the hash of image and
 * config, so it runs again when either changes; the API pods wait for it.
 */
public class KeystoneDbSyncJob extends JobDependent {
  public KeystoneDbSyncJob() {
    super(Keystone.APP, "db-sync");
  }

  @Override
  public boolean migratesDatabase() {
    return true;
  }

  @Override
  protected JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var keystone = cloud.getSpec().getServices().getKeystone();
    var container =
        KollaPod.kollaContainer(
                cloud,
                "db-sync",
                KollaImages.image(cloud, "keystone", keystone),
                keystone.getResources())
            .addToEnv(KollaPod.env("KOLLA_BOOTSTRAP", "true"))
            .withVolumeMounts(KeystonePod.DB_SYNC.mounts())
            .build();
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(
            KeystonePod.DB_SYNC
                .of(cloud, "db-sync", new KeystoneConfig().files(cloud, context))
                .restartPolicy("Never")
                .container(container)
                .build())
        .build();
  }
}
