package dev.openstackcloud.openstack;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.WorkloadSpec;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.Function;

/**
 * A one-shot manage command of a service (glance-manage db_sync, nova-manage cell_v2 ...), run with
 * the service's config in place. Named by the hash of image, config and command, so it runs again
 * exactly when one of them changes.
 */
public class DbSyncJob extends JobDependent {
  private final String kollaImage;
  private final String command;
  private final Function<OpenStackCloud, ? extends WorkloadSpec> spec;
  private final ConfigSecret config;
  private final String app;
  private final String task;
  private final boolean migration;

  /** A schema or data migration (db sync): see {@link JobDependent#migratesDatabase()}. */
  public static DbSyncJob migration(
      String app,
      String task,
      String kollaImage,
      String command,
      Function<OpenStackCloud, ? extends WorkloadSpec> spec,
      ConfigSecret config) {
    return new DbSyncJob(app, task, kollaImage, command, spec, config, true);
  }

  /** {@code task} names the Job (db-sync, cell-setup); {@code command} is a shell command line. */
  public DbSyncJob(
      String app,
      String task,
      String kollaImage,
      String command,
      Function<OpenStackCloud, ? extends WorkloadSpec> spec,
      ConfigSecret config) {
    this(app, task, kollaImage, command, spec, config, false);
  }

  private DbSyncJob(
      String app,
      String task,
      String kollaImage,
      String command,
      Function<OpenStackCloud, ? extends WorkloadSpec> spec,
      ConfigSecret config,
      boolean migration) {
    super(app, task);
    this.migration = migration;
    this.app = app;
    this.task = task;
    this.kollaImage = kollaImage;
    this.command = command;
    this.spec = spec;
    this.config = config;
  }

  @Override
  public boolean migratesDatabase() {
    return migration;
  }

  @Override
  protected JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var s = spec.apply(cloud);
    var container =
        KollaPod.kollaContainer(
                cloud, task, KollaImages.image(cloud, kollaImage, s), s.getResources())
            .withArgs("/bin/bash", "-c", "sudo -E kolla_set_configs && " + command)
            .build();
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(
            LockPath.addTo(
                    KollaPod.of(cloud, app, task, PodPlacement.CONTROL_PLANE)
                        .configSecret(config.secretName())
                        .configHash(config.hash(cloud, context))
                        .restartPolicy("Never")
                        .container(container),
                    app)
                .build())
        .build();
  }
}
