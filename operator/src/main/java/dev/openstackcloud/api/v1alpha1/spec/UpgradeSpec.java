package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How release upgrades proceed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {

  @Default("0")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Compute hosts that move to the new release first: fake hypervisors (driver fake), or libvirt compute nodes, the first ones by node name, one at a time; the upgrade then holds, visible in the Upgrading condition, until it is approved: the annotation openstackcloud.dev/approve-upgrade or approvedRelease names the new release, or the canary stays healthy for canarySoak. 0: no canary.")
  private Integer canary = 0;

  @Pattern("^20[2-9][0-9]\\.[12]$")
  @JsonPropertyDescription(
      "Approves the canary hold of the upgrade to this release (the GitOps form of the openstackcloud.dev/approve-upgrade annotation). Naming a release, it never approves a later upgrade.")
  private String approvedRelease;

  @Pattern(OpenStackCloudSpec.DURATION_PATTERN)
  @JsonPropertyDescription(
      "The automatic health check of a canary: once every canary hypervisor has been ready this long (for example 10m), the upgrade proceeds without an approval. If a canary pod stops being ready, the wait starts over. Unset: only an approval proceeds.")
  private String canarySoak;

  public Integer getCanary() {
    return canary;
  }

  public void setCanary(Integer canary) {
    this.canary = canary;
  }

  public String getApprovedRelease() {
    return approvedRelease;
  }

  public void setApprovedRelease(String approvedRelease) {
    this.approvedRelease = approvedRelease;
  }

  public String getCanarySoak() {
    return canarySoak;
  }

  public void setCanarySoak(String canarySoak) {
    this.canarySoak = canarySoak;
  }
}
