package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How release upgrades proceed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {

  @Default("0")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Fake hypervisors (nova compute driver fake) that move to the new release first; the upgrade then holds, visible in the Upgrading condition, until the annotation openstackcloud.dev/approve-upgrade names the new release. 0: no canary. The libvirt driver's DaemonSet cannot stop part-way, so it has no canary.")
  private Integer canary = 0;

  public Integer getCanary() { return canary; }
  public void setCanary(Integer canary) { this.canary = canary; }
}
