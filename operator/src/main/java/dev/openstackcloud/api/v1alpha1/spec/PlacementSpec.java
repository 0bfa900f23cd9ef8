package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Where each role's pods may run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementSpec {

  @Default("{}")
  @JsonPropertyDescription("API services, infrastructure and their Jobs.")
  private NodePlacement controlPlane = new NodePlacement();

  @Default("{}")
  @JsonPropertyDescription(
      "Compute agents (nova-compute, libvirt). Nodes selected here belong to this cloud alone.")
  private NodePlacement compute = new NodePlacement();

  @Default("{}")
  @JsonPropertyDescription(
      "Network agents (neutron l3, dhcp, metadata). Nodes selected here belong to this cloud alone.")
  private NodePlacement network = new NodePlacement();

  public NodePlacement getControlPlane() {
    return controlPlane;
  }

  public void setControlPlane(NodePlacement controlPlane) {
    this.controlPlane = controlPlane;
  }

  public NodePlacement getCompute() {
    return compute;
  }

  public void setCompute(NodePlacement compute) {
    this.compute = compute;
  }

  public NodePlacement getNetwork() {
    return network;
  }

  public void setNetwork(NodePlacement network) {
    this.network = network;
  }
}
