package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The OpenStack services. Unknown keys are rejected by strict field validation (kubectl's default). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServicesSpec {

  @Default("{}")
  @JsonPropertyDescription("Keystone, the identity service.")
  private KeystoneSpec keystone = new KeystoneSpec();

  public KeystoneSpec getKeystone() { return keystone; }
  public void setKeystone(KeystoneSpec keystone) { this.keystone = keystone; }
}
