package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Neutron with the Open vSwitch agents: the server (replicas, config, resources above) and its agents. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NeutronSpec extends OptionalServiceSpec {

  @Default("{}")
  @JsonPropertyDescription("Resources and image of the per-node agents (openvswitch, l3, dhcp, metadata) and Open vSwitch itself.")
  private WorkloadDefaults agents = new WorkloadDefaults();

  public WorkloadDefaults getAgents() { return agents; }
  public void setAgents(WorkloadDefaults agents) { this.agents = agents; }

  /** Image and resources for a family of containers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkloadDefaults extends WorkloadSpec {}
}
