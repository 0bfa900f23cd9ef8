package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Optional;

/** A per-node agent; ready when every selected node runs an updated, ready pod. */
public abstract class DaemonSetDependent extends CloudDependent<DaemonSet> {
  protected DaemonSetDependent(String name) {
    super(DaemonSet.class, name);
  }

  @Override
  public Health health(DaemonSet actual) {
    return WorkloadHealth.daemonSet(actual);
  }

  @Override
  public Optional<ComponentStatus> pods(DaemonSet actual) {
    return Optional.of(WorkloadHealth.pods(actual));
  }
}
