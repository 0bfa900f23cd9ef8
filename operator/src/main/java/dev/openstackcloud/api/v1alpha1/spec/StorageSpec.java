package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** A persistent volume request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @Default("10Gi")
  @Pattern("^[1-9][0-9]*(Mi|Gi|Ti)$")
  @JsonPropertyDescription("Size of the volume, in Mi, Gi or Ti (for example 10Gi).")
  private String size = "10Gi";

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("StorageClass of the volume; the cluster's default class when unset.")
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
