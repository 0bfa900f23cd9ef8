package dev.openstackcloud.horizon;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.HorizonSpec;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.kube.ServiceDependent;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.ProcessDeployment;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placement.PodPlacement;
import dev.openstackcloud.reconciler.CloudGraph;

/** Horizon, the dashboard: no database of its own; sessions live in Memcached. */
public final class Horizon {
  public static final String APP = "horizon";
  public static final int PORT = 8080;
  static final String SECRET_KEY = "secret-key";

  private Horizon() {}

  static HorizonSpec spec(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getHorizon();
  }

  public static void register(CloudGraph graph, Shared shared) {
    var horizon = graph.component("Horizon", cloud -> OptionalServiceSpec.isOn(spec(cloud)));
    var credentials = horizon.add(new ServiceCredentials(APP, SECRET_KEY));
    var config = new HorizonConfig();
    horizon.add(config, credentials);
    var process =
        new OpenStackProcess(
            APP,
            "api",
            "horizon",
            PORT,
            null,
            Horizon::spec,
            c -> spec(c).getReplicas(),
            PodPlacement.CONTROL_PLANE,
            config);
    horizon.add(new ProcessDeployment(process), config, shared.keystoneApi(), shared.cache());
    horizon.add(new ServiceDependent(APP, "api", PORT, false));
  }
}
