package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What every workload of the cloud takes: an image override and container resources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class WorkloadSpec {

  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription(
      "Full image reference that replaces the one derived from spec.images, for this workload only.")
  private String image;

  @JsonPropertyDescription("CPU and memory requests and limits of the main container.")
  private ResourceRequirements resources;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
