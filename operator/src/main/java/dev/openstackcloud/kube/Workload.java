package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/** What status needs from a managed object: is it healthy, and how many pods does it run. */
public interface Workload<R extends HasMetadata> {
  Health health(R actual);

  Optional<ComponentStatus> pods(R actual);
}
