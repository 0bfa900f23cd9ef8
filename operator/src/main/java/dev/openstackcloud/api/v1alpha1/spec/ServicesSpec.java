package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The OpenStack services. Keystone always runs; every other service runs when its key is present
 * ({@code glance: {}}) unless it says {@code enabled: false}. Unknown keys are rejected by strict
 * field validation (kubectl's default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.nova) || self.nova.enabled == false || (has(self.placement) && self.placement.enabled != false)",
    message = "nova needs placement: add services.placement")
@ValidationRule(
    value =
        "!has(self.nova) || self.nova.enabled == false || (has(self.neutron) && self.neutron.enabled != false)",
    message = "nova needs neutron: add services.neutron")
@ValidationRule(
    value =
        "!has(self.nova) || self.nova.enabled == false || (has(self.glance) && self.glance.enabled != false)",
    message = "nova needs glance: add services.glance")
public class ServicesSpec {

  @Default("{}")
  @JsonPropertyDescription("Keystone, the identity service.")
  private KeystoneSpec keystone = new KeystoneSpec();

  @JsonPropertyDescription("Glance, the image service.")
  private GlanceSpec glance;

  @JsonPropertyDescription("Placement, the resource tracking API Nova schedules with.")
  private PlacementApiSpec placement;

  @JsonPropertyDescription("Nova, the compute service.")
  private NovaSpec nova;

  @JsonPropertyDescription("Neutron, the network service, with Open vSwitch agents.")
  private NeutronSpec neutron;

  @JsonPropertyDescription("Horizon, the web dashboard.")
  private HorizonSpec horizon;

  public KeystoneSpec getKeystone() {
    return keystone;
  }

  public void setKeystone(KeystoneSpec keystone) {
    this.keystone = keystone;
  }

  public GlanceSpec getGlance() {
    return glance;
  }

  public void setGlance(GlanceSpec glance) {
    this.glance = glance;
  }

  public PlacementApiSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementApiSpec placement) {
    this.placement = placement;
  }

  public NovaSpec getNova() {
    return nova;
  }

  public void setNova(NovaSpec nova) {
    this.nova = nova;
  }

  public NeutronSpec getNeutron() {
    return neutron;
  }

  public void setNeutron(NeutronSpec neutron) {
    this.neutron = neutron;
  }

  public HorizonSpec getHorizon() {
    return horizon;
  }

  public void setHorizon(HorizonSpec horizon) {
    this.horizon = horizon;
  }
}
