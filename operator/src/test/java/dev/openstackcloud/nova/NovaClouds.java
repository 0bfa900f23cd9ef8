package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.NeutronSpec;
import dev.openstackcloud.api.v1alpha1.spec.NovaSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.testing.TestClouds;
import java.util.Map;

/** Clouds with Nova, as the API server would hand them over. */
final class NovaClouds {
  static final Map<String, String> CONTROL_PLANE =
      Map.of("openstackcloud.dev/control-plane", "true");
  static final Map<String, String> COMPUTE = Map.of("openstackcloud.dev/compute", "true");
  static final Map<String, String> NETWORK = Map.of("openstackcloud.dev/network", "true");

  private NovaClouds() {}

  /** Glance, Placement, Nova with {@code driver}, Neutron, and a nodeSelector for each role. */
  static OpenStackCloud full(Driver driver) {
    var cloud = TestClouds.dev();
    var services = cloud.getSpec().getServices();
    services.setGlance(new GlanceSpec());
    services.setPlacement(new PlacementApiSpec());
    services.setNeutron(new NeutronSpec());
    var nova = new NovaSpec();
    nova.getCompute().setDriver(driver);
    if (driver == Driver.fake) {
      nova.getCompute().setFakeHypervisors(3);
    }
    services.setNova(nova);
    var placement = cloud.getSpec().getPlacement();
    placement.getControlPlane().setNodeSelector(CONTROL_PLANE);
    placement.getCompute().setNodeSelector(COMPUTE);
    placement.getNetwork().setNodeSelector(NETWORK);
    return cloud;
  }
}
