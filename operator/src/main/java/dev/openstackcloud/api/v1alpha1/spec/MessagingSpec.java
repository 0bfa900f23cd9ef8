package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The RabbitMQ server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MessagingSpec extends WorkloadSpec {

  @Default("1")
  @Min(1)
  @Max(1)
  @JsonPropertyDescription(
      "Number of RabbitMQ servers. Only 1 is supported until clustering lands.")
  private Integer replicas = 1;

  @Default("{}")
  @JsonPropertyDescription("The volume RabbitMQ keeps its queues on.")
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
