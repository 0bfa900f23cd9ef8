package dev.openstackcloud.kube;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/**
 * A periodic task of the cloud (database cleanup). Ready once it exists: a failed run shows in its
 * Jobs and must not take a running cloud out of Ready.
 */
public abstract class CronJobDependent extends CloudDependent<CronJob> {
  /** Retries of one run before it counts as failed; the next run starts fresh anyway. */
  protected static final int BACKOFF_LIMIT = 2;

  /** {@code name} must be unique in the workflow. */
  protected CronJobDependent(String name) {
    super(CronJob.class, name);
  }
}
