package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Glance, the image service, storing images on a volume (file backend). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.replicas) || self.replicas == 1",
    message = "glance keeps images on a ReadWriteOnce volume, so replicas must be 1")
public class GlanceSpec extends OptionalServiceSpec {

  @Default("{}")
  @JsonPropertyDescription(
      "The volume images are stored on. It outlives the pods, and the cloud too unless deletionPolicy is Delete.")
  private StorageSpec storage = new StorageSpec();

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }
}
