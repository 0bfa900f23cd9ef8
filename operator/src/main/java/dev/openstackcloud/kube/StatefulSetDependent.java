package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;

/** A StatefulSet of the cloud; ready when every pod runs the current revision and is ready. */
public abstract class StatefulSetDependent extends CloudDependent<StatefulSet> {
  protected StatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  public Health health(StatefulSet actual) {
    return WorkloadHealth.statefulSet(actual);
  }

  @Override
  public Optional<ComponentStatus> pods(StatefulSet actual) {
    return Optional.of(WorkloadHealth.pods(actual));
  }
}
