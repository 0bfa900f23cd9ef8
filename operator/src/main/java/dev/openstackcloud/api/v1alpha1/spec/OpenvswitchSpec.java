package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Open vSwitch on the compute and network nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenvswitchSpec {

  @Default("system")
  @JsonPropertyDescription(
      "Which datapath forwards the packets. system: the kernel's openvswitch module (the node must have it). netdev: Open vSwitch's userspace datapath in ovs-vswitchd, for hosts without the kernel module, such as CI runners and nested virtual machines; slower.")
  private Datapath datapath = Datapath.system;

  public Datapath getDatapath() {
    return datapath;
  }

  public void setDatapath(Datapath datapath) {
    this.datapath = datapath;
  }

  /** Named as in Open vSwitch's Bridge datapath_type and neutron's [ovs] datapath_type. */
  public enum Datapath {
    system,
    netdev
  }
}
