package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Nova: the API (replicas, config and resources above apply to nova-api) and its other processes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NovaSpec extends OptionalServiceSpec {

  @Default("{}")
  @JsonPropertyDescription("nova-scheduler.")
  private ProcessSpec scheduler = new ProcessSpec();

  @Default("{}")
  @JsonPropertyDescription("nova-conductor (cell1 conductor).")
  private ProcessSpec conductor = new ProcessSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "nova-metadata API, for instances' metadata requests relayed by neutron.")
  private ProcessSpec metadata = new ProcessSpec();

  @Default("{}")
  @JsonPropertyDescription("nova-novncproxy, the VNC console proxy.")
  private ProcessSpec novncproxy = new ProcessSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "The hypervisors: nova-compute with libvirt on the compute nodes, or Nova's fake driver for CI.")
  private ComputeSpec compute = new ComputeSpec();

  public ProcessSpec getScheduler() {
    return scheduler;
  }

  public void setScheduler(ProcessSpec scheduler) {
    this.scheduler = scheduler;
  }

  public ProcessSpec getConductor() {
    return conductor;
  }

  public void setConductor(ProcessSpec conductor) {
    this.conductor = conductor;
  }

  public ProcessSpec getMetadata() {
    return metadata;
  }

  public void setMetadata(ProcessSpec metadata) {
    this.metadata = metadata;
  }

  public ProcessSpec getNovncproxy() {
    return novncproxy;
  }

  public void setNovncproxy(ProcessSpec novncproxy) {
    this.novncproxy = novncproxy;
  }

  public ComputeSpec getCompute() {
    return compute;
  }

  public void setCompute(ComputeSpec compute) {
    this.compute = compute;
  }
}
