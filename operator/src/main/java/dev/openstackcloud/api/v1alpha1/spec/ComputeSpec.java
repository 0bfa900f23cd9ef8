package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How the cloud's hypervisors run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.driver == 'fake' || !has(self.fakeHypervisors) || self.fakeHypervisors == 1",
    message = "fakeHypervisors applies to driver fake only")
public class ComputeSpec extends WorkloadSpec {

  @Default("libvirt")
  @JsonPropertyDescription(
      "libvirt: real hypervisors, nova-compute and libvirtd on every node placement.compute selects. fake: Nova's fake driver, no host access, for CI clouds.")
  private Driver driver = Driver.libvirt;

  @Default("1")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "With driver fake: how many fake hypervisors (one nova-compute pod each).")
  private Integer fakeHypervisors = 1;

  public Driver getDriver() {
    return driver;
  }

  public void setDriver(Driver driver) {
    this.driver = driver;
  }

  public Integer getFakeHypervisors() {
    return fakeHypervisors;
  }

  public void setFakeHypervisors(Integer fakeHypervisors) {
    this.fakeHypervisors = fakeHypervisors;
  }

  public enum Driver {
    libvirt,
    fake
  }
}
