package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The desired cloud. Every default lives in the CRD; the operator never writes here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenStackCloudSpec {
  /** Durations (lifetime, canary soak): 30m, 6h, 1d12h. */
  public static final String DURATION_PATTERN = "^([0-9]+(s|m|h|d))+$";

  @Required
  @Pattern("^20[2-9][0-9]\\.[12]$")
  @JsonPropertyDescription(
      "OpenStack release to run, as YYYY.N (for example 2025.1). Drives image tags and upgrade order.")
  private String release;

  @Default("{}")
  @JsonPropertyDescription(
      "Where the Kolla images come from and which distribution they are built on.")
  private ImagesSpec images = new ImagesSpec();

  @Default("{}")
  @JsonPropertyDescription("Database, message queue and cache that the OpenStack services share.")
  private InfrastructureSpec infrastructure = new InfrastructureSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "The OpenStack services of this cloud; each can be scaled, configured and placed on its own.")
  private ServicesSpec services = new ServicesSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "Where the cloud's pods run. Applied to every pod the cloud creates, Jobs included.")
  private PlacementSpec placement = new PlacementSpec();

  @Default("{}")
  @JsonPropertyDescription("NetworkPolicies isolating the cloud's pods.")
  private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

  @Default("Retain")
  @JsonPropertyDescription(
      "What happens to database volumes and the generated credentials that unlock them when the cloud is deleted. Retain keeps them, so a cloud recreated in this namespace finds its data; Delete removes them.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  @Default("{}")
  @JsonPropertyDescription("How release upgrades (changes of release) proceed.")
  private UpgradeSpec upgrade = new UpgradeSpec();

  @Default("false")
  @JsonPropertyDescription(
      "Stops every change to the cloud's objects (no apply, no delete, no upgrade step, no lifetime expiry) while status keeps reporting what runs. The annotation openstackcloud.dev/paused: \"true\" does the same.")
  private Boolean paused = false;

  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How long the cloud lives after its creation, for example 30m, 6h or 1d12h; at expiry the operator deletes it (deletionPolicy decides what data stays). Unset: forever.")
  private String lifetime;

  public String getRelease() {
    return release;
  }

  public void setRelease(String release) {
    this.release = release;
  }

  public ImagesSpec getImages() {
    return images;
  }

  public void setImages(ImagesSpec images) {
    this.images = images;
  }

  public InfrastructureSpec getInfrastructure() {
    return infrastructure;
  }

  public void setInfrastructure(InfrastructureSpec infrastructure) {
    this.infrastructure = infrastructure;
  }

  public ServicesSpec getServices() {
    return services;
  }

  public void setServices(ServicesSpec services) {
    this.services = services;
  }

  public PlacementSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementSpec placement) {
    this.placement = placement;
  }

  public NetworkPolicySpec getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public UpgradeSpec getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(UpgradeSpec upgrade) {
    this.upgrade = upgrade;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public String getLifetime() {
    return lifetime;
  }

  public void setLifetime(String lifetime) {
    this.lifetime = lifetime;
  }

  public enum DeletionPolicy {
    Retain,
    Delete
  }
}
