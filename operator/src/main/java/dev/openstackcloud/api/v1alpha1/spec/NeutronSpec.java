package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Neutron with the Open vSwitch agents: the server (replicas, config, resources above) and its
 * agents.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NeutronSpec extends OptionalServiceSpec {

  @Default("{}")
  @JsonPropertyDescription(
      "The per-node containers: resources apply to the openvswitch, l3, dhcp and metadata agents and to Open vSwitch itself; image, if set, replaces the image of the four agents (a build with every agent in one image), never Open vSwitch's.")
  private WorkloadDefaults agents = new WorkloadDefaults();

  @Default("{}")
  @JsonPropertyDescription("Open vSwitch on the compute and network nodes.")
  private OpenvswitchSpec openvswitch = new OpenvswitchSpec();

  public WorkloadDefaults getAgents() {
    return agents;
  }

  public void setAgents(WorkloadDefaults agents) {
    this.agents = agents;
  }

  public OpenvswitchSpec getOpenvswitch() {
    return openvswitch;
  }

  public void setOpenvswitch(OpenvswitchSpec openvswitch) {
    this.openvswitch = openvswitch;
  }

  /** Image and resources for a family of containers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkloadDefaults extends WorkloadSpec {}
}
