package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/** A Deployment of the cloud; ready when its rollout is complete and every pod is available. */
public abstract class DeploymentDependent extends CloudDependent<Deployment> {
  protected DeploymentDependent() {
    super(Deployment.class);
  }

  /** For classes used more than once in a cloud: {@code name} must be unique in the workflow. */
  protected DeploymentDependent(String name) {
    super(Deployment.class, name);
  }

  @Override
  public Health health(Deployment actual) {
    return WorkloadHealth.deployment(actual);
  }

  @Override
  public Optional<ComponentStatus> pods(Deployment actual) {
    return Optional.of(WorkloadHealth.pods(actual));
  }
}
