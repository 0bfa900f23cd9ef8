package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The MariaDB server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec extends WorkloadSpec {

  @Default("1")
  @Min(1)
  @Max(1)
  @JsonPropertyDescription(
      "Number of MariaDB servers. Only 1 is supported until Galera clustering lands.")
  private Integer replicas = 1;

  @Default("{}")
  @JsonPropertyDescription(
      "The volume each server keeps its data on. It outlives the pods, and the cloud too unless deletionPolicy is Delete.")
  private StorageSpec storage = new StorageSpec();

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }
}
