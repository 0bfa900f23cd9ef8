package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Kolla image coordinates: {@code <registry>/<service>:<release>-<distro>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagesSpec {

  @Default("quay.io/openstack.kolla")
  @Pattern("^[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Repository prefix of the Kolla images, for example your mirror's host and path. Image names are <registry>/<service>:<tag>.")
  private String registry = "quay.io/openstack.kolla";

  @Default("ubuntu-noble")
  @Pattern("^[a-z0-9][a-z0-9.-]*$")
  @JsonPropertyDescription(
      "Distribution the images are built on; the tag is <release>-<distro> unless tag is set.")
  private String distro = "ubuntu-noble";

  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
  @JsonPropertyDescription(
      "Tag for every image instead of <release>-<distro>, for pinned or locally built images.")
  private String tag;

  @Default("IfNotPresent")
  @JsonPropertyDescription("Pull policy of every container.")
  private PullPolicy pullPolicy = PullPolicy.IfNotPresent;

  public String getRegistry() {
    return registry;
  }

  public void setRegistry(String registry) {
    this.registry = registry;
  }

  public String getDistro() {
    return distro;
  }

  public void setDistro(String distro) {
    this.distro = distro;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public PullPolicy getPullPolicy() {
    return pullPolicy;
  }

  public void setPullPolicy(PullPolicy pullPolicy) {
    this.pullPolicy = pullPolicy;
  }

  public enum PullPolicy {
    Always,
    IfNotPresent,
    Never
  }
}
