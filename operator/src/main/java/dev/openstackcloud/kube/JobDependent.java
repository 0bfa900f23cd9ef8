package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;

/**
 * A one-shot task (db-create, db-sync, bootstrap). Its name ends in a hash of everything it runs
 * with, so it runs again exactly when an input changes (image, config, placement) and never
 * otherwise; a Job's pod template is immutable, so a changed Job is always a new Job.
 */
public abstract class JobDependent extends CloudDependent<Job> {
  /** Label shared by every generation of one task, so stale generations can be found. */
  public static final String TASK_LABEL = "openstackcloud.dev/task";

  /**
   * Retries before the Job counts as failed; OpenStack's own DB retries absorb transient errors.
   */
  protected static final int BACKOFF_LIMIT = 2;

  private final String app;
  private final String task;

  /** {@code app} as in the app.kubernetes.io/name label (keystone), {@code task} as in db-sync. */
  protected JobDependent(String app, String task) {
    super(Job.class, app + "-" + task + "-job");
    this.app = app;
    this.task = task;
  }

  /** Value of {@link #TASK_LABEL}: the same for every generation of this task. */
  public String task() {
    return app + "-" + task;
  }

  /**
   * True when this Job migrates a service's database schema or data to the release it runs
   * (db-sync, online data migrations): once it has completed at a new release, the release before
   * it cannot read that database, so an upgrade can no longer be rolled back past its step.
   */
  public boolean migratesDatabase() {
    return false;
  }

  /** Name of this task's Job for the cloud's current inputs. */
  public String currentName(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return desired(cloud, context).getMetadata().getName();
  }

  /** The Job's spec, pure: from the cloud and the context's secondaries only. */
  protected abstract JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context);

  @Override
  protected Job desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec = spec(cloud, context);
    var meta = meta(cloud, app + "-" + task + "-" + Hashes.ofObject(spec), app, task);
    meta.getLabels().put(TASK_LABEL, task());
    return new JobBuilder().withMetadata(meta).withSpec(spec).build();
  }

  /**
   * Removes every generation of this task (when its component is switched off), found by label: its
   * current name may not be computable then, since its inputs can be gone too.
   */
  @Override
  public void delete(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    context
        .getSecondaryResourcesAsStream(Job.class)
        .filter(j -> task().equals(j.getMetadata().getLabels().get(TASK_LABEL)))
        .forEach(
            j ->
                context
                    .getClient()
                    .resource(j)
                    .withPropagationPolicy(
                        io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete());
  }

  /** The name carries the content, so an existing Job of that name is by definition up to date. */
  @Override
  public Result<Job> match(Job actual, OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return Result.nonComputed(true);
  }

  @Override
  public Health health(Job actual) {
    return WorkloadHealth.job(actual);
  }
}
