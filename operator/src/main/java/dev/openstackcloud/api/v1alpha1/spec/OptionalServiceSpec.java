package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** A service that runs when its key is present under spec.services, unless enabled is false. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class OptionalServiceSpec extends ServiceSpec {

  @Default("true")
  @JsonPropertyDescription(
      "Set false to remove the service (its database and volumes stay) without deleting its settings.")
  private Boolean enabled = true;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  /** Present and not switched off. */
  @JsonIgnore
  public static boolean isOn(OptionalServiceSpec spec) {
    return spec != null && !Boolean.FALSE.equals(spec.enabled);
  }
}
