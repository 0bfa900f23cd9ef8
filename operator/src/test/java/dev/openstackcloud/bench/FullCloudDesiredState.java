package dev.openstackcloud.bench;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.reconciler.CloudGraph.Member;
import dev.openstackcloud.reconciler.CloudWorkflow;
import dev.openstackcloud.testing.Desired;
import dev.openstackcloud.testing.ListContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    cloud = sample("full.yaml");
    members = CloudWorkflow.create().members().stream().filter(m -> m.enabled().test(cloud)).toList();
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

  static OpenStackCloud sample(String name) {
    var path = Path.of("..", "config", "samples", name);
    try (InputStream in = Files.newInputStream(Files.exists(path) ? path : Path.of("config", "samples", name))) {
      var cloud = Serialization.unmarshal(in, OpenStackCloud.class);
      cloud.getMetadata().setNamespace("bench");
      cloud.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
      cloud.getMetadata().setGeneration(1L);
      return cloud;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HasMetadata desired(Member member, OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return Desired.of(member.dependent(), cloud, context);
  }
}
