package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * One more process of a service (nova-scheduler, neutron-l3-agent...): replicas, image and
 * resources.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProcessSpec extends WorkloadSpec {

  @Default("1")
  @Min(1)
  @Max(32)
  @JsonPropertyDescription(
      "Number of pods (ignored for per-node agents, which run one per selected node).")
  private Integer replicas = 1;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }
}
