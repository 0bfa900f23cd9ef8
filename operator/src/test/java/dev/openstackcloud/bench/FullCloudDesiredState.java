package dev.openstackcloud.bench;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.reconciler.CloudGraph.Member;
import dev.openstackcloud.reconciler.CloudWorkflow;
import dev.openstackcloud.testing.Desired;
import dev.openstackcloud.testing.ListContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired state of one full cloud (config/samples/full.yaml): every enabled dependent's
 * desired(), against caches that hold what a converged cloud's caches hold (the objects built
 * before it, in graph order). Shared by {@link DesiredStateBenchmark} and its test.
 */
public final class FullCloudDesiredState {
  private final OpenStackCloud cloud;
  private final List<Member> members;
  private final ListContext context;

  public FullCloudDesiredState() {
    this(sample("full.yaml"));
  }

  /** The desired state of {@code cloud} (from {@link #sample}, perhaps changed). */
  public FullCloudDesiredState(OpenStackCloud cloud) {
    this.cloud = cloud;
    members =
        CloudWorkflow.create().members().stream().filter(m -> m.enabled().test(cloud)).toList();
    context = new ListContext(cloud);
    // graph order: each object's inputs (credentials, config) are in the caches when it is built
    members.forEach(m -> context.add(desired(m, cloud, context)));
  }

  /** Builds every object of the cloud once. */
  public List<HasMetadata> build() {
    var objects = new ArrayList<HasMetadata>(members.size());
    for (var m : members) {
      objects.add(desired(m, cloud, context));
    }
    return objects;
  }

  /**
   * The pod template of every workload, by kind/name; a Job by its task (keystone-db-sync), as its
   * name carries a hash of its inputs.
   */
  public Map<String, PodSpec> podTemplates() {
    var pods = new LinkedHashMap<String, PodSpec>();
    for (HasMetadata o : build()) {
      PodSpec spec =
          o instanceof Deployment d
              ? d.getSpec().getTemplate().getSpec()
              : o instanceof StatefulSet s
                  ? s.getSpec().getTemplate().getSpec()
                  : o instanceof DaemonSet d
                      ? d.getSpec().getTemplate().getSpec()
                      : o instanceof Job j
                          ? j.getSpec().getTemplate().getSpec()
                          : o instanceof CronJob c
                              ? c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
                              : null;
      if (spec != null) {
        var name =
            o instanceof Job
                ? o.getMetadata().getLabels().get(JobDependent.TASK_LABEL)
                : o.getMetadata().getName();
        pods.put(o.getKind() + "/" + name, spec);
      }
    }
    return pods;
  }

  /** A sample from config/samples, as the benchmark and the tests build it. */
  public static OpenStackCloud sample(String name) {
    var path = Path.of("..", "config", "samples", name);
    try (InputStream in =
        Files.newInputStream(Files.exists(path) ? path : Path.of("config", "samples", name))) {
      var cloud = Serialization.unmarshal(in, OpenStackCloud.class);
      cloud.getMetadata().setNamespace("bench");
      cloud.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
      cloud.getMetadata().setGeneration(1L);
      return cloud;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HasMetadata desired(
      Member member, OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return Desired.of(member.dependent(), cloud, context);
  }
}
