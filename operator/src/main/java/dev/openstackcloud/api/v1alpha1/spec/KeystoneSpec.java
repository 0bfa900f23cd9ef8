package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Keystone, the identity service every other service registers with. Always enabled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeystoneSpec extends ServiceSpec {

  @Default("RegionOne")
  @Pattern("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
  @JsonPropertyDescription("Region the cloud's endpoints are registered in.")
  private String region = "RegionOne";

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }
}
