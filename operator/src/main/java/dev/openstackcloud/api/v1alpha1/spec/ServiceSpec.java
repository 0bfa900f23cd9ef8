package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every OpenStack API service takes: replicas and config overrides on top of an image and
 * resources.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ServiceSpec extends WorkloadSpec {

  @Default("1")
  @Min(1)
  @Max(32)
  @JsonPropertyDescription("Number of API server pods.")
  private Integer replicas = 1;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(s, s.matches('^[A-Za-z0-9_.:-]{1,64}$'))",
      message = "config section names may only hold letters, digits and _ . : - (at most 64)")
  // Option names and values are checked when rendering (nested-map CEL rules exceed the API
  // server's cost budget).
  @JsonPropertyDescription(
      "Overrides merged into the service's main config file, as section -> option -> value; they win over the operator's own settings. Option names take letters, digits and _ . -; values are single lines. An override that breaks these shows as Degraded with reason InvalidConfig.")
  private Map<String, Map<String, String>> config = new LinkedHashMap<>();

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Map<String, Map<String, String>> getConfig() {
    return config;
  }

  public void setConfig(Map<String, Map<String, String>> config) {
    this.config = config;
  }
}
