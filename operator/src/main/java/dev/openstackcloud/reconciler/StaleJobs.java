package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.JobDependent;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Set;

/**
 * Removes Jobs of earlier inputs (an old db-sync hash) once the Job of the current inputs exists,
 * so a cloud never accumulates finished or failed one-shot Jobs.
 */
final class StaleJobs {
  private StaleJobs() {}

  /** {@code current}: task label to the name of that task's Job for the current inputs. */
  static int delete(
      OpenStackCloud cloud,
      Context<OpenStackCloud> context,
      java.util.Map<String, String> current) {
    var jobs = context.getSecondaryResources(Job.class);
    Set<String> existing =
        jobs.stream()
            .map(j -> j.getMetadata().getName())
            .collect(java.util.stream.Collectors.toSet());
    var stale =
        jobs.stream()
            .filter(
                j -> {
                  var task = j.getMetadata().getLabels().get(JobDependent.TASK_LABEL);
                  var now = task == null ? null : current.get(task);
                  return now != null
                      && !now.equals(j.getMetadata().getName())
                      && existing.contains(now);
                })
            .toList();
    stale.forEach(
        j ->
            context
                .getClient()
                .resource(j)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete());
    return stale.size();
  }
}
