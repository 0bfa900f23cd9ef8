package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.CronJobDependent;
import dev.openstackcloud.openstack.LockPath;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Moves soft-deleted rows of every cell into nova's shadow tables each night, so the live tables do
 * not grow with every instance ever deleted.
 */
class NovaArchiveCronJob extends CronJobDependent {
  static final String NAME = "nova-archive-deleted-rows";
  static final String COMPONENT = "archive-deleted-rows";
  static final String SCHEDULE = "0 3 * * *";
  // exit code 1 means "rows were archived": success here, not a failed run
  static final String COMMAND =
      "sudo -E kolla_set_configs && "
          + "{ nova-manage db archive_deleted_rows --all-cells --until-complete; rc=$?; [ \"$rc\" -le 1 ]; }";

  private final NovaConfig config;

  NovaArchiveCronJob(NovaConfig config) {
    super(NAME + "-cronjob");
    this.config = config;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return NAME;
  }

  @Override
  protected CronJob desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var nova = Nova.spec(cloud);
    var container =
        KollaPod.kollaContainer(
                cloud,
                COMPONENT,
                KollaImages.image(cloud, Nova.API_IMAGE, nova),
                nova.getResources())
            .withArgs("/bin/bash", "-c", COMMAND)
            .build();
    var template =
        LockPath.addTo(
                KollaPod.of(cloud, Nova.APP, COMPONENT, PodPlacement.CONTROL_PLANE), Nova.APP)
            .configSecret(config.secretName())
            .configHash(config.hash(cloud, context))
            .restartPolicy("Never")
            .container(container)
            .build();
    return new CronJobBuilder()
        .withMetadata(meta(cloud, NAME, Nova.APP, COMPONENT))
        .withNewSpec()
        .withSchedule(SCHEDULE)
        .withConcurrencyPolicy("Forbid")
        // after an outage, run a missed night within the hour or skip it, never a backlog
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(1)
        .withFailedJobsHistoryLimit(1)
        .withNewJobTemplate()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(template)
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }
}
