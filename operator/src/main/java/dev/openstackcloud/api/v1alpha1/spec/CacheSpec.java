package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The Memcached servers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSpec extends WorkloadSpec {

  @Default("1")
  @Min(1)
  @Max(16)
  @JsonPropertyDescription("Number of Memcached servers; services spread keys over all of them.")
  private Integer replicas = 1;

  @Default("1024")
  @Min(64)
  @Max(65536)
  @JsonPropertyDescription("Memory each Memcached server may use for items, in MiB.")
  private Integer memoryMiB = 1024;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getMemoryMiB() {
    return memoryMiB;
  }

  public void setMemoryMiB(Integer memoryMiB) {
    this.memoryMiB = memoryMiB;
  }
}
